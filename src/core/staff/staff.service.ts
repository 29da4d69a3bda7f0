// Employees: who is at the till. Login is by PIN alone (no list of names on
// screen), so two employees may never share a PIN. Each works in one or more
// of the company's shops (employee_shops; owners work everywhere).
import { ROLES, ROLE_LABELS, ownerRuleRefusal, type Employee, type Role } from './staff.js';
import { checkTextField } from '../basics/text-fields.js';
import type { Knex } from 'knex';
import type { Clock } from '../basics/clock.js';
import { InputError, NotFoundError, PosError, ValidationError } from '../basics/errors.js';
import { hashPin, isValidPin, verifyPin } from './pin.js';
import { isObviousPin, pinWeakness, storedPinIsWeak } from './pin-strength.js';
import { insertId } from '../basics/rows.service.js';
import { bool, num } from '../basics/row-values.js';
import { readSetting, SettingsService } from '../shop/settings.service.js';
import { appendAuditEvent, type Actor } from '../fiscal/audit.service.js';
import { writeTransaction } from '../basics/transaction.service.js';
import { mayActInShop, notAssignedMessage, remainingShopsRefusal, staffingRefusal } from './shop-assignment.js';

/** An employee with the ids of the shops they are assigned to (an owner works in every shop whatever these say). */
export type EmployeeInShops = Employee & { shops: number[] };

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

/**
 * Refuses an act for a shop by someone who does not work there (issue #22:
 * a manager of shop A cannot price, transfer or receive for shop B unless
 * assigned there; owners act everywhere). For the services acting on a shop
 * named in the request rather than the till's own (whose PIN check already
 * did this). An API token (no employee) acts for the company.
 */
export async function checkActsInShop(knex: Knex, actor: Actor, shopId: number, orShopId?: number): Promise<void> {
  if (actor.employeeId === null) return;
  const employee = await knex('employees').where({ id: actor.employeeId }).first('name', 'role');
  if (!employee) throw new NotFoundError(`Employé ${actor.employeeId} inconnu`);
  const shops = (await knex('employee_shops').where({ employee_id: actor.employeeId }).select('shop_id')).map((r) => num(r.shop_id));
  // orShopId: an act either end may do (closing a transfer short), allowed to the staff of either shop.
  if ([shopId, ...(orShopId === undefined ? [] : [orShopId])].some((id) => mayActInShop(String(employee.role) as Role, shops, id))) return;
  throw new PosError(notAssignedMessage(String(employee.name), await shopLabel(knex, shopId)), 'PIN');
}

/** The shop's name as its receipts print it: what a refusal names. */
function shopLabel(knex: Knex, shopId: number): Promise<string> {
  return readSetting(knex, 'shop.name', shopId);
}

export class StaffService {
  /** shopId: where a new employee works unless told otherwise (the shop of the core that creates them) */
  constructor(private readonly knex: Knex, private readonly clock: Clock, readonly shopId = 1) {}

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
    if (!by) return writeTransaction(this.knex, (trx) => work(trx));
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

