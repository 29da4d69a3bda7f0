// What makes a PIN too easy to guess. A PIN is the only thing between a
// cashier and a manager's rights (refunds, cash out, prices), so a new or
// changed PIN must not be one a guesser tries first: the same digit repeated
// (0000), a run up or down (1234, 987654); and a manager's or owner's PIN
// must have at least the shop's minimum of digits (a setting, 6 by default).
// Pure rules: no I/O.
import type { Role } from './staff.js';

export const DEFAULT_MIN_DIGITS_MANAGER = 6;

/** 0000, 1234, 9876, 8901 (a run that turns round 9 → 0 counts too) */
export function isObviousPin(pin: string): boolean {
  if (!/^\d+$/.test(pin)) return false;
  const digits = [...pin].map(Number);
  const steps = new Set(digits.slice(1).map((d, i) => (d - digits[i]! + 10) % 10));
  return steps.size === 1 && [0, 1, 9].includes([...steps][0]!);
}

/** Needs a longer PIN than a cashier: managers and owners. */
export function needsLongPin(role: Role): boolean {
  return role === 'manager' || role === 'owner';
}

/** What is wrong with `pin` for someone with `role`, or null when it is strong enough. */
export function pinWeakness(pin: string, role: Role, minDigitsManager = DEFAULT_MIN_DIGITS_MANAGER): string | null {
  if (isObviousPin(pin)) return 'Code PIN trop facile à deviner (chiffres tous identiques ou qui se suivent)';
  if (needsLongPin(role) && pin.length < minDigitsManager) return `Le code PIN d'un responsable ou d'un patron compte au moins ${minDigitsManager} chiffres`;
  return null;
}

/** Weakness from what was remembered when the PIN was set (its length, whether obvious); unknown facts are not weak. */
export function storedPinIsWeak(facts: { digits: number | null; obvious: boolean | null }, role: Role, minDigitsManager = DEFAULT_MIN_DIGITS_MANAGER): boolean {
  if (facts.obvious === true) return true;
  return facts.digits !== null && needsLongPin(role) && facts.digits < minDigitsManager;
}
