// `pos staff`, `pos clock` and `pos report hours` with the real program on a
// real SQLite file: the first owner, manager PIN for changes (audited), PIN
// rules, clocking in and out, the hours report in table, CSV and JSON, and
// bad arguments (stderr, exit code 2, nothing changed).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { localDate } from '../../src/core/basics/clock.js';
import { openCore } from '../../src/core/shop/core.service.js';
import { runPos } from '../helpers/run-pos.js';

describe('pos staff, pos clock, pos report hours', () => {
  let dir: string;
  let db: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pos-staff-cli-'));
    db = join(dir, 'pos.sqlite3');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const count = async (table: string, where: Record<string, unknown> = {}) => {
    const core = await openCore({ db });
    try {
      return Number((await core.knex(table).where(where).count({ n: '*' }).first())?.n);
    } finally {
      await core.close();
    }
  };

  test('staff: first owner without PIN, then changes need a manager PIN and are audited', async () => {
    const refused = runPos(['staff', 'add', '--db', db, '--name', 'Léa', '--role', 'cashier', '--new-pin', '3907']);
    expect([refused.code, refused.stderr]).toEqual([2, 'pos: le premier employé doit être un patron (--role owner)\n']);
    const owner = runPos(['staff', 'add', '--db', db, '--name', 'Anne Patronne', '--role', 'owner', '--new-pin', '739184']);
    expect([owner.code, owner.stdout]).toEqual([0, '1\tAnne Patronne\tpatron\n']);
    expect(runPos(['staff', 'add', '--db', db, '--name', 'Marc', '--role', 'manager', '--new-pin', '582046'], { POS_PIN: '739184' }).code).toBe(0);
    expect(runPos(['staff', 'add', '--db', db, '--name', 'Léa', '--role', 'cashier', '--new-pin', '3907', '--pin', '582046']).code).toBe(0);

    const noPin = runPos(['staff', 'add', '--db', db, '--name', 'Zoé', '--role', 'cashier', '--new-pin', '5185']);
    expect([noPin.code, noPin.stderr]).toEqual([2, "pos: --pin : le code PIN d'un responsable est demandé (ou POS_PIN)\n"]);
    const byCashier = runPos(['staff', 'add', '--db', db, '--name', 'Zoé', '--role', 'cashier', '--new-pin', '5185', '--pin', '3907']);
    expect([byCashier.code, byCashier.stderr]).toEqual([1, 'pos: Code PIN refusé : « Gérer le personnel » demande un responsable\n']);
    const ownerByManager = runPos(['staff', 'add', '--db', db, '--name', 'Zoé', '--role', 'owner', '--new-pin', '5185', '--pin', '582046']);
    expect(ownerByManager.code).toBe(1);
    const dupPin = runPos(['staff', 'add', '--db', db, '--name', 'Zoé', '--role', 'cashier', '--new-pin', '3907', '--pin', '582046']);
    expect([dupPin.code, dupPin.stderr]).toEqual([2, 'pos: Ce code PIN est déjà utilisé\n']);
    const badRole = runPos(['staff', 'add', '--db', db, '--name', 'Zoé', '--role', 'boss', '--new-pin', '5185', '--pin', '582046']);
    expect(badRole.code).toBe(2);
    expect(await count('employees')).toBe(3);

    expect(runPos(['staff', 'set', '3', '--db', db, '--name', 'Léa Martin', '--pin', '582046']).stdout).toBe('3\tLéa Martin\tcaissier\tactif\n');
    const pin = runPos(['staff', 'pin', '3', '--db', db, '--new-pin', '2468', '--pin', '582046']);
    expect([pin.code, pin.stdout, pin.stderr]).toEqual([0, '', 'Code PIN de Léa Martin changé\n']);
    const short = runPos(['staff', 'pin', '3', '--db', db, '--new-pin', '12', '--pin', '582046']);
    expect([short.code, short.stderr]).toEqual([2, 'pos: Le code PIN compte 4 à 8 chiffres\n']);
    expect(await count('audit_events', { kind: 'settings' })).toBe(5);
    // Easy PINs are refused: obvious ones for anyone, fewer than 6 digits for a manager or owner.
    const obvious = runPos(['staff', 'pin', '3', '--db', db, '--new-pin', '1111', '--pin', '582046']);
    expect([obvious.code, obvious.stderr]).toEqual([2, 'pos: Code PIN trop facile à deviner (chiffres tous identiques ou qui se suivent)\n']);
    const shortManager = runPos(['staff', 'pin', '2', '--db', db, '--new-pin', '5821', '--pin', '739184']);
    expect([shortManager.code, shortManager.stderr]).toEqual([2, "pos: Le code PIN d'un responsable ou d'un patron compte au moins 6 chiffres\n"]);
    expect(runPos(['staff', 'add', '--db', db, '--name', 'Zoé', '--role', 'manager', '--new-pin', '654321', '--pin', '739184']).code).toBe(2);
    expect(await count('audit_events', { kind: 'settings' })).toBe(5);

    const list = runPos(['staff', 'list', '--db', db, '--format', 'csv']);
    expect(parse(list.stdout, { columns: true })).toEqual([
      { id: '1', name: 'Anne Patronne', role: 'owner', active: '1', shops: 'principal' },
      { id: '3', name: 'Léa Martin', role: 'cashier', active: '1', shops: 'principal' },
      { id: '2', name: 'Marc', role: 'manager', active: '1', shops: 'principal' },
    ]);
    expect(runPos(['staff', 'list', '--db', db]).stdout).toMatch(/3\s+Léa Martin\s+caissier\s+oui\s+principal\n/);
  });

  test('clock in and out by PIN; out without in refused; the hours report in table, CSV and JSON', async () => {
    const out = runPos(['clock', 'out', '--db', db, '--pin', '2468']);
    expect([out.code, out.stderr]).toEqual([2, "pos: Léa Martin n'a pas pointé son arrivée : départ refusé\n"]);
    expect(runPos(['clock', 'in', '--db', db, '--pin', '1111']).code).toBe(1);
    const inn = runPos(['clock', 'in', '--db', db, '--pin', '2468']);
    expect(inn.code).toBe(0);
    expect(inn.stdout).toMatch(/^Léa Martin\tarrivée\t\d\d:\d\d\n$/);
    expect(runPos(['clock', 'in', '--db', db, '--pin', '2468']).code).toBe(2);
    expect(runPos(['clock', 'out', '--db', db, '--pin', '2468']).stdout).toMatch(/^Léa Martin\tdépart\t/);
    expect(runPos(['clock', 'in', '--db', db], { POS_PIN: '582046' }).code).toBe(0);
    expect(await count('time_clock')).toBe(2);
    expect([await count('audit_events', { kind: 'clock_in' }), await count('audit_events', { kind: 'clock_out' })]).toEqual([2, 1]);

    const today = localDate(new Date());
    const json = JSON.parse(runPos(['report', 'hours', '--db', db, '--format', 'json']).stdout);
    expect([json.from, json.to]).toEqual([today, today]);
    expect(json.rows.map((r: { name: string; shifts: number; open: boolean }) => [r.name, r.shifts, r.open]).sort()).toEqual([
      ['Léa Martin', 1, false],
      ['Marc', 1, true],
    ]);
    const csv = parse(runPos(['report', 'hours', '--db', db, '--from', today, '--format', 'csv']).stdout, { columns: true }) as Array<Record<string, string>>;
    expect(csv.find((r) => r.name === 'Marc')).toMatchObject({ role: 'manager', shifts: '1', open: '1', sales: '0', sales_total_ttc: '0.00' });
    const table = runPos(['report', 'hours', '--db', db, '--last', '7d']);
    expect(table.stdout).toContain('Heures travaillées du');
    expect(table.stdout).toMatch(/Marc\s+responsable\s+1\s+0 h \d\d\*/);
    expect(table.stdout).toContain("* encore pointé : compté jusqu'à maintenant");

    const bad = runPos(['report', 'hours', '--db', db, '--from', '2026-02-30']);
    expect([bad.code, bad.stdout]).toEqual([2, '']);
    expect(bad.stderr).toContain('--from attend une date AAAA-MM-JJ');
  });
});
