// core.history on SQLite and PostgreSQL: a customer's sales newest first with
// their lines, paged; the last sale; count and amount spent; today's articles
// for a repeat; account balances summed from the entries.
import { sellable } from '../../src/core/catalogue/article.js';
import type { Customer } from '../../src/core/customers/customers.service.js';
import { addLine, setCustomer } from '../../src/core/sales/ticket.js';
import { ENGINES } from '../helpers/engines.js';
import { coreFixture } from '../helpers/shop.js';

describe.each(ENGINES)('customer history on %s', (engine) => {
  const fx = coreFixture(engine);
  let ana: Customer;
  let bob: Customer;
  beforeAll(async () => {
    ana = await fx.core.customers.create({ code: 'C-ANA', firstName: 'Ana', lastName: 'Silva' });
    bob = await fx.core.customers.create({ code: 'C-BOB', firstName: 'Bob', lastName: 'Martin' });
    // Ana: five sales of 1..5 jars; a sale without customer in between; the last one a return.
    for (let i = 1; i <= 5; i++) {
      const t = setCustomer(addLine(fx.core.tickets.create(), sellable(fx.shop.nutella), i * 1000), ana.id);
      await fx.core.sales.complete(t, [{ method: 'card', amount: 450 * i }], fx.shop.cashier.id);
      await fx.core.sales.complete(addLine(fx.core.tickets.create(), sellable(fx.shop.wine), 1000), [{ method: 'card', amount: 1290 }], fx.shop.cashier.id);
    }
    const refund = setCustomer(addLine(fx.core.tickets.create(), sellable(fx.shop.nutella), -1000), ana.id);
    await fx.core.sales.complete(refund, [{ method: 'cash', amount: -450 }], fx.shop.cashier.id);
  });

  test('sales newest first with their lines, in pages', async () => {
    const first = await fx.core.history.sales(ana.id, { limit: 4 });
    expect(first.map((s) => s.total)).toEqual([-450, 2250, 1800, 1350]);
    expect(first.every((s) => s.customerId === ana.id)).toBe(true);
    expect(first[1]!.lines).toEqual([expect.objectContaining({ articleId: fx.shop.nutella.id, quantity: 5000, total: 2250 })]);
    const second = await fx.core.history.sales(ana.id, { limit: 4, offset: 4 });
    expect(second.map((s) => s.total)).toEqual([900, 450]);
    expect(await fx.core.history.sales(bob.id)).toEqual([]);
  });

  test('last sale, count and amount spent (returns deducted)', async () => {
    expect((await fx.core.history.lastSale(ana.id))?.total).toBe(-450);
    expect(await fx.core.history.lastSale(bob.id)).toBeNull();
    const summary = await fx.core.history.summary(ana.id);
    expect(summary).toMatchObject({ customerId: ana.id, saleCount: 6, spent: 450 * 15 - 450 });
    expect(summary.lastVisit).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(await fx.core.history.summary(bob.id)).toEqual({ customerId: bob.id, saleCount: 0, spent: 0, lastVisit: null });
  });

  test("today's articles for a repeat: current price; a withdrawn article left out", async () => {
    const [last] = await fx.core.history.sales(ana.id, { limit: 1 });
    await fx.core.knex('articles').where({ id: fx.shop.nutella.id }).update({ price: 500 });
    const lines = [...last!.lines, { articleId: fx.shop.wine.id, code: '201', name: 'Bordeaux', unit: 'unit' as const, quantity: 1000 }];
    await fx.core.knex('articles').where({ id: fx.shop.wine.id }).update({ active: false });
    const current = await fx.core.history.currentArticles(lines);
    expect([...current.keys()]).toEqual([fx.shop.nutella.id]);
    expect(current.get(fx.shop.nutella.id)).toMatchObject({ price: 500, name: 'Pâte à tartiner noisette', taxRateBp: 550 });
    await fx.core.knex('articles').where({ id: fx.shop.wine.id }).update({ active: true });
    await fx.core.knex('articles').where({ id: fx.shop.nutella.id }).update({ price: 450 });
  });
});
