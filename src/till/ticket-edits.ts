// Changes to lines already on the ticket (void, return, price, discount,
// repeat) and the loyalty card's reward. Each is checked first (bad input
// changes nothing), then approved if the shop's table says so, then saved
// with its audit event in one go.
import { formatMoney, parseMoney } from '../core/basics/money.js';
import { sellable } from '../core/catalogue/article.js';
import { giveReward, withdrawReward } from '../core/customers/loyalty.js';
import { discountOverLimit, parseDiscount } from '../core/sales/discount.js';
import { computeTotals, overridePrice, repeatLine, setLineDiscount, setTicketDiscount, toggleReturn, voidLine } from '../core/sales/ticket.js';
import { formatRate } from '../core/catalogue/vat.js';
import type { ResultEvent } from './effects.js';
import { commitTicket, guard } from './guard.js';
import { loyaltyBadge } from './loyalty-badge.js';
import { refundEvent } from './sale-lines.js';
import { fail, step, type Step, type TillContext } from './step.js';
import { targetLineIndex, type TillState } from './state.js';
import { firstKey } from '../core/shop/key-map.js';

const lineFacts = (ticketId: string, line: { name: string; quantity: number; unitPrice: number }) => ({
  ticket: ticketId,
  name: line.name,
  quantity: line.quantity,
  unitPrice: line.unitPrice,
});

export function voidSelected(state: TillState, ctx: TillContext): Step {
  const index = targetLineIndex(state);
  if (index === null) return step(fail(state, ctx.t('sale.noLine')));
  const line = state.ticket.lines[index]!;
  return guard(state, 'void_line', null, {
    kind: 'ticket',
    ticket: voidLine(state.ticket, line.id),
    audit: [{ kind: 'void_line', articleId: line.articleId, details: lineFacts(state.ticket.id, line) }],
    after: { patch: { selectedLine: null }, message: { kind: 'info', text: ctx.t('sale.voided', { name: line.name }) } },
  }, ctx);
}

/** F8 on a line: a sale becomes a return (a refund, approved and audited), and back (nothing to approve). */
export function toggleReturnLine(state: TillState, ctx: TillContext): Step {
  const index = targetLineIndex(state);
  if (index === null) return step(fail(state, ctx.t('sale.noLine')));
  const line = state.ticket.lines[index]!;
  const next = toggleReturn(state.ticket, line.id);
  if (line.quantity < 0) return commitTicket(state, next, { message: { kind: 'info', text: ctx.t('sale.added', { name: line.name }) } });
  return guard(state, 'refund', null, {
    kind: 'ticket',
    ticket: next,
    audit: [refundEvent(state.ticket.id, next.lines.find((l) => l.id === line.id)!)],
    after: { message: { kind: 'info', text: ctx.t('sale.returned', { name: line.name }) } },
  }, ctx);
}

export function repeatSelected(state: TillState, ctx: TillContext): Step {
  const index = targetLineIndex(state);
  if (index === null) return step(fail(state, ctx.t('sale.noLine')));
  return commitTicket(state, repeatLine(state.ticket, state.ticket.lines[index]!.id), {});
}

/** F6: `10%` or `2,50` on the chosen line, or on the whole ticket; over the shop's limit a manager approves, and it is audited. */
export function applyDiscount(state: TillState, ctx: TillContext): Step {
  const discount = parseDiscount(state.input);
  if (!discount) return step(fail(state, ctx.t('sale.discountHint', { key: firstKey(state.keys, 'discount', ctx.locale) })));
  const { ticket } = state;
  const index = state.selectedLine;
  const next = index !== null ? setLineDiscount(ticket, ticket.lines[index]!.id, discount) : setTicketDiscount(ticket, discount);
  const overLimit = discountOverLimit(discount, computeTotals(ticket), computeTotals(next), state.settings?.['discount.maxWithoutManagerBp'] ?? 1000);
  const label = discount.kind === 'percent' ? formatRate(discount.bp) : formatMoney(discount.cents);
  const after = { patch: { input: '' }, message: { kind: 'success' as const, text: ctx.t(index !== null ? 'sale.discountLine' : 'sale.discountTicket', { d: label }) } };
  if (!overLimit) return commitTicket(state, next, after);
  const audit = [{ kind: 'discount', details: { ticket: ticket.id, line: index !== null ? ticket.lines[index]!.name : null, discount } }];
  return guard(state, 'discount_over_limit', label, { kind: 'ticket', ticket: next, audit, after }, ctx);
}

/** F7: the chosen line's price, typed first; always approved as the table says, and audited. */
export function applyPrice(state: TillState, ctx: TillContext): Step {
  const index = targetLineIndex(state);
  if (index === null) return step(fail(state, ctx.t('sale.noLine')));
  const price = parseMoney(state.input);
  if (price === null || price < 0) return step(fail(state, ctx.t('sale.priceHint', { key: firstKey(state.keys, 'price', ctx.locale) })));
  const line = state.ticket.lines[index]!;
  return guard(state, 'price_override', formatMoney(price), {
    kind: 'ticket',
    ticket: overridePrice(state.ticket, line.id, price),
    audit: [{ kind: 'price_override', articleId: line.articleId, details: { ticket: state.ticket.id, name: line.name, from: line.unitPrice, to: price } }],
    after: { patch: { input: '' }, message: { kind: 'success', text: ctx.t('sale.priceChanged', { name: line.name }) } },
  }, ctx);
}

/** Ctrl+G / Alt+G: gives the card's reward on this ticket, or takes it off again. */
export function toggleLoyaltyReward(state: TillState, ctx: TillContext): Step {
  const { ticket, loyalty } = state;
  if (ticket.loyaltyReward) return commitTicket(state, withdrawReward(ticket), { message: { kind: 'info', text: ctx.t('loyalty.removed') } });
  if (ticket.customerId === null) return step(fail(state, ctx.t('loyalty.noCustomer')));
  if (!loyalty) return step(fail(state, ctx.t('loyalty.off')));
  if (!loyalty.complete) return step(fail(state, ctx.t('loyalty.notComplete', { progress: loyaltyBadge(loyalty, ctx.t) })));
  const reward = loyalty.status.reward;
  return step(state, { kind: 'rewardArticle', articleId: reward.kind === 'article' ? reward.articleId : null });
}

/** The reward's free article was read (when it is one): the reward goes on the ticket. A refusal (LoyaltyError) is said. */
export function onRewardArticle(state: TillState, event: Extract<ResultEvent, { type: 'rewardArticle' }>, ctx: TillContext): Step {
  const loyalty = state.loyalty;
  if (!loyalty) return step(state);
  const { reward, cardNo } = loyalty.status;
  const found = event.article;
  const ticket = giveReward(state.ticket, reward, cardNo, found ? sellable(found) : null);
  const money = (c: number) => formatMoney(c, ctx.locale);
  const what =
    reward.kind === 'percent' ? formatRate(reward.value, ctx.locale)
    : reward.kind === 'article' ? (found?.name ?? '')
    : reward.kind === 'voucher' ? ctx.t('loyalty.voucher', { amount: money(reward.value) })
    : money(reward.value);
  return commitTicket(state, ticket, { message: { kind: 'success', text: ctx.t('loyalty.applied', { reward: what }) } });
}
