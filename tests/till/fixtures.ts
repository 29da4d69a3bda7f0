// Hand-built states for the till's pure reducers: no database, no Ink. A
// test starts from `signedIn()` (or `loggedOut()`), feeds events through the
// one reducer with `feed`, and reads the state and the effects it asked for.
import { expect } from '@jest/globals';
import type { Article } from '../../src/core/catalogue/article.js';
import type { Customer } from '../../src/core/customers/customers.service.js';
import { addLine, computeTotals, newTicket, type Ticket } from '../../src/core/sales/ticket.js';
import { DEFAULT_SETTINGS } from '../../src/core/shop/settings.service.js';
import type { Employee } from '../../src/core/staff/staff.js';
import type { KeyEvent, KeyName } from '../../src/screens/keys.js';
import { translator } from '../../src/screens/i18n.js';
import type { Effect, ResultEvent } from '../../src/till/effects.js';
import { reduce, type TillEvent } from '../../src/till/reduce.js';
import { initialTillState, type TillState } from '../../src/till/state.js';
import type { TillContext } from '../../src/till/step.js';

export const t = translator('fr');

export function context(changes: Partial<TillContext> = {}): TillContext {
  return { t, locale: 'fr', tillId: 1, hasScale: false, gridColumns: 4, ...changes };
}

export const cashier: Employee = { id: 7, name: 'Camille', role: 'cashier', active: true };
export const otherCashier: Employee = { id: 8, name: 'Dominique', role: 'cashier', active: true };
export const manager: Employee = { id: 3, name: 'Morgane', role: 'manager', active: true };

function article(id: number, plu: string, name: string, price: number, unit: 'unit' | 'kg' = 'unit'): Article {
  return {
    id, plu, name, categoryId: 1, price, taxRateId: 1, taxRateBp: 550, cost: 0, unit, loyaltyPoints: 0,
    stockQty: 10_000, trackStock: false, minStock: 0, reorderPoint: null, safetyStock: 0, supplierId: null,
    supplierRef: '', packSize: 1, minOrderQty: 1, gridPosition: id, active: true,
  };
}

/** 1,20 € the baguette and 4,50 € the croissants box (category 1), 18,90 €/kg the comté (category 2). */
export const baguette = article(1, '101', 'Baguette', 120);
export const croissants = article(2, '102', 'Croissants x6', 450);
export const comte: Article = { ...article(3, '103', 'Comté', 1890, 'kg'), categoryId: 2 };

export const customer: Customer = {
  id: 41, code: 'C0041', firstName: 'Jeanne', lastName: 'Martin', phone: '0600000000', email: '', website: '', social: '',
  address: '', postalCode: '', city: '', country: 'FR', groupId: 1, discountBp: 0, priceLevel: null, overdraftLimit: 5000,
  notes: '', active: true, createdAt: '2026-01-01T00:00:00.000Z', marketingConsent: false, marketingConsentAt: null,
};

export const emptyTicket = (): Ticket => newTicket('T-1', '2026-12-07T10:00:00.000Z');

/** The ticket with one of each article given (at its own price, by the unit). */
export function ticketWith(...articles: Article[]): Ticket {
  return articles.reduce(
    (ticket, a) => addLine(ticket, { ...a, code: a.plu ?? '' }, 1000),
    emptyTicket(),
  );
}

/** The till before anyone signed in. */
export function loggedOut(): TillState {
  return initialTillState({ ticket: emptyTicket(), tillId: 1, printerDescription: 'test printer', offline: null });
}

/** The till on the sale screen, `employee` signed in, the shop's default settings, `ticket` open. */
export function signedIn(changes: Partial<TillState> = {}, employee: Employee = cashier): TillState {
  const base = loggedOut();
  const ticket = changes.ticket ?? base.ticket;
  return {
    ...base,
    screen: 'sale',
    employee,
    settings: DEFAULT_SETTINGS,
    shopName: DEFAULT_SETTINGS['shop.name'],
    tenders: DEFAULT_SETTINGS.tenders,
    totals: computeTotals(ticket),
    ...changes,
  };
}

/** The ticket as the runner answers once saved: the `ticketSet` event for a `setTicket` effect. */
export function ticketSetFor(effect: Effect, changes: Partial<Extract<ResultEvent, { type: 'ticketSet' }>> = {}): ResultEvent {
  if (effect.kind !== 'setTicket') throw new Error(`not a setTicket effect: ${effect.kind}`);
  return { type: 'ticketSet', ticket: effect.ticket, totals: computeTotals(effect.ticket), customer: null, account: null, loyalty: null, after: effect.after, ...changes };
}

export const key = (name: KeyName): KeyEvent => ({ type: 'key', name });
export const text = (typed: string): KeyEvent => ({ type: 'text', text: typed });
export const ctrl = (letter: string): KeyEvent => ({ type: 'ctrl', letter });

/** Feeds the events in order; the final state and every effect asked on the way. */
export function feed(state: TillState, events: TillEvent[], ctx: TillContext = context()): { state: TillState; effects: Effect[] } {
  let s = state;
  const effects: Effect[] = [];
  for (const event of events) {
    const next = reduce(s, event, ctx);
    s = next.state;
    effects.push(...next.effects);
  }
  return { state: s, effects };
}

/** A refusal: the events ask nothing, the status line says `message` as an error, the bell rings once. The state, for more checks. */
export function refused(before: TillState, events: TillEvent[], message: string, ctx: TillContext = context()): TillState {
  const { state, effects } = feed(before, events, ctx);
  expect(effects).toEqual([]);
  expect(state.message).toEqual({ kind: 'error', text: message });
  expect(state.bell).toBe(before.bell + 1);
  return state;
}

/** The one effect of that kind, checked to be the only one of it. */
export function only<K extends Effect['kind']>(effects: Effect[], kind: K): Extract<Effect, { kind: K }> {
  const found = effects.filter((e) => e.kind === kind);
  if (found.length !== 1) throw new Error(`expected one ${kind} effect, got ${found.length}: ${effects.map((e) => e.kind).join(', ') || 'none'}`);
  return found[0] as Extract<Effect, { kind: K }>;
}
