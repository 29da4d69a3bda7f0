import type { Core } from '../../src/core/shop/core.service.js';
import { parseCustomerFile } from '../../src/core/customers/customer-import.js';
import { ENGINES, newTestDb, type TestDb } from '../helpers/engines.js';

describe.each(ENGINES)('customers on %s', (engine) => {
  let db: TestDb;
  let core: Core;
  beforeAll(async () => {
    db = newTestDb(engine);
    core = await db.core();
    await core.customers.defaultGroup();
    await core.customers.createGroup({ name: 'Professionnels', discountBp: 500, priceLevel: 'wholesale' });
  });
  afterAll(async () => {
    await core.close();
    await db.cleanup();
  });

  test('every new customer is in "Tous les clients"; search by name, code and phone ignores accents', async () => {
    const c = await core.customers.create({ code: '2900000000017', firstName: 'Hélène', lastName: 'Dupont', phone: '06 12 34 56 78' });
    expect((await core.customers.groupOf(c))?.name).toBe('Tous les clients');
    for (const q of ['helene', 'DUP', 'hel dup', '2900000000017', '0612']) {
      expect((await core.customers.search(q)).map((x) => x.code)).toEqual(['2900000000017']);
    }
    expect(await core.customers.search('lene')).toEqual([]);
    expect((await core.customers.byCode('2900000000017'))?.id).toBe(c.id);
    await expect(core.customers.create({ code: '2900000000017', firstName: 'X' })).rejects.toThrow('existe déjà');
    await expect(core.customers.create({ code: '12', firstName: 'X' })).rejects.toThrow('Code client');
  });

  test('a phone typed with spaces, dots, dashes or +33 finds its customer, however it was stored (issue #17, defect 7)', async () => {
    await core.customers.create({ code: '2900000000024', firstName: 'Maurice', lastName: 'Lemaire', phone: '06 45 67 89 01' });
    await core.customers.create({ code: '2900000000031', firstName: 'Inès', lastName: 'Roux', phone: '+33 6 11 22 33 44' });
    const old = await core.customers.create({ code: '2900000000048', firstName: 'Paul', lastName: 'Ancien', phone: '+33 7 99 88 77 66' });
    // a record written before the rule kept the +33 digits as they were
    await core.knex('customers').where({ id: old.id }).update({ search_text: 'paul ancien 2900000000048 33799887766' });
    const found = async (q: string) => (await core.customers.search(q)).map((x) => x.lastName);
    for (const q of ['06 45 67 89 01', '06.45.67.89.01', '06-45-67-89-01', '+33 6 45 67 89 01', '+33645678901', '0033 6 45 67 89 01', '06 45', '0645']) {
      expect({ q, found: await found(q) }).toEqual({ q, found: ['Lemaire'] });
    }
    for (const q of ['06 11 22 33 44', '+33 6 11 22', '0611']) expect({ q, found: await found(q) }).toEqual({ q, found: ['Roux'] });
    for (const q of ['07 99 88 77 66', '+33 7 99']) expect({ q, found: await found(q) }).toEqual({ q, found: ['Ancien'] });
    expect(await found('06 45 67 89 02')).toEqual([]);
    expect(await found('maurice lem')).toEqual(['Lemaire']);
  });

  test('an import is all or nothing', async () => {
    const before = await core.customers.count();
    const ok = parseCustomerFile('code;nom;groupe\n5005001;Alpha;Professionnels\n5005002;Beta;\n', await core.customers.groups(), await core.customers.codes());
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(await core.customers.createMany(ok.customers)).toBe(2);
    expect(await core.customers.count()).toBe(before + 2);
    // A duplicate the file check could not see (created meanwhile): the transaction rolls back.
    const late = parseCustomerFile('code;nom\n5005003;Gamma\n5005004;Delta\n', await core.customers.groups(), await core.customers.codes());
    await core.customers.create({ code: '5005004', lastName: 'Déjà là' });
    if (late.ok) await expect(core.customers.createMany(late.customers)).rejects.toThrow('existe déjà');
    expect(await core.customers.byCode('5005003')).toBeNull();
  });
});
