// Customer segments through /api/v1/customer-segments on both engines: the
// members a history picks (visits, amount, consent), a saved segment by name,
// the saved ones listed; bad criteria refused with a sentence, an unknown
// category or segment a 404; and only for tokens that reach customers.
import { computeTotals, setCustomer } from '../../src/core/sales/ticket.js';
import { ENGINES } from '../helpers/engines.js';
import { apiFixture, problemOf } from './api-fixture.js';

describe.each(ENGINES)('customer segments through the API on %s', (engine) => {
  const api = apiFixture(engine);
  const members = async (query: string) => {
    const res = await api.call('GET', `/api/v1/customer-segments/members${query}`, { as: 'manager' });
    expect(res.statusCode).toBe(200);
    return (res.json().items as Array<{ code: string; visits: number; spent: number; marketingConsent: boolean; topCategories: string[] }>);
  };

  beforeAll(async () => {
    const regular = await api.core.customers.create({ code: 'REG', lastName: 'Habitué', email: 'habitue@example.fr', marketingConsent: true });
    const quiet = await api.core.customers.create({ code: 'QUIET', lastName: 'Discret', email: 'discret@example.fr' });
    await api.core.customers.create({ code: 'NEVER', lastName: 'Jamais venu' });
    const sell = async (customerId: number, items: Array<['nutella' | 'wine', number]>) => {
      const ticket = setCustomer(api.ticketOf(...items), customerId);
      const { total } = computeTotals(ticket);
      await api.core.sales.complete(ticket, [{ method: 'card', amount: total }], api.shop.cashier.id);
    };
    for (let i = 0; i < 3; i++) await sell(regular.id, [['wine', 1000]]);
    await sell(quiet.id, [['nutella', 1000]]);
    await sell(quiet.id, [['nutella', 1000]]);
  });

  test('the members a history picks: visits, amount, consent; top categories with each', async () => {
    expect((await members('?minVisits=2')).map((m) => m.code).sort()).toEqual(['QUIET', 'REG']);
    expect((await members('?minVisits=3')).map((m) => [m.code, m.visits])).toEqual([['REG', 3]]);
    expect((await members(`?minSpent=${3 * api.shop.wine.price}`)).map((m) => [m.code, m.spent])).toEqual([['REG', 3 * api.shop.wine.price]]);
    // The mailing list: those who said yes only.
    expect((await members('?minVisits=1&consenting=true')).map((m) => [m.code, m.marketingConsent])).toEqual([['REG', true]]);
    expect((await members('?minVisits=3'))[0]!.topCategories.length).toBeGreaterThan(0);
  });

  test('a saved segment by name, alone or with consenting; the saved ones listed', async () => {
    await api.core.segments.save('Fidèles', { lapsedDays: null, recentDays: 30, minSpent: null, minVisits: 2, since: null, category: null, consenting: false });
    expect((await members('?saved=fideles')).map((m) => m.code).sort()).toEqual(['QUIET', 'REG']);
    expect((await members('?saved=Fid%C3%A8les&consenting=true')).map((m) => m.code)).toEqual(['REG']);
    const listed = await api.call('GET', '/api/v1/customer-segments', { as: 'manager' });
    expect(listed.json().items).toEqual([expect.objectContaining({ name: 'Fidèles', criteria: expect.objectContaining({ minVisits: 2, recentDays: 30 }), promotions: [] })]);
  });

  test('bad criteria are refused with a sentence; an unknown category or segment is a 404', async () => {
    const problem = async (query: string) => problemOf(await api.call('GET', `/api/v1/customer-segments/members${query}`, { as: 'manager' }));
    expect((await problem('?lapsed=0')).status).toBe(400);
    expect((await problem('?minSpent=abc')).status).toBe(400);
    expect((await problem('?since=2026-02-30')).detail).toMatch(/date AAAA-MM-JJ qui existe/);
    expect((await problem('?recent=10&lapsed=20')).detail).toMatch(/aucun client ne peut être les deux/);
    expect((await problem('?saved=Fid%C3%A8les&minVisits=3')).detail).toMatch(/ne les combinez pas/);
    expect((await problem('?category=Quincaillerie')).status).toBe(404);
    expect((await problem('?saved=Inconnu')).status).toBe(404);
    expect((await problem('?unknown=1')).status).toBe(400);
  });

  test('a token without the customers scope is refused', async () => {
    const res = await api.call('GET', '/api/v1/customer-segments/members?minVisits=1', { as: 'scoped' });
    expect(res.statusCode).toBe(403);
  });
});
