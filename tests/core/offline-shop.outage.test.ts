// A till of a second shop through an outage (issue #22): its offline file
// holds its own shop's stock, prices and settings (not the other shop's), it
// sells offline at its shop's price from its shop's stock, and the drain
// moves that shop's stock on the server, once.
import { sellable } from '../../src/core/catalogue/article.js';
import { actorOf } from '../../src/core/fiscal/audit.service.js';
import { localTillShop } from '../../src/core/shop/offline-till.service.js';
import { addLine, computeTotals } from '../../src/core/sales/ticket.js';
import { shopStockQuantity } from '../../src/core/stock/stock.service.js';
import { PG_URL } from '../helpers/engines.js';
import { openOutageRig, type OutageRig } from '../helpers/outage.js';

const maybe = PG_URL ? describe : describe.skip;

maybe('a second shop’s till through an outage (PostgreSQL behind a proxy)', () => {
  let rig: OutageRig;
  let now = new Date('2026-11-20T09:00:00.000Z');
  const clock = () => now;
  const tick = () => {
    now = new Date(now.getTime() + 60_000);
  };

  beforeAll(async () => {
    rig = await openOutageRig({
      clock, serverTimeoutMs: 1500, tillId: 2,
      prepare: async (direct, shop) => {
        const owner = await direct.staff.create({ name: 'Anne Patronne', role: 'owner', pin: '7391' }, { pinRule: 'weak-allowed' });
        const actor = actorOf(owner, direct.tillId);
        const port = await direct.shops.add({ code: 'port', name: 'Épicerie du Port' }, actor);
        await direct.shops.placeTill(2, port.id, actor);
        await direct.shops.setArticle(port.id, shop.wine.id, { price: 1350 }, actor);
        await direct.knex('shop_settings').insert({ shop_id: port.id, key: 'receipt.footer', value: JSON.stringify(['Au port']), updated_at: now.toISOString() }).onConflict(['shop_id', 'key']).merge();
        const stock2 = await direct.shops.get(port.id);
        expect(stock2!.tills).toEqual([2]);
        const { StockService } = await import('../../src/core/stock/stock.service.js');
        await new StockService(direct.knex, clock, port.id).receive(shop.nutella.id, 10000, { note: 'BL port' });
      },
    });
  }, 30_000);
  afterAll(() => rig?.close());

  test('the file holds its shop only; sold offline at its price from its stock; drained once into its shop', async () => {
    const { till, direct, proxy, shop, offlineFile } = rig;
    expect(till.local.shopId).toBe(2);
    expect(await localTillShop(offlineFile, 2)).toBe(2);
    const localRows = await till.local.knex('shop_articles').orderBy('article_id').select('shop_id', 'article_id', 'stock_qty', 'price');
    expect(localRows.every((r) => Number(r.shop_id) === 2)).toBe(true);
    expect(localRows.map((r) => [Number(r.article_id), Number(r.stock_qty), r.price === null ? null : Number(r.price)])).toEqual([[shop.nutella.id, 10000, null], [shop.wine.id, 0, 1350]]);
    expect(await till.local.settings.get('receipt.footer')).toEqual(['Au port']);
    const shop1Nutella = await shopStockQuantity(direct.knex, 1, shop.nutella.id);

    await proxy.cut();
    tick();
    let ticket = addLine(till.local.tickets.create(), sellable(await till.local.catalog.requireArticle(shop.nutella.id)), 2000);
    ticket = addLine(ticket, sellable((await till.local.catalog.lookup('201'))!.article), 1000);
    const sale = await till.complete(ticket, [{ method: 'cash', amount: computeTotals(ticket).total }], shop.cashier.id);
    expect(till.status()).toMatchObject({ offline: true, pending: 1 });
    expect(sale.total).toBe(900 + 1350);
    expect(await shopStockQuantity(till.local.knex, 2, shop.nutella.id)).toBe(8000);

    await proxy.restore();
    expect(await till.probe()).toBe(true);
    expect(till.status()).toMatchObject({ offline: false, pending: 0 });
    expect(await shopStockQuantity(direct.knex, 2, shop.nutella.id)).toBe(8000);
    expect(await shopStockQuantity(direct.knex, 2, shop.wine.id)).toBe(-1000);
    expect(await shopStockQuantity(direct.knex, 1, shop.nutella.id)).toBe(shop1Nutella);
    const sales = await direct.knex('sales').where({ till_id: 2 }).select('total');
    expect(sales.map((s) => Number(s.total))).toEqual([2250]);
    // A second drain finds nothing to send: exactly once.
    expect((await till.drain()).sent).toBe(0);
    expect(await direct.knex('stock_moves').where({ shop_id: 2, reason: 'sale' }).count({ c: '*' }).first().then((r) => Number(r!.c))).toBe(2);
    expect((await direct.journal.verify()).ok).toBe(true);
  });
});
