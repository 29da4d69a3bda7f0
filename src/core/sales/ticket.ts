// The open ticket as an immutable value: every edit returns a new ticket, so
// the screen can render it, the store can save it, and the totals are always
// recomputed from the lines (never kept in step by hand).
//
// Money rules (see also vat.ts):
// - a line's gross is unit price x quantity, rounded half away from zero;
// - a line discount (percent or amount) comes off that line;
// - a ticket discount comes off the sale lines only (returns are refunded at
//   their own price), is computed once on their sum and then shared between
//   them by the largest-remainder method, so every line knows its exact net
//   amount and the VAT per rate stays consistent with the total;
// - returns are lines with a negative quantity.
import { allocate, percentOf } from '../basics/money.js';
import { QTY_ONE, lineAmount, type Unit } from '../basics/quantity.js';
import { formatRate, vatBreakdown, type VatLine } from '../catalogue/vat.js';
import { rewardDiscount, type TicketLoyaltyReward } from '../customers/loyalty.js';
import type { ReturnOrigin } from './returns.js';
import { ValidationError } from '../basics/errors.js';

export type Discount = { kind: 'percent'; bp: number } | { kind: 'amount'; cents: number };

/** A discount the pricing rule (pricing.ts) put on a line: a promotion or the customer's discount. */
export interface AutoDiscount {
  /** cents off the line's gross, never more than the gross */
  cents: number;
  label: string;
  /** the promotion that gave it; null for the customer's (or group's) discount */
  promotionId: number | null;
}

export interface TicketLine {
  id: number;
  articleId: number | null;
  code: string;
  name: string;
  categoryId: number | null;
  unit: Unit;
  /** thousandths; negative for a return */
  quantity: number;
  /** cents, tax included, as charged */
  unitPrice: number;
  /** catalogue price before any override */
  listPrice: number;
  taxRateBp: number;
  cost: number;
  loyaltyPoints: number;
  discount: Discount | null;
  priceOverridden: boolean;
  /** set by the pricing rule; absent on tickets stored before it existed. A manual `discount` replaces it. */
  autoDiscount?: AutoDiscount | null;
  /**
   * cents printed on a price label of a weighed article: the line's amount is
   * the label's, the weight (label / unit price) is only informative. Not a
   * price change. Dropped when the quantity or the price is edited.
   */
  labelAmount?: number | null;
  /** a return against a receipt: the sale and line it gives back (its price is what was paid then) */
  origin?: ReturnOrigin | null;
}

export interface Ticket {
  id: string;
  createdAt: string;
  customerId: number | null;
  lines: TicketLine[];
  discount: Discount | null;
  nextLineId: number;
  /** the loyalty reward given on this ticket (optional: older saved tickets have none) */
  loyaltyReward?: TicketLoyaltyReward | null;
}

/** What the ticket needs to know of an article to sell it. */
export interface SellableArticle {
  id: number | null;
  code: string;
  name: string;
  categoryId: number | null;
  unit: Unit;
  price: number;
  taxRateBp: number;
  cost: number;
  loyaltyPoints: number;
}

export interface LineTotals {
  id: number;
  gross: number;
  lineDiscount: number;
  ticketDiscount: number;
  total: number;
}

export interface TicketTotals {
  lines: LineTotals[];
  grossTotal: number;
  discountTotal: number;
  total: number;
  taxTotal: number;
  vat: VatLine[];
  /** articles sold minus returned: units count one each, weighed lines count one */
  itemCount: number;
  /** the part of the ticket discount that is the loyalty reward (cents) */
  loyaltyDiscount: number;
}

/** A change the ticket refuses (a discount over its total, a quantity out of range…): a refusal, not a fault. */
export class TicketError extends ValidationError {
  constructor(message: string) {
    super(message);
    this.name = 'TicketError';
  }
}

/** Largest quantity on one line (99,999 units or kg), so a mistyped scan can't become a quantity. */
export const MAX_LINE_QTY = 99_999 * QTY_ONE;
/** Largest unit price accepted (99,999.99 €). */
export const MAX_UNIT_PRICE = 9_999_999;

export function newTicket(id: string, createdAt: string): Ticket {
  return { id, createdAt, customerId: null, lines: [], discount: null, nextLineId: 1 };
}

