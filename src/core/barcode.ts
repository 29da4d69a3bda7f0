// Barcodes: GS1 check digits (EAN-13, EAN-8, UPC-A) and the in-store EAN-13
// codes printed by scales, where the prefix says that the code carries a
// weight (grams) or a price (cents) after the article's item code.

/** GS1 mod-10 check digit: weights 3,1,3,… from the rightmost data digit. */
export function gs1CheckDigit(digitsWithoutCheck: string): number {
  if (!/^\d+$/.test(digitsWithoutCheck)) throw new RangeError(`not digits: ${digitsWithoutCheck}`);
  let sum = 0;
  for (let i = 0; i < digitsWithoutCheck.length; i++) {
    const digit = digitsWithoutCheck.charCodeAt(digitsWithoutCheck.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

function validWithLength(code: string, length: number): boolean {
  return code.length === length && /^\d+$/.test(code) && gs1CheckDigit(code.slice(0, -1)) === Number(code[length - 1]);
}

export const isValidEan13 = (code: string): boolean => validWithLength(code, 13);
export const isValidEan8 = (code: string): boolean => validWithLength(code, 8);
export const isValidUpcA = (code: string): boolean => validWithLength(code, 12);
export const isValidGtin = (code: string): boolean => [8, 12, 13, 14].some((n) => validWithLength(code, n));

export function makeEan13(first12: string): string {
  if (!/^\d{12}$/.test(first12)) throw new RangeError(`an EAN-13 starts with 12 digits: ${first12}`);
  return first12 + gs1CheckDigit(first12);
}

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

export function decodeEmbedded(
  code: string,
  layouts: EmbeddedLayout[] = DEFAULT_EMBEDDED_LAYOUTS,
): { itemCode: string; kind: 'weight' | 'price'; value: number } | null {
  if (!isValidEan13(code)) return null;
  const layout = layouts
    .filter((l) => code.startsWith(l.prefix))
    .sort((a, b) => b.prefix.length - a.prefix.length)[0];
  if (!layout) return null;
  const itemStart = layout.prefix.length;
  const valueStart = itemStart + layout.itemLength;
  return {
    itemCode: code.slice(itemStart, valueStart),
    kind: layout.kind,
    value: Number(code.slice(valueStart, valueStart + layout.valueLength)),
  };
}

export function encodeEmbedded(layout: EmbeddedLayout, itemCode: string, value: number): string {
  if (!/^\d+$/.test(itemCode) || itemCode.length > layout.itemLength) throw new RangeError(`item code does not fit: ${itemCode}`);
  const valueText = String(value);
  if (!Number.isInteger(value) || value < 0 || valueText.length > layout.valueLength) throw new RangeError(`value does not fit: ${value}`);
  const body = layout.prefix + itemCode.padStart(layout.itemLength, '0') + valueText.padStart(layout.valueLength, '0');
  return makeEan13(body.padEnd(12, '0'));
}

export function validateLayouts(layouts: unknown): { ok: true; layouts: EmbeddedLayout[] } | { ok: false; error: string } {
  if (!Array.isArray(layouts)) return { ok: false, error: 'une liste de formats est attendue' };
  for (const [i, l] of layouts.entries()) {
    const where = `format ${i + 1}`;
    if (!l || typeof l !== 'object') return { ok: false, error: `${where} : objet attendu` };
    const { prefix, kind, itemLength, valueLength } = l as Record<string, unknown>;
    if (typeof prefix !== 'string' || !/^\d{1,3}$/.test(prefix)) return { ok: false, error: `${where} : préfixe de 1 à 3 chiffres attendu` };
    if (kind !== 'weight' && kind !== 'price') return { ok: false, error: `${where} : type « weight » ou « price » attendu` };
    if (!Number.isInteger(itemLength) || (itemLength as number) < 1) return { ok: false, error: `${where} : longueur du code article invalide` };
    if (!Number.isInteger(valueLength) || (valueLength as number) < 1) return { ok: false, error: `${where} : longueur de la valeur invalide` };
    if (prefix.length + (itemLength as number) + (valueLength as number) > 12) return { ok: false, error: `${where} : ne tient pas dans un EAN-13` };
  }
  return { ok: true, layouts: layouts as EmbeddedLayout[] };
}

export type CodeKind = 'ean13' | 'ean8' | 'upca' | 'plu' | 'invalid';

export function classifyCode(code: string): CodeKind {
  if (!/^\d+$/.test(code)) return 'invalid';
  if (code.length <= 6) return 'plu';
  if (isValidEan13(code)) return 'ean13';
  if (isValidEan8(code)) return 'ean8';
  if (isValidUpcA(code)) return 'upca';
  return 'invalid';
}
