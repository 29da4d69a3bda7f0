// The shop's keys in the real till (#18): set from the command line with
// `pos settings set`, refused when they clash, then used by the till, shown
// by F1 and on the payment screen.
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../../src/core/shop/core.service.js';
import { DEMO_ARTICLES } from '../../db/seeds/demo-data.js';
import { runPos } from '../helpers/run-pos.js';
import { TmuxTill } from '../helpers/tmux.js';

describe('keys set by the shop', () => {
  let dir: string;
  let dbFile: string;
  let till: TmuxTill | null = null;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pos-keys-e2e-'));
    const seeded = join(dir, 'seeded.sqlite3');
    const seed = runPos(['db', 'seed', '--demo', '--days', '1', '--db', seeded]);
    if (seed.code !== 0) throw new Error(seed.stderr);
    dbFile = join(dir, 'pos.sqlite3');
    copyFileSync(seeded, dbFile);
  });
  afterAll(() => {
    till?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('pos settings set changes the keys; the till uses them and F1 shows them', async () => {
    const clash = runPos(['settings', 'set', 'till.keys', 'search=F3,Ctrl+K', '--db', dbFile], { POS_PIN: '1234' });
    expect(clash.code).toBe(2);
    expect(clash.stderr).toContain('Ctrl+K sert à la fois à « customer » et à « search »');
    const keys = runPos(['settings', 'set', 'till.keys', 'search=F3, Ctrl+S', '--db', dbFile], { POS_PIN: '1234' });
    expect(keys.stderr).toBe('till.keys enregistré (Marc Lenoir)\n');
    expect(keys.code).toBe(0);
    expect(keys.stdout).toMatch(/search\s+│?\s*F3 \/ Ctrl\+S/);
    const tenders = runPos(['settings', 'set', 'till.tenderKeys', 'cash=B', '--db', dbFile], { POS_PIN: '1234' });
    expect(tenders.code).toBe(0);
    expect(runPos(['settings', 'get', 'till.keys', '--db', dbFile]).stdout).toBe('till.keys\tsearch=F3, Ctrl+S\n');

    till = new TmuxTill('keys');
    till.start(['--db', dbFile, '--printer', `file:${join(dir, 'receipts.txt')}`]);
    await till.waitFor('Code PIN');
    till.type('0000');
    till.press('Enter');
    await till.waitFor('TICKET');

    till.press('F1');
    await till.waitFor('Touches de la caisse');
    await till.waitFor('F3 / Ctrl+S');
    till.press('Escape');
    await till.waitFor('TICKET');

    till.press('C-s');
    await till.waitFor('↑↓ choisir · Entrée ajouter · Échap fermer');

    const jam = DEMO_ARTICLES.find((a) => a.name === 'Confiture abricot 370g')!;
    till.type(`${jam.plu}`);
    till.press('Enter');
    await till.waitFor('Confiture abricot');
    till.press('F12');
    await till.waitFor('ENCAISSEMENT');
    await till.waitFor(/ B\s+Espèces/);
    till.type('20b');
    await till.waitFor('RENDU');

    const core = await openCore({ db: dbFile });
    try {
      const last = await core.knex('sales').orderBy('id', 'desc').first('id');
      const sale = (await core.sales.get(Number(last.id)))!;
      expect(sale.payments).toEqual([expect.objectContaining({ method: 'cash', tendered: 2000 })]);
    } finally {
      await core.close();
    }
  });
});