  /**
   * A new employee, assigned to `shops` (ids), by default the shop of the
   * core that creates them; unknown or closed shops are refused.
   */
  async create(input: { name: string; role: Role; pin: string; shops?: number[] }, options: StaffChangeOptions = {}): Promise<Employee> {
    if (!input.name.trim()) throw new ValidationError("Nom de l'employé obligatoire");
    checkTextField('employeeName', input.name.trim());
    if (!(ROLES as readonly string[]).includes(input.role)) throw new ValidationError(`Rôle inconnu : ${input.role}`);
    const shops = [...new Set(input.shops ?? [this.shopId])].sort((a, b) => a - b);
    if (shops.length === 0 && input.role !== 'owner') throw new ValidationError(remainingShopsRefusal(input.name.trim(), input.role, [])!);
    await this.checkShopsOpen(this.knex, shops);
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
      async (knex) => {
        // Checked again in the transaction: a shop closed meanwhile takes nobody new.
        await this.checkShopsOpen(knex, shops);
        await this.checkActorStaffs(knex, options.by, shops);
        const id = await insertId(knex, 'employees', row);
        if (shops.length > 0) await knex('employee_shops').insert(shops.map((shopId) => ({ employee_id: id, shop_id: shopId })));
        return { id, name: row.name, role: input.role, active: true };
      },
      (e) => ({ id: e.id, details: { action: 'add', name: e.name, role: e.role, shops } }),
    );
  }

  /** Refuses a shop id that names no shop, or a closed one. */
  private async checkShopsOpen(knex: Knex, shopIds: number[]): Promise<void> {
    for (const shopId of shopIds) {
      if (!Number.isSafeInteger(shopId) || shopId < 1) throw new InputError(`Boutique invalide : ${shopId}`);
      const shop = await knex('shops').where({ id: shopId }).first('active');
      if (!shop) throw new NotFoundError(`Boutique ${shopId} inconnue`);
      if (!bool(shop.active)) throw new ValidationError(`La boutique « ${await shopLabel(knex, shopId)} » est fermée`);
    }
  }

  /** Refuses a change of staff in a shop the actor does not work in (owners and API tokens work everywhere). */
  private async checkActorStaffs(knex: Knex, by: StaffChangeBy | undefined, shopIds: number[]): Promise<void> {
    if (!by || 'firstOwnerAt' in by || by.employeeId === null) return;
    const actor = await knex('employees').where({ id: by.employeeId }).first('role');
    const actorShops = await this.shopsOf(by.employeeId, knex);
    for (const shopId of shopIds) {
      const refusal = staffingRefusal((actor?.role ?? 'cashier') as Role, actorShops, shopId, await shopLabel(knex, shopId));
      // code PIN: refused for who typed it (exit 1 on the command line), not for what was typed
      if (refusal) throw new PosError(refusal, 'PIN');
    }
  }

  /** The ids of the shops an employee is assigned to, in order. */
  async shopsOf(employeeId: number, knex: Knex = this.knex): Promise<number[]> {
    const rows = await knex('employee_shops').where({ employee_id: employeeId }).orderBy('shop_id').select('shop_id');
    return rows.map((r) => num(r.shop_id));
  }

  /** Whether the employee may act in the shop: an owner everywhere, anyone else where assigned. */
  async mayActIn(employee: Employee, shopId: number): Promise<boolean> {
    if (employee.role === 'owner') return true;
    return mayActInShop(employee.role, await this.shopsOf(employee.id), shopId);
  }


  /** The shop's name as shown in a refusal ("Épicerie du Port"). */
  async shopName(shopId: number): Promise<string> {
    return shopLabel(this.knex, shopId);
  }

  /** Assigns an employee to one more shop (changeShops with one shop to add). */
  async assignShop(id: number, shopId: number, by: Actor): Promise<EmployeeInShops> {
    return this.changeShops(id, { add: [shopId] }, by);
  }

  /** Takes an employee out of one shop (changeShops with one shop to remove). */
  async unassignShop(id: number, shopId: number, by: Actor): Promise<EmployeeInShops> {
    return this.changeShops(id, { remove: [shopId] }, by);
  }

  /**
   * Puts an employee in some shops and takes them out of others, in one
   * transaction with its audit event under `by`. Refused, changing nothing:
   * an unknown shop, a closed one to add, a shop they already work in (to
   * add) or do not (to remove), the same shop on both sides, a shop the actor
   * does not work in (unless an owner), and leaving someone who is not an
   * owner with no shop at all.
   */
  async changeShops(id: number, change: { add?: number[]; remove?: number[] }, by: Actor): Promise<EmployeeInShops> {
    const employee = await this.require(id);
    const add = [...new Set(change.add ?? [])];
    const remove = [...new Set(change.remove ?? [])];
    if (add.length === 0 && remove.length === 0) throw new InputError('Rien à changer : une boutique à ajouter ou à retirer');
    const both = add.find((shopId) => remove.includes(shopId));
    if (both !== undefined) throw new InputError(`La boutique « ${await shopLabel(this.knex, both)} » est à la fois ajoutée et retirée`);
    return this.write(
      by,
      employee.role === 'owner',
      async (knex) => {
        await this.checkShopsOpen(knex, add);
        for (const shopId of remove) if (!(await knex('shops').where({ id: shopId }).first('id'))) throw new NotFoundError(`Boutique ${shopId} inconnue`);
        await this.checkActorStaffs(knex, by, [...add, ...remove]);
        const shops = await this.shopsOf(id, knex);
        for (const shopId of add) {
          if (shops.includes(shopId)) throw new ValidationError(`${employee.name} est déjà affecté à la boutique « ${await shopLabel(knex, shopId)} »`);
        }
        for (const shopId of remove) {
          if (!shops.includes(shopId)) throw new ValidationError(notAssignedMessage(employee.name, await shopLabel(knex, shopId)));
        }
        const after = [...shops.filter((s) => !remove.includes(s)), ...add].sort((a, b) => a - b);
        const refusal = remainingShopsRefusal(employee.name, employee.role, after);
        if (refusal) throw new ValidationError(refusal);
        if (remove.length > 0) await knex('employee_shops').where({ employee_id: id }).whereIn('shop_id', remove).delete();
        if (add.length > 0) await knex('employee_shops').insert(add.map((shopId) => ({ employee_id: id, shop_id: shopId })));
        return { ...employee, shops: after };
      },
      (e) => ({ id, details: { action: 'shops', name: e.name, added: add, removed: remove, shops: e.shops } }),
    );
  }

  async get(id: number): Promise<Employee | null> {
    const row = await this.knex('employees').where({ id }).first();
    return row ? toEmployee(row) : null;
  }

  /** An employee by number or by name as typed (any case): what `pos staff shops <employee>` takes. */
  async resolve(ref: string): Promise<Employee> {
    const text = ref.trim();
    if (/^\d+$/.test(text)) {
      const employee = await this.get(Number(text));
      if (!employee) throw new NotFoundError(`Employé ${text} inconnu`);
      return employee;
    }
    const named = (await this.list()).filter((e) => e.name.toLowerCase() === text.toLowerCase());
    if (named.length === 0) throw new NotFoundError(`Employé « ${text.slice(0, 60)} » inconnu (pos staff list les donne)`);
    if (named.length > 1) throw new ValidationError(`Plusieurs employés s'appellent « ${text.slice(0, 60)} » : donnez son numéro (${named.map((e) => e.id).join(', ')})`);
    const { id, name, role, active } = named[0]!;
    return { id, name, role, active };
  }

  async require(id: number): Promise<Employee> {
    const employee = await this.get(id);
    if (!employee || !employee.active) throw new NotFoundError(`Employé ${id} inconnu ou inactif`);
    return employee;
  }

  /** Every employee, with the shops each is assigned to. */
  async list(): Promise<EmployeeInShops[]> {
    const [employees, assignments] = await Promise.all([
      this.knex('employees').orderBy('name'),
      this.knex('employee_shops').orderBy('shop_id').select('employee_id', 'shop_id'),
    ]);
    return employees.map((r) => {
      const employee = toEmployee(r);
      return { ...employee, shops: assignments.filter((a) => num(a.employee_id) === employee.id).map((a) => num(a.shop_id)) };
    });
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
      // An owner made manager or cashier needs a shop to work in (owners may have none).
      const refusal = remainingShopsRefusal(employee.name, changes.role, await this.shopsOf(id));
      if (refusal) throw new ValidationError(`${refusal} : affectez-le d'abord (pos staff shops ${id} --add <boutique>)`);
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
