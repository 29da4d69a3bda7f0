// A code from a serial scanner (or a keyboard-wedge burst): it goes to
// whatever has the focus, in line with the keys typed before it (`3*` then a
// scan adds three).
import { scanPrefix } from '../core/sales/entry.js';
import type { ResultEvent } from './effects.js';
import { attachCustomer } from './customer.js';
import { openReceiptReturn } from './returns.js';
import { submit } from './sale-lines.js';
import { fail, info, patch, step, type Step, type TillContext } from './step.js';
import type { TillState } from './state.js';
import type { KeyEvent } from '../screens/keys.js';

export interface ScanEvent {
  type: 'scan';
  code: string;
}

/** Screens that take no barcode (a long PIN pasted at once lands here too): the code is handled as typed, then Entrée. */
const TYPED_ON: ReadonlySet<TillState['screen']> = new Set(['login', 'manager-pin', 'help', 'parked', 'confirm-cancel']);

export function onScan(state: TillState, code: string, ctx: TillContext, reduceKey: (state: TillState, event: KeyEvent) => Step): Step {
  if (TYPED_ON.has(state.screen)) {
    const typed = reduceKey(state, { type: 'text', text: code });
    const entered = reduceKey(typed.state, { type: 'key', name: 'enter' });
    return { state: entered.state, effects: [...typed.effects, ...entered.effects] };
  }
  switch (state.screen) {
    case 'sale':
      return submit(patch(state, { input: `${scanPrefix(state.input)}${code}`, search: null, lastSale: null }), ctx);
    case 'receipt-return':
      return openReceiptReturn(state, code, ctx);
    case 'customer':
      return step(state, { kind: 'customerByCode', code });
    case 'payment':
      // A voucher's code, scanned before its key.
      return step(state.payment ? patch(state, { payment: { ...state.payment, input: code } }) : state);
    case 'backoffice':
      return step(state, { kind: 'backOffice', event: { type: 'text', text: code } });
    default:
      return step(info(state, ctx.t('sale.scanIgnored')));
  }
}

export function onCustomerByCode(state: TillState, event: Extract<ResultEvent, { type: 'customerByCode' }>, ctx: TillContext): Step {
  if (event.customer) return attachCustomer(state, event.customer, ctx);
  return step(fail(state, ctx.t('sale.noCustomerFound', { q: event.code })));
}
