// Tickets set aside and given up, as pure transitions: parked tickets (F5),
// the cancellation (Ctrl+A, approval, "are you sure?") and returns against
// the original receipt (F8 on an empty line).
import { describe, expect, it } from '@jest/globals';
import type { ParkedTicket } from '../../src/core/sales/open-tickets.service.js';
import { addReceiptReturn, ReturnError } from '../../src/core/sales/returns.js';
import type { OpenedReceipt } from '../../src/core/sales/receipt-returns.service.js';
import type { TillState } from '../../src/till/state.js';
import { baguette, cashier, croissants, ctrl, feed, key, manager, only, refused, signedIn, t, text, ticketWith } from './fixtures.js';

const ticket = ticketWith(baguette, croissants); // 5,70 €

const parkedTicket = (id: string, label: string): ParkedTicket => ({ id, label, total: 120, lineCount: 1, employeeId: cashier.id, customerId: null, parkedAt: '2026-12-07T09:00:00.000Z' });

describe('parked tickets (F5)', () => {
  it('F5 with lines parks the ticket under the name typed', () => {
    const { effects } = feed(signedIn({ ticket, input: ' table 4 ' }), [key('f5')]);
    const parked = only(effects, 'park');
    expect(parked.ticket).toBe(ticket);
    expect(parked.label).toBe('table 4');
    expect(parked.after.message).toEqual({ kind: 'success', text: t('sale.parked') });
  });

  it('F5 on an empty ticket lists the parked ones; none says so', () => {
    const asked = feed(signedIn(), [key('f5')]);
    expect(asked.effects).toEqual([{ kind: 'listParked' }]);
    const none = feed(asked.state, [{ type: 'parkedList', parked: [] }]);
    expect(none.state.screen).toBe('sale');
    expect(none.state.message).toEqual({ kind: 'info', text: t('sale.noParked') });
  });

  it('the list opens; ↓ and Entrée resume the chosen one in place of the empty ticket', () => {
    const list = [parkedTicket('P-1', 'a'), parkedTicket('P-2', 'b')];
    const { state, effects } = feed(signedIn(), [{ type: 'parkedList', parked: list }, key('down'), key('down'), key('enter')]);
    expect(state.screen).toBe('parked');
    expect(state.parkedIndex).toBe(1);
    expect(effects).toEqual([{ kind: 'resume', parkedId: 'P-2', current: 'T-1', after: { patch: { screen: 'sale' }, message: { kind: 'success', text: t('sale.resumed') } } }]);
  });

  it('Échap leaves the list', () => {
    const { state, effects } = feed(signedIn(), [{ type: 'parkedList', parked: [parkedTicket('P-1', 'a')] }, key('escape')]);
    expect(state.screen).toBe('sale');
    expect(effects).toEqual([]);
  });
});

describe('cancelling the ticket (Ctrl+A)', () => {
  it('on an empty ticket does nothing', () => {
    const before = signedIn();
    expect(feed(before, [ctrl('a')])).toEqual({ state: before, effects: [] });
  });

  /** Ctrl+A, a manager needed, their PIN: the "are you sure?" */
  function approved(): TillState {
    const asked = feed(signedIn({ ticket }), [ctrl('a')]);
    const permission = only(asked.effects, 'permission');
    expect(permission).toMatchObject({ action: 'cancel_ticket', act: { kind: 'askCancel' } });
    return feed(asked.state, [
      { type: 'permission', least: 'manager', label: permission.label, act: permission.act },
      { type: 'pinChecked', purpose: 'approval', outcome: { ok: true, employee: manager } },
    ]).state;
  }

  it('the approver is remembered until the answer', () => {
    const state = approved();
    expect(state.screen).toBe('confirm-cancel');
    expect(state.cancelApprover).toBe(manager.id);
    expect(state.message).toEqual({ kind: 'info', text: t('sale.cancelAsk') });
  });

  it('O discards the ticket, audited with the cashier and the approver', () => {
    const { state, effects } = feed(approved(), [text('o')]);
    expect(effects).toEqual([{
      kind: 'newTicket',
      discard: 'T-1',
      audit: [{ kind: 'cancel_ticket', employeeId: cashier.id, approverId: manager.id, details: { ticket: 'T-1', lines: 2, total: 570 } }],
      after: { patch: { screen: 'sale', input: '', selectedLine: null, search: null }, message: { kind: 'info', text: t('sale.cancelled') } },
    }]);
    expect(state.cancelApprover).toBeNull();
  });

  it('N keeps the ticket and forgets the approver', () => {
    const { state, effects } = feed(approved(), [text('n')]);
    expect(effects).toEqual([]);
    expect(state.screen).toBe('sale');
    expect(state.cancelApprover).toBeNull();
    expect(state.ticket).toBe(ticket);
  });

  it('a cashier allowed to cancel is the only name on the event', () => {
    const asked = feed(signedIn({ ticket }), [ctrl('a')]);
    const permission = only(asked.effects, 'permission');
    const { effects } = feed(asked.state, [{ type: 'permission', least: 'cashier', label: permission.label, act: permission.act }, key('enter')]);
    expect(only(effects, 'newTicket').audit).toEqual([expect.objectContaining({ employeeId: cashier.id, approverId: null })]);
  });
});

