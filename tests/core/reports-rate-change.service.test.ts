// Sales by article and by category when a key was sold at several VAT rates
// (a rate changed while a ticket was open; a category mixing rates): each sale
// counts once per row, the VAT is taken out per rate, the names are the
// articles'. SQLite and PostgreSQL.
import { sellable } from '../../src/core/catalogue/article.js';
import type { Core } from '../../src/core/shop/core.service.js';
import { addLine } from '../../src/core/sales/ticket.js';
import { vatOfInclusive } from '../../src/core/catalogue/vat.js';
import { ENGINES, newTestDb, type TestDb } from '../helpers/engines.js';
import { smallShop, type SmallShop } from '../helpers/shop.js';

describe.each(ENGINES)('sales by article across a VAT rate change on %s', (engine) => {
  let db: TestDb;
  let core: Core;
  let shop: SmallShop;
  const period = { from: '2026-11-02', to: '2026-11-02' };

  beforeAll(async () => {
    db = newTestDb(engine);
    core = await db.core({ clock: () => new Date(2026, 10, 2, 10, 0, 0) });
    shop = await smallShop(core);
    const nutella = sellable(shop.nutella);
    // The same article at 5.5 % then at 20 % in one ticket (a wine between: a
    // line repeating the last one would only add to its quantity).
    let ticket = addLine(core.tickets.create(), nutella, 1000);
    ticket = addLine(ticket, sellable(shop.wine), 1000);
    ticket = addLine(ticket, { ...nutella, taxRateBp: 2000 }, 1000);
    await core.sales.complete(ticket, [{ method: 'card', amount: 450 + 450 + 1290 }], shop.cashier.id);
    const rates = await core.knex('sale_lines').where({ article_id: shop.nutella.id }).orderBy('line_no').pluck('tax_rate_bp');
    expect(rates.map(Number)).toEqual([550, 2000]);
    await core.sales.complete(addLine(core.tickets.create(), nutella, 2000), [{ method: 'card', amount: 900 }], shop.cashier.id);
    await core.sales.complete(addLine(core.tickets.create(), { ...nutella, taxRateBp: 2000 }, 1000), [{ method: 'card', amount: 450 }], shop.cashier.id);
    await core.sales.complete(addLine(core.tickets.create(), sellable(shop.comte), 500), [{ method: 'card', amount: 1645 }], shop.cashier.id);
  }, 60_000);
  afterAll(async () => {
    await core.close();
    await db.cleanup();
  });

  test('by article: one sale counted once at both rates, VAT per rate, named', async () => {
    const report = await core.reports.salesBy('article', period);
    const row = report.rows.find((r) => r.key === String(shop.nutella.id))!;
    expect(row).toMatchObject({ label: shop.nutella.name, code: shop.nutella.plu, sales: 3, items: 5, quantity: 5000, total: 2250 });
    expect(row.totalHt).toBe(2250 - vatOfInclusive(1350, 550) - vatOfInclusive(900, 2000));
    expect(report.rows.find((r) => r.key === String(shop.wine.id))).toMatchObject({ label: shop.wine.name, code: '201', sales: 1, total: 1290 });
    expect(report.rows.map((r) => r.key).sort()).toEqual([shop.nutella.id, shop.wine.id, shop.comte.id].map(String).sort());
    expect(report.totals).toMatchObject({ sales: 4, total: 2250 + 1290 + 1645 });
  });

  test('by category: a category mixing rates counts each of its sales once', async () => {
    const report = await core.reports.salesBy('category', period);
    const grocery = report.rows.find((r) => r.key === String(shop.nutella.categoryId))!;
    expect(grocery).toMatchObject({ sales: 4, total: 2250 + 1645, items: 6 });
    expect(grocery.totalHt).toBe(2250 + 1645 - vatOfInclusive(1350 + 1645, 550) - vatOfInclusive(900, 2000));
    expect(report.rows.find((r) => r.key === String(shop.wine.categoryId))).toMatchObject({ sales: 1, total: 1290 });
  });
});