/** A line's amount before discounts: unit price x quantity, or the price label's amount (signed like the quantity). */
export function lineGross(line: Pick<TicketLine, 'unitPrice' | 'quantity' | 'labelAmount'>): number {
  if (line.labelAmount != null) return Math.sign(line.quantity) * line.labelAmount;
  return lineAmount(line.unitPrice, line.quantity);
}

function checkQuantity(quantity: number): void {
  if (!Number.isInteger(quantity) || quantity === 0) throw new TicketError('Quantité invalide');
  if (Math.abs(quantity) > MAX_LINE_QTY) throw new TicketError('Quantité trop grande');
}

function checkPrice(price: number): void {
  if (!Number.isInteger(price) || price < 0 || price > MAX_UNIT_PRICE) throw new TicketError('Prix invalide');
}

function findLine(ticket: Ticket, lineId: number): TicketLine {
  const line = ticket.lines.find((l) => l.id === lineId);
  if (!line) throw new TicketError('Ligne introuvable');
  return line;
}

/** A return against a receipt keeps the paid price and quantity it was given (void it and return again instead). */
function refuseOriginEdit(line: TicketLine): void {
  if (line.origin) throw new TicketError(`Retour sur ticket n° ${line.origin.saleNumber} : annulez la ligne et refaites le retour`);
}

function replaceLine(ticket: Ticket, lineId: number, change: (l: TicketLine) => TicketLine): Ticket {
  return { ...ticket, lines: ticket.lines.map((l) => (l.id === lineId ? change(l) : l)) };
}

/**
 * Adds an article. Scanning the same unit article again right after adds to
 * the last line instead of a new one (one line "3 x" reads better than three),
 * unless that line was discounted or repriced.
 */
export function addLine(
  ticket: Ticket,
  article: SellableArticle,
  quantity: number,
  options: { unitPrice?: number; unit?: Unit; labelAmount?: number } = {},
): Ticket {
  checkQuantity(quantity);
  if (options.labelAmount !== undefined) checkPrice(options.labelAmount);
  const unitPrice = options.unitPrice ?? article.price;
  checkPrice(unitPrice);
  const unit = options.unit ?? article.unit;
  const last = ticket.lines[ticket.lines.length - 1];
  if (
    last &&
    article.id !== null &&
    last.articleId === article.id &&
    last.unit === 'unit' &&
    unit === 'unit' &&
    (last.unitPrice === unitPrice || (options.unitPrice === undefined && last.listPrice === unitPrice)) &&
    !last.priceOverridden &&
    last.labelAmount == null &&
    options.labelAmount === undefined &&
    last.discount === null &&
    !last.origin &&
    Math.sign(last.quantity) === Math.sign(quantity) &&
    Math.abs(last.quantity + quantity) <= MAX_LINE_QTY
  ) {
    return replaceLine(ticket, last.id, (l) => ({ ...l, quantity: l.quantity + quantity }));
  }
  const line: TicketLine = {
    id: ticket.nextLineId,
    articleId: article.id,
    code: article.code,
    name: article.name,
    categoryId: article.categoryId,
    unit,
    quantity,
    unitPrice,
    listPrice: article.price,
    taxRateBp: article.taxRateBp,
    cost: article.cost,
    loyaltyPoints: article.loyaltyPoints,
    discount: null,
    priceOverridden: options.unitPrice !== undefined && options.unitPrice !== article.price,
    ...(options.labelAmount !== undefined ? { labelAmount: options.labelAmount } : {}),
  };
  return { ...ticket, lines: [...ticket.lines, line], nextLineId: ticket.nextLineId + 1 };
}

export function changeQuantity(ticket: Ticket, lineId: number, quantity: number): Ticket {
  checkQuantity(quantity);
  const line = findLine(ticket, lineId);
  refuseOriginEdit(line);
  if (line.unit === 'unit' && quantity % QTY_ONE !== 0) throw new TicketError('Quantité entière attendue pour un article à l\'unité');
  // A new weight is priced by the kilo again: the label's amount was for its own weight.
  const next = replaceLine(ticket, lineId, (l) => ({ ...l, quantity, labelAmount: null }));
  checkLineDiscountFits(next, lineId);
  return next;
}

export function voidLine(ticket: Ticket, lineId: number): Ticket {
  findLine(ticket, lineId);
  return { ...ticket, lines: ticket.lines.filter((l) => l.id !== lineId) };
}

