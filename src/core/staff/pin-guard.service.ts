// Every PIN typed anywhere (the till's login and approvals, the back office,
// `pos … --pin`) goes through here: the count of wrong PINs lives in the
// database, per till, so every process on that till shares one lockout
// (pin-lockout.ts says when it locks). Each refusal is an audit event with no
// employee (nobody is known) naming what was attempted; the PIN itself is
// never written anywhere. A right PIN of someone not assigned to this till's
// shop (issue #22) is refused the same way: counted, and audited naming them.
import type { Knex } from 'knex';
import { appendAuditEvent } from '../fiscal/audit.service.js';
import type { Clock } from '../basics/clock.js';
import { engineOf } from '../basics/db.service.js';
import { PosError } from '../basics/errors.js';
import { afterWrongPin, lockRemainingMs, NO_FAILURES, type LockoutState } from './pin-lockout.js';
import { num } from '../basics/row-values.js';
import type { StaffService } from './staff.service.js';
import { mayWorkAt, type Employee, type WorkPlace } from './staff.js';
import { writeTransaction } from '../basics/transaction.service.js';
import { notAssignedMessage } from './shop-assignment.js';

/** A right PIN whose employee does not work in this shop: `message` says so in French, `shopName` lets a screen say it in its language. */
export type NotAssigned = { ok: false; reason: 'not-assigned'; lockedMs: number; employee: Employee; shopName: string; message: string };

export type PinCheck = { ok: true; employee: Employee } | { ok: false; reason: 'wrong' | 'locked'; lockedMs: number } | NotAssigned;

/** A sign-in: a PinCheck, or a right PIN whose employee may not work there (a cashier at the back office). */
export type SignIn = PinCheck | { ok: false; reason: 'not-allowed'; employee: Employee };

export type OnRightPin = (trx: Knex, employee: Employee, at: Date) => Promise<void>;

/** "Trop de codes PIN faux : caisse bloquée 30 s" */
export function lockedMessage(lockedMs: number): string {
  return `Trop de codes PIN faux : saisie bloquée encore ${Math.ceil(lockedMs / 1000)} s`;
}

export class PinGuard {
  /** shopId: the shop of this till; only those assigned to it (and owners) get through */
  constructor(
    private readonly knex: Knex,
    private readonly clock: Clock,
    private readonly tillId: number,
    private readonly staff: StaffService,
    private readonly shopId = 1,
  ) {}

  private async read(knex: Knex): Promise<LockoutState> {
    const row = await knex('pin_lockouts').where({ till_id: this.tillId }).first('failures', 'locked_until');
    return row ? { failures: num(row.failures), lockedUntil: row.locked_until === null ? null : String(row.locked_until) } : NO_FAILURES;
  }

  private async write(trx: Knex, state: LockoutState, at: Date): Promise<void> {
    const row = { failures: state.failures, locked_until: state.lockedUntil, updated_at: at.toISOString() };
    const updated = await trx('pin_lockouts').where({ till_id: this.tillId }).update(row);
    if (updated === 0) await trx('pin_lockouts').insert({ till_id: this.tillId, ...row });
  }

  /** How long PINs are still refused on this till (0: not locked). */
  async lockRemainingMs(): Promise<number> {
    return lockRemainingMs(await this.read(this.knex), this.clock());
  }

  /**
   * The active employee behind `pin`, or why not. `attempt` says what the PIN
   * was typed for ("login", "cash_out", "cli:accounts pay"), for the audit.
   */
  async check(pin: string, attempt: string): Promise<PinCheck> {
    return this.verify(pin, attempt, null);
  }

