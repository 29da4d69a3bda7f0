// The scale test of issue #22, on PostgreSQL: three shops of three tills each
// selling at once, with transfers in flight between the shops and a back
// office receiving supplier deliveries meanwhile. Afterwards each shop's
// stock of each article equals what the business documents say (its opening
// stock + deliveries received + transfers received − transfers sent − sold by
// its tills) and the sum of its own ledger; every till numbered its sales
// 1, 2, 3… without a gap or a repeat; no deadlock; every journal verifies.
import { fileURLToPath } from 'node:url';
import { actorOf } from '../../src/core/fiscal/audit.service.js';
import { PurchasingService } from '../../src/core/stock/purchasing.service.js';
import { StockService } from '../../src/core/stock/stock.service.js';
import { newTestDb, PG_URL, type TestDb } from '../helpers/engines.js';
import { runTogether, startReadyChild } from '../helpers/ready-child.js';
import { runPos } from '../helpers/run-pos.js';
import { smallShop } from '../helpers/shop.js';

const TILL_LOOP = fileURLToPath(new URL('../fixtures/till-loop.mjs', import.meta.url));
const BACKOFFICE_LOOP = fileURLToPath(new URL('../fixtures/multi-shop-office.mjs', import.meta.url));
const SHOPS = [1, 2, 3];
const TILLS_OF: Record<number, number[]> = { 1: [1, 2, 3], 2: [4, 5, 6], 3: [7, 8, 9] };
const BACK_OFFICE_TILL = 10;
const ROUNDS = 6;
const OPENING = 30000;

const n = (v: unknown) => Number(v);
const maybe = PG_URL ? describe : describe.skip;

