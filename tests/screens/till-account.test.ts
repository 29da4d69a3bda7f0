// The customer account at the till: K pays on account (the attached
// customer's), over the limit the message names the amount over it and K
// again asks for a manager's PIN; a refund goes to the account with K; Ctrl+V
// records a payment received on account, cash in the drawer, and prints a slip.
import { readFileSync } from 'node:fs';
import type { Customer } from '../../src/core/customers/customers.service.js';
import { tillFixture } from '../helpers/shop.js';
import { alt, CTRL_T, CTRL_V, ESC } from '../helpers/key-codes.js';

describe('the customer account at the till', () => {
  const fx = tillFixture();
  let eva: Customer;
  beforeAll(async () => {
    eva = await fx.core.customers.create({ code: '2900000000031', firstName: 'Eva', lastName: 'Roux', overdraftLimit: 2000 });
  });

  test('K pays on account; over the limit, the amount over it, then a manager approves', async () => {
    const { session: s, type } = await fx.till({ pin: '0000' });
    // Without a customer: a clear message, nothing paid.
    await type(`201\r${CTRL_T}k`);
    expect(s.getState().screen).toBe('payment');
    expect(s.getState().message?.text).toBe('Paiement en compte : attachez d\'abord un client (F2)');
    await type(ESC);
    await type('2900000000031\r');
    expect(s.getState().customer?.customer.id).toBe(eva.id);
    await type(`${CTRL_T}k`);
    expect(s.getState().screen).toBe('sale');
    expect(await fx.core.accounts.balance(eva.id)).toBe(1290);

    // 12,90 owed + 12,90 against a 20,00 limit: 5,80 over.
    const sales = await fx.core.sales.count();
    await type('2900000000031\r201\r');
    expect(s.getState().account).toMatchObject({ balance: 1290, overdraftLimit: 2000 });
    await type(`${CTRL_T}k`);
    expect(s.getState().screen).toBe('payment');
    expect(s.getState().message).toMatchObject({ kind: 'error', text: 'Encours dépassé de 5,80 € : K à nouveau pour l\'autorisation du gérant' });
    expect(await fx.core.sales.count()).toBe(sales);
    await type('k');
    expect(s.getState().screen).toBe('manager-pin');
    await type('0000\r');
    expect(s.getState().message?.text).toBe('Code refusé : « dépassement d\'encours 5,80 € » demande un responsable');
    await type('1234\r');
    expect(s.getState().screen).toBe('sale');
    expect(await fx.core.sales.count()).toBe(sales + 1);
    expect(await fx.core.accounts.balance(eva.id)).toBe(2580);
    const event = await fx.core.knex('audit_events').where({ kind: 'account_over_limit' }).first();
    expect([Number(event.employee_id), Number(event.approver_id)]).toEqual([fx.shop.cashier.id, fx.shop.manager.id]);
  });

  test('a refund paid out with K becomes a credit note on the account', async () => {
    const { session: s, type } = await fx.till({ pin: '0000' });
    await type('2900000000031\r-201\r1234\r');
    expect(s.getState().totals.total).toBe(-1290);
    await type(`${CTRL_T}k`);
    expect(s.getState().screen).toBe('sale');
    const entries = await fx.core.accounts.entries(eva.id);
    expect(entries[entries.length - 1]).toMatchObject({ kind: 'credit_note', amount: -1290 });
    expect(await fx.core.accounts.balance(eva.id)).toBe(1290);
  });

  test('Ctrl+V records a payment on account: cash movement, slip printed, header updated', async () => {
    const { session: s, type, receipts } = await fx.till({ pin: '0000' });
    await type(CTRL_V);
    expect(s.getState().message?.text).toBe('Versement : attachez d\'abord un client (F2)');
    await type('2900000000031\r');
    expect(s.getState().account?.balance).toBe(1290);
    await type(CTRL_V);
    expect(s.getState().screen).toBe('account-payment');
    await type('abc');
    await type(ESC);
    expect(s.getState().screen).toBe('sale');
    await type(alt('v')); // Alt+V, for terminals that eat Ctrl+V
    expect(s.getState().screen).toBe('account-payment');
    await type(ESC);
    await type(`${CTRL_V}15`);
    expect(s.getState().accountPayment?.input).toBe('15');
    const sales = await fx.core.sales.count();
    await type('e');
    expect(s.getState().screen).toBe('sale');
    expect(s.getState().message?.text).toBe('Versement de 15,00 € enregistré · solde -2,10 €');
    expect(s.getState().account).toMatchObject({ balance: -210, storeCredit: 210 });
    expect(await fx.core.sales.count()).toBe(sales);
    const movement = await fx.core.knex('cash_movements').where({ kind: 'in' }).first();
    expect(Number(movement.amount)).toBe(1500);
    await s.spooler.idle();
    expect(readFileSync(receipts).toString('latin1')).toContain('VERSEMENT');
  });

  test('a shop that keeps payments on account for managers: the cashier\'s Ctrl+V asks for a PIN, the event names both', async () => {
    const owner = await fx.core.staff.create({ name: 'Odile Patronne', role: 'owner', pin: '739184' });
    await fx.core.permissions.set('account_payment', 'manager', owner);
    const { session: s, type } = await fx.till({ pin: '0000' });
    await type('2900000000031\r');
    const before = await fx.core.accounts.balance(eva.id);
    await type(`${CTRL_V}5e`);
    expect(s.getState()).toMatchObject({ screen: 'manager-pin', pending: { label: 'Versement sur compte client (5,00 €)', role: 'manager' } });
    expect(await fx.core.accounts.balance(eva.id)).toBe(before);
    await type('1234\r');
    expect(s.getState().message?.text).toBe(`Versement de 5,00 € enregistré · solde -7,10 €`);
    expect(await fx.core.accounts.balance(eva.id)).toBe(before - 500);
    expect((await fx.core.audit.recent(1))[0]).toMatchObject({ kind: 'account_payment', employeeId: fx.shop.cashier.id, approverId: fx.shop.manager.id });
    await fx.core.permissions.set('account_payment', 'cashier', owner);
  });
});
