// The till and the back office, two processes on one SQLite file, both busy
// at once: the till sells while the back office edits prices, receives stock,
// changes a setting and reads its reports. Neither sees an error (WAL lets
// the readers through, the write lock taken first and the busy timeout make
// writers queue), and the data add up afterwards.
import { fileURLToPath } from 'node:url';
import { newTestDb, type TestDb } from '../helpers/engines.js';
import { runTogether, startReadyChild } from '../helpers/ready-child.js';
import { smallShop } from '../helpers/shop.js';

const TILL_LOOP = fileURLToPath(new URL('../fixtures/till-loop.mjs', import.meta.url));
const BACKOFFICE_LOOP = fileURLToPath(new URL('../fixtures/backoffice-loop.mjs', import.meta.url));
const SALES = 15;
const BACKOFFICE_ROUNDS = 10;

describe('the till and the back office on one SQLite file', () => {
  let db: TestDb;
  beforeAll(() => {
    db = newTestDb('sqlite');
  });
  afterAll(() => db.cleanup());

  test('both busy at once: no error on either side, stock, prices, settings and journal consistent', async () => {
    const setup = await db.core();
    let ids: { plenty: number; scarce: number; price: number };
    try {
      const shop = await smallShop(setup);
      const scarce = await setup.catalog.createArticle({
        plu: '301', name: 'Dernières truffes', categoryId: shop.nutella.categoryId!, price: 990,
        taxRateId: shop.nutella.taxRateId, initialStock: 5000,
      });
      ids = { plenty: shop.nutella.id, scarce: scarce.id, price: shop.nutella.price };
    } finally {
      await setup.close();
    }

    // Both as till 1, as on a one-till shop: the till, and `pos backoffice` beside it.
    const [till, backOffice] = await runTogether([
      startReadyChild(TILL_LOOP, [db.spec, '1', String(SALES)]),
      startReadyChild(BACKOFFICE_LOOP, [db.spec, String(BACKOFFICE_ROUNDS)]),
    ]);
    expect(till!.stderr).toBe('');
    expect(till!.code).toBe(0);
    expect(JSON.parse(till!.stdout).numbers).toHaveLength(SALES);
    expect(backOffice!.stderr).toBe('');
    expect(backOffice!.code).toBe(0);
    expect(JSON.parse(backOffice!.stdout)).toEqual({ rounds: BACKOFFICE_ROUNDS });

    const core = await db.core();
    try {
      const scarce = await core.stock.quantity(ids.scarce);
      expect(scarce).toBe(5000 - SALES * 1000 + BACKOFFICE_ROUNDS * 1000);
      expect(await core.stock.ledgerQuantity(ids.scarce)).toBe(scarce);
      expect(await core.stock.quantity(ids.plenty)).toBe(20000 - SALES * 1000);
      expect((await core.catalog.getArticle(ids.plenty))!.price).toBe(ids.price + BACKOFFICE_ROUNDS);
      expect(await core.settings.get('receipt.footer')).toEqual([`Merci ${BACKOFFICE_ROUNDS}`]);
      // Sales and price changes share till 1's chains: no broken link, nothing missing.
      const journal = await core.journal.verify();
      expect(journal.chains.filter((c) => c.broken)).toEqual([]);
      expect(journal.ok).toBe(true);
      expect(journal.sales).toBe(SALES);
      const priceChanges = await core.knex('audit_events').where({ kind: 'price_change' }).count({ n: '*' });
      expect(Number(priceChanges[0]!.n)).toBe(BACKOFFICE_ROUNDS);
    } finally {
      await core.close();
    }
  });
});
