// A second shop set up with the real program and its till run in a real
// terminal (tmux, 80x24), as a shopkeeper opening a second épicerie would:
// `pos shops add`, a till placed there, goods received for it, its own price
// for an article; then `pos --till 2` sells there at that price, from that
// shop's stock, with that shop's name on the receipt. A till that already
// belongs to the first shop is refused for the second.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../../src/core/shop/core.service.js';
import { shopStockQuantity } from '../../src/core/stock/stock.service.js';
import { runPos } from '../helpers/run-pos.js';
import { TmuxTill } from '../helpers/tmux.js';
import { until } from '../helpers/until.js';

describe('a second shop end to end', () => {
  let dir: string;
  let dbFile: string;
  let article: { id: number; plu: string; name: string };
  let till: TmuxTill | null = null;
  const pos = (...args: string[]) => {
    const r = runPos([...args, '--db', dbFile]);
    if (r.code !== 0) throw new Error(`pos ${args.join(' ')}: ${r.stderr}`);
    return r;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pos-e2e-shop2-'));
    dbFile = join(dir, 'pos.sqlite3');
    pos('db', 'seed', '--demo', '--days', '1');
    const core = await openCore({ db: dbFile });
    try {
      const [row] = await core.knex('articles').where({ unit: 'unit', track_stock: true, active: true }).whereNotNull('plu').orderBy('id').limit(1).select('id', 'plu', 'name');
      article = { id: Number(row.id), plu: String(row.plu), name: String(row.name) };
    } finally {
      await core.close();
    }
    pos('shops', 'add', 'port', '--name', 'Épicerie du Port', '--address', '2 quai Est|29900 Concarneau', '--pin', '9999');
    pos('shops', 'place-till', '2', 'port', '--pin', '9999');
    // Marc (manager) and Léa (cashier) will work at the port too: assigned by the owner.
    pos('staff', 'shops', 'Marc Lenoir', '--add', 'port', '--pin', '9999');
    pos('staff', 'shops', 'Léa Morel', '--add', 'port', '--pin', '9999');
    pos('--shop', 'port', 'stock', 'receive', article.plu, '5', '--pin', '1234');
    pos('shops', 'set-article', 'port', article.plu, '--price', '9,99', '--pin', '1234');
  }, 180_000);
  afterEach(() => till?.stop());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('till 2 sells in « port »: its price, its stock, its name on the receipt; shop 1 untouched', async () => {
    const receipts = join(dir, 'receipts-2.txt');
    const stock1 = await (async () => {
      const core = await openCore({ db: dbFile, migrate: false });
      try {
        return await shopStockQuantity(core.knex, 1, article.id);
      } finally {
        await core.close();
      }
    })();
    till = new TmuxTill('shop2');
    till.start(['--db', dbFile, '--till', '2', '--printer', `file:${receipts}`]);
    await till.waitFor('Code PIN', 60_000);
    till.type('0000');
    till.press('Enter');
    await till.waitFor('TICKET', 30_000);
    till.type(`${article.plu}\r`);
    await till.waitFor('9,99', 30_000);
    till.press('F12');
    await till.waitFor('ENCAISSEMENT');
    till.type('c');
    await till.waitFor('Vente n° 1 enregistrée', 30_000);
    await until(async () => existsSync(receipts) && readFileSync(receipts, 'latin1').includes('Concarneau'), 'the receipt', 30_000);
    const receipt = readFileSync(receipts, 'latin1');
    expect(receipt).toContain('9,99');
    expect(receipt).toMatch(/picerie du Port/);

    const core = await openCore({ db: dbFile, migrate: false });
    try {
      expect(await shopStockQuantity(core.knex, 2, article.id)).toBe(4000);
      expect(await shopStockQuantity(core.knex, 1, article.id)).toBe(stock1);
      expect((await core.journal.verify()).ok).toBe(true);
    } finally {
      await core.close();
    }
  }, 240_000);

  test('a till of the first shop is refused for the second, and says why', async () => {
    till = new TmuxTill('shop2-refused');
    till.startAndHold(['--db', dbFile, '--till', '1', '--shop', 'port']);
    const screen = await till.waitFor('[exit 2]', 60_000);
    expect(screen).toContain('La caisse 1 est de la boutique n° 1 : elle y vend');
  }, 120_000);
});
