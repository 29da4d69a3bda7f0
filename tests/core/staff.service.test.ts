import type { Core } from '../../src/core/core.js';
import { hashPin, verifyPin } from '../../src/core/pin.js';
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
    const lea = await core.staff.create({ name: 'Léa', role: 'cashier', pin: '0000' });
    await core.staff.create({ name: 'Marc', role: 'manager', pin: '1234' });
    expect((await core.staff.authenticate('0000'))?.id).toBe(lea.id);
    expect((await core.staff.authenticate('1234'))?.role).toBe('manager');
    expect(await core.staff.authenticate('9999')).toBeNull();
    expect(await core.staff.authenticate('abc')).toBeNull();
    await expect(core.staff.create({ name: 'Bis', role: 'cashier', pin: '0000' })).rejects.toThrow('déjà utilisé');
    await expect(core.staff.create({ name: 'X', role: 'boss' as never, pin: '5555' })).rejects.toThrow('Rôle inconnu');
    expect((await core.staff.list()).length).toBe(2);
    const row = await core.knex('employees').where({ id: lea.id }).first();
    expect(String(row.pin_hash)).toMatch(/^scrypt\$/);
  });
});
