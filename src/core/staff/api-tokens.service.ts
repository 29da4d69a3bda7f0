// The HTTP API's tokens: an owner creates, lists and revokes them (each act
// audited under the owner's name); `pos serve` looks a secret up by its hash
// on every request. The secret itself is returned once, by create, and never
// stored.
import type { Knex } from 'knex';
import type { Clock } from '../basics/clock.js';
import { localDate } from '../basics/clock.js';
import { NotFoundError, ValidationError } from '../basics/errors.js';
import { insertId } from '../basics/rows.service.js';
import { num, numOrNull } from '../basics/row-values.js';
import { audited, type Actor } from '../fiscal/audit.service.js';
import { apiTokenState, checkApiTokenInput, hashTokenSecret, newTokenSecret, type ApiScope, type ApiToken, type ApiTokenInput } from './api-token.js';
import type { Role } from './staff.js';

/** How stale `last_used_at` may get before a request writes it again: a busy API must not write on every call beside a selling till. */
const LAST_USED_STEP_MS = 60 * 60 * 1000;

function toApiToken(r: Record<string, unknown>): ApiToken {
  const scopes = String(r.scopes ?? '').split(' ').filter(Boolean) as ApiScope[];
  return {
    id: num(r.id),
    name: String(r.name),
    role: String(r.role) as Role,
    scopes,
    createdBy: numOrNull(r.created_by),
    createdAt: String(r.created_at),
    expiresOn: r.expires_on ? String(r.expires_on) : null,
    revokedAt: r.revoked_at ? String(r.revoked_at) : null,
    lastUsedAt: r.last_used_at ? String(r.last_used_at) : null,
  };
}

export class ApiTokensService {
  constructor(private readonly knex: Knex, private readonly clock: Clock) {}

  /** A new token; `secret` is the only copy there will ever be. A name already used (even revoked) is refused. */
  async create(input: ApiTokenInput, actor: Actor): Promise<{ token: ApiToken; secret: string }> {
    const clean = checkApiTokenInput(input);
    const secret = newTokenSecret();
    const token = await audited(this.knex, actor, this.clock, async (trx) => {
      if (await trx('api_tokens').where({ name: clean.name }).first('id')) throw new ValidationError(`Le jeton « ${clean.name} » existe déjà`);
      const id = await insertId(trx, 'api_tokens', {
        name: clean.name,
        role: clean.role,
        scopes: clean.scopes.join(' '),
        token_hash: hashTokenSecret(secret),
        created_by: actor.employeeId,
        created_at: this.clock().toISOString(),
        expires_on: clean.expiresOn,
      });
      return toApiToken(await trx('api_tokens').where({ id }).first());
    }, (t) => ({ kind: 'api_token', details: { action: 'create', token: t.name, role: t.role, scopes: t.scopes, expiresOn: t.expiresOn } }));
    return { token, secret };
  }

  async list(): Promise<ApiToken[]> {
    return (await this.knex('api_tokens').orderBy('name')).map(toApiToken);
  }

  /** Revokes a token for good; revoking one already revoked is refused (nothing to do). */
  async revoke(name: string, actor: Actor): Promise<ApiToken> {
    return audited(this.knex, actor, this.clock, async (trx) => {
      const row = await trx('api_tokens').where({ name: name.trim() }).first();
      if (!row) throw new NotFoundError(`Jeton « ${name} » introuvable`);
      if (row.revoked_at) throw new ValidationError(`Le jeton « ${name} » est déjà révoqué`);
      await trx('api_tokens').where({ id: row.id }).update({ revoked_at: this.clock().toISOString() });
      return toApiToken(await trx('api_tokens').where({ id: row.id }).first());
    }, (t) => ({ kind: 'api_token', details: { action: 'revoke', token: t.name } }));
  }

  /** The token a secret opens, or null: unknown, revoked or expired all say the same (no hint to a guesser). */
  async authenticate(secret: string): Promise<ApiToken | null> {
    const row = await this.knex('api_tokens').where({ token_hash: hashTokenSecret(secret) }).first();
    if (!row) return null;
    const token = toApiToken(row);
    const now = this.clock();
    if (apiTokenState(token, localDate(now)) !== 'active') return null;
    if (!token.lastUsedAt || now.getTime() - Date.parse(token.lastUsedAt) > LAST_USED_STEP_MS) {
      // Best effort: a busy database must not turn a read into a refusal.
      await this.knex('api_tokens').where({ id: token.id }).update({ last_used_at: now.toISOString() }).catch(() => undefined);
    }
    return token;
  }
}
