// API tokens end to end through the server, on both engines: stored hashed,
// refused once revoked or past their last day, rate-limited per token; the
// OpenAPI document lists every route with its schemas.
import { hashTokenSecret } from '../../src/core/staff/api-token.js';
import { actorOf } from '../../src/core/fiscal/audit.service.js';
import { ENGINES } from '../helpers/engines.js';
import { apiFixture, problemOf } from './api-fixture.js';

describe.each(ENGINES)('API tokens on %s', (engine) => {
  const api = apiFixture(engine, { rateLimit: { max: 5, timeWindowMs: 60 * 60_000 } });

  test('only the hash is stored; a revoked or expired token gets 401', async () => {
    const by = actorOf(api.owner, api.core.tillId);
    const { secret, token } = await api.core.apiTokens.create({ name: 'temp', role: 'manager' }, by);
    expect(secret).toMatch(/^pos_[A-Za-z0-9_-]{43}$/);
    expect(JSON.stringify(await api.core.apiTokens.list())).not.toContain(secret);
    expect((await api.core.apiTokens.authenticate(secret))!.id).toBe(token.id);
    expect(hashTokenSecret(secret)).toMatch(/^[0-9a-f]{64}$/);
    await api.core.apiTokens.revoke('temp', by);
    expect(await api.core.apiTokens.authenticate(secret)).toBeNull();

    const old = await api.core.apiTokens.create({ name: 'old', role: 'manager', expiresOn: '2020-12-31' }, by);
    const res = await api.call('GET', '/api/v1/categories', { headers: { authorization: `Bearer ${old.secret}` } });
    expect(res.statusCode).toBe(401);
    expect(problemOf(res).detail).toMatch(/révoqué ou expiré/);
    await expect(api.core.apiTokens.create({ name: 'bad', role: 'manager', expiresOn: '2026-02-30' }, by)).rejects.toThrow(/n'existe pas dans le calendrier/);
    await expect(api.core.apiTokens.create({ name: 'crm', role: 'manager' }, by)).rejects.toThrow(/existe déjà/);
    const events = await api.core.audit.recent(3);
    expect(events.map((e) => JSON.parse(e.details).action)).toEqual(['create', 'revoke', 'create']);
    expect(events.every((e) => e.employeeId === api.owner.id)).toBe(true);
  });

  test('requests are limited per token: the sixth gets 429, another token still passes', async () => {
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) codes.push((await api.call('GET', '/api/v1/categories', { as: 'owner' })).statusCode);
    expect(codes).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = await api.call('GET', '/api/v1/categories', { as: 'owner' });
    expect(problemOf(limited).type).toBe('/api/v1/problems/too-many-requests');
    expect(limited.headers['retry-after']).toBeDefined();
    expect((await api.call('GET', '/api/v1/categories', { as: 'cashier' })).statusCode).toBe(200);
  });

  test('the OpenAPI document describes the API routes with request and response schemas', async () => {
    expect((await api.call('GET', '/api/v1/openapi.json')).statusCode).toBe(401);
    const doc = (await api.call('GET', '/api/v1/openapi.json', { as: 'scoped' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    const patch = doc.paths['/api/v1/articles/{id}'].patch;
    expect(patch.requestBody.content['application/json'].schema.properties.price.type).toBe('integer');
    expect(patch.responses['200'].content['application/json'].schema.properties.price).toBeDefined();
    expect(patch.responses['412']).toBeDefined();
    for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, unknown> }>>)) {
      for (const [method, op] of Object.entries(methods)) {
        const codes = Object.keys(op.responses);
        expect([path, method, codes.some((c) => /^2/.test(c)), codes.includes('401'), codes.includes('400')]).toEqual([path, method, true, true, true]);
      }
    }
    expect(doc.paths['/api/v1/openapi.json']).toBeUndefined();
  });
});
