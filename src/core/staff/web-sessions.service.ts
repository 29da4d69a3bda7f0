// Sessions of the ordering page: a PIN signs in through the till's PIN guard
// (its lockout, shared with the till and the CLI, and its audit), and opens a
// session whose random id goes to the browser in a cookie. Only the id's
// SHA-256 is stored, with its expiry; signing out deletes the row. An
// employee deactivated meanwhile has no session any more. The PIN guard lets
// in only those assigned to the shop of the till `pos serve` runs as (owners
// everywhere), and a session ends when its employee is taken out of that
// shop. API tokens stay company-wide: a token belongs to no shop (issue #22).
import { createHash, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { appendAuditEvent } from '../fiscal/audit.service.js';
import type { Clock } from '../basics/clock.js';
import { num } from '../basics/row-values.js';
import type { PinGuard } from './pin-guard.service.js';
import type { StaffService } from './staff.service.js';
import type { Employee } from './staff.js';
import { writeTransaction } from '../basics/transaction.service.js';
import { NotFoundError } from '../basics/errors.js';

/** How long a web session lasts after sign-in: a working day. */
export const WEB_SESSION_MS = 12 * 3_600_000;

export type WebSignIn =
  | { ok: true; employee: Employee; sessionId: string; expiresAt: Date }
  | { ok: false; reason: 'wrong' | 'locked' | 'not-allowed'; lockedMs: number }
  /** a right PIN of someone not assigned to the shop of the till `pos serve` runs as */
  | { ok: false; reason: 'not-assigned'; lockedMs: number; employeeName: string; shopName: string };

function hashOf(sessionId: string): string {
  return createHash('sha256').update(sessionId, 'utf8').digest('hex');
}

export class WebSessionsService {
  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
    private readonly tillId: number,
    private readonly pins: PinGuard,
    private readonly staff: StaffService,
    private readonly lifetimeMs: number = WEB_SESSION_MS,
  ) {}

  /** Checks the PIN (lockout, audit) and opens a session in the login's transaction. */
  async signIn(pin: string): Promise<WebSignIn> {
    const sessionId = randomBytes(32).toString('base64url');
    let expiresAt = new Date(0);
    const result = await this.pins.signIn(pin, 'web', async (trx, employee, at) => {
      expiresAt = new Date(at.getTime() + this.lifetimeMs);
      // Old rows go when someone signs in: the table holds only live sessions and a few stale ones.
      await trx('web_sessions').where('expires_at', '<=', at.toISOString()).delete();
      await trx('web_sessions').insert({ id_hash: hashOf(sessionId), employee_id: employee.id, created_at: at.toISOString(), expires_at: expiresAt.toISOString() });
    });
    if (result.ok) return { ok: true, employee: result.employee, sessionId, expiresAt };
    if (result.reason === 'not-assigned') return { ok: false, reason: 'not-assigned', lockedMs: result.lockedMs, employeeName: result.employee.name, shopName: result.shopName };
    return { ok: false, reason: result.reason, lockedMs: result.reason === 'not-allowed' ? 0 : result.lockedMs };
  }

  /** The active employee of a live session, or null (unknown id, expired, employee deactivated or no longer in this shop). */
  async employeeOf(sessionId: string): Promise<Employee | null> {
    return (await this.sessionOf(sessionId))?.employee ?? null;
  }

  /** A live session: its active employee and the shop chosen for it (null: none chosen yet). */
  async sessionOf(sessionId: string): Promise<{ employee: Employee; shopId: number | null } | null> {
    if (!sessionId || sessionId.length > 100) return null;
    const row = await this.knex('web_sessions').where({ id_hash: hashOf(sessionId) }).first('employee_id', 'expires_at', 'shop_id');
    if (!row || String(row.expires_at) <= this.clock().toISOString()) return null;
    const employee = await this.staff.get(num(row.employee_id));
    if (!employee || !employee.active) return null;
    const shopId = row.shop_id === null || row.shop_id === undefined ? null : num(row.shop_id);
    // Taken out of the session's shop meanwhile: the session ends as for someone deactivated.
    if (!(await this.staff.mayActIn(employee, shopId ?? this.staff.shopId))) return null;
    return { employee, shopId };
  }

  /**
   * Remembers the shop a live session acts for. Whether the employee may act
   * for it is the caller's to check first (the ordering page's shopsOpenTo).
   */
  async chooseShop(sessionId: string, shopId: number): Promise<void> {
    const changed = await this.knex('web_sessions').where({ id_hash: hashOf(sessionId) }).where('expires_at', '>', this.clock().toISOString()).update({ shop_id: shopId });
    if (changed === 0) throw new NotFoundError('Session expirée : reconnectez-vous');
  }

  /** Ends a session (nothing happens for an unknown one); the sign-out is on record. */
  async signOut(sessionId: string): Promise<void> {
    const hash = hashOf(sessionId);
    const row = await this.knex('web_sessions').where({ id_hash: hash }).first('employee_id');
    if (!row) return;
    await writeTransaction(this.knex, async (trx) => {
      await trx('web_sessions').where({ id_hash: hash }).delete();
      await appendAuditEvent(trx, this.tillId, { kind: 'logout', employeeId: num(row.employee_id), details: { where: 'web' } }, this.clock());
    });
  }
}
