// What the cashier typed on the input line, understood: a code (barcode or
// PLU) with an optional quantity (`3*`, `3x`, `1,250*`) and an optional
// return sign (`-`), a quantity alone for the selected line (`3*`), or words
// to search by name. Pure: the screen decides what to do with it.

export type Entry =
  | { kind: 'empty' }
  | { kind: 'code'; code: string; quantityText: string | null; isReturn: boolean }
  | { kind: 'quantity'; quantityText: string; isReturn: boolean }
  | { kind: 'search'; query: string; quantityText: string | null; isReturn: boolean }
  | { kind: 'invalid'; error: string };

const QUANTITY = '(\\d{1,6}(?:[.,]\\d{1,3})?)';

/**
 * `3017620422003`, `101`, `3*3017620422003`, `3x101`, `1,250*10001`,
 * `-3017620422003`, `-2*101` → a code; `3*` or `-2x` → a quantity for the
 * selected line; anything with a letter → a name search.
 */
export function parseEntry(raw: string): Entry {
  const text = raw.trim();
  if (!text) return { kind: 'empty' };
  const withQuantity = new RegExp(`^(-?)(?:${QUANTITY}\\s*[*xX×]\\s*)?(\\d{1,14})$`).exec(text);
  if (withQuantity) {
    return { kind: 'code', code: withQuantity[3]!, quantityText: withQuantity[2] ?? null, isReturn: withQuantity[1] === '-' };
  }
  const quantityOnly = new RegExp(`^(-?)${QUANTITY}\\s*[*xX×]$`).exec(text);
  if (quantityOnly) return { kind: 'quantity', quantityText: quantityOnly[2]!, isReturn: quantityOnly[1] === '-' };
  if (/\p{L}/u.test(text)) {
    // `3*comté` searches "comté" and will add three of the chosen article.
    const prefixed = new RegExp(`^(-?)(?:${QUANTITY}\\s*[*×]\\s*)?(.*\\p{L}.*)$`, 'u').exec(text);
    if (prefixed) {
      return { kind: 'search', query: prefixed[3]!.trim(), quantityText: prefixed[2] ?? null, isReturn: prefixed[1] === '-' };
    }
    return { kind: 'search', query: text, quantityText: null, isReturn: false };
  }
  if (/^-?\d{15,}$/.test(text)) return { kind: 'invalid', error: 'Code trop long' };
  return { kind: 'invalid', error: `Saisie non comprise : « ${text} »` };
}

/**
 * What a scan keeps of the input line typed before it: a quantity and/or the
 * return sign (`3*`, `-`, `-2x`), so `3*` then a scan adds three; anything
 * else typed is replaced by the scanned code.
 */
export function scanPrefix(raw: string): string {
  const text = raw.trim();
  return new RegExp(`^-?(${QUANTITY}\\s*[*xX×])?$`).test(text) ? text : '';
}

/** A search typed in the customer search that is a phone number (digits, spaces, +, dots). */
export function looksLikePhone(query: string): boolean {
  return /^[\d\s+.]{6,}$/.test(query.trim());
}
