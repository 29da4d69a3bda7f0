// Customer groups on SQLite and PostgreSQL: list with their use, add, change,
// remove; refusals (used by customers or promotions, the default group, a
// taken name, bad values) that name who uses the group and change nothing;
// the customer import creating the groups its file names, all or nothing.
import { actorOf } from '../../src/core/fiscal/audit.service.js';
import { parseCustomerFile } from '../../src/core/customers/customer-import.js';
import { ENGINES } from '../helpers/engines.js';
import { coreFixture } from '../helpers/shop.js';

describe.each(ENGINES)('customer groups on %s', (engine) => {
  const fx = coreFixture(engine, { clock: () => new Date('2026-11-20T09:00:00.000Z') });
  const manager = () => actorOf(fx.shop.manager, fx.core.tillId);
  const groupRows = async () => (await fx.core.knex('customer_groups').orderBy('id')).map((g) => [g.name, Number(g.discount_bp), g.price_level]);
  const audit = async (action: string) => (await fx.core.knex('audit_events').where({ kind: 'customer' })).map((e) => JSON.parse(e.details)).filter((d) => d.action === action);

  test('add and change a group, audited under the manager; the list counts customers and promotions', async () => {
    const pros = await fx.core.customerGroups.add({ name: 'Professionnels', discountBp: 500, priceLevel: 'pro' }, manager());
    expect(pros).toMatchObject({ name: 'Professionnels', discountBp: 500, priceLevel: 'pro', isDefault: false });
    const changed = await fx.core.customerGroups.update('professionnels', { name: 'Pros', discountBp: 750, priceLevel: '' }, manager());
    expect(changed).toMatchObject({ id: pros.id, name: 'Pros', discountBp: 750, priceLevel: null });
    expect(await audit('add-group')).toEqual([expect.objectContaining({ name: 'Professionnels', discountBp: 500 })]);
    expect(await audit('set-group')).toEqual([expect.objectContaining({ name: 'Pros', discountBp: 750, before: { name: 'Professionnels', discountBp: 500, priceLevel: 'pro' } })]);
    await fx.core.customers.create({ code: 'C-001', firstName: 'Alice', lastName: 'Martin', groupId: pros.id });
    await fx.core.customers.create({ code: 'C-002', firstName: 'Bruno', lastName: 'Petit', groupId: pros.id });
    await fx.core.customers.create({ code: 'C-003', firstName: 'Chloé', lastName: 'Roux', groupId: pros.id });
    await fx.core.customers.create({ code: 'C-004', firstName: 'David', lastName: 'Zola', groupId: pros.id });
    await fx.core.promotions.create({ name: 'Pros -10 %', kind: 'percent', value: 1000, articleId: fx.shop.wine.id, customerGroupId: pros.id, from: '2026-11-01', to: '2026-12-31' });
    const list = await fx.core.customerGroups.list();
    expect(list.map((g) => [g.name, g.isDefault, g.customers, g.promotions])).toEqual([
      ['Tous les clients', true, 0, 0],
      ['Pros', false, 4, 1],
    ]);
  });

  test('a used group is not removed: the refusal says how many customers, names three, and the promotions', async () => {
    const before = await groupRows();
    await expect(fx.core.customerGroups.remove('Pros', manager())).rejects.toThrow(
      'Le groupe « Pros » sert encore à 4 clients (Alice Martin C-001, Bruno Petit C-002, Chloé Roux C-003, …) et à 1 promotion : « Pros -10 % » (1) : changez-les de groupe d\'abord',
    );
    expect(await groupRows()).toEqual(before);
  });

  test('the default group is not removed; a taken name, an empty one, a bad discount or a control character are refused', async () => {
    const before = await groupRows();
    await expect(fx.core.customerGroups.remove('tous les clients', manager())).rejects.toThrow('est le groupe par défaut');
    await expect(fx.core.customerGroups.add({ name: 'PROS' }, manager())).rejects.toThrow('Le groupe « Pros » existe déjà');
    await expect(fx.core.customerGroups.add({ name: '  ' }, manager())).rejects.toThrow('Nom de groupe obligatoire');
    await expect(fx.core.customerGroups.add({ name: 'VIP', discountBp: 10_001 }, manager())).rejects.toThrow('Remise de groupe entre 0 et 100 %');
    await expect(fx.core.customerGroups.add({ name: 'V\u0007IP' }, manager())).rejects.toThrow(/caractère de contrôle|contrôle/);
    await expect(fx.core.customerGroups.add({ name: 'x'.repeat(10_000) }, manager())).rejects.toThrow(/60/);
    await expect(fx.core.customerGroups.update('Nobody', { discountBp: 0 }, manager())).rejects.toThrow('Groupe de clients « Nobody » introuvable (Tous les clients, Pros)');
    expect(await groupRows()).toEqual(before);
  });

  test('an unused group is removed, audited', async () => {
    await fx.core.customerGroups.add({ name: 'Éphémère' }, manager());
    expect(await fx.core.customerGroups.remove('ephemere', manager())).toMatchObject({ name: 'Éphémère' });
    expect((await fx.core.customerGroups.list()).map((g) => g.name)).toEqual(['Tous les clients', 'Pros']);
    expect(await audit('remove-group')).toEqual([expect.objectContaining({ name: 'Éphémère' })]);
  });

  test('import: without createGroups the missing groups are named; with it they are created with the customers, in one go', async () => {
    const file = 'code;nom;groupe\nI-001;Arnaud;Voisins\nI-002;Berthe;voisins\nI-003;Céline;Pros\nI-004;Denis;Associations\n';
    const groups = await fx.core.customers.groups();
    const refused = parseCustomerFile(file, groups, await fx.core.customers.codes());
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.missingGroups).toEqual(['Voisins', 'Associations']);
    const accepted = parseCustomerFile(file, groups, await fx.core.customers.codes(), { createGroups: true });
    if (!accepted.ok) throw new Error(accepted.errors.join('\n'));
    const result = await fx.core.customerGroups.importCustomers(accepted.customers, accepted.newGroups, manager());
    expect(result).toEqual({ created: 4, groups: ['Voisins', 'Associations'] });
    const list = await fx.core.customerGroups.list();
    expect(list.map((g) => [g.name, g.customers])).toEqual([['Tous les clients', 0], ['Associations', 1], ['Pros', 5], ['Voisins', 2]]);
    const events = (await fx.core.knex('audit_events').where({ kind: 'import' })).map((e) => JSON.parse(e.details));
    expect(events).toEqual([expect.objectContaining({ what: 'customers', created: 4, groupsCreated: ['Voisins', 'Associations'] })]);
  });

  test('import: a row that cannot be created rolls the new groups back too', async () => {
    const file = 'code;nom;groupe\nJ-001;Émile;Nouveaux\nJ-002;Fanny;Nouveaux\n';
    const accepted = parseCustomerFile(file, await fx.core.customers.groups(), await fx.core.customers.codes(), { createGroups: true });
    if (!accepted.ok) throw new Error(accepted.errors.join('\n'));
    await fx.core.customers.create({ code: 'J-002', firstName: 'Fanny' }); // taken meanwhile
    const before = await groupRows();
    await expect(fx.core.customerGroups.importCustomers(accepted.customers, accepted.newGroups, manager())).rejects.toThrow('Le code client J-002 existe déjà');
    expect(await groupRows()).toEqual(before);
  });
});
