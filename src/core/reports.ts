// Reports over the completed sales. `salesBy` aggregates one period of sales
// along a dimension (per customer, per day; issue #8 adds hour, article,
// category, employee, payment and tax): each dimension is one entry of
// DIMENSIONS saying which column groups the sales and how a key is named.
// Sums are done by the database (portable SQL through the knex builder).
import type { Knex } from 'knex';
import { customerName } from './customers.js';
import { ValidationError } from './errors.js';
import { roundHalfAwayFromZero } from './money.js';
import { QTY_ONE } from './quantity.js';
import { num } from './rows.js';

export const SALES_DIMENSIONS = ['customer', 'day'] as const;
export type SalesDimension = (typeof SALES_DIMENSIONS)[number];

export interface ReportPeriod {
  /** first business day, 'YYYY-MM-DD', included */
  from: string;
  /** last business day, included */
  to: string;
  /** one till only; all tills when absent */
  tillId?: number;
}

export interface SalesFigures {
  /** number of sales (a refund ticket counts as one) */
  sales: number;
  /** articles sold minus returned: units count one each, weighed lines one */
  items: number;
  /** cents, tax included */
  total: number;
  /** cents, tax excluded */
  totalHt: number;
  /** total / sales, rounded to the cent */
  averageBasket: number;
  /** local date-time of the last sale, or null */
  lastVisit: string | null;
}

export interface SalesByRow extends SalesFigures {
  /** the customer's id, the day…; 'none' for the sales without a customer */
  key: string;
  /** what a person reads: the customer's name, the day */
  label: string;
  /** the customer's code (customer dimension only) */
  code: string | null;
}

export interface SalesByReport {
  dimension: SalesDimension;
  from: string;
  to: string;
  tillId: number | null;
  rows: SalesByRow[];
  totals: SalesFigures;
}

/** Raw sums for one key, before the dimension names it. */
interface Sums {
  key: string | null;
  sales: number;
  total: number;
  tax: number;
  unitQty: number;
  weighed: number;
  lastVisit: string | null;
}

interface DimensionSpec {
  /** the sales column that groups */
  column: string;
  /** names the keys and orders the rows */
  describe(knex: Knex, sums: Sums[]): Promise<Array<{ sums: Sums; key: string; label: string; code: string | null }>>;
}

export const NO_CUSTOMER_LABEL = 'sans client';

const DIMENSIONS: Record<SalesDimension, DimensionSpec> = {
  customer: {
    column: 's.customer_id',
    async describe(knex, sums) {
      const ids = sums.map((s) => s.key).filter((k): k is string => k !== null).map(Number);
      const customers = new Map<number, { label: string; code: string }>();
      if (ids.length > 0) {
        // Chunks: SQLite limits the bound parameters of one statement.
        for (let i = 0; i < ids.length; i += 500) {
          const rows = await knex('customers').whereIn('id', ids.slice(i, i + 500)).select('id', 'code', 'first_name', 'last_name');
          for (const r of rows) customers.set(num(r.id), { label: customerName({ firstName: String(r.first_name), lastName: String(r.last_name) }), code: String(r.code) });
        }
      }
      const named = sums.map((s) => {
        if (s.key === null) return { sums: s, key: 'none', label: NO_CUSTOMER_LABEL, code: null };
        const c = customers.get(Number(s.key));
        return { sums: s, key: s.key, label: c?.label ?? `#${s.key}`, code: c?.code ?? null };
      });
      // Best customers first; the counter sales without a customer close the list.
      return named.sort((a, b) => (a.code === null ? 1 : 0) - (b.code === null ? 1 : 0) || b.sums.total - a.sums.total || a.label.localeCompare(b.label, 'fr'));
    },
  },
  day: {
    column: 's.business_date',
    async describe(_knex, sums) {
      return sums
        .map((s) => ({ sums: s, key: String(s.key), label: String(s.key), code: null }))
        .sort((a, b) => a.key.localeCompare(b.key));
    },
  },
};

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar day written 'YYYY-MM-DD'. */
export function isIsoDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

