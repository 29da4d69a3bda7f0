import type { Core } from '../../src/core/shop/core.service.js';
import {
  DEFAULT_PERMISSIONS,
  GUARDED_ACTIONS,
  mayDo,
  parsePermissionChange,
  permissionTableOf,
  refusalMessage,
  roleAtLeast,
} from '../../src/core/staff/permissions.js';
import type { Employee } from '../../src/core/staff/staff.js';
import { ENGINES, newTestDb, type TestDb } from '../helpers/engines.js';

describe('permission rules', () => {
  test('roles rank cashier < manager < owner', () => {
    expect(roleAtLeast('cashier', 'cashier')).toBe(true);
    expect(roleAtLeast('cashier', 'manager')).toBe(false);
    expect(roleAtLeast('owner', 'manager')).toBe(true);
    expect(roleAtLeast('manager', 'owner')).toBe(false);
  });

  test('defaults: a cashier reprints, puts cash in, takes payments on account and receives goods; everything else that gives money back or changes the shop needs a manager', () => {
    expect(GUARDED_ACTIONS.filter((a) => mayDo('cashier', a))).toEqual(['reprint', 'cash_in', 'account_payment', 'receive_goods']);
    expect(GUARDED_ACTIONS.every((a) => mayDo('manager', a) && mayDo('owner', a))).toBe(true);
  });

  test('a stored table is merged over the defaults; unknown actions and roles in storage are ignored', () => {
    const table = permissionTableOf({ void_line: 'cashier', settings: 'owner', teleport: 'cashier', refund: 'boss' });
    expect(table).toEqual({ ...DEFAULT_PERMISSIONS, void_line: 'cashier', settings: 'owner' });
    expect(mayDo('cashier', 'void_line', table)).toBe(true);
    expect(mayDo('manager', 'settings', table)).toBe(false);
    expect(permissionTableOf(null)).toEqual(DEFAULT_PERMISSIONS);
    expect(permissionTableOf(['void_line'])).toEqual(DEFAULT_PERMISSIONS);
  });

  test('a typed change is checked, with the choices in the message', () => {
    expect(parsePermissionChange('refund', 'cashier')).toEqual({ action: 'refund', role: 'cashier' });
    expect(() => parsePermissionChange('teleport', 'cashier')).toThrow(/Action inconnue : « teleport » \(void_line, /);
    expect(() => parsePermissionChange('refund', 'boss')).toThrow('Rôle inconnu : « boss » (cashier, manager, owner)');
  });

  test('the refusal names the action and the role it needs', () => {
    expect(refusalMessage('void_line', DEFAULT_PERMISSIONS)).toBe('Code PIN refusé : « Annuler une ligne » demande un responsable');
  });
});

describe.each(ENGINES)('permissions service on %s', (engine) => {
  let db: TestDb;
  let core: Core;
  let owner: Employee;
  let manager: Employee;
  beforeAll(async () => {
    db = newTestDb(engine);
    core = await db.core();
    owner = await core.staff.create({ name: 'Claire Patronne', role: 'owner', pin: '9999' }, { pinRule: 'weak-allowed' });
    manager = await core.staff.create({ name: 'Marc Gérant', role: 'manager', pin: '1234' }, { pinRule: 'weak-allowed' });
    await core.staff.create({ name: 'Léa Caissière', role: 'cashier', pin: '0000' }, { pinRule: 'weak-allowed' });
  });
  afterAll(async () => {
    await core.close();
    await db.cleanup();
  });

  test('authorize: the employee when their role may, else a clear refusal', async () => {
    expect(await core.permissions.authorize('1234', 'void_line')).toMatchObject({ id: manager.id });
    await expect(core.permissions.authorize('0000', 'void_line')).rejects.toThrow('Code PIN refusé : « Annuler une ligne » demande un responsable');
    await expect(core.permissions.authorize('5555', 'reprint')).rejects.toThrow(/Code PIN refusé/);
    expect(await core.permissions.authorize('0000', 'reprint')).toMatchObject({ role: 'cashier' });
  });

  test('only an owner changes the table; the change is audited under their name in the settings', async () => {
    await expect(core.permissions.set('void_line', 'cashier', manager)).rejects.toThrow('seul un patron');
    await expect(core.permissions.set('void_line', 'boss', owner)).rejects.toThrow('Rôle inconnu');
    expect((await core.permissions.table()).void_line).toBe('manager');
    const events = (await core.audit.recent()).length;
    const table = await core.permissions.set('void_line', 'cashier', owner);
    expect(table.void_line).toBe('cashier');
    expect(await core.permissions.authorize('0000', 'void_line')).toMatchObject({ role: 'cashier' });
    const [event, ...rest] = await core.audit.recent();
    expect(rest.length).toBe(events);
    expect(event).toMatchObject({ kind: 'settings', employeeId: owner.id });
    expect(JSON.parse(event!.details)).toMatchObject({ keys: ['permissions'], action: 'void_line', from: 'manager', to: 'cashier' });
    // a later change keeps the earlier one
    await core.permissions.set('settings', 'owner', owner);
    expect(await core.permissions.table()).toMatchObject({ void_line: 'cashier', settings: 'owner' });
  });

  test('any settings save writes a settings audit event naming the key and who', async () => {
    await core.settings.set('shop.name', 'Épicerie du Port', { employeeId: manager.id });
    const [event] = await core.audit.recent();
    expect(event).toMatchObject({ kind: 'settings', employeeId: manager.id });
    expect(JSON.parse(event!.details)).toEqual({ keys: ['shop.name'], value: 'Épicerie du Port', shopId: 1 });
    expect((await core.journal.verify()).ok).toBe(true);
  });
});
