// The payment screen (F12): tenders by their letter, an amount typed first
// or what is left, a voucher's code, the customer's account under its limit
// (over it, K again asks a manager); the sale completes when the tenders
// cover it. And a payment received on account (Ctrl+V).
import { formatMoney, parseMoney } from '../core/basics/money.js';
import { isAccountPaymentMethod, type AccountPaymentMethod } from '../core/customers/account-payment.js';
import { nextTenderAmount, PAYMENT_LABELS, remainingDue, tendersCover, type PaymentMethod, type Tender } from '../core/sales/payment.js';
import type { KeyEvent } from '../screens/keys.js';
import type { ResultEvent } from './effects.js';
import { guard } from './guard.js';
import { tenderOfKey } from '../core/shop/key-map.js';
import { proposedRefund } from './returns.js';
import { fail, info, patch, step, success, type Step, type TillContext } from './step.js';
import type { PaymentState, TillState } from './state.js';

export function openPayment(state: TillState, ctx: TillContext): Step {
  if (state.ticket.lines.length === 0) return step(fail(state, ctx.t('sale.payFirst')));
  const due = state.totals.total;
  const proposed = due < 0 ? proposedRefund(state) : null;
  const opened = patch(state, {
    screen: 'payment',
    payment: { due, tenders: [], input: '', proposed },
    search: null,
    input: '',
    message: null,
    accountOverLimit: null,
    accountApprover: null,
  });
  return step(proposed ? info(opened, ctx.t('return.proposed', { method: PAYMENT_LABELS[proposed][ctx.locale] })) : opened);
}

export function paymentKey(state: TillState, event: KeyEvent, ctx: TillContext): Step {
  const payment = state.payment!;
  if (event.type === 'key') {
    if (event.name === 'escape') return step(patch(state, { screen: 'sale', payment: null, message: null }));
    if (event.name === 'backspace') {
      return step(patch(state, { payment: payment.input ? { ...payment, input: payment.input.slice(0, -1) } : { ...payment, tenders: payment.tenders.slice(0, -1) } }));
    }
    // Entrée alone pays what is left with the first tender (cash), or a refund back the way the receipt was paid.
    if (event.name === 'enter') return addTender(state, payment.proposed ?? state.tenders[0] ?? 'cash', ctx);
    return step(state);
  }
  if (event.type !== 'text') return step(state);
  // Letters are tenders, digits the amount; a tender key ends what this chunk of text does.
  let s = state;
  for (const ch of event.text) {
    const method = tenderOfKey(s.keys, ch);
    if (method && s.tenders.includes(method)) return addTender(s, method, ctx);
    if (/[0-9,.]/.test(ch)) s = patch(s, { payment: { ...s.payment!, input: (s.payment!.input + ch).slice(0, 14) } });
  }
  return step(s);
}

/** A tender by its key: a voucher's code is checked first, an account against its limit; then it is taken. */
export function addTender(state: TillState, method: PaymentMethod, ctx: TillContext): Step {
  const payment = state.payment!;
  const left = remainingDue(payment.due, payment.tenders);
  // For a sale the input is the voucher's code; a refund issues a credit note.
  if (method === 'voucher' && left > 0) return step(state, { kind: 'voucher', code: payment.input });
  if (method === 'account' && !state.customer) return step(fail(state, ctx.t('pay.accountNoCustomer')));
  const amount = method === 'voucher' ? left : nextTenderAmount(payment.input, left);
  if (amount === null) return step(fail(state, ctx.t('pay.badAmount', { a: payment.input })));
  if (amount === 0) return step(state);
  if (method === 'account' && amount > 0 && state.accountApprover === null) {
    const pending = state.accountOverLimit;
    if (pending && pending.amount === amount) {
      // K again over the limit: a manager's PIN lets it through, and the sale is audited with both names.
      const label = ctx.t('pay.accountApproval', { over: formatMoney(pending.over, ctx.locale) });
      return guard(state, 'account_over_limit', null, { kind: 'accountOverLimit' }, ctx, label);
    }
    return step(state, { kind: 'accountLimit', customerId: state.customer!.customer.id, amount });
  }
  return takeTender(state, { method, amount }, ctx);
}

