// The customer on the ticket: searching (name, phone, card), the short form
// for a new customer, attaching and detaching, their purchase history (F4)
// and their last sale again (Ctrl+W).
import type { Customer } from '../core/customers/customers.service.js';
import { customerName } from '../core/customers/customer-name.js';
import { withdrawReward } from '../core/customers/loyalty.js';
import { looksLikePhone } from '../core/sales/entry.js';
import { repeatSale } from '../core/sales/repeat-sale.js';
import { setCustomer } from '../core/sales/ticket.js';
import type { KeyEvent } from '../screens/keys.js';
import type { ResultEvent } from './effects.js';
import { commitTicket } from './guard.js';
import { actionOfKey } from '../core/shop/key-map.js';
import { fail, info, patch, step, success, type Step, type TillContext } from './step.js';
import type { TillState } from './state.js';
import { PAGE_ROWS, clampCursor, moveCursor } from '../screens/list-cursor.js';

/** Sales read per page of the history; the next page is read when the cashier scrolls past the last. */
export const HISTORY_PAGE = 30;

const backToSale = { screen: 'sale' as const, customerSearch: null, input: '', search: null };

export function openCustomerSearch(state: TillState): Step {
  return step(patch(state, { screen: 'customer', customerSearch: { query: '', results: [], index: 0 }, search: null, input: '' }));
}

/** Attaches a customer to the open ticket (a loyalty card scanned, or chosen in the search); null takes it off. */
export function attachCustomer(state: TillState, customer: Customer | null, ctx: TillContext): Step {
  const id = customer?.id ?? null;
  // Returns against a receipt give back to that sale's customer (card, account): the ticket keeps them.
  if (id !== state.ticket.customerId && state.ticket.lines.some((l) => l.origin)) return step(fail(patch(state, backToSale), ctx.t('return.customerLocked')));
  // A reward belongs to the card of the customer it was given for.
  const ticket = id === state.ticket.customerId ? state.ticket : withdrawReward(state.ticket);
  const message = customer
    ? { kind: 'success' as const, text: ctx.t('sale.customerAttached', { name: customerName(customer) }) }
    : { kind: 'info' as const, text: ctx.t('sale.customerDetached') };
  return commitTicket(state, setCustomer(ticket, id), { patch: backToSale, message });
}

export function customerKey(state: TillState, event: KeyEvent, ctx: TillContext): Step {
  if (state.newCustomer) return newCustomerKey(state, event);
  const search = state.customerSearch!;
  if (event.type === 'text') return searchCustomers(state, search.query + event.text);
  if (event.type !== 'key') return step(state);
  switch (event.name) {
    case 'backspace':
      return searchCustomers(state, search.query.slice(0, -1));
    case 'escape':
      return step(patch(state, { screen: 'sale', customerSearch: null }));
    case 'up':
      return step(patch(state, { customerSearch: { ...search, index: moveCursor(search.index, -1, search.results.length) } }));
    case 'down': {
      // The last entry of the list (when something is typed) is "add as a new customer".
      const last = search.results.length - (search.query.trim() ? 0 : 1);
      return step(patch(state, { customerSearch: { ...search, index: moveCursor(search.index, 1, last + 1) } }));
    }
    case 'delete':
      return attachCustomer(state, null, ctx);
    case 'enter': {
      const chosen = search.results[search.index];
      if (chosen) return attachCustomer(state, chosen, ctx);
      const query = search.query.trim();
      if (!query) return step(state);
      // "Ajouter « X » comme nouveau client": the typed words prefill the form.
      const words = query.split(/\s+/);
      const fields: [string, string, string] = looksLikePhone(query) ? ['', '', query] : words.length > 1 ? [words[0]!, words.slice(1).join(' '), ''] : ['', words[0]!, ''];
      return step(patch(state, { newCustomer: { fields, index: 0 } }));
    }
    default:
      return step(state);
  }
}

function searchCustomers(state: TillState, query: string): Step {
  const searching = patch(state, { customerSearch: { query, results: state.customerSearch?.results ?? [], index: 0 } });
  if (!query.trim()) return step(patch(state, { customerSearch: { query, results: [], index: 0 } }));
  return step(searching, { kind: 'searchCustomers', query });
}

/** Only the answer to what is typed now is shown. */
export function onCustomersFound(state: TillState, event: Extract<ResultEvent, { type: 'customersFound' }>): Step {
  if (state.customerSearch?.query !== event.query) return step(state);
  return step(patch(state, { customerSearch: { query: event.query, results: event.results, index: 0 } }));
}

