// Stock reports for the shopkeeper: what the shelves are worth at cost, which
// articles no longer sell, plus the low-stock list and an article's moves,
// which the stock service already gives.
import type { Knex } from 'knex';
import type { Clock } from '../basics/clock.js';
import { ValidationError } from '../basics/errors.js';
import { mulDiv } from '../basics/money.js';
import type { Unit } from '../basics/quantity.js';
import { num } from '../basics/row-values.js';
import { shopColumns, type ColumnInput, type ShopColumn, type ShopColumnsReport } from '../fiscal/shop-columns.js';

export interface ValuationRow {
  category: string;
  /** active tracked articles of the category */
  articles: number;
  /** value at cost excl. tax, in cents */
  value: number;
}

export interface StockValuation {
  at: string;
  rows: ValuationRow[];
  total: { articles: number; value: number };
}

export interface SlowMover {
  articleId: number;
  /** whose shelf it sleeps on */
  shopId: number;
  plu: string | null;
  name: string;
  category: string;
  unit: Unit;
  stockQty: number;
  /** stock value at cost, cents */
  value: number;
  /** instant of the last sale, null if never sold */
  lastSale: string | null;
}

/**
 * An article's stock value: stock (thousandths) x cost (cents per unit or kg),
 * rounded once per article. Stock below zero (sold before it was received) is
 * worth nothing rather than a negative value.
 */
export function stockValue(stockQty: number, cost: number): number {
  return stockQty <= 0 ? 0 : mulDiv(stockQty, cost, 1000);
}

/** One shop's stock (its id), or the company's: every shop's added, each valued on its own. */
export type StockScope = number | 'company';

export class StockReportsService {
  constructor(private readonly knex: Knex, private readonly clock: Clock, readonly scope: StockScope = 1) {}

  /** The same reports over another scope (a shop named by --shop). */
  forScope(scope: StockScope): StockReportsService {
    return new StockReportsService(this.knex, this.clock, scope);
  }

  /** Each article's stock row in the scope's shops (shop_articles as sa, articles as a). */
  private shopStock() {
    const q = this.knex('shop_articles as sa').join('articles as a', 'a.id', 'sa.article_id');
    if (this.scope !== 'company') q.where('sa.shop_id', this.scope);
    return q;
  }

  /** Stock valuation at cost, per category (in the till's category order) and in total. */
  async valuation(): Promise<StockValuation> {
    const rows = await this.shopStock()
      .join('categories as c', 'c.id', 'a.category_id')
      .where({ 'a.active': true, 'a.track_stock': true })
      .select('c.id as category_id', 'c.name as category', 'c.sort_order', 'sa.article_id', 'sa.stock_qty', 'a.cost')
      .orderBy([{ column: 'c.sort_order' }, { column: 'c.name' }]);
    const byCategory = new Map<number, ValuationRow & { ids: Set<number> }>();
    for (const r of rows) {
      const key = num(r.category_id);
      const row = byCategory.get(key) ?? { category: String(r.category), articles: 0, value: 0, ids: new Set<number>() };
      row.ids.add(num(r.article_id)); // an article in several shops counts once
      row.articles = row.ids.size;
      row.value += stockValue(num(r.stock_qty), num(r.cost));
      byCategory.set(key, row);
    }
    const list = [...byCategory.values()].map(({ ids: _ids, ...row }) => row);
    return {
      at: this.clock().toISOString(),
      rows: list,
      total: { articles: list.reduce((s, r) => s + r.articles, 0), value: list.reduce((s, r) => s + r.value, 0) },
    };
  }

  /**
   * The company's valuation with a column a shop: the value at cost of each
   * category in each shop's stock (adding up to the company's), and how many
   * articles (an article stocked in two shops counts in each, once for the company).
   */
  async valuationByShop(shops: ShopColumn[]): Promise<ShopColumnsReport> {
    const column = (v: StockValuation): ColumnInput => ({
      rows: v.rows.map((r) => ({ key: r.category, label: r.category, code: null, total: r.value, count: r.articles })),
      totals: { total: v.total.value, count: v.total.articles },
    });
    const company = await new StockReportsService(this.knex, this.clock, 'company').valuation();
    const perShop: ColumnInput[] = [];
    for (const shop of shops) perShop.push(column(await new StockReportsService(this.knex, this.clock, shop.id).valuation()));
    return shopColumns('category', { from: null, to: company.at }, shops, perShop, column(company));
  }

  /** Articles still on the shelf that have not sold for `days` days (or never), the most valuable first. */
  async slowMovers(days: number): Promise<SlowMover[]> {
    if (!Number.isInteger(days) || days < 1 || days > 3650) throw new ValidationError('Nombre de jours invalide (1 à 3650)');
    const since = new Date(this.clock().getTime() - days * 86_400_000).toISOString();
    // Sold in the same shop: an article selling in one shop may sleep on another's shelf.
    const lastSales = this.knex('stock_moves').where({ reason: 'sale' }).groupBy('shop_id', 'article_id').select('shop_id', 'article_id').max({ last_sale: 'created_at' }).as('ls');
    const rows = await this.shopStock()
      .join('categories as c', 'c.id', 'a.category_id')
      .leftJoin(lastSales, (j) => j.on('ls.article_id', 'sa.article_id').andOn('ls.shop_id', 'sa.shop_id'))
      .where({ 'a.active': true, 'a.track_stock': true })
      .andWhere('sa.stock_qty', '>', 0)
      .andWhere((q) => q.whereNull('ls.last_sale').orWhere('ls.last_sale', '<', since))
      .select('a.id', 'a.plu', 'a.name', 'a.unit', 'sa.shop_id', 'sa.stock_qty', 'a.cost', 'c.name as category', 'ls.last_sale');
    return rows
      .map((r) => ({
        articleId: num(r.id),
        shopId: num(r.shop_id),
        plu: r.plu === null || r.plu === undefined ? null : String(r.plu),
        name: String(r.name),
        category: String(r.category),
        unit: (r.unit === 'kg' ? 'kg' : 'unit') as Unit,
        stockQty: num(r.stock_qty),
        value: stockValue(num(r.stock_qty), num(r.cost)),
        lastSale: r.last_sale ? String(r.last_sale) : null,
      }))
      .sort((a, b) => b.value - a.value || a.name.localeCompare(b.name, 'fr'));
  }
}
