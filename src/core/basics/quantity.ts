// Quantities are integer thousandths: 1 unit = 1000, and for weighed articles
// 1 kg = 1000 g, so "1,250 kg" of comté is the integer 1250 and no float ever
// holds a quantity. A line's amount is then one exact integer product.
import { mulDiv, type Locale } from './money.js';

export const QTY_ONE = 1000;
export type Unit = 'unit' | 'kg';

/** Largest quantity a person may type on one line: 99 999 units or kg. */
export const MAX_QTY = 99_999 * QTY_ONE;

export type QuantityResult = { ok: true; value: number } | { ok: false; error: string };

/**
 * Reads `3`, `-2`, `+2`, `1,250`, `1.250` or `0,5` into thousandths. Errors (in
 * French, shown to the cashier):
 * - empty, garbage, `1,2,3`, `12,` -> "quantité illisible" / "quantité vide";
 * - more than three decimals (finer than a gram) -> refused;
 * - zero (`0`, `-0`, `0,000`) -> "quantité nulle";
 * - more than 99 999 (units or kg) in magnitude -> "quantité trop grande";
 * - a fraction for an article sold by the unit -> "quantité entière attendue…"
 *   (`3,000` is whole, hence accepted).
 * Negative quantities are accepted (returns); the caller decides if they are allowed.
 */
export function parseQuantity(text: string, unit: Unit): QuantityResult {
  const s = typeof text === 'string' ? text.trim() : '';
  if (!s) return { ok: false, error: 'quantité vide' };
  const m = /^([+-]?)(\d+)(?:[.,](\d+))?$/.exec(s);
  if (!m) return { ok: false, error: `quantité illisible : « ${s} »` };
  const [, signText, wholeText, fractionText = ''] = m;
  if (fractionText.length > 3) return { ok: false, error: 'trois décimales au plus (grammes)' };
  const whole = wholeText.replace(/^0+(?=\d)/, '');
  // Checked on the digits first so that Number never sees a 400-digit string.
  if (whole.length > 5) return { ok: false, error: 'quantité trop grande' };
  const thousandths = Number(whole) * QTY_ONE + Number(fractionText.padEnd(3, '0'));
  if (thousandths === 0) return { ok: false, error: 'quantité nulle' };
  if (thousandths > MAX_QTY) return { ok: false, error: 'quantité trop grande' };
  if (unit === 'unit' && thousandths % QTY_ONE !== 0) {
    return { ok: false, error: "quantité entière attendue pour un article à l'unité" };
  }
  return { ok: true, value: signText === '-' ? -thousandths : thousandths };
}

/**
 * `3`, `-2` for articles sold by the unit (a fractional quantity, which should
 * not happen, still shows its decimals: `1,5`); `1,250 kg` (fr) or `1.250 kg`
 * (en) for weighed articles, always with three decimals. Zero is never
 * negative. Throws RangeError if q is not an integer number of thousandths.
 */
export function formatQuantity(q: number, unit: Unit, locale: Locale = 'fr'): string {
  if (!Number.isSafeInteger(q)) throw new RangeError(`formatQuantity needs integer thousandths (got ${q})`);
  const sign = q < 0 ? '-' : '';
  const abs = Math.abs(q);
  const whole = Math.floor(abs / QTY_ONE);
  const frac = String(abs % QTY_ONE).padStart(3, '0');
  const sep = locale === 'en' ? '.' : ',';
  if (unit === 'kg') return `${sign}${whole}${sep}${frac} kg`;
  const fracText = frac === '000' ? '' : `${sep}${frac.replace(/0+$/, '')}`;
  return `${sign}${whole}${fracText}`;
}

/**
 * A line's amount in cents: unit price (cents, per unit or per kg) x quantity
 * (thousandths) / 1000, computed exactly and rounded once, half away from
 * zero: 1,250 kg at 32,90 €/kg = 41,125 € -> 41,13 €; a return of the same
 * weight gives -41,13 €. Throws RangeError on non-integer input.
 */
export function lineAmount(unitPriceCents: number, qtyThousandths: number): number {
  return mulDiv(unitPriceCents, qtyThousandths, QTY_ONE);
}
