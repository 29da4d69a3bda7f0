// Several shops on one database (issue #22), on SQLite and PostgreSQL: an
// existing database becomes shop 1 unchanged (migration 018 from the schema
// before it); a second shop has its own stock, prices, settings and tills,
// while the catalogue is shared; a till that has sold stays in its shop.
import { sellable } from '../../src/core/catalogue/article.js';
import { migrate, rollbackLast } from '../../src/core/basics/db.service.js';
import { actorOf } from '../../src/core/fiscal/audit.service.js';
import { addLine, computeTotals } from '../../src/core/sales/ticket.js';
import type { Core } from '../../src/core/shop/core.service.js';
import { shopStockQuantity } from '../../src/core/stock/stock.service.js';
import { ENGINES } from '../helpers/engines.js';
import { coreFixture } from '../helpers/shop.js';

const n = (v: unknown) => Number(v);

describe.each(ENGINES)('shops on %s', (engine) => {
  let now = new Date('2026-11-20T09:00:00.000Z');
  const fx = coreFixture(engine, { clock: () => now });
  const tick = () => {
    now = new Date(now.getTime() + 60_000);
  };
  const opened: Core[] = [];
  afterAll(async () => {
    for (const core of opened) await core.close();
  });
  const tillCore = async (tillId: number) => {
    const core = await fx.db.core({ tillId, clock: () => now });
    opened.push(core);
    return core;
  };
  const sell = async (core: Core, articleId: number, qty: number) => {
    const article = await core.catalog.requireArticle(articleId);
    const ticket = addLine(core.tickets.create(), sellable(article), qty);
    tick();
    return core.sales.complete(ticket, [{ method: 'cash', amount: computeTotals(ticket).total }], fx.shop.cashier.id);
  };

  test('an existing database becomes shop 1, unchanged: its settings, stock, tills and staff', async () => {
    const { core, shop } = fx;
    await core.settings.setMany({ 'shop.name': 'Épicerie Martin', 'receipt.footer': ['À bientôt'], 'live.pollSeconds': 3 });
    await sell(core, shop.nutella.id, 2000);
    // Back to the schema before shops (018's down, and those after it), as a database of the last version is.
    while (await core.knex.schema.hasTable('shops')) await rollbackLast(core.knex);
    expect(n((await core.knex('articles').where({ id: shop.nutella.id }).first('stock_qty'))!.stock_qty)).toBe(18000);
    expect(await core.knex.schema.hasTable('shops')).toBe(false);
    expect(JSON.parse(String((await core.knex('settings').where({ key: 'shop.name' }).first('value'))!.value))).toBe('Épicerie Martin');

    expect((await migrate(core.knex))[0]).toBe('018_shops');
    expect(await core.shops.list()).toEqual([{ id: 1, code: 'principal', name: 'Épicerie Martin', address: [], siret: '', vatNumber: '', active: true, tills: [1] }]);
    expect(await core.knex.schema.hasColumn('articles', 'stock_qty')).toBe(false);
    expect(await shopStockQuantity(core.knex, 1, shop.nutella.id)).toBe(18000);
    expect(await core.stock.quantity(shop.nutella.id)).toBe(await core.stock.ledgerQuantity(shop.nutella.id));
    expect((await core.catalog.requireArticle(shop.wine.id)).stockQty).toBe(12000);
    // A shop's own settings moved, the company's stayed.
    expect(await core.knex('settings').whereIn('key', ['shop.name', 'receipt.footer']).select('key')).toEqual([]);
    expect(await core.settings.get('shop.name')).toBe('Épicerie Martin');
    expect(await core.settings.get('receipt.footer')).toEqual(['À bientôt']);
    expect(await core.settings.get('live.pollSeconds')).toBe(3);
    const staff = (await core.knex('employee_shops').orderBy('employee_id').select('employee_id', 'shop_id')).map((r) => [n(r.employee_id), n(r.shop_id)]);
    expect(staff).toEqual([[shop.cashier.id, 1], [shop.manager.id, 1]]);
    expect((await core.journal.verify()).ok).toBe(true);
  });

  test('a second shop: shared catalogue, its own stock, price, settings and receipt; refusals change nothing', async () => {
    const { core, shop } = fx;
    const owner = await core.staff.create({ name: 'Anne Patronne', role: 'owner', pin: '7391' }, { pinRule: 'weak-allowed' });
    const actor = actorOf(owner, core.tillId);
    const port = await core.shops.add({ code: ' Port ', name: 'Épicerie du Port', address: ['2 quai Est', '29900 Concarneau'], siret: '73282932000074' }, actor);
    expect(port).toMatchObject({ id: 2, code: 'port', name: 'Épicerie du Port', siret: '73282932000074', tills: [] });
    await core.shops.placeTill(2, port.id, actor);
    const till2 = await tillCore(2);
    expect(till2.shopId).toBe(2);

    // Its stock starts empty; a delivery there leaves shop 1's alone.
    expect((await till2.catalog.requireArticle(shop.nutella.id)).stockQty).toBe(0);
    expect(await till2.stock.receive(shop.nutella.id, 10000, { note: 'BL 77' })).toBe(10000);
    const before1 = await core.stock.quantity(shop.nutella.id);
    await sell(till2, shop.nutella.id, 3000);
    expect(await till2.stock.quantity(shop.nutella.id)).toBe(7000);
    expect(await till2.stock.ledgerQuantity(shop.nutella.id)).toBe(7000);
    expect(await core.stock.quantity(shop.nutella.id)).toBe(before1);
    expect((await till2.stock.moves(shop.nutella.id)).map((m) => [m.reason, m.quantity, m.tillId])).toEqual([['receipt', 10000, null], ['sale', -3000, 2]]);

    // The shop's price wins at its tills, in the sale and in the journal; the catalogue's stays elsewhere.
    await core.shops.setArticle(port.id, shop.wine.id, { price: 1350, minStock: 2000 }, actor);
    expect((await till2.catalog.lookup('201'))!.article.price).toBe(1350);
    expect((await core.catalog.lookup('201'))!.article.price).toBe(1290);
    const sale = await sell(till2, shop.wine.id, 1000);
    expect(sale.total).toBe(1350);
    const priceEvent = (await core.knex('audit_events').where({ kind: 'price_change' }).orderBy('id', 'desc').first('details'))!;
    expect(JSON.parse(String(priceEvent.details))).toMatchObject({ oldPrice: 1290, newPrice: 1350, shopId: 2 });
    // Under its own minimum in its own stock: the wine (minimum 2, none received) is low in shop 2 only.
    expect((await till2.stock.lowStock()).map((r) => [r.name, r.stockQty, r.minStock])).toContainEqual(['Bordeaux Supérieur 2022', -1000, 2000]);
    expect((await core.stock.lowStock()).map((r) => r.name)).not.toContain('Bordeaux Supérieur 2022');

    // Its name and address are on its receipts; shop 1's receipts keep theirs.
    const receipt = await till2.receipts.inputFor(sale);
    expect(receipt.input.shop).toMatchObject({ name: 'Épicerie du Port', address: ['2 quai Est', '29900 Concarneau'], siret: '73282932000074' });
    const shop1Sale = await sell(core, shop.comte.id, 100);
    expect((await core.receipts.inputFor(shop1Sale)).input.shop.name).toBe('Épicerie Martin');
    // Its settings are its own; the company's are shared.
    await till2.settings.set('receipt.footer', ['Merci, à bientôt au port']);
    expect(await core.settings.get('receipt.footer')).toEqual(['À bientôt']);
    expect(await till2.settings.get('live.pollSeconds')).toBe(3);

    // Refused, and nothing changed.
    const shopsBefore = await core.shops.list();
    await expect(core.shops.add({ code: 'port', name: 'Autre' }, actor)).rejects.toThrow('déjà le code « port »');
    await expect(core.shops.add({ code: '42', name: 'Autre' }, actor)).rejects.toThrow('Code de boutique invalide');
    await expect(core.shops.add({ code: 'a b', name: 'Autre' }, actor)).rejects.toThrow('Code de boutique invalide');
    await expect(core.shops.add({ code: 'nord', name: 'Nord', siret: '12345' }, actor)).rejects.toThrow(/SIRET/);
    await expect(core.shops.add({ code: 'nord', name: 'x\u0007' }, actor)).rejects.toThrow();
    await expect(core.shops.placeTill(2, 1, actor)).rejects.toThrow('a déjà vendu dans la boutique 2');
    await expect(core.shops.placeTill(3, 9, actor)).rejects.toThrow('Boutique 9 inconnue');
    await expect(core.shops.setArticle(port.id, shop.wine.id, { price: -1 }, actor)).rejects.toThrow('Prix invalide');
    await expect(core.shops.resolve('nulle-part')).rejects.toThrow('inconnue');
    expect(await core.shops.list()).toEqual(shopsBefore);

    // Giving the catalogue's price back.
    await core.shops.setArticle(port.id, shop.wine.id, { price: null }, actor);
    expect((await till2.catalog.lookup('201'))!.article.price).toBe(1290);
    // Every change was audited under the owner, and every chain verifies.
    const events = await core.knex('audit_events').where({ kind: 'shop' }).orderBy('id').select('employee_id', 'details');
    expect(events.map((e) => JSON.parse(String(e.details)).action)).toEqual(['add', 'place-till', 'set-article', 'set-article']);
    expect(events.every((e) => n(e.employee_id) === owner.id)).toBe(true);
    expect((await core.journal.verify()).ok).toBe(true);
  });

  test('customers across shops: one account of visits and one loyalty card, each sale named by its shop', async () => {
    const { core, shop } = fx;
    const till2 = await tillCore(2);
    const customer = await core.customers.create({ code: 'C-900', firstName: 'Jeanne', lastName: 'Quéré' });
    const sellTo = async (at: Core, articleId: number) => {
      const article = await at.catalog.requireArticle(articleId);
      const ticket = { ...addLine(at.tickets.create(), sellable(article), 1000), customerId: customer.id };
      tick();
      return at.sales.complete(ticket, [{ method: 'cash', amount: computeTotals(ticket).total }], fx.shop.cashier.id);
    };
    await core.settings.set('loyalty.criterion', 'visits');
    const before = (await core.loyalty.status(customer.id))!.progress;
    const first = await sellTo(core, shop.comte.id);
    const second = await sellTo(till2, shop.nutella.id);
    // The card filled in one shop goes on filling in the other: the same progress seen from both.
    const status1 = (await core.loyalty.status(customer.id))!;
    expect(status1).toEqual(await till2.loyalty.status(customer.id));
    expect(status1.progress).toBe(before + 2);
    const history = await core.history.sales(customer.id);
    expect(history.map((s) => [s.id, s.shop])).toEqual([[second.id, 'port'], [first.id, 'principal']]);
    expect(await core.history.summary(customer.id)).toMatchObject({ saleCount: 2, spent: first.total + second.total });
  });

  test('a shop’s own grid for a category: its tills move it, the other shops keep the catalogue’s; given back, the catalogue’s again', async () => {
    const { core, shop } = fx;
    const till2 = await tillCore(2);
    const owner = await core.staff.create({ name: 'Paul Patron', role: 'owner', pin: '739184' });
    const actor = actorOf(owner, core.tillId);
    const grocery = shop.nutella.categoryId;
    const order = async (at: Core) => (await at.catalog.gridPage(grocery, 0, 10)).articles.map((a) => a.plu);
    const catalogue = await order(core);
    expect(await order(till2)).toEqual(catalogue);

    await core.shops.ownGrid(2, grocery, true, actor);
    expect(await order(till2)).toEqual(catalogue); // it starts from the catalogue's layout
    await till2.catalog.moveInGrid(shop.comte.id, 0);
    const moved = await order(till2);
    expect(moved[0]).toBe('10001');
    expect(moved).not.toEqual(catalogue);
    expect(await order(core)).toEqual(catalogue); // shop 1 untouched
    expect((await till2.catalog.articlesOfCategory(grocery)).map((a) => a.plu)).toEqual(moved);
    expect((await till2.catalog.requireArticle(shop.comte.id)).gridPosition).toBe(1);
    // A move at shop 1 moves the catalogue's grid, not the port's own.
    await core.catalog.moveInGrid(shop.nutella.id, 1);
    const catalogueNow = await order(core);
    expect(await order(till2)).toEqual(moved);
    // Refused twice over, and nothing changes.
    await expect(core.shops.ownGrid(2, grocery, true, actor)).rejects.toThrow('déjà sa propre grille');
    await expect(core.shops.ownGrid(2, 999, true, actor)).rejects.toThrow('introuvable');
    await expect(core.shops.ownGrid(2, grocery, false, actorOf(shop.cashier, core.tillId))).rejects.toThrow("n'est pas affecté");
    expect(await order(till2)).toEqual(moved);
    await core.shops.ownGrid(2, grocery, false, actor);
    expect(await order(till2)).toEqual(catalogueNow);
    expect((await core.journal.verify()).ok).toBe(true);
  });

  test('live changes: a till sees its own shop’s stock move, not another shop’s', async () => {
    const { core, shop } = fx;
    const till2 = await tillCore(2);
    const since = new Date(now.getTime() + 1);
    tick();
    await core.stock.adjust(shop.comte.id, 500, 'adjustment');
    expect((await core.catalog.changedSince(since)).map((a) => a.id)).toEqual([shop.comte.id]);
    expect(await till2.catalog.changedSince(since)).toEqual([]);
    tick();
    await till2.stock.adjust(shop.wine.id, 1000, 'adjustment');
    const seen = await till2.catalog.changedSince(since);
    expect(seen.map((a) => [a.id, a.stockQty])).toEqual([[shop.wine.id, 0]]);
  });
});
