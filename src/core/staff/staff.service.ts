// Employees: who is at the till. Login is by PIN alone (no list of names on
// screen), so two employees may never share a PIN.
import { ROLES, ROLE_LABELS, ownerRuleRefusal, type Employee, type Role } from './staff.js';
import { checkTextField } from '../basics/text-fields.js';
import type { Knex } from 'knex';
import type { Clock } from '../basics/clock.js';
import { NotFoundError, PosError, ValidationError } from '../basics/errors.js';
import { hashPin, isValidPin, verifyPin } from './pin.js';
import { isObviousPin, pinWeakness, storedPinIsWeak } from './pin-strength.js';
import { insertId } from '../basics/rows.service.js';
import { bool, num } from '../basics/row-values.js';
import { SettingsService } from '../shop/settings.service.js';
import { appendAuditEvent, type Actor } from '../fiscal/audit.service.js';
import { writeTransaction } from '../basics/transaction.service.js';

/**
 * How a new PIN is checked. 'strong' (every entry point) refuses obvious PINs
 * and short ones for managers and owners; 'weak-allowed' is for the demo shop
 * and test fixtures, whose documented PINs stay (the back office warns).
 */
export interface PinPolicy {
  pinRule?: 'strong' | 'weak-allowed';
}

/**
 * Who makes a staff change: an Actor (named in its 'settings' audit event,
 * written in the change's transaction), or, for the shop's very first owner
 * created without any PIN, that owner themself at this till.
 */
export type StaffChangeBy = Actor | { firstOwnerAt: number };

export interface StaffChangeOptions extends PinPolicy {
  by?: StaffChangeBy;
}

/** What is remembered of a PIN when it is set (never the PIN): its length and whether it is obvious. */
const pinFacts = (pin: string) => ({ pin_digits: pin.length, pin_obvious: isObviousPin(pin) });

function toEmployee(r: Record<string, unknown>): Employee {
  return { id: num(r.id), name: String(r.name), role: r.role as Role, active: bool(r.active) };
}

export class StaffService {
  constructor(private readonly knex: Knex, private readonly clock: Clock) {}

  /** The shop's minimum of digits for a manager's or owner's PIN (4 to 8). */
  async minDigitsManager(): Promise<number> {
    const n = await new SettingsService(this.knex, this.clock).get('pin.minDigitsManager');
    return Number.isInteger(n) ? Math.min(8, Math.max(4, n)) : 6;
  }

  /** Refuses a PIN that is malformed or, under the strong rule, too easy for this role. */
  private async checkNewPin(pin: string, role: Role, policy: PinPolicy): Promise<void> {
    if (!isValidPin(pin)) throw new ValidationError('Le code PIN compte 4 à 8 chiffres');
    if (policy.pinRule === 'weak-allowed') return;
    const weakness = pinWeakness(pin, role, await this.minDigitsManager());
    if (weakness) throw new ValidationError(weakness);
  }

  /**
   * Writes a staff change and, when `by` says who, its 'settings' audit event
   * in the same transaction. The checks and the PIN hashing (slow on purpose)
   * run before, so the till is not kept waiting on the write lock.
   */
  private async write<T>(by: StaffChangeBy | undefined, touchesOwner: boolean, work: (knex: Knex) => Promise<T>, event: (result: T) => { id: number; details: Record<string, unknown> }): Promise<T> {
    if (!by) return work(this.knex);
    return writeTransaction(this.knex, async (trx) => {
      if (!('firstOwnerAt' in by)) {
        // The owner rule holds whatever the entry point: the actor's role as stored, in the change's transaction.
        const actor = await trx('employees').where({ id: by.employeeId }).first('role');
        const refusal = ownerRuleRefusal((actor?.role ?? 'cashier') as Role, touchesOwner);
        if (refusal) throw new PosError(refusal, 'OWNER_ONLY');
      }
      const result = await work(trx);
      const { id, details } = event(result);
      const [tillId, employeeId, approverId] = 'firstOwnerAt' in by ? [by.firstOwnerAt, id, null] : [by.tillId, by.employeeId, by.approverId ?? null];
      await appendAuditEvent(trx, tillId, { kind: 'settings', employeeId, approverId, details: { field: `employee:${id}`, ...details } }, this.clock());
      return result;
    });
  }

  async create(input: { name: string; role: Role; pin: string }, options: StaffChangeOptions = {}): Promise<Employee> {
    if (!input.name.trim()) throw new ValidationError("Nom de l'employé obligatoire");
    checkTextField('employeeName', input.name.trim());
    if (!(ROLES as readonly string[]).includes(input.role)) throw new ValidationError(`Rôle inconnu : ${input.role}`);
    await this.checkNewPin(input.pin, input.role, options);
    if (await this.authenticate(input.pin)) throw new ValidationError('Ce code PIN est déjà utilisé');
    const row = {
      name: input.name.trim(),
      role: input.role,
      pin_hash: await hashPin(input.pin),
      ...pinFacts(input.pin),
      created_at: this.clock().toISOString(),
    };
    return this.write(
      options.by,
      input.role === 'owner',
      async (knex) => ({ id: await insertId(knex, 'employees', row), name: row.name, role: input.role, active: true }),
      (e) => ({ id: e.id, details: { action: 'add', name: e.name, role: e.role } }),
    );
  }

