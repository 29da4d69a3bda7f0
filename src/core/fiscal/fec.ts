// The FEC (Fichier des Écritures Comptables, article A47 A-1 du LPF): the
// sales of the closed days as entries of the sales journal, in the 18
// columns the tax administration reads. Pure: the service
// (fec-export.service.ts) reads the Z closings and their sales, this turns
// them into balanced entries and the file's text and name.
//
// One entry per Z (a till's day) or per sale. Debit: what paid the sales, per
// tender (the customer's 411 with the customer as auxiliary account for a
// sale on account); credit: the sales before tax (707…) and the output VAT
// (44571…) per rate, from the sale's stored sale_taxes, so each entry adds up
// to its Z to the cent. A loyalty voucher given with a sale is a discount
// granted (7097) owed on the vouchers account (4191) until spent. The
// payments received on account that day are an entry of their own: the
// tender's account debited, the customer's 411 credited. A negative amount
// (refunds) goes on the other side: the FEC never carries a minus sign.
import type { FecConfig } from './fec-accounts.js';
import { formatRate } from '../catalogue/vat.js';
import { isPaymentMethod } from '../sales/payment.js';

/** The 18 columns, in their order, named as the administration names them. */
export const FEC_COLUMNS = [
  'JournalCode', 'JournalLib', 'EcritureNum', 'EcritureDate', 'CompteNum', 'CompteLib', 'CompAuxNum', 'CompAuxLib', 'PieceRef',
  'PieceDate', 'EcritureLib', 'Debit', 'Credit', 'EcritureLet', 'DateLet', 'ValidDate', 'Montantdevise', 'Idevise',
] as const;

export type FecSeparator = '\t' | '|';

export interface FecSale {
  tillId: number;
  number: number;
  /** 'YYYY-MM-DD' */
  businessDate: string;
  customer: { code: string; name: string } | null;
  payments: Array<{ method: string; amount: number }>;
  taxes: Array<{ rateBp: number; base: number; tax: number }>;
  /** cents of loyalty voucher the sale gave the customer (0: none) */
  loyaltyVoucher: number;
}

/** A payment a customer made on their account at a till (not a sale: no VAT, no sales account). */
export interface FecAccountPayment {
  /** the account entry's id: the piece of a per-sale FEC */
  id: number;
  tillId: number;
  customer: { code: string; name: string };
  /** a tender method (cash, card, cheque, mobile) */
  method: string;
  amount: number;
}

/** A till's closed day: its Z and the sales it covers. */
export interface FecDay {
  tillId: number;
  date: string;
  zSeq: number;
  /** the day the Z was made, 'YYYY-MM-DD': the entry's validation date */
  closedOn: string;
  sales: FecSale[];
  /** the payments received on account that day at that till: they settle 411, outside the sales */
  accountPayments: FecAccountPayment[];
}

export interface FecLine {
  account: string;
  accountLabel: string;
  auxNum: string;
  auxLabel: string;
  debit: number;
  credit: number;
}

export interface FecEntry {
  /** 1, 2, 3… in the file's order, no gaps */
  num: number;
  date: string;
  pieceRef: string;
  label: string;
  validDate: string;
  lines: FecLine[];
}

const TENDER_LABELS: Record<string, string> = {
  cash: 'Caisse',
  cheque: 'Chèques à encaisser',
  card: 'Cartes bancaires à encaisser',
  meal_voucher: 'Titres-restaurant à encaisser',
  mobile: 'Paiements mobiles à encaisser',
  voucher: 'Avoirs et bons d\'achat clients',
  account: 'Clients',
};

/** One account may stand for several rates (the « * » of the settings): its label then names none. */
function rateAccount(config: FecConfig, kind: 'sales' | 'vat', rateBp: number): { account: string; label: string } {
  const accounts = config[kind];
  const account = accounts.byRate.get(rateBp) ?? accounts.other;
  const rates = [...accounts.byRate].filter(([, a]) => a === account).map(([r]) => r);
  const only = rates.length === 1 && account !== accounts.other ? ` ${formatRate(rates[0]!)}` : '';
  return { account, label: kind === 'sales' ? `Ventes de marchandises${only}` : `TVA collectée${only}` };
}

