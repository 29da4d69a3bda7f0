// core.timeClock and the staff edits on SQLite and PostgreSQL: one open shift
// per employee, clocking out without in refused, hours cut at the period's
// bounds with an open shift counted up to now, sales per employee checked
// against plain SQL; employees renamed, re-roled, re-PINed and deactivated.
import * as timeClockOrigin from '../../db/migrations/004_time_clock_origin.js';
import { openShifts, secondsInPeriod } from '../../src/core/staff/time-clock.service.js';
import { formatDuration } from '../../src/core/staff/durations.js';
import { ENGINES } from '../helpers/engines.js';
import { coreFixture } from '../helpers/shop.js';

describe('shift arithmetic', () => {
  const start = new Date('2026-11-02T00:00:00Z');
  const end = new Date('2026-11-03T00:00:00Z');
  const now = new Date('2026-11-02T15:00:00Z');
  test('cut at the bounds, open shifts run to now, outside shifts count nothing', () => {
    expect(secondsInPeriod({ clockIn: '2026-11-02T08:00:00.000Z', clockOut: '2026-11-02T12:30:00.000Z' }, start, end, now)).toBe(4.5 * 3600);
    expect(secondsInPeriod({ clockIn: '2026-11-01T22:00:00.000Z', clockOut: '2026-11-02T02:00:00.000Z' }, start, end, now)).toBe(2 * 3600);
    expect(secondsInPeriod({ clockIn: '2026-11-02T22:00:00.000Z', clockOut: '2026-11-03T01:00:00.000Z' }, start, end, now)).toBe(2 * 3600);
    expect(secondsInPeriod({ clockIn: '2026-11-02T13:00:00.000Z', clockOut: null }, start, end, now)).toBe(2 * 3600);
    expect(secondsInPeriod({ clockIn: '2026-11-01T08:00:00.000Z', clockOut: '2026-11-01T12:00:00.000Z' }, start, end, now)).toBe(0);
    expect(formatDuration(7 * 3600 + 5 * 60 + 59)).toBe('7 h 05');
  });
});