/** Turns a line into a return (negative quantity) or back into a sale. */
export function toggleReturn(ticket: Ticket, lineId: number): Ticket {
  refuseOriginEdit(findLine(ticket, lineId));
  return replaceLine(ticket, lineId, (l) => ({ ...l, quantity: -l.quantity }));
}

export function overridePrice(ticket: Ticket, lineId: number, unitPrice: number): Ticket {
  checkPrice(unitPrice);
  refuseOriginEdit(findLine(ticket, lineId));
  const next = replaceLine(ticket, lineId, (l) => ({ ...l, unitPrice, priceOverridden: unitPrice !== l.listPrice, labelAmount: null }));
  checkLineDiscountFits(next, lineId);
  return next;
}

function checkDiscount(discount: Discount): void {
  if (discount.kind === 'percent') {
    if (!Number.isInteger(discount.bp) || discount.bp <= 0 || discount.bp > 10000) {
      throw new TicketError('Remise en pourcentage entre 0 et 100 %');
    }
  } else if (!Number.isInteger(discount.cents) || discount.cents <= 0) {
    throw new TicketError('Montant de remise invalide');
  }
}

function checkLineDiscountFits(ticket: Ticket, lineId: number): void {
  const line = findLine(ticket, lineId);
  if (line.discount?.kind === 'amount' && line.discount.cents > Math.abs(lineGross(line))) {
    throw new TicketError('La remise dépasse le montant de la ligne');
  }
}

export function setLineDiscount(ticket: Ticket, lineId: number, discount: Discount | null): Ticket {
  if (discount) checkDiscount(discount);
  refuseOriginEdit(findLine(ticket, lineId));
  const next = replaceLine(ticket, lineId, (l) => ({ ...l, discount }));
  checkLineDiscountFits(next, lineId);
  return next;
}

export function setTicketDiscount(ticket: Ticket, discount: Discount | null): Ticket {
  if (discount) checkDiscount(discount);
  const next = { ...ticket, discount };
  if (discount?.kind === 'amount') {
    const saleNet = computeLineNets(next).filter((n) => n > 0).reduce((a, b) => a + b, 0);
    if (discount.cents > saleNet) throw new TicketError('La remise dépasse le montant des articles vendus');
  }
  return next;
}

/** Adds the same article again with the same quantity and price (the "repeat" key). */
export function repeatLine(ticket: Ticket, lineId?: number): Ticket {
  const line = lineId === undefined ? ticket.lines[ticket.lines.length - 1] : findLine(ticket, lineId);
  if (!line) throw new TicketError('Aucune ligne à répéter');
  refuseOriginEdit(line);
  const copy: TicketLine = { ...line, id: ticket.nextLineId };
  return { ...ticket, lines: [...ticket.lines, copy], nextLineId: ticket.nextLineId + 1 };
}

export function setCustomer(ticket: Ticket, customerId: number | null): Ticket {
  return { ...ticket, customerId };
}

function lineDiscountOf(line: TicketLine, gross: number): number {
  if (!line.discount) {
    // The automatic discount never exceeds the line, whatever was stored.
    const auto = Math.min(Math.abs(gross), Math.max(0, line.autoDiscount?.cents ?? 0));
    return gross < 0 ? -auto : auto;
  }
  if (line.discount.kind === 'percent') return percentOf(gross, line.discount.bp);
  const magnitude = Math.min(Math.abs(gross), line.discount.cents);
  return gross < 0 ? -magnitude : magnitude;
}

function computeLineNets(ticket: Ticket): number[] {
  return ticket.lines.map((l) => {
    const gross = lineGross(l);
    return gross - lineDiscountOf(l, gross);
  });
}

