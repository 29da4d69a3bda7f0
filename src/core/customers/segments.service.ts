// Customer segments read from the purchase history, and the saved ones.
// Two aggregate queries give every customer's activity at once (sales by
// customer, sale lines by customer and category), whatever the number of
// customers: no query per customer. The criteria and their matching are the
// pure rule of segment.ts. A saved segment stores its criteria (JSON), so a
// promotion limited to it is re-evaluated for the customer on the ticket at
// sale time (PromotionsService.pricingFor → memberOf).
import type { Knex } from 'knex';
import { audited, type Actor } from '../fiscal/audit.service.js';
import type { Clock } from '../basics/clock.js';
import { localDate } from '../basics/clock.js';
import { NotFoundError, ValidationError } from '../basics/errors.js';
import { insertId } from '../basics/rows.service.js';
import { num } from '../basics/row-values.js';
import { foldForSearch } from '../basics/text.js';
import { writeTransaction } from '../basics/transaction.service.js';
import {
  checkSegmentName, criteriaFromJson, criteriaToJson, matchesSegment, NO_ACTIVITY, recency, topCategories,
  type CustomerActivity, type SegmentCriteria,
} from './segment.js';
import { CustomersService, type Customer } from './customers.service.js';

/** One customer a segment picked, with what picked them. */
export interface SegmentMember {
  customer: Customer;
  activity: CustomerActivity;
  /** days since the last visit, null: never came */
  daysSinceVisit: number | null;
  topCategories: string[];
}

export interface SavedSegment {
  id: number;
  name: string;
  criteria: SegmentCriteria;
  createdBy: string | null;
  createdAt: string;
  /** the promotions limited to it (id and name), which keep it from being removed */
  promotions: Array<{ id: number; name: string }>;
}

/** Before any day: with no --since, every sale is in the window. */
const ALL_HISTORY = '0000-01-01';

export class SegmentsService {
  constructor(private readonly knex: Knex, private readonly clock: Clock) {}

  /** The shop's today, local day: recency counts from it. */
  private today(): string {
    return localDate(this.clock());
  }

  /**
   * Every customer's activity (or these customers'), keyed by customer id;
   * a customer with no sale is absent (their activity is NO_ACTIVITY).
   */
  async activities(since: string | null, customerIds?: number[]): Promise<Map<number, CustomerActivity>> {
    const from = since ?? ALL_HISTORY;
    const sales = this.knex('sales')
      .whereNotNull('customer_id')
      .groupBy('customer_id')
      .select(
        'customer_id',
        this.knex.raw('sum(case when total > 0 and business_date >= ? then 1 else 0 end) as visits', [from]),
        this.knex.raw('sum(case when business_date >= ? then total else 0 end) as spent', [from]),
        this.knex.raw('max(case when total > 0 then business_date end) as last_visit'),
      );
    const lines = this.knex('sale_lines as l')
      .join('sales as s', 's.id', 'l.sale_id')
      .join('categories as c', 'c.id', 'l.category_id')
      .whereNotNull('s.customer_id')
      .andWhere('s.business_date', '>=', from)
      .groupBy('s.customer_id', 'c.name')
      .select('s.customer_id', 'c.name', this.knex.raw('sum(l.total) as amount'));
    if (customerIds) {
      sales.whereIn('customer_id', customerIds);
      lines.whereIn('s.customer_id', customerIds);
    }
    const result = new Map<number, CustomerActivity>();
    for (const r of await sales) {
      result.set(num(r.customer_id), { visits: num(r.visits), spent: num(r.spent), lastVisit: r.last_visit == null ? null : String(r.last_visit), categories: [] });
    }
    for (const r of await lines) {
      const activity = result.get(num(r.customer_id));
      if (activity) activity.categories.push({ name: String(r.name), amount: num(r.amount) });
    }
    return result;
  }

  /** A category criterion must name a category of the shop: a typo would silently pick nobody. */
  private async checkCategory(criteria: SegmentCriteria): Promise<void> {
    if (criteria.category === null) return;
    const wanted = foldForSearch(criteria.category);
    const names = (await this.knex('categories').select('name')).map((r) => String(r.name));
    if (!names.some((n) => foldForSearch(n) === wanted)) throw new NotFoundError(`Catégorie « ${criteria.category} » introuvable (${names.join(', ')})`);
  }

  /** The active customers the criteria pick today, by name. */
  async members(criteria: SegmentCriteria): Promise<SegmentMember[]> {
    await this.checkCategory(criteria);
    const [customers, activities] = await Promise.all([new CustomersService(this.knex, this.clock).list(), this.activities(criteria.since)]);
    const today = this.today();
    const members: SegmentMember[] = [];
    for (const customer of customers) {
      if (!customer.active) continue;
      const activity = activities.get(customer.id) ?? NO_ACTIVITY;
      if (!matchesSegment(activity, customer.marketingConsent, criteria, today)) continue;
      members.push({ customer, activity, daysSinceVisit: recency(activity, today), topCategories: topCategories(activity) });
    }
    return members;
  }

