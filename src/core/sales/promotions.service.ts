// Promotions and price levels: what the back office and the CLI manage, and
// what the till loads (`pricingFor`) to price the open ticket with the pure
// rule of pricing.ts.
//
// A promotion runs over whole local days, `from` to `to` inclusive; it is
// stored as UTC instants [starts_at, ends_at) so "is it on now?" is one string
// comparison on both engines. A promotion limited to a customer group only
// applies when a customer of that group is on the ticket; one limited to a
// saved customer segment, when the customer on the ticket is in the segment
// at that moment (worked out once per pricing load: the till caches it with
// the rest of the customer's pricing). Ending a promotion
// keeps it (sales point to it) but stops it at once.
import { checkTextField } from '../basics/text-fields.js';
import type { Knex } from 'knex';
import { audited, type Actor } from '../fiscal/audit.service.js';
import type { Clock } from '../basics/clock.js';
import { InputError, NotFoundError, ValidationError } from '../basics/errors.js';
import { formatMoney } from '../basics/money.js';
import type { PricingContext, PricingPromotion, PromotionKind } from './pricing.js';
import { bumpChange } from '../shop/live-changes.service.js';
import { insertId } from '../basics/rows.service.js';
import { bool, num, numOrNull } from '../basics/row-values.js';
import { MAX_UNIT_PRICE } from './ticket.js';
import { formatRate } from '../catalogue/vat.js';
import { criteriaFromJson } from '../customers/segment.js';
import { SegmentsService } from '../customers/segments.service.js';

export const PROMOTION_KINDS: readonly PromotionKind[] = ['percent', 'fixed_price', 'n_for_m'];

export interface Promotion extends PricingPromotion {
  customerGroupId: number | null;
  /** the saved customer segment it is limited to, or null */
  customerSegmentId: number | null;
  segmentName: string | null;
  /** UTC instant, inclusive */
  startsAt: string;
  /** UTC instant, exclusive */
  endsAt: string;
  active: boolean;
  /** what it covers, for lists */
  articleName: string | null;
  categoryName: string | null;
  groupName: string | null;
}

export interface PromotionInput {
  name: string;
  kind: PromotionKind;
  articleId?: number | null;
  categoryId?: number | null;
  customerGroupId?: number | null;
  customerSegmentId?: number | null;
  /** bp for percent, cents per unit (or kg) for fixed_price */
  value?: number;
  buyQty?: number | null;
  payQty?: number | null;
  /** first local day, 'YYYY-MM-DD' */
  from: string;
  /** last local day, 'YYYY-MM-DD', inclusive */
  to: string;
}

export interface LevelPrice {
  level: string;
  articleId: number;
  articleName: string;
  plu: string | null;
  /** catalogue price */
  retailPrice: number;
  price: number;
}

/** Local midnight of a 'YYYY-MM-DD' day, or null if it is not a real day. */
export function parseLocalDay(text: string): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text.trim());
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(y, mo - 1, d);
  if (date.getFullYear() !== y || date.getMonth() !== mo - 1 || date.getDate() !== d) return null;
  return date;
}

/** "Pros 5 %": how the promotion's effect reads in lists. */
export function describePromotion(p: Pick<Promotion, 'kind' | 'value' | 'buyQty' | 'payQty'>): string {
  if (p.kind === 'percent') return `-${formatRate(p.value)}`;
  if (p.kind === 'fixed_price') return `${formatMoney(p.value)} l'unité`;
  return `${p.buyQty} pour ${p.payQty}`;
}

function toPromotion(r: Record<string, unknown>): Promotion {
  return {
    id: num(r.id),
    name: String(r.name),
    kind: String(r.kind) as PromotionKind,
    articleId: numOrNull(r.article_id),
    categoryId: numOrNull(r.category_id),
    customerGroupId: numOrNull(r.customer_group_id),
    customerSegmentId: numOrNull(r.customer_segment_id),
    segmentName: r.segment_name == null ? null : String(r.segment_name),
    value: num(r.value),
    buyQty: numOrNull(r.buy_qty),
    payQty: numOrNull(r.pay_qty),
    startsAt: String(r.starts_at),
    endsAt: String(r.ends_at),
    active: bool(r.active),
    articleName: r.article_name == null ? null : String(r.article_name),
    categoryName: r.category_name == null ? null : String(r.category_name),
    groupName: r.group_name == null ? null : String(r.group_name),
  };
}

