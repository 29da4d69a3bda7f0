// An article as the ticket takes it: what a line needs of the catalogue.
import type { SellableArticle } from '../sales/ticket.js';
import type { Article } from './catalog.service.js';

/** The ticket's view of an article. */
export function sellable(article: Article, code = article.plu ?? ''): SellableArticle {
  return {
    id: article.id,
    code,
    name: article.name,
    categoryId: article.categoryId,
    unit: article.unit,
    price: article.price,
    taxRateBp: article.taxRateBp,
    cost: article.cost,
    loyaltyPoints: article.loyaltyPoints,
  };
}
