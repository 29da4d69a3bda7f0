// Customers in the sale: F2 opens a type-ahead search, Enter attaches; a
// loyalty card scanned at the input line attaches its customer at once; the
// completed sale names the customer, and the next ticket starts without one.
import { tillFixture } from '../helpers/shop.js';
import { CTRL_A, CTRL_K, DELETE, ESC, F12, F2 } from '../helpers/key-codes.js';

describe('customers in the sale', () => {
  const fx = tillFixture();
  beforeAll(async () => {
    await fx.core.customers.create({ code: '2900000000017', firstName: 'Hélène', lastName: 'Dupont', phone: '06 12 34 56 78' });
    await fx.core.customers.create({ code: '2900000000024', firstName: 'Jérôme', lastName: 'Bernard' });
  });

  test('F2, type, Enter: the customer is on the ticket and in the header; the sale keeps them', async () => {
    const { session: s, type } = await fx.till();
    await type('0000\r');
    await type(F2);
    expect(s.getState().screen).toBe('customer');
    await type('hel');
    expect(s.getState().customerSearch?.results.map((c) => c.lastName)).toEqual(['Dupont']);
    await type('\r');
    expect(s.getState()).toMatchObject({ screen: 'sale', customer: { customer: { lastName: 'Dupont' }, group: 'Tous les clients' } });
    expect((await fx.core.tickets.restore())?.customerId).toBe(s.getState().customer!.customer.id);
    const dupontId = s.getState().customer!.customer.id;
    await type(`201\r${F12}c`);
    const [last] = await fx.core.sales.list({ limit: 1 });
    expect(last!.customerId).toBe(dupontId);
    expect(s.getState().customer).toBeNull();
  });

  test('a loyalty card scanned at the input line attaches its customer; Del in the search removes them', async () => {
    const { session: s, type } = await fx.till();
    await type('0000\r');
    await type('101\r');
    await type('2900000000024\r');
    expect(s.getState().customer?.customer.lastName).toBe('Bernard');
    expect(s.getState().ticket.lines).toHaveLength(1);
    expect(s.getState().message?.text).toBe('Client : Jérôme Bernard');
    await type(CTRL_K);
    await type(DELETE);
    expect(s.getState().customer).toBeNull();
    await type(`${ESC}${CTRL_A}1234\ro`);
  });

  test('nobody found: "Ajouter « X » comme nouveau client" opens a short form, then attaches the new customer', async () => {
    const { session: s, type } = await fx.till();
    await type(`0000\r${CTRL_K}Lemaire\r`);
    expect(s.getState().newCustomer).toEqual({ fields: ['', 'Lemaire', ''], index: 0 });
    await type('Zoé\r\r06 99 88 77 66');
    expect(s.getState().newCustomer).toEqual({ fields: ['Zoé', 'Lemaire', '06 99 88 77 66'], index: 2 });
    const before = await fx.core.customers.count();
    await type('\r');
    expect(await fx.core.customers.count()).toBe(before + 1);
    const attached = s.getState().customer?.customer;
    expect(attached).toMatchObject({ firstName: 'Zoé', lastName: 'Lemaire', phone: '06 99 88 77 66' });
    expect(attached!.code).toMatch(/^29\d{11}$/);
    expect(s.getState().screen).toBe('sale');
    // audited under the cashier who made the card
    expect((await fx.core.audit.recent(1))[0]).toMatchObject({ kind: 'customer', employeeId: fx.shop.cashier.id });
    // Esc in the form changes nothing.
    await type(`${CTRL_K}Martin\r${ESC}${ESC}`);
    expect(await fx.core.customers.count()).toBe(before + 1);
    expect(s.getState().screen).toBe('sale');
  });
});
