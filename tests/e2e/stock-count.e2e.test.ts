// `pos stock count` typed at a real terminal (tmux, 80x24): each line
// "CODE QUANTITY" answers with the counted and expected stock, a bad line is
// refused and the count goes on, an empty line posts the differences.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../../src/core/shop/core.service.js';
import { smallShop, type SmallShop } from '../helpers/shop.js';
import { TmuxTill } from '../helpers/tmux.js';
import { until } from '../helpers/until.js';

describe('inventory count at a terminal', () => {
  let dir: string;
  let dbFile: string;
  let shop: SmallShop;
  let term: TmuxTill | null = null;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pos-e2e-count-'));
    dbFile = join(dir, 'pos.sqlite3');
    const core = await openCore({ db: dbFile });
    try {
      shop = await smallShop(core);
    } finally {
      await core.close();
    }
  });
  afterEach(() => term?.stop());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const stockOf = async (articleId: number) => {
    const core = await openCore({ db: dbFile, migrate: false });
    try {
      return await core.stock.quantity(articleId);
    } finally {
      await core.close();
    }
  };

  test('typed lines, a refused one, then an empty line posts the count', async () => {
    term = new TmuxTill('stock-count');
    term.start(['stock', 'count', '--pin', '1234', '--db', dbFile]);
    await term.waitFor('code quantité (ligne vide pour finir) >', 60_000);
    term.type('201 5\r');
    await term.waitFor('Bordeaux Supérieur 2022 : compté 5, attendu 12', 30_000);
    term.type('999 1\r');
    await term.waitFor('article inconnu : « 999 »', 30_000);
    term.type('10001 1,5\r');
    await term.waitFor('Comté 18 mois : compté 1,500 kg, attendu 5,000 kg', 30_000);
    expect(await stockOf(shop.wine.id)).toBe(12000); // nothing moves before the count is posted
    term.type('\r');
    await until(async () => (await stockOf(shop.wine.id)) === 5000, 'the count to be posted', 60_000);
    expect(await stockOf(shop.comte.id)).toBe(1500);
    expect(await stockOf(shop.nutella.id)).toBe(20000);
  }, 180_000);
});
