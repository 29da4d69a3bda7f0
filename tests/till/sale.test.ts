// The sale screen as pure transitions: typing, the search, codes typed or
// scanned, the catalogue's answer and the lines it adds.
import { describe, expect, it } from '@jest/globals';
import type { CodeEntry } from '../../src/till/effects.js';
import { baguette, comte, context, croissants, customer, feed, key, only, refused, signedIn, t, text, ticketWith } from './fixtures.js';

const code = (c: string, quantityText: string | null = null): CodeEntry => ({ kind: 'code', code: c, quantityText, isReturn: false });

describe('sale reducer: typing and searching', () => {
  it('a word of two letters or more asks for a search as it is typed', () => {
    const one = feed(signedIn(), [text('b')]);
    expect(one.effects).toEqual([]);
    const two = feed(one.state, [text('a')]);
    expect(two.state.input).toBe('ba');
    expect(two.effects).toEqual([{ kind: 'searchArticles', input: 'ba', query: 'ba' }]);
  });

  it('shows the results of what is typed now, and ignores a stale answer', () => {
    const typed = feed(signedIn(), [text('bag')]).state;
    const stale = feed(typed, [{ type: 'articlesFound', input: 'ba', query: 'ba', results: [baguette] }]);
    expect(stale.state.search).toBeNull();
    expect(stale.state).toBe(typed);
    const current = feed(typed, [{ type: 'articlesFound', input: 'bag', query: 'bag', results: [baguette] }]);
    expect(current.state.search).toEqual({ query: 'bag', results: [baguette], index: 0 });
  });

  it('Entrée on a search result adds the chosen article and clears the line', () => {
    const searched = feed(signedIn(), [text('cr'), { type: 'articlesFound', input: 'cr', query: 'cr', results: [baguette, croissants] }, key('down'), key('enter')]);
    const set = only(searched.effects, 'setTicket');
    expect(set.ticket.lines.map((l) => l.name)).toEqual(['Croissants x6']);
    expect(searched.state.input).toBe('');
    expect(searched.state.search).toBeNull();
  });
});

describe('sale reducer: codes', () => {
  it('Entrée on a code asks the catalogue to look it up, changing nothing yet', () => {
    const before = feed(signedIn(), [text('101')]).state;
    const { state, effects } = feed(before, [key('enter')]);
    expect(effects).toEqual([{ kind: 'lookUp', entry: code('101') }]);
    expect(state).toBe(before);
  });

  it('an article found is saved on the ticket as a new line', () => {
    const { state, effects } = feed(signedIn({ input: '101' }), [{ type: 'lookedUp', entry: code('101'), found: { article: baguette, code: '101' }, customer: null }]);
    const set = only(effects, 'setTicket');
    expect(set.save).toBe(true);
    expect(set.audit).toEqual([]);
    expect(set.ticket.lines).toHaveLength(1);
    expect(set.ticket.lines[0]).toMatchObject({ articleId: 1, code: '101', name: 'Baguette', quantity: 1000, unitPrice: 120 });
    expect(set.after.message).toEqual({ kind: 'success', text: t('sale.added', { name: 'Baguette' }) });
    expect(state.input).toBe('');
    // The ticket on screen changes only once the runner answers (ticketSet).
    expect(state.ticket.lines).toEqual([]);
  });

  it('an unknown code says so, rings the bell, clears the line and leaves the ticket alone', () => {
    const ticket = ticketWith(baguette);
    const state = refused(signedIn({ ticket, input: '999' }), [{ type: 'lookedUp', entry: code('999'), found: null, customer: null }], t('sale.unknownCode', { code: '999' }));
    expect(state.ticket).toBe(ticket);
    expect(state.input).toBe('');
  });

  it('a loyalty card scanned instead of an article attaches its customer', () => {
    const { effects } = feed(signedIn(), [{ type: 'lookedUp', entry: code('2900000000005'), found: null, customer }]);
    expect(only(effects, 'setTicket').ticket.customerId).toBe(customer.id);
  });

  it('`3*` then a scan keeps the quantity: three are added', () => {
    const scanned = feed(signedIn(), [text('3*'), { type: 'scan', code: '101' }]);
    expect(scanned.effects).toEqual([{ kind: 'lookUp', entry: code('101', '3') }]);
    const { effects } = feed(scanned.state, [{ type: 'lookedUp', entry: code('101', '3'), found: { article: baguette, code: '101' }, customer: null }]);
    expect(only(effects, 'setTicket').ticket.lines[0]!.quantity).toBe(3000);
  });

  it('a scan replaces anything else typed before it', () => {
    const { effects } = feed(signedIn(), [text('ba'), { type: 'scan', code: '101' }]);
    expect(effects.at(-1)).toEqual({ kind: 'lookUp', entry: code('101') });
  });

  it('a weighed article without a weight and no scale is refused: the weight is needed', () => {
    const state = refused(signedIn({ input: '103' }), [{ type: 'lookedUp', entry: code('103'), found: { article: comte, code: '103' }, customer: null }], t('sale.weightNeeded', { name: 'Comté' }));
    expect(state.ticket.lines).toEqual([]);
  });

  it('a weighed article without a weight on a till with a scale asks the scale', () => {
    const { state, effects } = feed(signedIn({ input: '103' }), [{ type: 'lookedUp', entry: code('103'), found: { article: comte, code: '103' }, customer: null }], context({ hasScale: true }));
    expect(effects).toEqual([{ kind: 'weigh', line: { article: comte, isReturn: false, code: '103' }, clearSearch: false }]);
    expect(state.message).toEqual({ kind: 'info', text: t('scale.weighing', { name: 'Comté' }) });
  });

  it('a weight typed by hand, without a scale, adds the line at once', () => {
    const { effects } = feed(signedIn(), [{ type: 'lookedUp', entry: code('103', '0,250'), found: { article: comte, code: '103' }, customer: null }]);
    expect(only(effects, 'setTicket').ticket.lines[0]).toMatchObject({ quantity: 250, unit: 'kg' });
  });

  it('a weight typed by hand on a till with a scale asks the permission table (typed_weight)', () => {
    const { effects } = feed(signedIn(), [{ type: 'lookedUp', entry: code('103', '0,250'), found: { article: comte, code: '103' }, customer: null }], context({ hasScale: true }));
    const asked = only(effects, 'permission');
    expect(asked.action).toBe('typed_weight');
    expect(asked.act).toMatchObject({ kind: 'addLine', line: { article: comte, quantity: 250 } });
  });

  it('the scale answers: its weight goes on the line', () => {
    const { effects } = feed(signedIn(), [{ type: 'weighed', line: { article: comte, isReturn: false, code: '103' }, result: { ok: true, quantity: 412 }, clearSearch: false }]);
    expect(only(effects, 'setTicket').ticket.lines[0]).toMatchObject({ quantity: 412, name: 'Comté' });
  });
});
