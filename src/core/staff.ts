// Employees: who is at the till. Login is by PIN alone (no list of names on
// screen), so two employees may never share a PIN.
import { checkTextField } from './text-fields.js';
import type { Knex } from 'knex';
import type { Clock } from './clock.js';
import { NotFoundError, ValidationError } from './errors.js';
import { hashPin, isValidPin, verifyPin } from './pin.js';
import { bool, insertId, num } from './rows.js';

export const ROLES = ['cashier', 'manager', 'owner'] as const;
export type Role = (typeof ROLES)[number];

/** What a person reads for a role, in French (the CLI) and English (the back office in English). */
export const ROLE_LABELS: Record<Role, { fr: string; en: string }> = {
  cashier: { fr: 'caissier', en: 'cashier' },
  manager: { fr: 'responsable', en: 'manager' },
  owner: { fr: 'patron', en: 'owner' },
};

export interface Employee {
  id: number;
  name: string;
  role: Role;
  active: boolean;
}

function toEmployee(r: Record<string, unknown>): Employee {
  return { id: num(r.id), name: String(r.name), role: r.role as Role, active: bool(r.active) };
}

export class StaffService {
  constructor(private readonly knex: Knex, private readonly clock: Clock) {}

  async create(input: { name: string; role: Role; pin: string }): Promise<Employee> {
    if (!input.name.trim()) throw new ValidationError("Nom de l'employé obligatoire");
    checkTextField('employeeName', input.name.trim());
    if (!(ROLES as readonly string[]).includes(input.role)) throw new ValidationError(`Rôle inconnu : ${input.role}`);
    if (!isValidPin(input.pin)) throw new ValidationError('Le code PIN compte 4 à 8 chiffres');
    if (await this.authenticate(input.pin)) throw new ValidationError('Ce code PIN est déjà utilisé');
    const id = await insertId(this.knex, 'employees', {
      name: input.name.trim(),
      role: input.role,
      pin_hash: await hashPin(input.pin),
      created_at: this.clock().toISOString(),
    });
    return { id, name: input.name.trim(), role: input.role, active: true };
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
  async update(id: number, changes: { name?: string; role?: Role }): Promise<Employee> {
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
    if (Object.keys(patch).length > 0) await this.knex('employees').where({ id }).update(patch);
    return { ...employee, ...(patch as Partial<Employee>) };
  }

  /** A new PIN, checked like at creation: 4 to 8 digits and nobody else's. */
  async changePin(id: number, pin: string): Promise<void> {
    await this.require(id);
    if (!isValidPin(pin)) throw new ValidationError('Le code PIN compte 4 à 8 chiffres');
    const owner = await this.authenticate(pin);
    if (owner && owner.id !== id) throw new ValidationError('Ce code PIN est déjà utilisé');
    await this.knex('employees').where({ id }).update({ pin_hash: await hashPin(pin) });
  }

  /** An employee who leaves keeps their sales and shifts (history), but can no longer log in. */
  async deactivate(id: number): Promise<Employee> {
    const employee = await this.require(id);
    await this.knex('employees').where({ id }).update({ active: false });
    return { ...employee, active: false };
  }

  /**
   * Someone who comes back gets a new PIN: their old one may have been given
   * to another active employee meanwhile, and two may never share a PIN.
   */
  async reactivate(id: number, pin: string): Promise<Employee> {
    const employee = await this.get(id);
    if (!employee) throw new NotFoundError(`Employé ${id} inconnu`);
    if (employee.active) throw new ValidationError(`${employee.name} est déjà actif`);
    if (!isValidPin(pin)) throw new ValidationError('Le code PIN compte 4 à 8 chiffres');
    if (await this.authenticate(pin)) throw new ValidationError('Ce code PIN est déjà utilisé');
    await this.knex('employees').where({ id }).update({ active: true, pin_hash: await hashPin(pin) });
    return { ...employee, active: true };
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
