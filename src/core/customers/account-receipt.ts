// "Reçu de versement": the slip printed when a customer pays money into their
// account at the till. Not a sale receipt (no VAT, no sale number): it names
// the customer, the amount, how it was paid and the balance after it.
import { localDateTime } from '../basics/clock.js';
import { formatMoney } from '../basics/money.js';
import type { ReceiptDocument } from '../sales/receipt.js';

export interface AccountPaymentReceiptInput {
  shopName: string;
  shopAddress: string[];
  tillName: string;
  cashierName: string;
  customerName: string;
  customerCode: string;
  amount: number;
  methodLabel: string;
  balanceAfter: number;
  at: Date;
  columns: number;
}

export function accountPaymentReceipt(r: AccountPaymentReceiptInput): ReceiptDocument {
  const w = r.columns;
  const center = (t: string) => ' '.repeat(Math.max(0, Math.floor((w - t.length) / 2))) + t.slice(0, w);
  const spread = (l: string, right: string) => `${l.slice(0, Math.max(0, w - right.length - 1))}${' '.repeat(Math.max(1, w - l.length - right.length))}${right}`;
  const [date, time] = localDateTime(r.at).split('T');
  const balance = r.balanceAfter > 0 ? `reste dû ${formatMoney(r.balanceAfter)}` : r.balanceAfter < 0 ? `avoir ${formatMoney(-r.balanceAfter)}` : 'soldé';
  const lines = [
    { text: center(r.shopName), bold: true },
    ...r.shopAddress.map((a) => ({ text: center(a) })),
    { text: '' },
    { text: center('REÇU DE VERSEMENT'), bold: true },
    { text: center('(ce n\'est pas une vente)') },
    { text: '' },
    { text: spread(`${date!.split('-').reverse().join('/')} ${time!.slice(0, 5)}`, r.tillName) },
    { text: `Caissier : ${r.cashierName}`.slice(0, w) },
    { text: `Client : ${r.customerName} (${r.customerCode})`.slice(0, w) },
    { text: '-'.repeat(w) },
    { text: spread(`VERSEMENT ${r.methodLabel}`, formatMoney(r.amount)), bold: true },
    { text: spread('Compte après versement', balance) },
    { text: '-'.repeat(w) },
    { text: '' },
  ];
  return { lines, barcode: null };
}
