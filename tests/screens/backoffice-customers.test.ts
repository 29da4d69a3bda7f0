// The back office's customers screen on a real SQLite file: the list with
// search as you type and balances, a customer created and edited through the
// form (every field), refused input changing nothing, and a customer's sales.
import { sellable } from '../../src/core/catalogue/article.js';
import type { Customer } from '../../src/core/customers/customers.service.js';
import { addLine, setCustomer } from '../../src/core/sales/ticket.js';
import { BackOfficeSession, MENU } from '../../src/screens/backoffice/backoffice-session.js';
import { CUSTOMER_FIELDS } from '../../src/screens/backoffice/customer-form.js';
import { decodeKeys } from '../../src/screens/keys.js';
import { coreFixture } from '../helpers/shop.js';
import { BACKSPACE, CTRL_S, DOWN, ESC, F4, INSERT, UP } from '../helpers/key-codes.js';

describe('back office customers screen', () => {
  const fx = coreFixture();
  let dupont: Customer;
  const type = async (s: BackOfficeSession, raw: string) => {
    // One key at a time, as a person types: a text chunk is one field's input.
    for (const event of decodeKeys(raw)) await s.feed([event]);
  };
  const openCustomers = async () => {
    const s = new BackOfficeSession(fx.core, fx.shop.manager);
    await type(s, DOWN.repeat(MENU.indexOf('customers')) + '\r');
    expect(s.getState().view).toBe('customers');
    return s;
  };
  /** Moves the form to a field and replaces its text. */
  const fill = async (s: BackOfficeSession, key: (typeof CUSTOMER_FIELDS)[number], value: string) => {
    const form = s.getState().customers!.form!;
    const target = CUSTOMER_FIELDS.indexOf(key);
    const delta = target - form.index;
    await type(s, (delta > 0 ? DOWN : UP).repeat(Math.abs(delta)) + BACKSPACE.repeat(form.values[key].length));
    if (value) await s.feed([{ type: 'text', text: value }]);
  };

  beforeAll(async () => {
    await fx.core.customers.createGroup({ name: 'Professionnels', discountBp: 500, priceLevel: 'wholesale' });
    dupont = await fx.core.customers.create({ code: '2900000000017', firstName: 'Hélène', lastName: 'Dupont', phone: '0612345678' });
    await fx.core.customers.create({ code: '2900000000024', firstName: 'Jérôme', lastName: 'Bernard' });
    const t = setCustomer(addLine(fx.core.tickets.create(), sellable(fx.shop.wine), 2000), dupont.id);
    await fx.core.sales.complete(t, [{ method: 'card', amount: 2580 }], fx.shop.cashier.id);
    await fx.core.knex('account_entries').insert({ customer_id: dupont.id, amount: 4250, kind: 'on_account', created_at: new Date().toISOString() });
  });

  test('the list: every customer with group and account balance; typing searches, accents ignored', async () => {
    const s = await openCustomers();
    const rows = () => s.getState().customers!.rows;
    expect(rows().map((r) => [r.customer.lastName, r.group, r.balance])).toEqual([
      ['Bernard', 'Tous les clients', 0],
      ['Dupont', 'Tous les clients', 4250],
    ]);
    await type(s, 'hele');
    expect(rows().map((r) => r.customer.lastName)).toEqual(['Dupont']);
    await type(s, 'zzz');
    expect(rows()).toEqual([]);
    await type(s, ESC);
    expect(s.getState().customers!.query).toBe('');
    expect(rows()).toHaveLength(2);
    await type(s, ESC);
    expect(s.getState()).toMatchObject({ view: 'menu', customers: null });
  });

  test('Insert opens an empty form with a fresh card code; the filled form creates the customer', async () => {
    const s = await openCustomers();
    await type(s, INSERT);
    const form = s.getState().customers!.form!;
    expect(form).toMatchObject({ customerId: null, index: 1, values: { firstName: '', group: 'Tous les clients' } });
    expect(form.values.code).toMatch(/^29\d{11}$/);
    const values = {
      firstName: 'Zoé', lastName: 'Lemaire', phone: '06 99 88 77 66', email: 'zoe@example.com', website: 'zoe.example.com',
      social: '@zoe', address: '3 rue des Rosiers', postalCode: '75004', city: 'Paris', group: 'professionnels',
      discount: '7,5', priceLevel: 'wholesale', overdraftLimit: '150,00', notes: 'Livrer le mardi',
    } as const;
    for (const [key, value] of Object.entries(values)) await fill(s, key as keyof typeof values, value);
    const before = await fx.core.customers.count();
    await type(s, CTRL_S);
    expect(s.getState()).toMatchObject({ view: 'customers', customers: { view: 'list', form: null }, message: { kind: 'success', text: 'Client créé : Zoé Lemaire' } });
    expect(await fx.core.customers.count()).toBe(before + 1);
    const zoe = (await fx.core.customers.byCode(form.values.code))!;
    const pros = (await fx.core.customers.groups()).find((g) => g.name === 'Professionnels')!;
    expect(zoe).toMatchObject({
      firstName: 'Zoé', lastName: 'Lemaire', phone: '06 99 88 77 66', email: 'zoe@example.com', website: 'zoe.example.com', social: '@zoe',
      address: '3 rue des Rosiers', postalCode: '75004', city: 'Paris', groupId: pros.id, discountBp: 750, priceLevel: 'wholesale',
      overdraftLimit: 15000, notes: 'Livrer le mardi',
    });
    // The new customer is selected in the list.
    const { rows, index } = s.getState().customers!;
    expect(rows[index]!.customer.id).toBe(zoe.id);
  });

  test('Enter edits the selected customer; the form shows their fields and saves the change', async () => {
    const s = await openCustomers();
    await type(s, 'dupont');
    await type(s, '\r');
    const form = s.getState().customers!.form!;
    expect(form).toMatchObject({ customerId: dupont.id, index: 0, values: { code: '2900000000017', firstName: 'Hélène', lastName: 'Dupont', phone: '0612345678', discount: '', overdraftLimit: '' } });
    await fill(s, 'city', 'Lyon');
    await fill(s, 'overdraftLimit', '80');
    await fill(s, 'notes', 'Cliente fidèle');
    // Enter on the last field saves.
    await type(s, '\r');
    expect(s.getState().message).toEqual({ kind: 'success', text: 'Client enregistré : Hélène Dupont' });
    expect(await fx.core.customers.get(dupont.id)).toMatchObject({ city: 'Lyon', overdraftLimit: 8000, notes: 'Cliente fidèle', code: '2900000000017', firstName: 'Hélène' });
    // Search still finds her by her (unchanged) name.
    expect((await fx.core.customers.search('helene')).map((c) => c.id)).toEqual([dupont.id]);
  });

  test('bad input is refused with a message, the form stays open and nothing changes', async () => {
    const s = await openCustomers();
    await type(s, 'bernard');
    await type(s, '\r');
    const before = await fx.core.customers.byCode('2900000000024');
    await fill(s, 'group', 'VIP');
    await type(s, CTRL_S);
    expect(s.getState().message).toMatchObject({ kind: 'error', text: expect.stringContaining('Groupe inconnu : « VIP »') });
    expect(s.getState().customers!.view).toBe('form');
    await fill(s, 'group', '');
    await fill(s, 'email', 'pas-un-mail');
    await type(s, CTRL_S);
    expect(s.getState().message?.text).toBe('E-mail invalide : « pas-un-mail »');
    await fill(s, 'email', '');
    await fill(s, 'code', '2900000000017');
    await type(s, CTRL_S);
    expect(s.getState().message?.text).toBe('Le code client 2900000000017 existe déjà');
    await fill(s, 'code', '2900000000024');
    await fill(s, 'discount', '150');
    await type(s, CTRL_S);
    expect(s.getState().message?.text).toBe('Remise illisible : « 150 » (ex. 5 ou 7,5)');
    expect(await fx.core.customers.byCode('2900000000024')).toEqual(before);
    // Esc leaves the form without saving.
    await type(s, ESC);
    expect(s.getState().customers).toMatchObject({ view: 'list', form: null });
    expect(await fx.core.customers.byCode('2900000000024')).toEqual(before);
  });

  test("F4 shows the selected customer's sales, count, amount spent and balance", async () => {
    const s = await openCustomers();
    await type(s, 'dupont');
    await type(s, F4);
    const sales = s.getState().customers!.sales!;
    expect(s.getState().customers!.view).toBe('sales');
    expect(sales).toMatchObject({ saleCount: 1, spent: 2580, balance: 4250, customer: { id: dupont.id } });
    expect(sales.sales.map((x) => x.lines.map((l) => [l.name, l.quantity]))).toEqual([[['Bordeaux Supérieur 2022', 2000]]]);
    await type(s, ESC);
    expect(s.getState().customers!.view).toBe('list');
  });
});
