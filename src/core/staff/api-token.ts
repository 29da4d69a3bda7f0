// The HTTP API's tokens as rules: what a token is, its name and scopes, how
// its secret is made and kept (only a SHA-256 is stored), and whether it still
// opens the door on a given day. Pure: the service reads and writes the rows.
import { createHash, randomBytes } from 'node:crypto';
import { calendarDateMessage, isCalendarDate } from '../basics/calendar.js';
import { InputError } from '../basics/errors.js';
import { checkTextField } from '../basics/text-fields.js';
import { isRole } from './permissions.js';
import { ROLES, type Role } from './staff.js';

/** The resources a token can be limited to (`--scope`); a token without scopes reaches all of them. */
export const API_SCOPES = ['articles', 'categories', 'stock', 'customers', 'sales', 'orders', 'reports'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

export interface ApiToken {
  id: number;
  name: string;
  role: Role;
  /** empty: every resource */
  scopes: ApiScope[];
  createdBy: number | null;
  createdAt: string;
  /** last day it works (YYYY-MM-DD), or null */
  expiresOn: string | null;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

export interface ApiTokenInput {
  name: string;
  role: string;
  scopes?: string[];
  expiresOn?: string | null;
}

/** Every secret starts with this, so a leaked one is recognisable in a log or a repository. */
const SECRET_PREFIX = 'pos_';

/** A new secret: 32 random bytes, base64url. */
export function newTokenSecret(): string {
  return SECRET_PREFIX + randomBytes(32).toString('base64url');
}

/** What is stored of a secret: its SHA-256 in hex (a random 256-bit secret needs no salt or slow hash). */
export function hashTokenSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** The token's fields checked like every other entry point's (control characters, lengths, real dates). */
export function checkApiTokenInput(input: ApiTokenInput): { name: string; role: Role; scopes: ApiScope[]; expiresOn: string | null } {
  const name = input.name.trim();
  if (!name) throw new InputError('Nom de jeton obligatoire');
  checkTextField('apiTokenName', name);
  if (!/^[\p{L}\p{N}._-]+$/u.test(name)) throw new InputError(`Nom de jeton « ${name} » : lettres, chiffres, point, tiret et souligné seulement`);
  if (!isRole(input.role)) throw new InputError(`Rôle inconnu : « ${input.role} » (${ROLES.join(', ')})`);
  const scopes = [...new Set(input.scopes ?? [])];
  for (const scope of scopes) {
    if (!(API_SCOPES as readonly string[]).includes(scope)) throw new InputError(`Portée inconnue : « ${scope} » (${API_SCOPES.join(', ')})`);
  }
  const expiresOn = input.expiresOn ?? null;
  if (expiresOn !== null && !isCalendarDate(expiresOn)) throw new InputError(calendarDateMessage('--expires', expiresOn));
  return { name, role: input.role, scopes: scopes as ApiScope[], expiresOn };
}

export type ApiTokenState = 'active' | 'revoked' | 'expired';

/** A revoked token never works again; an expiring one works through its last day (`today` in shop time, YYYY-MM-DD). */
export function apiTokenState(token: Pick<ApiToken, 'revokedAt' | 'expiresOn'>, today: string): ApiTokenState {
  if (token.revokedAt) return 'revoked';
  if (token.expiresOn !== null && token.expiresOn < today) return 'expired';
  return 'active';
}

/** Whether a token may reach a resource: no scopes means every resource. */
export function tokenReaches(token: Pick<ApiToken, 'scopes'>, scope: ApiScope): boolean {
  return token.scopes.length === 0 || token.scopes.includes(scope);
}
