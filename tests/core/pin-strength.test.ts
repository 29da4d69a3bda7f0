// The pure rules behind PINs: which ones are too easy (pin-strength.ts) and
// when wrong ones lock the till (pin-lockout.ts).
import { afterWrongPin, FIRST_LOCK_MS, lockLengthMs, lockRemainingMs, MAX_LOCK_MS, NO_FAILURES } from '../../src/core/staff/pin-lockout.js';
import { isObviousPin, pinWeakness, storedPinIsWeak } from '../../src/core/staff/pin-strength.js';

describe('PIN strength', () => {
  test('obvious: one digit repeated, a run up or down (turning round 9 → 0 too)', () => {
    for (const pin of ['0000', '1111', '999999', '1234', '123456', '4321', '987654', '8901', '21098765']) expect([pin, isObviousPin(pin)]).toEqual([pin, true]);
    for (const pin of ['2468', '1357', '1123', '0001', '582046', '1212', '9753']) expect([pin, isObviousPin(pin)]).toEqual([pin, false]);
  });

  test('a manager or owner needs the shop minimum of digits; a cashier only a PIN that is not obvious', () => {
    expect(pinWeakness('5820', 'cashier')).toBeNull();
    expect(pinWeakness('5820', 'manager')).toContain('au moins 6 chiffres');
    expect(pinWeakness('58204', 'owner')).toContain('au moins 6 chiffres');
    expect(pinWeakness('582046', 'owner')).toBeNull();
    expect(pinWeakness('582046', 'manager', 8)).toContain('au moins 8 chiffres');
    expect(pinWeakness('0000', 'cashier')).toContain('trop facile');
    expect(pinWeakness('123456', 'manager')).toContain('trop facile');
  });

  test('what was remembered of a PIN says whether it is weak for the role now; unknown is not weak', () => {
    expect(storedPinIsWeak({ digits: 4, obvious: false }, 'cashier')).toBe(false);
    expect(storedPinIsWeak({ digits: 4, obvious: false }, 'manager')).toBe(true);
    expect(storedPinIsWeak({ digits: 6, obvious: true }, 'cashier')).toBe(true);
    expect(storedPinIsWeak({ digits: null, obvious: null }, 'owner')).toBe(false);
  });
});

describe('PIN lockout', () => {
  const t0 = new Date('2026-12-07T10:00:00Z');
  test('five wrong PINs lock for 30 s; each further five double it, up to 15 minutes', () => {
    let state = NO_FAILURES;
    for (let i = 1; i <= 4; i++) state = afterWrongPin(state, t0);
    expect(state).toEqual({ failures: 4, lockedUntil: null });
    expect(lockRemainingMs(state, t0)).toBe(0);
    state = afterWrongPin(state, t0);
    expect(lockRemainingMs(state, t0)).toBe(FIRST_LOCK_MS);
    expect(lockRemainingMs(state, new Date(t0.getTime() + FIRST_LOCK_MS))).toBe(0);
    expect([5, 10, 15, 20].map(lockLengthMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(lockLengthMs(7)).toBe(0);
    expect(lockLengthMs(500)).toBe(MAX_LOCK_MS);
  });
});