/** The short form: first name, last name, phone, and Ctrl+O for the consent to offers; Entrée moves on, and on the last field creates and attaches. */
function newCustomerKey(state: TillState, event: KeyEvent): Step {
  const form = state.newCustomer!;
  const fields = [...form.fields] as [string, string, string];
  if (event.type === 'ctrl' && event.letter === 'o') return step(patch(state, { newCustomer: { ...form, consent: !form.consent } }));
  if (event.type === 'text') {
    fields[form.index] = fields[form.index] + event.text;
    return step(patch(state, { newCustomer: { ...form, fields } }));
  }
  if (event.type !== 'key') return step(state);
  if (event.name === 'backspace') {
    fields[form.index] = fields[form.index].slice(0, -1);
    return step(patch(state, { newCustomer: { ...form, fields } }));
  }
  if (event.name === 'escape') return step(patch(state, { newCustomer: null }));
  if (event.name === 'up' || event.name === 'backtab') return step(patch(state, { newCustomer: { ...form, index: moveCursor(form.index, -1, form.fields.length) } }));
  if (event.name === 'down' || event.name === 'tab' || (event.name === 'enter' && form.index < 2)) {
    return step(patch(state, { newCustomer: { ...form, index: moveCursor(form.index, 1, form.fields.length) } }));
  }
  if (event.name !== 'enter') return step(state);
  const [firstName, lastName, phone] = fields.map((f) => f.trim()) as [string, string, string];
  // A new card with a name and a phone (no discount, no credit) is a cashier's everyday act: not guarded, but audited under them.
  return step(state, { kind: 'createCustomer', firstName, lastName, phone, marketingConsent: form.consent === true, employee: state.employee! });
}

export function onCustomerCreated(state: TillState, event: Extract<ResultEvent, { type: 'customerCreated' }>, ctx: TillContext): Step {
  return attachCustomer(patch(state, { newCustomer: null }), event.customer, ctx);
}

// --- purchase history (F4) and repeat sales (Ctrl+W) ---------------------------

export function openHistory(state: TillState, ctx: TillContext): Step {
  const customer = state.customer?.customer;
  if (!customer) return step(fail(state, ctx.t('history.noCustomer')));
  return step(state, { kind: 'history', customerId: customer.id, offset: 0, wanted: 0 });
}

export function onHistoryPage(state: TillState, event: Extract<ResultEvent, { type: 'historyPage' }>, ctx: TillContext): Step {
  if (event.offset === 0) {
    if (event.sales.length === 0) return step(info(state, ctx.t('history.none', { name: customerName(state.customer!.customer) })));
    return step(patch(state, { screen: 'history', history: { sales: event.sales, index: 0, more: event.more }, search: null, input: '', message: null }));
  }
  const history = state.history;
  if (!history) return step(state);
  const sales = [...history.sales, ...event.sales];
  return step(patch(state, { history: { sales, index: clampCursor(event.wanted, sales.length), more: event.more } }));
}

export function historyKey(state: TillState, event: KeyEvent): Step {
  const history = state.history!;
  if (actionOfKey(state.keys, event) === 'history' || (event.type === 'key' && event.name === 'escape')) return step(patch(state, { screen: 'sale', history: null, message: null }));
  if (event.type !== 'key') return step(state);
  const last = history.sales.length - 1;
  const at = (index: number) => step(patch(state, { history: { ...history, index } }));
  switch (event.name) {
    case 'up':
      return at(moveCursor(history.index, -1, history.sales.length));
    case 'pageup':
      return at(moveCursor(history.index, -PAGE_ROWS, history.sales.length));
    case 'down':
    case 'pagedown': {
      const wanted = history.index + (event.name === 'down' ? 1 : 10);
      if (wanted > last && history.more) return step(state, { kind: 'history', customerId: state.customer!.customer.id, offset: history.sales.length, wanted });
      return at(clampCursor(wanted, history.sales.length));
    }
    case 'enter': {
      const sale = history.sales[history.index];
      if (!sale) return step(state);
      return step(patch(state, { screen: 'sale', history: null }), { kind: 'copySale', sale });
    }
    default:
      return step(state);
  }
}

/** Ctrl+W: the attached customer's last sale again, in one key. */
export function repeatLastSale(state: TillState, ctx: TillContext): Step {
  const customer = state.customer?.customer;
  if (!customer) return step(fail(state, ctx.t('history.noCustomer')));
  return step(state, { kind: 'lastSaleOf', customer });
}

export function onLastSaleOf(state: TillState, event: Extract<ResultEvent, { type: 'lastSaleOf' }>, ctx: TillContext): Step {
  if (!event.sale) return step(fail(state, ctx.t('history.none', { name: customerName(event.customer) })));
  return step(state, { kind: 'copySale', sale: event.sale });
}

/** A past sale's lines go on the ticket at today's prices (the past sale stays as it was); what could not is said. */
export function onSaleArticles(state: TillState, event: Extract<ResultEvent, { type: 'saleArticles' }>, ctx: TillContext): Step {
  const result = repeatSale(state.ticket, event.sale.lines, event.articles);
  const cleared = patch(state, { selectedLine: null, input: '', search: null });
  const skipped = result.skipped.map((l) => l.name).join(', ');
  if (result.added === 0) return step(fail(cleared, ctx.t('history.nothingCopied', { n: event.sale.number, names: skipped })));
  const done = ctx.t('history.copied', { n: event.sale.number, count: result.added });
  const message = skipped ? { kind: 'error' as const, text: `${done} · ${ctx.t('history.skipped', { names: skipped })}` } : { kind: 'success' as const, text: done };
  return commitTicket(cleared, result.ticket, { patch: { selectedLine: null, input: '', search: null }, message });
}
