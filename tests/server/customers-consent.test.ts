// The customer's marketing consent through /api/v1/customers on both engines:
// given at creation or by PATCH, dated by the server (never by the caller),
// audited under the token; a non-boolean or a typed date refused naming the
// field; the OpenAPI document describes both fields.
import { ENGINES } from '../helpers/engines.js';
import { apiFixture, problemOf } from './api-fixture.js';

describe.each(ENGINES)('customer consent through the API on %s', (engine) => {
  const api = apiFixture(engine);

  test('given at creation with its date; withdrawn by PATCH, re-dated and audited under the token', async () => {
    const before = new Date().toISOString();
    const created = await api.call('POST', '/api/v1/customers', { as: 'manager', body: { lastName: 'Roux', email: 'roux@example.fr', marketingConsent: true } });
    expect(created.statusCode).toBe(201);
    const body = created.json();
    expect(body.marketingConsent).toBe(true);
    expect(body.marketingConsentAt >= before).toBe(true);
    const url = `/api/v1/customers/${body.id}`;
    const unset = await api.call('POST', '/api/v1/customers', { as: 'manager', body: { lastName: 'Sans' } });
    expect(unset.json()).toMatchObject({ marketingConsent: false, marketingConsentAt: null });

    const changed = await api.call('PATCH', url, { as: 'manager', body: { marketingConsent: false }, headers: { 'if-match': created.headers.etag! } });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().marketingConsent).toBe(false);
    expect(changed.json().marketingConsentAt >= body.marketingConsentAt).toBe(true);
    const [event] = await api.core.audit.recent(1);
    expect(event).toMatchObject({ kind: 'customer', employeeId: null });
    expect(JSON.parse(event!.details as unknown as string)).toMatchObject({ action: 'set', fields: ['marketingConsent'], marketingConsent: false, apiToken: 'crm' });
  });

  test('a consent that is not a boolean, or a date sent by the caller, is refused naming the field; nothing written', async () => {
    const count = await api.core.customers.count();
    expect(problemOf(await api.call('POST', '/api/v1/customers', { as: 'manager', body: { lastName: 'Nom', marketingConsent: 'peut-être' } })).field).toBe('marketingConsent');
    expect(problemOf(await api.call('POST', '/api/v1/customers', { as: 'manager', body: { lastName: 'Nom', marketingConsentAt: '2020-01-01T00:00:00Z' } })).status).toBe(400);
    expect(await api.core.customers.count()).toBe(count);
  });

  test('the OpenAPI document describes the consent and its read-only date', async () => {
    const doc = (await api.call('GET', '/api/v1/openapi.json', { as: 'manager' })).json();
    const shown = doc.paths['/api/v1/customers/{id}'].get.responses['200'].content['application/json'].schema.properties;
    expect(shown.marketingConsent.type).toBe('boolean');
    expect(shown.marketingConsentAt).toMatchObject({ type: 'string', nullable: true });
    const patch = doc.paths['/api/v1/customers/{id}'].patch.requestBody.content['application/json'].schema.properties;
    expect(patch.marketingConsent.type).toBe('boolean');
    // The date is the server's to set: no caller may send it.
    expect(patch.marketingConsentAt).toBeUndefined();
  });
});