export function computeTotals(ticket: Ticket): TicketTotals {
  const grosses = ticket.lines.map((l) => lineGross(l));
  const lineDiscounts = ticket.lines.map((l, i) => lineDiscountOf(l, grosses[i]!));
  const nets = grosses.map((g, i) => g - lineDiscounts[i]!);

  // The ticket discount is shared between sale lines by their net amount.
  const saleWeights = nets.map((n) => (n > 0 ? n : 0));
  const saleNet = saleWeights.reduce((a, b) => a + b, 0);
  let ticketDiscountTotal = 0;
  if (ticket.discount && saleNet > 0) {
    ticketDiscountTotal =
      ticket.discount.kind === 'percent'
        ? percentOf(saleNet, ticket.discount.bp)
        : Math.min(ticket.discount.cents, saleNet);
  }
  // A loyalty reward discount comes off what the cashier's discount left.
  const loyalty = rewardDiscount(ticket.loyaltyReward);
  let loyaltyDiscount = 0;
  if (loyalty && saleNet - ticketDiscountTotal > 0) {
    const rest = saleNet - ticketDiscountTotal;
    loyaltyDiscount = loyalty.kind === 'percent' ? percentOf(rest, loyalty.bp) : Math.min(loyalty.cents, rest);
    ticketDiscountTotal += loyaltyDiscount;
  }
  const shares = ticketDiscountTotal > 0 ? allocate(ticketDiscountTotal, saleWeights) : nets.map(() => 0);

  const lines: LineTotals[] = ticket.lines.map((l, i) => ({
    id: l.id,
    gross: grosses[i]!,
    lineDiscount: lineDiscounts[i]!,
    ticketDiscount: shares[i]!,
    total: nets[i]! - shares[i]!,
  }));
  const vat = vatBreakdown(ticket.lines.map((l, i) => ({ rateBp: l.taxRateBp, amount: lines[i]!.total })));
  const sum = (f: (x: LineTotals) => number) => lines.reduce((a, x) => a + f(x), 0);
  const itemCount = ticket.lines.reduce(
    (acc, l) => acc + (l.unit === 'unit' ? Math.trunc(l.quantity / QTY_ONE) : Math.sign(l.quantity)),
    0,
  );
  return {
    lines,
    grossTotal: sum((x) => x.gross),
    discountTotal: sum((x) => x.lineDiscount + x.ticketDiscount),
    total: sum((x) => x.total),
    taxTotal: vat.reduce((a, v) => a + v.tax, 0),
    vat,
    itemCount,
    loyaltyDiscount,
  };
}

/** A discount shown under its line: the automatic ones with their label (manual ones are labelled by the screen). */
export interface DiscountLine {
  lineId: number;
  label: string;
  cents: number;
  promotionId: number | null;
  automatic: boolean;
}

/** The discount lines to show under the ticket lines, in ticket order. */
export function discountLines(ticket: Ticket, totals: TicketTotals): DiscountLine[] {
  const out: DiscountLine[] = [];
  ticket.lines.forEach((l, i) => {
    const cents = totals.lines[i]?.lineDiscount ?? 0;
    if (!cents) return;
    const auto = l.discount ? null : l.autoDiscount ?? null;
    out.push({ lineId: l.id, label: auto?.label ?? '', cents, promotionId: auto?.promotionId ?? null, automatic: auto !== null });
  });
  return out;
}

/**
 * The label a manual line discount keeps on the sale and the receipt, in the
 * shop's language like the automatic ones: 'Remise 10 %', or 'Remise' for an amount
 * (the amount is printed beside it).
 */
export function manualDiscountLabel(discount: Discount): string {
  return discount.kind === 'percent' ? `Remise ${formatRate(discount.bp)}` : 'Remise';
}

/** '10%' / '2.50' style text of a discount, kept on the sale for the record. */
export function describeDiscount(discount: Discount | null): string {
  if (!discount) return '';
  return discount.kind === 'percent' ? `${discount.bp}bp` : `${discount.cents}c`;
}

/** Checks a ticket read back from storage (a crash may have left anything there). */
export function isTicket(value: unknown): value is Ticket {
  if (!value || typeof value !== 'object') return false;
  const t = value as Ticket;
  return (
    typeof t.id === 'string' &&
    typeof t.createdAt === 'string' &&
    Array.isArray(t.lines) &&
    Number.isInteger(t.nextLineId) &&
    t.lines.every(
      (l) =>
        l &&
        Number.isInteger(l.id) &&
        typeof l.name === 'string' &&
        Number.isInteger(l.quantity) &&
        Number.isInteger(l.unitPrice) &&
        Number.isInteger(l.taxRateBp) &&
        (l.unit === 'unit' || l.unit === 'kg') &&
        (l.autoDiscount == null || (Number.isInteger(l.autoDiscount.cents) && l.autoDiscount.cents >= 0 && typeof l.autoDiscount.label === 'string')) &&
        (l.labelAmount == null || (Number.isInteger(l.labelAmount) && l.labelAmount >= 0 && l.labelAmount <= MAX_UNIT_PRICE)),
    )
  );
}
