// Stock reports on SQLite and PostgreSQL: valuation at cost per category
// (weighed articles by the kg, stock below zero worth nothing) and slow
// movers (no sale for N days, or never sold).
import { stockValue } from '../../src/core/stock/stock-reports.service.js';
import { ENGINES } from '../helpers/engines.js';
import { coreFixture } from '../helpers/shop.js';

test('stock value rounds once per article and ignores stock below zero', () => {
  expect(stockValue(1250, 1799)).toBe(2249); // 1,25 kg x 17,99 = 22,4875
  expect(stockValue(3000, 620)).toBe(1860);
  expect(stockValue(-2000, 620)).toBe(0);
  expect(stockValue(0, 620)).toBe(0);
});

describe.each(ENGINES)('stock reports on %s', (engine) => {
  let now = new Date('2026-10-01T10:00:00.000Z');
  const fx = coreFixture(engine, { clock: () => now });

  beforeAll(async () => {
    const sell = (key: 'nutella' | 'wine', qty: number, amount: number) =>
      fx.core.sales.complete(fx.ticketOf([key, qty]), [{ method: 'cash', amount }], fx.shop.cashier.id);
    await sell('wine', 1000, 1290); // 1 October: the wine's last sale
    now = new Date('2026-11-10T10:00:00.000Z');
    await sell('nutella', 2000, 900); // 10 November
    now = new Date('2026-11-20T10:00:00.000Z');
  });

  test('valuation per category and in total', async () => {
    const v = await fx.core.stockReports.valuation();
    // Épicerie: nutella 18 x 2,10 = 37,80 + comté 5 kg x 18,00 = 90,00; Cave: wine 11 x 6,20 = 68,20
    expect(v.rows).toEqual([
      { category: 'Épicerie', articles: 2, value: 3780 + 9000 },
      { category: 'Cave', articles: 1, value: 6820 },
    ]);
    expect(v.total).toEqual({ articles: 3, value: 3780 + 9000 + 6820 });
  });

  test('slow movers: no sale for N days, never-sold articles included, the most valuable first', async () => {
    const d30 = await fx.core.stockReports.slowMovers(30);
    expect(d30.map((r) => [r.name, r.lastSale, r.value])).toEqual([
      ['Comté 18 mois', null, 9000],
      ['Bordeaux Supérieur 2022', '2026-10-01T10:00:00.000Z', 6820],
    ]);
    const d5 = await fx.core.stockReports.slowMovers(5);
    expect(d5.map((r) => r.name)).toEqual(['Comté 18 mois', 'Bordeaux Supérieur 2022', 'Pâte à tartiner noisette']);
    await expect(fx.core.stockReports.slowMovers(0)).rejects.toThrow('Nombre de jours invalide');
  });
});
