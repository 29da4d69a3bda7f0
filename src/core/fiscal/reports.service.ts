// Reports over the completed sales. `salesBy` aggregates one period of sales
// along a dimension (customer, day, hour, employee group whole sales; article
// and category group sale lines; payment groups payments by method; tax groups
// sale_taxes by rate): each dimension is one entry of DIMENSIONS saying what
// groups and how a key is named. Sums are done by the database (portable SQL
// through the knex builder).
import { isCalendarDate } from '../basics/calendar.js';
import type { Knex } from 'knex';
import { accountingExport, type AccountingExport } from './accounting-export.service.js';
import { customerName } from '../customers/customer-name.js';
import { ValidationError } from '../basics/errors.js';
import { roundHalfAwayFromZero } from '../basics/money.js';
import { PAYMENT_LABELS, type PaymentMethod } from '../sales/payment.js';
import { QTY_ONE } from '../basics/quantity.js';
import { num } from '../basics/row-values.js';
import { formatRate, vatOfInclusive } from '../catalogue/vat.js';
import { VOID_KIND_LABELS, voidEvents, type VoidEvent } from './voids-report.service.js';
import { whereTillInShop } from '../shop/shop-scope.service.js';
import { shopColumns, type ColumnInput, type ShopColumn, type ShopColumnsReport } from './shop-columns.js';

export const SALES_DIMENSIONS = ['customer', 'day', 'hour', 'article', 'category', 'employee', 'payment', 'tax'] as const;
export type SalesDimension = (typeof SALES_DIMENSIONS)[number];

/** The column title of a dimension. */
export const DIMENSION_TITLES: Record<SalesDimension, { fr: string; en: string }> = {
  customer: { fr: 'Client', en: 'Customer' },
  day: { fr: 'Jour', en: 'Day' },
  hour: { fr: 'Heure', en: 'Hour' },
  article: { fr: 'Article', en: 'Article' },
  category: { fr: 'Rayon', en: 'Category' },
  employee: { fr: 'Vendeur', en: 'Seller' },
  payment: { fr: 'Paiement', en: 'Payment' },
  tax: { fr: 'Taux de TVA', en: 'VAT rate' },
};

export interface ReportPeriod {
  /** first business day, 'YYYY-MM-DD', included */
  from: string;
  /** last business day, included */
  to: string;
  /** one till only; all tills when absent */
  tillId?: number;
  /** one shop only (the sales of its tills); the company's when absent */
  shopId?: number;
  /** one customer's sales only (`--customer CODE`); everybody's when absent */
  customerId?: number;
}

/** The customer a report is restricted to. */
export interface ReportCustomer {
  id: number;
  code: string;
  name: string;
}

export interface SalesFigures {
  /** number of sales (a refund ticket counts as one) */
  sales: number;
  /** articles sold minus returned: units count one each, weighed lines one; null by payment method */
  items: number | null;
  /** cents, tax included */
  total: number;
  /** cents, tax excluded; null by payment method (a payment has no VAT of its own) */
  totalHt: number | null;
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
  /** the customer's code, the article's PLU, the rate in basis points (tax) */
  code: string | null;
  /** thousandths sold minus returned (article and category only) */
  quantity: number | null;
}

export interface SalesByReport {
  dimension: SalesDimension;
  from: string;
  to: string;
  tillId: number | null;
  /** present when the report is one shop's sales */
  shopId?: number;
  /** present when the report is one customer's sales */
  customer?: ReportCustomer;
  rows: SalesByRow[];
  totals: SalesFigures;
}

/** Raw sums for one key, before the dimension names it. */
interface Sums {
  key: string | null;
  sales: number;
  total: number;
  /** null when the dimension has no VAT (payment) */
  tax: number | null;
  /** null when the dimension counts no articles (payment) */
  unitQty: number | null;
  weighed: number;
  lastVisit: string | null;
  quantity?: number;
  /** the key's name and code, when the sums query read them (article); absent when the key names nothing */
  name?: { label: string; code: string | null };
}

/** A table naming the keys, joined to the groups in the sums query: its label and code columns. */
interface Naming {
  table: string;
  label: string;
  code: string;
}

/** Restricts a query joined on `sales as s` to the period and till. */
type Scope = (q: Knex.QueryBuilder) => Knex.QueryBuilder;

