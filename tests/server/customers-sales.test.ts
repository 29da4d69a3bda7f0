// /api/v1/customers (search, sync, read, create, change, groups, history,
// balances) and /api/v1/sales (read only) on both engines: 401, 403, 400
// naming the field, the happy paths, the version guard, the audit.
import { localDate } from '../../src/core/basics/clock.js';
import { setCustomer } from '../../src/core/sales/ticket.js';
import type { Sale } from '../../src/core/sales/sales.service.js';
import { ENGINES } from '../helpers/engines.js';
import { apiFixture, problemOf } from './api-fixture.js';

describe.each(ENGINES)('customers and sales API on %s', (engine) => {
  const api = apiFixture(engine);
  let dora: { id: number };
  let sale: Sale;
  const today = localDate(new Date());

  beforeAll(async () => {
    dora = await api.core.customers.create({ code: 'C0001', firstName: 'Dora', lastName: 'Dupont', phone: '06 12 34 56 78', overdraftLimit: 5000 });
    await api.core.customers.create({ code: 'C0002', firstName: 'Paul', lastName: 'Martin' });
    sale = await api.core.sales.complete(setCustomer(api.ticketOf(['wine', 2000], ['nutella', 1000]), dora.id), [{ method: 'card', amount: 3030 }], api.shop.cashier.id);
  });

  test('no token: 401 on every route', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/customers'], ['GET', '/api/v1/customers/1'], ['POST', '/api/v1/customers'], ['PATCH', '/api/v1/customers/1'],
      ['GET', '/api/v1/customer-groups'], ['POST', '/api/v1/customer-groups'], ['GET', '/api/v1/customers/1/sales'], ['GET', '/api/v1/customers/1/balances'],
      ['GET', `/api/v1/sales?from=${today}&to=${today}`], ['GET', '/api/v1/sales/1'],
    ] as const) {
      const res = await api.call(method, url, { body: method === 'GET' ? undefined : {} });
      expect([method, url, res.statusCode]).toEqual([method, url, 401]);
    }
  });

  test('403: out of scope, a cashier writing customers or reading sales', async () => {
    expect((await api.call('GET', '/api/v1/customers', { as: 'scoped' })).statusCode).toBe(403);
    expect((await api.call('GET', `/api/v1/customers/${dora.id}/balances`, { as: 'scoped' })).statusCode).toBe(403);
    expect((await api.call('POST', '/api/v1/customers', { as: 'cashier', body: { lastName: 'X' } })).statusCode).toBe(403);
    expect((await api.call('POST', '/api/v1/customer-groups', { as: 'cashier', body: { name: 'X' } })).statusCode).toBe(403);
    expect((await api.call('PATCH', `/api/v1/customers/${dora.id}`, { as: 'cashier', body: { city: 'Lyon' }, headers: { 'if-match': '"x"' } })).statusCode).toBe(403);
    const sales = await api.call('GET', `/api/v1/sales?from=${today}&to=${today}`, { as: 'cashier' });
    expect(sales.statusCode).toBe(403);
    expect(problemOf(sales).detail).toMatch(/responsable/);
    expect((await api.call('GET', `/api/v1/sales/${sale.id}`, { as: 'cashier' })).statusCode).toBe(403);
  });

  test('search, sync pages with updated_since, read with ETag', async () => {
    const found = (await api.call('GET', '/api/v1/customers?q=dup', { as: 'cashier' })).json();
    expect(found.items.map((c: { code: string }) => c.code)).toEqual(['C0001']);
    const byPhone = (await api.call('GET', '/api/v1/customers?q=0612345678', { as: 'cashier' })).json();
    expect(byPhone.items.map((c: { code: string }) => c.code)).toEqual(['C0001']);
    const page1 = (await api.call('GET', '/api/v1/customers?limit=1', { as: 'cashier' })).json();
    expect(page1.items).toHaveLength(1);
    const page2 = (await api.call('GET', `/api/v1/customers?limit=1&cursor=${page1.nextCursor}`, { as: 'cashier' })).json();
    expect(page2.items[0].id).toBeGreaterThan(page1.items[0].id);
    const later = new Date(Date.now() + 60_000).toISOString();
    expect((await api.call('GET', `/api/v1/customers?updated_since=${later}`, { as: 'cashier' })).json().items).toEqual([]);
    const one = await api.call('GET', `/api/v1/customers/${dora.id}`, { as: 'cashier' });
    expect(one.json()).toMatchObject({ code: 'C0001', firstName: 'Dora', overdraftLimit: 5000, updatedAt: expect.any(String) });
    expect(one.headers.etag).toMatch(/^"[0-9a-f]{16}"$/);
    expect((await api.call('GET', '/api/v1/customers/99999', { as: 'cashier' })).statusCode).toBe(404);
  });

  test('bad input is refused naming the field, nothing written', async () => {
    const count = await api.core.customers.count();
    expect(problemOf(await api.call('POST', '/api/v1/customers', { as: 'manager', body: { lastName: 'Nom\u001b[2J' } }))).toMatchObject({ field: 'lastName', detail: expect.stringMatching(/U\+001B/) });
    expect(problemOf(await api.call('POST', '/api/v1/customers', { as: 'manager', body: { lastName: 'Nom', city: 'x'.repeat(101) } }))).toMatchObject({ field: 'city', detail: expect.stringMatching(/101 caractères/) });
    expect(problemOf(await api.call('POST', '/api/v1/customers', { as: 'manager', body: { lastName: 'Nom', code: 'a b' } })).field).toBe('code');
    expect(problemOf(await api.call('POST', '/api/v1/customers', { as: 'manager', body: { lastName: 'Nom', discountBp: 20000 } })).field).toBe('discountBp');
    expect(problemOf(await api.call('POST', '/api/v1/customers', { as: 'manager', body: { lastName: 'Nom', code: 'C0001' } })).status).toBe(422);
    expect(problemOf(await api.call('GET', '/api/v1/customers?updated_since=2026-13-01', { as: 'manager' })).field).toBe('updated_since');
    expect(problemOf(await api.call('POST', '/api/v1/customer-groups', { as: 'manager', body: { name: 'Pros\u0000' } })).field).toBe('name');
    expect(await api.core.customers.count()).toBe(count);
  });

  test('creates a customer (with a card code), changes one under If-Match, 412 when stale; audited under the token', async () => {
    const created = await api.call('POST', '/api/v1/customers', { as: 'manager', body: { firstName: 'Zoé', lastName: 'Leroy', email: 'zoe@example.fr' } });
    expect(created.statusCode).toBe(201);
    expect(created.json().code).toMatch(/^29\d{11}$/);
    const url = `/api/v1/customers/${created.json().id}`;
    const etag = created.headers.etag!;
    const changed = await api.call('PATCH', url, { as: 'manager', body: { city: 'Lyon' }, headers: { 'if-match': etag } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ city: 'Lyon', email: 'zoe@example.fr' });
    expect(changed.json().updatedAt >= created.json().updatedAt).toBe(true);
    expect((await api.call('PATCH', url, { as: 'manager', body: { city: 'Paris' }, headers: { 'if-match': etag } })).statusCode).toBe(412);
    expect((await api.call('PATCH', url, { as: 'manager', body: { city: 'Paris' } })).statusCode).toBe(428);
    expect((await api.core.customers.get(created.json().id))!.city).toBe('Lyon');
    const [event] = await api.core.audit.recent(1);
    expect(event).toMatchObject({ kind: 'customer', employeeId: null });
    expect(JSON.parse(event!.details)).toMatchObject({ action: 'set', fields: ['city'], apiToken: 'crm' });

    const group = await api.call('POST', '/api/v1/customer-groups', { as: 'manager', body: { name: 'Professionnels', discountBp: 500 } });
    expect(group.statusCode).toBe(201);
    const groups = (await api.call('GET', '/api/v1/customer-groups', { as: 'cashier' })).json().items;
    expect(groups.map((g: { name: string }) => g.name)).toContain('Professionnels');
  });

  test("a customer's sales with lines, and balances", async () => {
    const history = (await api.call('GET', `/api/v1/customers/${dora.id}/sales`, { as: 'cashier' })).json();
    expect(history.items).toHaveLength(1);
    expect(history.items[0]).toMatchObject({ number: sale.number, total: 3030 });
    expect(history.items[0].lines.map((l: { name: string; quantity: number }) => [l.name, l.quantity])).toEqual([['Bordeaux Supérieur 2022', 2000], ['Pâte à tartiner noisette', 1000]]);
    const balances = (await api.call('GET', `/api/v1/customers/${dora.id}/balances`, { as: 'cashier' })).json();
    expect(balances).toMatchObject({ customerId: dora.id, account: { balance: 0, overdraftLimit: 5000 }, storeCredit: 0, vouchers: [], visits: { saleCount: 1, spent: 3030 } });
    expect((await api.call('GET', '/api/v1/customers/99999/balances', { as: 'cashier' })).statusCode).toBe(404);
    expect(problemOf(await api.call('GET', `/api/v1/customers/${dora.id}/sales?limit=0`, { as: 'cashier' })).field).toBe('limit');
  });

  test('sales by day range with lines, VAT and payments; never writable', async () => {
    const res = await api.call('GET', `/api/v1/sales?from=${today}&to=${today}`, { as: 'manager' });
    expect(res.statusCode).toBe(200);
    const [got] = res.json().items;
    expect(got).toMatchObject({ id: sale.id, total: 3030, customerId: dora.id });
    expect(got.lines).toHaveLength(2);
    expect(got.taxes.map((t: { rateBp: number }) => t.rateBp)).toEqual([2000, 550]);
    expect(got.taxes.reduce((s: number, t: { tax: number }) => s + t.tax, 0)).toBe(sale.taxTotal);
    expect(got.payments).toEqual([expect.objectContaining({ method: 'card', amount: 3030 })]);
    expect((await api.call('GET', `/api/v1/sales/${sale.id}`, { as: 'manager' })).json().hash).toBe(sale.hash);
    expect((await api.call('GET', '/api/v1/sales?from=2020-01-01&to=2020-01-31', { as: 'manager' })).json().items).toEqual([]);
    expect(problemOf(await api.call('GET', '/api/v1/sales?from=2026-02-30&to=2026-03-01', { as: 'manager' }))).toMatchObject({ field: 'from', detail: expect.stringMatching(/n'existe pas/) });
    expect(problemOf(await api.call('GET', `/api/v1/sales?from=${today}`, { as: 'manager' })).field).toBe('to');
    expect(problemOf(await api.call('GET', '/api/v1/sales?from=2026-03-02&to=2026-03-01', { as: 'manager' })).field).toBe('to');
    // No route writes a sale: the methods are simply not there.
    for (const method of ['POST', 'PUT', 'PATCH', 'DELETE']) {
      expect((await api.call(method, `/api/v1/sales/${sale.id}`, { as: 'owner', body: method === 'DELETE' ? undefined : { total: 0 } })).statusCode).toBe(404);
    }
    expect((await api.core.sales.get(sale.id))!.total).toBe(3030);
  });
});
