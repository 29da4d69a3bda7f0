// Reports, consolidated closings and the FEC per shop or for the company
// (issue #22), on both engines: two shops (till 1 in shop 1, till 2 in the
// port shop), each report of one shop holding only its tills' sales, the
// consolidated columns adding up to the company's report read apart, the
// month closing consolidated only once every till that sold has closed
// (the missing till named), and the FEC of one shop holding only its tills'
// Z, still passing the independent checker.
import { fecText } from '../../src/core/fiscal/fec.js';
import { shopColumns, unbalancedRows } from '../../src/core/fiscal/shop-columns.js';
import { ENGINES } from '../helpers/engines.js';
import { coreFixture } from '../helpers/shop.js';
import { checkFec, expectedNet, netByAccount } from '../helpers/fec-check.js';
import { closedDays, SIREN, SIRET } from '../helpers/fec-shop.js';
import { twoShops } from '../helpers/two-shops.js';
import type { Core } from '../../src/core/shop/core.service.js';

const MARCH = { from: '2026-03-01', to: '2026-03-31' };
const YEAR = { from: '2026-01-01', to: '2026-12-31' };
const BOUNDS = { from: '20260101', to: '20261231' };

describe('consolidated columns, without a database', () => {
  test('the company\'s rows in its order, a shop without a row gets zero, and a row that does not add up is found', () => {
    const shops = [{ id: 1, code: 'principal', name: 'A' }, { id: 2, code: 'port', name: 'B' }];
    const row = (key: string, total: number, count = 1) => ({ key, label: key, code: null, total, count });
    const report = shopColumns('day', { from: 'x', to: 'y' }, shops, [
      { rows: [row('d1', 100)], totals: { total: 100, count: 1 } },
      { rows: [row('d2', 50), row('d1', 30)], totals: { total: 80, count: 2 } },
    ], { rows: [row('d1', 130, 2), row('d2', 50)], totals: { total: 180, count: 3 } });
    expect(report.rows.map((r) => [r.key, r.byShop.map((c) => c.total), r.company.total])).toEqual([['d1', [100, 30], 130], ['d2', [0, 50], 50]]);
    expect(unbalancedRows(report)).toEqual([]);
    report.rows[1]!.company.total = 51;
    expect(unbalancedRows(report)).toEqual(['d2']);
  });
});

