// One rule for every list cursor on the screens, so a list never lets its
// cursor run off its rows: moves stop at the first and last rows (or go round,
// where a screen cycles through choices), pages are PAGE_ROWS rows, and an
// empty list keeps its cursor on 0.
import type { KeyName } from './keys.js';

/** Rows a PgUp or PgDn moves the cursor. */
export const PAGE_ROWS = 10;

/** `index` brought back onto a row of a list of `count` rows (0 when the list is empty). */
export function clampCursor(index: number, count: number): number {
  return Math.max(0, Math.min(count - 1, index));
}

/** The cursor `delta` rows away, stopping at the first and last rows. */
export function moveCursor(index: number, delta: number, count: number): number {
  return clampCursor(index + delta, count);
}

/** The cursor `delta` rows away, going round from the last row to the first and back. */
export function wrapCursor(index: number, delta: number, count: number): number {
  if (count <= 0) return 0;
  return (((index + delta) % count) + count) % count;
}

const KEY_STEPS: Partial<Record<KeyName, number>> = { up: -1, down: 1, pageup: -PAGE_ROWS, pagedown: PAGE_ROWS };

/** The cursor after ↑↓ PgUp PgDn Home End in a list of `count` rows; null for any other key. */
export function listCursor(name: KeyName, index: number, count: number): number | null {
  if (name === 'home') return 0;
  if (name === 'end') return clampCursor(count - 1, count);
  const step = KEY_STEPS[name];
  return step === undefined ? null : moveCursor(index, step, count);
}

/** The first row shown of a text scrolled from its top (a report, a closing), so the last page stays full. */
export function scrollStart(scroll: number, count: number, room: number): number {
  return Math.max(0, Math.min(scroll, count - room));
}

/** The first row shown when `room` rows of `count` are on screen, keeping the cursor near the middle. */
export function windowStart(index: number, count: number, room: number): number {
  return Math.max(0, Math.min(index - Math.floor(room / 2), count - room));
}
