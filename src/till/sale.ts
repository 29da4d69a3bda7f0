// The sale screen's keys: typing on the input line (a name searched as it is
// typed), moving in the grid, the ticket or the results, the category tabs,
// and the function keys, each to its action.
import { parseEntry } from '../core/sales/entry.js';
import { needsServer } from '../core/shop/offline-policy.js';
import { mayWorkAt } from '../core/staff/staff.js';
import { unwedgeAzerty } from '../core/sales/wedge.js';
import type { KeyEvent } from '../screens/keys.js';
import { attachCustomer, openCustomerSearch, openHistory, repeatLastSale } from './customer.js';
import type { ResultEvent } from './effects.js';
import { guard } from './guard.js';
import { actionOfKey, type TillAction } from '../core/shop/key-map.js';
import { openPayment } from './payment.js';
import { openReceiptReturn, park } from './returns.js';
import { submit } from './sale-lines.js';
import { applyDiscount, applyPrice, repeatSelected, toggleLoyaltyReward, toggleReturnLine, voidSelected } from './ticket-edits.js';
import { fail, info, isOffline, patch, step, type Step, type TillContext } from './step.js';
import { targetLineIndex, type TillState } from './state.js';
import { clampCursor, moveCursor } from '../screens/list-cursor.js';

export function saleKey(state: TillState, event: KeyEvent, ctx: TillContext): Step {
  let s = state;
  if (s.lastSale && event.type !== 'text') s = patch(s, { lastSale: null });
  if (s.loyaltyAlert) s = patch(s, { loyaltyAlert: null });
  const action = actionOfKey(s.keys, event);
  if (action) return runAction(s, action, ctx);
  // A keyboard-wedge scanner set up for QWERTY on an AZERTY keyboard types `&é"'(…`.
  if (event.type === 'text') return typeText(patch(s, { lastSale: null }), s.input + unwedgeAzerty(event.text));
  if (event.type !== 'key') return step(s);
  switch (event.name) {
    case 'enter':
      return submit(s, ctx);
    case 'backspace':
      return typeText(s, s.input.slice(0, -1));
    case 'escape':
      return step(patch(s, { input: '', search: null, selectedLine: null, message: null }));
    case 'up':
    case 'down':
      return moveVertical(s, event.name === 'up' ? -1 : 1, ctx);
    case 'left':
    case 'right':
      return !s.search && s.focus === 'grid' ? moveGrid(s, event.name === 'left' ? -1 : 1) : step(s);
    case 'pageup':
    case 'pagedown': {
      const n = s.categories.length;
      if (n === 0) return step(s);
      return step(s, { kind: 'loadCategory', index: (s.categoryIndex + (event.name === 'pagedown' ? 1 : -1) + n) % n });
    }
    default:
      return step(s);
  }
}

/** The input line changed: words of two letters or more are searched as they are typed. */
function typeText(state: TillState, input: string): Step {
  const entry = parseEntry(input);
  const typed = patch(state, { input });
  if (entry.kind === 'search' && entry.query.length >= 2) return step(typed, { kind: 'searchArticles', input, query: entry.query });
  return step(typed.search ? patch(typed, { search: null }) : typed);
}

/** The cashier may have typed on while the search ran: only a current answer is shown. */
export function onArticlesFound(state: TillState, event: Extract<ResultEvent, { type: 'articlesFound' }>): Step {
  if (state.input !== event.input) return step(state);
  return step(patch(state, { search: { query: event.query, results: event.results, index: 0 } }));
}

function moveVertical(state: TillState, delta: number, ctx: TillContext): Step {
  const { search, focus, ticket } = state;
  if (search) return step(patch(state, { search: { ...search, index: moveCursor(search.index, delta, search.results.length) } }));
  if (focus === 'grid') return moveGrid(state, delta * ctx.gridColumns);
  if (ticket.lines.length === 0) return step(state);
  const current = state.selectedLine ?? ticket.lines.length;
  return step(patch(state, { selectedLine: moveCursor(current, delta, ticket.lines.length) }));
}

