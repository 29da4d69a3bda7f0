// A customer's purchase history, for the till (F4: past sales beside the open
// ticket, Ctrl+W: the last sale again) and the back office: their sales
// newest first with their lines, how often they came and what they spent.
import type { Knex } from 'knex';
import type { CatalogService } from '../catalogue/catalog.service.js';
import { sellable } from '../catalogue/article.js';
import { num } from '../basics/row-values.js';
import { rowToSaleHead, rowToSaleLine, type SaleLine } from '../sales/sales.service.js';
import type { Sale } from '../sales/sales.service.js';
import type { SellableArticle } from '../sales/ticket.js';
import type { PastLine } from '../sales/repeat-sale.js';

export type HistorySale = Omit<Sale, 'taxes' | 'payments'> & {
  /** the code of the shop it was sold in when the company has several (a card is filled in any of them), else null */
  shop: string | null;
};

export interface CustomerSummary {
  customerId: number;
  saleCount: number;
  /** sum of the sales' totals, returns deducted (cents TTC) */
  spent: number;
  /** local date and time of the last sale, or null */
  lastVisit: string | null;
}

export class CustomerHistoryService {
  constructor(private readonly knex: Knex, private readonly catalog: CatalogService) {}

  /** The customer's sales, newest first, with their lines; `limit`/`offset` page through them. */
  async sales(customerId: number, options: { limit?: number; offset?: number } = {}): Promise<HistorySale[]> {
    const heads = await this.knex('sales as s')
      .join('tills as t', 't.id', 's.till_id')
      .where({ 's.customer_id': customerId })
      .orderBy([{ column: 's.created_at', order: 'desc' }, { column: 's.id', order: 'desc' }])
      .limit(options.limit ?? 20)
      .offset(options.offset ?? 0)
      .select('s.*', 't.shop_id');
    if (heads.length === 0) return [];
    const shops = await this.knex('shops').select('id', 'code');
    const shopCode = new Map(shops.map((r) => [num(r.id), String(r.code)]));
    const ids = heads.map((h) => num(h.id));
    const lines = await this.knex('sale_lines').whereIn('sale_id', ids).orderBy(['sale_id', 'line_no']);
    const bySale = new Map<number, SaleLine[]>();
    for (const l of lines) {
      const id = num(l.sale_id);
      if (!bySale.has(id)) bySale.set(id, []);
      bySale.get(id)!.push(rowToSaleLine(l));
    }
    return heads.map((h) => ({ ...rowToSaleHead(h), shop: shops.length > 1 ? shopCode.get(num(h.shop_id)) ?? null : null, lines: bySale.get(num(h.id)) ?? [] }));
  }

  async lastSale(customerId: number): Promise<HistorySale | null> {
    const [last] = await this.sales(customerId, { limit: 1 });
    return last ?? null;
  }

  async summary(customerId: number): Promise<CustomerSummary> {
    const row = await this.knex('sales')
      .where({ customer_id: customerId })
      .first(this.knex.raw('count(*) as n'), this.knex.raw('coalesce(sum(total), 0) as spent'), this.knex.raw('max(local_time) as last_visit'));
    return {
      customerId,
      saleCount: num(row?.n ?? 0),
      spent: num(row?.spent ?? 0),
      lastVisit: row?.last_visit ? String(row.last_visit) : null,
    };
  }

  /**
   * The articles of these past lines as the catalogue sells them now, by id;
   * an article deactivated since is left out (it is no longer sold).
   */
  async currentArticles(lines: PastLine[]): Promise<Map<number, SellableArticle>> {
    const ids = [...new Set(lines.map((l) => l.articleId).filter((id): id is number => id !== null))];
    const current = new Map<number, SellableArticle>();
    if (ids.length === 0) return current;
    // A past sale has a handful of lines: one lookup each keeps the catalogue's own mapping.
    for (const id of ids) {
      const article = await this.catalog.getArticle(id);
      if (article?.active) current.set(id, sellable(article));
    }
    return current;
  }
}