const LEVEL_RE = /^[\p{L}\p{N}_-]{1,30}$/u;

function checkLevel(level: string): string {
  const l = level.trim();
  if (!LEVEL_RE.test(l)) throw new InputError('Niveau de prix : 1 à 30 lettres, chiffres, - ou _');
  return l;
}

function checkPrice(price: number, what: string): void {
  if (!Number.isInteger(price) || price < 0 || price > MAX_UNIT_PRICE) throw new InputError(`${what} invalide`);
}

export class PromotionsService {
  constructor(private readonly knex: Knex, private readonly clock: Clock) {}

  private promotions(): Knex.QueryBuilder {
    return this.knex('promotions as p')
      .leftJoin('articles as a', 'a.id', 'p.article_id')
      .leftJoin('categories as c', 'c.id', 'p.category_id')
      .leftJoin('customer_groups as g', 'g.id', 'p.customer_group_id')
      .leftJoin('customer_segments as cs', 'cs.id', 'p.customer_segment_id')
      .select('p.*', 'a.name as article_name', 'c.name as category_name', 'g.name as group_name', 'cs.name as segment_name');
  }

  /** Checks everything, then creates the promotion; a bad input changes nothing. */
  async create(input: PromotionInput, actor?: Actor): Promise<Promotion> {
    if (actor) return audited(this.knex, actor, this.clock, (trx) => new PromotionsService(trx, this.clock).create(input), (p) => ({ kind: 'promotion', articleId: p.articleId, details: { action: 'add', promotion: p.id, name: p.name, effect: p.kind, value: p.value, buyQty: p.buyQty, payQty: p.payQty, categoryId: p.categoryId, groupId: p.customerGroupId, segmentId: p.customerSegmentId, from: p.startsAt, to: p.endsAt } }));
    const name = (input.name ?? '').trim();
    if (!name) throw new InputError('Nom de la promotion obligatoire');
    if (name.length > 60) throw new InputError('Nom de la promotion : 60 caractères au plus');
    checkTextField('promotionName', name);
    if (!PROMOTION_KINDS.includes(input.kind)) throw new InputError(`Type de promotion inconnu : ${String(input.kind)}`);
    const articleId = input.articleId ?? null;
    const categoryId = input.categoryId ?? null;
    if ((articleId === null) === (categoryId === null)) throw new InputError('Indiquez un article ou une catégorie (un seul des deux)');
    let value = 0;
    let buyQty: number | null = null;
    let payQty: number | null = null;
    if (input.kind === 'percent') {
      value = input.value ?? 0;
      if (!Number.isInteger(value) || value <= 0 || value > 10000) throw new InputError('Pourcentage de remise entre 0 et 100 %');
    } else if (input.kind === 'fixed_price') {
      value = input.value ?? -1;
      checkPrice(value, 'Prix promotionnel');
    } else {
      buyQty = input.buyQty ?? 0;
      payQty = input.payQty ?? 0;
      if (!Number.isInteger(buyQty) || !Number.isInteger(payQty) || payQty < 1 || buyQty <= payQty || buyQty > 99) {
        throw new InputError('« N pour le prix de M » : N et M entiers, 1 ≤ M < N ≤ 99');
      }
    }
    const from = parseLocalDay(input.from ?? '');
    if (!from) throw new InputError(`Date de début invalide (AAAA-MM-JJ) : ${input.from ?? ''}`);
    const to = parseLocalDay(input.to ?? '');
    if (!to) throw new InputError(`Date de fin invalide (AAAA-MM-JJ) : ${input.to ?? ''}`);
    if (to < from) throw new InputError('La date de fin précède la date de début');
    const end = new Date(to.getFullYear(), to.getMonth(), to.getDate() + 1);

    if (articleId !== null && !(await this.knex('articles').where({ id: articleId }).first('id'))) throw new NotFoundError(`Article ${articleId} inconnu`);
    if (categoryId !== null && !(await this.knex('categories').where({ id: categoryId }).first('id'))) throw new NotFoundError(`Catégorie ${categoryId} inconnue`);
    const groupId = input.customerGroupId ?? null;
    if (groupId !== null && !(await this.knex('customer_groups').where({ id: groupId }).first('id'))) throw new NotFoundError(`Groupe de clients ${groupId} inconnu`);
    const segmentId = input.customerSegmentId ?? null;
    if (segmentId !== null && !(await this.knex('customer_segments').where({ id: segmentId }).first('id'))) throw new NotFoundError(`Segment de clients ${segmentId} inconnu`);

    const id = await insertId(this.knex, 'promotions', {
      name,
      kind: input.kind,
      article_id: articleId,
      category_id: categoryId,
      customer_group_id: groupId,
      customer_segment_id: segmentId,
      value,
      buy_qty: buyQty,
      pay_qty: payQty,
      starts_at: from.toISOString(),
      ends_at: end.toISOString(),
      active: true,
    });
    await bumpChange(this.knex, 'pricing');
    return this.require(id);
  }

