// When wrong PINs lock a till: after 5 wrong ones in a row, 30 s during which
// no PIN is even checked; each further 5 double the wait, up to 15 minutes.
// A right PIN (outside a lock) starts the count again. Pure rules: no I/O;
// pin-guard.ts keeps the count in the database.

export const MAX_PIN_TRIES = 5;
export const FIRST_LOCK_MS = 30_000;
export const MAX_LOCK_MS = 15 * 60_000;

export interface LockoutState {
  /** wrong PINs in a row */
  failures: number;
  /** ISO time until which every PIN is refused, or null */
  lockedUntil: string | null;
}

export const NO_FAILURES: LockoutState = { failures: 0, lockedUntil: null };

/** Milliseconds the lock still lasts at `now` (0 when not locked). */
export function lockRemainingMs(state: LockoutState, now: Date): number {
  if (!state.lockedUntil) return 0;
  return Math.max(0, Date.parse(state.lockedUntil) - now.getTime());
}

/** How long the lock that the `failures`-th wrong PIN sets lasts (0: none yet). */
export function lockLengthMs(failures: number): number {
  if (failures < MAX_PIN_TRIES || failures % MAX_PIN_TRIES !== 0) return 0;
  return Math.min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** (failures / MAX_PIN_TRIES - 1));
}

/** The state after one more wrong PIN, typed while not locked. */
export function afterWrongPin(state: LockoutState, now: Date): LockoutState {
  const failures = state.failures + 1;
  const lock = lockLengthMs(failures);
  return { failures, lockedUntil: lock > 0 ? new Date(now.getTime() + lock).toISOString() : state.lockedUntil };
}
