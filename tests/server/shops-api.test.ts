// /api/v1/shops and the routes again under /api/v1/shops/{shop}/… (issue #22)
// on both engines, over real HTTP: a second shop's low stock, articles and
// supplier orders (propose, put a line under If-Match, send, receive into its
// own stock), the plain routes still the serve's shop, an unknown shop 404,
// a shop added after the server started, writes audited under the token.
import { actorOf } from '../../src/core/fiscal/audit.service.js';
import { ENGINES } from '../helpers/engines.js';
import { apiFixture, problemOf } from './api-fixture.js';

describe.each(ENGINES)('the API per shop on %s', (engine) => {
  const api = apiFixture(engine);
  let portId = 0;
  let supplierId = 0;

  const portStock = async (articleId: number) => (await api.core.shops.articleValues(portId, [articleId]))[0]?.stockQty ?? 0;
  const lastEvent = async () => {
    const [event] = await api.core.audit.recent(1);
    return { kind: event!.kind, details: JSON.parse(event!.details) as Record<string, unknown> };
  };

  beforeAll(async () => {
    const by = actorOf(api.owner, api.core.tillId);
    const port = await api.core.shops.add({ code: 'port', name: 'Boutique du port' }, by);
    portId = port.id;
    await api.core.shops.placeTill(2, portId, by);
    supplierId = (await api.core.suppliers.create({ name: 'Boissons du Val', contact: '', email: '', phone: '', leadTimeDays: 3, minOrderValue: 0 })).id;
    for (const a of [api.shop.wine, api.shop.nutella]) await api.core.catalog.updateArticle(a.id, { supplierId }, null);
    // The port's own price for the wine; its stock starts empty (every article at or under its minimum there).
    await api.core.shops.setArticle(portId, api.shop.wine.id, { price: 1350 }, by);
  });

  test('GET /shops lists the shops with their tills and the serve\'s own; a token without stock, orders or articles may not', async () => {
    const res = await api.call('GET', '/api/v1/shops', { as: 'cashier' });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.serverShopId).toBe(api.core.shopId);
    expect(body.items.map((s: { code: string }) => s.code)).toEqual(['principal', 'port']);
    expect(body.items[1]).toMatchObject({ id: portId, code: 'port', name: 'Boutique du port', active: true, tills: [2] });
    expect(body.items[0].tills).toContain(api.core.tillId);
    expect(problemOf(await api.call('GET', '/api/v1/shops', { as: 'scoped' })).status).toBe(403);
    expect((await api.call('GET', '/api/v1/shops')).statusCode).toBe(401);
  });

  test('low stock and articles as each shop sees them; the plain routes stay the serve\'s shop', async () => {
    const { nutella, wine } = api.shop;
    const plainLow = (await api.call('GET', '/api/v1/stock/low', { as: 'cashier' })).json().items.map((r: { articleId: number }) => r.articleId);
    const portLow = await api.call('GET', '/api/v1/shops/port/stock/low', { as: 'cashier' });
    expect(portLow.statusCode).toBe(200);
    const portIds = portLow.json().items.map((r: { articleId: number }) => r.articleId);
    expect(portIds).toEqual(expect.arrayContaining([nutella.id, wine.id]));
    expect(plainLow).not.toContain(nutella.id); // 20 jars at the main shop, minimum 5
    // by number as by code
    expect((await api.call('GET', `/api/v1/shops/${portId}/stock/low`, { as: 'cashier' })).json().items.map((r: { articleId: number }) => r.articleId)).toEqual(portIds);

    const portWine = (await api.call('GET', `/api/v1/shops/port/articles/${wine.id}`, { as: 'cashier' })).json();
    const plainWine = (await api.call('GET', `/api/v1/articles/${wine.id}`, { as: 'cashier' })).json();
    expect([portWine.price, portWine.stockQty]).toEqual([1350, 0]);
    expect([plainWine.price, plainWine.stockQty]).toEqual([1290, 12000]);
    const portLevels = (await api.call('GET', '/api/v1/shops/port/stock?limit=500', { as: 'cashier' })).json().items;
    expect(portLevels.find((l: { articleId: number }) => l.articleId === nutella.id)).toMatchObject({ stockQty: 0, low: true });
    // The catalogue is the company's: written through the plain routes only.
    expect((await api.call('POST', '/api/v1/shops/port/articles', { as: 'owner', body: { name: 'X', price: 1, categoryId: 1, taxRateId: 1 } })).statusCode).toBe(404);
  });

  test('a goods receipt under the shop goes into its stock, audited under the token', async () => {
    const { comte } = api.shop;
    const mainBefore = await api.core.stock.quantity(comte.id);
    const res = await api.call('POST', `/api/v1/shops/port/articles/${comte.id}/stock-receipts`, { as: 'manager', body: { quantity: 1500, note: 'ouverture' } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({ articleId: comte.id, stockQty: 1500 });
    expect(await portStock(comte.id)).toBe(1500);
    expect(await api.core.stock.quantity(comte.id)).toBe(mainBefore);
    expect(await lastEvent()).toMatchObject({ kind: 'stock', details: { action: 'receive', quantity: 1500, apiToken: 'crm' } });
    const moves = (await api.call('GET', `/api/v1/shops/port/articles/${comte.id}/stock-moves`, { as: 'cashier' })).json().items;
    expect(moves.map((m: { quantity: number; reason: string }) => [m.reason, m.quantity])).toEqual([['receipt', 1500]]);
  });

  test('the shop\'s orders: propose, put a line under If-Match, send, receive into its stock; another shop\'s order is 404 there', async () => {
    const { wine, nutella } = api.shop;
    const proposed = await api.call('POST', '/api/v1/shops/port/orders/proposals', { as: 'manager', body: {} });
    expect(proposed.statusCode).toBe(200);
    const [draft] = proposed.json().items;
    expect(draft).toMatchObject({ supplierId, status: 'draft', shopId: portId });
    expect(draft.lines.map((l: { articleId: number }) => l.articleId)).toEqual(expect.arrayContaining([wine.id, nutella.id]));
    expect(await lastEvent()).toMatchObject({ kind: 'purchase_order', details: { action: 'propose', apiToken: 'crm' } });
    expect((await api.call('GET', '/api/v1/shops/port/orders', { as: 'cashier' })).json().items.map((o: { id: number }) => o.id)).toEqual([draft.id]);
    expect((await api.call('GET', '/api/v1/orders', { as: 'cashier' })).json().items.map((o: { id: number }) => o.id)).not.toContain(draft.id);

    const url = `/api/v1/shops/port/orders/${draft.id}`;
    const etag = (await api.call('GET', url, { as: 'cashier' })).headers.etag!;
    expect(etag).toMatch(/^".+"$/);
    expect((await api.call('PUT', `${url}/lines/${wine.id}`, { as: 'manager', body: { quantity: 6000 } })).statusCode).toBe(428);
    const put = await api.call('PUT', `${url}/lines/${wine.id}`, { as: 'manager', body: { quantity: 6000 }, headers: { 'if-match': etag } });
    expect(put.statusCode).toBe(200);
    expect((await api.call('PUT', `${url}/lines/${wine.id}`, { as: 'manager', body: { quantity: 7000 }, headers: { 'if-match': etag } })).statusCode).toBe(412);
    expect(await lastEvent()).toMatchObject({ details: { action: 'set', quantity: 6000, apiToken: 'crm' } });
    expect((await api.call('POST', `${url}/send`, { as: 'cashier', body: {} })).statusCode).toBe(403);
    const sent = await api.call('POST', `${url}/send`, { as: 'manager', body: {} });
    expect(sent.json().status).toBe('sent');

    const mainWine = await api.core.stock.quantity(wine.id);
    const received = await api.call('POST', `${url}/receipts`, { as: 'cashier', body: { lines: [{ articleId: wine.id, quantity: 6000 }] } });
    expect(received.statusCode).toBe(200);
    expect(await portStock(wine.id)).toBe(6000);
    expect(await api.core.stock.quantity(wine.id)).toBe(mainWine);
    expect(await lastEvent()).toMatchObject({ kind: 'purchase_order', details: { action: 'receive', apiToken: 'caisse' } });

    // The main shop's order is not the port's, and the port's is still reached by the plain route (as before shops).
    await api.core.stock.adjust(wine.id, -11000, 'adjustment');
    const [mainDraft] = (await api.call('POST', '/api/v1/orders/proposals', { as: 'manager', body: {} })).json().items;
    expect(mainDraft.shopId).toBe(api.core.shopId);
    expect(problemOf(await api.call('GET', `/api/v1/shops/port/orders/${mainDraft.id}`, { as: 'cashier' })).status).toBe(404);
    expect((await api.call('POST', `/api/v1/shops/port/orders/${mainDraft.id}/send`, { as: 'manager', body: {} })).statusCode).toBe(404);
    expect((await api.call('GET', `/api/v1/orders/${draft.id}`, { as: 'cashier' })).statusCode).toBe(200);
  });

  test('an unknown shop is 404 naming it (after the token check); a shop added while the server runs answers at once', async () => {
    const unknown = problemOf(await api.call('GET', '/api/v1/shops/gare/stock/low', { as: 'cashier' }));
    expect(unknown.status).toBe(404);
    expect(unknown.detail).toContain('gare');
    expect(unknown.field).toBe('shop');
    expect(problemOf(await api.call('POST', '/api/v1/shops/99/orders/proposals', { as: 'manager', body: {} })).status).toBe(404);
    expect((await api.call('GET', '/api/v1/shops/gare/stock/low')).statusCode).toBe(401);

    const gare = await api.core.shops.add({ code: 'gare', name: 'Kiosque de la gare' }, actorOf(api.owner, api.core.tillId));
    const res = await api.call('GET', '/api/v1/shops/gare/stock/low', { as: 'cashier' });
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((r: { articleId: number }) => r.articleId)).toContain(api.shop.nutella.id);
    expect((await api.call('GET', `/api/v1/shops/${gare.id}/orders`, { as: 'cashier' })).json().items).toEqual([]);
  });

  test('the OpenAPI document describes the routes under /shops/{shop}', async () => {
    const doc = (await api.call('GET', '/api/v1/openapi.json', { as: 'manager' })).json();
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/shops', '/api/v1/shops/{shop}/stock/low', '/api/v1/shops/{shop}/orders/{id}/receipts', '/api/v1/shops/{shop}/articles/{id}']));
    expect(Object.keys(doc.paths)).not.toContain('/api/v1/shops/{shop}/customers');
    const params = doc.paths['/api/v1/shops/{shop}/stock/low'].get.parameters;
    expect(params).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'shop', in: 'path', required: true })]));
    expect(doc.paths['/api/v1/shops/{shop}/stock/low'].get.responses['404']).toBeDefined(); // the shop unknown
    expect(doc.paths['/api/v1/stock/low'].get.responses['404']).toBeUndefined();
  });
});
