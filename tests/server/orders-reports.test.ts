// /api/v1/orders (list, read, propose, put a line under If-Match, send,
// receive) and /api/v1/reports/sales on both engines: 401, 403, 400 naming
// the field, the happy paths, the audit under the token's name.
import { localDate } from '../../src/core/basics/clock.js';
import { ENGINES } from '../helpers/engines.js';
import { apiFixture, problemOf } from './api-fixture.js';

describe.each(ENGINES)('orders and reports API on %s', (engine) => {
  const api = apiFixture(engine);
  let supplierId: number;
  const today = localDate(new Date());

  beforeAll(async () => {
    const { wine, nutella } = api.shop;
    supplierId = (await api.core.suppliers.create({ name: 'Boissons du Val', contact: '', email: '', phone: '', leadTimeDays: 3, minOrderValue: 0 })).id;
    for (const a of [wine, nutella]) await api.core.catalog.updateArticle(a.id, { supplierId }, null);
    await api.core.stock.adjust(wine.id, -11000, 'adjustment'); // 1 bottle left, minimum 3
    await api.core.sales.complete(api.ticketOf(['nutella', 2000]), [{ method: 'cash', amount: 900 }], api.shop.cashier.id);
  });

  test('no token: 401 on every route', async () => {
    for (const [method, url] of [
      ['GET', '/api/v1/orders'], ['GET', '/api/v1/orders/1'], ['POST', '/api/v1/orders/proposals'], ['PUT', '/api/v1/orders/1/lines/1'],
      ['POST', '/api/v1/orders/1/send'], ['POST', '/api/v1/orders/1/receipts'], ['GET', `/api/v1/reports/sales?from=${today}&to=${today}`],
    ] as const) {
      const res = await api.call(method, url, { body: method === 'GET' ? undefined : {} });
      expect([method, url, res.statusCode]).toEqual([method, url, 401]);
    }
  });

  test('403: a cashier proposes, edits or sends no order and reads no report; out of scope', async () => {
    expect((await api.call('POST', '/api/v1/orders/proposals', { as: 'cashier', body: {} })).statusCode).toBe(403);
    expect((await api.call('PUT', '/api/v1/orders/1/lines/1', { as: 'cashier', body: { quantity: 1000 }, headers: { 'if-match': '"x"' } })).statusCode).toBe(403);
    expect((await api.call('POST', '/api/v1/orders/1/send', { as: 'cashier', body: {} })).statusCode).toBe(403);
    expect((await api.call('GET', `/api/v1/reports/sales?from=${today}&to=${today}`, { as: 'cashier' })).statusCode).toBe(403);
    expect((await api.call('GET', '/api/v1/orders', { as: 'scoped' })).statusCode).toBe(403);
    expect((await api.call('GET', `/api/v1/reports/sales?from=${today}&to=${today}`, { as: 'scoped' })).statusCode).toBe(403);
    expect(await api.core.purchasing.list({ status: 'all' })).toEqual([]);
  });

  test('propose, put lines under If-Match (412 when stale), send, receive in part then in full; audited', async () => {
    const { wine, nutella } = api.shop;
    const proposed = await api.call('POST', '/api/v1/orders/proposals', { as: 'manager', body: {} });
    expect(proposed.statusCode).toBe(200);
    const [draft] = proposed.json().items;
    expect(draft).toMatchObject({ supplierId, status: 'draft' });
    expect(draft.lines.map((l: { articleId: number }) => l.articleId)).toContain(wine.id);
    expect((await api.call('GET', '/api/v1/orders', { as: 'cashier' })).json().items.map((o: { id: number }) => o.id)).toEqual([draft.id]);

    const url = `/api/v1/orders/${draft.id}`;
    const etag = (await api.call('GET', url, { as: 'cashier' })).headers.etag!;
    expect((await api.call('PUT', `${url}/lines/${nutella.id}`, { as: 'manager', body: { quantity: 6000 } })).statusCode).toBe(428);
    const put = await api.call('PUT', `${url}/lines/${nutella.id}`, { as: 'manager', body: { quantity: 6000 }, headers: { 'if-match': etag } });
    expect(put.statusCode).toBe(200);
    expect(put.json().lines.find((l: { articleId: number }) => l.articleId === nutella.id).quantity).toBe(6000);
    expect((await api.call('PUT', `${url}/lines/${wine.id}`, { as: 'manager', body: { quantity: 12000 }, headers: { 'if-match': etag } })).statusCode).toBe(412);
    const wineLine = await api.call('PUT', `${url}/lines/${wine.id}`, { as: 'manager', body: { quantity: 12000 }, headers: { 'if-match': put.headers.etag! } });
    expect(wineLine.json().lines.find((l: { articleId: number }) => l.articleId === wine.id).quantity).toBe(12000);
    const [event] = await api.core.audit.recent(1);
    expect(JSON.parse(event!.details)).toMatchObject({ action: 'set', quantity: 12000, apiToken: 'crm' });

    const sent = await api.call('POST', `${url}/send`, { as: 'manager', body: {} });
    expect(sent.statusCode).toBe(200);
    expect(sent.json().status).toBe('sent');
    expect((await api.call('POST', `${url}/send`, { as: 'manager', body: {} })).statusCode).toBe(422); // no longer a draft

    const stockBefore = await api.core.stock.quantity(wine.id);
    const part = await api.call('POST', `${url}/receipts`, { as: 'cashier', body: { lines: [{ articleId: wine.id, quantity: 6000 }] } });
    expect(part.statusCode).toBe(200);
    expect(part.json().status).toBe('partial');
    expect(await api.core.stock.quantity(wine.id)).toBe(stockBefore + 6000);
    const rest = await api.call('POST', `${url}/receipts`, { as: 'cashier', body: {} });
    expect(rest.json().status).toBe('received');
    expect(await api.core.stock.quantity(wine.id)).toBe(stockBefore + 12000);
  });

  test('bad order input is named; unknown orders are 404', async () => {
    expect(problemOf(await api.call('GET', '/api/v1/orders?status=lost', { as: 'manager' })).field).toBe('status');
    expect(problemOf(await api.call('PUT', '/api/v1/orders/1/lines/1', { as: 'manager', body: { quantity: -1 }, headers: { 'if-match': '"x"' } })).field).toBe('quantity');
    expect(problemOf(await api.call('POST', '/api/v1/orders/1/receipts', { as: 'manager', body: { lines: [{ articleId: 1 }] } })).field).toBe('lines.0.quantity');
    expect((await api.call('GET', '/api/v1/orders/9999', { as: 'manager' })).statusCode).toBe(404);
    expect((await api.call('POST', '/api/v1/orders/9999/send', { as: 'manager', body: {} })).statusCode).toBe(404);
  });

  test('sales report by day, article and customer; bad dates and dimensions named', async () => {
    const byDay = await api.call('GET', `/api/v1/reports/sales?from=${today}&to=${today}`, { as: 'manager' });
    expect(byDay.statusCode).toBe(200);
    expect(byDay.json()).toMatchObject({ dimension: 'day', from: today, to: today, totals: { sales: 1, total: 900 } });
    expect(byDay.json().rows).toEqual([expect.objectContaining({ key: today, sales: 1, total: 900 })]);
    const byArticle = (await api.call('GET', `/api/v1/reports/sales?by=article&from=${today}&to=${today}`, { as: 'manager' })).json();
    expect(byArticle.rows).toEqual([expect.objectContaining({ label: 'Pâte à tartiner noisette', quantity: 2000, total: 900 })]);
    const byCustomer = (await api.call('GET', `/api/v1/reports/sales?by=customer&from=${today}&to=${today}`, { as: 'manager' })).json();
    expect(byCustomer.rows).toEqual([expect.objectContaining({ key: 'none', sales: 1 })]);
    expect(problemOf(await api.call('GET', '/api/v1/reports/sales?from=2026-02-29&to=2026-03-01', { as: 'manager' }))).toMatchObject({ field: 'from', detail: expect.stringMatching(/n'existe pas/) });
    expect(problemOf(await api.call('GET', `/api/v1/reports/sales?by=weather&from=${today}&to=${today}`, { as: 'manager' })).field).toBe('by');
    expect(problemOf(await api.call('GET', `/api/v1/reports/sales?to=${today}`, { as: 'manager' })).field).toBe('from');
    expect((await api.call('GET', `/api/v1/reports/sales?from=${today}&to=${today}&customer=9999`, { as: 'manager' })).statusCode).toBe(404);
  });
});
