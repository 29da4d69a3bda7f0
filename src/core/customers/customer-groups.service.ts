// Customer groups as a manager edits them (`pos groups`, the back office's
// « Groupes » screen): list with who uses each one, add, change, remove. A
// group still used by customers or promotions is not removed (the refusal
// says by whom), nor the default group every new customer joins. Every change
// is audited under the manager's name, in its own transaction. Also the
// customer import that creates the groups its file names (--create-groups).
import type { Knex } from 'knex';
import type { Clock } from '../basics/clock.js';
import { audited, type Actor } from '../fiscal/audit.service.js';
import { InputError, NotFoundError, ValidationError } from '../basics/errors.js';
import { num } from '../basics/row-values.js';
import { checkTextFields } from '../basics/text-fields.js';
import { foldForSearch } from '../basics/text.js';
import { customerName } from './customer-name.js';
import { CustomersService, type CustomerGroup, type CustomerInput } from './customers.service.js';

export interface GroupRow extends CustomerGroup {
  /** customers in the group (active or not) */
  customers: number;
  /** promotions reserved to the group (current, past or future) */
  promotions: number;
}

export interface GroupInput {
  name?: string;
  /** basis points, 0 to 10 000 */
  discountBp?: number;
  /** '' or null: the list price */
  priceLevel?: string | null;
}

/** How many of a group's customers and promotions a refusal names. */
const NAMED = 3;

/** The default group first, then the others by name: how every list shows them. */
const byDefaultThenName = (a: CustomerGroup, b: CustomerGroup) => Number(b.isDefault) - Number(a.isDefault) || a.name.localeCompare(b.name, 'fr');

function checkGroupInput(input: GroupInput): void {
  if (input.name !== undefined && !input.name.trim()) throw new InputError('Nom de groupe obligatoire');
  checkTextFields({ groupName: input.name?.trim(), priceLevel: input.priceLevel ?? undefined });
  if (input.discountBp !== undefined && (!Number.isInteger(input.discountBp) || input.discountBp < 0 || input.discountBp > 10_000)) {
    throw new InputError('Remise de groupe entre 0 et 100 %');
  }
}

export class CustomerGroupsService {
  constructor(private readonly knex: Knex, private readonly clock: Clock) {}

  async list(): Promise<GroupRow[]> {
    await new CustomersService(this.knex, this.clock).defaultGroup();
    const groups = await new CustomersService(this.knex, this.clock).groups();
    const customerRows: Array<Record<string, unknown>> = await this.knex('customers').groupBy('group_id').select('group_id').count({ n: '*' });
    const promotionRows: Array<Record<string, unknown>> = await this.knex('promotions').whereNotNull('customer_group_id').groupBy('customer_group_id').select('customer_group_id').count({ n: '*' });
    const customers = new Map(customerRows.map((r) => [num(r.group_id), num(r.n)]));
    const promotions = new Map(promotionRows.map((r) => [num(r.customer_group_id), num(r.n)]));
    return groups.map((g) => ({ ...g, customers: customers.get(g.id) ?? 0, promotions: promotions.get(g.id) ?? 0 })).sort(byDefaultThenName);
  }

  /** A group by its name, accents and case aside. */
  async byName(name: string): Promise<CustomerGroup | null> {
    const wanted = foldForSearch(name);
    return (await new CustomersService(this.knex, this.clock).groups()).find((g) => foldForSearch(g.name) === wanted) ?? null;
  }

  async requireByName(name: string): Promise<CustomerGroup> {
    const group = await this.byName(name);
    if (!group) {
      const names = (await new CustomersService(this.knex, this.clock).groups()).sort(byDefaultThenName).map((g) => g.name).join(', ');
      throw new NotFoundError(`Groupe de clients « ${name.slice(0, 60)} » introuvable (${names})`);
    }
    return group;
  }

  private async refuseTakenName(name: string, exceptId: number | null): Promise<void> {
    const other = await this.byName(name);
    if (other && other.id !== exceptId) throw new ValidationError(`Le groupe « ${other.name} » existe déjà`);
  }

  async add(input: GroupInput & { name: string }, actor: Actor): Promise<CustomerGroup> {
    checkGroupInput(input);
    return audited(this.knex, actor, this.clock, async (trx) => {
      await new CustomerGroupsService(trx, this.clock).refuseTakenName(input.name, null);
      return new CustomersService(trx, this.clock).createGroup({ name: input.name, discountBp: input.discountBp ?? 0, priceLevel: input.priceLevel?.trim() || null });
    }, (g) => ({ kind: 'customer', details: { action: 'add-group', group: g.id, name: g.name, discountBp: g.discountBp, priceLevel: g.priceLevel } }));
  }