  /**
   * Signs an employee in at the till or the back office: the PIN is checked
   * through the lockout (`<where>:login` in a refusal's audit) and, when the
   * employee may work there, the `login` event, the reset of the wrong-PIN
   * count and `alsoOnSignIn`'s writes are made in one transaction. An employee who may not work there
   * is refused without a login event.
   */
  async signIn(pin: string, where: WorkPlace, alsoOnSignIn?: OnRightPin): Promise<SignIn> {
    let refused: Employee | null = null;
    const result = await this.verify(pin, `${where}:login`, async (trx, employee, at) => {
      if (!mayWorkAt(employee.role, where)) {
        refused = employee;
        return;
      }
      await appendAuditEvent(trx, this.tillId, { kind: 'login', employeeId: employee.id, details: { where } }, at);
      // what the sign-in also opens (a web session), in the login's transaction
      if (alsoOnSignIn) await alsoOnSignIn(trx, employee, at);
    });
    return refused ? { ok: false, reason: 'not-allowed', employee: refused } : result;
  }

  /** The PIN check; `onRightPin` writes what a right PIN also does, in the transaction that resets the count. */
  private async verify(pin: string, attempt: string, onRightPin: OnRightPin | null): Promise<PinCheck> {
    const now = this.clock();
    const before = await this.read(this.knex);
    const left = lockRemainingMs(before, now);
    if (left > 0) {
      // Locked: the PIN is not even checked (no oracle), but the try is on record.
      await writeTransaction(this.knex, (trx) => this.audit(trx, attempt, { locked: true }, now));
      return { ok: false, reason: 'locked', lockedMs: left };
    }
    const employee = await this.staff.authenticate(pin);
    if (employee && !(await this.staff.mayActIn(employee, this.shopId))) {
      // Counted like a wrong PIN (the lockout is the till's answer to any refused PIN), audited naming who tried.
      const next = await this.countFailure(attempt, { notAssigned: this.shopId }, now, employee.id);
      const shopName = await this.staff.shopName(this.shopId);
      return { ok: false, reason: 'not-assigned', lockedMs: lockRemainingMs(next, now), employee, shopName, message: notAssignedMessage(employee.name, shopName) };
    }
    if (employee) {
      // A right PIN starts the count again; the common check (no failures) writes nothing.
      if (before.failures > 0 || onRightPin) {
        await writeTransaction(this.knex, async (trx) => {
          if (onRightPin) await onRightPin(trx, employee, now);
          if (before.failures > 0) await this.write(trx, NO_FAILURES, now);
        });
      }
      await this.staff.notePinFacts(employee.id, pin);
      return { ok: true, employee };
    }
    const next = await this.countFailure(attempt, {}, now, null);
    const lockedMs = lockRemainingMs(next, now);
    return { ok: false, reason: lockedMs > 0 ? 'locked' : 'wrong', lockedMs };
  }

  /** One more refused PIN in the till's count, and its audit event (`employeeId`: who it was, when known). */
  private async countFailure(attempt: string, details: Record<string, unknown>, now: Date, employeeId: number | null): Promise<LockoutState> {
    return writeTransaction(this.knex, async (trx) => {
      // Read again under the write lock: another process may have counted a failure meanwhile.
      if (engineOf(this.knex) === 'pg') await trx.raw('SELECT pg_advisory_xact_lock(?, ?)', [0x504e, this.tillId]);
      const state = afterWrongPin(await this.read(trx), now);
      await this.write(trx, state, now);
      await this.audit(trx, attempt, { ...details, failures: state.failures, lockedUntil: state.lockedUntil }, now, employeeId);
      return state;
    });
  }

  /** The employee behind `pin`, or a PosError (code 'PIN') saying it was wrong or that PINs are locked. */
  async identify(pin: string, attempt: string): Promise<Employee> {
    const result = await this.check(pin, attempt);
    if (result.ok) return result.employee;
    if (result.reason === 'locked') throw new PosError(lockedMessage(result.lockedMs), 'PIN');
    if (result.reason === 'not-assigned') throw new PosError(`Code PIN refusé : ${result.message}`, 'PIN');
    throw new PosError("Code PIN refusé : aucun employé actif n'a ce code", 'PIN');
  }

  private async audit(trx: Knex, attempt: string, details: Record<string, unknown>, at: Date, employeeId: number | null = null): Promise<void> {
    await appendAuditEvent(trx, this.tillId, { kind: 'pin_failed', employeeId, details: { attempt, ...details } }, at);
  }
}