interface DimensionSpec {
  /** the sales column that groups whole sales; or `sums` computes them another way */
  column?: string;
  sums?(knex: Knex, scope: Scope): Promise<Sums[]>;
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
  hour: {
    // local_time is 'YYYY-MM-DDTHH:MM:SS': characters 12-13 are the hour.
    column: 'substr(s.local_time, 12, 2)',
    async describe(_knex, sums) {
      return sums.map((s) => ({ sums: s, key: String(s.key), label: `${String(s.key)}h`, code: null })).sort((a, b) => a.key.localeCompare(b.key));
    },
  },
  employee: {
    column: 's.employee_id',
    async describe(knex, sums) {
      const names = new Map((await knex('employees').select('id', 'name')).map((r: Record<string, unknown>) => [String(r.id), String(r.name)]));
      return byTotal(sums.map((s) => ({ sums: s, key: String(s.key), label: names.get(String(s.key)) ?? `#${String(s.key)}`, code: null })));
    },
  },
  article: {
    // The names come with the sums (a join on the groups only): a year sells
    // tens of thousands of articles, and reading them apart cost a query per 500.
    sums: (knex, scope) => lineSums(knex, scope, 'l.article_id', { table: 'articles', label: 'name', code: 'plu' }),
    async describe(_knex, sums) {
      // Lines without an article (free amounts) are grouped under 'none'.
      return byTotal(sums.map((s) => {
        if (s.key === null) return { sums: s, key: 'none', label: NO_ARTICLE_LABEL, code: null };
        return { sums: s, key: s.key, label: s.name?.label ?? `#${s.key}`, code: s.name?.code ?? null };
      }));
    },
  },
  category: {
    sums: (knex, scope) => lineSums(knex, scope, 'l.category_id'),
    async describe(knex, sums) {
      const names = new Map((await knex('categories').select('id', 'name')).map((r: Record<string, unknown>) => [String(r.id), String(r.name)]));
      return byTotal(sums.map((s) => ({ sums: s, key: s.key ?? 'none', label: s.key === null ? NO_CATEGORY_LABEL : (names.get(s.key) ?? `#${s.key}`), code: null })));
    },
  },
  payment: {
    async sums(knex, scope) {
      const rows = await scope(
        knex('payments as p')
          .join('sales as s', 's.id', 'p.sale_id')
          .groupBy('p.method')
          .select('p.method as k', knex.raw('count(distinct p.sale_id) as n'), knex.raw('sum(p.amount) as total'), knex.raw('max(s.local_time) as last_visit')),
      );
      return rows.map((r: Record<string, unknown>) => ({ key: String(r.k), sales: num(r.n), total: num(r.total), tax: null, unitQty: null, weighed: 0, lastVisit: r.last_visit ? String(r.last_visit) : null }));
    },
    async describe(_knex, sums) {
      return byTotal(sums.map((s) => ({ sums: s, key: String(s.key), label: PAYMENT_LABELS[s.key as PaymentMethod]?.fr ?? String(s.key), code: null })));
    },
  },
  tax: {
    async sums(knex, scope) {
      const heads = await scope(
        knex('sale_taxes as t')
          .join('sales as s', 's.id', 't.sale_id')
          .groupBy('t.rate_bp')
          .select('t.rate_bp as k', knex.raw('count(*) as n'), knex.raw('sum(t.total) as total'), knex.raw('sum(t.tax) as tax'), knex.raw('max(s.local_time) as last_visit')),
      );
      const items = await itemSums(knex, scope, 'l.tax_rate_bp');
      return heads.map((r: Record<string, unknown>) => {
        const it = items.get(String(r.k)) ?? { unitQty: 0, weighed: 0, quantity: 0 };
        return { key: String(r.k), sales: num(r.n), total: num(r.total), tax: num(r.tax), unitQty: it.unitQty, weighed: it.weighed, lastVisit: r.last_visit ? String(r.last_visit) : null };
      });
    },
    async describe(_knex, sums) {
      return sums
        .map((s) => ({ sums: s, key: String(s.key), label: `TVA ${formatRate(Number(s.key))}`, code: String(s.key) }))
        .sort((a, b) => Number(a.key) - Number(b.key));
    },
  },
};

