// The PIN lockout kept in the database: two cores on the same database (the
// till and a `pos` command, say) share one count; every wrong PIN is an audit
// event with no employee that says what was attempted; while locked even the
// right PIN is refused; a right PIN afterwards starts the count again. Both
// engines (the count is written under a lock on each).
import type { Core } from '../../src/core/shop/core.service.js';
import { ENGINES, newTestDb, type TestDb } from '../helpers/engines.js';
import { smallShop, type SmallShop } from '../helpers/shop.js';

describe.each(ENGINES)('PIN lockout on %s', (engine) => {
  let db: TestDb;
  let till: Core;
  let cli: Core;
  let shop: SmallShop;
  let now = Date.parse('2026-12-07T10:00:00Z');
  const clock = () => new Date(now);

  beforeAll(async () => {
    db = newTestDb(engine);
    till = await db.core({ clock });
    shop = await smallShop(till);
    cli = await db.core({ clock });
  });
  afterAll(async () => {
    await cli.close();
    await till.close();
    await db.cleanup();
  });

  const failures = async () =>
    (await till.knex('audit_events').where({ kind: 'pin_failed' }).orderBy('seq')).map((r) => ({ employee: r.employee_id, ...JSON.parse(String(r.details)) }));

  test('wrong PINs from two processes add up; locked, the right PIN is refused; each failure is audited without employee', async () => {
    for (let i = 0; i < 3; i++) expect(await till.pins.check('5555', 'till:login')).toEqual({ ok: false, reason: 'wrong', lockedMs: 0 });
    expect(await cli.pins.check('5556', 'cli:cash_out')).toEqual({ ok: false, reason: 'wrong', lockedMs: 0 });
    expect(await cli.pins.check('5557', 'cli:cash_out')).toEqual({ ok: false, reason: 'locked', lockedMs: 30_000 });
    await expect(cli.pins.identify('1234', 'cli:refund')).rejects.toThrow('Trop de codes PIN faux : saisie bloquée encore 30 s');
    now += 10_000;
    expect(await till.pins.check('0000', 'till:login')).toEqual({ ok: false, reason: 'locked', lockedMs: 20_000 });
    expect(await till.pins.lockRemainingMs()).toBe(20_000);
    const events = await failures();
    expect(events).toHaveLength(7);
    expect(events.every((e) => e.employee === null)).toBe(true);
    expect(events.map((e) => e.attempt)).toEqual(['till:login', 'till:login', 'till:login', 'cli:cash_out', 'cli:cash_out', 'cli:refund', 'till:login']);
    expect(events[4]).toMatchObject({ failures: 5, lockedUntil: new Date(now - 10_000 + 30_000).toISOString() });
    expect(events.slice(5).every((e) => e.locked === true)).toBe(true);
    // The PIN itself is never written.
    expect(JSON.stringify(await till.knex('audit_events').select('details'))).not.toMatch(/5555|1234|0000/);
    expect((await till.journal.verify()).ok).toBe(true);
  });

  test('after the lock a right PIN passes and the count starts again; five more wrong ones lock twice as long', async () => {
    now += 20_000;
    expect(await cli.pins.check('1234', 'cli:refund')).toMatchObject({ ok: true, employee: { id: shop.manager.id } });
    expect(await till.knex('pin_lockouts').where({ till_id: till.tillId }).first('failures')).toEqual({ failures: 0 });
    for (let i = 0; i < 4; i++) expect((await till.pins.check('5555', 'till:login')).ok).toBe(false);
    expect(await till.pins.check('5555', 'till:login')).toEqual({ ok: false, reason: 'locked', lockedMs: 30_000 });
    now += 30_000;
    for (let i = 0; i < 4; i++) expect(await till.pins.check('5555', 'till:login')).toMatchObject({ reason: 'wrong' });
    expect(await till.pins.check('5555', 'till:login')).toEqual({ ok: false, reason: 'locked', lockedMs: 60_000 });
    now += 60_000;
  });

  test('a PIN set before migration 008 (nothing known of it) is judged at its next right entry', async () => {
    await till.knex('employees').update({ pin_digits: null, pin_obvious: null });
    expect(await till.staff.weakPins()).toEqual([]);
    expect((await till.pins.check('1234', 'till:login')).ok).toBe(true);
    expect((await till.staff.weakPins()).map((e) => e.name)).toEqual(['Marc Gérant']);
    expect(await till.knex('employees').where({ id: shop.manager.id }).first('pin_digits')).toEqual({ pin_digits: 4 });
  });

  test('another till keeps its own count', async () => {
    const other = await db.core({ clock, tillId: 2 });
    try {
      for (let i = 0; i < 5; i++) await other.pins.check('5555', 'till:login');
      expect(await other.pins.lockRemainingMs()).toBe(30_000);
      expect(await till.pins.lockRemainingMs()).toBe(0);
      expect((await till.pins.check('0000', 'till:login')).ok).toBe(true);
    } finally {
      await other.close();
    }
  });
});