/** Moves the grid cursor within the category; past the edge of the page held, the page it lands on is read first. */
function moveGrid(state: TillState, delta: number): Step {
  const next = state.gridCursor + delta;
  if (next < 0 || next >= state.gridCount) return step(state);
  if (next >= state.gridOffset && next < state.gridOffset + state.gridArticles.length) return step(patch(state, { gridCursor: next }));
  return step(state, { kind: 'loadGridPage', index: state.categoryIndex, cursor: next });
}

export function onCategoryLoaded(state: TillState, event: Extract<ResultEvent, { type: 'categoryLoaded' }>): Step {
  const { index, articles, offset, count, cursor } = event;
  return step(patch(state, { categoryIndex: index, gridArticles: articles, gridOffset: offset, gridCount: count, gridCursor: cursor }));
}

function runAction(state: TillState, action: TillAction, ctx: TillContext): Step {
  // Customers, their accounts and history, and the back office live on the server: offline, they wait for it.
  if (needsServer(action) && isOffline(state)) {
    // A customer attached before the cut can still be taken off, so the sale can go through offline.
    if (action === 'customer' && state.ticket.customerId !== null) return attachCustomer(state, null, ctx);
    return step(fail(state, ctx.t('offline.serverOnly')));
  }
  switch (action) {
    case 'help':
      return step(patch(state, { screen: 'help', helpPage: 0 }));
    case 'customer':
      return openCustomerSearch(state);
    case 'search':
      return step(info(patch(state, { focus: 'grid', selectedLine: null }), ctx.t('sale.searchHint')));
    case 'focus': {
      // Into the ticket, the line F6/F7/Suppr act on by default (the last) is selected at once, so it shows.
      const toTicket = state.focus === 'grid';
      return step(patch(state, { focus: toTicket ? 'ticket' : 'grid', selectedLine: toTicket ? targetLineIndex(state) : null }));
    }
    case 'logout':
      return state.employee ? step(state, { kind: 'logout', employee: state.employee }) : step(state);
    case 'repeat':
      return repeatSelected(state, ctx);
    case 'return':
      // On an empty line with no line chosen: the return screen (against the receipt).
      if (state.selectedLine === null && !state.input.trim()) return openReceiptReturn(state, null, ctx);
      return toggleReturnLine(state, ctx);
    case 'void':
      return voidSelected(state, ctx);
    case 'discount':
      return applyDiscount(state, ctx);
    case 'price':
      return applyPrice(state, ctx);
    case 'park':
      return park(state, ctx);
    case 'cancel':
      // Approval first, then the usual "are you sure?".
      return state.ticket.lines.length === 0 ? step(state) : guard(state, 'cancel_ticket', null, { kind: 'askCancel' }, ctx);
    case 'pay':
      return openPayment(state, ctx);
    case 'backoffice': {
      // A manager goes straight in; anyone else types a manager's PIN there.
      const manager = state.employee && mayWorkAt(state.employee.role, 'backoffice') ? state.employee : null;
      // The screen switches once the back office exists (backOfficeOpened), so the first frame can draw it.
      return step(patch(state, { input: '', search: null }), { kind: 'openBackOffice', manager });
    }
    case 'reprint':
      return step(state, { kind: 'lastSaleOfTill' });
    case 'accountPayment':
      if (!state.customer) return step(fail(state, ctx.t('acct.noCustomer')));
      return step(patch(state, { screen: 'account-payment', accountPayment: { input: '' }, search: null, message: null }));
    case 'loyalty':
      return toggleLoyaltyReward(state, ctx);
    case 'history':
      return openHistory(state, ctx);
    case 'repeatSale':
      return repeatLastSale(state, ctx);
    case 'nosale':
      // Opening the drawer without a sale: the permission table says who, and it is always audited.
      return guard(state, 'no_sale', null, { kind: 'noSale' }, ctx);
    case 'owedDrawer':
      return step(state, { kind: 'openOwedDrawer', employeeId: state.employee!.id, owed: state.drawerOwed });
  }
}

/** Reprint: the last sale of this till, once the permission table allows it. */
export function onLastSaleOfTill(state: TillState, event: Extract<ResultEvent, { type: 'lastSaleOfTill' }>, ctx: TillContext): Step {
  if (!event.sale) return step(fail(state, ctx.t('sale.noSaleYet')));
  return guard(state, 'reprint', null, { kind: 'reprint', saleId: event.sale.id, saleNumber: event.sale.number }, ctx);
}
