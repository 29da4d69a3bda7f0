// The X report and the Z closing as plain text lines, narrow enough for a
// receipt (42 columns) and readable at the terminal; the CLI prints them and
// the back office or the printer can reuse them.
import type { DayTotals, Denominations } from './closing.js';
import type { Closing } from './closings.service.js';
import type { ConsolidatedClosing } from './consolidated-closings.service.js';
import type { ReceiptDocument } from '../sales/receipt.js';
import { formatMoney } from '../basics/money.js';
import { PAYMENT_LABELS, isPaymentMethod } from '../sales/payment.js';

const WIDTH = 42;

function row(label: string, cents: number | string): string {
  const value = typeof cents === 'number' ? formatMoney(cents) : cents;
  return `${label.slice(0, WIDTH - value.length - 1).padEnd(WIDTH - value.length)}${value}`;
}

const rate = (bp: number) => `${(bp / 100).toFixed(bp % 100 === 0 ? 0 : bp % 10 === 0 ? 1 : 2).replace('.', ',')} %`;

export interface ClosingTextInput {
  title: string;
  period: string;
  tillId: number;
  /** the second line instead of « Caisse N - période » (a consolidated closing names its shop or the company) */
  heading?: string;
  totals: DayTotals;
  /** Z only */
  seq?: number;
  grandTotal?: number;
  cashCounted?: number | null;
  denominations?: Denominations | null;
  hash?: string;
  /** Z only: the public key of the till that signed it */
  publicKey?: string | null;
}

/** A long hex value in lines of 32 digits, indented: fits the 42 columns of a ticket, easy to copy. */
const hexLines = (hex: string) => (hex.match(/.{1,32}/g) ?? []).map((part) => `  ${part}`);

export function closingText(c: ClosingTextInput): string[] {
  const t = c.totals;
  const out = [
    c.title,
    c.heading ?? `Caisse ${c.tillId} - ${c.period}${c.seq !== undefined ? ` - clôture n° ${c.seq}` : ''}`,
    '-'.repeat(WIDTH),
    row('Nombre de ventes', String(t.salesCount)),
    ...(t.firstSaleNumber !== null ? [row('Tickets', `n° ${t.firstSaleNumber} à ${t.lastSaleNumber}`)] : []),
    row('Total TTC', t.total),
    row('Remises', t.discounts),
    row('Retours', t.returns),
    ...(t.voids
      ? [
          row(`Lignes annulées (${t.voids.voidedLines})`, t.voids.voidedAmount),
          row(`Tickets abandonnés (${t.voids.cancelledTickets})`, t.voids.cancelledAmount),
        ]
      : []),
    '',
    'Par moyen de paiement',
    ...Object.entries(t.byMethod).map(([m, a]) => row(`  ${isPaymentMethod(m) ? PAYMENT_LABELS[m].fr : m}`, a)),
    '',
    'TVA par taux              HT         TVA',
    ...t.byRate.map((r) => `  ${rate(r.rateBp).padEnd(10)}${formatMoney(r.base).padStart(16)}${formatMoney(r.tax).padStart(12)}`.slice(0, WIDTH)),
    '',
    'Espèces',
    row('  Fond de caisse', t.float),
    row('  Encaissé (net du rendu)', t.cashPayments),
    row('  Entrées', t.cashIn),
    row('  Sorties', -t.cashOut),
    row('  Attendu', t.cashExpected),
  ];
  if (c.denominations) {
    for (const [cents, n] of Object.entries(c.denominations).sort((a, b) => Number(b[0]) - Number(a[0]))) {
      out.push(row(`    ${n} x ${formatMoney(Number(cents))}`, Number(cents) * n));
    }
  }
  if (c.cashCounted !== undefined && c.cashCounted !== null) {
    out.push(row('  Compté', c.cashCounted), row('  Écart', c.cashCounted - t.cashExpected));
  }
  if (c.grandTotal !== undefined) out.push('', row('Total perpétuel', c.grandTotal));
  // Paper anchors: the head of the closings chain (it binds the day's last sale) and the key that signed it;
  // `pos journal verify --head` checks the journal against the first, the till's key list against the second.
  if (c.hash) out.push('', 'Empreinte (tête du journal) :', ...hexLines(c.hash));
  if (c.publicKey) out.push('Clé publique de la caisse :', ...hexLines(c.publicKey));
  return out;
}

/** The title of a stored closing, by its kind. */
export function closingTitle(kind: Closing['kind']): string {
  return kind === 'day' ? 'CLÔTURE JOURNALIÈRE (Z)' : kind === 'month' ? 'CLÔTURE MENSUELLE' : 'CLÔTURE ANNUELLE';
}

/** The lines of a stored closing (Z, month or year): what is shown, printed and reprinted. */
export function storedClosingText(z: Closing): string[] {
  return closingText({
    title: closingTitle(z.kind),
    period: z.period,
    tillId: z.tillId,
    totals: z.totals,
    seq: z.seq,
    grandTotal: z.grandTotal,
    cashCounted: z.cashCounted,
    denominations: z.totals.denominations,
    hash: z.hash,
    publicKey: z.publicKey,
  });
}

/** A closing as a receipt document: the shop's name and the title in bold, then the lines. */
export function closingDocument(shopName: string, lines: string[]): ReceiptDocument {
  return { lines: [shopName, ...lines, '', ''].map((text, i) => ({ text, bold: i <= 1 })), barcode: null };
}

/**
 * A consolidated month or year closing (a shop's or the company's): the tills'
 * own closings it adds up, one a line, then their figures added up. No
 * perpetual total nor fingerprint: those are each till's, on its own closing.
 */
export function consolidatedClosingText(c: ConsolidatedClosing, scopeName: string): string[] {
  const lines = closingText({
    title: `${c.kind === 'month' ? 'CLÔTURE MENSUELLE' : 'CLÔTURE ANNUELLE'} CONSOLIDÉE`,
    period: c.period,
    tillId: 0,
    heading: `${scopeName} - ${c.period}`.slice(0, WIDTH),
    totals: c.totals,
  });
  // The tills' closings come right after the heading and its rule.
  const tills = ['Clôtures des caisses', ...c.tills.map((t) => row(`  Caisse ${t.tillId} (n° ${t.seq}, ${t.salesCount} ventes)`, t.total)), ''];
  return [...lines.slice(0, 3), ...tills, ...lines.slice(3).filter((l, i) => !(i === 1 && l.startsWith('Tickets')))];
}
