// F6 as pure transitions: the discount typed, the shop's limit, and who must approve it.
import { describe, expect, it } from '@jest/globals';
import { setTicketDiscount, TicketError } from '../../src/core/sales/ticket.js';
import { DEFAULT_SETTINGS } from '../../src/core/shop/settings.service.js';
import { baguette, croissants, feed, key, only, refused, signedIn, t, ticketWith } from './fixtures.js';
import { keyMapOf } from '../../src/core/shop/key-map.js';

/** A 4,50 € ticket (the shop's default limit: 10 % without a manager), the discount typed on the line. */
const typed = (input: string, changes = {}) => signedIn({ ticket: ticketWith(croissants), input, ...changes });

describe('discount reducer (F6)', () => {
  it('F6 is the discount key', () => {
    const { effects } = feed(typed('5%'), [key('f6')]);
    expect(effects.map((e) => e.kind)).toEqual(['setTicket']);
  });

  it('under the limit, the discount is saved at once, with no audit and no approval', () => {
    const { state, effects } = feed(typed('5%'), [key('f6')]);
    const set = only(effects, 'setTicket');
    expect(set.ticket.discount).toEqual({ kind: 'percent', bp: 500 });
    expect(set.save).toBe(true);
    expect(set.audit).toEqual([]);
    expect(set.after.patch).toEqual({ input: '' });
    expect(set.after.message?.kind).toBe('success');
    expect(state.ticket.discount).toBeNull();
  });

  it('an amount over the limit (0,99 € of 4,50 €) asks for discount_over_limit, audited', () => {
    const { state, effects } = feed(typed('0,99'), [key('f6')]);
    const asked = only(effects, 'permission');
    expect(asked.action).toBe('discount_over_limit');
    expect(asked.label).toBe(`${t('perm.discount_over_limit')} (0,99 €)`);
    if (asked.act.kind !== 'ticket') throw new Error('not a ticket act');
    expect(asked.act.ticket.discount).toEqual({ kind: 'amount', cents: 99 });
    expect(asked.act.audit).toEqual([{ kind: 'discount', details: { ticket: 'T-1', line: null, discount: { kind: 'amount', cents: 99 } } }]);
    expect(effects.some((e) => e.kind === 'setTicket')).toBe(false);
    expect(state.ticket.discount).toBeNull();
  });

  it('99 % asks a manager too', () => {
    expect(only(feed(typed('99%'), [key('f6')]).effects, 'permission').action).toBe('discount_over_limit');
  });

  it("the shop's own limit counts: 20 % allowed at 25 %", () => {
    const settings = { ...DEFAULT_SETTINGS, 'discount.maxWithoutManagerBp': 2500 };
    expect(feed(typed('20%', { settings }), [key('f6')]).effects.map((e) => e.kind)).toEqual(['setTicket']);
    expect(feed(typed('20%'), [key('f6')]).effects.map((e) => e.kind)).toEqual(['permission']);
  });

  it('99 (euros) on a 4,50 € ticket is refused by the ticket before anyone is asked', () => {
    // The ticket's refusal (a TicketError) is said on the status line; nothing is asked, no database fault.
    const before = typed('99');
    const message = (() => { try { setTicketDiscount(before.ticket, { kind: 'amount', cents: 9900 }); return ''; } catch (err) { return err instanceof TicketError ? err.message : 'not a TicketError'; } })();
    expect(message).not.toBe('');
    const state = refused(before, [key('f6')], message);
    expect(state.database.ok).toBe(true);
    expect(state.ticket).toBe(before.ticket);
  });

  it("on a chosen line, the discount is the line's", () => {
    const { effects } = feed(typed('5%', { ticket: ticketWith(baguette, croissants), selectedLine: 0 }), [key('f6')]);
    const set = only(effects, 'setTicket');
    expect(set.ticket.lines[0]!.discount).toEqual({ kind: 'percent', bp: 500 });
    expect(set.ticket.lines[1]!.discount).toBeNull();
    expect(set.ticket.discount).toBeNull();
  });

  it('text that is no discount gives the hint and asks nothing', () => {
    refused(typed('abc'), [key('f6')], t('sale.discountHint', { key: 'F6' }));
    // The hint names the shop's key, not the default one.
    const keys = keyMapOf({ 'till.keys': 'discount=Alt+D, F6' });
    refused(typed('abc', { keys }), [key('f6')], t('sale.discountHint', { key: 'Alt+d' }));
  });
});
