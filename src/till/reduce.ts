// The till's one reducer: a key goes to the reducer of the screen on show, an
// answer from the world to the reducer that asked for it. Pure: the next
// state and the effects, nothing else.
import type { KeyEvent } from '../screens/keys.js';
import { onApprovalPin, onPermission, approvalKey } from './approval.js';
import { customerKey, historyKey, onCustomerCreated, onCustomersFound, onHistoryPage, onLastSaleOf, onSaleArticles } from './customer.js';
import type { ResultEvent } from './effects.js';
import { actionOfKey } from '../core/shop/key-map.js';
import { loginKey, onClocked, onLoggedOut, onLoginPin } from './login.js';
import { accountPaymentKey, onAccountLimit, onAccountPaid, onSaleRefused, onVoucher, paymentKey } from './payment.js';
import { confirmCancelKey, onParkedList, onReceiptOpened, parkedKey, receiptReturnKey } from './returns.js';
import { onArticlesFound, onCategoryLoaded, onLastSaleOfTill, saleKey } from './sale.js';
import { onLookedUp, onWeighed } from './sale-lines.js';
import { onCustomerByCode, onScan, type ScanEvent } from './scan.js';
import { fail, patch, step, type Step, type TillContext } from './step.js';
import { PosError } from '../core/basics/errors.js';
import type { TillState } from './state.js';
import { onRewardArticle } from './ticket-edits.js';
import { onBackOfficeClosed, onDrawer, onSaleCompleted, onSaleDrawer, onTicketSet } from './ticket-set.js';
import { clampCursor } from '../screens/list-cursor.js';

export type TillEvent = KeyEvent | ScanEvent | ResultEvent;

const isKey = (event: TillEvent): event is KeyEvent => event.type === 'text' || event.type === 'key' || event.type === 'ctrl' || event.type === 'alt';

export function reduce(state: TillState, event: TillEvent, ctx: TillContext): Step {
  try {
    if (isKey(event)) return reduceKey(state, event, ctx);
    if (event.type === 'scan') return onScan(state, event.code, ctx, (s, key) => reduceKey(s, key, ctx));
    return reduceResult(state, event, ctx);
  } catch (err) {
    // A rule of the core refused (a discount over the ticket, nothing picked to return…): said, and nothing changes.
    if (err instanceof PosError) return step(fail(state, err.message));
    throw err;
  }
}

function reduceKey(state: TillState, event: KeyEvent, ctx: TillContext): Step {
  switch (state.screen) {
    case 'login':
      return loginKey(state, event);
    case 'help':
      return helpKey(state, event);
    case 'confirm-cancel':
      return confirmCancelKey(state, event, ctx);
    case 'parked':
      return parkedKey(state, event, ctx);
    case 'manager-pin':
      return approvalKey(state, event);
    case 'payment':
      return paymentKey(state, event, ctx);
    case 'backoffice':
      return step(state, { kind: 'backOffice', event });
    case 'customer':
      return customerKey(state, event, ctx);
    case 'account-payment':
      return accountPaymentKey(state, event, ctx);
    case 'history':
      return historyKey(state, event);
    case 'receipt-return':
      return receiptReturnKey(state, event, ctx);
    case 'sale':
      return saleKey(state, event, ctx);
  }
}

function helpKey(state: TillState, event: KeyEvent): Step {
  if ((event.type === 'key' && (event.name === 'escape' || event.name === 'f1' || event.name === 'enter')) || actionOfKey(state.keys, event) === 'help') {
    return step(patch(state, { screen: 'sale' }));
  }
  if (event.type === 'key' && ['pagedown', 'down', 'right', 'pageup', 'up', 'left'].includes(event.name)) {
    // The help is paged when it does not fit the terminal; the screen wraps the page number round.
    return step(patch(state, { helpPage: state.helpPage + (['pagedown', 'down', 'right'].includes(event.name) ? 1 : -1) }));
  }
  return step(state);
}

function reduceResult(state: TillState, event: ResultEvent, ctx: TillContext): Step {
  switch (event.type) {
    case 'pinChecked':
      return event.purpose === 'approval' ? onApprovalPin(state, event.outcome, ctx) : onLoginPin(state, event, ctx);
    case 'clocked':
      return onClocked(state, event, ctx);
    case 'loggedOut':
      return onLoggedOut(state);
    case 'permission':
      return onPermission(state, event, ctx);
    case 'ticketSet':
      return onTicketSet(state, event, ctx);
    case 'parkedList':
      return onParkedList(state, event, ctx);
    case 'rewardArticle':
      return onRewardArticle(state, event, ctx);
    case 'articlesFound':
      return onArticlesFound(state, event);
    case 'categoryLoaded':
      return onCategoryLoaded(state, event);
    case 'categories':
      return step(patch(state, { categories: event.categories, categoryIndex: clampCursor(state.categoryIndex, event.categories.length) }));
    case 'lookedUp':
      return onLookedUp(state, event, ctx);
    case 'weighed':
      return onWeighed(state, event, ctx);
    case 'customersFound':
      return onCustomersFound(state, event);
    case 'customerByCode':
      return onCustomerByCode(state, event, ctx);
    case 'customerCreated':
      return onCustomerCreated(state, event, ctx);
    case 'historyPage':
      return onHistoryPage(state, event, ctx);
    case 'lastSaleOf':
      return onLastSaleOf(state, event, ctx);
    case 'saleArticles':
      return onSaleArticles(state, event, ctx);
    case 'accountPaid':
      return onAccountPaid(state, event, ctx);
    case 'receiptOpened':
      return onReceiptOpened(state, event, ctx);
    case 'voucher':
      return onVoucher(state, event, ctx);
    case 'accountLimit':
      return onAccountLimit(state, event, ctx);
    case 'saleCompleted':
      return onSaleCompleted(state, event, ctx);
    case 'saleRefused':
      return onSaleRefused(state, event, ctx);
    case 'drawer':
      return onDrawer(state, event, ctx);
    case 'saleDrawer':
      return onSaleDrawer(state, event, ctx);
    case 'lastSaleOfTill':
      return onLastSaleOfTill(state, event, ctx);
    case 'reprinted':
      return step(patch(state, { message: { kind: 'info', text: ctx.t('sale.reprinted', { n: event.saleNumber }) } }));
    case 'backOfficeOpened':
      return step(patch(state, { screen: 'backoffice' }));
    case 'backOfficeClosed':
      return onBackOfficeClosed(state, event);
  }
}
