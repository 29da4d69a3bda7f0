// Tickets set aside and given up: returns against the original receipt (F8
// on an empty line, or the receipt's code scanned), parked tickets (F5) and
// the cancellation of the open ticket (Ctrl+A, then "are you sure?").
import { parseReceiptReference, addReceiptReturn } from '../core/sales/returns.js';
import type { PaymentMethod } from '../core/sales/payment.js';
import type { KeyEvent } from '../screens/keys.js';
import type { ResultEvent } from './effects.js';
import { commitTicket } from './guard.js';
import { actionOfKey } from '../core/shop/key-map.js';
import { emptyReceiptReturn, returnScreenKey } from './receipt-return.js';
import { fail, info, isOffline, patch, step, type Step, type TillContext } from './step.js';
import type { TillState } from './state.js';
import { moveCursor } from '../screens/list-cursor.js';

// --- returns against the original receipt ---------------------------------------

export function openReceiptReturn(state: TillState, code: string | null, ctx: TillContext): Step {
  // The receipt and what other tills returned of it are on the server.
  if (isOffline(state)) return step(fail(state, ctx.t('return.offline')));
  const opened = patch(state, { screen: 'receipt-return', receiptReturn: emptyReceiptReturn(), search: null, input: '', message: null });
  return code ? openReceipt(opened, code, ctx) : step(info(opened, ctx.t('return.typeNumber')));
}

/** Looks the receipt up: its 13 digits, `till/number`, or this till's number. */
function openReceipt(state: TillState, text: string, ctx: TillContext): Step {
  const ref = parseReceiptReference(text, ctx.tillId);
  if (!ref) return step(fail(patch(state, { receiptReturn: { ...(state.receiptReturn ?? emptyReceiptReturn()), input: '' } }), ctx.t('return.badNumber', { n: text })));
  return step(state, { kind: 'openReceipt', ref });
}

/** Shows what is still returnable of the receipt. */
export function onReceiptOpened(state: TillState, event: Extract<ResultEvent, { type: 'receiptOpened' }>, ctx: TillContext): Step {
  const { receipt } = event;
  const opened = patch(state, { screen: 'receipt-return', receiptReturn: { input: '', receipt, index: 0, picks: [], error: null } });
  if (receipt.lines.every((l) => l.returnable === 0)) return step(fail(opened, ctx.t('return.nothingLeft', { n: receipt.number })));
  return step(info(opened, ctx.t('return.opened', { n: receipt.number, till: receipt.tillId })));
}

export function receiptReturnKey(state: TillState, event: KeyEvent, ctx: TillContext): Step {
  const current = state.receiptReturn ?? emptyReceiptReturn();
  const command = returnScreenKey(current, event, actionOfKey(state.keys, event));
  switch (command.kind) {
    case 'state': {
      const next = patch(state, { receiptReturn: command.state });
      return step(command.state.error ? fail(next, command.state.error) : next);
    }
    case 'close':
      return step(patch(state, { screen: 'sale', receiptReturn: null, message: null }));
    case 'lookup':
      return openReceipt(state, command.text, ctx);
    case 'confirm':
      return confirmReceiptReturn(state, command.picks, ctx);
  }
}

/** The picked lines go on the ticket at the price paid; each is audited as a refund naming the original sale. */
function confirmReceiptReturn(state: TillState, picks: Map<number, number>, ctx: TillContext): Step {
  const receipt = state.receiptReturn!.receipt!;
  // A refusal (ReturnError: nothing picked, more than is left…) is said and changes nothing.
  const next = addReceiptReturn(state.ticket, receipt, picks);
  const added = next.lines.slice(state.ticket.lines.length);
  const audit = added.map((line) => ({
    kind: 'refund',
    articleId: line.articleId,
    saleId: receipt.saleId,
    details: {
      ticket: next.id,
      origin: `${receipt.tillId}/${receipt.number}`,
      originLine: line.origin!.lineNo,
      name: line.name,
      quantity: line.quantity,
      unitPrice: line.unitPrice,
    },
  }));
  const remembered = patch(state, { receiptTenders: { ...state.receiptTenders, [receipt.saleId]: receipt.proposedMethod } });
  return commitTicket(remembered, next, {
    patch: { screen: 'sale', receiptReturn: null, selectedLine: null, input: '' },
    message: { kind: 'success', text: ctx.t('return.added', { count: added.length, n: receipt.number }) },
  }, audit);
}

