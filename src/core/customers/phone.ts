// Phone numbers as the customer search sees them: digits only, and a French
// number written internationally (+33 6…, 0033 6…) the same as at home (06…),
// so « 06 45 67 89 01 », « 06.45.67.89.01 » and « +33 6 45 67 89 01 » are one number.

/** The digits of a phone number, +33 / 0033 turned into the national 0. */
export function phoneDigits(text: string): string {
  const digits = text.replace(/\D/g, '');
  if (/^\s*\+\s*33/.test(text)) return `0${digits.slice(2)}`;
  if (digits.startsWith('0033')) return `0${digits.slice(4)}`;
  return digits;
}

/**
 * A search query that is a phone number (digits with spaces, dots, dashes,
 * brackets or a leading +): the digit strings to look for, national form first,
 * then the +33 digits older stored records kept (before this rule, +33 6…
 * was stored as 336…). null when the query is not a phone number.
 */
export function phoneQuery(query: string): string[] | null {
  const trimmed = query.trim();
  if (!/^\+?[\d\s.\-()/]+$/.test(trimmed) || !/[\s.\-()/+]/.test(trimmed)) return null;
  const national = phoneDigits(trimmed);
  if (national.length < 2) return null;
  return national.startsWith('0') && national.length > 1 ? [national, `33${national.slice(1)}`] : [national];
}
