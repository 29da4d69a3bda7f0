// The loyalty card with the open ticket: the attached customer's card plus
// what the ticket would add, whether that completes it, and when to alert the
// cashier (once). Pure: the till feeds it the stored status and the ticket.
import { earningLines, saleProgress, type TicketLoyaltyReward } from './loyalty.js';
import type { LoyaltyStatus } from './loyalty.service.js';
import type { Ticket, TicketTotals } from '../sales/ticket.js';

export interface TillLoyalty {
  status: LoyaltyStatus;
  /** progress of the card once this ticket is paid */
  projected: number;
  /** the card is (or will be, with this ticket) complete */
  complete: boolean;
  /** the reward given on this ticket, if any */
  reward: TicketLoyaltyReward | null;
}

export function projectLoyalty(status: LoyaltyStatus | null, ticket: Ticket, totals: TicketTotals): TillLoyalty | null {
  if (!status || ticket.customerId === null) return null;
  const reward = ticket.loyaltyReward ?? null;
  const projected = status.progress + saleProgress(status.criterion, earningLines(ticket.lines, reward), totals.total);
  return { status, projected, complete: projected >= status.threshold, reward };
}

/** The alert fires once per ticket, customer and card: when the card is (or becomes) complete. */
export function loyaltyAlertKey(ticket: Ticket, loyalty: TillLoyalty | null): string | null {
  if (!loyalty || !loyalty.complete || loyalty.reward) return null;
  return `${ticket.id}/${ticket.customerId}/${loyalty.status.cardNo}`;
}
