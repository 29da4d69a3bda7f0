import type { Core } from '../../src/core/shop/core.service.js';
import { hashPin, verifyPin } from '../../src/core/staff/pin.js';
import { ENGINES, newTestDb, type TestDb } from '../helpers/engines.js';

describe('PIN hashing', () => {
  test('salted: the same PIN hashes differently and verifies', async () => {
    const a = await hashPin('1234');
    const b = await hashPin('1234');
    expect(a).not.toBe(b);
    expect(a).not.toContain('1234$');
    expect(await verifyPin('1234', a)).toBe(true);
    expect(await verifyPin('1235', a)).toBe(false);
    expect(await verifyPin('1234', 'garbage')).toBe(false);
    await expect(hashPin('12')).rejects.toThrow();
  });
});

describe.each(ENGINES)('staff on %s', (engine) => {
  let db: TestDb;
  let core: Core;
  beforeAll(async () => {
    db = newTestDb(engine);
    core = await db.core();
  });
  afterAll(async () => {
    await core.close();
    await db.cleanup();
  });

  test('login by PIN alone; PINs are unique; bad input is refused', async () => {
    const lea = await core.staff.create({ name: 'Léa', role: 'cashier', pin: '0000' }, { pinRule: 'weak-allowed' });
    await core.staff.create({ name: 'Marc', role: 'manager', pin: '1234' }, { pinRule: 'weak-allowed' });
    expect((await core.staff.authenticate('0000'))?.id).toBe(lea.id);
    expect((await core.staff.authenticate('1234'))?.role).toBe('manager');
    expect(await core.staff.authenticate('9999')).toBeNull();
    expect(await core.staff.authenticate('abc')).toBeNull();
    await expect(core.staff.create({ name: 'Bis', role: 'cashier', pin: '0000' }, { pinRule: 'weak-allowed' })).rejects.toThrow('déjà utilisé');
    await expect(core.staff.create({ name: 'X', role: 'boss' as never, pin: '5555' })).rejects.toThrow('Rôle inconnu');
    expect((await core.staff.list()).length).toBe(2);
    const row = await core.knex('employees').where({ id: lea.id }).first();
    expect(String(row.pin_hash)).toMatch(/^scrypt\$/);
  });

  test('only an owner gives, takes or touches the owner role, whatever the entry point: the service refuses, writes nothing', async () => {
    const tillId = core.tillId;
    const marc = (await core.staff.list()).find((e) => e.role === 'manager')!;
    const lea = (await core.staff.list()).find((e) => e.role === 'cashier')!;
    const claire = await core.staff.create({ name: 'Claire', role: 'owner', pin: '483920' }, { by: { firstOwnerAt: tillId } });
    const byManager = { by: { employeeId: marc.id, tillId } };
    const events = async () => Number((await core.knex('audit_events').count({ n: '*' }).first())!.n);
    const before = { staff: (await core.staff.list()).length, events: await events() };
    await expect(core.staff.create({ name: 'Faux patron', role: 'owner', pin: '739201' }, byManager)).rejects.toThrow('Seul un patron');
    await expect(core.staff.update(marc.id, { role: 'owner' }, byManager.by)).rejects.toThrow('Seul un patron');
    await expect(core.staff.update(claire.id, { name: 'Claire M.' }, byManager.by)).rejects.toThrow('Seul un patron');
    await expect(core.staff.changePin(claire.id, '582041', byManager)).rejects.toThrow('Seul un patron');
    await expect(core.staff.deactivate(claire.id, byManager.by)).rejects.toThrow('Seul un patron');
    expect((await core.staff.list()).length).toBe(before.staff);
    expect((await core.staff.get(marc.id))!.role).toBe('manager');
    expect((await core.staff.get(claire.id))!).toMatchObject({ name: 'Claire', active: true });
    expect(await core.staff.authenticate('483920')).toMatchObject({ id: claire.id });
    expect(await events()).toBe(before.events);
    // a manager still manages the cashiers; the owner manages everyone
    await core.staff.update(lea.id, { name: 'Léa M.' }, byManager.by);
    await core.staff.update(lea.id, { name: lea.name }, byManager.by);
    await core.staff.update(claire.id, { name: 'Claire Martin' }, { employeeId: claire.id, tillId });
    expect((await core.staff.get(claire.id))!.name).toBe('Claire Martin');
    await core.staff.deactivate(claire.id, { employeeId: claire.id, tillId });
  });

  test('someone who comes back is reactivated with a new PIN, never one in use', async () => {
    const tom = await core.staff.create({ name: 'Tom', role: 'cashier', pin: '2468' });
    await core.staff.deactivate(tom.id);
    expect(await core.staff.authenticate('2468')).toBeNull();
    await core.staff.create({ name: 'Zoé', role: 'cashier', pin: '2468' }); // his old PIN, given away meanwhile
    await expect(core.staff.reactivate(tom.id, '2468')).rejects.toThrow('déjà utilisé');
    await expect(core.staff.reactivate(tom.id, '12')).rejects.toThrow('4 à 8 chiffres');
    expect((await core.staff.get(tom.id))!.active).toBe(false);
    await expect(core.staff.reactivate(tom.id, '1357')).resolves.toMatchObject({ name: 'Tom', active: true });
    expect((await core.staff.authenticate('1357'))?.id).toBe(tom.id);
    await expect(core.staff.reactivate(tom.id, '9753')).rejects.toThrow('déjà actif');
  });

  test('new and changed PINs: obvious ones refused, 6 digits for managers and owners (a setting); weak ones are listed', async () => {
    await expect(core.staff.create({ name: 'Ana', role: 'cashier', pin: '7777' })).rejects.toThrow('trop facile');
    await expect(core.staff.create({ name: 'Ana', role: 'cashier', pin: '3456' })).rejects.toThrow('trop facile');
    await expect(core.staff.create({ name: 'Ana', role: 'manager', pin: '5820' })).rejects.toThrow('au moins 6 chiffres');
    await expect(core.staff.create({ name: 'Ana', role: 'owner', pin: '876543' })).rejects.toThrow('trop facile');
    const ana = await core.staff.create({ name: 'Ana', role: 'manager', pin: '582046' });
    await expect(core.staff.changePin(ana.id, '58204')).rejects.toThrow('au moins 6 chiffres');
    await core.settings.set('pin.minDigitsManager', 8);
    await expect(core.staff.changePin(ana.id, '5820461')).rejects.toThrow('au moins 8 chiffres');
    await core.settings.set('pin.minDigitsManager', 6);
    // Léa (0000) and Marc (1234, a manager) kept the PINs given above with the demo's leave: the back office lists them.
    expect((await core.staff.weakPins()).map((e) => e.name)).toEqual(['Léa', 'Marc']);
    await core.staff.update(ana.id, { role: 'cashier' });
    const bea = await core.staff.create({ name: 'Béa', role: 'cashier', pin: '5821' });
    await core.staff.update(bea.id, { role: 'manager' }); // promoted with a cashier's 4-digit PIN: weak now
    expect((await core.staff.weakPins()).map((e) => e.name)).toEqual(['Béa', 'Léa', 'Marc']);
    await core.staff.changePin(bea.id, '58214790');
    expect((await core.staff.weakPins()).map((e) => e.name)).toEqual(['Léa', 'Marc']);
  });
});
