// Large digits drawn with block characters (three rows high), for the amount
// due, the change, and the remaining stock of a low-stock article. The block
// characters exist in the Linux console font too.
import { formatMoney, type Locale } from '../core/basics/money.js';

const FONT: Record<string, [string, string, string]> = {
  '0': ['█▀█', '█ █', '▀▀▀'],
  '1': ['▀█ ', ' █ ', '▀▀▀'],
  '2': ['▀▀█', '█▀▀', '▀▀▀'],
  '3': ['▀▀█', ' ▀█', '▀▀▀'],
  '4': ['█ █', '▀▀█', '  ▀'],
  '5': ['█▀▀', '▀▀█', '▀▀▀'],
  '6': ['█▀▀', '█▀█', '▀▀▀'],
  '7': ['▀▀█', '  █', '  ▀'],
  '8': ['█▀█', '█▀█', '▀▀▀'],
  '9': ['█▀█', '▀▀█', '▀▀▀'],
  // The comma hangs below the line, the point sits on it: 21,80 and 21.80 read differently.
  ',': ['  ', '  ', '█ '],
  '.': ['  ', '  ', '▀ '],
  '-': ['   ', '▀▀▀', '   '],
  ' ': [' ', ' ', ' '],
  '€': ['█▀▀', '█▀ ', '▀▀▀'],
};

/** Three lines of block characters for a short text of digits, `,`, `.`, `-`, spaces and `€`; null if a character can't be drawn. */
export function bigText(text: string): [string, string, string] | null {
  const rows: [string, string, string] = ['', '', ''];
  for (const [i, ch] of [...text].entries()) {
    const glyph = FONT[ch];
    if (!glyph) return null;
    const gap = i === 0 || ch === ',' || ch === '.' ? '' : ' ';
    for (let r = 0; r < 3; r++) rows[r] += gap + glyph[r]!;
  }
  return rows;
}

/** Width in columns of the big rendering of a text. */
export function bigWidth(text: string): number {
  return bigText(text)?.[0].length ?? text.length;
}

/** An amount for the big digits, as the text around it writes it: « 21,80 » in French, « €21.80 » in English. */
export function bigAmount(cents: number, locale: Locale): string {
  return locale === 'en' ? formatMoney(cents, 'en') : formatMoney(cents, 'fr', { symbol: false });
}
