// The shop's keys in the reducers (#18): the actions and tender letters come
// from the state's key map (TillState.keys), not from constants.
import { describe, expect, it } from '@jest/globals';
import { checkKeySettings } from '../../src/core/shop/key-map.js';
import { ctrl, feed, key, signedIn, text, ticketWith, baguette } from './fixtures.js';

const keys = checkKeySettings({ 'till.keys': 'pay=Ctrl+S; history=F12,Ctrl+U', 'till.tenderKeys': 'cash=B' });

describe("the shop's key map", () => {
  it('a key runs the action the map gives it, and a default key taken away runs nothing', () => {
    const state = signedIn({ keys, ticket: ticketWith(baguette) });
    expect(feed(state, [ctrl('s')]).state.screen).toBe('payment');
    expect(feed(state, [ctrl('t')]).state.screen).toBe('sale');
  });

  it('the payment screen takes the map’s tender letters', () => {
    const paying = feed(signedIn({ keys, ticket: ticketWith(baguette) }), [ctrl('s')]).state;
    expect(feed(paying, [text('e')]).state.payment!.tenders).toEqual([]);
    const paid = feed(paying, [text('b')]);
    expect(paid.effects.map((e) => e.kind)).toContain('completeSale');
  });

  it('F12 given to another action no longer pays', () => {
    expect(feed(signedIn({ keys, ticket: ticketWith(baguette) }), [key('f12')]).state.screen).not.toBe('payment');
  });
});
