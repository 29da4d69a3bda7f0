// core.reports.salesBy on the demo shop, on SQLite and PostgreSQL: every row
// checked against an independent computation (plain SQL over the sales, items
// counted line by line in JS), the "sans client" row, periods and tills.
import { seedDemo } from '../../db/seeds/demo.js';
import { localDate } from '../../src/core/basics/clock.js';
import type { Core } from '../../src/core/shop/core.service.js';
import { customerName } from '../../src/core/customers/customer-name.js';
import { QTY_ONE } from '../../src/core/basics/quantity.js';
import { NO_CUSTOMER_LABEL } from '../../src/core/fiscal/reports.service.js';
import { ENGINES, newTestDb, type TestDb } from '../helpers/engines.js';

describe.each(ENGINES)('sales report on %s', (engine) => {
  let db: TestDb;
  let core: Core;
  const now = new Date(2026, 10, 23, 9, 0, 0);
  const day = (offset: number) => localDate(new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset));
  const from = day(-6);
  const to = day(-2);

  beforeAll(async () => {
    db = newTestDb(engine);
    core = await db.core();
    await seedDemo(core, { days: 8, now });
  }, 120_000);
  afterAll(async () => {
    await core.close();
    await db.cleanup();
  });

  /** The expected figures, computed without the service: one plain query, items summed in JS. */
  async function expected(groupColumn: 'customer_id' | 'business_date') {
    const sales = await core.knex('sales').whereBetween('business_date', [from, to]).select('id', 'customer_id', 'business_date', 'total', 'tax_total', 'local_time');
    const lines = await core.knex('sale_lines').whereIn('sale_id', sales.map((s) => s.id)).select('sale_id', 'unit', 'quantity');
    const itemsOfSale = new Map<number, number>();
    for (const l of lines) {
      const q = Number(l.quantity);
      const items = l.unit === 'unit' ? Math.trunc(q / QTY_ONE) : Math.sign(q);
      itemsOfSale.set(Number(l.sale_id), (itemsOfSale.get(Number(l.sale_id)) ?? 0) + items);
    }
    const groups = new Map<string, { sales: number; items: number; total: number; totalHt: number; lastVisit: string }>();
    for (const s of sales) {
      const key = s[groupColumn] === null ? 'none' : String(s[groupColumn]);
      const g = groups.get(key) ?? { sales: 0, items: 0, total: 0, totalHt: 0, lastVisit: '' };
      g.sales += 1;
      g.items += itemsOfSale.get(Number(s.id)) ?? 0;
      g.total += Number(s.total);
      g.totalHt += Number(s.total) - Number(s.tax_total);
      if (String(s.local_time) > g.lastVisit) g.lastVisit = String(s.local_time);
      groups.set(key, g);
    }
    return { groups, count: sales.length };
  }

  test('by customer: each row matches the independent computation, best customers first, "sans client" last', async () => {
    const report = await core.reports.salesBy('customer', { from, to });
    const { groups, count } = await expected('customer_id');
    expect(count).toBeGreaterThan(20);
    expect(report.rows.map((r) => r.key).sort()).toEqual([...groups.keys()].sort());
    for (const row of report.rows) {
      const g = groups.get(row.key)!;
      expect({ sales: row.sales, items: row.items, total: row.total, totalHt: row.totalHt, lastVisit: row.lastVisit }).toEqual(g);
      expect(row.averageBasket).toBe(Math.round(g.total / g.sales));
      if (row.key !== 'none') {
        const c = (await core.customers.get(Number(row.key)))!;
        expect([row.label, row.code]).toEqual([customerName(c), c.code]);
      }
    }
    const last = report.rows[report.rows.length - 1]!;
    expect(last).toMatchObject({ key: 'none', label: NO_CUSTOMER_LABEL, code: null });
    const named = report.rows.slice(0, -1).map((r) => r.total);
    expect(named).toEqual([...named].sort((a, b) => b - a));
    expect(report.totals.sales).toBe(count);
    expect(report.totals.total).toBe([...groups.values()].reduce((a, g) => a + g.total, 0));
    expect(report.totals.items).toBe([...groups.values()].reduce((a, g) => a + g.items, 0));
  });

  test('by day: one row a business day, in date order, matching the independent computation', async () => {
    const report = await core.reports.salesBy('day', { from, to });
    const { groups } = await expected('business_date');
    expect(report.rows.map((r) => r.key)).toEqual([...groups.keys()].sort());
    for (const row of report.rows) expect({ sales: row.sales, items: row.items, total: row.total, totalHt: row.totalHt, lastVisit: row.lastVisit }).toEqual(groups.get(row.key));
  });

  test('a period without sales, another till: empty rows and zero totals', async () => {
    const today = await core.reports.salesBy('customer', { from: day(0), to: day(0) });
    expect(today.rows).toEqual([]);
    expect(today.totals).toEqual({ sales: 0, items: 0, total: 0, totalHt: 0, averageBasket: 0, lastVisit: null });
    const till2 = await core.reports.salesBy('customer', { from, to, tillId: 2 });
    expect(till2).toMatchObject({ rows: [], tillId: 2 });
  });

  test('bad periods are refused with a French message', async () => {
    await expect(core.reports.salesBy('customer', { from: '2026-02-30', to: '2026-03-01' })).rejects.toThrow('Dates attendues au format AAAA-MM-JJ');
    await expect(core.reports.salesBy('customer', { from: to, to: from })).rejects.toThrow(`La période commence (${to}) après sa fin (${from})`);
  });
});
