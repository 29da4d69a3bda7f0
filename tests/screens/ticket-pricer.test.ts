// The till's pricing context is loaded once per customer and reloaded after a
// minute, not on every key.
import { NO_PRICING, type PricingContext } from '../../src/core/sales/pricing.js';
import { addLine, newTicket, setCustomer } from '../../src/core/sales/ticket.js';
import { PRICING_TTL_MS, TicketPricer } from '../../src/till/ticket-pricer.js';

test('loads per customer, reuses within a minute, reloads after it', async () => {
  let now = 1_000_000;
  const loads: Array<[number | null, number]> = [];
  const context = (bp: number): PricingContext => ({ ...NO_PRICING, customerDiscount: { bp, label: `Remise ${bp}` } });
  const pricer = new TicketPricer(async (customerId, at) => {
    loads.push([customerId, at.getTime()]);
    return context(customerId === null ? 0 : 1000 + loads.length);
  }, () => now);
  const article = { id: 1, code: '1', name: 'A', categoryId: 1, unit: 'unit' as const, price: 1000, taxRateBp: 550, cost: 0, loyaltyPoints: 0 };
  const ticket = addLine(newTicket('t', '2026-11-22T10:00:00.000Z'), article, 1000);

  expect((await pricer.price(ticket)).lines[0]!.autoDiscount ?? null).toBeNull();
  await pricer.price(ticket);
  const withCustomer = setCustomer(ticket, 7);
  expect((await pricer.price(withCustomer)).lines[0]!.autoDiscount?.label).toBe('Remise 1002');
  now += PRICING_TTL_MS - 1;
  expect((await pricer.price(withCustomer)).lines[0]!.autoDiscount?.label).toBe('Remise 1002');
  now += 1;
  expect((await pricer.price(withCustomer)).lines[0]!.autoDiscount?.label).toBe('Remise 1003');
  expect(loads).toEqual([
    [null, 1_000_000],
    [7, 1_000_000],
    [7, 1_000_000 + PRICING_TTL_MS],
  ]);
});