/** Adds amounts per account (and auxiliary account), then puts each net on its side. */
class EntryLines {
  /** labels: the file's one label per account (shared across entries), the first one given wins */
  constructor(private readonly labels: Map<string, string>) {}

  private readonly sums = new Map<string, { account: string; accountLabel: string; auxNum: string; auxLabel: string; amount: number }>();

  /** amount > 0: debit; < 0: credit */
  add(account: string, accountLabel: string, amount: number, aux: { code: string; name: string } | null = null): void {
    if (!this.labels.has(account)) this.labels.set(account, accountLabel);
    accountLabel = this.labels.get(account)!;
    const key = `${account}\u0000${aux?.code ?? ''}`;
    const sum = this.sums.get(key) ?? { account, accountLabel, auxNum: aux?.code ?? '', auxLabel: aux?.name ?? '', amount: 0 };
    sum.amount += amount;
    this.sums.set(key, sum);
  }

  lines(): FecLine[] {
    return [...this.sums.values()]
      .filter((s) => s.amount !== 0)
      .map((s) => ({ account: s.account, accountLabel: s.accountLabel, auxNum: s.auxNum, auxLabel: s.auxLabel, debit: Math.max(0, s.amount), credit: Math.max(0, -s.amount) }))
      // Debits (what paid) before credits (sales, VAT), each in account order: how an accountant reads an entry.
      .sort((a, b) => Number(b.debit > 0) - Number(a.debit > 0) || a.account.localeCompare(b.account) || a.auxNum.localeCompare(b.auxNum));
  }
}

function addSale(lines: EntryLines, sale: FecSale, config: FecConfig): void {
  for (const p of sale.payments) {
    const method = isPaymentMethod(p.method) ? p.method : null;
    if (method === null) throw new FecUnbalancedError(`moyen de paiement inconnu « ${p.method} » (ticket ${sale.number}, caisse ${sale.tillId})`);
    lines.add(config.tenders[method], TENDER_LABELS[method]!, p.amount, method === 'account' ? sale.customer : null);
  }
  for (const t of sale.taxes) {
    const sales = rateAccount(config, 'sales', t.rateBp);
    const vat = rateAccount(config, 'vat', t.rateBp);
    lines.add(sales.account, sales.label, -t.base);
    lines.add(vat.account, vat.label, -t.tax);
  }
  // A loyalty voucher given with the sale: a discount granted now, owed on the vouchers account until it is spent.
  if (sale.loyaltyVoucher !== 0) {
    lines.add(config.loyalty, 'Remises de fidélité accordées', sale.loyaltyVoucher);
    lines.add(config.tenders.voucher, TENDER_LABELS.voucher!, -sale.loyaltyVoucher);
  }
}

/** A payment on account: the money on its tender's account, the customer's 411 (auxiliary account) credited. */
function addAccountPayment(lines: EntryLines, payment: FecAccountPayment, config: FecConfig): void {
  const method = isPaymentMethod(payment.method) ? payment.method : null;
  if (method === null) throw new FecUnbalancedError(`moyen de versement inconnu « ${payment.method} » (versement n° ${payment.id}, caisse ${payment.tillId})`);
  lines.add(config.tenders[method], TENDER_LABELS[method]!, payment.amount);
  lines.add(config.tenders.account, TENDER_LABELS.account!, -payment.amount, payment.customer);
}

/** An entry whose debit is not its credit: the stored sales don't add up (a hand-edited database). */
export class FecUnbalancedError extends Error {}

const frenchDate = (day: string) => `${day.slice(8, 10)}/${day.slice(5, 7)}/${day.slice(0, 4)}`;

/**
 * The entries of the closed days, numbered from 1 in the order they were
 * validated (the day of their Z: the FEC is kept in validation order), then
 * date, till and ticket; an entry with nothing to post is left out.
 */