describe.each(ENGINES)('time clock on %s', (engine) => {
  let now = new Date(2026, 10, 2, 8, 0, 0);
  const fx = coreFixture(engine, { clock: () => now });
  const at = (day: number, hour: number, minute = 0) => {
    now = new Date(2026, 10, day, hour, minute, 0);
  };

  test('migration 004 gives every shift recorded before it its own origin uuid, once', async () => {
    const knex = fx.core.knex;
    at(1, 7);
    const earlier = await fx.core.timeClock.clockIn(fx.shop.manager);
    // As the database stood before 004: shifts without the column.
    await timeClockOrigin.down(knex);
    await knex('time_clock').insert({ employee_id: fx.shop.cashier.id, till_id: 1, clock_in: new Date(2026, 9, 1, 9).toISOString(), clock_out: new Date(2026, 9, 1, 17).toISOString() });
    await timeClockOrigin.up(knex);
    const uuids = (await knex('time_clock').orderBy('id').select('origin_uuid')).map((r) => String(r.origin_uuid));
    expect(uuids).toHaveLength(2);
    for (const u of uuids) expect(u).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(new Set(uuids).size).toBe(2);
    // The open one is read with its uuid, and reading writes nothing.
    const open = await openShifts(knex);
    expect(open.map((x) => [x.id, x.originUuid])).toEqual([[earlier.id, uuids[0]]]);
    expect((await knex('time_clock').orderBy('id').select('origin_uuid')).map((r) => String(r.origin_uuid))).toEqual(uuids);
    await knex('time_clock').delete();
  });

  test('clocking in and out is audited by the time clock itself, in the shift\'s transaction: a refusal writes no event', async () => {
    const knex = fx.core.knex;
    const events = async (kind: string) => Number((await knex('audit_events').where({ kind, employee_id: fx.shop.cashier.id }).count({ n: '*' }).first())!.n);
    at(5, 8);
    const shift = await fx.core.timeClock.clockIn(fx.shop.cashier);
    expect(await events('clock_in')).toBe(1);
    await expect(fx.core.timeClock.clockIn(fx.shop.cashier)).rejects.toThrow('déjà pointé');
    expect(await events('clock_in')).toBe(1);
    at(5, 12);
    await fx.core.timeClock.clockOut(fx.shop.cashier);
    expect(await events('clock_out')).toBe(1);
    await expect(fx.core.timeClock.clockOut(fx.shop.cashier)).rejects.toThrow('pas pointé');
    expect(await events('clock_out')).toBe(1);
    await knex('time_clock').where({ id: shift.id }).delete();
  });

  test('one open shift per employee; out without in is refused and changes nothing', async () => {
    at(2, 8);
    const shift = await fx.core.timeClock.clockIn(fx.shop.cashier);
    expect(shift.clockOut).toBeNull();
    expect(shift.tillId).toBe(1);
    await expect(fx.core.timeClock.clockIn(fx.shop.cashier)).rejects.toThrow('déjà pointé');
    await expect(fx.core.timeClock.clockOut(fx.shop.manager)).rejects.toThrow("n'a pas pointé son arrivée");
    expect(Number((await fx.core.knex('time_clock').count({ n: '*' }).first())?.n)).toBe(1);
    at(2, 12, 30);
    const closed = await fx.core.timeClock.clockOut(fx.shop.cashier);
    expect(closed.id).toBe(shift.id);
    expect(closed.clockOut).toBe(now.toISOString());
    expect(await fx.core.timeClock.openShift(fx.shop.cashier.id)).toBeNull();
  });

  test('hours per employee: bounds cut a night shift, an open shift counts up to now, sales beside', async () => {
    // Léa: a night shift 2 Nov 22:00 → 3 Nov 02:00; Marc: in on 3 Nov at 09:00, still in.
    at(2, 22);
    await fx.core.timeClock.clockIn(fx.shop.cashier);
    at(3, 2);
    await fx.core.timeClock.clockOut(fx.shop.cashier);
    at(3, 9);
    await fx.core.timeClock.clockIn(fx.shop.manager);
    at(3, 10);
    await fx.core.sales.complete(fx.ticketOf(['wine', 2000]), [{ method: 'card', amount: 2580 }], fx.shop.manager.id);
    await fx.core.sales.complete(fx.ticketOf(['nutella', 1000]), [{ method: 'cash', amount: 450 }], fx.shop.manager.id);
    at(3, 11, 15);

    const day2 = await fx.core.timeClock.hours('2026-11-02', '2026-11-02');
    expect(day2.rows.map((r) => [r.name, r.shifts, r.seconds, r.open])).toEqual([['Léa Caissière', 2, (4.5 + 2) * 3600, false]]);

    const day3 = await fx.core.timeClock.hours('2026-11-03', '2026-11-03');
    const marc = day3.rows.find((r) => r.employeeId === fx.shop.manager.id)!;
    const lea = day3.rows.find((r) => r.employeeId === fx.shop.cashier.id)!;
    expect([marc.seconds, marc.open, lea.seconds, lea.open]).toEqual([2.25 * 3600, true, 2 * 3600, false]);
    expect(day3.rows[0]!.employeeId).toBe(fx.shop.manager.id); // most hours first

    // Sales per employee, against a plain query over the sales table.
    const expected = await fx.core.knex('sales').where({ employee_id: fx.shop.manager.id, business_date: '2026-11-03' }).select('total');
    expect(expected.length).toBe(2);
    expect([marc.sales, marc.salesTotal]).toEqual([2, expected.reduce((s, r) => s + Number(r.total), 0)]);
    expect([lea.sales, lea.salesTotal]).toEqual([0, 0]);

    const both = await fx.core.timeClock.hours('2026-11-02', '2026-11-03');
    expect(both.rows.find((r) => r.employeeId === fx.shop.cashier.id)!.seconds).toBe((4.5 + 4) * 3600);
    expect(both.totals.seconds).toBe((4.5 + 4 + 2.25) * 3600);
    expect(both.totals.salesTotal).toBe(2580 + 450);

    expect((await fx.core.timeClock.hours('2026-11-10', '2026-11-10')).rows).toEqual([]);
    await expect(fx.core.timeClock.hours('2026-11-03', '2026-11-02')).rejects.toThrow('après sa fin');
    await expect(fx.core.timeClock.hours('2026-13-01', '2026-13-02')).rejects.toThrow('AAAA-MM-JJ');
  });

  test('staff edits: rename, role, PIN change (unique, 4-8 digits), deactivation ends logins', async () => {
    const paul = await fx.core.staff.create({ name: 'Paul', role: 'cashier', pin: '4321' }, { pinRule: 'weak-allowed' });
    expect(await fx.core.staff.update(paul.id, { name: ' Paul R. ', role: 'manager' })).toMatchObject({ name: 'Paul R.', role: 'manager' });
    await expect(fx.core.staff.update(paul.id, { role: 'boss' as never })).rejects.toThrow('Rôle inconnu');
    await expect(fx.core.staff.update(paul.id, { name: '  ' })).rejects.toThrow('obligatoire');
    await expect(fx.core.staff.changePin(paul.id, '0000', { pinRule: 'weak-allowed' })).rejects.toThrow('déjà utilisé');
    await expect(fx.core.staff.changePin(paul.id, '12')).rejects.toThrow('4 à 8 chiffres');
    expect((await fx.core.staff.authenticate('4321'))?.id).toBe(paul.id);
    await fx.core.staff.changePin(paul.id, '55554444');
    expect(await fx.core.staff.authenticate('4321')).toBeNull();
    expect((await fx.core.staff.authenticate('55554444'))?.role).toBe('manager');
    await fx.core.staff.changePin(paul.id, '55554444'); // his own PIN again is fine
    const gone = await fx.core.staff.deactivate(paul.id);
    expect(gone.active).toBe(false);
    expect(await fx.core.staff.authenticate('55554444')).toBeNull();
    await expect(fx.core.timeClock.clockIn(gone)).rejects.toThrow("n'est plus actif");
    await expect(fx.core.staff.deactivate(paul.id)).rejects.toThrow('inconnu ou inactif');
  });
});
