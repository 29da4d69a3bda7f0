// Clocking in and out at the login screen: PIN then F2 records the arrival,
// PIN then F3 the departure; the till stays on the login screen and says so;
// a wrong PIN or a departure without arrival changes nothing.
import { tillFixture } from '../helpers/shop.js';
import { F2, F3 } from '../helpers/key-codes.js';

describe('time clock at the login screen', () => {
  const fx = tillFixture();

  test('PIN + F2 clocks in, PIN + F3 clocks out, on the login screen; refusals change nothing', async () => {
    const { session: s, type } = await fx.till();
    const shifts = () => fx.core.knex('time_clock').where({ employee_id: fx.shop.cashier.id }).orderBy('id');

    await type(`0000${F3}`); // F3 before any arrival
    expect(s.getState()).toMatchObject({ screen: 'login', pin: '', message: { kind: 'error', text: "Léa Caissière n'a pas pointé son arrivée" } });
    expect(await shifts()).toHaveLength(0);

    await type(`9876${F2}`); // nobody's PIN
    expect(s.getState().message).toEqual({ kind: 'error', text: 'Code incorrect' });
    expect(await shifts()).toHaveLength(0);

    await type(`0000${F2}`);
    expect(s.getState().screen).toBe('login');
    expect(s.getState().employee).toBeNull();
    expect(s.getState().message).toMatchObject({ kind: 'success' });
    expect(s.getState().message!.text).toMatch(/^Léa Caissière : arrivée pointée à \d\d:\d\d$/);
    expect((await shifts()).map((r) => r.clock_out)).toEqual([null]);

    await type(`0000${F2}`); // twice
    expect(s.getState().message!.text).toMatch(/^Léa Caissière a déjà pointé son arrivée à/);
    expect(await shifts()).toHaveLength(1);

    await type(`0000${F3}`);
    expect(s.getState().message!.text).toMatch(/^Léa Caissière : départ pointé à \d\d:\d\d \(0 h 00\)$/);
    expect((await shifts())[0]!.clock_out).not.toBeNull();
    expect(await fx.core.audit.count({ kind: 'clock_in' })).toBe(1);
    expect(await fx.core.audit.count({ kind: 'clock_out' })).toBe(1);

    await type('0000\r'); // Enter still logs in
    expect(s.getState().screen).toBe('sale');
  });
});
