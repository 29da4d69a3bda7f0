// Money is integer cents everywhere: no float ever holds an amount. The one
// rounding rule of the till is "half away from zero" (2.5 -> 3, -2.5 -> -3),
// applied once, where a product or a quotient has to become cents again. The
// exact primitive for that is mulDiv (BigInt arithmetic); roundHalfAwayFromZero
// only exists for the rare float that comes from outside.
export type Cents = number;
export type Locale = 'fr' | 'en';

/**
 * Rounds half away from zero (2.5 -> 3, -2.5 -> -3, 0.4 -> 0, never -0).
 *
 * Float noise: a float is first read as 15 significant decimal digits (what a
 * double holds reliably), so 1.005 * 100 = 100.49999999999999 counts as 100.5
 * and rounds to 101, the answer a person expects. Integers and magnitudes of
 * 1e15 and more are left alone (no decimal noise can be told apart there).
 * Throws RangeError on NaN and infinities. Prefer mulDiv on integers.
 */
export function roundHalfAwayFromZero(x: number): number {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  if (Number.isInteger(x)) return x === 0 ? 0 : x;
  const abs = Math.abs(x);
  const snapped = abs < 1e15 ? Number(abs.toPrecision(15)) : abs;
  // Math.round on a non-negative number rounds halves up, i.e. away from zero.
  const rounded = Math.round(snapped);
  return x < 0 && rounded !== 0 ? -rounded : rounded;
}

/**
 * round(a * b / c), half away from zero, computed exactly with BigInt, so the
 * intermediate product may exceed 2^53 without losing a cent. This is the
 * primitive behind line amounts (price x quantity / 1000), percentages and
 * VAT. a, b and c must be safe integers, c non-zero, and the result must be a
 * safe integer too: otherwise RangeError (an inexact amount is never returned).
 */
export function mulDiv(a: number, b: number, c: number): number {
  if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || !Number.isSafeInteger(c)) {
    throw new RangeError(`mulDiv needs safe integers (got ${a}, ${b}, ${c})`);
  }
  if (c === 0) throw new RangeError('mulDiv by zero');
  let num = BigInt(a) * BigInt(b);
  let den = BigInt(c);
  if (den < 0n) {
    num = -num;
    den = -den;
  }
  const negative = num < 0n;
  const abs = negative ? -num : num;
  // floor(abs / den + 1/2): halves go up on the magnitude, i.e. away from zero.
  const q = (abs * 2n + den) / (den * 2n);
  if (q > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`mulDiv result too large (${a} x ${b} / ${c})`);
  const result = Number(q);
  return negative && result !== 0 ? -result : result;
}

/** A percentage of an amount, in basis points (1000 = 10 %), half away from zero. */
export function percentOf(cents: number, basisPoints: number): number {
  return mulDiv(cents, basisPoints, 10000);
}

/**
 * Splits an integer total in proportion to non-negative integer weights so the
 * parts add up exactly to the total (largest remainder method):
 * - each part first gets floor(|total| x weight / sum of weights);
 * - the cents left over go one by one to the largest remainders, ties to the
 *   earliest index;
 * - all-zero weights split evenly (same rule, so the earliest get the extra);
 * - a negative total is split like its opposite, then negated (sign symmetric).
 * Throws RangeError on a non-integer total, a negative or non-integer weight,
 * or a non-zero total with no weights at all.
 */
export function allocate(total: number, weights: number[]): number[] {
  if (!Number.isSafeInteger(total)) throw new RangeError(`allocate needs an integer total (got ${total})`);
  if (weights.length === 0) {
    if (total !== 0) throw new RangeError('cannot allocate a non-zero total to nothing');
    return [];
  }
  if (weights.some((w) => !Number.isSafeInteger(w) || w < 0)) throw new RangeError('weights must be non-negative integers');
  const sign = total < 0 ? -1 : 1;
  const amount = BigInt(Math.abs(total));
  const allZero = weights.every((w) => w === 0);
  const ws = allZero ? weights.map(() => 1n) : weights.map((w) => BigInt(w));
  const wsum = ws.reduce((a, w) => a + w, 0n);
  const parts = ws.map((w) => (amount * w) / wsum);
  const remainders = ws.map((w, i) => ({ i, r: (amount * w) % wsum }));
  let left = amount - parts.reduce((a, p) => a + p, 0n);
  remainders.sort((x, y) => (y.r > x.r ? 1 : y.r < x.r ? -1 : x.i - y.i));
  // left < number of parts, so one pass over the remainders is enough.
  for (const { i } of remainders) {
    if (left === 0n) break;
    parts[i] = parts[i]! + 1n;
    left -= 1n;
  }
  return parts.map((p) => (p === 0n ? 0 : sign * Number(p)));
}

