// Returns against the original receipt, as pure rules: what a sale's line
// actually cost the customer, what is still returnable, and the return line
// that gives back exactly that (no I/O here; receipt-returns.ts reads and
// writes).
//
// Decisions:
// - A stored sale line's `total` is already what was paid for it: after its
//   line discount (manual, promotion, customer group) and its share of the
//   ticket discount (and loyalty reward discount); the lines' totals sum to
//   the sale's total to the cent (ticket.ts shares by largest remainder).
// - A part of a line is refunded so that every return of that line, added up,
//   never gives back more than the line's total, and returning it all gives
//   back exactly that total: the refund of the units n+1..n+q is
//   round(total x (n+q) / sold) - round(total x n / sold).
// - The return line shows the paid unit price (rounded up to the cent) and a
//   discount of the few cents that rounding adds, so its amount is exact.
import { isValidEan13 } from './barcode.js';
import { mulDiv } from '../basics/money.js';
import { QTY_ONE, lineAmount } from '../basics/quantity.js';
import type { Ticket, TicketLine } from './ticket.js';
import { ValidationError } from '../basics/errors.js';

/** Where a return line comes from: the original sale (any till of the shop) and its line. */
export interface ReturnOrigin {
  saleId: number;
  lineNo: number;
  tillId: number;
  /** the sale's number on its till (the one printed on the receipt) */
  saleNumber: number;
}

/** What the rules need of an original sale line: the ticket line's snapshot, its number and what was paid for it (cents, after every discount). */
export type SoldLine = Pick<TicketLine, 'articleId' | 'code' | 'name' | 'categoryId' | 'unit' | 'quantity' | 'taxRateBp' | 'cost' | 'loyaltyPoints'> & {
  lineNo: number;
  total: number;
};

export interface ReturnableLine extends SoldLine {
  /** thousandths already returned, by every earlier return on any till */
  returned: number;
  /** thousandths that may still come back */
  returnable: number;
}

/** A return the original sale refuses (nothing left to return, another customer…): a refusal, not a fault. */
export class ReturnError extends ValidationError {
  constructor(message: string) {
    super(message);
    this.name = 'ReturnError';
  }
}

/** `27` + till (2 digits) + sale number (8 digits) + check digit (see saleBarcode in receipt.ts). */
export function decodeSaleBarcode(code: string): { tillId: number; number: number } | null {
  if (!code.startsWith('27') || !isValidEan13(code)) return null;
  const tillId = Number(code.slice(2, 4));
  const number = Number(code.slice(4, 12));
  return tillId > 0 && number > 0 ? { tillId, number } : null;
}

/**
 * What the cashier types on the return screen: the 13 digits under the
 * receipt's barcode, `till/number` (`2/15`, `2-15`), or the number alone (a
 * sale of this till).
 */
export function parseReceiptReference(text: string, thisTill: number): { tillId: number; number: number } | null {
  const t = text.trim();
  if (/^\d{13}$/.test(t)) return decodeSaleBarcode(t);
  const pair = /^(\d{1,2})\s*[/\-. ]\s*(\d{1,8})$/.exec(t);
  if (pair) return Number(pair[1]) > 0 && Number(pair[2]) > 0 ? { tillId: Number(pair[1]), number: Number(pair[2]) } : null;
  if (/^\d{1,8}$/.test(t) && Number(t) > 0) return { tillId: thisTill, number: Number(t) };
  return null;
}

/** The lines of a sale with what is still returnable, given what earlier returns took back (thousandths by line number). */
export function returnableLines(lines: SoldLine[], returnedByLine: ReadonlyMap<number, number>): ReturnableLine[] {
  return lines
    .filter((l) => l.quantity > 0)
    .map((l) => {
      const returned = Math.max(0, returnedByLine.get(l.lineNo) ?? 0);
      return { ...l, returned, returnable: Math.max(0, l.quantity - returned) };
    });
}

/**
 * Cents to give back for `quantity` more of a line of which `alreadyReturned`
 * came back before: cumulative shares of the line's paid total, so the
 * returns of a line add up to exactly its total.
 */
export function refundAmount(line: Pick<SoldLine, 'quantity' | 'total'>, alreadyReturned: number, quantity: number): number {
  if (!Number.isInteger(quantity) || quantity <= 0) throw new ReturnError('Quantité à rendre invalide');
  if (alreadyReturned + quantity > line.quantity) throw new ReturnError('Quantité au-delà de ce qui reste à rendre');
  return mulDiv(line.total, alreadyReturned + quantity, line.quantity) - mulDiv(line.total, alreadyReturned, line.quantity);
}

/**
 * The paid unit amount of each line (cents per unit or per kg, to the tenth
 * of a cent shown rounded by the screen), and each line's paid total; the
 * totals sum to the sale's total.
 */
export function paidUnitAmounts(lines: Array<Pick<SoldLine, 'lineNo' | 'quantity' | 'total'>>): Array<{ lineNo: number; unitPaid: number; total: number }> {
  return lines.map((l) => ({ lineNo: l.lineNo, unitPaid: l.quantity === 0 ? 0 : Math.round((l.total * QTY_ONE) / l.quantity), total: l.total }));
}

