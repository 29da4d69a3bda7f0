// What the till shows once the world answered: the ticket saved and priced,
// the sale committed, a drawer opened or not, the back office closed, the
// link to the server lost or found again.
import { formatMoney } from '../core/basics/money.js';
import { saleDuties } from '../core/sales/sale-duties.js';
import type { OfflineStatus } from '../core/shop/offline-till.service.js';
import type { ResultEvent } from './effects.js';
import { loyaltyAlertKey, projectLoyalty } from '../core/customers/loyalty-card.js';
import { fail, info, patch, say, step, success, type Step, type TillContext } from './step.js';
import type { TillState } from './state.js';
import { keyMapOf } from '../core/shop/key-map.js';
import { firstKey } from '../core/shop/key-map.js';

/** The new ticket, already saved, priced for its customer: shown, on the customer display too. */
export function onTicketSet(state: TillState, event: Extract<ResultEvent, { type: 'ticketSet' }>, ctx: TillContext): Step {
  const { ticket, totals } = event;
  const loyalty = projectLoyalty(event.loyalty, ticket, totals);
  const selected = state.selectedLine;
  let s = patch(state, {
    ticket,
    totals,
    customer: event.customer,
    account: event.account,
    selectedLine: selected !== null && selected < ticket.lines.length ? selected : null,
    loyalty,
  });
  // Rings once when the card is complete or this ticket completes it.
  const alert = loyaltyAlertKey(ticket, loyalty);
  if (alert !== null && alert !== s.loyaltyAlerted) s = patch(s, { loyaltyAlerted: alert, loyaltyAlert: ctx.t('loyalty.alert', { key: firstKey(s.keys, 'loyalty', ctx.locale) }), bell: s.bell + 1 });
  if (event.after.patch) s = patch(s, event.after.patch);
  if (event.after.message) s = say(s, event.after.message);
  const last = ticket.lines[ticket.lines.length - 1];
  const money = (c: number) => formatMoney(c, ctx.locale, { symbol: false });
  if (last) return step(s, { kind: 'display', lines: [[last.name, money(totals.lines[totals.lines.length - 1]!.total)], [ctx.t('sale.total'), money(totals.total)]] });
  if (state.ticket.lines.length > 0) return step(s, { kind: 'display', lines: [state.shopName, ''] });
  return step(s);
}

/**
 * The sale is durable: a new ticket, the total and change on the display, the
 * grid's stock read again, then the receipt and the drawer (a device fault
 * never undoes the sale). Online, the sale's own transaction wrote its receipt
 * job and drawer kick; offline, the local file owes nothing.
 */
export function onSaleCompleted(state: TillState, event: Extract<ResultEvent, { type: 'saleCompleted' }>, ctx: TillContext): Step {
  const { sale } = event;
  const money = (c: number) => formatMoney(c, ctx.locale, { symbol: false });
  return step(patch(state, { accountOverLimit: null, accountApprover: null, receiptTenders: {} }),
    {
      kind: 'newTicket',
      discard: null,
      audit: [],
      after: {
        patch: { screen: 'sale', payment: null, input: '', selectedLine: null, lastSale: { number: sale.number, total: sale.total, change: sale.changeGiven } },
        message: { kind: 'success', text: ctx.t('sale.saleDone', { n: sale.number }) },
      },
    },
    { kind: 'display', lines: [[ctx.t('sale.total'), money(sale.total)], sale.changeGiven ? [ctx.t('sale.change'), money(sale.changeGiven)] : state.shopName] },
    { kind: 'refreshGrid' },
    { kind: 'printSale', sale, drawerKick: saleDuties(sale.payments).drawerKick, dutiesWritten: event.dutiesWritten },
  );
}

/** A cash sale's drawer kick came back: opened, or owed to the sale until the owed-drawer key opens it. */
export function onSaleDrawer(state: TillState, event: Extract<ResultEvent, { type: 'saleDrawer' }>, ctx: TillContext): Step {
  if (!event.error) return step(state.drawerOwed ? patch(state, { drawerOwed: null }) : state);
  if (event.recorded) return step(patch(state, { drawerOwed: { saleId: event.sale.id, saleNumber: event.sale.number } }));
  return step(fail(state, `${ctx.t('sale.drawerFailed')} : ${event.error}`));
}

export function onDrawer(state: TillState, event: Extract<ResultEvent, { type: 'drawer' }>, ctx: TillContext): Step {
  const { outcome } = event;
  switch (outcome.kind) {
    case 'opened': {
      const s = outcome.owedSettled ? patch(state, { drawerOwed: null }) : state;
      return step(success(s, ctx.t('sale.drawerOpened')));
    }
    case 'failed':
      return step(fail(state, `${ctx.t('sale.drawerFailed')} : ${outcome.error}`));
    case 'nothingOwed':
      return step(info(state, ctx.t('sale.drawerNothingOwed')));
    case 'owedOpened':
      return step(success(patch(state, { drawerOwed: null }), ctx.t('sale.drawerOwedOpened', { n: outcome.saleNumber })));
  }
}

/** Settings or VAT rates may have changed in the back office: the till reads them again. */
export function onBackOfficeClosed(state: TillState, event: Extract<ResultEvent, { type: 'backOfficeClosed' }>): Step {
  const { settings, categories } = event;
  return step(patch(state, { screen: 'sale', settings, shopName: settings['shop.name'], tenders: settings.tenders, categories, keys: keyMapOf(settings) }), { kind: 'refreshGrid' });
}

/**
 * The link to the server changed. A replay or catalogue-copy problem is said
 * once, loudly (it stays in the audit trail and in `pos outbox status`).
 */
export function onOfflineStatus(state: TillState, status: OfflineStatus, ctx: TillContext): TillState {
  const wasOffline = state.offline?.offline ?? false;
  let s = patch(state, { offline: status, database: { ...state.database, ok: !status.offline } });
  if (status.problem && status.problem !== s.problemShown) s = fail(patch(s, { problemShown: status.problem }), status.problem);
  if (status.cacheProblem && status.cacheProblem !== s.cacheProblemShown) s = fail(s, status.cacheProblem);
  s = patch(s, { cacheProblemShown: status.cacheProblem });
  if (!status.offline && wasOffline) s = success(s, ctx.t('offline.back'));
  return s;
}
