// `pos export fec` through the real program on SQLite and PostgreSQL: the
// refusals (no SIRET, 30 February, --from after --to, a day sold without its
// Z) write nothing; the SIRET and the FEC accounts set with `pos settings`;
// the file named <SIREN>FEC<AAAAMMJJ>.txt read back by the checker written
// apart from the exporter (helpers/fec-check.ts): format, balanced entries,
// totals equal to the closings per day and per year, 411 with the customer;
// the pipe and ISO-8859-15 options (é one byte, read back as Latin-9).
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENGINES, newTestDb, type TestDb } from '../helpers/engines.js';
import { runPos } from '../helpers/run-pos.js';
import { smallShop } from '../helpers/shop.js';
import { checkFec, expectedNet, netByAccount } from '../helpers/fec-check.js';
import { closedDays, fecShop, OPEN_DAY, SIREN, SIRET } from '../helpers/fec-shop.js';

const SLOW = 180_000;

describe.each(ENGINES)('pos export fec on %s', (engine) => {
  let db: TestDb;
  let dir: string;
  let zs: Awaited<ReturnType<typeof closedDays>>;
  const pos = (...args: string[]) => runPos([...args, '--db', db.spec]);
  const files = () => readdirSync(dir);

  beforeAll(async () => {
    db = newTestDb(engine);
    dir = mkdtempSync(join(tmpdir(), 'pos-fec-'));
    let now = new Date();
    const core = await db.core({ clock: () => now });
    try {
      await fecShop(core, await smallShop(core), (d) => {
        now = d;
      });
      zs = await closedDays(core);
    } finally {
      await core.close();
    }
  }, SLOW);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db.cleanup();
  });

  test('refused, nothing written: no SIRET (saying how to set it), 30 February, --from after --to, no period', () => {
    const noSiret = pos('export', 'fec', '--year', '2026', '--dir', dir);
    expect(noSiret.code).toBe(1);
    expect(noSiret.stderr).toContain('pos settings set shop.siret');
    for (const [args, says] of [
      [['--from', '2026-02-30', '--to', '2026-12-31'], "ce jour n'existe pas"],
      [['--from', '2026-12-31', '--to', '2026-01-01'], 'après sa clôture'],
      [['--year', '26'], '--year attend une année'],
      [['--year', '2026', '--from', '2026-01-01'], '--year ou --from/--to'],
      [[], '--year AAAA'],
    ] as const) {
      const r = pos('export', 'fec', ...args, '--dir', dir);
      expect({ args, code: r.code, says: r.stderr.includes(says) }).toEqual({ args, code: 2, says: true });
    }
    for (const [args, says] of [[['--year', '2026', '--dir', join(dir, 'nowhere')], "n'existe pas"]] as const) {
      const r = pos('export', 'fec', ...args);
      expect({ args, code: r.code, says: r.stderr.includes(says) }).toEqual({ args, code: 2, says: true });
    }
    expect(files()).toEqual([]);
  }, SLOW);

  test('the SIRET and the accounts are set with pos settings: checked, with the manager\'s PIN', () => {
    expect(pos('settings', 'set', 'shop.siret', '8123', '--pin', '1234').code).toBe(2);
    expect(pos('settings', 'set', 'fec.account.cash', '7071', '--pin', '1234').code).toBe(2);
    const set = pos('settings', 'set', 'shop.siret', SIRET, '--pin', '1234');
    expect([set.code, set.stdout]).toEqual([0, `shop.siret\t${SIRET}\n`]);
    expect(pos('settings', 'get', 'fec.account.cash').stdout).toBe('fec.account.cash\t530\n');
  }, SLOW);

  test('a day sold without its Z is refused by name; --skip-open-days leaves it out and says so', () => {
    const refused = pos('export', 'fec', '--year', '2026', '--dir', dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`${OPEN_DAY} caisse 1 (1 vente, 4,50 €)`);
    expect(files()).toEqual([]);

    const r = pos('export', 'fec', '--year', '2026', '--dir', dir, '--skip-open-days');
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`journées sans Z laissées de côté : ${OPEN_DAY}`);
    expect(r.stderr).toContain("0 versement(s) sur compte client d'un jour sans Z (0,00 €)");
    const name = `${SIREN}FEC20261231.txt`;
    expect(files()).toEqual([name]);
    expect(r.stdout.trim()).toBe(join(dir, name));

    const { problems, rows } = checkFec(readFileSync(join(dir, name), 'utf8'), '\t', { from: '20260101', to: '20261231' });
    expect(problems).toEqual([]);
    for (const z of zs) expect(Object.fromEntries(netByAccount(rows, z.date.replace(/-/g, '')))).toEqual(Object.fromEntries(expectedNet([z])));
    expect(new Set(rows.map((row) => row.num)).size).toBe(zs.length + 1); // and the payment on account's entry
    expect(Object.fromEntries(netByAccount(rows))).toEqual(Object.fromEntries(expectedNet(zs)));
    expect(rows.filter((row) => row.account === '411').map((row) => [row.auxNum, row.auxLabel, row.debit, row.credit])).toEqual([['ELODIE', 'Élodie Dupré', 1740, 0], ['ELODIE', 'Élodie Dupré', 0, 1000]]);
    rmSync(join(dir, name));
  }, SLOW);

  test('--from/--to, pipe and ISO-8859-15: named after --to, é one Latin-9 byte; per sale when set', () => {
    const r = pos('export', 'fec', '--from', '2026-03-01', '--to', '2026-03-11', '--separator', 'pipe', '--encoding', 'iso-8859-15', '--dir', dir);
    expect([r.code, r.stderr.includes('Attention : journées')]).toEqual([0, false]);
    const name = `${SIREN}FEC20260311.txt`;
    const bytes = readFileSync(join(dir, name));
    expect(bytes.includes(Buffer.from('Dupr\u00e9', 'latin1'))).toBe(true);
    expect(bytes.includes(Buffer.from('é', 'utf8'))).toBe(false);
    const text = new TextDecoder('iso-8859-15').decode(bytes);
    const { problems, rows } = checkFec(text, '|', { from: '20260301', to: '20260311' });
    expect(problems).toEqual([]);
    expect(text.split('\r\n')[0]).not.toContain('\t');
    expect(rows.find((row) => row.account === '411')?.auxLabel).toBe('Élodie Dupré');

    expect(pos('settings', 'set', 'fec.entryPer', 'sale', '--pin', '1234').code).toBe(0);
    expect(pos('export', 'fec', '--from', '2026-03-01', '--to', '2026-03-11', '--dir', dir).code).toBe(0);
    const perSale = checkFec(readFileSync(join(dir, name), 'utf8'), '\t', { from: '20260301', to: '20260311' });
    expect(perSale.problems).toEqual([]);
    expect(new Set(perSale.rows.map((row) => row.num)).size).toBe(8); // 7 sales and the payment on account
    expect(Object.fromEntries(netByAccount(perSale.rows))).toEqual(Object.fromEntries(expectedNet(zs)));
  }, SLOW);
});
