// Who is calling: every request under /api/v1 carries `Authorization: Bearer
// <token>`; the token's role drives what it may do, through the shop's own
// permission table (the same one the till and the CLI obey), and its scopes
// limit which resources it reaches. Each route says what it needs in its
// `config` (see ApiRouteConfig); this file checks it before the body is read.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Actor } from '../core/fiscal/audit.service.js';
import type { Core } from '../core/shop/core.service.js';
import { tokenReaches, type ApiScope, type ApiToken } from '../core/staff/api-token.js';
import { ACTION_LABELS, mayDo, roleAtLeast, type GuardedAction } from '../core/staff/permissions.js';
import { ROLE_LABELS, type Role } from '../core/staff/staff.js';
import { ApiProblem } from './problem.js';

/** What a route needs, set as its fastify `config`. */
export interface ApiRouteConfig {
  /** the resource, for the token's scopes; a list: any one of them will do (the shops, which stock and orders name) */
  scope: ApiScope | readonly ApiScope[];
  /** a guarded action the token's role must be allowed (writes) */
  action?: GuardedAction;
  /** or simply a least role (reads of money: sales, reports) */
  least?: Role;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** the token that opened this request (set by the auth hook) */
    apiToken?: ApiToken;
  }
  interface FastifyContextConfig {
    scope?: ApiScope | readonly ApiScope[];
    action?: GuardedAction;
    least?: Role;
  }
}

/** The bearer secret of a request, or null. */
export function bearerOf(request: FastifyRequest): string | null {
  const header = request.headers.authorization;
  if (!header) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return m ? m[1]! : null;
}

/** The Actor an API write is audited under: no employee, the token's name, this server's till chain. */
export function actorOfRequest(core: Pick<Core, 'tillId'>, request: FastifyRequest): Actor {
  const token = request.apiToken;
  if (!token) throw new ApiProblem(401, 'Jeton manquant');
  return { employeeId: null, tillId: core.tillId, apiToken: token.name };
}

/** Adds the token check to an (encapsulated) instance: 401 without a working token, 403 without the right. */
export function useTokenAuth(app: FastifyInstance, core: Core): void {
  app.addHook('onRequest', async (request, reply) => {
    const secret = bearerOf(request);
    if (!secret) {
      reply.header('www-authenticate', 'Bearer');
      throw new ApiProblem(401, 'Jeton manquant : en-tête « Authorization: Bearer <jeton> » (pos api token create)', 'authorization', 'headers');
    }
    const token = await core.apiTokens.authenticate(secret);
    if (!token) {
      reply.header('www-authenticate', 'Bearer error="invalid_token"');
      throw new ApiProblem(401, 'Jeton inconnu, révoqué ou expiré', 'authorization', 'headers');
    }
    request.apiToken = token;
    const need = request.routeOptions.config as Partial<ApiRouteConfig> | undefined;
    const scopes: readonly ApiScope[] = need?.scope === undefined ? [] : typeof need.scope === 'string' ? [need.scope] : need.scope;
    if (scopes.length > 0 && !scopes.some((scope) => tokenReaches(token, scope))) {
      throw new ApiProblem(403, `Le jeton « ${token.name} » n'a pas la portée « ${scopes.join(' » ou « ')} »`);
    }
    if (need?.action) {
      const table = await core.permissions.table();
      if (!mayDo(token.role, need.action, table)) {
        throw new ApiProblem(403, `« ${ACTION_LABELS[need.action]} » demande un ${ROLE_LABELS[table[need.action]].fr} (jeton « ${token.name} » : ${ROLE_LABELS[token.role].fr})`);
      }
    }
    if (need?.least && !roleAtLeast(token.role, need.least)) {
      throw new ApiProblem(403, `Cette lecture demande un ${ROLE_LABELS[need.least].fr} (jeton « ${token.name} » : ${ROLE_LABELS[token.role].fr})`);
    }
  });
}