  async get(id: number): Promise<Promotion | null> {
    const row = await this.promotions().where('p.id', id).first();
    return row ? toPromotion(row) : null;
  }

  async require(id: number): Promise<Promotion> {
    const p = await this.get(id);
    if (!p) throw new NotFoundError(`Promotion ${id} inconnue`);
    return p;
  }

  /** Current and upcoming promotions (or all of them, ended ones included), by start date. */
  async list(options: { all?: boolean } = {}): Promise<Promotion[]> {
    const q = this.promotions().orderBy([{ column: 'p.starts_at' }, { column: 'p.id' }]);
    if (!options.all) q.where('p.active', true).andWhere('p.ends_at', '>', this.clock().toISOString());
    return (await q).map(toPromotion);
  }

  /** Stops a promotion now; it stays listed with --all. */
  async end(id: number, actor?: Actor): Promise<Promotion> {
    if (actor) return audited(this.knex, actor, this.clock, (trx) => new PromotionsService(trx, this.clock).end(id), (p) => ({ kind: 'promotion', articleId: p.articleId, details: { action: 'end', promotion: p.id, name: p.name } }));
    const p = await this.require(id);
    const now = this.clock().toISOString();
    if (!p.active || p.endsAt <= now) throw new ValidationError(`La promotion ${id} est déjà terminée`);
    await this.knex('promotions').where({ id }).update({ active: false, ends_at: p.startsAt > now ? p.startsAt : now });
    await bumpChange(this.knex, 'pricing');
    return this.require(id);
  }

  /** Sets (or changes) an article's price at a price level. */
  async setPrice(input: { level: string; articleId: number; price: number }, actor?: Actor): Promise<LevelPrice> {
    if (actor) return audited(this.knex, actor, this.clock, (trx) => new PromotionsService(trx, this.clock).setPrice(input), (p) => ({ kind: 'price_change', articleId: input.articleId, details: { level: p.level, plu: p.plu, name: p.articleName, newPrice: p.price } }));
    const level = checkLevel(input.level);
    checkPrice(input.price, 'Prix');
    if (!(await this.knex('articles').where({ id: input.articleId }).first('id'))) throw new NotFoundError(`Article ${input.articleId} inconnu`);
    await this.knex('article_prices')
      .insert({ article_id: input.articleId, price_level: level, price: input.price })
      .onConflict(['article_id', 'price_level'])
      .merge(['price']);
    await bumpChange(this.knex, 'pricing');
    return (await this.prices({ level, articleId: input.articleId }))[0]!;
  }

  async removePrice(level: string, articleId: number, actor?: Actor): Promise<void> {
    if (actor) return audited(this.knex, actor, this.clock, (trx) => new PromotionsService(trx, this.clock).removePrice(level, articleId), () => ({ kind: 'price_change', articleId, details: { level: level.trim(), removed: true } }));
    const removed = await this.knex('article_prices').where({ price_level: level.trim(), article_id: articleId }).delete();
    if (removed === 0) throw new NotFoundError(`Aucun prix « ${level.trim()} » pour l'article ${articleId}`);
    await bumpChange(this.knex, 'pricing');
  }

