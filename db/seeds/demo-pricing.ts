// The demo shop's pricing: the professionals' price level with a few prices,
// and three promotions running around "now" (a 3-for-2 on biscuits, a month
// of -20 % on teas and coffees, a fixed price for professionals only), so the
// till shows discount lines from the first sale. Dates are relative to the
// seed's `now`, so the demo is the same every time for the same day.
import type { Article } from '../../src/core/catalogue/article.js';
import { localDate } from '../../src/core/basics/clock.js';
import type { Core } from '../../src/core/shop/core.service.js';
import type { PromotionInput } from '../../src/core/sales/promotions.service.js';

/** [article name, price in cents at the professionals' level] */
export const DEMO_LEVEL_PRICES: Array<[string, number]> = [
  ['Bordeaux Supérieur 2022', 1290],
  ['Côtes-du-Rhône 2023', 850],
  ["Huile d'olive vierge 50cl", 1250],
  ['Moutarde de Dijon 210g', 300],
  ['Comté 18 mois', 2950],
];

interface DemoPromotion {
  name: string;
  kind: PromotionInput['kind'];
  article?: string;
  category?: string;
  group?: string;
  value?: number;
  buyQty?: number;
  payQty?: number;
  /** first and last day, in days from `now` */
  days: [number, number];
}

export const DEMO_PROMOTIONS: DemoPromotion[] = [
  { name: 'Sablés 3 pour 2', kind: 'n_for_m', article: 'Sablés bretons 250g', buyQty: 3, payQty: 2, days: [-7, 21] },
  { name: 'Thés & cafés -20 %', kind: 'percent', category: 'the-cafe', value: 2000, days: [0, 30] },
  { name: 'Pros : Chablis à 18,50', kind: 'fixed_price', article: 'Chablis 2022', group: 'pro', value: 1850, days: [-3, 27] },
];

export async function seedDemoPricing(
  s: Omit<Core, 'close'>,
  now: Date,
  refs: { articles: Iterable<Article>; categories: Map<string, number>; groups: Map<string, number>; proLevel: string },
): Promise<void> {
  const byName = new Map([...refs.articles].map((a) => [a.name, a.id]));
  const articleId = (name: string) => {
    const id = byName.get(name);
    if (id === undefined) throw new Error(`demo pricing: unknown article ${name}`);
    return id;
  };
  for (const [name, price] of DEMO_LEVEL_PRICES) await s.promotions.setPrice({ level: refs.proLevel, articleId: articleId(name), price });
  const day = (offset: number) => localDate(new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset));
  for (const p of DEMO_PROMOTIONS) {
    await s.promotions.create({
      name: p.name,
      kind: p.kind,
      articleId: p.article ? articleId(p.article) : null,
      categoryId: p.category ? refs.categories.get(p.category)! : null,
      customerGroupId: p.group ? refs.groups.get(p.group)! : null,
      value: p.value,
      buyQty: p.buyQty,
      payQty: p.payQty,
      from: day(p.days[0]),
      to: day(p.days[1]),
    });
  }
}
