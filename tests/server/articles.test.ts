// /api/v1/articles on both engines: no token, wrong role or scope, bad input
// (named field, the CLI's text and date rules), the happy paths, the version
// guard (ETag / If-Match / 412) and the audit under the token's name.
import { ENGINES } from '../helpers/engines.js';
import { apiFixture, problemOf } from './api-fixture.js';

describe.each(ENGINES)('articles API on %s', (engine) => {
  const api = apiFixture(engine);

  test('every article route answers 401 without a token, and with an unknown one', async () => {
    for (const [method, url] of [['GET', '/api/v1/articles'], ['GET', '/api/v1/articles/1'], ['POST', '/api/v1/articles'], ['PATCH', '/api/v1/articles/1']] as const) {
      const res = await api.call(method, url, { body: method === 'GET' ? undefined : { price: 1 } });
      expect(res.statusCode).toBe(401);
      expect(problemOf(res).field).toBe('authorization');
      expect(res.headers['www-authenticate']).toBe('Bearer');
    }
    const res = await api.call('GET', '/api/v1/articles', { headers: { authorization: 'Bearer pos_nothing' } });
    expect(res.statusCode).toBe(401);
  });

  test('a token without the articles scope gets 403 on reads; a cashier token 403 on writes', async () => {
    expect((await api.call('GET', '/api/v1/articles', { as: 'scoped' })).statusCode).toBe(403);
    expect((await api.call('GET', `/api/v1/articles/${api.shop.wine.id}`, { as: 'scoped' })).statusCode).toBe(403);
    const create = await api.call('POST', '/api/v1/articles', { as: 'cashier', body: { name: 'X', price: 1, categoryId: api.shop.wine.categoryId, taxRateId: api.shop.wine.taxRateId } });
    expect(create.statusCode).toBe(403);
    expect(problemOf(create).detail).toMatch(/Modifier les articles/);
    const patch = await api.call('PATCH', `/api/v1/articles/${api.shop.wine.id}`, { as: 'cashier', body: { price: 1 }, headers: { 'if-match': '"x"' } });
    expect(patch.statusCode).toBe(403);
    expect((await api.core.catalog.requireArticle(api.shop.wine.id)).price).toBe(1290);
  });

  test('lists in pages with a cursor, and only what changed since a moment', async () => {
    const first = await api.call('GET', '/api/v1/articles?limit=2', { as: 'cashier' });
    expect(first.statusCode).toBe(200);
    const page1 = first.json();
    expect(page1.items.map((a: { name: string }) => a.name)).toEqual(['Pâte à tartiner noisette', 'Bordeaux Supérieur 2022']);
    expect(page1.nextCursor).toEqual(expect.any(String));
    const page2 = (await api.call('GET', `/api/v1/articles?limit=2&cursor=${page1.nextCursor}`, { as: 'cashier' })).json();
    expect(page2.items.map((a: { name: string }) => a.name)).toEqual(['Comté 18 mois']);
    expect(page2.nextCursor).toBeNull();
    const later = new Date(Date.now() + 60_000).toISOString();
    expect((await api.call('GET', `/api/v1/articles?updated_since=${later}`, { as: 'cashier' })).json().items).toEqual([]);
    expect((await api.call('GET', '/api/v1/articles?updated_since=2020-01-01', { as: 'cashier' })).json().items).toHaveLength(3);
  });

  test('bad list input: an impossible date, a bad cursor, an unknown parameter, each named', async () => {
    const day = await api.call('GET', '/api/v1/articles?updated_since=2026-02-30', { as: 'cashier' });
    expect(day.statusCode).toBe(400);
    expect(problemOf(day)).toMatchObject({ field: 'updated_since', detail: expect.stringMatching(/n'existe pas dans le calendrier/) });
    expect(problemOf(await api.call('GET', '/api/v1/articles?cursor=zz', { as: 'cashier' })).field).toBe('cursor');
    expect(problemOf(await api.call('GET', '/api/v1/articles?limit=0', { as: 'cashier' })).field).toBe('limit');
    expect(problemOf(await api.call('GET', '/api/v1/articles?colour=red', { as: 'cashier' })).field).toBe('colour');
  });

  test('reads one article with its barcodes and an ETag; an unknown one is a 404 problem', async () => {
    const res = await api.call('GET', `/api/v1/articles/${api.shop.nutella.id}`, { as: 'cashier' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ plu: '101', price: 450, taxRateBp: 550, barcodes: ['3017620422003'] });
    expect(res.headers.etag).toMatch(/^"[0-9a-f]{16}"$/);
    const missing = await api.call('GET', '/api/v1/articles/99999', { as: 'cashier' });
    expect(missing.statusCode).toBe(404);
    expect(problemOf(missing).type).toBe('/api/v1/problems/not-found');
  });

  test('creates an article; bad input is refused naming its field and creates nothing', async () => {
    const { categoryId, taxRateId } = api.shop.wine;
    const count = await api.core.catalog.countArticles();
    const control = await api.call('POST', '/api/v1/articles', { as: 'manager', body: { name: 'Vin\u001b[41m', price: 500, categoryId, taxRateId } });
    expect(control.statusCode).toBe(400);
    expect(problemOf(control)).toMatchObject({ field: 'name', detail: expect.stringMatching(/caractère de contrôle U\+001B/) });
    const long = await api.call('POST', '/api/v1/articles', { as: 'manager', body: { name: 'x'.repeat(101), price: 500, categoryId, taxRateId } });
    expect(problemOf(long)).toMatchObject({ field: 'name', detail: expect.stringMatching(/101 caractères/) });
    expect(problemOf(await api.call('POST', '/api/v1/articles', { as: 'manager', body: { name: 'Vin', categoryId, taxRateId } })).field).toBe('price');
    expect(problemOf(await api.call('POST', '/api/v1/articles', { as: 'manager', body: { name: 'Vin', price: -1, categoryId, taxRateId } })).field).toBe('price');
    const unknownCategory = await api.call('POST', '/api/v1/articles', { as: 'manager', body: { name: 'Vin', price: 500, categoryId: 999, taxRateId } });
    expect(unknownCategory.statusCode).toBe(422);
    expect(await api.core.catalog.countArticles()).toBe(count);

    const res = await api.call('POST', '/api/v1/articles', { as: 'manager', body: { name: 'Rosé de Provence', price: 890, categoryId, taxRateId, plu: '202', barcodes: ['3760123450027'] } });
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ name: 'Rosé de Provence', price: 890, plu: '202', barcodes: ['3760123450027'] });
    expect(res.headers.location).toBe(`/api/v1/articles/${res.json().id}`);
    const [event] = await api.core.audit.recent(1);
    expect(event).toMatchObject({ kind: 'article', employeeId: null, articleId: res.json().id });
    expect(JSON.parse(event!.details)).toMatchObject({ action: 'add', apiToken: 'crm' });
  });

  test('changes a price under If-Match: 428 without it, 412 when stale, audited under the token', async () => {
    const url = `/api/v1/articles/${api.shop.comte.id}`;
    const read = await api.call('GET', url, { as: 'manager' });
    const etag = read.headers.etag as string;
    expect((await api.call('PATCH', url, { as: 'manager', body: { price: 3490 } })).statusCode).toBe(428);
    expect(problemOf(await api.call('PATCH', url, { as: 'manager', body: { price: 'cher' }, headers: { 'if-match': etag } })).field).toBe('price');
    expect(problemOf(await api.call('PATCH', url, { as: 'manager', body: { nom: 'x' }, headers: { 'if-match': etag } })).field).toBe('nom');

    const res = await api.call('PATCH', url, { as: 'manager', body: { price: 3490 }, headers: { 'if-match': etag } });
    expect(res.statusCode).toBe(200);
    expect(res.json().price).toBe(3490);
    expect(res.headers.etag).not.toBe(etag);
    const events = await api.core.audit.recent(2);
    expect(events.map((e) => e.kind).sort()).toEqual(['article', 'price_change']);
    for (const e of events) expect(JSON.parse(e.details).apiToken).toBe('crm');

    // The same old version again: someone (here, this very write) changed it since.
    const stale = await api.call('PATCH', url, { as: 'manager', body: { price: 100 }, headers: { 'if-match': etag } });
    expect(stale.statusCode).toBe(412);
    expect(problemOf(stale).type).toBe('/api/v1/problems/stale-version');
    expect((await api.core.catalog.requireArticle(api.shop.comte.id)).price).toBe(3490);
  });
});
