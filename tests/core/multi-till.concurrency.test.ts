// Four till processes selling the same articles at the same moment, on one
// PostgreSQL server (and on one SQLite file): no unit of stock is lost, even
// for an article sold past zero (the till never refuses goods the customer
// holds; stock below zero means "sold before received"), each till numbers
// its own sales without a gap or a repeat, and every journal chain verifies.
import { fileURLToPath } from 'node:url';
import { ENGINES, newTestDb, type TestDb } from '../helpers/engines.js';
import { runTogether, startReadyChild } from '../helpers/ready-child.js';
import { runPos } from '../helpers/run-pos.js';
import { smallShop } from '../helpers/shop.js';

const TILL_LOOP = fileURLToPath(new URL('../fixtures/till-loop.mjs', import.meta.url));
const TILLS = [1, 2, 3, 4];
const ROUNDS = 8;

const oneToRounds = Array.from({ length: ROUNDS }, (_, i) => i + 1);

describe.each(ENGINES)('four tills selling at once on %s', (engine) => {
  let db: TestDb;
  beforeAll(() => {
    db = newTestDb(engine);
  });
  afterAll(() => db.cleanup());

  test('stock = initial − sold, in step with its moves; numbering per till never repeats; every chain verifies', async () => {
    // An empty database (a fresh PostgreSQL schema): `pos db migrate` is the whole set-up.
    const migrated = runPos(['db', 'migrate', '--db', db.spec]);
    expect(migrated.stderr).toBe('');
    expect(migrated.code).toBe(0);

    const setup = await db.core({ migrate: false, registerTill: false });
    let ids: { plenty: number; scarce: number };
    try {
      const shop = await smallShop(setup);
      const scarce = await setup.catalog.createArticle({
        plu: '301', name: 'Dernières truffes', categoryId: shop.nutella.categoryId!, price: 990,
        taxRateId: shop.nutella.taxRateId, initialStock: 5000,
      });
      ids = { plenty: shop.nutella.id, scarce: scarce.id };
    } finally {
      await setup.close();
    }

    // Each till registers itself on start, as `pos --till N` does.
    const results = await runTogether(TILLS.map((till) => startReadyChild(TILL_LOOP, [db.spec, String(till), String(ROUNDS)])));
    for (const [i, r] of results.entries()) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      // Each till's own numbering: 1, 2, 3… whatever the others do.
      // …and no deadlock on the way: the sales lock their stock rows in article order (a deadlock would be
      // retried silently, so the child counts what the database reported).
      expect(JSON.parse(r.stdout)).toEqual({ till: TILLS[i], numbers: oneToRounds, deadlocks: 0 });
    }

    const core = await db.core({ migrate: false });
    try {
      const sold = TILLS.length * ROUNDS * 1000;
      for (const [id, initial] of [[ids.plenty, 20000], [ids.scarce, 5000]] as const) {
        const stock = await core.stock.quantity(id);
        expect(stock).toBe(initial - sold);
        expect(await core.stock.ledgerQuantity(id)).toBe(stock);
      }
      expect(await core.stock.quantity(ids.scarce)).toBeLessThan(0);

      const sales = await core.knex('sales').select('till_id', 'number', 'total');
      expect(sales).toHaveLength(TILLS.length * ROUNDS);
      expect(new Set(sales.map((s) => `${String(s.till_id)}/${String(s.number)}`)).size).toBe(sales.length);

      for (const till of await core.tills.list()) {
        const own = sales.filter((s) => Number(s.till_id) === till.id);
        expect(till.saleSeq).toBe(own.length);
        expect(till.grandTotal).toBe(own.reduce((a, s) => a + Number(s.total), 0));
      }
      expect((await core.tills.list()).map((t) => t.id)).toEqual(TILLS);

      const journal = await core.journal.verify();
      expect(journal.chains.filter((c) => c.broken)).toEqual([]);
      expect(journal.ok).toBe(true);
      expect(journal.sales).toBe(TILLS.length * ROUNDS);
      for (const till of TILLS) {
        expect(journal.chains.find((c) => c.chain === 'sales' && c.tillId === till)?.count).toBe(ROUNDS);
      }
    } finally {
      await core.close();
    }
  });
});