describe('returns against a receipt (F8 on an empty line)', () => {
  const receipt: OpenedReceipt = {
    saleId: 900, tillId: 1, number: 12, createdAt: '2026-12-06T10:00:00.000Z', customerId: null, total: 570,
    lines: [
      { lineNo: 1, articleId: 1, code: '101', name: 'Baguette', categoryId: 1, unit: 'unit', quantity: 2000, taxRateBp: 550, cost: 0, loyaltyPoints: 0, total: 240, returned: 0, returnable: 2000 },
      { lineNo: 2, articleId: 2, code: '102', name: 'Croissants x6', categoryId: 1, unit: 'unit', quantity: 1000, taxRateBp: 550, cost: 0, loyaltyPoints: 0, total: 450, returned: 1000, returnable: 0 },
    ],
    payments: [{ method: 'card', amount: 690 }],
    proposedMethod: 'card',
  };

  it('F8 opens the return screen asking for the receipt', () => {
    const { state, effects } = feed(signedIn(), [key('f8')]);
    expect(effects).toEqual([]);
    expect(state.screen).toBe('receipt-return');
    expect(state.receiptReturn).toEqual({ input: '', receipt: null, index: 0, picks: [], error: null });
    expect(state.message).toEqual({ kind: 'info', text: t('return.typeNumber') });
  });

  it("the receipt's number then Entrée asks for it (this till's, or till/number)", () => {
    expect(feed(signedIn(), [key('f8'), text('12'), key('enter')]).effects).toEqual([{ kind: 'openReceipt', ref: { tillId: 1, number: 12 } }]);
    expect(feed(signedIn(), [key('f8'), text('3/45'), key('enter')]).effects).toEqual([{ kind: 'openReceipt', ref: { tillId: 3, number: 45 } }]);
  });

  it('a number that is none is refused there', () => {
    const state = refused(signedIn(), [key('f8'), text('0'), key('enter')], t('return.badNumber', { n: '0' }));
    expect(state.receiptReturn!.input).toBe('');
  });

  it('the lines picked go on the ticket as returns at the price paid, each audited as a refund', () => {
    const { state, effects } = feed(signedIn(), [key('f8'), { type: 'receiptOpened', receipt }, key('enter'), key('f12')]);
    const set = only(effects, 'setTicket');
    expect(set.ticket.lines).toHaveLength(1);
    expect(set.ticket.lines[0]).toMatchObject({ name: 'Baguette', quantity: -2000, unitPrice: 120, origin: { saleId: 900, lineNo: 1 } });
    expect(set.audit).toEqual([{
      kind: 'refund', articleId: 1, saleId: 900, employeeId: cashier.id, approverId: null,
      details: { ticket: 'T-1', origin: '1/12', originLine: 1, name: 'Baguette', quantity: -2000, unitPrice: 120 },
    }]);
    expect(set.after.patch).toMatchObject({ screen: 'sale', receiptReturn: null });
    expect(state.receiptTenders).toEqual({ 900: 'card' });
  });

  it('F12 with nothing picked is refused by the return rules, before anything is asked', () => {
    const opened = feed(signedIn(), [key('f8'), { type: 'receiptOpened', receipt }]).state;
    const message = (() => { try { addReceiptReturn(opened.ticket, receipt, new Map()); return ''; } catch (err) { return err instanceof ReturnError ? err.message : 'not a ReturnError'; } })();
    expect(message).not.toBe('');
    expect(refused(opened, [key('f12')], message).screen).toBe('receipt-return');
  });

  it('a receipt with nothing left to return says so', () => {
    const spent = { ...receipt, lines: receipt.lines.map((l) => ({ ...l, returnable: 0 })) };
    const { state } = feed(signedIn(), [key('f8'), { type: 'receiptOpened', receipt: spent }]);
    expect(state.message).toEqual({ kind: 'error', text: t('return.nothingLeft', { n: 12 }) });
  });

  it('offline, the return screen does not open', () => {
    const state = refused(signedIn({ offline: { offline: true, pending: 0, problem: null, cacheProblem: null } }), [key('f8')], t('return.offline'));
    expect(state.screen).toBe('sale');
  });
});