  async get(id: number): Promise<Employee | null> {
    const row = await this.knex('employees').where({ id }).first();
    return row ? toEmployee(row) : null;
  }

  async require(id: number): Promise<Employee> {
    const employee = await this.get(id);
    if (!employee || !employee.active) throw new NotFoundError(`Employé ${id} inconnu ou inactif`);
    return employee;
  }

  async list(): Promise<Employee[]> {
    return (await this.knex('employees').orderBy('name')).map(toEmployee);
  }

  /** Renames an employee or changes their role; the PIN is changed with changePin. */
  async update(id: number, changes: { name?: string; role?: Role }, by?: StaffChangeBy): Promise<Employee> {
    const employee = await this.require(id);
    const patch: Record<string, unknown> = {};
    if (changes.name !== undefined) {
      if (!changes.name.trim()) throw new ValidationError("Nom de l'employé obligatoire");
      checkTextField('employeeName', changes.name.trim());
      patch.name = changes.name.trim();
    }
    if (changes.role !== undefined) {
      if (!(ROLES as readonly string[]).includes(changes.role)) throw new ValidationError(`Rôle inconnu : ${changes.role}`);
      patch.role = changes.role;
    }
    const updated = { ...employee, ...(patch as Partial<Employee>) };
    if (Object.keys(patch).length === 0) return updated;
    return this.write(
      by,
      employee.role === 'owner' || changes.role === 'owner',
      async (knex) => {
        await knex('employees').where({ id }).update(patch);
        return updated;
      },
      (e) => ({ id, details: { action: 'set', name: e.name, role: e.role, active: e.active } }),
    );
  }

  /** A new PIN, checked like at creation: 4 to 8 digits and nobody else's. */
  async changePin(id: number, pin: string, options: StaffChangeOptions = {}): Promise<void> {
    const employee = await this.require(id);
    await this.checkNewPin(pin, employee.role, options);
    const owner = await this.authenticate(pin);
    if (owner && owner.id !== id) throw new ValidationError('Ce code PIN est déjà utilisé');
    const patch = { pin_hash: await hashPin(pin), ...pinFacts(pin) };
    await this.write(options.by, employee.role === 'owner', async (knex) => void (await knex('employees').where({ id }).update(patch)), () => ({ id, details: { action: 'pin' } }));
  }

  /** Remembers a PIN's length and obviousness after it was typed right (PINs set before migration 008 are unknown until then). */
  async notePinFacts(id: number, pin: string): Promise<void> {
    const facts = pinFacts(pin);
    // Read first: a login must not take the database's write lock when there is nothing to learn.
    const row = await this.knex('employees').where({ id }).first('pin_digits', 'pin_obvious');
    if (row && row.pin_digits !== null && num(row.pin_digits) === facts.pin_digits && row.pin_obvious !== null) return;
    await this.knex('employees').where({ id }).update(facts);
  }

  /** Active employees whose PIN is weak for their role (the back office warns while any remain). */
  async weakPins(): Promise<Employee[]> {
    const min = await this.minDigitsManager();
    const rows = await this.knex('employees').where({ active: true }).orderBy('name').select('id', 'name', 'role', 'active', 'pin_digits', 'pin_obvious');
    return rows
      .filter((r) => storedPinIsWeak({ digits: r.pin_digits === null ? null : num(r.pin_digits), obvious: r.pin_obvious === null ? null : bool(r.pin_obvious) }, r.role as Role, min))
      .map(toEmployee);
  }

  /** An employee who leaves keeps their sales and shifts (history), but can no longer log in. */
  async deactivate(id: number, by?: StaffChangeBy): Promise<Employee> {
    const employee = await this.require(id);
    return this.write(
      by,
      employee.role === 'owner',
      async (knex) => {
        await knex('employees').where({ id }).update({ active: false });
        return { ...employee, active: false };
      },
      (e) => ({ id, details: { action: 'set', name: e.name, role: e.role, active: false } }),
    );
  }

  /**
   * Someone who comes back gets a new PIN: their old one may have been given
   * to another active employee meanwhile, and two may never share a PIN.
   */
  async reactivate(id: number, pin: string, options: StaffChangeOptions = {}): Promise<Employee> {
    const employee = await this.get(id);
    if (!employee) throw new NotFoundError(`Employé ${id} inconnu`);
    if (employee.active) throw new ValidationError(`${employee.name} est déjà actif`);
    await this.checkNewPin(pin, employee.role, options);
    if (await this.authenticate(pin)) throw new ValidationError('Ce code PIN est déjà utilisé');
    const patch = { active: true, pin_hash: await hashPin(pin), ...pinFacts(pin) };
    return this.write(
      options.by,
      employee.role === 'owner',
      async (knex) => {
        await knex('employees').where({ id }).update(patch);
        return { ...employee, active: true };
      },
      (e) => ({ id, details: { action: 'set', name: e.name, role: e.role, active: true } }),
    );
  }

  /** The active employee whose PIN this is, or null. Checks every hash (salted, so no lookup by value). */
  async authenticate(pin: string): Promise<Employee | null> {
    if (!isValidPin(pin)) return null;
    const rows = await this.knex('employees').where({ active: true }).select('id', 'name', 'role', 'active', 'pin_hash');
    const matches = await Promise.all(rows.map((r) => verifyPin(pin, String(r.pin_hash))));
    const index = matches.indexOf(true);
    return index >= 0 ? toEmployee(rows[index]!) : null;
  }
}
