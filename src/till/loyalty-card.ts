// The loyalty card as the till shows it: the attached customer's card plus
// what the open ticket would add, the header badge, and when to alert the
// cashier. Pure: the session feeds it the stored status and the ticket.
import { earningLines, saleProgress, type TicketLoyaltyReward } from '../core/customers/loyalty.js';
import type { LoyaltyStatus } from '../core/customers/loyalty.service.js';
import type { Ticket, TicketTotals } from '../core/sales/ticket.js';

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

/** "★ 72/100", "★ 4/10 visites", "★ 85/150 €"; a given reward shows as ✓. */
export function loyaltyBadge(loyalty: TillLoyalty, locale: 'fr' | 'en' = 'fr'): string {
  const { criterion, threshold } = loyalty.status;
  const euros = (c: number) => String(Math.trunc(c / 100));
  const progress = criterion === 'spent' ? `${euros(loyalty.projected)}/${euros(threshold)} €` : `${loyalty.projected}/${threshold}`;
  const unit = criterion === 'visits' ? (locale === 'fr' ? ' visites' : ' visits') : criterion === 'items' ? (locale === 'fr' ? ' articles' : ' items') : '';
  const mark = loyalty.reward ? ' ✓' : loyalty.complete ? ' !' : '';
  return `★ ${progress}${unit}${mark}`;
}

/** The alert fires once per ticket, customer and card: when the card is (or becomes) complete. */
export function loyaltyAlertKey(ticket: Ticket, loyalty: TillLoyalty | null): string | null {
  if (!loyalty || !loyalty.complete || loyalty.reward) return null;
  return `${ticket.id}/${ticket.customerId}/${loyalty.status.cardNo}`;
}
