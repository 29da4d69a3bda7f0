// Loyalty cards through the real sale transaction, on SQLite and PostgreSQL:
// progress after sales and returns, the reward entry and the next card, the
// loyalty voucher, refusals that change nothing, the module off, the report.
import { sellable, type Article } from '../../src/core/catalogue/article.js';
import type { Customer } from '../../src/core/customers/customers.service.js';
import { giveReward } from '../../src/core/customers/loyalty.js';
import { buildReceipt } from '../../src/core/sales/receipt.js';
import { addLine, computeTotals, setCustomer, type Ticket } from '../../src/core/sales/ticket.js';
import { ENGINES } from '../helpers/engines.js';
import { coreFixture } from '../helpers/shop.js';

describe.each(ENGINES)('loyalty cards on %s', (engine) => {
  let coffee: Article; // 10 points a unit, 3.00 €
  let alice: Customer;
  let bruno: Customer;
  let now = new Date('2026-11-20T09:00:00.000Z');
  const fx = coreFixture(engine, { clock: () => now });

  beforeAll(async () => {
    coffee = await fx.core.catalog.createArticle({
      plu: '301', name: 'Café en grains', categoryId: fx.shop.nutella.categoryId, price: 300, taxRateId: fx.shop.nutella.taxRateId, loyaltyPoints: 10, initialStock: 100_000,
    });
    alice = await fx.core.customers.create({ code: '2900000000017', firstName: 'Alice', lastName: 'Martin' });
    bruno = await fx.core.customers.create({ code: '2900000000024', firstName: 'Bruno', lastName: 'Petit' });
  });

  const ticketFor = (customer: Customer | null, units: number, article: Article = coffee): Ticket => {
    let t = fx.core.tickets.create();
    t = addLine(t, sellable(article), units * 1000);
    return setCustomer(t, customer?.id ?? null);
  };
  const pay = async (ticket: Ticket, employeeId = fx.shop.cashier.id) => {
    now = new Date(now.getTime() + 60_000);
    const total = computeTotals(ticket).total;
    return fx.core.sales.complete(ticket, total === 0 ? [] : [{ method: 'cash', amount: total }], employeeId);
  };
  const entries = async (customer: Customer) =>
    (await fx.core.knex('loyalty_entries').where({ customer_id: customer.id }).orderBy('id').select('kind', 'amount', 'card_no', 'reward_kind', 'reward_value'))
      .map((r) => ({ kind: r.kind, amount: Number(r.amount), cardNo: Number(r.card_no), rewardKind: r.reward_kind, rewardValue: r.reward_value === null ? null : Number(r.reward_value) }));

  test('a new customer is on card 1 at zero; a sale without customer writes nothing', async () => {
    expect(await fx.core.loyalty.status(alice.id)).toMatchObject({ criterion: 'points', threshold: 100, progress: 0, cardNo: 1, complete: false, rewardPending: false });
    await pay(ticketFor(null, 5));
    expect(Number((await fx.core.knex('loyalty_entries').count({ n: '*' }).first())!.n)).toBe(0);
  });

  test('progress goes up with sales and back with returns', async () => {
    await pay(ticketFor(alice, 4));
    expect((await fx.core.loyalty.status(alice.id))!.progress).toBe(40);
    await pay(ticketFor(alice, -1));
    expect((await fx.core.loyalty.status(alice.id))!.progress).toBe(30);
    expect(await entries(alice)).toEqual([
      { kind: 'earn', amount: 40, cardNo: 1, rewardKind: null, rewardValue: null },
      { kind: 'return', amount: -10, cardNo: 1, rewardKind: null, rewardValue: null },
    ]);
  });

  test('a reward on an incomplete card is refused and changes nothing', async () => {
    const before = await fx.core.sales.count();
    const t = giveReward(ticketFor(alice, 1), { kind: 'amount', value: 500, articleId: null }, 1, null);
    await expect(pay(t)).rejects.toThrow("La carte fidélité n'est pas complète (40/100)");
    expect(await fx.core.sales.count()).toBe(before);
    expect(await entries(alice)).toHaveLength(2);
  });

  test('reaching the threshold completes the card; the receipt says so', async () => {
    const sale = await pay(ticketFor(alice, 8));
    expect(await fx.core.loyalty.status(alice.id)).toMatchObject({ progress: 110, cardNo: 1, complete: true, rewardPending: true });
    const { input } = await fx.core.receipts.inputFor(sale);
    const text = buildReceipt(input).join('\n');
    expect(text).toContain('Carte fidélité : 110/100 points');
    expect(text).toContain('CARTE FIDÉLITÉ COMPLÈTE');
  });

  test('the reward given later, in the sale: tagged entry with its cost and employee, next card with the surplus', async () => {
    const t = giveReward(ticketFor(alice, 2), { kind: 'amount', value: 500, articleId: null }, 1, null);
    const sale = await pay(t, fx.shop.manager.id);
    expect(sale.total).toBe(600 - 500);
    expect(sale.discountTotal).toBe(500);
    const rows = await fx.core.knex('loyalty_entries').where({ sale_id: sale.id }).orderBy('id');
    expect(rows.map((r) => [r.kind, Number(r.amount), Number(r.card_no)])).toEqual([['earn', 20, 1], ['reward', -100, 1], ['adjust', 30, 2]]);
    const reward = rows.find((r) => r.kind === 'reward')!;
    expect([reward.reward_kind, Number(reward.reward_value), Number(reward.employee_id)]).toEqual(['amount', 500, fx.shop.manager.id]);
    expect(await fx.core.loyalty.status(alice.id)).toMatchObject({ progress: 30, cardNo: 2, complete: false });
    const text = buildReceipt((await fx.core.receipts.inputFor(sale)).input).join('\n');
    expect(text).toContain('Récompense fidélité (remise)');
    expect(text).toContain('Carte fidélité : 30/100 points');
    expect(text).not.toContain('COMPLÈTE');
  });

  test('the same card cannot give its reward twice', async () => {
    const t = giveReward(ticketFor(alice, 1), { kind: 'amount', value: 500, articleId: null }, 1, null);
    await expect(pay(t)).rejects.toThrow('pas complète');
  });

  test('a voucher reward is issued in the sale, kind loyalty, and printed with its code', async () => {
    await fx.core.settings.set('loyalty.reward.kind', 'voucher');
    await pay(ticketFor(bruno, 10));
    const t = giveReward(ticketFor(bruno, 1), { kind: 'voucher', value: 500, articleId: null }, 1, null);
    const sale = await pay(t);
    expect(sale.total).toBe(300); // a voucher is not a discount: the sale is paid in full
    const vouchers = await fx.core.vouchers.ofSale(sale.id);
    expect(vouchers).toMatchObject([{ kind: 'loyalty', amount: 500, remaining: 500, customerId: bruno.id }]);
    const reward = await fx.core.knex('loyalty_entries').where({ sale_id: sale.id, kind: 'reward' }).first();
    expect([reward.reward_kind, Number(reward.reward_value)]).toEqual(['voucher', 500]);
    const text = buildReceipt((await fx.core.receipts.inputFor(sale)).input).join('\n');
    expect(text).toContain(`Bon fidélité ${vouchers[0]!.code}`);
    expect(await fx.core.loyalty.status(bruno.id)).toMatchObject({ cardNo: 2, progress: 10 });
  });

  test('a free article: its cost is the article price, it earns nothing', async () => {
    await fx.core.settings.set('loyalty.reward.kind', 'article');
    const carol = await fx.core.customers.create({ code: '2900000000031', firstName: 'Carole', lastName: 'Roux' });
    await pay(ticketFor(carol, 10));
    const t = giveReward(setCustomer(fx.core.tickets.create(), carol.id), { kind: 'article', value: 0, articleId: coffee.id }, 1, sellable(coffee));
    const sale = await pay(t);
    expect(sale.total).toBe(0);
    const reward = await fx.core.knex('loyalty_entries').where({ sale_id: sale.id, kind: 'reward' }).first();
    expect([reward.reward_kind, Number(reward.reward_value)]).toEqual(['article', 300]);
    expect(await fx.core.loyalty.status(carol.id)).toMatchObject({ cardNo: 2, progress: 0, complete: false });
    await fx.core.settings.set('loyalty.reward.kind', 'amount');
  });

  test('pos report loyalty data: rewards with cost and employee, totals, customers close to their reward', async () => {
    const dave = await fx.core.customers.create({ code: '2900000000048', firstName: 'David', lastName: 'Blanc' });
    await pay(ticketFor(dave, 9));
    const report = await fx.core.loyalty.report({ from: '2026-11-01', to: '2026-11-30' });
    expect(report.rewards.map((r) => [r.customerName, r.kind, r.cost, r.employee])).toEqual([
      ['Alice Martin', 'amount', 500, 'Marc Gérant'],
      ['Bruno Petit', 'voucher', 500, 'Léa Caissière'],
      ['Carole Roux', 'article', 300, 'Léa Caissière'],
    ]);
    expect(report.rewards[0]!.date).toBe('2026-11-20');
    expect(report.totals).toEqual({ count: 3, cost: 1300 });
    expect(report.close).toEqual([{ customerCode: '2900000000048', customerName: 'David Blanc', progress: 90, threshold: 100, remaining: 10 }]);
    expect((await fx.core.loyalty.report({ from: '2026-12-01' })).rewards).toEqual([]);
  });

  test('the module off: nothing written, nothing shown, a reward refused', async () => {
    await fx.core.settings.set('loyalty.enabled', false);
    try {
      const before = await entries(alice);
      const sale = await pay(ticketFor(alice, 3));
      expect(await entries(alice)).toEqual(before);
      expect(await fx.core.loyalty.status(alice.id)).toBeNull();
      expect((await fx.core.receipts.inputFor(sale)).input.loyalty).toBeNull();
      const t = giveReward(ticketFor(alice, 1), { kind: 'amount', value: 500, articleId: null }, 2, null);
      await expect(pay(t)).rejects.toThrow('désactivé');
    } finally {
      await fx.core.settings.set('loyalty.enabled', true);
    }
  });
});
