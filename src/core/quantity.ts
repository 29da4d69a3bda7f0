// Quantities are integer thousandths: 1 unit = 1000, and for weighed articles
// 1 kg = 1000 g, so "1,250 kg" of comté is the integer 1250 and no float ever
// holds a quantity.
import { mulDiv, type Locale } from './money.js';

export const QTY_ONE = 1000;
export type Unit = 'unit' | 'kg';

/** Largest quantity a person may type on one line (99,999 units or kg). */
const MAX_QTY = 99_999 * QTY_ONE;

export type QuantityResult = { ok: true; value: number } | { ok: false; error: string };

/** Reads `3`, `-2`, `1,250` or `0.5`; whole numbers only for articles sold by the unit. */
export function parseQuantity(text: string, unit: Unit): QuantityResult {
  const s = text.trim();
  if (!s) return { ok: false, error: 'quantité vide' };
  const m = /^([+-]?)(\d{1,6})(?:[.,](\d{1,3}))?$/.exec(s);
  if (!m) {
    if (/^[+-]?\d+[.,]\d{4,}$/.test(s)) return { ok: false, error: 'trois décimales au plus (grammes)' };
    return { ok: false, error: `quantité illisible : « ${text} »` };
  }
  const sign = m[1] === '-' ? -1 : 1;
  const thousandths = Number(m[2]) * QTY_ONE + Number((m[3] ?? '').padEnd(3, '0') || '0');
  if (thousandths === 0) return { ok: false, error: 'quantité nulle' };
  if (thousandths > MAX_QTY) return { ok: false, error: 'quantité trop grande' };
  if (unit === 'unit' && thousandths % QTY_ONE !== 0) {
    return { ok: false, error: "quantité entière attendue pour un article à l'unité" };
  }
  return { ok: true, value: sign * thousandths };
}

/** `3` for units, `1,250 kg` (fr) or `1.250 kg` (en) for weighed articles. */
export function formatQuantity(q: number, unit: Unit, locale: Locale = 'fr'): string {
  const negative = q < 0;
  const abs = Math.abs(q);
  const whole = Math.floor(abs / QTY_ONE);
  const frac = abs % QTY_ONE;
  const sep = locale === 'fr' ? ',' : '.';
  if (unit === 'kg') return `${negative ? '-' : ''}${whole}${sep}${String(frac).padStart(3, '0')} kg`;
  const fracText = frac === 0 ? '' : `${sep}${String(frac).padStart(3, '0').replace(/0+$/, '')}`;
  return `${negative ? '-' : ''}${whole}${fracText}`;
}

/** A line's amount: unit price (cents) x quantity (thousandths) / 1000, half away from zero. */
export function lineAmount(unitPriceCents: number, qtyThousandths: number): number {
  return mulDiv(unitPriceCents, qtyThousandths, QTY_ONE);
}