function figures(sales: number, total: number, tax: number, items: number, lastVisit: string | null): SalesFigures {
  return { sales, items, total, totalHt: total - tax, averageBasket: sales === 0 ? 0 : roundHalfAwayFromZero(total / sales), lastVisit };
}

export class ReportsService {
  constructor(private readonly knex: Knex) {}

  async salesBy(dimension: SalesDimension, period: ReportPeriod): Promise<SalesByReport> {
    const spec = DIMENSIONS[dimension];
    if (!spec) throw new ValidationError(`Regroupement inconnu : ${dimension} (${SALES_DIMENSIONS.join(', ')})`);
    if (!isIsoDate(period.from) || !isIsoDate(period.to)) throw new ValidationError('Dates attendues au format AAAA-MM-JJ');
    if (period.from > period.to) throw new ValidationError(`La période commence (${period.from}) après sa fin (${period.to})`);
    const scope = (q: Knex.QueryBuilder) => {
      q.whereBetween('s.business_date', [period.from, period.to]);
      if (period.tillId !== undefined) q.where('s.till_id', period.tillId);
      return q;
    };
    const heads = await scope(
      this.knex('sales as s')
        .groupBy(spec.column)
        .select(
          this.knex.raw(`${spec.column} as k`),
          this.knex.raw('count(*) as n'),
          this.knex.raw('sum(s.total) as total'),
          this.knex.raw('sum(s.tax_total) as tax'),
          this.knex.raw('max(s.local_time) as last_visit'),
        ),
    );
    const lines = await scope(
      this.knex('sale_lines as l')
        .join('sales as s', 's.id', 'l.sale_id')
        .groupBy(spec.column)
        .select(
          this.knex.raw(`${spec.column} as k`),
          this.knex.raw("sum(case when l.unit = 'unit' then l.quantity else 0 end) as unit_qty"),
          this.knex.raw("sum(case when l.unit = 'kg' and l.quantity > 0 then 1 when l.unit = 'kg' then -1 else 0 end) as weighed"),
        ),
    );
    const keyOf = (v: unknown) => (v === null || v === undefined ? null : String(v));
    const items = new Map<string | null, { unitQty: number; weighed: number }>(
      lines.map((r: Record<string, unknown>) => [keyOf(r.k), { unitQty: num(r.unit_qty), weighed: num(r.weighed) }]),
    );
    const sums: Sums[] = heads.map((r: Record<string, unknown>) => {
      const key = keyOf(r.k);
      const it = items.get(key) ?? { unitQty: 0, weighed: 0 };
      return { key, sales: num(r.n), total: num(r.total), tax: num(r.tax), unitQty: it.unitQty, weighed: it.weighed, lastVisit: r.last_visit ? String(r.last_visit) : null };
    });
    const itemsOf = (s: Pick<Sums, 'unitQty' | 'weighed'>) => Math.trunc(s.unitQty / QTY_ONE) + s.weighed;
    const rows = (await spec.describe(this.knex, sums)).map(({ sums: s, key, label, code }) => ({
      key,
      label,
      code,
      ...figures(s.sales, s.total, s.tax, itemsOf(s), s.lastVisit),
    }));
    const add = (f: (s: Sums) => number) => sums.reduce((a, s) => a + f(s), 0);
    const lastVisit = sums.reduce<string | null>((a, s) => (s.lastVisit !== null && (a === null || s.lastVisit > a) ? s.lastVisit : a), null);
    const totals = figures(add((s) => s.sales), add((s) => s.total), add((s) => s.tax), rows.reduce((a, r) => a + r.items, 0), lastVisit);
    return { dimension, from: period.from, to: period.to, tillId: period.tillId ?? null, rows, totals };
  }
}
