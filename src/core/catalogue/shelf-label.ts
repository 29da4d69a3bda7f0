// A shelf label as a printable document, built from the article alone (no
// I/O): its name, its category, the price TTC in large print, the price per
// kg for weighed articles, its PLU and its EAN-13. It is the same kind of
// document as a receipt, so the receipt encoder prints it (escpos.ts).
import { classifyCode } from '../sales/barcode.js';
import { formatMoney, type Locale } from '../basics/money.js';
import type { ReceiptDocument } from '../sales/receipt.js';

export interface LabelArticle {
  name: string;
  plu: string | null;
  price: number;
  unit: 'unit' | 'kg';
  category: string;
  /** the article's barcodes; the first valid EAN-13 is printed */
  barcodes: string[];
}

/** Large print is double width: a line holds half the columns. */
function center(text: string, width: number): string {
  const t = text.slice(0, width);
  return ' '.repeat(Math.floor((width - t.length) / 2)) + t;
}

/** Splits a long name on spaces into at most two lines of the given width. */
function wrap(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const cut = text.lastIndexOf(' ', width);
  const at = cut > 0 ? cut : width;
  return [text.slice(0, at), text.slice(at).trim().slice(0, width)];
}

/**
 * The label of one article for a `columns`-wide printer. A weighed article's
 * big price is per kg and says so; an article without an EAN-13 gets no
 * barcode (its PLU is printed, which the till accepts typed).
 */
export function shelfLabel(article: LabelArticle, columns = 42, locale: Locale = 'fr'): ReceiptDocument {
  const big = Math.floor(columns / 2);
  const price = formatMoney(article.price, locale);
  const lines: ReceiptDocument['lines'] = [];
  for (const l of wrap(article.name, columns)) lines.push({ text: center(l, columns), bold: true });
  lines.push({ text: center(article.category, columns) });
  lines.push({ text: '' });
  lines.push({ text: center(article.unit === 'kg' ? `${price}/kg` : price, big), big: true });
  if (article.unit === 'kg') lines.push({ text: center(locale === 'fr' ? `Prix au kg : ${price}` : `Price per kg: ${price}`, columns) });
  lines.push({ text: '' });
  if (article.plu) lines.push({ text: center(`PLU ${article.plu}`, columns) });
  const barcode = article.barcodes.find((c) => classifyCode(c) === 'ean13') ?? null;
  return { lines, barcode };
}