/**
 * The unit price and discount that make a return line of `quantity` come to
 * exactly `refund` cents: the least unit price whose amount reaches the
 * refund, and the rounding cents as the line's discount.
 */
export function returnPricing(refund: number, quantity: number): { unitPrice: number; discountCents: number } {
  if (refund <= 0) return { unitPrice: 0, discountCents: 0 };
  let unitPrice = Math.ceil((refund * QTY_ONE) / quantity);
  // lineAmount rounds half away from zero: step down while the lower price still reaches the refund.
  while (unitPrice > 0 && lineAmount(unitPrice - 1, quantity) >= refund) unitPrice -= 1;
  while (lineAmount(unitPrice, quantity) < refund) unitPrice += 1;
  return { unitPrice, discountCents: lineAmount(unitPrice, quantity) - refund };
}

/**
 * The ticket line returning `quantity` of a sold line: negative, at the paid
 * price, remembering its origin. Loyalty points come back off the card only
 * when the sale earned them (it had a customer).
 */
export function returnLine(
  id: number,
  sold: ReturnableLine,
  quantity: number,
  origin: ReturnOrigin,
  earnedLoyalty: boolean,
): TicketLine {
  if (quantity > sold.returnable) throw new ReturnError(`${sold.name} : au plus ${sold.returnable / QTY_ONE} à rendre`);
  if (sold.unit === 'unit' && quantity % QTY_ONE !== 0) throw new ReturnError('Quantité entière attendue pour un article à l\'unité');
  const refund = refundAmount(sold, sold.returned, quantity);
  const { unitPrice, discountCents } = returnPricing(refund, quantity);
  return {
    id,
    articleId: sold.articleId,
    code: sold.code,
    name: sold.name,
    categoryId: sold.categoryId,
    unit: sold.unit,
    quantity: -quantity,
    unitPrice,
    listPrice: unitPrice,
    taxRateBp: sold.taxRateBp,
    cost: sold.cost,
    loyaltyPoints: earnedLoyalty ? sold.loyaltyPoints : 0,
    discount: discountCents > 0 ? { kind: 'amount', cents: discountCents } : null,
    priceOverridden: false,
    autoDiscount: null,
    origin,
  };
}

/** The tender to propose for a refund: the original sale's largest payment (card back to card, account back to account). */
export function proposedRefundMethod<M extends string>(payments: Array<{ method: M; amount: number }>): M | null {
  let best: { method: M; amount: number } | null = null;
  for (const p of payments) if (p.amount > 0 && (best === null || p.amount > best.amount)) best = p;
  return best?.method ?? null;
}

/** The sale a return is made against, as the return screen holds it. */
export interface ReceiptToReturn {
  saleId: number;
  tillId: number;
  number: number;
  customerId: number | null;
  lines: ReturnableLine[];
}

/**
 * The ticket with the picked quantities (thousandths by line number) returned
 * from a receipt. What this ticket already returns of the same line counts as
 * returned. The sale's customer comes onto the ticket, so the card loses the
 * progress those lines gave and an account sale is refunded to the account;
 * a ticket already for another customer (or for one, when the sale had none)
 * is refused.
 */
export function addReceiptReturn(ticket: Ticket, receipt: ReceiptToReturn, picks: ReadonlyMap<number, number>): Ticket {
  const chosen = [...picks].filter(([, q]) => q > 0);
  if (chosen.length === 0) throw new ReturnError('Choisissez au moins un article à rendre');
  if (ticket.customerId !== null && ticket.customerId !== receipt.customerId) {
    // The card on the ticket would lose progress (items, amount spent) it never got from that sale.
    throw new ReturnError(
      receipt.customerId === null
        ? `Le ticket n° ${receipt.number} était sans client : retirez le client (F2) ou encaissez d'abord le ticket en cours`
        : `Le ticket n° ${receipt.number} est celui d'un autre client : encaissez d'abord le ticket en cours`,
    );
  }
  let next: Ticket = { ...ticket, customerId: ticket.customerId ?? receipt.customerId };
  for (const [lineNo, quantity] of chosen) {
    const sold = receipt.lines.find((l) => l.lineNo === lineNo);
    if (!sold) throw new ReturnError(`Ligne ${lineNo} introuvable sur le ticket n° ${receipt.number}`);
    const onTicket = next.lines
      .filter((l) => l.origin?.saleId === receipt.saleId && l.origin.lineNo === lineNo)
      .reduce((a, l) => a - l.quantity, 0);
    const returned = sold.returned + onTicket;
    const view: ReturnableLine = { ...sold, returned, returnable: Math.max(0, sold.quantity - returned) };
    const origin: ReturnOrigin = { saleId: receipt.saleId, lineNo, tillId: receipt.tillId, saleNumber: receipt.number };
    const line = returnLine(next.nextLineId, view, quantity, origin, receipt.customerId !== null);
    next = { ...next, lines: [...next.lines, line], nextLineId: next.nextLineId + 1 };
  }
  return next;
}