  /**
   * Which of these saved segments the customer is in now: one customer's
   * aggregates per distinct window (usually one), read when a customer comes
   * onto a ticket (the till caches the pricing that uses it).
   */
  async memberOf(customerId: number, segments: Array<{ id: number; criteria: SegmentCriteria }>): Promise<Set<number>> {
    const inside = new Set<number>();
    if (segments.length === 0) return inside;
    const customer = await new CustomersService(this.knex, this.clock).get(customerId);
    if (!customer || !customer.active) return inside;
    const today = this.today();
    const byWindow = new Map<string | null, CustomerActivity>();
    for (const s of segments) {
      if (!byWindow.has(s.criteria.since)) byWindow.set(s.criteria.since, (await this.activities(s.criteria.since, [customerId])).get(customerId) ?? NO_ACTIVITY);
      if (matchesSegment(byWindow.get(s.criteria.since)!, customer.marketingConsent, s.criteria, today)) inside.add(s.id);
    }
    return inside;
  }

  // --- saved segments -------------------------------------------------------------

  /** Saves criteria under a new name (names are unique); audited under who saved it. */
  async save(name: string, criteria: SegmentCriteria, actor?: Actor, createdBy: number | null = null): Promise<SavedSegment> {
    if (actor) return audited(this.knex, actor, this.clock, (trx) => new SegmentsService(trx, this.clock).save(name, criteria, undefined, actor.employeeId), (s) => ({ kind: 'customer', details: { action: 'add-segment', segment: s.id, name: s.name, criteria: s.criteria } }));
    const segmentName = checkSegmentName(name);
    // Stored as the rule reads it back: a criterion the rule would refuse never reaches the table.
    const checked = criteriaFromJson(segmentName, criteriaToJson(criteria));
    await this.checkCategory(checked);
    return writeTransaction(this.knex, async (trx) => {
      // Unique as people read names (byName finds them without case or accents): « perdus » would shadow « Perdus ».
      const taken = (await trx('customer_segments').select('name')).map((r) => String(r.name)).find((n) => foldForSearch(n) === foldForSearch(segmentName));
      if (taken !== undefined) throw new ValidationError(`Le segment « ${taken} » existe déjà`);
      const id = await insertId(trx, 'customer_segments', {
        name: segmentName,
        criteria: criteriaToJson(checked),
        created_by: createdBy,
        created_at: this.clock().toISOString(),
      });
      return (await new SegmentsService(trx, this.clock).byId(id))!;
    });
  }

  private async rows(where?: { id?: number; name?: string }): Promise<SavedSegment[]> {
    const q = this.knex('customer_segments as s').leftJoin('employees as e', 'e.id', 's.created_by').select('s.*', 'e.name as employee_name').orderBy('s.name');
    if (where?.id !== undefined) q.where('s.id', where.id);
    if (where?.name !== undefined) q.where('s.name', where.name);
    const rows = await q;
    if (rows.length === 0) return [];
    const promotions = await this.knex('promotions').whereIn('customer_segment_id', rows.map((r) => num(r.id))).orderBy('id').select('id', 'name', 'customer_segment_id');
    return rows.map((r) => ({
      id: num(r.id),
      name: String(r.name),
      criteria: criteriaFromJson(String(r.name), String(r.criteria)),
      createdBy: r.employee_name == null ? null : String(r.employee_name),
      createdAt: String(r.created_at),
      promotions: promotions.filter((p) => num(p.customer_segment_id) === num(r.id)).map((p) => ({ id: num(p.id), name: String(p.name) })),
    }));
  }

  async list(): Promise<SavedSegment[]> {
    return this.rows();
  }

  async byId(id: number): Promise<SavedSegment | null> {
    return (await this.rows({ id }))[0] ?? null;
  }

  /** A saved segment by its name (exact, then without case or accents). */
  async byName(name: string): Promise<SavedSegment> {
    const exact = (await this.rows({ name: name.trim() }))[0];
    if (exact) return exact;
    const wanted = foldForSearch(name);
    const found = (await this.rows()).find((s) => foldForSearch(s.name) === wanted);
    if (!found) throw new NotFoundError(`Segment « ${name.trim()} » introuvable`);
    return found;
  }

  /** Removes a saved segment; refused while a promotion (even ended) is limited to it, naming them. */
  async remove(name: string, actor?: Actor): Promise<SavedSegment> {
    if (actor) return audited(this.knex, actor, this.clock, (trx) => new SegmentsService(trx, this.clock).remove(name), (s) => ({ kind: 'customer', details: { action: 'remove-segment', segment: s.id, name: s.name } }));
    return writeTransaction(this.knex, async (trx) => {
      const segment = await new SegmentsService(trx, this.clock).byName(name);
      if (segment.promotions.length > 0) {
        const which = segment.promotions.map((p) => `${p.id} « ${p.name} »`).join(', ');
        throw new ValidationError(`Le segment « ${segment.name} » sert à la promotion ${which} : il ne peut pas être supprimé`);
      }
      await trx('customer_segments').where({ id: segment.id }).delete();
      return segment;
    });
  }
}
