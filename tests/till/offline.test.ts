// Selling through an outage, as pure transitions: what waits for the server
// is refused on the spot, the rest of the sale goes on.
import { describe, expect, it } from '@jest/globals';
import type { OfflineStatus } from '../../src/core/shop/offline-till.service.js';
import { onOfflineStatus } from '../../src/till/ticket-set.js';
import { baguette, context, ctrl, customer, feed, key, only, refused, signedIn, t, ticketWith } from './fixtures.js';

const offline: OfflineStatus = { offline: true, pending: 2, problem: null, cacheProblem: null };
const cut = (changes = {}) => signedIn({ offline, ...changes });

describe('offline reducer', () => {
  it.each([
    ['F2 (customer)', key('f2')],
    ['F4 (history)', key('f4')],
    ['F10 (back office)', key('f10')],
    ['Ctrl+V (payment on account)', ctrl('v')],
    ['Ctrl+G (loyalty)', ctrl('g')],
    ['Ctrl+W (last sale again)', ctrl('w')],
  ])('%s waits for the server: refused, nothing asked', (_, event) => {
    const state = refused(cut({ customer: { customer, group: 'Particuliers' } }), [event], t('offline.serverOnly'));
    expect(state.screen).toBe('sale');
  });

  it('online, the same key goes through', () => {
    const { state, effects } = feed(signedIn(), [key('f10')]);
    // The screen switches once the back office exists, so its first frame can draw it.
    expect(state.screen).toBe('sale');
    expect(only(effects, 'openBackOffice').manager).toBeNull();
    expect(feed(state, [{ type: 'backOfficeOpened' }]).state.screen).toBe('backoffice');
  });

  it('a customer attached before the cut can still be taken off with F2', () => {
    const ticket = { ...ticketWith(baguette), customerId: customer.id };
    const { effects } = feed(cut({ ticket }), [key('f2')]);
    expect(only(effects, 'setTicket').ticket.customerId).toBeNull();
  });

  it('the sale itself goes on: a code is looked up', () => {
    expect(feed(cut({ input: '101' }), [key('enter')]).effects.map((e) => e.kind)).toEqual(['lookUp']);
  });

  it('a replay problem is said once, loudly', () => {
    const problem = { ...offline, problem: 'Vente 12 refusée' };
    const once = onOfflineStatus(signedIn(), problem, context());
    expect(once.message).toEqual({ kind: 'error', text: 'Vente 12 refusée' });
    expect(once.bell).toBe(1);
    const twice = onOfflineStatus({ ...once, message: null }, problem, context());
    expect(twice.message).toBeNull();
    expect(twice.bell).toBe(1);
  });

  it('the server back says so', () => {
    const back = onOfflineStatus(cut(), { ...offline, offline: false, pending: 0 }, context());
    expect(back.database.ok).toBe(true);
    expect(back.message).toEqual({ kind: 'success', text: t('offline.back') });
  });
});
