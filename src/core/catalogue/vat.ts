// VAT from tax-inclusive prices (French shops show and store TTC); rates are
// basis points (2000 = 20 %, 550 = 5,5 %).
//
// THE rounding rule: sum the tax-inclusive amounts per rate first, then derive
// the tax once per rate: tax = round(total x rate / (10000 + rate)), half away
// from zero; base (HT) = total - tax. VAT lines therefore always add up to the
// ticket total, and the tax never drifts with the number of lines.
import { mulDiv, type Locale } from '../basics/money.js';

export interface VatLine {
  rateBp: number;
  /** tax included (TTC) */
  total: number;
  tax: number;
  /** excluding tax (HT) = total - tax */
  base: number;
}

function checkRate(rateBp: number): void {
  if (!Number.isSafeInteger(rateBp) || rateBp < 0) throw new RangeError(`invalid VAT rate: ${rateBp} bp`);
}

/** The tax contained in a tax-inclusive amount, half away from zero (exact). */
export function vatOfInclusive(totalTtc: number, rateBp: number): number {
  checkRate(rateBp);
  return mulDiv(totalTtc, rateBp, 10000 + rateBp);
}

/**
 * One line per rate, highest rate first, following THE rounding rule above.
 * Rates whose amounts sum to 0 are omitted (nothing to declare), so the lines'
 * totals always add up to the sum of the input amounts. Throws RangeError on a
 * non-integer amount or an invalid rate.
 */
export function vatBreakdown(amounts: { rateBp: number; amount: number }[]): VatLine[] {
  const byRate = new Map<number, number>();
  for (const { rateBp, amount } of amounts) {
    checkRate(rateBp);
    if (!Number.isSafeInteger(amount)) throw new RangeError(`invalid amount: ${amount}`);
    byRate.set(rateBp, (byRate.get(rateBp) ?? 0) + amount);
  }
  return [...byRate.entries()]
    .filter(([, total]) => total !== 0)
    .sort((a, b) => b[0] - a[0])
    .map(([rateBp, total]) => {
      const tax = vatOfInclusive(total, rateBp);
      return { rateBp, total, tax, base: total - tax };
    });
}

/**
 * `20 %`, `5,5 %`, `2,1 %`, `0 %` (fr: decimal comma, plain ASCII space before
 * %) or `20%`, `5.5%` (en). Useless trailing zeros are dropped (`5,25 %` keeps both).
 */
export function formatRate(bp: number, locale: Locale = 'fr'): string {
  if (!Number.isSafeInteger(bp)) throw new RangeError(`formatRate needs integer basis points (got ${bp})`);
  const sign = bp < 0 ? '-' : '';
  const abs = Math.abs(bp);
  const whole = Math.floor(abs / 100);
  const frac = abs % 100;
  const sep = locale === 'en' ? '.' : ',';
  const fracText = frac === 0 ? '' : sep + String(frac).padStart(2, '0').replace(/0$/, '');
  return `${sign}${whole}${fracText}${locale === 'en' ? '%' : ' %'}`;
}

/**
 * Reads `20` -> 2000, `5,5` -> 550, `5.5 %` -> 550, `2,10` -> 210, `0` -> 0.
 * Null for negatives, anything above 100 %, more than two decimals or garbage.
 */
export function parseRate(text: string): number | null {
  if (typeof text !== 'string') return null;
  const m = /^(\d{1,3})(?:[.,](\d{1,2}))?\s*%?$/.exec(text.trim());
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bp > 10000 ? null : bp;
}
