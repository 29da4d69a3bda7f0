// A server over the small shop for one describe block: buildServer on a core
// (SQLite file or PostgreSQL schema), an owner, and tokens of each role —
// `manager` (every right the shop gives managers), `cashier`, and `scoped`
// (a manager limited to categories). Requests are real HTTP on a loopback
// port: fastify's inject() needs light-my-request, which require()s the
// ESM-only cookie 2, and Jest's module runtime cannot require an ES module.
import type { FastifyInstance } from 'fastify';
import type { Engine } from '../../src/core/basics/db.service.js';
import { actorOf } from '../../src/core/fiscal/audit.service.js';
import type { Employee } from '../../src/core/staff/staff.js';
import { buildServer, type ServerOptions } from '../../src/server/app.js';
import { coreFixture, type CoreFixture } from '../helpers/shop.js';

export type TokenName = 'manager' | 'cashier' | 'scoped' | 'owner';

export interface ApiFixture extends CoreFixture {
  readonly app: FastifyInstance;
  readonly owner: Employee;
  readonly secrets: Record<TokenName, string>;
  /** one request; `as` picks the token (none: no Authorization header) */
  call(method: string, url: string, options?: { as?: TokenName; body?: unknown; headers?: Record<string, string> }): Promise<ApiResponse>;
}

/** What a test reads of an answer (the shape of inject's, so tests read the same). */
export interface ApiResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  json(): any;
}

export function apiFixture(engine: Engine, options: ServerOptions = {}): ApiFixture {
  const base = coreFixture(engine);
  let opened: { app: FastifyInstance; base: string; owner: Employee; secrets: Record<TokenName, string> } | null = null;
  beforeAll(async () => {
    const core = base.core;
    const owner = await core.staff.create({ name: 'Claire Patronne', role: 'owner', pin: '9999' }, { pinRule: 'weak-allowed' });
    const by = actorOf(owner, core.tillId);
    const secrets = {
      manager: (await core.apiTokens.create({ name: 'crm', role: 'manager' }, by)).secret,
      cashier: (await core.apiTokens.create({ name: 'caisse', role: 'cashier' }, by)).secret,
      scoped: (await core.apiTokens.create({ name: 'rayons', role: 'manager', scopes: ['categories'] }, by)).secret,
      owner: (await core.apiTokens.create({ name: 'patron', role: 'owner' }, by)).secret,
    };
    const app = await buildServer(core, options);
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    opened = { app, base: address, owner, secrets };
  });
  afterAll(async () => {
    await opened?.app.close();
    opened = null;
  });
  const get = () => {
    if (!opened) throw new Error('apiFixture: read it inside a hook or a test');
    return opened;
  };
  return {
    get db() {
      return base.db;
    },
    get core() {
      return base.core;
    },
    get shop() {
      return base.shop;
    },
    ticketOf: base.ticketOf,
    get app() {
      return get().app;
    },
    get owner() {
      return get().owner;
    },
    get secrets() {
      return get().secrets;
    },
    async call(method, url, { as, body, headers = {} } = {}) {
      const { base, secrets } = get();
      const sent: Record<string, string> = { ...(as ? { authorization: `Bearer ${secrets[as]}` } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers };
      const res = await fetch(base + url, { method, headers: sent, body: body === undefined ? undefined : JSON.stringify(body) });
      const text = await res.text();
      return { statusCode: res.status, headers: Object.fromEntries(res.headers.entries()), body: text, json: () => JSON.parse(text) };
    },
  };
}

/** The problem+json answer of a refused request, checked for its shape. */
export function problemOf(res: ApiResponse): { type: string; title: string; status: number; detail: string; field?: string } {
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body.status).toBe(res.statusCode);
  expect(typeof body.detail).toBe('string');
  return body;
}
