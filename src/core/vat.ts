// VAT from tax-inclusive prices (French shops show and store TTC).
//
// THE rounding rule: sum the tax-inclusive amounts per rate first, then derive
// the tax once per rate: tax = round(total x rate / (10000 + rate)), half away
// from zero; base (HT) = total - tax. VAT lines therefore always add up to the
// ticket total, and the tax never drifts by the number of lines.
import { mulDiv, type Locale } from './money.js';

export interface VatLine {
  rateBp: number;
  /** tax included */
  total: number;
  tax: number;
  /** excluding tax */
  base: number;
}

export function vatOfInclusive(totalTtc: number, rateBp: number): number {
  return mulDiv(totalTtc, rateBp, 10000 + rateBp);
}

export function vatBreakdown(amounts: { rateBp: number; amount: number }[]): VatLine[] {
  const byRate = new Map<number, number>();
  for (const a of amounts) byRate.set(a.rateBp, (byRate.get(a.rateBp) ?? 0) + a.amount);
  return [...byRate.entries()]
    .filter(([, total]) => total !== 0)
    .sort((a, b) => b[0] - a[0])
    .map(([rateBp, total]) => {
      const tax = vatOfInclusive(total, rateBp);
      return { rateBp, total, tax, base: total - tax };
    });
}

/** `20 %`, `5,5 %` (fr, with the French space) or `20%`, `5.5%` (en). */
export function formatRate(bp: number, locale: Locale = 'fr'): string {
  const whole = Math.trunc(bp / 100);
  const frac = Math.abs(bp % 100);
  const fracText = frac === 0 ? '' : (locale === 'fr' ? ',' : '.') + String(frac).padStart(2, '0').replace(/0$/, '');
  return locale === 'fr' ? `${whole}${fracText} %` : `${whole}${fracText}%`;
}

/** Reads `20`, `5,5`, `5.5 %`; null for negatives, above 100 or more than two decimals. */
export function parseRate(text: string): number | null {
  const m = /^(\d{1,3})(?:[.,](\d{1,2}))?\s*%?$/.exec(text.trim());
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0') || '0');
  return bp > 10000 ? null : bp;
}