export const NO_ARTICLE_LABEL = 'sans article';
export const NO_CATEGORY_LABEL = 'sans rayon';

/** Biggest totals first, then by name. */
function byTotal<T extends { sums: Sums; label: string }>(rows: T[]): T[] {
  return rows.sort((a, b) => b.sums.total - a.sums.total || a.label.localeCompare(b.label, 'fr'));
}

const keyOf = (v: unknown) => (v === null || v === undefined ? null : String(v));

/** Articles counted per key over the sale lines of the period. */
/** The item counts of sale lines, as select columns (unit_qty, weighed, qty). */
function itemColumns(knex: Knex): Knex.Raw[] {
  return [
    knex.raw("sum(case when l.unit = 'unit' then l.quantity else 0 end) as unit_qty"),
    knex.raw("sum(case when l.unit = 'kg' and l.quantity > 0 then 1 when l.unit = 'kg' then -1 else 0 end) as weighed"),
    knex.raw('sum(l.quantity) as qty'),
  ];
}

async function itemSums(knex: Knex, scope: Scope, column: string): Promise<Map<string | null, { unitQty: number; weighed: number; quantity: number }>> {
  const lines = await scope(
    knex('sale_lines as l')
      .join('sales as s', 's.id', 'l.sale_id')
      .groupBy(knex.raw(column))
      .select(knex.raw(`${column} as k`), ...itemColumns(knex)),
  );
  return new Map(lines.map((r: Record<string, unknown>) => [keyOf(r.k), { unitQty: num(r.unit_qty), weighed: num(r.weighed), quantity: num(r.qty) }]));
}

/**
 * Sums of sale lines grouped by a line column (article, category), in one pass
 * over the lines grouped by key and VAT rate. Lines carry no VAT amount of
 * their own: the VAT is taken out of each (key, rate) total, the way a
 * ticket's VAT is taken out of its total per rate. `naming` joins the table
 * that names the keys to the groups (not to the lines).
 */
async function lineSums(knex: Knex, scope: Scope, column: string, naming?: Naming): Promise<Sums[]> {
  const groups = scope(
    knex('sale_lines as l')
      .join('sales as s', 's.id', 'l.sale_id')
      .groupBy(knex.raw(`${column}, l.tax_rate_bp`))
      .select(knex.raw(`${column} as k`), 'l.tax_rate_bp as rate', knex.raw('count(distinct l.sale_id) as n'), knex.raw('sum(l.total) as total'), knex.raw('max(s.local_time) as last_visit'), ...itemColumns(knex)),
  );
  const rows: Array<Record<string, unknown>> = naming
    ? await knex.from(groups.as('g')).leftJoin(`${naming.table} as x`, 'x.id', 'g.k').select('g.*', `x.${naming.label} as name_label`, `x.${naming.code} as name_code`)
    : await groups;
  const byKey = new Map<string | null, Sums>();
  const severalRates = new Set<string | null>();
  for (const r of rows) {
    const key = keyOf(r.k);
    const total = num(r.total);
    const tax = vatOfInclusive(total, num(r.rate));
    const lastVisit = r.last_visit ? String(r.last_visit) : null;
    const s = byKey.get(key);
    if (!s) {
      const name = naming && r.name_label !== null && r.name_label !== undefined ? { label: String(r.name_label), code: r.name_code === null || r.name_code === undefined ? null : String(r.name_code) } : undefined;
      byKey.set(key, { key, sales: num(r.n), total, tax, unitQty: num(r.unit_qty), weighed: num(r.weighed), quantity: num(r.qty), lastVisit, ...(name ? { name } : {}) });
      continue;
    }
    severalRates.add(key);
    s.sales += num(r.n); // counted again below: one sale may hold both rates
    s.total += total;
    s.tax = (s.tax ?? 0) + tax;
    s.unitQty = (s.unitQty ?? 0) + num(r.unit_qty);
    s.weighed += num(r.weighed);
    s.quantity = (s.quantity ?? 0) + num(r.qty);
    if (lastVisit !== null && (s.lastVisit === null || lastVisit > s.lastVisit)) s.lastVisit = lastVisit;
  }
  // A key sold at several rates (a rate changed, or a category mixing rates)
  // may have both in one sale: its sales are counted again, once each.
  for (const [key, n] of await distinctSales(knex, scope, column, [...severalRates])) byKey.get(key)!.sales = n;
  return [...byKey.values()];
}

