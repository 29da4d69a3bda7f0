// Barcodes: GS1 check digits (EAN-13, EAN-8, UPC-A, GTIN-14) and the in-store
// EAN-13 codes printed by scales and labellers, where the prefix (GS1
// restricted circulation numbers 20-29) says that the code carries a weight
// (grams) or a price (cents) after the article's item code.

const DIGITS = /^\d+$/;

/**
 * GS1 mod-10 check digit: from the rightmost data digit leftwards, weights
 * 3, 1, 3, 1…; the check digit brings the weighted sum to a multiple of 10.
 * Throws RangeError unless given one or more ASCII digits.
 */
export function gs1CheckDigit(digitsWithoutCheck: string): number {
  if (typeof digitsWithoutCheck !== 'string' || !DIGITS.test(digitsWithoutCheck)) {
    throw new RangeError(`not digits: ${String(digitsWithoutCheck)}`);
  }
  let sum = 0;
  for (let i = 0; i < digitsWithoutCheck.length; i++) {
    const digit = digitsWithoutCheck.charCodeAt(digitsWithoutCheck.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

/** Exactly `length` digits whose last one is the right check digit. */
function validWithLength(code: string, length: number): boolean {
  return (
    typeof code === 'string' &&
    code.length === length &&
    DIGITS.test(code) &&
    gs1CheckDigit(code.slice(0, -1)) === code.charCodeAt(length - 1) - 48
  );
}

export const isValidEan13 = (code: string): boolean => validWithLength(code, 13);
export const isValidEan8 = (code: string): boolean => validWithLength(code, 8);
export const isValidUpcA = (code: string): boolean => validWithLength(code, 12);
/** Any GTIN: 8, 12, 13 or 14 digits with a valid check digit. */
export const isValidGtin = (code: string): boolean => [8, 12, 13, 14].some((n) => validWithLength(code, n));

/** Appends the check digit to 12 digits; throws RangeError otherwise. */
export function makeEan13(first12: string): string {
  if (typeof first12 !== 'string' || !/^\d{12}$/.test(first12)) {
    throw new RangeError(`an EAN-13 starts with 12 digits: ${String(first12)}`);
  }
  return first12 + gs1CheckDigit(first12);
}

/**
 * An embedded EAN-13 reads: prefix + item code (itemLength digits) + value
 * (valueLength digits) + filler / internal check digits (ignored) + the final
 * check digit, so prefix.length + itemLength + valueLength <= 12.
 */
export interface EmbeddedLayout {
  prefix: string;
  kind: 'weight' | 'price';
  itemLength: number;
  valueLength: number;
}

/** 21/22: item code (5) + weight in grams (5); 23/24: item code (5) + price in cents (5). */
export const DEFAULT_EMBEDDED_LAYOUTS: EmbeddedLayout[] = [
  { prefix: '21', kind: 'weight', itemLength: 5, valueLength: 5 },
  { prefix: '22', kind: 'weight', itemLength: 5, valueLength: 5 },
  { prefix: '23', kind: 'price', itemLength: 5, valueLength: 5 },
  { prefix: '24', kind: 'price', itemLength: 5, valueLength: 5 },
];

export interface EmbeddedValue {
  itemCode: string;
  kind: 'weight' | 'price';
  /** grams (= thousandths of a kg) for a weight, cents for a price */
  value: number;
}

/**
 * Decodes a valid EAN-13 whose prefix matches a layout; the longest matching
 * prefix wins (then the first listed). Null for an invalid code (length,
 * characters, check digit) or when no layout matches.
 */
export function decodeEmbedded(code: string, layouts: EmbeddedLayout[] = DEFAULT_EMBEDDED_LAYOUTS): EmbeddedValue | null {
  if (!isValidEan13(code)) return null;
  let layout: EmbeddedLayout | undefined;
  for (const l of layouts) {
    if (code.startsWith(l.prefix) && (!layout || l.prefix.length > layout.prefix.length)) layout = l;
  }
  if (!layout) return null;
  const itemStart = layout.prefix.length;
  const valueStart = itemStart + layout.itemLength;
  return {
    itemCode: code.slice(itemStart, valueStart),
    kind: layout.kind,
    value: Number(code.slice(valueStart, valueStart + layout.valueLength)),
  };
}

/**
 * Builds the EAN-13 a scale would print: prefix + item code and value padded
 * with leading zeros + zero filler + check digit. Throws RangeError if the
 * layout is invalid, the item code is not 1..itemLength digits, or the value
 * is not a non-negative integer of at most valueLength digits.
 */
export function encodeEmbedded(layout: EmbeddedLayout, itemCode: string, value: number): string {
  const checked = validateLayouts([layout]);
  if (!checked.ok) throw new RangeError(checked.error);
  if (typeof itemCode !== 'string' || !DIGITS.test(itemCode) || itemCode.length > layout.itemLength) {
    throw new RangeError(`item code does not fit: ${String(itemCode)}`);
  }
  const valueText = String(value);
  if (!Number.isSafeInteger(value) || value < 0 || valueText.length > layout.valueLength) {
    throw new RangeError(`value does not fit: ${value}`);
  }
  const body = layout.prefix + itemCode.padStart(layout.itemLength, '0') + valueText.padStart(layout.valueLength, '0');
  return makeEan13(body.padEnd(12, '0'));
}

/**
 * Checks a configuration value: an array of { prefix, kind, itemLength,
 * valueLength } with a digits-only prefix, kind 'weight' or 'price', lengths
 * that are positive integers and fit in the 12 data digits, and no prefix
 * listed twice. Returns clean copies (extra properties dropped). Errors in French.
 */
export function validateLayouts(layouts: unknown): { ok: true; layouts: EmbeddedLayout[] } | { ok: false; error: string } {
  if (!Array.isArray(layouts)) return { ok: false, error: 'une liste de formats est attendue' };
  const clean: EmbeddedLayout[] = [];
  for (const [i, l] of layouts.entries()) {
    const where = `format ${i + 1}`;
    if (!l || typeof l !== 'object' || Array.isArray(l)) return { ok: false, error: `${where} : objet attendu` };
    const { prefix, kind, itemLength, valueLength } = l as Record<string, unknown>;
    if (typeof prefix !== 'string' || !DIGITS.test(prefix)) return { ok: false, error: `${where} : préfixe en chiffres attendu` };
    if (kind !== 'weight' && kind !== 'price') return { ok: false, error: `${where} : type « weight » ou « price » attendu` };
    if (typeof itemLength !== 'number' || !Number.isInteger(itemLength) || itemLength < 1) {
      return { ok: false, error: `${where} : longueur du code article invalide` };
    }
    if (typeof valueLength !== 'number' || !Number.isInteger(valueLength) || valueLength < 1) {
      return { ok: false, error: `${where} : longueur de la valeur invalide` };
    }
    if (prefix.length + itemLength + valueLength > 12) return { ok: false, error: `${where} : ne tient pas dans un EAN-13` };
    if (clean.some((c) => c.prefix === prefix)) return { ok: false, error: `${where} : préfixe ${prefix} en double` };
    clean.push({ prefix, kind, itemLength, valueLength });
  }
  return { ok: true, layouts: clean };
}

export type CodeKind = 'ean13' | 'ean8' | 'upca' | 'plu' | 'invalid';

/**
 * What was typed or scanned: a valid EAN-13, EAN-8 or UPC-A, a PLU (1 to 6
 * digits, looked up in the catalogue), or invalid (anything else, including a
 * 13-, 8- or 12-digit code with a wrong check digit, 7 digits, GTIN-14,
 * spaces or letters).
 */
export function classifyCode(code: string): CodeKind {
  if (typeof code !== 'string' || !DIGITS.test(code)) return 'invalid';
  if (code.length <= 6) return 'plu';
  if (isValidEan13(code)) return 'ean13';
  if (isValidEan8(code)) return 'ean8';
  if (isValidUpcA(code)) return 'upca';
  return 'invalid';
}
