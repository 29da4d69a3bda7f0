// What a sale owes the devices is written in the sale's own transaction: a
// till that dies right after the commit (the after-commit code never runs)
// still has the receipt job, and the drawer kick for cash, when it restarts.
// On SQLite and PostgreSQL.
import { saleDuties } from '../../src/core/sales/sale-duties.js';
import { ENGINES } from '../helpers/engines.js';
import { coreFixture } from '../helpers/shop.js';

test('the rule: always a receipt; a drawer kick when cash moved', () => {
  expect(saleDuties([{ method: 'card' }])).toEqual({ receipt: true, drawerKick: false });
  expect(saleDuties([{ method: 'card' }, { method: 'cash' }])).toEqual({ receipt: true, drawerKick: true });
});

describe.each(ENGINES)('sale duties on %s', (engine) => {
  const fx = coreFixture(engine);

  test('committed, then nothing else ran: the receipt job and the drawer kick are there', async () => {
    const { core, shop } = fx;
    const ticket = fx.ticketOf(['nutella', 1000]);
    // Only the service: the till's after-commit code (print, drawer) is never run, as after a kill.
    const sale = await core.sales.complete(ticket, [{ method: 'cash', amount: 500 }], shop.cashier.id);
    const jobs = await core.printQueue.ofSale(sale.id);
    expect(jobs).toEqual([expect.objectContaining({ kind: 'receipt', saleId: sale.id, duplicate: 0, sentAt: null })]);
    expect(jobs[0]!.bytes.length).toBe(0); // rendered from the sale when it prints
    expect((await core.printQueue.pending()).map((j) => j.saleId)).toContain(sale.id);
    expect(await core.drawerKicks.owed()).toEqual({ saleId: sale.id, saleNumber: sale.number });
  });

  test('a card sale owes a receipt and no drawer; a refused sale owes nothing', async () => {
    const { core, shop } = fx;
    await core.drawerKicks.openedOtherwise();
    const sale = await core.sales.complete(fx.ticketOf(['wine', 1000]), [{ method: 'card', amount: 1290 }], shop.cashier.id);
    expect(await core.printQueue.ofSale(sale.id)).toHaveLength(1);
    expect(await core.drawerKicks.owed()).toBeNull();
    const before = await core.knex('print_jobs').count({ n: '*' }).first();
    await expect(core.sales.complete(fx.ticketOf(['wine', 1000]), [{ method: 'card', amount: 1 }], shop.cashier.id)).rejects.toThrow();
    expect(await core.knex('print_jobs').count({ n: '*' }).first()).toEqual(before);
  });

  test('a DUPLICATA asked for: its number, its audit event and its job in one transaction', async () => {
    const { core, shop } = fx;
    const sale = await core.sales.complete(fx.ticketOf(['wine', 1000]), [{ method: 'card', amount: 1290 }], shop.cashier.id);
    const first = await core.printQueue.orderDuplicate(sale.id, { employeeId: shop.cashier.id, details: { from: 'cli' } });
    const second = await core.printQueue.orderDuplicate(sale.id, { employeeId: shop.manager.id });
    expect([first.duplicate, second.duplicate]).toEqual([1, 2]);
    expect(second.job).toMatchObject({ kind: 'duplicate', saleId: sale.id, duplicate: 2 });
    expect(second.job.bytes.length).toBe(0); // rendered from the sale when it prints
    const events = await core.knex('audit_events').where({ kind: 'reprint', sale_id: sale.id }).orderBy('seq');
    expect(events.map((e) => [Number(e.employee_id), JSON.parse(String(e.details)).duplicate])).toEqual([[shop.cashier.id, 1], [shop.manager.id, 2]]);
    // an event that cannot be written (an unknown employee) leaves no job either
    const jobs = (await core.printQueue.ofSale(sale.id)).length;
    await expect(core.printQueue.orderDuplicate(sale.id, { employeeId: 999_999 })).rejects.toThrow();
    expect(await core.printQueue.ofSale(sale.id)).toHaveLength(jobs);
  });

  test('deviceDuties false (an offline sale replayed, made-up history): nothing owed', async () => {
    const { core, shop } = fx;
    const sale = await core.sales.complete(fx.ticketOf(['nutella', 1000]), [{ method: 'cash', amount: 450 }], shop.cashier.id, { deviceDuties: false });
    expect(await core.printQueue.ofSale(sale.id)).toEqual([]);
    expect(await core.drawerKicks.owed()).toBeNull();
  });

  test('a send interrupted before the printer confirmed: the receipt comes back as DUPLICATA 1, audited, once', async () => {
    const { core, shop } = fx;
    const sale = await core.sales.complete(fx.ticketOf(['wine', 1000]), [{ method: 'card', amount: 1290 }], shop.cashier.id);
    const [job] = await core.printQueue.ofSale(sale.id);
    await core.printQueue.markSending(job!.id); // then the till was killed
    expect(await core.printQueue.recoverInterrupted()).toBe(1);
    expect(await core.printQueue.recoverInterrupted()).toBe(0);
    const [back] = await core.printQueue.ofSale(sale.id);
    expect(back).toMatchObject({ kind: 'duplicate', duplicate: 1, sentAt: null, attempts: 1 });
    const audit = await core.knex('audit_events').where({ kind: 'reprint', sale_id: sale.id });
    expect(audit).toHaveLength(1);
    expect(JSON.parse(String(audit[0].details))).toEqual({ duplicate: 1, reason: 'uncertain-send' });
    expect((await core.journal.verify()).ok).toBe(true);
  });

  test('a job that never left (nothing sent) prints as it was, unaudited', async () => {
    const { core, shop } = fx;
    const sale = await core.sales.complete(fx.ticketOf(['wine', 1000]), [{ method: 'card', amount: 1290 }], shop.cashier.id);
    const [job] = await core.printQueue.ofSale(sale.id);
    await core.printQueue.markFailed(job!.id, 'imprimante injoignable', false);
    expect(await core.printQueue.recoverInterrupted()).toBe(0);
    expect((await core.printQueue.ofSale(sale.id))[0]).toMatchObject({ kind: 'receipt', duplicate: 0, attempts: 1 });
    expect(await core.knex('audit_events').where({ kind: 'reprint', sale_id: sale.id })).toHaveLength(0);
  });

  test('the owed drawer opens with the key once, audited with the employee', async () => {
    const { core, shop } = fx;
    const sale = await core.sales.complete(fx.ticketOf(['nutella', 1000]), [{ method: 'cash', amount: 450 }], shop.cashier.id);
    expect(await core.drawerKicks.openedByKey(sale.id, shop.cashier.id)).toBe(true);
    expect(await core.drawerKicks.openedByKey(sale.id, shop.cashier.id)).toBe(false);
    expect(await core.drawerKicks.owed()).toBeNull();
    const audit = await core.knex('audit_events').where({ kind: 'drawer_owed_open', sale_id: sale.id });
    expect(audit).toHaveLength(1);
    expect(Number(audit[0].employee_id)).toBe(shop.cashier.id);
  });
});
