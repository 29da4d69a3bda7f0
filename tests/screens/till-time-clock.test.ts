// Clocking in and out at the login screen: PIN then F2 records the arrival,
// PIN then F3 the departure; the till stays on the login screen and says so;
// a wrong PIN or a departure without arrival changes nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Core } from '../../src/core/core.js';
import { FilePrinter } from '../../src/drivers/receipt-printer.js';
import { decodeKeys } from '../../src/screens/keys.js';
import { TillSession } from '../../src/screens/till-session.js';
import { newTestDb, type TestDb } from '../helpers/engines.js';
import { smallShop, type SmallShop } from '../helpers/shop.js';

describe('time clock at the login screen', () => {
  let db: TestDb;
  let core: Core;
  let shop: SmallShop;
  let dir: string;
  beforeAll(async () => {
    db = newTestDb('sqlite');
    core = await db.core();
    shop = await smallShop(core);
    dir = mkdtempSync(join(tmpdir(), 'pos-clock-'));
  });
  afterAll(async () => {
    await core.close();
    await db.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  test('PIN + F2 clocks in, PIN + F3 clocks out, on the login screen; refusals change nothing', async () => {
    const s = new TillSession(core, { printer: new FilePrinter(join(dir, 'r.bin')) });
    await s.start();
    const type = (raw: string) => s.feed(decodeKeys(raw));
    const shifts = () => core.knex('time_clock').where({ employee_id: shop.cashier.id }).orderBy('id');

    await type('0000\u001bOR'); // F3 before any arrival
    expect(s.getState()).toMatchObject({ screen: 'login', pin: '', message: { kind: 'error', text: "Léa Caissière n'a pas pointé son arrivée" } });
    expect(await shifts()).toHaveLength(0);

    await type('9876\u001bOQ'); // nobody's PIN
    expect(s.getState().message).toEqual({ kind: 'error', text: 'Code incorrect' });
    expect(await shifts()).toHaveLength(0);

    await type('0000\u001bOQ');
    expect(s.getState().screen).toBe('login');
    expect(s.getState().employee).toBeNull();
    expect(s.getState().message).toMatchObject({ kind: 'success' });
    expect(s.getState().message!.text).toMatch(/^Léa Caissière : arrivée pointée à \d\d:\d\d$/);
    expect((await shifts()).map((r) => r.clock_out)).toEqual([null]);

    await type('0000\u001bOQ'); // twice
    expect(s.getState().message!.text).toMatch(/^Léa Caissière a déjà pointé son arrivée à/);
    expect(await shifts()).toHaveLength(1);

    await type('0000\u001bOR');
    expect(s.getState().message!.text).toMatch(/^Léa Caissière : départ pointé à \d\d:\d\d \(0 h 00\)$/);
    expect((await shifts())[0]!.clock_out).not.toBeNull();
    expect(await core.audit.count({ kind: 'clock_in' })).toBe(1);
    expect(await core.audit.count({ kind: 'clock_out' })).toBe(1);

    await type('0000\r'); // Enter still logs in
    expect(s.getState().screen).toBe('sale');
    s.spooler.stop();
  });
});
