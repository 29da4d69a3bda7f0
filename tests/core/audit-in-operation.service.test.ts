// Every audited change writes its audit event in its own transaction: a real
// database failure (a temporary trigger, see refused-writes.ts) on the change's
// table, or on audit_events, leaves neither the change nor its event. Where the
// operation writes its event first (tickets, time clock, sign-in), the change's
// failure comes after the audit write. Both engines.
import { actorOf } from '../../src/core/fiscal/audit.service.js';
import { ENGINES } from '../helpers/engines.js';
import { expectRefused } from '../helpers/refused-writes.js';
import { coreFixture } from '../helpers/shop.js';

describe.each(ENGINES)('audit inside the operation on %s', (engine) => {
  const fx = coreFixture(engine);
  const auditCount = async () => Number((await fx.core.knex('audit_events').count({ n: '*' }).first())!.n);
  const lastEvent = async () => fx.core.knex('audit_events').orderBy('id', 'desc').first('kind', 'employee_id', 'approver_id', 'sale_id', 'details');
  const storedTicket = async (id: string) => fx.core.knex('open_tickets').where({ id }).first('line_count');
  const openShift = async (employeeId: number) => fx.core.timeClock.openShift(employeeId);
  const failures = async () => (await fx.core.knex('pin_lockouts').where({ till_id: fx.core.tillId }).first('failures'))?.failures;

  afterEach(async () => {
    expect((await fx.core.journal.verify()).ok).toBe(true);
  });

  test('an open ticket and the events of its change are saved, and discarded, together', async () => {
    const ticket = fx.ticketOf(['nutella', 1000]);
    const voided = [{ kind: 'void', employeeId: fx.shop.cashier.id, articleId: fx.shop.nutella.id, details: { qty: 1000 } }];
    const before = await auditCount();
    await expectRefused(fx.core.knex, 'open_tickets', 'INSERT', () => fx.core.tickets.save(ticket, fx.shop.cashier.id, voided));
    await expectRefused(fx.core.knex, 'audit_events', 'INSERT', () => fx.core.tickets.save(ticket, fx.shop.cashier.id, voided));
    expect(await storedTicket(ticket.id)).toBeUndefined();
    expect(await auditCount()).toBe(before);

    await fx.core.tickets.save(ticket, fx.shop.cashier.id, voided);
    expect(await storedTicket(ticket.id)).toEqual({ line_count: 1 });
    expect(await lastEvent()).toMatchObject({ kind: 'void', employee_id: fx.shop.cashier.id });

    const cancelled = [{ kind: 'cancel', employeeId: fx.shop.cashier.id, details: { lines: 1 } }];
    const saved = await auditCount();
    await expectRefused(fx.core.knex, 'open_tickets', 'DELETE', () => fx.core.tickets.discard(ticket.id, cancelled));
    await expectRefused(fx.core.knex, 'audit_events', 'INSERT', () => fx.core.tickets.discard(ticket.id, cancelled));
    expect(await storedTicket(ticket.id)).toEqual({ line_count: 1 });
    expect(await auditCount()).toBe(saved);
    await fx.core.tickets.discard(ticket.id, cancelled);
    expect(await storedTicket(ticket.id)).toBeUndefined();
    expect(await lastEvent()).toMatchObject({ kind: 'cancel' });
  });

  test('a no-sale opening is on record with who asked and who allowed it, or the drawer is not opened', async () => {
    const before = await auditCount();
    const by = { employeeId: fx.shop.cashier.id, approverId: fx.shop.manager.id };
    await expectRefused(fx.core.knex, 'audit_events', 'INSERT', () => fx.core.drawerKicks.noSale(by));
    expect(await auditCount()).toBe(before);
    await fx.core.drawerKicks.noSale(by, { from: 'test' });
    const event = await lastEvent();
    expect(event).toMatchObject({ kind: 'no_sale', employee_id: fx.shop.cashier.id, approver_id: fx.shop.manager.id });
    expect(JSON.parse(event.details)).toEqual({ from: 'test' });
  });

  test('clocking in or out at login checks the open shift and writes the shift with its event, or nothing', async () => {
    const lea = fx.shop.cashier;
    const before = await auditCount();
    await expectRefused(fx.core.knex, 'time_clock', 'INSERT', () => fx.core.timeClock.clockAtLogin(lea, 'in'));
    await expectRefused(fx.core.knex, 'audit_events', 'INSERT', () => fx.core.timeClock.clockAtLogin(lea, 'in'));
    expect(await openShift(lea.id)).toBeNull();
    expect(await auditCount()).toBe(before);
    expect(await fx.core.timeClock.clockAtLogin(lea, 'out')).toEqual({ ok: false, reason: 'not-in' });

    const arrived = await fx.core.timeClock.clockAtLogin(lea, 'in');
    expect(arrived).toMatchObject({ ok: true, shift: { employeeId: lea.id, clockOut: null } });
    expect(await lastEvent()).toMatchObject({ kind: 'clock_in', employee_id: lea.id });
    const open = await openShift(lea.id);
    expect(await fx.core.timeClock.clockAtLogin(lea, 'in')).toEqual({ ok: false, reason: 'already-in', open });

    const inside = await auditCount();
    await expectRefused(fx.core.knex, 'time_clock', 'UPDATE', () => fx.core.timeClock.clockAtLogin(lea, 'out'));
    await expectRefused(fx.core.knex, 'audit_events', 'INSERT', () => fx.core.timeClock.clockAtLogin(lea, 'out'));
    expect(await openShift(lea.id)).toEqual(open);
    expect(await auditCount()).toBe(inside);
    const left = await fx.core.timeClock.clockAtLogin(lea, 'out');
    expect(left).toMatchObject({ ok: true, shift: { id: open!.id, clockOut: expect.any(String) } });
    expect(await lastEvent()).toMatchObject({ kind: 'clock_out', employee_id: lea.id });
    expect(await openShift(lea.id)).toBeNull();
  });

  test('an offline DUPLICATA takes its number from the reprints on record, and records itself with it', async () => {
    const sale = await fx.core.sales.complete(fx.ticketOf(['nutella', 1000]), [{ method: 'cash', amount: 10000 }], fx.shop.cashier.id);
    const by = { employeeId: fx.shop.cashier.id, approverId: fx.shop.manager.id };
    await expectRefused(fx.core.knex, 'audit_events', 'INSERT', () => fx.core.printQueue.recordOfflineDuplicate(sale.id, by));
    expect(await fx.core.audit.count({ kind: 'reprint', saleId: sale.id })).toBe(0);
    expect(await fx.core.printQueue.recordOfflineDuplicate(sale.id, by)).toBe(1);
    expect(await fx.core.printQueue.recordOfflineDuplicate(sale.id, by)).toBe(2);
    const event = await lastEvent();
    expect(event).toMatchObject({ kind: 'reprint', sale_id: sale.id, employee_id: fx.shop.cashier.id, approver_id: fx.shop.manager.id });
    expect(JSON.parse(event.details)).toEqual({ duplicate: 2 });
  });

  test('a sign-in records the login in the transaction that starts the wrong-PIN count again', async () => {
    expect(await fx.core.pins.signIn('9999', 'backoffice')).toEqual({ ok: false, reason: 'wrong', lockedMs: 0 });
    expect(await failures()).toBe(1);
    const before = await auditCount();
    await expectRefused(fx.core.knex, 'pin_lockouts', 'UPDATE', () => fx.core.pins.signIn('1234', 'backoffice'));
    await expectRefused(fx.core.knex, 'audit_events', 'INSERT', () => fx.core.pins.signIn('1234', 'backoffice'));
    expect(await failures()).toBe(1);
    expect(await auditCount()).toBe(before);

    expect(await fx.core.pins.signIn('1234', 'backoffice')).toEqual({ ok: true, employee: fx.shop.manager });
    expect(await failures()).toBe(0);
    expect(await lastEvent()).toMatchObject({ kind: 'login', employee_id: fx.shop.manager.id });
    expect(JSON.parse((await lastEvent()).details)).toEqual({ where: 'backoffice' });

    // A cashier may sign in at the till, not at the back office (and that refusal is no login).
    const logins = await auditCount();
    expect(await fx.core.pins.signIn('0000', 'backoffice')).toEqual({ ok: false, reason: 'not-allowed', employee: fx.shop.cashier });
    expect(await auditCount()).toBe(logins);
    expect(await fx.core.pins.signIn('0000', 'till')).toEqual({ ok: true, employee: fx.shop.cashier });
    expect(await lastEvent()).toMatchObject({ kind: 'login', employee_id: fx.shop.cashier.id });
  });

  test('settings, staff and permission changes: a refused change leaves no event, a refused event leaves no change', async () => {
    const manager = actorOf(fx.shop.manager, fx.core.tillId);
    const before = await auditCount();
    const shopName = await fx.core.settings.get('shop.name');
    // The shop's name is the shop's own setting (shop_settings); the company's are in settings.
    for (const table of ['shop_settings', 'audit_events']) {
      await expectRefused(fx.core.knex, table, 'INSERT', () => fx.core.settings.set('shop.name', 'Autre boutique', { employeeId: fx.shop.manager.id }));
    }
    expect(await fx.core.settings.get('shop.name')).toBe(shopName);

    await expectRefused(fx.core.knex, 'employees', 'UPDATE', () => fx.core.staff.update(fx.shop.cashier.id, { name: 'Léa B.' }, manager));
    await expectRefused(fx.core.knex, 'audit_events', 'INSERT', () => fx.core.staff.update(fx.shop.cashier.id, { name: 'Léa B.' }, manager));
    await expectRefused(fx.core.knex, 'employees', 'INSERT', () => fx.core.staff.create({ name: 'Paul', role: 'cashier', pin: '5829' }, { by: manager }));
    await expectRefused(fx.core.knex, 'audit_events', 'INSERT', () => fx.core.staff.create({ name: 'Paul', role: 'cashier', pin: '5829' }, { by: manager }));
    expect((await fx.core.staff.list()).map((e) => e.name).sort()).toEqual(['Léa Caissière', 'Marc Gérant']);

    const owner = await fx.core.staff.create({ name: 'Anne Patronne', role: 'owner', pin: '7391' }, { pinRule: 'weak-allowed' });
    const table = await fx.core.permissions.table();
    for (const refused of ['settings', 'audit_events']) {
      await expectRefused(fx.core.knex, refused, 'INSERT', () => fx.core.permissions.set('no_sale', 'cashier', owner));
    }
    expect(await fx.core.permissions.table()).toEqual(table);
    expect(await auditCount()).toBe(before);
  });
});
