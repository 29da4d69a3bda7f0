// The benchmark's busy-shop generator (issue #10), at a tiny scale on SQLite
// and PostgreSQL: what it writes must be data the core could have written —
// counts as asked, valid unique barcodes, sales that add up (lines, VAT,
// payments), stock equal to its moves, a journal that verifies, reports that
// run. Speed is never asserted here; `npm run bench` measures it.
import { busyShopSizes, seedBusyShop } from '../../db/seeds/busy-shop.js';
import { isValidEan13 } from '../../src/core/sales/barcode.js';
import { sellable } from '../../src/core/catalogue/article.js';
import { localDate } from '../../src/core/basics/clock.js';
import type { Core } from '../../src/core/shop/core.service.js';
import { addLine, computeTotals, newTicket } from '../../src/core/sales/ticket.js';
import { vatOfInclusive } from '../../src/core/catalogue/vat.js';
import { ENGINES, newTestDb, type TestDb } from '../helpers/engines.js';

const n = (v: unknown) => Number(v);

describe.each(ENGINES)('busy shop on %s', (engine) => {
  let db: TestDb;
  let core: Core;
  const now = new Date(2026, 10, 23, 9, 0, 0);
  // 400 lines a day: several full chunks of sales, lines and moves (the bulk INSERTs' reused statement).
  const options = { articles: 500, customers: 50, days: 10, linesPerDay: 400, seed: 7, now };
  let summary: Awaited<ReturnType<typeof seedBusyShop>>;

  beforeAll(async () => {
    db = newTestDb(engine);
    core = await db.core();
    summary = await seedBusyShop(core, options);
  }, 120_000);
  afterAll(async () => {
    await core.close();
    await db.cleanup();
  });

  const count = async (table: string) => n((await core.knex(table).count({ c: '*' }).first())?.c);

  it('writes the counts asked for, over the days asked for', async () => {
    expect(await count('articles')).toBe(500);
    expect(await count('customers')).toBe(50);
    expect(summary.sales).toBe(await count('sales'));
    expect(summary.lines).toBe(await count('sale_lines'));
    // about linesPerDay lines a day (weekdays vary by ±15 %, Saturdays are busier, Sundays quieter)
    expect(summary.lines).toBeGreaterThan(10 * 400 * 0.5);
    expect(summary.lines).toBeLessThan(10 * 400 * 1.7);
    const days = await core.knex('sales').distinct('business_date').orderBy('business_date');
    expect(days).toHaveLength(10);
    expect(days[0]!.business_date).toBe(localDate(new Date(2026, 10, 13)));
    expect(days[9]!.business_date).toBe(localDate(new Date(2026, 10, 22)));
  });

  it('gives every article a valid, unique EAN-13 and a unique PLU', async () => {
    const codes = (await core.knex('article_barcodes').select('code')).map((r) => String(r.code));
    expect(codes).toHaveLength(500);
    expect(codes.every(isValidEan13)).toBe(true);
    expect(new Set(codes).size).toBe(500);
    const plus = (await core.knex('articles').select('plu')).map((r) => String(r.plu));
    expect(new Set(plus).size).toBe(500);
    // and the till finds an article by its barcode as a cashier would scan it
    const found = await core.catalog.findByCode(codes[123]!);
    expect(found).not.toBeNull();
  });

  it('makes every sale add up: lines, VAT per rate and payments', async () => {
    const sales = await core.knex('sales').select('id', 'total', 'tax_total', 'gross_total', 'discount_total', 'line_count', 'tendered_total', 'change_given');
    const lines = await core.knex('sale_lines').select('sale_id', 'total', 'gross', 'line_discount', 'ticket_discount', 'tax_rate_bp');
    const taxes = await core.knex('sale_taxes').select('sale_id', 'rate_bp', 'total', 'tax', 'base');
    const payments = await core.knex('payments').select('sale_id', 'amount', 'tendered', 'method');
    const bySale = <T extends { sale_id: unknown }>(rows: T[]) => {
      const map = new Map<number, T[]>();
      for (const r of rows) map.set(n(r.sale_id), [...(map.get(n(r.sale_id)) ?? []), r]);
      return map;
    };
    const linesOf = bySale(lines);
    const taxesOf = bySale(taxes);
    const paymentsOf = bySale(payments);
    const methods = new Set<string>();
    for (const s of sales) {
      const id = n(s.id);
      const ls = linesOf.get(id) ?? [];
      expect(ls).toHaveLength(n(s.line_count));
      const sum = (rows: Record<string, unknown>[], col: string) => rows.reduce((a, r) => a + n(r[col]), 0);
      expect(sum(ls, 'total')).toBe(n(s.total));
      expect(sum(ls, 'gross')).toBe(n(s.gross_total));
      expect(sum(ls, 'line_discount') + sum(ls, 'ticket_discount')).toBe(n(s.discount_total));
      const ts = taxesOf.get(id) ?? [];
      expect(sum(ts, 'total')).toBe(n(s.total));
      expect(sum(ts, 'tax')).toBe(n(s.tax_total));
      for (const t of ts) {
        expect(sum(ls.filter((l) => n(l.tax_rate_bp) === n(t.rate_bp)), 'total')).toBe(n(t.total));
        expect(n(t.tax)).toBe(vatOfInclusive(n(t.total), n(t.rate_bp)));
        expect(n(t.base)).toBe(n(t.total) - n(t.tax));
      }
      const ps = paymentsOf.get(id) ?? [];
      expect(sum(ps, 'amount')).toBe(n(s.total));
      expect(sum(ps, 'tendered')).toBe(n(s.tendered_total));
      expect(n(s.tendered_total) - n(s.change_given)).toBe(n(s.total));
      for (const p of ps) methods.add(String(p.method));
    }
    expect(methods.has('cash')).toBe(true);
    expect(methods.has('card')).toBe(true);
  });

  it('keeps every article stock equal to the sum of its moves, one sale move per line', async () => {
    const moves = (await core.knex('stock_moves').groupBy('article_id').select('article_id').sum({ q: 'quantity' })) as Array<Record<string, unknown>>;
    const movedBy = new Map(moves.map((m) => [n(m.article_id), n(m.q)]));
    const articles = await core.knex('shop_articles').where({ shop_id: 1 }).select('article_id as id', 'stock_qty');
    expect(articles.length).toBe(await core.knex('articles').count({ c: '*' }).first().then((r) => n(r!.c)));
    for (const a of articles) expect(movedBy.get(n(a.id)) ?? 0).toBe(n(a.stock_qty));
    expect(articles.every((a) => n(a.stock_qty) >= 0)).toBe(true);
    expect(await core.knex('stock_moves').where({ reason: 'sale' }).count({ c: '*' }).first().then((r) => n(r?.c))).toBe(summary.lines);
  });

  it('chains every till journal so that the verifier says OK', async () => {
    const report = await core.journal.verify();
    expect(report.ok).toBe(true);
    expect(report.sales).toBe(summary.sales);
    const tills = report.chains.filter((c) => c.chain === 'sales');
    expect(tills).toHaveLength(2);
    expect(tills.every((c) => c.count > 0)).toBe(true);
    // every sale carries its till's signature, as a sale made at the till does
    expect((await core.journal.verify({ deep: true })).ok).toBe(true);
    // one changed byte is seen
    const sale = await core.knex('sale_lines').orderBy('id').first('id', 'total');
    await core.knex('sale_lines').where({ id: sale!.id }).update({ total: n(sale!.total) + 1 });
    expect((await core.journal.verify()).ok).toBe(false);
    await core.knex('sale_lines').where({ id: sale!.id }).update({ total: n(sale!.total) });
  });

  it('lets the core go on selling after the generated history (numbers and ids continue)', async () => {
    const article = (await core.catalog.findByCode('1'))!;
    expect(article).not.toBeNull();
    const ticket = addLine(newTicket('after-busy', now.toISOString()), sellable(article), 1000);
    const employee = await core.knex('employees').where({ role: 'cashier' }).first('id');
    const sale = await core.sales.complete(ticket, [{ method: 'card', amount: computeTotals(ticket).total }], n(employee!.id));
    expect(sale.id).toBe(summary.sales + 1);
    expect((await core.journal.verify()).ok).toBe(true);
  });

  it('feeds the reports: by article, by day and by customer, totals equal to the sales', async () => {
    const period = { from: localDate(new Date(2026, 10, 13)), to: localDate(new Date(2026, 10, 22)) };
    const total = n((await core.knex('sales').whereBetween('business_date', [period.from, period.to]).sum({ t: 'total' }).first())?.t);
    for (const dimension of ['article', 'day', 'customer'] as const) {
      const report = await core.reports.salesBy(dimension, period);
      expect(report.totals.total).toBe(total);
      expect(report.rows.length).toBeGreaterThan(1);
    }
    expect((await core.reports.salesBy('day', period)).rows).toHaveLength(10);
  });

  it('refuses a database that already has articles, changing nothing', async () => {
    const before = await count('sales');
    await expect(seedBusyShop(core, options)).rejects.toThrow(/base vide/);
    expect(await count('sales')).toBe(before);
  });

  it('gives SQLite its usual settings back after the load (WAL, default page cache)', async () => {
    if (engine !== 'sqlite') return;
    const pragma = async (name: string) => Object.values((await core.knex.raw(`PRAGMA ${name}`))[0] as Record<string, unknown>)[0];
    expect(await pragma('journal_mode')).toBe('wal');
    expect(n(await pragma('cache_size'))).toBe(-2000);
  });
});

describe('busy shop sizes', () => {
  it('are the issue sizes at scale 1 and ten times fewer at 0.1', () => {
    expect(busyShopSizes(1)).toEqual({ articles: 100_000, customers: 2_000, days: 365, linesPerDay: 2740 });
    expect(busyShopSizes(0.1)).toEqual({ articles: 10_000, customers: 200, days: 365, linesPerDay: 274 });
  });
});
