// Issue #16 §5, through the real `pos` binary: bad input gets a clear message,
// exit code 2, and changes nothing. Files in another encoding, control
// characters, over-long fields (on both engines), impossible dates, bad
// numbers, an unknown command, and a reader that leaves a pipe early.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../../src/core/shop/core.service.js';
import { ENGINES, newTestDb } from '../helpers/engines.js';
import { POS_BIN, ROOT, runPos } from '../helpers/run-pos.js';

const LATIN1 = join(ROOT, 'tests/fixtures/articles-latin1.csv');

describe('bad input on the command line (SQLite)', () => {
  let dir: string;
  let db: string;
  const withCore = async <T>(work: (core: Awaited<ReturnType<typeof openCore>>) => Promise<T>): Promise<T> => {
    const core = await openCore({ db, migrate: false });
    try {
      return await work(core);
    } finally {
      await core.close();
    }
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pos-bad-input-'));
    db = join(dir, 'pos.sqlite3');
    expect(runPos(['db', 'seed', '--demo', '--days', '1', '--db', db]).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a Latin-1 file is refused with its line and the --encoding to use; with --encoding latin1 it imports right', async () => {
    const categoriesBefore = await withCore((core) => core.categories.all());
    const refused = runPos(['import', 'articles', LATIN1, '--create-categories', '--pin', '1234', '--db', db]);
    expect(refused.code).toBe(2);
    expect(refused.stdout).toBe('');
    expect(refused.stderr).toContain('ligne 2');
    expect(refused.stderr).toContain('--encoding cp1252');
    expect(refused.stderr).toContain('--encoding latin1');
    expect(refused.stderr).not.toContain('\ufffd');
    expect(await withCore((core) => core.catalog.findByCode('6001'))).toBeNull();
    expect(await withCore((core) => core.categories.all())).toEqual(categoriesBefore);

    const ok = runPos(['import', 'articles', LATIN1, '--encoding', 'latin1', '--pin', '1234', '--db', db]);
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    await withCore(async (core) => {
      const creme = (await core.catalog.findByCode('6001'))!;
      expect(creme.name).toBe('Crème brûlée');
      expect((await core.catalog.findByCode('6002'))!.name).toBe('Pâté de campagne');
      const category = (await core.categories.all()).find((c) => c.id === creme.categoryId)!;
      expect(category.name).toBe('Épicerie sucrée');
      expect(await core.categories.all()).toHaveLength(categoriesBefore.length);
    });
    // cp1252 and latin9 are accepted names; anything else is a usage error.
    expect(runPos(['import', 'articles', LATIN1, '--encoding', 'cp1252', '--pin', '1234', '--db', db]).code).toBe(0);
    expect(runPos(['import', 'articles', LATIN1, '--encoding', 'latin9', '--pin', '1234', '--db', db]).code).toBe(0);
    expect(runPos(['import', 'articles', LATIN1, '--encoding', 'ebcdic', '--pin', '1234', '--db', db]).code).toBe(2);
  });

  test('a stock count file in Latin-1 is refused the same way, and nothing moves', async () => {
    const file = join(dir, 'count-latin1.csv');
    writeFileSync(file, Buffer.from('code;quantit\xe9\n101;5\n', 'latin1'));
    const before = await withCore(async (core) => (await core.catalog.findByCode('101'))!.stockQty);
    const r = runPos(['stock', 'count', file, '--pin', '1234', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ligne 1');
    expect(r.stderr).toContain('--encoding');
    expect(await withCore(async (core) => (await core.catalog.findByCode('101'))!.stockQty)).toBe(before);
  });

  test('an article named with ESC sequences in a CSV is refused with its line, nothing imported', async () => {
    const file = join(dir, 'esc.csv');
    writeFileSync(file, ['plu;nom;categorie;prix;tva', '6101;Bon article;Cave;12,00;20', '6102;Tarte\u001b[41m\u001bp\u0000\u0019\u00fa;Cave;3,00;20', ''].join('\n'));
    const r = runPos(['import', 'articles', file, '--pin', '1234', '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/ligne 3 : nom d'article : caractère de contrôle U\+001B \(ESC\) refusé/);
    expect(r.stderr).toContain('aucun article importé');
    expect(await withCore((core) => core.catalog.findByCode('6101'))).toBeNull();
    expect(await withCore((core) => core.catalog.findByCode('6102'))).toBeNull();
    // A tab is no exception in a name either; the same rule holds on the command line.
    const tab = join(dir, 'tab.csv');
    writeFileSync(tab, 'plu;nom;categorie;prix;tva\n6103;"Tab\there";Cave;3,00;20\n');
    expect(runPos(['import', 'articles', tab, '--pin', '1234', '--db', db]).stderr).toContain('U+0009 (tabulation)');
  });

  test('every date argument must exist in the calendar: exit 2, nothing written', async () => {
    const closings = () => withCore((core) => core.knex('closings').count({ n: '*' }).first().then((r) => Number(r!.n)));
    const before = await closings();
    for (const args of [
      ['closing', 'z', '--date', '2026-02-30', '--cash', '10,00', '--pin', '1234'],
      ['closing', 'x', '--date', '2026-02-31'],
      ['cash', 'list', '--date', '2026-04-31'],
      ['report', 'sales', '--from', '2026-02-30'],
      ['report', 'sales', '--from', '2026-01-01', '--to', '2026-02-29'],
      ['report', 'loyalty', '--to', '2026-13-01'],
      ['export', 'accounting', '--from', '2026-06-31'],
      ['stock', 'moves', '101', '--from', '2026-02-29'],
    ]) {
      const r = runPos([...args, '--db', db]);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/n'existe pas dans le calendrier|AAAA-MM-JJ/);
    }
    expect(await closings()).toBe(before);
    // A real leap day is a date.
    expect(runPos(['report', 'sales', '--from', '2024-02-29', '--to', '2024-02-29', '--db', db]).code).toBe(0);
  });

  test('bad numbers and over-long reasons exit 2 and write nothing; an unknown command is named', async () => {
    const moves = () => withCore((core) => core.knex('stock_moves').count({ n: '*' }).first().then((r) => Number(r!.n)));
    const cash = () => withCore((core) => core.knex('cash_movements').count({ n: '*' }).first().then((r) => Number(r!.n)));
    const [movesBefore, cashBefore] = [await moves(), await cash()];
    const receive = runPos(['stock', 'receive', '101', '-3', '--pin', '1234', '--db', db]);
    expect(receive.code).toBe(2);
    expect(receive.stderr).not.toBe('');
    const reason = runPos(['cash', 'in', '5', '--reason', 'x'.repeat(250), '--pin', '1234', '--db', db]);
    expect(reason.code).toBe(2);
    expect(reason.stderr).toContain("Motif : 250 caractères, c'est trop (200 au plus)");
    const escReason = runPos(['cash', 'in', '5', '--reason', 'pour\u001b[2J', '--pin', '1234', '--db', db]);
    expect(escReason.code).toBe(2);
    expect(escReason.stderr).toContain('caractère de contrôle');
    expect([await moves(), await cash()]).toEqual([movesBefore, cashBefore]);

    const unknown = runPos(['nosuchcommand', '--db', db]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('commande inconnue : nosuchcommand');
    expect(unknown.stderr).not.toContain('too many arguments');
  });

  test('a name with escapes written by hand in the database: a terminal gets it without them, a pipe as stored', async () => {
    await withCore((core) => core.knex('articles').where({ plu: '102' }).update({ name: 'Evil\u001b]0;pwned\u0007\u001b[41mRED' }));
    try {
      // `script` gives the command a real terminal as stdout and copies what it printed.
      const cmd = [process.execPath, POS_BIN, 'articles', 'list', '--db', db].map((a) => `'${a}'`).join(' ');
      const tty = spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, POS_DB: '', POS_TILL: '' } });
      expect(tty.status).toBe(0);
      expect(tty.stdout).toContain('Evil]0;pwned[41mRED');
      expect(tty.stdout).not.toContain('\u001b');
      expect(tty.stdout).not.toContain('\u0007');
      const piped = runPos(['articles', 'list', '--format', 'json', '--db', db]);
      expect(piped.stdout).toContain('Evil\\u001b]0;pwned\\u0007\\u001b[41mRED');
    } finally {
      await withCore((core) => core.knex('articles').where({ plu: '102' }).update({ name: 'Confiture fraise 370g' }));
    }
  });

  test('a reader that leaves the pipe early: every command ends quietly, again and again', async () => {
    // The reader closes its end at once, before the command writes: the next write meets EPIPE.
    const closedEarly = (args: string[]) =>
      new Promise<{ code: number | null; stderr: string }>((resolve) => {
        const child = spawn(process.execPath, [POS_BIN, ...args, '--db', db], { cwd: ROOT, env: { ...process.env, POS_DB: '', POS_TILL: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
        child.stdout.destroy();
        let stderr = '';
        child.stderr.on('data', (d) => (stderr += String(d)));
        child.on('close', (code) => resolve({ code, stderr }));
      });
    for (const args of [['orders', 'list', '--status', 'all', '--format', 'json'], ['export', 'articles'], ['journal', 'verify'], ['report', 'sales', '--last', '7d'], ['stock', 'low']]) {
      for (let i = 0; i < 3; i++) {
        const r = await closedEarly(args);
        expect({ args, code: r.code, stderr: r.stderr }).toEqual({ args, code: 0, stderr: '' });
      }
    }
  }, 180_000);
});

describe.each(ENGINES)('field lengths against the schema on %s', (engine) => {
  const testDb = newTestDb(engine);
  afterAll(() => testDb.cleanup());

  test('a 10,000-character first name: refused with its line, nothing stored, no driver message', async () => {
    expect(runPos(['db', 'migrate', '--db', testDb.spec]).code).toBe(0);
    // an import needs a manager's PIN (import_customers)
    const setup = await testDb.core({ migrate: false });
    try {
      await setup.staff.create({ name: 'Marc Gérant', role: 'manager', pin: '1234' }, { pinRule: 'weak-allowed' });
    } finally {
      await setup.close();
    }
    const dir = mkdtempSync(join(tmpdir(), 'pos-long-'));
    try {
      const file = join(dir, 'customers.csv');
      writeFileSync(file, ['code;prenom;nom;ville', 'C0001;Ana;Martin;Lyon', `C0002;${'A'.repeat(10_000)};Durand;Paris`, `C0003;Léo;Petit;${'V'.repeat(101)}`, ''].join('\n'));
      const r = runPos(['import', 'customers', file, '--pin', '1234', '--db', testDb.spec]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("ligne 3 : prénom : 10000 caractères, c'est trop (60 au plus)");
      expect(r.stderr).toContain("ligne 4 : ville : 101 caractères, c'est trop (100 au plus)");
      expect(r.stderr).toContain('aucun client importé');
      expect(r.stderr).not.toMatch(/value too long|varchar|SQLITE|insert into/i);
      const core = await testDb.core({ migrate: false });
      try {
        expect(await core.customers.count()).toBe(0);
      } finally {
        await core.close();
      }
      // 60 characters with accents (counted as characters, not bytes) go in.
      writeFileSync(file, `code;prenom;nom\nC0004;${'é'.repeat(60)};Durand\n`);
      const ok = runPos(['import', 'customers', file, '--pin', '1234', '--db', testDb.spec]);
      expect(ok.stderr).toBe('');
      expect(ok.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
