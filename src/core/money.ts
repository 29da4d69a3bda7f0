// Money is integer cents everywhere: no float ever holds an amount. The one
// rounding rule of the till is "half away from zero" (2.5 -> 3, -2.5 -> -3),
// applied once, where a product or a quotient has to become cents again.
export type Cents = number;
export type Locale = 'fr' | 'en';

/**
 * Half away from zero, tolerant of float noise (1.005 * 100 is
 * 100.49999999999999 and must round to 101). Prefer mulDiv on integers.
 */
export function roundHalfAwayFromZero(x: number): number {
  if (!Number.isFinite(x)) throw new RangeError(`not a finite number: ${x}`);
  const rounded = Math.round(Math.abs(x) * (1 + Number.EPSILON));
  return x < 0 ? -rounded || 0 : rounded;
}

/** round(a * b / c), half away from zero, computed exactly with big integers. */
export function mulDiv(a: number, b: number, c: number): number {
  if (!Number.isInteger(a) || !Number.isInteger(b) || !Number.isInteger(c)) {
    throw new RangeError(`mulDiv needs integers (got ${a}, ${b}, ${c})`);
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
  const q = (abs * 2n + den) / (den * 2n);
  const result = Number(q);
  return negative ? -result || 0 : result;
}

/** A percentage of an amount, in basis points (1000 = 10 %). */
export function percentOf(cents: number, basisPoints: number): number {
  return mulDiv(cents, basisPoints, 10000);
}

/**
 * Splits an integer total in proportion to non-negative integer weights so the
 * parts add up exactly (largest remainder; ties go to the earliest). All-zero
 * weights split evenly.
 */
export function allocate(total: number, weights: number[]): number[] {
  if (!Number.isInteger(total)) throw new RangeError(`allocate needs an integer total (got ${total})`);
  if (weights.length === 0) {
    if (total !== 0) throw new RangeError('cannot allocate a non-zero total to nothing');
    return [];
  }
  if (weights.some((w) => !Number.isInteger(w) || w < 0)) throw new RangeError('weights must be non-negative integers');
  const sign = total < 0 ? -1 : 1;
  const amount = BigInt(Math.abs(total));
  const sum = weights.reduce((a, w) => a + w, 0);
  const ws = sum === 0 ? weights.map(() => 1n) : weights.map((w) => BigInt(w));
  const wsum = ws.reduce((a, w) => a + w, 0n);
  const parts = ws.map((w) => (amount * w) / wsum);
  const remainders = ws.map((w, i) => ({ i, r: (amount * w) % wsum }));
  let left = amount - parts.reduce((a, p) => a + p, 0n);
  remainders.sort((x, y) => (y.r > x.r ? 1 : y.r < x.r ? -1 : x.i - y.i));
  for (const { i } of remainders) {
    if (left === 0n) break;
    parts[i] = parts[i]! + 1n;
    left -= 1n;
  }
  return parts.map((p) => sign * Number(p) || 0);
}

function groupThousands(digits: string, separator: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, separator);
}

/** `12,50 €` / `-3,00 €` / `1 234 567,89 €` in French, `€12.50` / `-€3.00` in English (plain ASCII spaces). */
export function formatMoney(cents: number, locale: Locale = 'fr', opts: { symbol?: boolean } = {}): string {
  if (!Number.isInteger(cents)) throw new RangeError(`formatMoney needs integer cents (got ${cents})`);
  const symbol = opts.symbol ?? true;
  const negative = cents < 0;
  const abs = Math.abs(cents);
  const units = Math.floor(abs / 100).toString();
  const fraction = (abs % 100).toString().padStart(2, '0');
  if (locale === 'en') {
    const body = `${groupThousands(units, ',')}.${fraction}`;
    return `${negative ? '-' : ''}${symbol ? '€' : ''}${body}`;
  }
  const body = `${groupThousands(units, ' ')},${fraction}`;
  return `${negative ? '-' : ''}${body}${symbol ? ' €' : ''}`;
}

const MAX_PARSED = 1e13;

/**
 * Reads an amount typed by a person: `12,50`, `12.50`, `12`, `-3`, `1 234,56`,
 * `12,50 €`, `€12.50`. Null for anything else (more than two decimals, two
 * separators, empty, absurdly large).
 */
export function parseMoney(text: string): Cents | null {
  let s = text.trim().replace(/€/g, '').replace(/[\s\u00a0\u202f]/g, '');
  if (!s) return null;
  let sign = 1;
  if (s[0] === '-' || s[0] === '+') {
    if (s[0] === '-') sign = -1;
    s = s.slice(1);
  }
  const m = /^(\d+)(?:[.,](\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const units = Number(m[1]);
  const fraction = Number((m[2] ?? '').padEnd(2, '0') || '0');
  const cents = units * 100 + fraction;
  if (!Number.isSafeInteger(cents) || cents > MAX_PARSED) return null;
  return sign * cents || 0;
}
