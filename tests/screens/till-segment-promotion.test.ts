// A promotion limited to a saved customer segment, at the till: it applies
// when a member's card is scanned and not for a customer outside the segment
// nor for nobody. Membership is worked out when the customer comes onto the
// ticket: the scans after it read no sales history.
import { localDate } from '../../src/core/basics/clock.js';
import { NO_CRITERIA } from '../../src/core/customers/segment.js';
import { discountLines, setCustomer } from '../../src/core/sales/ticket.js';
import { tillFixture } from '../helpers/shop.js';
import { F12 } from '../helpers/key-codes.js';

describe('a promotion for a customer segment at the till', () => {
  const fx = tillFixture();
  let promoId: number;
  beforeAll(async () => {
    const ana = await fx.core.customers.create({ code: '2900000000031', firstName: 'Ana', lastName: 'Habituée' });
    await fx.core.customers.create({ code: '2900000000048', firstName: 'Bob', lastName: 'Nouveau' });
    await fx.core.sales.complete(setCustomer(fx.ticketOf(['nutella', 1000]), ana.id), [{ method: 'card', amount: 450 }], fx.shop.cashier.id);
    const regulars = await fx.core.segments.save('Habitués', { ...NO_CRITERIA, minVisits: 1 });
    const day = (offset: number) => localDate(new Date(Date.now() + offset * 86_400_000));
    promoId = (await fx.core.promotions.create({ name: 'Habitués -10 %', kind: 'percent', categoryId: fx.shop.wine.categoryId, value: 1000, from: day(-1), to: day(1), customerSegmentId: regulars.id })).id;
  });

  test('a member gets it, computed once when the card is scanned; a non-member and nobody do not', async () => {
    const { session: s, type } = await fx.till({ pin: '0000' });
    await type('201\r');
    expect(discountLines(s.getState().ticket, s.getState().totals)).toEqual([]);

    const queries: string[] = [];
    const listen = (q: { sql: string }) => queries.push(q.sql);
    const history = () => queries.filter((sql) => /customer_segments|from "sales"|from `sales`/i.test(sql));
    fx.core.knex.on('query', listen);
    await type('2900000000031\r');
    fx.core.knex.off('query', listen);
    expect(s.getState().customer?.customer.lastName).toBe('Habituée');
    // Attaching the customer reads their history once…
    expect(history().length).toBeGreaterThan(0);
    queries.length = 0;
    expect(discountLines(s.getState().ticket, s.getState().totals)).toEqual([{ lineId: 1, label: 'Habitués -10 %', cents: 129, promotionId: promoId, automatic: true }]);

    // …and the next scans reuse the customer's pricing: no query reads the sales or the segments.
    fx.core.knex.on('query', listen);
    await type('201\r');
    fx.core.knex.off('query', listen);
    expect(s.getState().totals.total).toBe(2 * 1290 - 2 * 129);
    expect(history()).toEqual([]);

    await type(`${F12}c`);
    await type('2900000000048\r');
    expect(s.getState().customer?.customer.lastName).toBe('Nouveau');
    await type('201\r');
    expect(discountLines(s.getState().ticket, s.getState().totals)).toEqual([]);
    expect(s.getState().totals.total).toBe(1290);
  });
});
