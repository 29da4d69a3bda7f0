// Stock reports for the shopkeeper: what the shelves are worth at cost, which
// articles no longer sell, plus the low-stock list and an article's moves,
// which the stock service already gives.
import type { Knex } from 'knex';
import type { Clock } from '../basics/clock.js';
import { ValidationError } from '../basics/errors.js';
import { mulDiv } from '../basics/money.js';
import type { Unit } from '../basics/quantity.js';
import { num } from '../basics/row-values.js';

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

export class StockReportsService {
  constructor(private readonly knex: Knex, private readonly clock: Clock) {}

  /** Stock valuation at cost, per category (in the till's category order) and in total. */
  async valuation(): Promise<StockValuation> {
    const rows = await this.knex('articles as a')
      .join('categories as c', 'c.id', 'a.category_id')
      .where({ 'a.active': true, 'a.track_stock': true })
      .select('c.id as category_id', 'c.name as category', 'c.sort_order', 'a.stock_qty', 'a.cost')
      .orderBy([{ column: 'c.sort_order' }, { column: 'c.name' }]);
    const byCategory = new Map<number, ValuationRow>();
    for (const r of rows) {
      const key = num(r.category_id);
      const row = byCategory.get(key) ?? { category: String(r.category), articles: 0, value: 0 };
      row.articles += 1;
      row.value += stockValue(num(r.stock_qty), num(r.cost));
      byCategory.set(key, row);
    }
    const list = [...byCategory.values()];
    return {
      at: this.clock().toISOString(),
      rows: list,
      total: { articles: list.reduce((s, r) => s + r.articles, 0), value: list.reduce((s, r) => s + r.value, 0) },
    };
  }

  /** Articles still on the shelf that have not sold for `days` days (or never), the most valuable first. */
  async slowMovers(days: number): Promise<SlowMover[]> {
    if (!Number.isInteger(days) || days < 1 || days > 3650) throw new ValidationError('Nombre de jours invalide (1 à 3650)');
    const since = new Date(this.clock().getTime() - days * 86_400_000).toISOString();
    const lastSales = this.knex('stock_moves').where({ reason: 'sale' }).groupBy('article_id').select('article_id').max({ last_sale: 'created_at' }).as('ls');
    const rows = await this.knex('articles as a')
      .join('categories as c', 'c.id', 'a.category_id')
      .leftJoin(lastSales, 'ls.article_id', 'a.id')
      .where({ 'a.active': true, 'a.track_stock': true })
      .andWhere('a.stock_qty', '>', 0)
      .andWhere((q) => q.whereNull('ls.last_sale').orWhere('ls.last_sale', '<', since))
      .select('a.id', 'a.plu', 'a.name', 'a.unit', 'a.stock_qty', 'a.cost', 'c.name as category', 'ls.last_sale');
    return rows
      .map((r) => ({
        articleId: num(r.id),
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
