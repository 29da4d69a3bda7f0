// The customer on the ticket as pure transitions: the search (F2), the short
// form for a new customer, and the purchase history (F4) read page by page.
import { describe, expect, it } from '@jest/globals';
import type { HistorySale } from '../../src/core/customers/customer-history.service.js';
import { HISTORY_PAGE } from '../../src/till/customer.js';
import type { TillState } from '../../src/till/state.js';
import { customer, feed, key, only, refused, signedIn, t, text } from './fixtures.js';

/** A past sale: the history screen only pages through them, so only its id and number matter here. */
const pastSale = (n: number) => ({ id: n, number: n }) as HistorySale;
const pastSales = (from: number, count: number) => Array.from({ length: count }, (_, i) => pastSale(from + i));

const attached = { customer: { customer, group: 'Particuliers' } } satisfies Partial<TillState>;

describe('customer search (F2)', () => {
  it('F2 opens the search; what is typed is searched', () => {
    const { state, effects } = feed(signedIn({ input: '12' }), [key('f2'), text('Ma')]);
    expect(state.screen).toBe('customer');
    expect(state.input).toBe('');
    expect(state.customerSearch).toEqual({ query: 'Ma', results: [], index: 0 });
    expect(effects).toEqual([{ kind: 'searchCustomers', query: 'Ma' }]);
  });

  it('shows only the answer to what is typed now', () => {
    const typed = feed(signedIn(), [key('f2'), text('Mar')]).state;
    expect(feed(typed, [{ type: 'customersFound', query: 'Ma', results: [customer] }]).state).toBe(typed);
    expect(feed(typed, [{ type: 'customersFound', query: 'Mar', results: [customer] }]).state.customerSearch).toEqual({ query: 'Mar', results: [customer], index: 0 });
  });

  it('Entrée on a result attaches the customer to the ticket and goes back to the sale', () => {
    const { effects } = feed(signedIn(), [key('f2'), text('Mar'), { type: 'customersFound', query: 'Mar', results: [customer] }, key('enter')]);
    const set = only(effects, 'setTicket');
    expect(set.ticket.customerId).toBe(customer.id);
    expect(set.after.patch).toMatchObject({ screen: 'sale', customerSearch: null });
    expect(set.after.message).toEqual({ kind: 'success', text: t('sale.customerAttached', { name: 'Jeanne Martin' }) });
  });

  it('Entrée with no result opens the short form, prefilled from the words or the phone typed', () => {
    const named = feed(signedIn(), [key('f2'), text('Paul Durand'), { type: 'customersFound', query: 'Paul Durand', results: [] }, key('enter')]);
    expect(named.state.newCustomer).toEqual({ fields: ['Paul', 'Durand', ''], index: 0 });
    const phoned = feed(signedIn(), [key('f2'), text('06 12 34 56 78'), key('enter')]);
    expect(phoned.state.newCustomer).toEqual({ fields: ['', '', '06 12 34 56 78'], index: 0 });
  });

  it('the short form moves field by field and asks to create the customer on the last', () => {
    const form = feed(signedIn(), [key('f2'), text('Paul Durand'), key('enter')]).state;
    const { effects } = feed(form, [key('enter'), key('enter'), text('0611'), key('enter')]);
    expect(effects.at(-1)).toMatchObject({ kind: 'createCustomer', firstName: 'Paul', lastName: 'Durand', phone: '0611' });
  });
});

describe('purchase history (F4)', () => {
  it('needs a customer on the ticket', () => {
    expect(refused(signedIn(), [key('f4')], t('history.noCustomer')).screen).toBe('sale');
  });

  it('asks the first page, then opens on it', () => {
    const asked = feed(signedIn(attached), [key('f4')]);
    expect(asked.effects).toEqual([{ kind: 'history', customerId: customer.id, offset: 0, wanted: 0 }]);
    const { state } = feed(asked.state, [{ type: 'historyPage', sales: pastSales(1, HISTORY_PAGE), offset: 0, wanted: 0, more: true }]);
    expect(state.screen).toBe('history');
    expect(state.history).toMatchObject({ index: 0, more: true });
    expect(state.history!.sales).toHaveLength(HISTORY_PAGE);
  });

  it('no past sale: says so and stays on the sale', () => {
    const { state } = feed(signedIn(attached), [{ type: 'historyPage', sales: [], offset: 0, wanted: 0, more: false }]);
    expect(state.screen).toBe('sale');
    expect(state.message).toEqual({ kind: 'info', text: t('history.none', { name: 'Jeanne Martin' }) });
  });

  const open = (more: boolean, index: number) => signedIn({ ...attached, screen: 'history', history: { sales: pastSales(1, HISTORY_PAGE), index, more } });

  it('moving inside the loaded sales asks nothing', () => {
    const { state, effects } = feed(open(true, 0), [key('down'), key('pagedown')]);
    expect(effects).toEqual([]);
    expect(state.history!.index).toBe(11);
  });

  it('past the last loaded sale, the next page is asked only when there may be more', () => {
    const last = HISTORY_PAGE - 1;
    const more = feed(open(true, last), [key('down')]);
    expect(more.effects).toEqual([{ kind: 'history', customerId: customer.id, offset: HISTORY_PAGE, wanted: HISTORY_PAGE }]);
    expect(more.state.history!.index).toBe(last);
    const end = feed(open(false, last), [key('down')]);
    expect(end.effects).toEqual([]);
    expect(end.state.history!.index).toBe(last);
  });

  it('the next page is appended and the cursor lands on the sale wanted', () => {
    const { state } = feed(open(true, 25), [key('pagedown'), { type: 'historyPage', sales: pastSales(31, 8), offset: HISTORY_PAGE, wanted: 35, more: false }]);
    expect(state.history!.sales).toHaveLength(HISTORY_PAGE + 8);
    expect(state.history!.sales[HISTORY_PAGE]!.number).toBe(31);
    expect(state.history).toMatchObject({ index: 35, more: false });
  });

  it('Entrée copies the chosen sale onto the ticket', () => {
    const { state, effects } = feed(open(false, 2), [key('enter')]);
    expect(effects).toEqual([{ kind: 'copySale', sale: pastSale(3) }]);
    expect(state.screen).toBe('sale');
    expect(state.history).toBeNull();
  });
});