function groupThousands(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/**
 * `12,50 €` / `-3,00 €` / `1 234 567,89 €` in French, `€12.50` / `-€3.00` /
 * `€1,234,567.89` in English; `{ symbol: false }` drops the euro sign. All
 * spaces are plain ASCII so terminal widths are predictable; zero is never
 * negative. Throws RangeError on anything but an integer number of cents.
 */
export function formatMoney(cents: number, locale: Locale = 'fr', opts: { symbol?: boolean } = {}): string {
  if (!Number.isInteger(cents)) throw new RangeError(`formatMoney needs integer cents (got ${cents})`);
  const symbol = opts.symbol ?? true;
  const negative = cents < 0;
  // BigInt keeps every digit of huge amounts (Number#toString would switch to 1e+21).
  const abs = BigInt(Math.abs(cents));
  const units = (abs / 100n).toString();
  const fraction = (abs % 100n).toString().padStart(2, '0');
  const sign = negative ? '-' : '';
  if (locale === 'en') return `${sign}${symbol ? '€' : ''}${groupThousands(units, ',')}.${fraction}`;
  return `${sign}${groupThousands(units, ' ')},${fraction}${symbol ? ' €' : ''}`;
}

/** Largest amount parseMoney accepts, in cents (100 billion euros). */
export const MAX_PARSED_CENTS = 1e13;

// Spaces a person or a formatter may put between thousands.
const SPACE = '[ \\u00a0\\u202f]';
const AMOUNT = new RegExp(
  '^([+-])?\\s*(€)?\\s*' +
    '(?:' +
    // 1234 or 1 234 (space-grouped), with an optional , or . decimal part
    `(\\d+|\\d{1,3}(?:${SPACE}\\d{3})+)(?:[.,](\\d{1,2}))?` +
    // 1,234.56 (English grouping): only with a . decimal part, else 1,234 would be ambiguous
    '|(\\d{1,3}(?:,\\d{3})+)\\.(\\d{1,2})' +
    // 1.234,56 (continental grouping): only with a , decimal part
    '|(\\d{1,3}(?:\\.\\d{3})+),(\\d{1,2})' +
    ')\\s*(€)?$',
);

/**
 * Reads an amount typed by a person (or printed by formatMoney): `12,50`,
 * `12.50`, `12`, `12,5`, `-3`, `+3`, ` 12,50 € `, `€12.50`, `-€3.00`,
 * `1 234,56`, `1,234.56`. The decimal separator is `,` or `.` with one or two
 * digits after it; thousands are grouped by spaces (or by the other separator
 * when a decimal part follows). Null for anything else: empty, more than two
 * decimals (`12,505` - also why `1,234` alone is refused), several separators
 * (`1,2,3`), a dangling separator (`12,`), two signs, exponents, Infinity/NaN,
 * a euro sign on both sides or in the middle, and amounts beyond 1e13 cents.
 */
export function parseMoney(text: string): Cents | null {
  if (typeof text !== 'string') return null;
  const m = AMOUNT.exec(text.trim());
  if (!m) return null;
  const [, signText, euroBefore, plain, plainFraction, en, enFraction, eu, euFraction, euroAfter] = m;
  if (euroBefore && euroAfter) return null;
  const unitsText = (plain ?? en ?? eu ?? '').replace(/[^\d]/g, '');
  const fractionText = plainFraction ?? enFraction ?? euFraction ?? '';
  const stripped = unitsText.replace(/^0+(?=\d)/, '');
  // More than 12 digits of euros is far beyond the limit: refuse before Number could lose digits.
  if (stripped.length > 12) return null;
  const cents = Number(stripped) * 100 + Number(fractionText.padEnd(2, '0'));
  if (cents > MAX_PARSED_CENTS) return null;
  return signText === '-' && cents !== 0 ? -cents : cents;
}
