// The payment screen as pure transitions: tenders by their letter, the sale
// completed once covered, a refusal taken back, the account and its limit.
import { describe, expect, it } from '@jest/globals';
import { formatMoney } from '../../src/core/basics/money.js';
import type { TillState } from '../../src/till/state.js';
import { baguette, cashier, croissants, customer, feed, key, manager, only, refused, signedIn, t, text, ticketWith } from './fixtures.js';

const ticket = ticketWith(baguette, croissants); // 5,70 €

/** F12 on the sale screen: the payment screen open on `ticket`. */
function paying(changes: Partial<TillState> = {}): TillState {
  return feed(signedIn({ ticket, ...changes }), [key('f12')]).state;
}

const withCustomer = { customer: { customer, group: 'Particuliers' }, ticket: { ...ticket, customerId: customer.id } };

describe('payment reducer', () => {
  it('F12 on an empty ticket is refused', () => {
    const state = refused(signedIn(), [key('f12')], t('sale.payFirst'));
    expect(state.screen).toBe('sale');
    expect(state.payment).toBeNull();
  });

  it('F12 opens the payment screen with the total due', () => {
    const state = paying({ input: '12' });
    expect(state.screen).toBe('payment');
    expect(state.payment).toEqual({ due: 570, tenders: [], input: '', proposed: null });
    expect(state.input).toBe('');
  });

  it('an amount typed then the cash letter completes the sale once covered', () => {
    const { state, effects } = feed(paying(), [text('10'), text('e')]);
    expect(state.payment!.tenders).toEqual([{ method: 'cash', amount: 1000 }]);
    expect(effects).toEqual([{ kind: 'completeSale', ticket, tenders: [{ method: 'cash', amount: 1000 }], employeeId: cashier.id, accountOverrideBy: null }]);
  });

  it('a partial card tender stays on the payment screen; Entrée pays the rest in cash', () => {
    const partial = feed(paying(), [text('2c')]);
    expect(partial.effects).toEqual([]);
    expect(partial.state.screen).toBe('payment');
    expect(partial.state.payment).toMatchObject({ tenders: [{ method: 'card', amount: 200 }], input: '' });
    const rest = feed(partial.state, [key('enter')]);
    expect(only(rest.effects, 'completeSale').tenders).toEqual([{ method: 'card', amount: 200 }, { method: 'cash', amount: 370 }]);
  });

  it('a tender the shop does not take is no key', () => {
    const { state, effects } = feed(paying({ tenders: ['cash'] }), [text('c')]);
    expect(effects).toEqual([]);
    expect(state.payment!.tenders).toEqual([]);
  });

  it('a refused sale takes the last tender off and says why', () => {
    const taken = feed(paying(), [text('2c'), text('e')]).state;
    expect(taken.payment!.tenders).toHaveLength(2);
    const { state, effects } = feed(taken, [{ type: 'saleRefused', message: 'Paiement refusé', over: null }]);
    expect(effects).toEqual([]);
    expect(state.payment!.tenders).toEqual([{ method: 'card', amount: 200 }]);
    expect(state.message).toEqual({ kind: 'error', text: 'Paiement refusé' });
    expect(state.bell).toBe(taken.bell + 1);
  });

  it('the account needs a customer', () => {
    expect(refused(paying(), [text('k')], t('pay.accountNoCustomer')).payment!.tenders).toEqual([]);
  });

  it('K asks the account limit; under it the tender is taken', () => {
    const asked = feed(paying(withCustomer), [text('k')]);
    expect(asked.effects).toEqual([{ kind: 'accountLimit', customerId: customer.id, amount: 570 }]);
    const { effects } = feed(asked.state, [{ type: 'accountLimit', amount: 570, over: 0 }]);
    expect(only(effects, 'completeSale').tenders).toEqual([{ method: 'account', amount: 570 }]);
  });

  it('over the limit the first K says by how much; K again for the same amount asks a manager', () => {
    const first = feed(paying(withCustomer), [text('k'), { type: 'accountLimit', amount: 570, over: 70 }]);
    const over = formatMoney(70, 'fr');
    expect(first.state.accountOverLimit).toEqual({ amount: 570, over: 70 });
    expect(first.state.message).toEqual({ kind: 'error', text: t('pay.accountOverLimit', { over, key: 'K' }) });
    expect(first.state.payment!.tenders).toEqual([]);
    expect(first.effects.map((e) => e.kind)).toEqual(['accountLimit']);

    const again = feed(first.state, [text('k')]);
    expect(again.effects).toEqual([{ kind: 'permission', action: 'account_over_limit', label: t('pay.accountApproval', { over }), act: { kind: 'accountOverLimit' } }]);
  });

  it("K again for another amount asks the limit again, not a manager", () => {
    const first = feed(paying(withCustomer), [text('k'), { type: 'accountLimit', amount: 570, over: 70 }]).state;
    expect(feed(first, [text('3k')]).effects).toEqual([{ kind: 'accountLimit', customerId: customer.id, amount: 300 }]);
  });

  it("a manager's approval takes the account tender and completes the sale under their name", () => {
    const first = feed(paying(withCustomer), [text('k'), { type: 'accountLimit', amount: 570, over: 70 }, text('k')]);
    const asked = only(first.effects, 'permission');
    const { state, effects } = feed(first.state, [
      { type: 'permission', least: 'manager', label: asked.label, act: asked.act },
      { type: 'pinChecked', purpose: 'approval', outcome: { ok: true, employee: manager } },
    ]);
    expect(state.screen).toBe('payment');
    expect(state.accountApprover).toBe(manager.id);
    expect(only(effects, 'completeSale')).toMatchObject({ tenders: [{ method: 'account', amount: 570 }], accountOverrideBy: manager.id });
  });

  it('a sale refused over the limit (another till charged the account) remembers the amount over', () => {
    const taken = feed(paying(withCustomer), [text('k'), { type: 'accountLimit', amount: 570, over: 0 }]).state;
    const { state } = feed(taken, [{ type: 'saleRefused', message: 'Encours dépassé', over: 25 }]);
    expect(state.payment!.tenders).toEqual([]);
    expect(state.accountOverLimit).toEqual({ amount: 570, over: 25 });
    expect(state.message).toEqual({ kind: 'error', text: t('pay.accountOverLimit', { over: formatMoney(25, 'fr'), key: 'K' }) });
  });

  it('Échap goes back to the sale', () => {
    const { state, effects } = feed(paying(), [text('2c'), key('escape')]);
    expect(effects).toEqual([]);
    expect(state.screen).toBe('sale');
    expect(state.payment).toBeNull();
  });
});
