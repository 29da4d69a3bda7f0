// `pos api token create|list|revoke` through the real binary: an owner's PIN
// only, the secret printed once on stdout and never again, bad input exit 2.
import { seededDemoShop, runPos, type PosResult } from '../helpers/run-pos.js';

describe('pos api token', () => {
  let shop: ReturnType<typeof seededDemoShop>;
  const pos = (...args: string[]): PosResult => runPos([...args, '--db', shop.db]);
  beforeAll(() => {
    shop = seededDemoShop('pos-api-tokens-');
  });
  afterAll(() => shop.remove());

  test('an owner creates a token shown once, lists it without its secret, revokes it', () => {
    const created = pos('api', 'token', 'create', '--name', 'crm', '--role', 'manager', '--scope', 'articles', 'customers', '--expires', '2030-12-31', '--pin', '9999');
    expect(created.code).toBe(0);
    const secret = created.stdout.trim();
    expect(secret).toMatch(/^pos_[A-Za-z0-9_-]{43}$/);
    expect(created.stderr).toMatch(/ne sera plus jamais affiché/);
    const list = pos('api', 'token', 'list', '--format', 'json', '--pin', '9999');
    expect(list.code).toBe(0);
    expect(list.stdout).not.toContain(secret);
    expect(JSON.parse(list.stdout)).toEqual([expect.objectContaining({ name: 'crm', role: 'manager', scopes: ['articles', 'customers'], expiresOn: '2030-12-31', state: 'active' })]);
    expect(pos('api', 'token', 'revoke', 'crm', '--pin', '9999').code).toBe(0);
    expect(JSON.parse(pos('api', 'token', 'list', '--format', 'json', '--pin', '9999').stdout)[0].state).toBe('revoked');
    expect(pos('api', 'token', 'revoke', 'crm', '--pin', '9999').code).toBe(2);
  });

  test('a manager PIN is refused; bad names, roles, scopes and impossible dates are usage errors', () => {
    const manager = pos('api', 'token', 'create', '--name', 'x', '--role', 'cashier', '--pin', '1234');
    expect(manager.code).toBe(1);
    expect(manager.stderr).toMatch(/patron/);
    expect(pos('api', 'token', 'create', '--name', 'x', '--role', 'cashier').code).toBe(2);
    expect(pos('api', 'token', 'create', '--name', 'x', '--role', 'chef', '--pin', '9999').code).toBe(2);
    expect(pos('api', 'token', 'create', '--name', 'x', '--role', 'cashier', '--scope', 'everything', '--pin', '9999').code).toBe(2);
    const day = pos('api', 'token', 'create', '--name', 'x', '--role', 'cashier', '--expires', '2026-02-30', '--pin', '9999');
    expect(day.code).toBe(2);
    expect(day.stderr).toMatch(/n'existe pas dans le calendrier/);
    const control = pos('api', 'token', 'create', '--name', 'a\u001bb', '--role', 'cashier', '--pin', '9999');
    expect(control.code).toBe(2);
    expect(control.stderr).toMatch(/U\+001B/);
    expect(JSON.parse(pos('api', 'token', 'list', '--format', 'json', '--pin', '9999').stdout).map((t: { name: string }) => t.name)).toEqual(['crm']);
  });
});
