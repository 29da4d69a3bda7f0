// A discount typed at the till (`10%` or `2,50` then F6) and the shop's limit
// above which a manager approves it.
import { parseMoney } from '../basics/money.js';
import type { Discount, TicketTotals } from './ticket.js';

/** `10%`, `12,5 %` → a percentage; `2,50` → an amount; anything else → null. */
export function parseDiscount(text: string): Discount | null {
  const t = text.trim();
  const percent = /^(\d{1,3}(?:[.,]\d{1,2})?)\s*%$/.exec(t);
  if (percent) return { kind: 'percent', bp: Math.round(Number(percent[1]!.replace(',', '.')) * 100) };
  const cents = parseMoney(t);
  return cents !== null && cents > 0 ? { kind: 'amount', cents } : null;
}

/**
 * Over the shop's limit (basis points of the ticket's gross total): a
 * percentage above it, or an amount that takes off more than that share.
 */
export function discountOverLimit(discount: Discount, before: TicketTotals, after: TicketTotals, limitBp: number): boolean {
  if (discount.kind === 'percent') return discount.bp > limitBp;
  const base = Math.max(1, before.grossTotal);
  return (before.total - after.total) * 10000 > limitBp * base;
}