/** The tender a refund goes back by: the one the returned receipt was paid with, when there is one receipt and the till takes it. */
export function proposedRefund(state: TillState): PaymentMethod | null {
  const sales = new Set(state.ticket.lines.filter((l) => l.origin).map((l) => l.origin!.saleId));
  if (sales.size !== 1) return null;
  const method = state.receiptTenders[[...sales][0]!] ?? null;
  if (method === 'account') return state.customer ? method : null;
  return method && state.tenders.includes(method) ? method : null;
}

// --- parked tickets (F5) -----------------------------------------------------------

/** F5 with lines parks the ticket (the input line names it); on an empty ticket, lists the parked ones. */
export function park(state: TillState, ctx: TillContext): Step {
  if (state.ticket.lines.length > 0) {
    const after = { patch: { input: '', search: null, selectedLine: null }, message: { kind: 'success' as const, text: ctx.t('sale.parked') } };
    return step(state, { kind: 'park', ticket: state.ticket, label: state.input.trim(), after });
  }
  return step(state, { kind: 'listParked' });
}

export function onParkedList(state: TillState, event: Extract<ResultEvent, { type: 'parkedList' }>, ctx: TillContext): Step {
  if (event.parked.length === 0) return step(info(state, ctx.t('sale.noParked')));
  return step(patch(state, { screen: 'parked', parked: event.parked, parkedIndex: 0 }));
}

export function parkedKey(state: TillState, event: KeyEvent, ctx: TillContext): Step {
  if (event.type !== 'key') return step(state);
  const { parked, parkedIndex } = state;
  switch (event.name) {
    case 'escape':
      return step(patch(state, { screen: 'sale' }));
    case 'up':
      return step(patch(state, { parkedIndex: moveCursor(parkedIndex, -1, parked.length) }));
    case 'down':
      return step(patch(state, { parkedIndex: moveCursor(parkedIndex, 1, parked.length) }));
    case 'enter': {
      const chosen = parked[parkedIndex];
      // The (empty) current ticket makes way for the parked one.
      if (!chosen) return step(state);
      const after = { patch: { screen: 'sale' as const }, message: { kind: 'success' as const, text: ctx.t('sale.resumed') } };
      return step(state, { kind: 'resume', parkedId: chosen.id, current: state.ticket.id, after });
    }
    default:
      return step(state);
  }
}

// --- cancelling the open ticket ----------------------------------------------------

export function confirmCancelKey(state: TillState, event: KeyEvent, ctx: TillContext): Step {
  const yes = (event.type === 'text' && /^[oOyY]/.test(event.text)) || (event.type === 'key' && event.name === 'enter');
  const no = (event.type === 'text' && /^[nN]/.test(event.text)) || (event.type === 'key' && event.name === 'escape');
  if (no) return step(patch(state, { cancelApprover: null, screen: 'sale', message: null }));
  if (!yes) return step(state);
  const { ticket, totals } = state;
  const audit = [{
    kind: 'cancel_ticket',
    employeeId: state.employee?.id ?? null,
    approverId: state.cancelApprover,
    details: { ticket: ticket.id, lines: ticket.lines.length, total: totals.total },
  }];
  return step(patch(state, { cancelApprover: null }), {
    kind: 'newTicket',
    discard: ticket.id,
    audit,
    after: { patch: { screen: 'sale', input: '', selectedLine: null, search: null }, message: { kind: 'info', text: ctx.t('sale.cancelled') } },
  });
}
