// What the till shows once a ticket is saved (ticketSet), as pure transitions:
// the patch and message asked with the change, the chosen line kept in range,
// the loyalty alert rung once, and the customer display.
import { describe, expect, it } from '@jest/globals';
import type { LoyaltyStatus } from '../../src/core/customers/loyalty.service.js';
import { computeTotals, type Ticket } from '../../src/core/sales/ticket.js';
import type { ResultEvent } from '../../src/till/effects.js';
import { baguette, croissants, customer, emptyTicket, feed, signedIn, t, ticketWith } from './fixtures.js';

type TicketSet = Extract<ResultEvent, { type: 'ticketSet' }>;

const ticketSet = (ticket: Ticket, changes: Partial<TicketSet> = {}): TicketSet => ({
  type: 'ticketSet', ticket, totals: computeTotals(ticket), customer: null, account: null, loyalty: null, after: {}, ...changes,
});

/** A card already at its threshold: complete before this ticket. */
const completeCard: LoyaltyStatus = {
  criterion: 'points', threshold: 100, progress: 100, cardNo: 3, complete: true, rewardPending: true,
  reward: { kind: 'amount', value: 500, articleId: null },
};

describe('ticketSet reducer', () => {
  it('shows the saved ticket, applies the patch and the message asked with the change', () => {
    const ticket = ticketWith(baguette);
    const { state } = feed(signedIn({ input: '101' }), [ticketSet(ticket, { after: { patch: { input: '' }, message: { kind: 'success', text: 'Baguette ajouté' } } })]);
    expect(state.ticket).toBe(ticket);
    expect(state.totals.total).toBe(120);
    expect(state.input).toBe('');
    expect(state.message).toEqual({ kind: 'success', text: 'Baguette ajouté' });
    expect(state.bell).toBe(0);
  });

  it('an error message asked with the change rings the bell', () => {
    const { state } = feed(signedIn(), [ticketSet(ticketWith(baguette), { after: { message: { kind: 'error', text: 'copie partielle' } } })]);
    expect(state.bell).toBe(1);
  });

  it('keeps the chosen line when it is still there, and forgets it when it is gone', () => {
    const two = ticketWith(baguette, croissants);
    expect(feed(signedIn({ ticket: two, selectedLine: 1 }), [ticketSet(two)]).state.selectedLine).toBe(1);
    const one = ticketWith(baguette);
    expect(feed(signedIn({ ticket: two, selectedLine: 1 }), [ticketSet(one)]).state.selectedLine).toBeNull();
  });

  it('asks the customer display for the last line and the total', () => {
    const { effects } = feed(signedIn(), [ticketSet(ticketWith(baguette, croissants))]);
    expect(effects).toEqual([{ kind: 'display', lines: [['Croissants x6', '4,50'], [t('sale.total'), '5,70']] }]);
  });

  it('a ticket emptied shows the shop name; an empty ticket set again asks nothing', () => {
    const emptied = feed(signedIn({ ticket: ticketWith(baguette) }), [ticketSet(emptyTicket())]);
    expect(emptied.effects).toEqual([{ kind: 'display', lines: ['Ma boutique', ''] }]);
    expect(feed(signedIn(), [ticketSet(emptyTicket())]).effects).toEqual([]);
  });

  it('rings the loyalty alert once for the ticket, customer and card', () => {
    const ticket = { ...ticketWith(baguette), customerId: customer.id };
    const attached = { customer: { customer, group: 'Particuliers' }, account: null, loyalty: completeCard };
    const first = feed(signedIn(), [ticketSet(ticket, attached)]);
    expect(first.state.loyalty).toMatchObject({ complete: true, projected: 100 });
    expect(first.state.loyaltyAlert).toBe(t('loyalty.alert', { key: 'Ctrl+G' }));
    expect(first.state.loyaltyAlerted).toBe(`T-1/${customer.id}/3`);
    expect(first.state.bell).toBe(1);
    const again = feed(first.state, [ticketSet({ ...ticket, lines: [...ticket.lines] }, attached)]);
    expect(again.state.bell).toBe(1);
  });

  it('no alert while the card is not complete', () => {
    const ticket = { ...ticketWith(baguette), customerId: customer.id };
    const { state } = feed(signedIn(), [ticketSet(ticket, { loyalty: { ...completeCard, progress: 10, complete: false, rewardPending: false } })]);
    expect(state.loyalty).toMatchObject({ complete: false });
    expect(state.loyaltyAlert).toBeNull();
    expect(state.bell).toBe(0);
  });
});