maybe('three shops of three tills on one PostgreSQL server', () => {
  let db: TestDb;
  beforeAll(() => {
    db = newTestDb('pg');
  });
  afterAll(() => db.cleanup());

  test('selling, transferring and receiving at once: stock exact per shop, numbers unique per till, every journal verifying', async () => {
    expect(runPos(['db', 'migrate', '--db', db.spec]).code).toBe(0);
    const setup = await db.core({ tillId: BACK_OFFICE_TILL });
    const ids: number[] = [];
    const orders: Record<number, number> = {};
    try {
      const shop = await smallShop(setup);
      const owner = await setup.staff.create({ name: 'Anne Patronne', role: 'owner', pin: '7391' }, { pinRule: 'weak-allowed' });
      const actor = actorOf(owner, setup.tillId);
      const scarce = await setup.catalog.createArticle({ plu: '301', name: 'Dernières truffes', categoryId: shop.nutella.categoryId, price: 990, taxRateId: shop.nutella.taxRateId });
      ids.push(shop.nutella.id, scarce.id);
      await setup.shops.add({ code: 'port', name: 'Épicerie du Port' }, actor);
      await setup.shops.add({ code: 'gare', name: 'Épicerie de la Gare' }, actor);
      for (const shopId of SHOPS) for (const till of TILLS_OF[shopId]!) await setup.shops.placeTill(till, shopId, actor);
      // The cashier sells in every shop, the manager runs the back office of all three.
      for (const shopId of [2, 3]) for (const who of [shop.cashier, shop.manager]) await setup.staff.assignShop(who.id, shopId, actor);
      const supplier = await setup.suppliers.create({ name: 'Grossiste du Centre', contact: '', email: '', phone: '', leadTimeDays: 2, minOrderValue: 0 });
      for (const shopId of SHOPS) {
        // The same opening stock of both articles everywhere (shop 1's nutella was made with 20 units: topped up).
        const stock = new StockService(setup.knex, setup.clock, shopId);
        for (const id of ids) {
          const short = OPENING - (await stock.quantity(id));
          if (short > 0) await stock.receive(id, short, { note: 'ouverture' });
        }
        const purchasing = new PurchasingService(setup.knex, setup.clock, shopId);
        const order = await purchasing.createDraft(supplier.id);
        await purchasing.addLine(order.id, shop.nutella.id, ROUNDS * 1000 + 5000);
        await purchasing.send(order.id);
        orders[shopId] = order.id;
      }
    } finally {
      await setup.close();
    }
    const opening = async (core: Awaited<ReturnType<TestDb['core']>>, shopId: number, articleId: number) =>
      n((await core.knex('stock_moves').where({ shop_id: shopId, article_id: articleId }).whereIn('reason', ['initial', 'receipt']).whereNull('purchase_order_id').sum({ q: 'quantity' }).first())!.q ?? 0);

    const tills = SHOPS.flatMap((s) => TILLS_OF[s]!);
    const results = await runTogether([
      ...tills.map((till) => startReadyChild(TILL_LOOP, [db.spec, String(till), String(ROUNDS)])),
      startReadyChild(BACKOFFICE_LOOP, [db.spec, String(BACK_OFFICE_TILL), String(ROUNDS), JSON.stringify(orders)]),
    ]);
    for (const [i, r] of results.entries()) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      if (i < tills.length) expect(JSON.parse(r.stdout)).toEqual({ till: tills[i], numbers: Array.from({ length: ROUNDS }, (_, k) => k + 1), deadlocks: 0 });
    }
    const office = JSON.parse(results.at(-1)!.stdout);
    expect(office).toMatchObject({ received: (ROUNDS - 1) * 3, deliveries: ROUNDS * 3, deadlocks: 0 });
    expect(office.inFlight).toHaveLength(3);

    const core = await db.core({ tillId: BACK_OFFICE_TILL, migrate: false });
    try {
      for (const shopId of SHOPS) {
        const stock = new StockService(core.knex, core.clock, shopId);
        for (const articleId of ids) {
          // What the documents say, each read from its own table.
          const sold = n((await core.knex('sale_lines as l').join('sales as s', 's.id', 'l.sale_id').join('tills as t', 't.id', 's.till_id')
            .where({ 't.shop_id': shopId, 'l.article_id': articleId }).sum({ q: 'l.quantity' }).first())!.q ?? 0);
          const delivered = n((await core.knex('purchase_order_lines as l').join('purchase_orders as o', 'o.id', 'l.order_id')
            .where({ 'o.shop_id': shopId, 'l.article_id': articleId }).sum({ q: 'l.received_qty' }).first())!.q ?? 0);
          const sent = n((await core.knex('transfer_lines as l').join('transfers as t', 't.id', 'l.transfer_id')
            .where({ 't.from_shop_id': shopId, 'l.article_id': articleId }).whereNot('t.status', 'draft').whereNot('t.status', 'cancelled').sum({ q: 'l.quantity' }).first())!.q ?? 0);
          const arrived = n((await core.knex('transfer_lines as l').join('transfers as t', 't.id', 'l.transfer_id')
            .where({ 't.to_shop_id': shopId, 'l.article_id': articleId }).sum({ q: 'l.received_qty' }).first())!.q ?? 0);
          const expected = (await opening(core, shopId, articleId)) + delivered + arrived - sent - sold;
          expect({ shopId, articleId, stock: await stock.quantity(articleId) }).toEqual({ shopId, articleId, stock: expected });
          expect(await stock.ledgerQuantity(articleId)).toBe(expected);
        }
        // Its tills sold ROUNDS of each article each.
        const soldByShop = n((await core.knex('sale_lines as l').join('sales as s', 's.id', 'l.sale_id').join('tills as t', 't.id', 's.till_id')
          .where({ 't.shop_id': shopId, 'l.article_id': ids[0] }).sum({ q: 'l.quantity' }).first())!.q);
        expect(soldByShop).toBe(TILLS_OF[shopId]!.length * ROUNDS * 1000);
      }
      // The goods in flight are out of their shop and in no other: one unit per last-round transfer.
      const inTransit = await core.knex('transfer_lines as l').join('transfers as t', 't.id', 'l.transfer_id').where('t.status', 'sent').select('t.reference', 'l.quantity');
      expect(inTransit.map((r) => r.reference).sort()).toEqual([...office.inFlight].sort());

      const sales = await core.knex('sales').select('till_id', 'number');
      expect(sales).toHaveLength(tills.length * ROUNDS);
      expect(new Set(sales.map((s) => `${n(s.till_id)}/${n(s.number)}`)).size).toBe(sales.length);
      const journal = await core.journal.verify();
      expect(journal.chains.filter((c) => c.broken)).toEqual([]);
      expect(journal.ok).toBe(true);
      for (const till of tills) expect(journal.chains.find((c) => c.chain === 'sales' && c.tillId === till)?.count).toBe(ROUNDS);
    } finally {
      await core.close();
    }
  });
});
