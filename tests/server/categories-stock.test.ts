// /api/v1/categories and the stock routes on both engines: 401, 403 (role and
// scope), 400 naming the field, the happy paths, the version guard, the audit.
import { ENGINES } from '../helpers/engines.js';
import { apiFixture, problemOf } from './api-fixture.js';

describe.each(ENGINES)('categories and stock API on %s', (engine) => {
  const api = apiFixture(engine);

  test('no token: 401 on every route', async () => {
    const id = 1;
    for (const [method, url] of [
      ['GET', '/api/v1/categories'], ['GET', `/api/v1/categories/${id}`], ['POST', '/api/v1/categories'], ['PATCH', `/api/v1/categories/${id}`],
      ['GET', '/api/v1/stock'], ['GET', '/api/v1/stock/low'], ['GET', `/api/v1/articles/${id}/stock-moves`],
      ['POST', `/api/v1/articles/${id}/stock-receipts`], ['POST', `/api/v1/articles/${id}/stock-adjustments`],
    ] as const) {
      const res = await api.call(method, url, { body: method === 'GET' ? undefined : {} });
      expect([method, url, res.statusCode]).toEqual([method, url, 401]);
    }
  });

  test('categories: list, read with ETag, create, rename under If-Match, 412 when stale; audited under the token', async () => {
    const list = await api.call('GET', '/api/v1/categories', { as: 'scoped' });
    expect(list.json().items.map((c: { name: string }) => c.name)).toEqual(['Épicerie', 'Cave']);
    const created = await api.call('POST', '/api/v1/categories', { as: 'scoped', body: { name: 'Frais', color: 'cyan' } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: 'Frais', color: 'cyan', sortOrder: 3 });
    const url = `/api/v1/categories/${created.json().id}`;
    const read = await api.call('GET', url, { as: 'scoped' });
    expect(read.headers.etag).toBe(created.headers.etag);
    const renamed = await api.call('PATCH', url, { as: 'scoped', body: { name: 'Crèmerie' }, headers: { 'if-match': read.headers.etag! } });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json().name).toBe('Crèmerie');
    expect((await api.call('PATCH', url, { as: 'scoped', body: { name: 'Autre' }, headers: { 'if-match': read.headers.etag! } })).statusCode).toBe(412);
    expect((await api.call('PATCH', url, { as: 'scoped', body: { name: 'Autre' } })).statusCode).toBe(428);
    expect((await api.core.categories.get(created.json().id))!.name).toBe('Crèmerie');
    const [event] = await api.core.audit.recent(1);
    expect(event).toMatchObject({ kind: 'category', employeeId: null });
    expect(JSON.parse(event!.details)).toMatchObject({ action: 'set', apiToken: 'rayons' });
  });

  test('categories: 403 for a cashier writing or a token without the scope; bad input named', async () => {
    expect((await api.call('GET', '/api/v1/categories', { as: 'cashier' })).statusCode).toBe(200);
    expect((await api.call('POST', '/api/v1/categories', { as: 'cashier', body: { name: 'Non' } })).statusCode).toBe(403);
    expect((await api.call('PATCH', '/api/v1/categories/1', { as: 'cashier', body: { name: 'Non' }, headers: { 'if-match': '"0"' } })).statusCode).toBe(403);
    // 'rayons' reaches categories only: stock is out of its scope
    expect((await api.call('GET', '/api/v1/stock', { as: 'scoped' })).statusCode).toBe(403);
    const control = await api.call('POST', '/api/v1/categories', { as: 'manager', body: { name: 'Bio\u0007' } });
    expect(problemOf(control)).toMatchObject({ status: 400, field: 'name', detail: expect.stringMatching(/U\+0007/) });
    expect(problemOf(await api.call('POST', '/api/v1/categories', { as: 'manager', body: { name: 'Bio', color: 'pink' } })).field).toBe('color');
    expect(problemOf(await api.call('GET', '/api/v1/categories/abc', { as: 'manager' })).field).toBe('id');
    const taken = await api.call('POST', '/api/v1/categories', { as: 'manager', body: { name: 'cave' } });
    expect(taken.statusCode).toBe(422);
    expect(problemOf(taken).detail).toMatch(/existe déjà/);
  });

  test('stock: levels, low stock, moves; a receipt and a loss change the stock and are audited', async () => {
    const { wine, nutella } = api.shop;
    const levels = (await api.call('GET', '/api/v1/stock', { as: 'cashier' })).json();
    expect(levels.items.find((l: { articleId: number }) => l.articleId === wine.id)).toMatchObject({ stockQty: 12000, minStock: 3000, low: false });
    const received = await api.call('POST', `/api/v1/articles/${wine.id}/stock-receipts`, { as: 'cashier', body: { quantity: 6000, note: 'livraison' } });
    expect(received.statusCode).toBe(201);
    expect(received.json()).toEqual({ articleId: wine.id, stockQty: 18000 });
    const lost = await api.call('POST', `/api/v1/articles/${nutella.id}/stock-adjustments`, { as: 'manager', body: { quantity: -16000, reason: 'loss', note: 'casse' } });
    expect(lost.json()).toEqual({ articleId: nutella.id, stockQty: 4000 });
    const [event] = await api.core.audit.recent(1);
    expect(JSON.parse(event!.details)).toMatchObject({ action: 'loss', quantity: -16000, apiToken: 'crm' });
    const low = (await api.call('GET', '/api/v1/stock/low', { as: 'cashier' })).json();
    expect(low.items.map((l: { articleId: number }) => l.articleId)).toContain(nutella.id);
    const moves = (await api.call('GET', `/api/v1/articles/${nutella.id}/stock-moves`, { as: 'cashier' })).json();
    expect(moves.items.map((m: { reason: string; quantity: number }) => [m.reason, m.quantity])).toEqual([['initial', 20000], ['loss', -16000]]);
  });

  test('stock: a cashier may receive but not adjust; bad input named; nothing moves', async () => {
    const { wine } = api.shop;
    const before = await api.core.stock.quantity(wine.id);
    const refused = await api.call('POST', `/api/v1/articles/${wine.id}/stock-adjustments`, { as: 'cashier', body: { quantity: -1000, reason: 'loss' } });
    expect(refused.statusCode).toBe(403);
    expect(problemOf(await api.call('POST', `/api/v1/articles/${wine.id}/stock-adjustments`, { as: 'manager', body: { quantity: 0, reason: 'loss' } })).field).toBe('quantity');
    expect(problemOf(await api.call('POST', `/api/v1/articles/${wine.id}/stock-adjustments`, { as: 'manager', body: { quantity: -1000, reason: 'vol' } })).field).toBe('reason');
    expect(problemOf(await api.call('POST', `/api/v1/articles/${wine.id}/stock-receipts`, { as: 'manager', body: { quantity: 1000, note: 'a\u001bb' } })).field).toBe('note');
    expect(problemOf(await api.call('POST', `/api/v1/articles/${wine.id}/stock-receipts`, { as: 'manager', body: { quantity: 1500 } })).status).toBe(400); // whole units for a bottle
    const day = await api.call('GET', `/api/v1/articles/${wine.id}/stock-moves?from=2026-02-30`, { as: 'manager' });
    expect(problemOf(day)).toMatchObject({ field: 'from', detail: expect.stringMatching(/n'existe pas/) });
    expect((await api.call('GET', '/api/v1/articles/99999/stock-moves', { as: 'manager' })).statusCode).toBe(404);
    expect(await api.core.stock.quantity(wine.id)).toBe(before);
  });
});
