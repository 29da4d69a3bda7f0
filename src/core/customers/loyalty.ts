// Loyalty cards, as pure rules: what a sale adds to a customer's card, when a
// card is complete, and what the reward does to the next card.
//
// Decisions (documented here because the issue leaves them open):
// - Each criterion counts in its own unit: points (article points x units,
//   a weighed line counts once), spent (cents TTC of the sale total), visits
//   (one a sale), items (units, a weighed line counts once, like itemCount).
// - Returns give progress back: negative lines subtract points and items, a
//   negative total subtracts what was spent. A return-only sale neither adds
//   nor removes a visit: the earlier visit really happened, and a refund
//   ticket is not a new one. A sale that sells anything counts one visit.
// - The free article given as a reward earns nothing.
// - A card is complete when its progress reaches the threshold; it stays
//   complete (and keeps counting) until the reward is given "now or later".
//   Giving the reward closes the card: the next card starts with the surplus
//   (progress - threshold) carried over, so nothing earned is lost.
// - Progress may go below zero when goods are returned after their reward
//   was given: the customer earns it back before the next reward.
import { QTY_ONE, type Unit } from '../basics/quantity.js';
import type { ShopSettings } from '../shop/settings.service.js';
import type { Discount, SellableArticle, Ticket, TicketLine } from '../sales/ticket.js';
import { ValidationError } from '../basics/errors.js';

export const LOYALTY_CRITERIA = ['points', 'spent', 'visits', 'items'] as const;
export type LoyaltyCriterion = (typeof LOYALTY_CRITERIA)[number];
export const LOYALTY_REWARD_KINDS = ['percent', 'amount', 'voucher', 'article'] as const;
export type LoyaltyRewardKind = (typeof LOYALTY_REWARD_KINDS)[number];

export interface LoyaltyReward {
  kind: LoyaltyRewardKind;
  /** basis points for 'percent', cents for 'amount' and 'voucher', unused for 'article' */
  value: number;
  /** the free article for 'article' */
  articleId: number | null;
}

export interface LoyaltySettings {
  enabled: boolean;
  criterion: LoyaltyCriterion;
  threshold: number;
  reward: LoyaltyReward;
}

/** The reward as applied on an open ticket, tagged with the card it closes. */
export interface TicketLoyaltyReward {
  kind: LoyaltyRewardKind;
  value: number;
  cardNo: number;
  /** the free article's line, for 'article' */
  lineId: number | null;
}

export function loyaltySettingsOf(settings: ShopSettings): LoyaltySettings {
  const criterion = (LOYALTY_CRITERIA as readonly string[]).includes(settings['loyalty.criterion']) ? settings['loyalty.criterion'] : 'points';
  const kind = (LOYALTY_REWARD_KINDS as readonly string[]).includes(settings['loyalty.reward.kind']) ? settings['loyalty.reward.kind'] : 'amount';
  const threshold = Number.isInteger(settings['loyalty.threshold']) && settings['loyalty.threshold'] > 0 ? settings['loyalty.threshold'] : 100;
  const value = Number.isInteger(settings['loyalty.reward.value']) && settings['loyalty.reward.value'] >= 0 ? settings['loyalty.reward.value'] : 0;
  const articleId = settings['loyalty.reward.articleId'];
  return {
    enabled: settings['loyalty.enabled'] === true,
    criterion,
    threshold,
    reward: { kind, value, articleId: Number.isInteger(articleId) ? articleId : null },
  };
}

/** What a line needs for the progress it brings. */
export interface ProgressLine {
  unit: Unit;
  /** thousandths; negative for a return */
  quantity: number;
  loyaltyPoints: number;
}

/** Units of a line as the till counts them: whole units, or one for a weighed line (signed). */
export function lineUnits(line: ProgressLine): number {
  return line.unit === 'unit' ? Math.trunc(line.quantity / QTY_ONE) : Math.sign(line.quantity);
}

/** The progress a sale brings to the card (negative for returns), in the criterion's unit. */
export function saleProgress(criterion: LoyaltyCriterion, lines: ProgressLine[], total: number): number {
  switch (criterion) {
    case 'points':
      return lines.reduce((acc, l) => acc + l.loyaltyPoints * lineUnits(l), 0);
    case 'spent':
      return total;
    case 'visits':
      return lines.some((l) => l.quantity > 0) ? 1 : 0;
    case 'items':
      return lines.reduce((acc, l) => acc + lineUnits(l), 0);
  }
}

/** Lines of the ticket that earn progress: all but the free reward article. */
export function earningLines(lines: TicketLine[], reward: TicketLoyaltyReward | null | undefined): TicketLine[] {
  const freeLine = reward?.kind === 'article' ? reward.lineId : null;
  return freeLine === null ? lines : lines.filter((l) => l.id !== freeLine);
}

export interface LoyaltyEntryLike {
  kind: 'earn' | 'return' | 'reward' | 'adjust';
  amount: number;
  cardNo: number;
}

export interface LoyaltyCard {
  cardNo: number;
  progress: number;
  threshold: number;
  complete: boolean;
}

/**
 * The current card from the ledger: the highest card number (a card closed by
 * its reward is followed by the next one, even before anything is earned on
 * it), and what was earned on it.
 */
