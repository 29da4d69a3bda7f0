// The customer account on both engines: sales on account within and beyond the
// overdraft limit, the manager's override, credit notes from returns, payments
// settling the oldest debts first, overpayments, statements and balances.
import type { Core } from '../../src/core/shop/core.service.js';
import { sellable } from '../../src/core/catalogue/article.js';
import type { Customer } from '../../src/core/customers/customers.service.js';
import { addLine, setCustomer, type Ticket } from '../../src/core/sales/ticket.js';
import { ENGINES, newTestDb } from '../helpers/engines.js';
import { coreFixture, smallShop, type ShopArticle } from '../helpers/shop.js';

describe.each(ENGINES)('customer accounts on %s', (engine) => {
  let alice: Customer;
  let bruno: Customer;
  let now = new Date('2026-10-20T10:00:00.000Z');
  const fx = coreFixture(engine, { clock: () => now });

  beforeAll(async () => {
    alice = await fx.core.customers.create({ code: 'ALICE', firstName: 'Alice', lastName: 'Martin', overdraftLimit: 5000, address: '3 rue des Lilas' });
    bruno = await fx.core.customers.create({ code: 'BRUNO', firstName: 'Bruno', lastName: 'Petit', overdraftLimit: 1000 });
  });

  const at = (iso: string) => {
    now = new Date(iso);
  };
  const ticketFor = (customer: Customer | null, ...items: Array<[ShopArticle, number]>): Ticket =>
    setCustomer(fx.ticketOf(...items), customer?.id ?? null);
  const payOnAccount = (t: Ticket, amount: number, override?: number) =>
    fx.core.sales.complete(t, [{ method: 'account', amount }], fx.shop.cashier.id, override ? { accountOverrideBy: override } : {});

  test('a sale on account within the limit is one debit entry tied to the sale', async () => {
    at('2026-10-20T10:00:00.000Z');
    const sale = await payOnAccount(ticketFor(alice, ['wine', 2000]), 2580);
    expect(sale.payments).toEqual([{ lineNo: 1, method: 'account', amount: 2580, tendered: 2580, reference: '' }]);
    const entries = await fx.core.accounts.entries(alice.id);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ kind: 'on_account', amount: 2580, saleId: sale.id, employeeId: fx.shop.cashier.id });
    expect(await fx.core.accounts.balance(alice.id)).toBe(2580);
    expect((await fx.core.journal.verify()).ok).toBe(true);
  });

  test('beyond the limit the sale is refused with the amount over it, and nothing is written', async () => {
    at('2026-10-21T10:00:00.000Z');
    const sales = await fx.core.sales.count();
    const stock = (await fx.core.catalog.getArticle(fx.shop.wine.id))!.stockQty;
    // 25,80 owed + 25,80 more = 51,60 against a 50,00 limit: 1,60 over.
    await expect(payOnAccount(ticketFor(alice, ['wine', 2000]), 2580)).rejects.toThrow('Encours dépassé de 1,60 €');
    expect(await fx.core.accounts.overLimitBy(alice.id, 2580)).toBe(160);
    expect(await fx.core.sales.count()).toBe(sales);
    expect((await fx.core.catalog.getArticle(fx.shop.wine.id))!.stockQty).toBe(stock);
    expect(await fx.core.accounts.balance(alice.id)).toBe(2580);
    await expect(payOnAccount(ticketFor(null, ['wine', 1000]), 1290)).rejects.toThrow('attachez d\'abord un client');
    // A cashier cannot approve their own override.
    await expect(payOnAccount(ticketFor(alice, ['wine', 2000]), 2580, fx.shop.cashier.id)).rejects.toThrow('Seul un gérant');
    expect(await fx.core.sales.count()).toBe(sales);
  });

  test('a manager override lets it through and is audited naming both employees', async () => {
    at('2026-10-22T10:00:00.000Z');
    const sale = await payOnAccount(ticketFor(alice, ['wine', 2000]), 2580, fx.shop.manager.id);
    expect(await fx.core.accounts.balance(alice.id)).toBe(5160);
    const event = await fx.core.knex('audit_events').where({ kind: 'account_over_limit', sale_id: sale.id }).first();
    expect(Number(event.employee_id)).toBe(fx.shop.cashier.id);
    expect(Number(event.approver_id)).toBe(fx.shop.manager.id);
    expect(JSON.parse(event.details)).toMatchObject({ customer: 'ALICE', over: 160, limit: 5000 });
    expect((await fx.core.journal.verify()).ok).toBe(true);
  });

  test('a return refunded to the account is a credit note that settles the oldest debt', async () => {
    at('2026-11-03T10:00:00.000Z');
    const refund = await payOnAccount(ticketFor(alice, ['wine', -1000]), -1290);
    const entries = await fx.core.accounts.entries(alice.id);
    const note = entries.find((e) => e.saleId === refund.id)!;
    expect(note).toMatchObject({ kind: 'credit_note', amount: -1290 });
    expect(await fx.core.accounts.balance(alice.id)).toBe(5160 - 1290);
    expect(await fx.core.accounts.allocations(alice.id)).toEqual([{ creditEntryId: note.id, debitEntryId: entries[0]!.id, amount: 1290 }]);
    expect((await fx.core.accounts.openDebits(alice.id)).map((d) => d.open)).toEqual([1290, 2580]);
  });

  test('payments settle the oldest debts first; cash goes in the drawer movements; no sale is written', async () => {
    at('2026-11-10T10:00:00.000Z');
    const salesBefore = await fx.core.sales.count();
    const totalBefore = await fx.core.knex('sales').sum({ t: 'total' }).first();
    const [first, second] = (await fx.core.accounts.entries(alice.id)).filter((e) => e.amount > 0);
    const paid = await fx.core.accounts.receivePayment({ customerId: alice.id, amount: 2000, method: 'cash', employeeId: fx.shop.cashier.id });
    expect(paid.entry).toMatchObject({ kind: 'payment', amount: -2000, saleId: null });
    expect(paid.allocations).toEqual([
      { creditEntryId: paid.entry.id, debitEntryId: first!.id, amount: 1290 },
      { creditEntryId: paid.entry.id, debitEntryId: second!.id, amount: 710 },
    ]);
    expect(paid.balance).toBe(5160 - 1290 - 2000);
    const movement = await fx.core.knex('cash_movements').where({ kind: 'in' }).orderBy('id', 'desc').first();
    expect(Number(movement.amount)).toBe(2000);
    expect(movement.reason).toContain('ALICE');
    const audited = await fx.core.knex('audit_events').where({ kind: 'account_payment' }).orderBy('id', 'desc').first();
    expect(Number(audited.employee_id)).toBe(fx.shop.cashier.id);
    expect(JSON.parse(audited.details)).toMatchObject({ customer: 'ALICE', amount: 2000, method: 'cash', entry: paid.entry.id });
    expect((await fx.core.journal.verify()).ok).toBe(true);
    // A cheque leaves the drawer alone.
    const movements = await fx.core.knex('cash_movements').count({ n: '*' }).first();
    await fx.core.accounts.receivePayment({ customerId: alice.id, amount: 500, method: 'cheque', employeeId: fx.shop.cashier.id });
    expect((await fx.core.knex('cash_movements').count({ n: '*' }).first())!.n).toEqual(movements!.n);
    expect(await fx.core.sales.count()).toBe(salesBefore);
    expect((await fx.core.knex('sales').sum({ t: 'total' }).first())!.t).toEqual(totalBefore!.t);
    expect((await fx.core.accounts.openDebits(alice.id)).map((d) => d.open)).toEqual([2580 - 710 - 500]);
  });

  test('bad payments are refused and change nothing', async () => {
    const count = (await fx.core.accounts.entries(alice.id)).length;
    await expect(fx.core.accounts.receivePayment({ customerId: alice.id, amount: 0, method: 'cash', employeeId: null })).rejects.toThrow('Montant du versement invalide');
    await expect(fx.core.accounts.receivePayment({ customerId: alice.id, amount: 100, method: 'bitcoin' as never, employeeId: null })).rejects.toThrow('Moyen de versement inconnu');
    await expect(fx.core.accounts.receivePayment({ customerId: 9999, amount: 100, method: 'cash', employeeId: null })).rejects.toThrow('Client 9999 introuvable');
    expect((await fx.core.accounts.entries(alice.id)).length).toBe(count);
  });

  test('cash received on account is refused into a day whose Z is done, and nothing is written', async () => {
    at('2027-01-15T10:00:00.000Z');
    await fx.core.closings.zClose('2027-01-15', { cash: 0 }, fx.shop.manager.id);
    const count = (await fx.core.accounts.entries(alice.id)).length;
    const moves = (await fx.core.knex('cash_movements').count({ n: '*' }).first())!.n;
    await expect(fx.core.accounts.receivePayment({ customerId: alice.id, amount: 500, method: 'cash', employeeId: fx.shop.cashier.id })).rejects.toThrow('clôturée');
    expect((await fx.core.accounts.entries(alice.id)).length).toBe(count);
    expect((await fx.core.knex('cash_movements').count({ n: '*' }).first())!.n).toEqual(moves);
  });

  test('an overpayment leaves a credit that the next purchase on account consumes', async () => {
    at('2026-11-12T10:00:00.000Z');
    const paid = await fx.core.accounts.receivePayment({ customerId: bruno.id, amount: 1500, method: 'card', employeeId: fx.shop.cashier.id });
    expect(paid.allocations).toEqual([]);
    expect(paid.balance).toBe(-1500);
    expect(await fx.core.accounts.storeCredit(bruno.id)).toBe(1500);
    at('2026-11-13T10:00:00.000Z');
    // Credit 15,00 + limit 10,00: a 12,90 purchase fits.
    const sale = await payOnAccount(ticketFor(bruno, ['wine', 1000]), 1290);
    const debit = (await fx.core.accounts.entries(bruno.id)).find((e) => e.saleId === sale.id)!;
    expect(await fx.core.accounts.allocations(bruno.id)).toEqual([{ creditEntryId: paid.entry.id, debitEntryId: debit.id, amount: 1290 }]);
    expect(await fx.core.accounts.balance(bruno.id)).toBe(-210);
    expect(await fx.core.accounts.openDebits(bruno.id)).toEqual([]);
    // Store credit also counts the customer's vouchers.
    await fx.core.vouchers.issue({ kind: 'credit_note', amount: 500, customerId: bruno.id });
    expect(await fx.core.accounts.storeCredit(bruno.id)).toBe(710);
  });

  test('the monthly statement: opening + debits - credits = closing, with sale numbers', async () => {
    const [st] = await fx.core.accounts.statement('2026-11', 'ALICE');
    expect(st!.customer).toMatchObject({ code: 'ALICE', name: 'Alice Martin', address: '3 rue des Lilas' });
    expect(st!.opening).toBe(5160);
    expect(st!.lines.map((l) => [l.date, l.debit, l.credit, l.balance])).toEqual([
      ['2026-11-03', 0, 1290, 3870],
      ['2026-11-10', 0, 2000, 1870],
      ['2026-11-10', 0, 500, 1370],
    ]);
    expect(st!.lines[0]!.saleNumber).not.toBeNull();
    expect(st!.lines[1]).toMatchObject({ saleNumber: null, label: 'Versement espèces' });
    expect(st!.totalDebit).toBe(0);
    expect(st!.totalCredit).toBe(3790);
    expect(st!.closing).toBe(st!.opening + st!.totalDebit - st!.totalCredit);
    expect(st!.closing).toBe(await fx.core.accounts.balance(alice.id));

    const october = await fx.core.accounts.statement('2026-10');
    expect(october.map((s) => s.customer.code)).toEqual(['ALICE']);
    expect(october[0]).toMatchObject({ opening: 0, totalDebit: 5160, totalCredit: 0, closing: 5160 });

    const all = await fx.core.accounts.statement('2026-11');
    expect(all.map((s) => s.customer.code)).toEqual(['ALICE', 'BRUNO']);
    for (const s of all) expect(s.closing).toBe(s.opening + s.totalDebit - s.totalCredit);
    await expect(fx.core.accounts.statement('2026-13')).rejects.toThrow('Mois invalide');
    await expect(fx.core.accounts.statement('2026-11', 'NOBODY')).rejects.toThrow('Client NOBODY introuvable');
  });

  test('balances list every customer with a history or a limit', async () => {
    await fx.core.customers.create({ code: 'CAROLE', firstName: 'Carole', lastName: 'Zed' });
    const balances = await fx.core.accounts.balances();
    expect(balances.map((b) => [b.code, b.balance, b.overdraftLimit])).toEqual([
      ['ALICE', 1370, 5000],
      ['BRUNO', -210, 1000],
    ]);
  });
});

describe.each(ENGINES)('two tills selling on account at once on %s', (engine) => {
  test('only one of two concurrent purchases fits under the limit', async () => {
    const db = newTestDb(engine);
    const till1 = await db.core({ tillId: 1 });
    const till2 = await db.core({ tillId: 2 });
    try {
      const shop = await smallShop(till1);
      const dora = await till1.customers.create({ code: 'DORA', firstName: 'Dora', lastName: 'Vidal', overdraftLimit: 2000 });
      const sell = (core: Core) =>
        core.sales.complete(setCustomer(addLine(core.tickets.create(), sellable(shop.wine), 1000), dora.id), [{ method: 'account', amount: 1290 }], shop.cashier.id);
      const results = await Promise.allSettled([sell(till1), sell(till2)]);
      expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(String(refused.reason.message)).toContain('Encours dépassé de 5,80 €');
      expect(await till1.accounts.balance(dora.id)).toBe(1290);
    } finally {
      await till1.close();
      await till2.close();
      await db.cleanup();
    }
  });
});