  async prices(options: { level?: string; articleId?: number } = {}): Promise<LevelPrice[]> {
    const q = this.knex('article_prices as ap')
      .join('articles as a', 'a.id', 'ap.article_id')
      .select('ap.price_level', 'ap.article_id', 'ap.price', 'a.name', 'a.plu', 'a.price as retail_price')
      .orderBy([{ column: 'ap.price_level' }, { column: 'a.name' }]);
    if (options.level !== undefined) q.where('ap.price_level', options.level.trim());
    if (options.articleId !== undefined) q.where('ap.article_id', options.articleId);
    return (await q).map((r: Record<string, unknown>) => ({
      level: String(r.price_level),
      articleId: num(r.article_id),
      articleName: String(r.name),
      plu: r.plu == null ? null : String(r.plu),
      retailPrice: num(r.retail_price),
      price: num(r.price),
    }));
  }

  /**
   * What the pricing rule needs for a ticket of this customer (or nobody) at
   * this instant: the promotions on now for everyone or for the customer's
   * group, the prices of the customer's level (the customer's own level, else
   * the group's), and the customer's discount (their own, else the group's).
   */
  async pricingFor(customerId: number | null, at: Date): Promise<PricingContext> {
    const customer = customerId === null ? null : await this.knex('customers').where({ id: customerId }).first();
    const group = customer ? await this.knex('customer_groups').where({ id: customer.group_id }).first() : null;
    const instant = at.toISOString();
    const onNow = await this.knex('promotions')
      .where('active', true)
      .andWhere('starts_at', '<=', instant)
      .andWhere('ends_at', '>', instant)
      .andWhere((q) => {
        q.whereNull('customer_group_id');
        if (group) q.orWhere('customer_group_id', group.id);
      })
      .orderBy('id');
    const promotions = await this.forSegments(onNow, customer ? num(customer.id) : null);
    const level = (customer?.price_level as string | null) || (group?.price_level as string | null) || null;
    const levelPrices = new Map<number, number>();
    if (level) {
      for (const r of await this.knex('article_prices').where({ price_level: level }).select('article_id', 'price')) levelPrices.set(num(r.article_id), num(r.price));
    }
    let customerDiscount: PricingContext['customerDiscount'] = null;
    if (customer && num(customer.discount_bp) > 0) customerDiscount = { bp: num(customer.discount_bp), label: `Remise client ${formatRate(num(customer.discount_bp))}` };
    else if (group && num(group.discount_bp) > 0) customerDiscount = { bp: num(group.discount_bp), label: `Remise ${String(group.name)} ${formatRate(num(group.discount_bp))}` };
    return { promotions: promotions.map(toPromotion), levelPrices, customerDiscount };
  }

  /** The promotions on now, without those limited to a segment the customer (or nobody) is not in. */
  private async forSegments(rows: Array<Record<string, unknown>>, customerId: number | null): Promise<Array<Record<string, unknown>>> {
    const segmentIds = [...new Set(rows.map((r) => numOrNull(r.customer_segment_id)).filter((id): id is number => id !== null))];
    if (segmentIds.length === 0) return rows;
    let inside = new Set<number>();
    if (customerId !== null) {
      const segments = await this.knex('customer_segments').whereIn('id', segmentIds).select('id', 'name', 'criteria');
      // A segment unreadable in the database limits its promotion to nobody rather than stopping the sale.
      const readable = segments.flatMap((s) => {
        try {
          return [{ id: num(s.id), criteria: criteriaFromJson(String(s.name), String(s.criteria)) }];
        } catch {
          return [];
        }
      });
      inside = await new SegmentsService(this.knex, this.clock).memberOf(customerId, readable);
    }
    return rows.filter((r) => r.customer_segment_id == null || inside.has(num(r.customer_segment_id)));
  }
}