export function fecEntries(days: FecDay[], config: FecConfig): FecEntry[] {
  const ordered = [...days].sort((a, b) => a.closedOn.localeCompare(b.closedOn) || a.date.localeCompare(b.date) || a.tillId - b.tillId);
  const out: FecEntry[] = [];
  // Two tenders set to one account must not give it two names in the file (one CompteLib per CompteNum).
  const labels = new Map<string, string>();
  const push = (entry: Omit<FecEntry, 'num'>) => {
    if (entry.lines.length === 0) return;
    const debit = entry.lines.reduce((a, l) => a + l.debit, 0);
    const credit = entry.lines.reduce((a, l) => a + l.credit, 0);
    if (debit !== credit) throw new FecUnbalancedError(`écriture « ${entry.label} » déséquilibrée : débit ${debit} centimes, crédit ${credit}`);
    out.push({ ...entry, num: out.length + 1 });
  };
  for (const day of ordered) {
    const common = { date: day.date, validDate: day.closedOn };
    if (config.entryPer === 'day') {
      const lines = new EntryLines(labels);
      for (const sale of day.sales) addSale(lines, sale, config);
      push({ ...common, pieceRef: `Z${day.tillId}-${day.zSeq}`, label: `Ventes caisse ${day.tillId} du ${frenchDate(day.date)} (Z n° ${day.zSeq})`, lines: lines.lines() });
      const received = new EntryLines(labels);
      for (const payment of day.accountPayments) addAccountPayment(received, payment, config);
      push({ ...common, pieceRef: `Z${day.tillId}-${day.zSeq}`, label: `Versements clients caisse ${day.tillId} du ${frenchDate(day.date)} (Z n° ${day.zSeq})`, lines: received.lines() });
      continue;
    }
    for (const sale of [...day.sales].sort((a, b) => a.number - b.number)) {
      const lines = new EntryLines(labels);
      addSale(lines, sale, config);
      push({ ...common, pieceRef: `T${sale.tillId}-${sale.number}`, label: `Ticket n° ${sale.number} caisse ${sale.tillId}${sale.customer ? ` ${sale.customer.name}` : ''}`, lines: lines.lines() });
    }
    for (const payment of [...day.accountPayments].sort((a, b) => a.id - b.id)) {
      const lines = new EntryLines(labels);
      addAccountPayment(lines, payment, config);
      push({ ...common, pieceRef: `V${payment.tillId}-${payment.id}`, label: `Versement sur compte caisse ${payment.tillId} ${payment.customer.name}`, lines: lines.lines() });
    }
  }
  return out;
}

/** Cents as the FEC writes them: decimal comma, no thousands separator, never a sign (sides say it). */
export function fecAmount(cents: number): string {
  const abs = Math.abs(cents);
  return `${Math.floor(abs / 100)},${String(abs % 100).padStart(2, '0')}`;
}

/** 'YYYY-MM-DD' → 'AAAAMMJJ'. */
export const fecDate = (day: string) => day.replace(/-/g, '');

/** A text field can't hold the separator nor a line break: they become spaces. */
const field = (text: string) => text.replace(/[\t|\p{Cc}]+/gu, ' ').trim();

/** The file's text: the column names, then one line per entry line; CRLF between records. */
export function fecText(entries: FecEntry[], config: Pick<FecConfig, 'journalCode' | 'journalLabel'>, separator: FecSeparator = '\t'): string {
  const rows: string[][] = [[...FEC_COLUMNS]];
  for (const e of entries) {
    for (const l of e.lines) {
      rows.push([
        config.journalCode, field(config.journalLabel), String(e.num), fecDate(e.date), l.account, field(l.accountLabel), field(l.auxNum), field(l.auxLabel),
        field(e.pieceRef), fecDate(e.date), field(e.label), fecAmount(l.debit), fecAmount(l.credit), '', '', fecDate(e.validDate), '', '',
      ]);
    }
  }
  return `${rows.map((r) => r.join(separator)).join('\r\n')}\r\n`;
}

/** The name the administration expects: SIREN, "FEC", the fiscal year's closing date. */
export function fecFileName(siren: string, closingDate: string): string {
  return `${siren}FEC${fecDate(closingDate)}.txt`;
}

/** Total debit and credit of the entries, in cents: what the CLI tells. */
export function fecTotals(entries: FecEntry[]): { debit: number; credit: number; lines: number } {
  let debit = 0;
  let credit = 0;
  let lines = 0;
  for (const e of entries) for (const l of e.lines) {
    debit += l.debit;
    credit += l.credit;
    lines += 1;
  }
  return { debit, credit, lines };
}
