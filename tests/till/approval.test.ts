// Acts a PIN must allow, as pure transitions: the permission asked, the
// prompt opened with the act waiting as data, and the approver's PIN.
import { describe, expect, it } from '@jest/globals';
import type { ResultEvent } from '../../src/till/effects.js';
import type { TillState } from '../../src/till/state.js';
import { baguette, cashier, croissants, feed, key, manager, only, otherCashier, refused, signedIn, t, text, ticketWith } from './fixtures.js';

const ticket = ticketWith(baguette, croissants);

/** Suppr on the last line, as a cashier: the permission the table is asked for. */
function askVoid() {
  const { state, effects } = feed(signedIn({ ticket }), [key('delete')]);
  return { state, asked: only(effects, 'permission') };
}

/** The table's answer: a manager is needed, so the prompt opens. */
function promptOpen(): TillState {
  const { state, asked } = askVoid();
  const answer: ResultEvent = { type: 'permission', least: 'manager', label: asked.label, act: asked.act };
  return feed(state, [answer]).state;
}

const approvedBy = (employee: typeof manager): ResultEvent => ({ type: 'pinChecked', purpose: 'approval', outcome: { ok: true, employee } });

describe('approval reducer', () => {
  it('a void asks the permission table, with the line voided and its audit prepared', () => {
    const { state, asked } = askVoid();
    expect(asked.action).toBe('void_line');
    expect(asked.label).toBe(t('perm.void_line'));
    expect(asked.act.kind).toBe('ticket');
    if (asked.act.kind !== 'ticket') throw new Error('not a ticket act');
    expect(asked.act.ticket.lines.map((l) => l.name)).toEqual(['Baguette']);
    expect(asked.act.audit).toEqual([{ kind: 'void_line', articleId: 2, details: { ticket: 'T-1', name: 'Croissants x6', quantity: 1000, unitPrice: 450 } }]);
    // Nothing changes before the answer.
    expect(state.ticket).toBe(ticket);
    expect(state.screen).toBe('sale');
  });

  it("the employee's own role suffices: the act is done at once, with no approver", () => {
    const { state, asked } = askVoid();
    const { effects } = feed(state, [{ type: 'permission', least: 'cashier', label: asked.label, act: asked.act }]);
    const set = only(effects, 'setTicket');
    expect(set.audit).toEqual([expect.objectContaining({ kind: 'void_line', employeeId: cashier.id, approverId: null })]);
  });

  it("a role above the employee's opens the PIN prompt with the act pending", () => {
    const { asked } = askVoid();
    const state = promptOpen();
    expect(state.screen).toBe('manager-pin');
    expect(state.pin).toBe('');
    expect(state.pending).toEqual({ label: asked.label, role: 'manager', act: asked.act });
    expect(state.message).toEqual({ kind: 'info', text: t('sale.approvalNeeded', { action: asked.label, role: t('role.manager') }) });
  });

  it('Entrée on the prompt asks the PIN to be checked for an approval', () => {
    const { state, effects } = feed(promptOpen(), [text('9876'), key('enter')]);
    expect(effects).toEqual([{ kind: 'checkPin', pin: '9876', purpose: 'approval' }]);
    expect(state.pin).toBe('');
  });

  it("a manager's PIN performs the act, audited with both names", () => {
    const { state, effects } = feed(promptOpen(), [approvedBy(manager)]);
    const set = only(effects, 'setTicket');
    expect(set.save).toBe(true);
    expect(set.ticket.lines.map((l) => l.name)).toEqual(['Baguette']);
    expect(set.audit).toEqual([{ kind: 'void_line', articleId: 2, details: expect.any(Object), employeeId: cashier.id, approverId: manager.id }]);
    expect(state.screen).toBe('sale');
    expect(state.pending).toBeNull();
  });

  it("a cashier's PIN as approver is refused: the prompt stays and nothing is done", () => {
    const prompt = promptOpen();
    const { state, effects } = feed(prompt, [approvedBy(otherCashier)]);
    expect(effects).toEqual([]);
    expect(state.screen).toBe('manager-pin');
    expect(state.pending).toEqual(prompt.pending);
    expect(state.ticket).toBe(prompt.ticket);
    expect(state.bell).toBe(prompt.bell + 1);
    expect(state.message).toEqual({ kind: 'error', text: t('sale.approvalRefused', { action: prompt.pending!.label, role: t('role.manager') }) });
  });

  it('a wrong PIN on the prompt is refused the same way', () => {
    const prompt = promptOpen();
    const { state, effects } = feed(prompt, [{ type: 'pinChecked', purpose: 'approval', outcome: { ok: false, locked: null } }]);
    expect(effects).toEqual([]);
    expect(state.pending).toEqual(prompt.pending);
    expect(state.message).toEqual({ kind: 'error', text: t('login.wrong') });
  });

  it('Échap cancels: back to the sale, nothing pending, nothing asked', () => {
    const { state, effects } = feed(promptOpen(), [text('12'), key('escape')]);
    expect(effects).toEqual([]);
    expect(state.screen).toBe('sale');
    expect(state.pending).toBeNull();
    expect(state.pin).toBe('');
    expect(state.ticket).toBe(ticket);
  });

  it('Suppr with no line says so and asks nothing', () => {
    refused(signedIn(), [key('delete')], t('sale.noLine'));
  });
});
