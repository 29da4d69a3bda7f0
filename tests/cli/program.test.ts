import { ENGINES, newTestDb } from '../helpers/engines.js';
import { runPos } from '../helpers/run-pos.js';

describe('pos command line', () => {
  test('--help lists the commands, --version the version', () => {
    const help = runPos(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('Usage: pos');
    expect(help.stdout).toMatch(/db\b/);
    expect(help.stdout).toMatch(/journal\b/);
    const version = runPos(['--version']);
    expect(version.code).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
  });

  test.each([
    [['bogus']],
    [['--till', 'abc']],
    [['--till', '0', 'db', 'migrate']],
    [['--lang', 'de']],
    [['db', 'seed']],
    [['db', 'seed', '--demo', '--days', '-3']],
    [['db', 'seed', '--busy', '--size', '2']],
    [['db', 'seed', '--busy', '--size', 'beaucoup']],
    [['--scale', 'serial:/dev/ttyS0?protocol=mettler', 'scale', 'test']],
    // the benchmark's size was --scale before the weighing scale took the name
    [['db', 'seed', '--busy', '--scale', '0.1']],
    [['db', 'seed', '--demo', '--busy']],
    [['journal', 'verify', '--format', 'xml']],
    [['journal', 'verify', '--nope']],
  ])('bad arguments %j: message on stderr, exit 2', (args) => {
    const r = runPos(args as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr.length).toBeGreaterThan(0);
    expect(r.stdout).toBe('');
  });

  test('an unreachable database is one clear sentence, exit 1', () => {
    const r = runPos(['journal', 'verify', '--db', 'postgres://nobody@127.0.0.1:1/none']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^pos: Impossible d'ouvrir la base/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('an unknown database scheme is refused', () => {
    const r = runPos(['db', 'migrate', '--db', 'mysql://localhost/x']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Adresse de base inconnue');
  });
});

describe.each(ENGINES)('pos db and journal on %s', (engine) => {
  const db = newTestDb(engine);
  afterAll(() => db.cleanup());

  test('migrate, seed the demo shop, verify the journal', () => {
    const migrate = runPos(['db', 'migrate', '--db', db.spec]);
    expect(migrate.stderr).toBe('');
    expect(migrate.code).toBe(0);
    expect(migrate.stdout).toContain('001_schema');
    expect(migrate.stdout).toContain('002_live_changes');
    expect(runPos(['db', 'migrate', '--db', db.spec]).stdout).toContain('Schéma à jour');

    const seed = runPos(['db', 'seed', '--demo', '--days', '7', '--db', db.spec]);
    expect(seed.stderr).toBe('');
    expect(seed.code).toBe(0);
    const m = /(\d+) articles, (\d+) clients, (\d+) employés, (\d+) ventes/.exec(seed.stdout);
    expect(m).not.toBeNull();
    expect(Number(m![1])).toBeGreaterThanOrEqual(80);
    expect(Number(m![2])).toBe(20);
    expect(Number(m![4])).toBeGreaterThan(20);

    const again = runPos(['db', 'seed', '--demo', '--db', db.spec]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('déjà des articles');

    const verify = runPos(['journal', 'verify', '--db', db.spec]);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain(`OK ${m![4]} sales`);
    const json = runPos(['journal', 'verify', '--format', 'json', '--till', '1', '--db', db.spec]);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, sales: Number(m![4]) });
  });
});

describe('pos without a command', () => {
  test('needs a terminal: one sentence, exit 1, nothing created', () => {
    const r = runPos(['--db', '/nonexistent-dir-for-pos-test/x.sqlite3']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('terminal');
  });

  test('an unknown printer address is refused as a usage error', () => {
    const r = runPos(['--printer', 'lpt://x']);
    expect([1, 2]).toContain(r.code);
    expect(r.stderr.length).toBeGreaterThan(0);
  });
});