export function currentCard(entries: LoyaltyEntryLike[], threshold: number): LoyaltyCard {
  const cardNo = entries.reduce((max, e) => Math.max(max, e.kind === 'reward' ? e.cardNo + 1 : e.cardNo), 1);
  const progress = entries.filter((e) => e.cardNo === cardNo && e.kind !== 'reward').reduce((a, e) => a + e.amount, 0);
  return { cardNo, progress, threshold, complete: progress >= threshold };
}

/** A reward the card or the ticket refuses: a refusal, not a fault. */
export class LoyaltyError extends ValidationError {
  constructor(message: string) {
    super(message);
    this.name = 'LoyaltyError';
  }
}

/**
 * The ledger entries a sale writes: its progress on the current card and,
 * when the ticket gives the reward, the reward closing that card and the
 * surplus carried over to the next one. Refuses a reward on a card that
 * isn't complete even with this sale.
 */
export function planSaleEntries(card: LoyaltyCard, progress: number, rewardCardNo: number | null): LoyaltyEntryLike[] {
  const entries: LoyaltyEntryLike[] = [{ kind: progress < 0 ? 'return' : 'earn', amount: progress, cardNo: card.cardNo }];
  if (rewardCardNo === null) return entries;
  const reached = card.progress + progress;
  if (rewardCardNo !== card.cardNo || reached < card.threshold) {
    throw new LoyaltyError(`La carte fidélité n'est pas complète (${reached}/${card.threshold})`);
  }
  entries.push({ kind: 'reward', amount: -card.threshold, cardNo: card.cardNo });
  const surplus = reached - card.threshold;
  if (surplus !== 0) entries.push({ kind: 'adjust', amount: surplus, cardNo: card.cardNo + 1 });
  return entries;
}

/** The ticket discount a reward makes, if it is a discount. */
export function rewardDiscount(reward: TicketLoyaltyReward | null | undefined): Discount | null {
  if (!reward || reward.value <= 0) return null;
  if (reward.kind === 'percent') return { kind: 'percent', bp: Math.min(10_000, reward.value) };
  if (reward.kind === 'amount') return { kind: 'amount', cents: reward.value };
  return null;
}

const UNIT_LABELS: Record<LoyaltyCriterion, { fr: string; en: string }> = {
  points: { fr: 'points', en: 'points' },
  spent: { fr: '€', en: '€' },
  visits: { fr: 'visites', en: 'visits' },
  items: { fr: 'articles', en: 'items' },
};

/** "72/100 points", "4/10 visites", "85,00/150,00 €" */
export function formatProgress(criterion: LoyaltyCriterion, progress: number, threshold: number, locale: 'fr' | 'en' = 'fr'): string {
  const n = (v: number) => (criterion === 'spent' ? (v / 100).toFixed(2).replace('.', locale === 'fr' ? ',' : '.') : String(v));
  return `${n(progress)}/${n(threshold)} ${UNIT_LABELS[criterion][locale]}`;
}

/** What the receipt prints: the card after the sale, and the reward the sale gave. */
export interface SaleLoyalty {
  criterion: LoyaltyCriterion;
  threshold: number;
  progress: number;
  cardNo: number;
  complete: boolean;
  reward: { kind: LoyaltyRewardKind; cost: number } | null;
  voucher: { code: string; amount: number } | null;
}

/**
 * Puts the reward of card `cardNo` on the ticket: a discount is applied by
 * computeTotals, a voucher is issued when the sale completes, a free article
 * is added as its own line at 100 % off (never merged with a paid line).
 */
export function giveReward(ticket: Ticket, reward: LoyaltyReward, cardNo: number, article: SellableArticle | null): Ticket {
  const base = withdrawReward(ticket);
  if (reward.kind !== 'article') return { ...base, loyaltyReward: { kind: reward.kind, value: reward.value, cardNo, lineId: null } };
  if (!article) throw new LoyaltyError("L'article offert par la carte fidélité est introuvable");
  const line: TicketLine = {
    id: base.nextLineId,
    articleId: article.id,
    code: article.code,
    name: article.name,
    categoryId: article.categoryId,
    unit: 'unit',
    quantity: QTY_ONE,
    unitPrice: article.price,
    listPrice: article.price,
    taxRateBp: article.taxRateBp,
    cost: article.cost,
    loyaltyPoints: 0,
    discount: { kind: 'percent', bp: 10_000 },
    priceOverridden: false,
  };
  return {
    ...base,
    lines: [...base.lines, line],
    nextLineId: base.nextLineId + 1,
    loyaltyReward: { kind: 'article', value: article.price, cardNo, lineId: line.id },
  };
}

/** Takes the reward off the ticket again (and its free article line). */
export function withdrawReward(ticket: Ticket): Ticket {
  const reward = ticket.loyaltyReward;
  if (!reward) return ticket;
  const lines = reward.lineId === null ? ticket.lines : ticket.lines.filter((l) => l.id !== reward.lineId);
  return { ...ticket, lines, loyaltyReward: null };
}

/** Drops a free-article reward whose line was voided, so the ticket never carries a dangling reward. */
export function pruneReward(ticket: Ticket): Ticket {
  const reward = ticket.loyaltyReward;
  if (!reward || reward.lineId === null || ticket.lines.some((l) => l.id === reward.lineId)) return ticket;
  return { ...ticket, loyaltyReward: null };
}
