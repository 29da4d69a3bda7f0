// Automatic pricing of the open ticket: price levels, promotions and the
// customer's discount. A pure rule (no I/O): the promotions service loads what
// it needs (`PricingContext`), already filtered by date and customer group.
//
// The rules, line by line:
// - Returns (negative quantity) keep the price they were sold at: never
//   repriced, never given an automatic discount.
// - Unit price: a manually overridden price is kept; otherwise the customer's
//   price level price if the article has one, else the catalogue price.
// - A manual line discount (typed by the cashier) replaces any automatic one.
// - Otherwise each line gets the BEST of the promotions that apply to it and
//   the customer's discount, never two of them (no stacking). Ties go to the
//   promotion (its label tells the customer why).
// - percent: bp of the line's gross; fixed_price: the line sold at that price
//   per unit (or per kg), nothing if the line is already cheaper;
//   n_for_m ("3 pour 2"): only unit articles. The units of the sale lines it
//   covers (one article, or every article of a category) are pooled; for every
//   full group of N units, N - M units are free, and the free units are the
//   cheapest of the pool (ties: the earliest lines). Lines with a manual
//   discount are left out of the pool. Each line's share is what its free units
//   cost.
// - The customer's discount is the customer's own discount_bp when set, else
//   the group's; it applies to every sale line.
// All amounts are integer cents; the ticket's totals and VAT are computed from
// the discounted lines by ticket.ts, so VAT still adds up.
import { percentOf } from '../basics/money.js';
import { lineAmount, QTY_ONE } from '../basics/quantity.js';
import { lineGross, type AutoDiscount, type Ticket, type TicketLine } from './ticket.js';

export type PromotionKind = 'percent' | 'fixed_price' | 'n_for_m';

/** A promotion as the rule sees it (active now, for this customer's group). */
export interface PricingPromotion {
  id: number;
  name: string;
  kind: PromotionKind;
  articleId: number | null;
  categoryId: number | null;
  /** bp for percent, cents per unit for fixed_price, unused for n_for_m */
  value: number;
  buyQty: number | null;
  payQty: number | null;
}

export interface PricingContext {
  promotions: PricingPromotion[];
  /** article id -> price at the customer's price level */
  levelPrices: ReadonlyMap<number, number>;
  /** the customer's automatic discount, or null */
  customerDiscount: { bp: number; label: string } | null;
}

export const NO_PRICING: PricingContext = { promotions: [], levelPrices: new Map(), customerDiscount: null };

export interface LinePricing {
  lineId: number;
  unitPrice: number;
  autoDiscount: AutoDiscount | null;
}

function covers(promo: PricingPromotion, line: TicketLine): boolean {
  if (promo.articleId !== null) return line.articleId === promo.articleId;
  if (promo.categoryId !== null) return line.categoryId === promo.categoryId;
  return false;
}

/** True when the line takes part in automatic pricing at all. */
function isPriceable(line: TicketLine): boolean {
  return line.quantity > 0 && line.discount === null;
}

/** The unit price a line is charged before discounts. */
function unitPriceOf(line: TicketLine, ctx: PricingContext): number {
  // A price label's line keeps the price it was weighed at (its amount is the label's).
  if (line.quantity < 0 || line.priceOverridden || line.articleId === null || line.labelAmount != null) return line.unitPrice;
  return ctx.levelPrices.get(line.articleId) ?? line.listPrice;
}

/**
 * Cents off each line for an "N for M" promotion: the cheapest units of the
 * pool are free, N - M for every full group of N.
 */
function nForMShares(promo: PricingPromotion, lines: TicketLine[], prices: number[]): Map<number, number> {
  const shares = new Map<number, number>();
  const n = promo.buyQty ?? 0;
  const m = promo.payQty ?? 0;
  if (!(n > m && m >= 0)) return shares;
  const pool = lines
    .map((l, i) => ({ l, i, price: prices[i]! }))
    .filter(({ l }) => isPriceable(l) && l.unit === 'unit' && covers(promo, l))
    .map(({ l, i, price }) => ({ lineId: l.id, order: i, price, units: Math.trunc(l.quantity / QTY_ONE) }));
  const totalUnits = pool.reduce((a, p) => a + p.units, 0);
  let free = Math.floor(totalUnits / n) * (n - m);
  pool.sort((a, b) => a.price - b.price || a.order - b.order);
  for (const p of pool) {
    if (free <= 0) break;
    const take = Math.min(free, p.units);
    shares.set(p.lineId, take * p.price);
    free -= take;
  }
  return shares;
}

/** Cents the promotion takes off one line (n_for_m comes from the pooled shares). */
function promotionCents(promo: PricingPromotion, line: TicketLine, gross: number, pooled: Map<number, number> | undefined): number {
  switch (promo.kind) {
    case 'percent':
      return Math.min(gross, Math.max(0, percentOf(gross, promo.value)));
    case 'fixed_price':
      return Math.max(0, gross - lineAmount(promo.value, line.quantity));
    case 'n_for_m':
      return pooled?.get(line.id) ?? 0;
  }
}

/** Prices every line of the ticket: its unit price and its automatic discount. */
export function priceLines(lines: TicketLine[], ctx: PricingContext): LinePricing[] {
  const prices = lines.map((l) => unitPriceOf(l, ctx));
  const pooled = new Map<number, Map<number, number>>();
  for (const promo of ctx.promotions) if (promo.kind === 'n_for_m') pooled.set(promo.id, nForMShares(promo, lines, prices));
  return lines.map((line, i) => {
    const unitPrice = prices[i]!;
    if (!isPriceable(line)) return { lineId: line.id, unitPrice, autoDiscount: null };
    const gross = lineGross({ ...line, unitPrice });
    let best: AutoDiscount | null = null;
    for (const promo of ctx.promotions) {
      if (!covers(promo, line)) continue;
      const cents = promotionCents(promo, line, gross, pooled.get(promo.id));
      if (cents > 0 && (best === null || cents > best.cents)) best = { cents, label: promo.name, promotionId: promo.id };
    }
    if (ctx.customerDiscount && ctx.customerDiscount.bp > 0) {
      const cents = Math.min(gross, percentOf(gross, ctx.customerDiscount.bp));
      if (cents > 0 && (best === null || cents > best.cents)) best = { cents, label: ctx.customerDiscount.label, promotionId: null };
    }
    return { lineId: line.id, unitPrice, autoDiscount: best };
  });
}

function sameDiscount(a: AutoDiscount | null | undefined, b: AutoDiscount | null): boolean {
  if (!a || !b) return (a ?? null) === b;
  return a.cents === b.cents && a.label === b.label && a.promotionId === b.promotionId;
}

/** The ticket with every line priced; the same object when nothing changed (cheap to call after every edit). */
export function repriceTicket(ticket: Ticket, ctx: PricingContext): Ticket {
  const priced = priceLines(ticket.lines, ctx);
  let changed = false;
  const lines = ticket.lines.map((line, i) => {
    const p = priced[i]!;
    if (p.unitPrice === line.unitPrice && sameDiscount(line.autoDiscount, p.autoDiscount)) return line;
    changed = true;
    return { ...line, unitPrice: p.unitPrice, autoDiscount: p.autoDiscount };
  });
  return changed ? { ...ticket, lines } : ticket;
}
