// The loyalty card at the till: the header badge follows the open ticket, an
// alert (with the bell) shows as soon as the ticket completes the card,
// Ctrl+G / Alt+G put the reward on the ticket and take it off, and the paid
// sale records the reward and starts the next card.
import { sellable, type Article } from '../../src/core/catalogue/article.js';
import type { Customer } from '../../src/core/customers/customers.service.js';
import { addLine, setCustomer } from '../../src/core/sales/ticket.js';
import { loyaltyBadge } from '../../src/till/loyalty-badge.js';
import { tillFixture } from '../helpers/shop.js';
import { alt, CTRL_A, CTRL_G, CTRL_K, DELETE, F12 } from '../helpers/key-codes.js';

describe('loyalty card at the till', () => {
  const fx = tillFixture();
  let coffee: Article;
  let alice: Customer;
  beforeAll(async () => {
    coffee = await fx.core.catalog.createArticle({
      plu: '301', name: 'Café en grains', categoryId: fx.shop.nutella.categoryId, price: 300, taxRateId: fx.shop.nutella.taxRateId, loyaltyPoints: 10, initialStock: 100_000,
    });
    alice = await fx.core.customers.create({ code: '2900000000017', firstName: 'Alice', lastName: 'Martin' });
    await fx.core.customers.create({ code: '2900000000024', firstName: 'Bruno', lastName: 'Petit' });
    // Alice already has 80 points.
    const earlier = setCustomer(addLine(fx.core.tickets.create(), sellable(coffee), 8000), alice.id);
    await fx.core.sales.complete(earlier, [{ method: 'cash', amount: 2400 }], fx.shop.cashier.id);
  });

  test('the alert rings when the ticket completes the card; Ctrl+G gives the reward, which the sale records', async () => {
    const { session: s, type } = await fx.till();
    await type('0000\r');
    await type('2900000000017\r');
    expect(loyaltyBadge(s.getState().loyalty!, s.t)).toBe('★ 80/100');
    // Ctrl+G before the card is complete: refused, nothing on the ticket.
    await type(CTRL_G);
    expect(s.getState().message).toEqual({ kind: 'error', text: 'Carte fidélité pas encore complète (★ 80/100)' });
    expect(s.getState().ticket.loyaltyReward ?? null).toBeNull();

    await type('301\r');
    expect(s.getState().loyalty).toMatchObject({ projected: 90, complete: false });
    expect(s.getState().loyaltyAlert).toBeNull();
    const bell = s.getState().bell;
    await type('2*301\r');
    expect(s.getState().loyalty).toMatchObject({ projected: 110, complete: true });
    expect(s.getState().loyaltyAlert).toBe('★ Carte fidélité complète ! Ctrl+G récompense');
    expect(s.getState().bell).toBe(bell + 1);
    expect(loyaltyBadge(s.getState().loyalty!, s.t)).toBe('★ 110/100 !');

    await type(CTRL_G);
    expect(s.getState().loyaltyAlert).toBeNull();
    expect(s.getState().ticket.loyaltyReward).toEqual({ kind: 'amount', value: 500, cardNo: 1, lineId: null });
    expect(s.getState().totals).toMatchObject({ total: 900 - 500, loyaltyDiscount: 500 });
    expect(s.getState().message?.text).toBe('Récompense fidélité : 5,00 €');
    // The reward survives a crash with the ticket.
    expect((await fx.core.tickets.restore())?.loyaltyReward?.kind).toBe('amount');
    // Ctrl+G again takes it off; Alt+G puts it back.
    await type(CTRL_G);
    expect(s.getState().ticket.loyaltyReward).toBeNull();
    expect(s.getState().totals.total).toBe(900);
    await type(alt('g'));
    expect(s.getState().totals.total).toBe(400);
    // The alert doesn't ring again for the same ticket and card.
    expect(s.getState().loyaltyAlert).toBeNull();

    await type(`${F12}c`);
    const [last] = await fx.core.sales.list({ limit: 1 });
    expect(last!.total).toBe(400);
    const reward = await fx.core.knex('loyalty_entries').where({ sale_id: last!.id, kind: 'reward' }).first();
    expect([reward.reward_kind, Number(reward.reward_value), Number(reward.employee_id)]).toEqual(['amount', 500, fx.shop.cashier.id]);
    expect(await fx.core.loyalty.status(alice.id)).toMatchObject({ cardNo: 2, progress: 10, complete: false });
    expect(s.getState().loyalty).toBeNull(); // the next ticket has no customer yet
    // Attached again: the badge shows the new card.
    await type('2900000000017\r');
    expect(loyaltyBadge(s.getState().loyalty!, s.t)).toBe('★ 10/100');
    await type(`${CTRL_A}1234\ro`);
  });

  test('a customer whose card is already complete: the alert at once; changing customer takes the reward off', async () => {
    await fx.core.customers.create({ code: '2900000000031', firstName: 'Carole', lastName: 'Roux' });
    const carol = (await fx.core.customers.byCode('2900000000031'))!;
    await fx.core.sales.complete(setCustomer(addLine(fx.core.tickets.create(), sellable(coffee), 12_000), carol.id), [{ method: 'cash', amount: 3600 }], fx.shop.cashier.id);
    const { session: s, type } = await fx.till();
    await type('0000\r101\r');
    await type('2900000000031\r');
    expect(s.getState().loyaltyAlert).toBe('★ Carte fidélité complète ! Ctrl+G récompense');
    await type(CTRL_G);
    expect(s.getState().ticket.loyaltyReward?.cardNo).toBe(1);
    await type('2900000000024\r');
    expect(s.getState().customer?.customer.lastName).toBe('Petit');
    expect(s.getState().ticket.loyaltyReward).toBeNull();
    expect(s.getState().totals.total).toBe(450);
    // No customer: Ctrl+G says so.
    await type(`${CTRL_K}${DELETE}`);
    await type(CTRL_G);
    expect(s.getState().message?.text).toBe("Pas de client sur ce ticket : F2 pour l'ajouter");
    await type(`${CTRL_A}1234\ro`);
  });
});
