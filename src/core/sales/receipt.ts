// The receipt as text lines, built from a committed sale by a pure function:
// the printer driver encodes these lines for the device, and `pos receipt
// show` prints the very same layout in a terminal.
import { receiptFingerprint } from '../fiscal/journal.js';
import { formatMoney, type Locale } from '../basics/money.js';
import { PAYMENT_LABELS } from './payment.js';
import { formatQuantity, QTY_ONE } from '../basics/quantity.js';
import type { Sale } from './sales.service.js';
import { formatRate } from '../catalogue/vat.js';
import { makeEan13 } from './barcode.js';
import { formatProgress, type SaleLoyalty } from '../customers/loyalty.js';

export interface ReceiptShop {
  name: string;
  address: string[];
  header: string[];
  footer: string[];
  siret: string;
  vatNumber: string;
}

export interface ReceiptInput {
  sale: Sale;
  shop: ReceiptShop;
  cashierName: string;
  tillName: string;
  /** the customer attached to the sale, if any */
  customerName?: string | null;
  columns: number;
  locale?: Locale;
  /** reprint number: prints "DUPLICATA n" */
  duplicate?: number;
  /** the customer's loyalty card after this sale (none when the module is off) */
  loyalty?: SaleLoyalty | null;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function center(text: string, width: number): string {
  const t = text.slice(0, width);
  return ' '.repeat(Math.floor((width - t.length) / 2)) + t;
}

/** Left text and right text on one line, the left one cut if both don't fit. */
function spread(left: string, right: string, width: number): string {
  const room = Math.max(0, width - right.length - 1);
  const l = left.length > room ? left.slice(0, room) : left;
  return l + ' '.repeat(Math.max(1, width - l.length - right.length)) + right;
}

/** A receipt ready for a printer: laid-out lines, which ones are bold, and the barcode. */
export interface ReceiptDocument {
  /** big: double width and height (a shelf label's price), the text laid out for half the columns */
  lines: Array<{ text: string; bold?: boolean; big?: boolean }>;
  /** EAN-13 (in-store range 27) carrying the till and sale number, scanned for returns and reprints */
  barcode: string | null;
}

/** `27` + till (2 digits) + sale number (8 digits) + check digit. */
export function saleBarcode(tillId: number, number: number): string | null {
  if (tillId > 99 || number > 99_999_999) return null;
  return makeEan13(`27${String(tillId).padStart(2, '0')}${String(number).padStart(8, '0')}`);
}

export function receiptDocument(input: ReceiptInput): ReceiptDocument {
  const lines = buildReceipt(input);
  return {
    lines: lines.map((text) => ({ text, bold: /^(TOTAL|\s*\*\*\* DUPLICATA)/.test(text) || text.trim() === input.shop.name })),
    barcode: saleBarcode(input.sale.tillId, input.sale.number),
  };
}

const REWARD_LABELS = {
  percent: { fr: 'remise', en: 'discount' },
  amount: { fr: 'remise', en: 'discount' },
  voucher: { fr: 'bon', en: 'voucher' },
  article: { fr: 'article offert', en: 'free article' },
} as const;

/** The loyalty card block: the reward given, the voucher's code, the card after the sale. */
function loyaltyLines(loyalty: SaleLoyalty, locale: Locale, w: number): string[] {
  const fr = locale === 'fr';
  const money = (c: number) => formatMoney(c, locale, { symbol: false });
  const out: string[] = [];
  if (loyalty.reward) {
    out.push(spread(`${fr ? 'Récompense fidélité' : 'Loyalty reward'} (${REWARD_LABELS[loyalty.reward.kind][locale]})`, money(loyalty.reward.cost), w));
  }
  if (loyalty.voucher) {
    out.push(spread(`${fr ? 'Bon fidélité' : 'Loyalty voucher'} ${loyalty.voucher.code}`, money(loyalty.voucher.amount), w));
  }
  out.push(`${fr ? 'Carte fidélité' : 'Loyalty card'} : ${formatProgress(loyalty.criterion, loyalty.progress, loyalty.threshold, locale)}`.slice(0, w));
  if (loyalty.complete) {
    out.push(center(fr ? '*** CARTE FIDÉLITÉ COMPLÈTE ***' : '*** LOYALTY CARD COMPLETE ***', w));
    out.push(center(fr ? 'Votre récompense vous attend !' : 'Your reward is waiting for you!', w));
  }
  out.push('-'.repeat(w));
  return out;
}

/** The original sales the return lines come from (returns against the receipt), once each. */
function returnedSales(sale: Sale): Array<{ tillId: number; saleNumber: number }> {
  const seen = new Map<number, { tillId: number; saleNumber: number }>();
  for (const l of sale.lines) if (l.origin && !seen.has(l.origin.saleId)) seen.set(l.origin.saleId, { tillId: l.origin.tillId, saleNumber: l.origin.saleNumber });
  return [...seen.values()];
}

export function buildReceipt(input: ReceiptInput): string[] {
  const { sale, shop, columns: w } = input;
  const locale = input.locale ?? 'fr';
  const money = (c: number) => formatMoney(c, locale, { symbol: false });
  const rule = '-'.repeat(w);
  const lines: string[] = [];
  for (const l of [shop.name, ...shop.header.filter((h) => h !== shop.name), ...shop.address]) if (l) lines.push(center(l, w));
  if (shop.siret) lines.push(center(`SIRET ${shop.siret}`, w));
  if (shop.vatNumber) lines.push(center(`TVA ${shop.vatNumber}`, w));
  lines.push(rule);
  if (input.duplicate) lines.push(center(`*** DUPLICATA ${input.duplicate} ***`, w));
  const at = new Date(sale.createdAt);
  const date = `${pad2(at.getDate())}/${pad2(at.getMonth() + 1)}/${at.getFullYear()} ${pad2(at.getHours())}:${pad2(at.getMinutes())}`;
  lines.push(spread(`${locale === 'fr' ? 'Vente n°' : 'Sale #'} ${sale.number}`, date, w));
  lines.push(spread(input.tillName, `${locale === 'fr' ? 'Caissier' : 'Cashier'} : ${input.cashierName}`, w));
  if (input.customerName) lines.push(`${locale === 'fr' ? 'Client' : 'Customer'} : ${input.customerName}`.slice(0, w));
  for (const o of returnedSales(sale)) {
    lines.push((locale === 'fr' ? `Retour du ticket n° ${o.saleNumber} (caisse ${o.tillId})` : `Return of receipt #${o.saleNumber} (till ${o.tillId})`).slice(0, w));
  }
  lines.push(rule);
  for (const l of sale.lines) {
    const isReturn = l.quantity < 0;
    lines.push(`${isReturn ? (locale === 'fr' ? 'RETOUR ' : 'RETURN ') : ''}${l.name}`.slice(0, w));
    const qty =
      l.unit === 'kg'
        ? `${formatQuantity(l.quantity, 'kg', locale)} x ${money(l.unitPrice)}/kg`
        : `${formatQuantity(l.quantity, 'unit', locale)} x ${money(l.unitPrice)}`;
    const showQty = l.unit === 'kg' || Math.abs(l.quantity) !== QTY_ONE;
    lines.push(spread(`  ${showQty ? qty : ''}`, money(l.gross), w));
    if (l.priceOverridden) lines.push(`  ${locale === 'fr' ? 'Prix modifié, au lieu de' : 'Price changed, was'} ${money(l.listPrice)}`.slice(0, w));
    if (l.lineDiscount) lines.push(spread(`  ${l.discountLabel || (locale === 'fr' ? 'Remise' : 'Discount')}`, money(-l.lineDiscount), w));
  }
  lines.push(rule);
  const ticketDiscount = sale.lines.reduce((a, l) => a + l.ticketDiscount, 0);
  if (ticketDiscount) lines.push(spread(locale === 'fr' ? 'Remise sur le ticket' : 'Ticket discount', money(-ticketDiscount), w));
  lines.push(spread('TOTAL', formatMoney(sale.total, locale), w));
  for (const p of sale.payments) {
    const label = PAYMENT_LABELS[p.method]?.[locale] ?? p.method;
    lines.push(spread(`${label}${p.reference ? ` ${p.reference}` : ''}`, money(p.tendered), w));
  }
  if (sale.changeGiven) lines.push(spread(locale === 'fr' ? 'Rendu' : 'Change', money(sale.changeGiven), w));
  lines.push(rule);
  const col = Math.floor((w - 8) / 3);
  const row = (a: string, b: string, c: string, d: string) => a.padEnd(8) + b.padStart(col) + c.padStart(col) + d.padStart(w - 8 - 2 * col);
  lines.push(row(locale === 'fr' ? 'TVA' : 'VAT', locale === 'fr' ? 'HT' : 'Net', locale === 'fr' ? 'TVA' : 'VAT', locale === 'fr' ? 'TTC' : 'Gross'));
  for (const t of sale.taxes) lines.push(row(formatRate(t.rateBp, locale), money(t.base), money(t.tax), money(t.total)));
  lines.push(rule);
  if (input.loyalty) lines.push(...loyaltyLines(input.loyalty, locale, w));
  for (const f of shop.footer) lines.push(center(f, w));
  // The paper anchor: the first digits of the sale's link, for `pos journal verify --head`.
  lines.push(center(`${locale === 'fr' ? 'Empreinte' : 'Fingerprint'} : ${receiptFingerprint(sale.hash)}`, w));
  return lines;
}
