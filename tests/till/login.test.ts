// The login screen as pure transitions: the PIN typed, the check asked for, and its answers.
import { describe, expect, it } from '@jest/globals';
import { cashier, context, feed, key, loggedOut, t, text } from './fixtures.js';

describe('login reducer', () => {
  it('builds the PIN from digits only, at most 8', () => {
    const { state, effects } = feed(loggedOut(), [text('12a3'), text('-4 5'), text('678901')]);
    expect(state.pin).toBe('12345678');
    expect(effects).toEqual([]);
  });

  it('Backspace takes a digit off, Échap clears the PIN', () => {
    expect(feed(loggedOut(), [text('1234'), key('backspace')]).state.pin).toBe('123');
    expect(feed(loggedOut(), [text('1234'), key('escape')]).state.pin).toBe('');
  });

  it('Entrée asks for the PIN to be checked for a login and clears it', () => {
    const { state, effects } = feed(loggedOut(), [text('4321'), key('enter')]);
    expect(effects).toEqual([{ kind: 'checkPin', pin: '4321', purpose: 'login' }]);
    expect(state.pin).toBe('');
    expect(state.screen).toBe('login');
  });

  it('a right PIN signs in: the sale screen, the employee named', () => {
    const { state, effects } = feed({ ...loggedOut(), lockedUntil: 123 }, [{ type: 'pinChecked', purpose: 'login', outcome: { ok: true, employee: cashier } }]);
    expect(state.screen).toBe('sale');
    expect(state.employee).toEqual(cashier);
    expect(state.lockedUntil).toBeNull();
    expect(state.message).toEqual({ kind: 'info', text: 'Camille' });
    expect(effects).toEqual([]);
  });

  it('a wrong PIN stays on the login screen and rings the bell', () => {
    const { state } = feed(loggedOut(), [{ type: 'pinChecked', purpose: 'login', outcome: { ok: false, locked: null } }]);
    expect(state.screen).toBe('login');
    expect(state.employee).toBeNull();
    expect(state.bell).toBe(1);
    expect(state.message).toEqual({ kind: 'error', text: t('login.wrong') });
  });

  it('a right PIN of someone from another shop says so (not « wrong PIN »), and rings the bell', () => {
    const outcome = { ok: false as const, locked: null, notAssigned: { name: 'Marc', shop: 'Port' } };
    const { state } = feed(loggedOut(), [{ type: 'pinChecked', purpose: 'login', outcome }]);
    expect(state.screen).toBe('login');
    expect(state.employee).toBeNull();
    expect(state.bell).toBe(1);
    expect(state.message).toEqual({ kind: 'error', text: "Marc n'est pas affecté à la boutique « Port »" });
  });

  it('a locked-out PIN sets lockedUntil, says how long, and rings the bell', () => {
    const { state } = feed(loggedOut(), [{ type: 'pinChecked', purpose: 'login', outcome: { ok: false, locked: { until: 1_800_000, seconds: 30 } } }]);
    expect(state.lockedUntil).toBe(1_800_000);
    expect(state.bell).toBe(1);
    expect(state.message).toEqual({ kind: 'error', text: t('login.locked', { s: 30 }) });
    expect(state.screen).toBe('login');
  });

  it('a code scanned on the login screen is typed then entered (a PIN card)', () => {
    const { state, effects } = feed(loggedOut(), [{ type: 'scan', code: '2468' }]);
    expect(effects).toEqual([{ kind: 'checkPin', pin: '2468', purpose: 'login' }]);
    expect(state.pin).toBe('');
  });

  it('F2 and F3 ask for a clock in and a clock out', () => {
    expect(feed(loggedOut(), [text('55'), key('f2')]).effects).toEqual([{ kind: 'checkPin', pin: '55', purpose: 'clock_in' }]);
    expect(feed(loggedOut(), [text('55'), key('f3')]).effects).toEqual([{ kind: 'checkPin', pin: '55', purpose: 'clock_out' }]);
  });

  it('a right PIN for F2 clocks in and stays on the login screen', () => {
    const { state, effects } = feed(loggedOut(), [{ type: 'pinChecked', purpose: 'clock_in', outcome: { ok: true, employee: cashier } }]);
    expect(effects).toEqual([{ kind: 'clock', employee: cashier, direction: 'in' }]);
    expect(state.screen).toBe('login');
    expect(state.employee).toBeNull();
  });

  it('a clock out recorded says the time worked and asks the offline file to follow the shifts', () => {
    const ctx = context();
    const { state, effects } = feed(loggedOut(), [{
      type: 'clocked', employee: cashier, direction: 'out',
      result: { ok: true, shift: { id: 1, employeeId: 7, tillId: 1, clockIn: '2026-12-07T08:00:00.000Z', clockOut: '2026-12-07T10:30:00.000Z', originUuid: null } },
    }], ctx);
    expect(effects).toEqual([{ kind: 'followShifts' }]);
    expect(state.message?.kind).toBe('success');
    expect(state.message?.text).toContain('Camille');
    expect(state.message?.text).toContain('2 h 30');
  });

  it('a clock in refused (already in) rings the bell and asks nothing', () => {
    const { state, effects } = feed(loggedOut(), [{
      type: 'clocked', employee: cashier, direction: 'in',
      result: { ok: false, reason: 'already-in', open: { id: 1, employeeId: 7, tillId: 1, clockIn: '2026-12-07T08:00:00.000Z', clockOut: null, originUuid: null } },
    }]);
    expect(effects).toEqual([]);
    expect(state.bell).toBe(1);
    expect(state.message?.kind).toBe('error');
  });
});