describe.each(ENGINES)('reports, closings and FEC per shop on %s', (engine) => {
  let now = new Date(2025, 11, 31, 10, 0);
  const clock = () => now;
  const fx = coreFixture(engine, { clock });
  let till2: Core;

  beforeAll(async () => {
    const made = await twoShops(fx.db, fx.core, fx.shop, (d) => {
      now = d;
    }, clock);
    till2 = made.till2;
    await fx.core.settings.set('shop.siret', SIRET, { employeeId: fx.shop.manager.id });
  });
  afterAll(async () => {
    await till2?.close();
  });

  test('till 2 sells in the port shop: its core says so, the first till stays in shop 1', async () => {
    expect(till2.shopId).toBe(2);
    expect(fx.core.shopId).toBe(1);
    expect((await fx.core.shops.resolve('port')).tills).toEqual([2]);
  });

  test('a sales report of one shop holds only its tills\' sales; the company\'s, every till (unchanged without a shop)', async () => {
    const port = await fx.core.reports.salesBy('day', { ...MARCH, shopId: 2 });
    expect(port.shopId).toBe(2);
    expect(port.rows.map((r) => [r.key, r.sales, r.total])).toEqual([['2026-03-11', 1, 450]]);
    const main = await fx.core.reports.salesBy('day', { ...MARCH, shopId: 1 });
    const company = await fx.core.reports.salesBy('day', MARCH);
    expect(company).not.toHaveProperty('shopId');
    // Independent figure: plain SQL over the sales of till 1.
    const till1 = await fx.core.knex('sales').where({ till_id: 1 }).whereBetween('business_date', [MARCH.from, MARCH.to]).sum({ t: 'total' }).count({ n: '*' }).first();
    expect(main.totals.total).toBe(Number(till1!.t));
    expect(main.totals.sales).toBe(Number(till1!.n));
    expect(company.totals.total).toBe(main.totals.total + 450);
    expect(company.totals.sales).toBe(main.totals.sales + 1);
  });

  test.each(['day', 'article', 'category', 'payment', 'tax', 'customer'] as const)('by %s, the consolidated columns add up to the company\'s report, row by row', async (by) => {
    const shops = (await fx.core.shops.list()).map((s) => ({ id: s.id, code: s.code, name: s.name }));
    const columns = await fx.core.reports.salesByShop(by, MARCH, shops);
    const company = await fx.core.reports.salesBy(by, MARCH);
    expect(columns.shops.map((s) => s.code)).toEqual(['principal', 'port']);
    expect(columns.rows.map((r) => r.key)).toEqual(company.rows.map((r) => r.key));
    expect(unbalancedRows(columns)).toEqual([]);
    expect(columns.totals.company).toEqual({ total: company.totals.total, count: company.totals.sales });
    expect(columns.totals.byShop.map((c) => c.total)).toEqual([company.totals.total - 450, 450]);
    expect(columns.totals.byShop.reduce((a, c) => a + c.count, 0)).toBe(company.totals.sales);
  });

  test('accounting, hours and stock valuation of one shop; the valuation\'s columns add up to the company\'s', async () => {
    const accounting = await fx.core.reports.accounting({ ...MARCH, shopId: 2 });
    expect(accounting.payments.map((p) => [p.day, p.method, p.amount])).toEqual([['2026-03-11', 'card', 450]]);
    const hours = await fx.core.timeClock.hours(MARCH.from, MARCH.to, 2);
    expect(hours.totals).toMatchObject({ sales: 1, salesTotal: 450 });
    const shops = (await fx.core.shops.list()).map((s) => ({ id: s.id, code: s.code, name: s.name }));
    const valuation = await fx.core.stockReports.valuationByShop(shops);
    const company = await fx.core.stockReports.forScope('company').valuation();
    expect(valuation.totals.company.total).toBe(company.total.value);
    expect(unbalancedRows(valuation)).toEqual([]);
    expect(valuation.totals.byShop[0]!.total).toBe((await fx.core.stockReports.forScope(1).valuation()).total.value);
  });

  test('the FEC of one shop: only its tills\' Z, named after the SIREN, passing the independent checker', async () => {
    const port = await fx.core.fec.build(YEAR, 2);
    expect(port.fileName).toBe(`${SIREN}FEC20261231.txt`);
    expect(port.closings.map((c) => `${c.date}/${c.tillId}`)).toEqual(['2026-03-11/2']);
    expect(port.openDays).toEqual([]);
    // The cash out and the payment on account were made at till 1: not the port's.
    expect(port.leftOut).toEqual({ accountPayments: { count: 0, amount: 0 }, cashIn: { count: 0, amount: 0 }, cashOut: { count: 0, amount: 0 }, floats: { count: 0, amount: 0 } });
    const { problems, rows } = checkFec(fecText(port.entries, port.config), '\t', BOUNDS);
    expect(problems).toEqual([]);
    expect([...new Set(rows.map((r) => r.pieceRef))]).toEqual(['Z2-1']);
    const zs = (await closedDays(fx.core)).filter((z) => z.tillId === 2);
    expect(Object.fromEntries(netByAccount(rows))).toEqual(Object.fromEntries(expectedNet(zs)));

    const main = await fx.core.fec.build(YEAR, 1);
    expect([...new Set(main.closings.map((c) => c.tillId))]).toEqual([1]);
    expect(checkFec(fecText(main.entries, main.config), '\t', BOUNDS).problems).toEqual([]);
    const company = await fx.core.fec.build(YEAR);
    expect(company.scope).toBe('company');
    expect(company.closings.length).toBe(main.closings.length + port.closings.length);
    expect(company.entries.length).toBe(main.entries.length + port.entries.length);
  });

  test('the SIREN: a shop\'s own SIRET names its FEC; the company\'s FEC over two SIRENs is refused, naming the shop', async () => {
    const port = till2.settings; // till 2's core: the port shop's own settings
    await port.set('shop.siret', '523 456 789 00021', { employeeId: fx.shop.manager.id });
    try {
      expect((await fx.core.fec.build(YEAR, 2)).fileName).toBe('523456789FEC20261231.txt');
      await expect(fx.core.fec.build(YEAR)).rejects.toThrow('La boutique 2 a le SIREN 523456789');
      expect((await fx.core.fec.build(YEAR, 1)).siren).toBe(SIREN);
    } finally {
      await port.set('shop.siret', '', { employeeId: fx.shop.manager.id });
    }
    expect((await fx.core.fec.build(YEAR)).siren).toBe(SIREN);
  });

  test('month closings consolidated: refused naming each till that sold and has not closed; then the tills\' closings added up', async () => {
    now = new Date(2026, 3, 2, 9, 0);
    await expect(fx.core.consolidatedClosings.report('month', '2026-03', 'company')).rejects.toThrow('caisse 1, caisse 2');
    await fx.core.closings.zClose('2026-03-12', { cash: 450 }, fx.shop.manager.id);
    const c1 = await fx.core.closings.closePeriod('month', '2026-03', fx.shop.manager.id);
    await expect(fx.core.consolidatedClosings.report('month', '2026-03', 'company')).rejects.toThrow(/pas encore faite pour : caisse 2\./);
    const shop1 = await fx.core.consolidatedClosings.report('month', '2026-03', 1);
    expect(shop1.tills.map((t) => t.tillId)).toEqual([1]);
    expect(shop1.totals.total).toBe(c1.total);
    await expect(fx.core.consolidatedClosings.report('month', '2026-03', 2)).rejects.toThrow('caisse 2');
    const c2 = await till2.closings.closePeriod('month', '2026-03', fx.shop.manager.id);
    const company = await fx.core.consolidatedClosings.report('month', '2026-03', 'company');
    expect(company.tills.map((t) => [t.tillId, t.shopId, t.seq])).toEqual([[1, 1, c1.seq], [2, 2, c2.seq]]);
    expect(company.totals.total).toBe(c1.total + c2.total);
    expect(company.totals.salesCount).toBe(c1.salesCount + c2.salesCount);
    expect(company.totals.byMethod.card).toBe((c1.totals.byMethod.card ?? 0) + 450);
    // Nothing was written: the view is read from the tills' own closings.
    expect(Number((await fx.core.knex('closings').where({ kind: 'month' }).count({ n: '*' }).first())!.n)).toBe(2);
    const shops = (await fx.core.shops.list()).map((s) => ({ id: s.id, code: s.code, name: s.name }));
    const columns = await fx.core.consolidatedClosings.byShop('month', '2026-03', shops);
    expect(unbalancedRows(columns)).toEqual([]);
    expect(columns.totals.byShop.map((c) => c.total)).toEqual([c1.total, c2.total]);
    await expect(fx.core.consolidatedClosings.report('month', '2026-13', 'company')).rejects.toThrow('Période invalide');
    await expect(fx.core.consolidatedClosings.report('month', '2026-05', 'company')).rejects.toThrow('Aucune clôture mensuelle 2026-05');
  });

  test('hours by shop: the shifts clocked at each shop\'s tills, adding up to the company\'s', async () => {
    const at = (h: number) => new Date(2026, 3, 3, h, 0);
    now = at(9);
    await till2.timeClock.clockIn(fx.shop.cashier);
    now = at(11);
    await till2.timeClock.clockOut(fx.shop.cashier);
    now = at(12);
    await fx.core.timeClock.clockIn(fx.shop.cashier);
    now = at(13);
    await fx.core.timeClock.clockOut(fx.shop.cashier);
    now = at(20);
    const shops = (await fx.core.shops.list()).map((s) => ({ id: s.id, code: s.code, name: s.name }));
    const columns = await fx.core.timeClock.hoursByShop('2026-04-03', '2026-04-03', shops);
    const cashier = columns.rows.find((r) => r.key === String(fx.shop.cashier.id))!;
    expect(cashier.byShop.map((c) => c.count)).toEqual([3600, 7200]);
    expect(cashier.company.count).toBe(10_800);
    expect((await fx.core.timeClock.hours('2026-04-03', '2026-04-03', 2)).totals.seconds).toBe(7200);
    const loyalty = await fx.core.loyalty.reportByShop({ from: '2026-03-01', to: '2026-03-31' }, shops);
    expect(loyalty.totals.byShop.map((c) => c.count)).toEqual([0, 0]);
  });
});
