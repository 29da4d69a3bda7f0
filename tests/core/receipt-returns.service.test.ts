// Returns against the original receipt through the real sale transaction, on
// SQLite and PostgreSQL: the price actually paid (line discount, promotion,
// share of the ticket discount), a receipt returned in two goes, a receipt
// from another till of the same shop, the cap across tills (two tills at
// once), loyalty progress and the customer's account given back.
import { sellable, type Article } from '../../src/core/catalogue/article.js';
import type { Core } from '../../src/core/shop/core.service.js';
import type { Customer } from '../../src/core/customers/customers.service.js';
import { saleBarcode } from '../../src/core/sales/receipt.js';
import { addReceiptReturn, decodeSaleBarcode } from '../../src/core/sales/returns.js';
import { addLine, computeTotals, setCustomer, setLineDiscount, setTicketDiscount, type Ticket } from '../../src/core/sales/ticket.js';
import { ENGINES } from '../helpers/engines.js';
import { coreFixture } from '../helpers/shop.js';

describe.each(ENGINES)('returns against the receipt on %s', (engine) => {
  let now = new Date('2026-11-20T09:00:00.000Z');
  const fx = coreFixture(engine, { clock: () => now });
  let till2: Core;
  let biscuits: Article; // 4.20 €, 10 loyalty points a unit
  let alice: Customer;

  beforeAll(async () => {
    till2 = await fx.db.core({ tillId: 2, clock: () => now });
    biscuits = await fx.core.catalog.createArticle({
      plu: '401', name: 'Biscuits au beurre', categoryId: fx.shop.nutella.categoryId, price: 420, taxRateId: fx.shop.nutella.taxRateId,
      loyaltyPoints: 10, initialStock: 100_000,
    });
    alice = await fx.core.customers.create({ code: 'ALICE', firstName: 'Alice', lastName: 'Martin', overdraftLimit: 100_000 });
  });
  afterAll(async () => {
    await till2?.close();
  });

  const tick = () => {
    now = new Date(now.getTime() + 60_000);
  };
  const pay = async (core: Core, ticket: Ticket, method: 'cash' | 'card' | 'account' = 'cash') => {
    tick();
    const total = computeTotals(ticket).total;
    return core.sales.complete(ticket, total === 0 ? [] : [{ method, amount: total }], fx.shop.cashier.id);
  };
  /** A ticket on `core` returning `picks` (units by line number) of the sale printed on a receipt's code. */
  const returnTicket = async (core: Core, code: string, picks: Array<[number, number]>) => {
    const receipt = await core.receiptReturns.open(decodeSaleBarcode(code)!);
    return { receipt, ticket: addReceiptReturn(core.tickets.create(), receipt, new Map(picks.map(([n, u]) => [n, u * 1000]))) };
  };
  const stock = async (a: Article) => (await fx.core.catalog.getArticle(a.id))!.stockQty;

  test('returned in two goes at the price paid: the refunds add up to the line to the cent; the third try is refused', async () => {
    // 3 biscuits at 4.20 with 5 % off the line, a wine, then 10 % off the ticket: each line's paid total is odd cents.
    let t = fx.core.tickets.create();
    t = addLine(t, sellable(biscuits), 3000);
    t = addLine(t, sellable(fx.shop.wine), 1000);
    t = setLineDiscount(t, t.lines[0]!.id, { kind: 'percent', bp: 500 });
    t = setTicketDiscount(t, { kind: 'percent', bp: 1000 });
    const sale = await pay(fx.core, t, 'card');
    const paidForBiscuits = sale.lines[0]!.total;
    expect(paidForBiscuits).toBe(1077); // 12.60 - 0.63 = 11.97, less its share of 10 % off the ticket
    const code = saleBarcode(sale.tillId, sale.number)!;
    const stockBefore = await stock(biscuits);

    const first = await returnTicket(fx.core, code, [[1, 1]]);
    expect(first.receipt.proposedMethod).toBe('card');
    expect(first.receipt.lines.map((l) => [l.lineNo, l.returnable])).toEqual([[1, 3000], [2, 1000]]);
    const r1 = await pay(fx.core, first.ticket, 'card');
    expect(r1.total).toBe(-359); // 10.77 / 3 = 3.59: not today's 4.20
    expect(r1.lines[0]).toMatchObject({ quantity: -1000, total: -359, origin: { saleId: sale.id, lineNo: 1, tillId: 1, saleNumber: sale.number } });
    const stored = await fx.core.knex('sale_lines').where({ sale_id: r1.id }).first();
    expect([Number(stored.origin_sale_id), Number(stored.origin_line_no)]).toEqual([sale.id, 1]);

    const second = await returnTicket(fx.core, code, [[1, 2]]);
    expect(second.receipt.lines[0]).toMatchObject({ returned: 1000, returnable: 2000 });
    const r2 = await pay(fx.core, second.ticket, 'card');
    expect(r1.total + r2.total).toBe(-paidForBiscuits);
    expect(await stock(biscuits)).toBe(stockBefore + 3000);

    // Nothing left on that line: the screen's view says so, and a ticket built before is refused by the sale.
    const third = await fx.core.receiptReturns.open(decodeSaleBarcode(code)!);
    expect(third.lines[0]!.returnable).toBe(0);
    expect(() => addReceiptReturn(fx.core.tickets.create(), third, new Map([[1, 1000]]))).toThrow(/au plus 0/);
    const stale = addReceiptReturn(fx.core.tickets.create(), first.receipt, new Map([[1, 1000]]));
    const count = await fx.core.sales.count();
    await expect(pay(fx.core, stale, 'card')).rejects.toThrow(/déjà rendu en entier/);
    expect(await fx.core.sales.count()).toBe(count);
  });

  test('a receipt from another till of the same shop, returned at till 2, refunded by card', async () => {
    const sale = await pay(fx.core, fx.ticketOf(['wine', 2000], ['nutella', 1000]), 'card');
    const { receipt, ticket } = await returnTicket(till2, saleBarcode(1, sale.number)!, [[1, 1]]);
    expect(receipt).toMatchObject({ tillId: 1, number: sale.number, proposedMethod: 'card' });
    const refund = await pay(till2, ticket, 'card');
    expect(refund).toMatchObject({ tillId: 2, total: -1290 });
    expect(refund.lines[0]!.origin).toEqual({ saleId: sale.id, lineNo: 1, tillId: 1, saleNumber: sale.number });
    expect((await fx.core.receiptReturns.open({ tillId: 1, number: sale.number })).lines[0]).toMatchObject({ returned: 1000, returnable: 1000 });
  });

  test('two tills returning the same line at once never give back more than was sold', async () => {
    const sale = await pay(fx.core, fx.ticketOf(['wine', 1000]), 'cash');
    const code = saleBarcode(1, sale.number)!;
    const a = await returnTicket(fx.core, code, [[1, 1]]);
    const b = await returnTicket(till2, code, [[1, 1]]);
    tick();
    const results = await Promise.allSettled([
      fx.core.sales.complete(a.ticket, [{ method: 'cash', amount: -1290 }], fx.shop.cashier.id),
      till2.sales.complete(b.ticket, [{ method: 'cash', amount: -1290 }], fx.shop.cashier.id),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const returned = await fx.core.knex('sale_lines').where({ origin_sale_id: sale.id }).sum({ q: 'quantity' }).first();
    expect(Number(returned!.q)).toBe(-1000);
  });

  test("the customer's card loses the points those lines gave, and an account sale goes back to the account", async () => {
    const before = (await fx.core.loyalty.status(alice.id))!.progress;
    const balanceBefore = (await fx.core.accounts.summary(alice.id)).balance;
    const sale = await pay(fx.core, setCustomer(addLine(fx.core.tickets.create(), sellable(biscuits), 2000), alice.id), 'account');
    expect((await fx.core.loyalty.status(alice.id))!.progress).toBe(before + 20);
    expect((await fx.core.accounts.summary(alice.id)).balance).toBe(balanceBefore + 840);

    // The return ticket takes the sale's customer by itself, and proposes the account.
    const { receipt, ticket } = await returnTicket(fx.core, saleBarcode(1, sale.number)!, [[1, 1]]);
    expect(receipt.proposedMethod).toBe('account');
    expect(ticket.customerId).toBe(alice.id);
    await pay(fx.core, ticket, 'account');
    expect((await fx.core.loyalty.status(alice.id))!.progress).toBe(before + 10);
    expect((await fx.core.accounts.summary(alice.id)).balance).toBe(balanceBefore + 420);

    // A ticket already for someone else is refused.
    const bruno = await fx.core.customers.create({ code: 'BRUNO', firstName: 'Bruno', lastName: 'Petit' });
    const again = await fx.core.receiptReturns.open({ tillId: 1, number: sale.number });
    expect(() => addReceiptReturn(setCustomer(fx.core.tickets.create(), bruno.id), again, new Map([[1, 1000]]))).toThrow(/autre client/);
  });

  test('an unknown receipt says so', async () => {
    await expect(fx.core.receiptReturns.open({ tillId: 1, number: 99_999 })).rejects.toThrow(/introuvable/);
  });
});
