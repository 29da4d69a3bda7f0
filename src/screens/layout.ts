// Sizes of the sale screen for a terminal, and fixed-width text helpers. Ink
// clears the whole screen when a frame is as tall as the terminal, so the
// frame is kept one row shorter.
import { stripControls } from '../core/basics/text-fields.js';
import stringWidth from 'string-width';

export interface ScreenSize {
  columns: number;
  rows: number;
}

export interface SaleLayout {
  width: number;
  height: number;
  gridWidth: number;
  ticketWidth: number;
  /** rows between the category tabs and the input line */
  mainHeight: number;
  columns: number;
  cellWidth: number;
  cellHeight: number;
  cellRows: number;
}

export const MIN_SIZE: ScreenSize = { columns: 80, rows: 24 };

export function saleLayout(size: ScreenSize): SaleLayout {
  const width = Math.max(MIN_SIZE.columns, size.columns);
  const height = Math.max(MIN_SIZE.rows, size.rows) - 1;
  // header, tabs, input line, status bar, key hints
  const mainHeight = height - 5;
  const ticketWidth = Math.min(60, Math.max(32, Math.floor(width * 0.4)));
  const gridWidth = width - ticketWidth - 1;
  const columns = Math.max(2, Math.floor(gridWidth / 15));
  const cellWidth = Math.floor(gridWidth / columns);
  const cellHeight = 4;
  const cellRows = Math.max(1, Math.floor(mainHeight / cellHeight));
  return { width, height, gridWidth, ticketWidth, mainHeight, columns, cellWidth, cellHeight, cellRows };
}

/**
 * Characters one column wide each on their own: ASCII, Latin letters with
 * their accents precomposed, French typography (« » ’ – — … € and the narrow
 * no-break space of amounts). Not © ® (emoji, two columns) nor the soft hyphen.
 */
const ONE_COLUMN_EACH = /^[\x20-\x7e\xa0-\xa8\xaa-\xac\xaf-\u02ff\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026\u202f\u20ac\u2191\u2193\u2588]*$/;

/**
 * Terminal columns of a text. The till's texts are nearly always made of
 * one-column characters, counted here without string-width: it walks the
 * text's graphemes with an Intl.Segmenter, whose native iterators pile up
 * until a garbage collection and would cost more on every frame.
 */
export function textWidth(text: string): number {
  return ONE_COLUMN_EACH.test(text) ? text.length : stringWidth(text);
}

/** Cuts (with an ellipsis) or pads a text to exactly `width` terminal columns. */
export function fit(raw: string, width: number): string {
  if (width <= 0) return '';
  // Output guard: a control character (an ESC sequence in a name) never reaches the terminal.
  const text = stripControls(raw);
  const total = textWidth(text);
  if (total <= width) return text + ' '.repeat(width - total);
  let out = '';
  let used = 0;
  for (const ch of text) {
    const w = textWidth(ch);
    if (used + w > width - 1) break;
    out += ch;
    used += w;
  }
  return `${out}…${' '.repeat(width - 1 - used)}`;
}

/** `left … right` in exactly `width` columns; the left text gives way. */
export function spread(left: string, right: string, width: number): string {
  const rightWidth = textWidth(right);
  if (rightWidth >= width) return fit(right, width);
  return fit(left, width - rightWidth - 1) + ' ' + right;
}

/** Splits a name into at most `lines` lines of `width` columns, on word boundaries where possible. */
export function wrapName(name: string, width: number, lines: number): string[] {
  const words = stripControls(name).split(/\s+/);
  const out: string[] = [];
  let current = '';
  for (const word of words) {
    const candidate = current ? `${current} ${word}` : word;
    if (textWidth(candidate) <= width) current = candidate;
    else {
      if (current) out.push(current);
      current = word;
    }
  }
  if (current) out.push(current);
  const kept = out.slice(0, lines);
  if (out.length > lines) kept[lines - 1] = fit(`${kept[lines - 1]} ${out.slice(lines).join(' ')}`, width).trimEnd();
  return kept.map((l) => fit(l, width));
}