  /** Changes a group's name, discount or price level; the customers in it follow (their group's terms apply at the till). */
  async update(name: string, patch: GroupInput, actor: Actor): Promise<CustomerGroup> {
    checkGroupInput(patch);
    return audited(this.knex, actor, this.clock, async (trx) => {
      const service = new CustomerGroupsService(trx, this.clock);
      const group = await service.requireByName(name);
      if (patch.name !== undefined) await service.refuseTakenName(patch.name, group.id);
      const next: CustomerGroup = {
        ...group,
        name: patch.name?.trim() ?? group.name,
        discountBp: patch.discountBp ?? group.discountBp,
        priceLevel: patch.priceLevel === undefined ? group.priceLevel : patch.priceLevel?.trim() || null,
      };
      await trx('customer_groups').where({ id: group.id }).update({ name: next.name, discount_bp: next.discountBp, price_level: next.priceLevel });
      return { before: group, after: next };
    }, ({ before, after }) => ({ kind: 'customer', details: { action: 'set-group', group: after.id, name: after.name, before: { name: before.name, discountBp: before.discountBp, priceLevel: before.priceLevel }, discountBp: after.discountBp, priceLevel: after.priceLevel } })).then((r) => r.after);
  }

  /** Removes a group nobody uses; the refusal says how many customers and which promotions still do. */
  async remove(name: string, actor: Actor): Promise<CustomerGroup> {
    return audited(this.knex, actor, this.clock, async (trx) => {
      const group = await new CustomerGroupsService(trx, this.clock).requireByName(name);
      if (group.isDefault) throw new ValidationError(`« ${group.name} » est le groupe par défaut (les nouveaux clients y entrent) : il ne peut pas être supprimé`);
      const used: string[] = [];
      const count = num((await trx('customers').where({ group_id: group.id }).count({ n: '*' }).first())?.n ?? 0);
      if (count > 0) {
        const some = await trx('customers').where({ group_id: group.id }).orderBy(['last_name', 'first_name', 'code']).limit(NAMED).select('code', 'first_name', 'last_name');
        const names = some.map((c) => `${customerName({ firstName: String(c.first_name), lastName: String(c.last_name) })} ${String(c.code)}`);
        used.push(`${count} client${count > 1 ? 's' : ''} (${names.join(', ')}${count > NAMED ? ', …' : ''})`);
      }
      const promos = await trx('promotions').where({ customer_group_id: group.id }).orderBy('id').select('id', 'name');
      if (promos.length > 0) {
        const names = promos.slice(0, NAMED).map((p) => `« ${String(p.name)} » (${num(p.id)})`);
        used.push(`${promos.length} promotion${promos.length > 1 ? 's' : ''} : ${names.join(', ')}${promos.length > NAMED ? ', …' : ''}`);
      }
      if (used.length) throw new ValidationError(`Le groupe « ${group.name} » sert encore à ${used.join(' et à ')} : changez-les de groupe d'abord`);
      await trx('customer_groups').where({ id: group.id }).delete();
      return group;
    }, (g) => ({ kind: 'customer', details: { action: 'remove-group', group: g.id, name: g.name } }));
  }

  /**
   * Imports checked customers, first creating the groups the file names and
   * the shop lacks (`newGroups`, each customer's by `groupNames[i]`), all in
   * one transaction with one audit event: every row, or none.
   */
  async importCustomers(customers: CustomerInput[], newGroups: Array<string | null>, actor: Actor): Promise<{ created: number; groups: string[] }> {
    // Two spellings of one group ("Voisins", "voisins") make one group, named as first written.
    const firstSpelling = new Map<string, string>();
    for (const n of newGroups) if (n !== null && !firstSpelling.has(foldForSearch(n))) firstSpelling.set(foldForSearch(n), n.trim());
    const wanted = [...firstSpelling.values()];
    for (const name of wanted) checkGroupInput({ name });
    return audited(this.knex, actor, this.clock, async (trx) => {
      const service = new CustomersService(trx, this.clock);
      const ids = new Map<string, number>();
      for (const name of wanted) {
        const existing = await new CustomerGroupsService(trx, this.clock).byName(name);
        ids.set(foldForSearch(name), existing?.id ?? (await service.createGroup({ name })).id);
      }
      for (const [i, input] of customers.entries()) {
        const group = newGroups[i];
        await service.create(group ? { ...input, groupId: ids.get(foldForSearch(group)) } : input);
      }
      return { created: customers.length, groups: wanted };
    }, (r) => ({
      kind: 'import',
      // how many said yes to offers: the import dates their consent, the audit says who imported it
      details: { what: 'customers', created: r.created, marketingConsent: customers.filter((c) => c.marketingConsent === true).length, groupsCreated: r.groups },
    }));
  }
}