/** The number of sales holding lines of each given key (null: the lines without one), 500 keys a query. */
async function distinctSales(knex: Knex, scope: Scope, column: string, keys: Array<string | null>): Promise<Map<string | null, number>> {
  const out = new Map<string | null, number>();
  const ids = keys.filter((k): k is string => k !== null);
  const chunks: Array<{ ids: string[]; withNull: boolean }> = [];
  for (let i = 0; i < ids.length; i += 500) chunks.push({ ids: ids.slice(i, i + 500), withNull: false });
  if (keys.includes(null)) chunks.push({ ids: [], withNull: true });
  for (const chunk of chunks) {
    const rows = await scope(
      knex('sale_lines as l')
        .join('sales as s', 's.id', 'l.sale_id')
        .where((q) => (chunk.withNull ? q.whereNull(column) : q.whereIn(column, chunk.ids)))
        .groupBy(knex.raw(column))
        .select(knex.raw(`${column} as k`), knex.raw('count(distinct l.sale_id) as n')),
    );
    for (const r of rows as Array<Record<string, unknown>>) out.set(keyOf(r.k), num(r.n));
  }
  return out;
}


function figures(sales: number, total: number, tax: number | null, items: number | null, lastVisit: string | null): SalesFigures {
  return { sales, items, total, totalHt: tax === null ? null : total - tax, averageBasket: sales === 0 ? 0 : roundHalfAwayFromZero(total / sales), lastVisit };
}

/** A sales report as a column of the consolidated view: TTC and number of sales. */
function salesColumn(report: SalesByReport): ColumnInput {
  return {
    rows: report.rows.map((r) => ({ key: r.key, label: r.label, code: r.code, total: r.total, count: r.sales })),
    totals: { total: report.totals.total, count: report.totals.sales },
  };
}

export class ReportsService {
  constructor(private readonly knex: Knex) {}

  async salesBy(dimension: SalesDimension, period: ReportPeriod): Promise<SalesByReport> {
    const spec = DIMENSIONS[dimension];
    if (!spec) throw new ValidationError(`Regroupement inconnu : ${dimension} (${SALES_DIMENSIONS.join(', ')})`);
    if (!isCalendarDate(period.from) || !isCalendarDate(period.to)) throw new ValidationError('Dates attendues au format AAAA-MM-JJ');
    if (period.from > period.to) throw new ValidationError(`La période commence (${period.from}) après sa fin (${period.to})`);
    let customer: ReportCustomer | undefined;
    if (period.customerId !== undefined) {
      const c = await this.knex('customers').where({ id: period.customerId }).first('id', 'code', 'first_name', 'last_name');
      if (!c) throw new ValidationError(`Client ${period.customerId} introuvable`);
      customer = { id: num(c.id), code: String(c.code), name: customerName({ firstName: String(c.first_name), lastName: String(c.last_name) }) };
    }
    const scope: Scope = (q) => {
      q.whereBetween('s.business_date', [period.from, period.to]);
      if (period.tillId !== undefined) q.where('s.till_id', period.tillId);
      if (period.customerId !== undefined) q.where('s.customer_id', period.customerId);
      return whereTillInShop(this.knex, q, 's.till_id', period.shopId);
    };
    const sums = spec.sums ? await spec.sums(this.knex, scope) : await this.salesColumnSums(spec.column!, scope);
    const itemsOf = (s: Pick<Sums, 'unitQty' | 'weighed'>) => (s.unitQty === null ? null : Math.trunc(s.unitQty / QTY_ONE) + s.weighed);
    const rows = (await spec.describe(this.knex, sums)).map(({ sums: s, key, label, code }) => ({
      key,
      label,
      code,
      ...figures(s.sales, s.total, s.tax, itemsOf(s), s.lastVisit),
      quantity: s.quantity ?? null,
    }));
    const add = (f: (s: Sums) => number) => sums.reduce((a, s) => a + f(s), 0);
    const lastVisit = sums.reduce<string | null>((a, s) => (s.lastVisit !== null && (a === null || s.lastVisit > a) ? s.lastVisit : a), null);
    // By payment or by line, one sale falls in several rows: the totals count each sale once.
    const salesCount = spec.column ? add((s) => s.sales) : num((await scope(this.knex('sales as s').count({ n: '*' })))[0]?.n ?? 0);
    const hasTax = sums.every((s) => s.tax !== null);
    const hasItems = rows.every((r) => r.items !== null);
    const totals = figures(salesCount, add((s) => s.total), hasTax ? add((s) => s.tax ?? 0) : null, hasItems ? rows.reduce((a, r) => a + (r.items ?? 0), 0) : null, lastVisit);
    // shopId is said only when one was asked: a one-shop report reads as before.
    return { dimension, from: period.from, to: period.to, tillId: period.tillId ?? null, ...(period.shopId !== undefined ? { shopId: period.shopId } : {}), ...(customer ? { customer } : {}), rows, totals };
  }