/** The voucher's code was looked up: it pays what is left, up to what remains on it. */
export function onVoucher(state: TillState, event: Extract<ResultEvent, { type: 'voucher' }>, ctx: TillContext): Step {
  if (!event.voucher) return step(fail(state, ctx.t('pay.voucherCode')));
  const left = remainingDue(state.payment!.due, state.payment!.tenders);
  return takeTender(state, { method: 'voucher', amount: Math.min(left, event.voucher.remaining), reference: event.voucher.code }, ctx);
}

/** The account's limit was checked: under it the tender is taken; over it the first K says by how much. */
export function onAccountLimit(state: TillState, event: Extract<ResultEvent, { type: 'accountLimit' }>, ctx: TillContext): Step {
  if (event.over === 0) return takeTender(state, { method: 'account', amount: event.amount }, ctx);
  return step(fail(patch(state, { accountOverLimit: { amount: event.amount, over: event.over } }), ctx.t('pay.accountOverLimit', { over: formatMoney(event.over, ctx.locale), key: state.keys.tenders.account.toUpperCase() })));
}

/** The tender is taken; once the tenders cover the sale, it completes (the core settles them, once). */
function takeTender(state: TillState, tender: Tender, ctx: TillContext): Step {
  const payment = state.payment!;
  const next: PaymentState = { ...payment, tenders: [...payment.tenders, tender], input: '' };
  const taken = patch(state, { payment: next, message: null });
  if (!tendersCover(payment.due, next.tenders)) return step(taken);
  return step(taken, { kind: 'completeSale', ticket: state.ticket, tenders: next.tenders, employeeId: state.employee!.id, accountOverrideBy: state.accountApprover });
}

/** The sale refused its tenders (they do not settle it, or another till charged the account meanwhile): the last tender comes off. */
export function onSaleRefused(state: TillState, event: Extract<ResultEvent, { type: 'saleRefused' }>, ctx: TillContext): Step {
  const payment = state.payment;
  if (!payment) return step(fail(state, event.message));
  const last = payment.tenders[payment.tenders.length - 1];
  const back = patch(state, { payment: { ...payment, tenders: payment.tenders.slice(0, -1) } });
  if (event.over === null || !last) return step(fail(back, event.message));
  return step(fail(patch(back, { accountOverLimit: { amount: last.amount, over: event.over } }), ctx.t('pay.accountOverLimit', { over: formatMoney(event.over, ctx.locale), key: state.keys.tenders.account.toUpperCase() })));
}

// --- payment received on account (Ctrl+V / Alt+V) -------------------------

/** "Versement sur compte": digits type the amount, the shop's cash, card or cheque letter (E/C/Q by default) records it. */
export function accountPaymentKey(state: TillState, event: KeyEvent, ctx: TillContext): Step {
  const form = state.accountPayment!;
  if (event.type === 'key') {
    if (event.name === 'escape') return step(patch(state, { screen: 'sale', accountPayment: null, message: null }));
    if (event.name === 'backspace') return step(patch(state, { accountPayment: { input: form.input.slice(0, -1) } }));
    if (event.name === 'enter') return receiveAccountPayment(state, 'cash', ctx);
    return step(state);
  }
  if (event.type !== 'text') return step(state);
  let s = state;
  for (const ch of event.text) {
    const method = tenderOfKey(s.keys, ch);
    if (method && isAccountPaymentMethod(method)) return receiveAccountPayment(s, method, ctx);
    if (/[0-9,.]/.test(ch)) s = patch(s, { accountPayment: { input: (s.accountPayment!.input + ch).slice(0, 12) } });
  }
  return step(s);
}

/** The shop's table says who takes a payment on account (a cashier by default); below that, an approver's PIN. */
function receiveAccountPayment(state: TillState, method: AccountPaymentMethod, ctx: TillContext): Step {
  const input = state.accountPayment!.input;
  const amount = parseMoney(input);
  if (amount === null || amount <= 0) return step(fail(state, ctx.t('pay.badAmount', { a: input })));
  return guard(state, 'account_payment', formatMoney(amount, ctx.locale), { kind: 'accountPayment', amount, method }, ctx);
}

export function onAccountPaid(state: TillState, event: Extract<ResultEvent, { type: 'accountPaid' }>, ctx: TillContext): Step {
  const done = ctx.t('acct.done', { a: formatMoney(event.amount, ctx.locale), b: formatMoney(event.balance, ctx.locale) });
  return step(success(patch(state, { screen: 'sale', accountPayment: null, account: event.account }), done));
}

