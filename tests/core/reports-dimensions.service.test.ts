// core.reports.salesBy along hour, article, category, employee, payment and
// tax, and core.reports.accounting, on the demo shop (SQLite and PostgreSQL):
// every row checked against an independent computation done in JS over the
// plain rows of sales, sale_lines, payments and sale_taxes.
import { seedDemo } from '../../db/seeds/demo.js';
import { localDate } from '../../src/core/basics/clock.js';
import type { Core } from '../../src/core/shop/core.service.js';
import { QTY_ONE } from '../../src/core/basics/quantity.js';
import type { SalesByRow } from '../../src/core/fiscal/reports.service.js';
import { vatOfInclusive } from '../../src/core/catalogue/vat.js';
import { ENGINES, newTestDb, type TestDb } from '../helpers/engines.js';

interface Expected {
  sales: Set<number>;
  total: number;
  tax: number;
  items: number;
  quantity: number;
  lastVisit: string;
}

describe.each(ENGINES)('sales report dimensions on %s', (engine) => {
  let db: TestDb;
  let core: Core;
  const now = new Date(2026, 10, 23, 9, 0, 0);
  const day = (offset: number) => localDate(new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset));
  const from = day(-6);
  const to = day(-2);
  let sales: Array<Record<string, unknown>>;
  let lines: Array<Record<string, unknown>>;

  beforeAll(async () => {
    db = newTestDb(engine);
    core = await db.core();
    await seedDemo(core, { days: 8, now });
    sales = await core.knex('sales').whereBetween('business_date', [from, to]).select('*');
    lines = await core.knex('sale_lines').whereIn('sale_id', sales.map((s) => Number(s.id))).select('*');
  }, 120_000);
  afterAll(async () => {
    await core.close();
    await db.cleanup();
  });

  const saleOf = (id: unknown) => sales.find((s) => Number(s.id) === Number(id))!;
  const itemsOfLine = (l: Record<string, unknown>) => (l.unit === 'unit' ? Number(l.quantity) : Math.sign(Number(l.quantity)));

  function group<T>(rows: T[], keyOf: (r: T) => string, add: (g: Expected, r: T) => void): Map<string, Expected> {
    const out = new Map<string, Expected>();
    for (const r of rows) {
      const key = keyOf(r);
      const g = out.get(key) ?? { sales: new Set<number>(), total: 0, tax: 0, items: 0, quantity: 0, lastVisit: '' };
      add(g, r);
      out.set(key, g);
    }
    return out;
  }

  function check(rows: SalesByRow[], groups: Map<string, Expected>, opts: { items?: boolean; ht?: boolean; quantity?: boolean } = {}) {
    expect(rows.map((r) => r.key).sort()).toEqual([...groups.keys()].sort());
    expect(rows.length).toBeGreaterThan(1);
    for (const row of rows) {
      const g = groups.get(row.key)!;
      expect({ key: row.key, sales: row.sales, total: row.total, lastVisit: row.lastVisit }).toEqual({ key: row.key, sales: g.sales.size, total: g.total, lastVisit: g.lastVisit });
      if (opts.ht !== false) expect(row.totalHt).toBe(g.total - g.tax);
      else expect(row.totalHt).toBeNull();
      if (opts.items !== false) expect(row.items).toBe(g.items);
      else expect(row.items).toBeNull();
      if (opts.quantity) expect(row.quantity).toBe(g.quantity);
    }
  }

  /** Units are counted per whole unit of the group, weighed lines one each (as the customer and day reports do). */
  function addLine(g: Expected, l: Record<string, unknown>) {
    const s = saleOf(l.sale_id);
    g.sales.add(Number(s.id));
    g.total += Number(l.total);
    g.quantity += Number(l.quantity);
    g.items += l.unit === 'unit' ? Number(l.quantity) : Math.sign(Number(l.quantity)) * QTY_ONE;
    if (String(s.local_time) > g.lastVisit) g.lastVisit = String(s.local_time);
  }
  const finishItems = (groups: Map<string, Expected>) => {
    for (const g of groups.values()) g.items = Math.trunc(g.items / QTY_ONE);
    return groups;
  };

  test('by hour: the hour of local_time, in order, matching the sales', async () => {
    const report = await core.reports.salesBy('hour', { from, to });
    const groups = group(sales, (s) => String(s.local_time).slice(11, 13), (g, s) => {
      g.sales.add(Number(s.id));
      g.total += Number(s.total);
      g.tax += Number(s.tax_total);
      if (String(s.local_time) > g.lastVisit) g.lastVisit = String(s.local_time);
    });
    const units = group(lines, (l) => String(saleOf(l.sale_id).local_time).slice(11, 13), (g, l) => {
      if (l.unit === 'unit') g.items += Number(l.quantity);
      else g.quantity += Math.sign(Number(l.quantity));
    });
    for (const [k, g] of groups) g.items = Math.trunc((units.get(k)?.items ?? 0) / QTY_ONE) + (units.get(k)?.quantity ?? 0);
    check(report.rows, groups);
    expect(report.rows.map((r) => r.key)).toEqual([...groups.keys()].sort());
    expect(report.rows[0]!.label).toBe(`${report.rows[0]!.key}h`);
    expect(report.totals.sales).toBe(sales.length);
  });

  test('by employee: named, best seller first, matching the sales', async () => {
    const report = await core.reports.salesBy('employee', { from, to });
    const groups = group(sales, (s) => String(s.employee_id), (g, s) => {
      g.sales.add(Number(s.id));
      g.total += Number(s.total);
      g.tax += Number(s.tax_total);
      if (String(s.local_time) > g.lastVisit) g.lastVisit = String(s.local_time);
    });
    const units = group(lines, (l) => String(saleOf(l.sale_id).employee_id), (g, l) => {
      if (l.unit === 'unit') g.items += Number(l.quantity);
      else g.quantity += Math.sign(Number(l.quantity));
    });
    for (const [k, g] of groups) g.items = Math.trunc((units.get(k)?.items ?? 0) / QTY_ONE) + (units.get(k)?.quantity ?? 0);
    check(report.rows, groups);
    const names = new Map((await core.knex('employees').select('id', 'name')).map((e) => [String(e.id), String(e.name)]));
    for (const row of report.rows) expect(row.label).toBe(names.get(row.key));
    expect(report.rows.map((r) => r.total)).toEqual(report.rows.map((r) => r.total).sort((a, b) => b - a));
  });

  test('by article and by category: line totals, quantity, VAT taken out per rate', async () => {
    for (const [dimension, column] of [['article', 'article_id'], ['category', 'category_id']] as const) {
      const report = await core.reports.salesBy(dimension, { from, to });
      const groups = finishItems(group(lines, (l) => (l[column] === null ? 'none' : String(l[column])), addLine));
      // VAT: per (key, rate) total, the tax contained in it.
      const perRate = new Map<string, number>();
      for (const l of lines) {
        const k = `${l[column] === null ? 'none' : String(l[column])}|${String(l.tax_rate_bp)}`;
        perRate.set(k, (perRate.get(k) ?? 0) + Number(l.total));
      }
      for (const [k, total] of perRate) groups.get(k.split('|')[0]!)!.tax += vatOfInclusive(total, Number(k.split('|')[1]));
      check(report.rows, groups, { quantity: true });
      expect(report.rows.map((r) => r.total)).toEqual(report.rows.map((r) => r.total).sort((a, b) => b - a));
      // A sale with several articles is one sale in the totals, not one per row.
      expect(report.totals.sales).toBe(sales.length);
      expect(report.totals.total).toBe(lines.reduce((a, l) => a + Number(l.total), 0));
    }
    const articles = await core.reports.salesBy('article', { from, to });
    const first = articles.rows[0]!;
    const a = await core.knex('articles').where({ id: Number(first.key) }).first();
    expect([first.label, first.code]).toEqual([a.name, a.plu]);
  });

  test('by payment: payments.amount per method; no HT nor items', async () => {
    const report = await core.reports.salesBy('payment', { from, to });
    const payments = await core.knex('payments').whereIn('sale_id', sales.map((s) => Number(s.id))).select('*');
    const groups = group(payments, (p) => String(p.method), (g, p) => {
      g.sales.add(Number(p.sale_id));
      g.total += Number(p.amount);
      const t = String(saleOf(p.sale_id).local_time);
      if (t > g.lastVisit) g.lastVisit = t;
    });
    check(report.rows, groups, { items: false, ht: false });
    expect(report.rows.find((r) => r.key === 'card')?.label).toBe('Carte bancaire');
    expect(report.totals).toMatchObject({ sales: sales.length, totalHt: null, items: null });
    // What came in equals what was sold.
    expect(report.totals.total).toBe(sales.reduce((a, s) => a + Number(s.total), 0));
  });

  test('by tax: sale_taxes per rate, base/tax/total, lowest rate first', async () => {
    const report = await core.reports.salesBy('tax', { from, to });
    const taxes = await core.knex('sale_taxes').whereIn('sale_id', sales.map((s) => Number(s.id))).select('*');
    const groups = group(taxes, (t) => String(t.rate_bp), (g, t) => {
      g.sales.add(Number(t.sale_id));
      g.total += Number(t.total);
      g.tax += Number(t.tax);
      const time = String(saleOf(t.sale_id).local_time);
      if (time > g.lastVisit) g.lastVisit = time;
    });
    const units = finishItems(group(lines, (l) => String(l.tax_rate_bp), addLine));
    for (const [k, g] of groups) g.items = units.get(k)?.items ?? 0;
    check(report.rows, groups);
    for (const row of report.rows) expect(row.totalHt).toBe(taxes.filter((t) => String(t.rate_bp) === row.key).reduce((a, t) => a + Number(t.base), 0));
    expect(report.rows.map((r) => Number(r.key))).toEqual(report.rows.map((r) => Number(r.key)).sort((a, b) => a - b));
    expect(report.rows.map((r) => r.label)).toContain('TVA 20 %');
    expect(report.totals.total).toBe(sales.reduce((a, s) => a + Number(s.total), 0));
    expect(report.totals.sales).toBe(sales.length);
  });

  test('accounting: per day x method and per day x rate, equal to the payments and sale_taxes', async () => {
    const data = await core.reports.accounting({ from, to });
    const payments = await core.knex('payments').whereIn('sale_id', sales.map((s) => Number(s.id))).select('*');
    const taxes = await core.knex('sale_taxes').whereIn('sale_id', sales.map((s) => Number(s.id))).select('*');
    const pay = new Map<string, { amount: number; count: number }>();
    for (const p of payments) {
      const k = `${String(saleOf(p.sale_id).business_date)}|${String(p.method)}`;
      const g = pay.get(k) ?? { amount: 0, count: 0 };
      pay.set(k, { amount: g.amount + Number(p.amount), count: g.count + 1 });
    }
    expect(data.payments.map((p) => `${p.day}|${p.method}`)).toEqual([...pay.keys()].sort());
    for (const p of data.payments) expect({ amount: p.amount, count: p.count }).toEqual(pay.get(`${p.day}|${p.method}`));
    const vat = new Map<string, { base: number; tax: number; total: number }>();
    for (const t of taxes) {
      const k = `${String(saleOf(t.sale_id).business_date)}|${String(t.rate_bp)}`;
      const g = vat.get(k) ?? { base: 0, tax: 0, total: 0 };
      vat.set(k, { base: g.base + Number(t.base), tax: g.tax + Number(t.tax), total: g.total + Number(t.total) });
    }
    expect(data.taxes).toHaveLength(vat.size);
    for (const t of data.taxes) expect({ base: t.base, tax: t.tax, total: t.total }).toEqual(vat.get(`${t.day}|${t.rateBp}`));
    // Each day balances: what came in equals the TTC sold.
    for (const d of new Set(data.payments.map((p) => p.day))) {
      const paid = data.payments.filter((p) => p.day === d).reduce((a, p) => a + p.amount, 0);
      const sold = data.taxes.filter((t) => t.day === d).reduce((a, t) => a + t.total, 0);
      expect(paid).toBe(sold);
    }
    await expect(core.reports.accounting({ from: to, to: from })).rejects.toThrow('La période commence');
  });

  test('an unknown dimension is refused with a French message', async () => {
    await expect(core.reports.salesBy('weather' as never, { from, to })).rejects.toThrow('Regroupement inconnu : weather');
  });
});