  /** The consolidated view: the report of each shop in a column, beside the company's. */
  async salesByShop(dimension: SalesDimension, period: Omit<ReportPeriod, 'shopId'>, shops: ShopColumn[]): Promise<ShopColumnsReport> {
    const company = await this.salesBy(dimension, period);
    const perShop = [];
    for (const shop of shops) perShop.push(await this.salesBy(dimension, { ...period, shopId: shop.id }));
    return shopColumns(dimension, period, shops, perShop.map(salesColumn), salesColumn(company));
  }

  /** Per day, payments by method and sales by VAT rate: what `pos export accounting` writes. */
  async accounting(period: ReportPeriod): Promise<AccountingExport> {
    if (!isCalendarDate(period.from) || !isCalendarDate(period.to)) throw new ValidationError('Dates attendues au format AAAA-MM-JJ');
    if (period.from > period.to) throw new ValidationError(`La période commence (${period.from}) après sa fin (${period.to})`);
    return accountingExport(this.knex, period);
  }

  /** The void_line, cancel_ticket and refund audit events of the period, names resolved. */
  async voids(period: ReportPeriod): Promise<VoidEvent[]> {
    if (!isCalendarDate(period.from) || !isCalendarDate(period.to)) throw new ValidationError('Dates attendues au format AAAA-MM-JJ');
    if (period.from > period.to) throw new ValidationError(`La période commence (${period.from}) après sa fin (${period.to})`);
    return voidEvents(this.knex, period);
  }

  /** The void events of the period counted by kind, a column a shop beside the company's */
  async voidsByShop(period: Omit<ReportPeriod, 'shopId'>, shops: ShopColumn[]): Promise<ShopColumnsReport> {
    const column = (events: VoidEvent[]): ColumnInput => {
      const kinds = [...new Set(events.map((e) => e.kind))].sort();
      return {
        rows: kinds.map((kind) => ({ key: kind, label: VOID_KIND_LABELS[kind]?.fr ?? kind, code: null, total: 0, count: events.filter((e) => e.kind === kind).length })),
        totals: { total: 0, count: events.length },
      };
    };
    const company = await this.voids(period);
    const perShop = [];
    for (const shop of shops) perShop.push(column(await this.voids({ ...period, shopId: shop.id })));
    return shopColumns('void', period, shops, perShop, column(company));
  }

  /** Whole sales grouped by one of their columns (or an expression over them). */
  private async salesColumnSums(column: string, scope: Scope): Promise<Sums[]> {
    const heads = await scope(
      this.knex('sales as s')
        .groupBy(this.knex.raw(column))
        .select(
          this.knex.raw(`${column} as k`),
          this.knex.raw('count(*) as n'),
          this.knex.raw('sum(s.total) as total'),
          this.knex.raw('sum(s.tax_total) as tax'),
          this.knex.raw('max(s.local_time) as last_visit'),
        ),
    );
    const items = await itemSums(this.knex, scope, column);
    return heads.map((r: Record<string, unknown>) => {
      const key = keyOf(r.k);
      const it = items.get(key) ?? { unitQty: 0, weighed: 0 };
      return { key, sales: num(r.n), total: num(r.total), tax: num(r.tax), unitQty: it.unitQty, weighed: it.weighed, lastVisit: r.last_visit ? String(r.last_visit) : null };
    });
  }
}
