// Settling a ticket: which tenders pay how much, and the change. Only cash
// gives change back; a card, a cheque or a voucher is never charged more than
// what is still due. A refund (negative total) is paid out exactly.
import { formatMoney, parseMoney } from '../basics/money.js';

export const PAYMENT_METHODS = ['cash', 'card', 'cheque', 'meal_voucher', 'voucher', 'mobile', 'account'] as const;
export type PaymentMethod = (typeof PAYMENT_METHODS)[number];

export const PAYMENT_LABELS: Record<PaymentMethod, { fr: string; en: string }> = {
  cash: { fr: 'Espèces', en: 'Cash' },
  card: { fr: 'Carte bancaire', en: 'Card' },
  cheque: { fr: 'Chèque', en: 'Cheque' },
  meal_voucher: { fr: 'Titre-restaurant', en: 'Meal voucher' },
  voucher: { fr: 'Avoir / bon', en: 'Voucher' },
  mobile: { fr: 'Paiement mobile', en: 'Mobile wallet' },
  account: { fr: 'En compte', en: 'On account' },
};

/** Methods that can pay a refund out. */
const REFUND_METHODS: ReadonlySet<PaymentMethod> = new Set(['cash', 'card', 'voucher', 'account', 'cheque', 'mobile']);

export interface Tender {
  method: PaymentMethod;
  /** cents handed over (positive), or paid out for a refund (negative) */
  amount: number;
  reference?: string;
}

export interface SettledPayment {
  method: PaymentMethod;
  /** what this tender pays of the sale */
  amount: number;
  /** what was handed over */
  tendered: number;
  reference: string;
}

export type Settlement =
  | { ok: true; payments: SettledPayment[]; change: number; tendered: number }
  | { ok: false; error: string };

export function isPaymentMethod(value: string): value is PaymentMethod {
  return (PAYMENT_METHODS as readonly string[]).includes(value);
}

export function settle(total: number, tenders: Tender[]): Settlement {
  for (const t of tenders) {
    if (!isPaymentMethod(t.method)) return { ok: false, error: `Moyen de paiement inconnu : ${String(t.method)}` };
    if (!Number.isInteger(t.amount) || t.amount === 0) return { ok: false, error: 'Montant de paiement invalide' };
  }
  const tendered = tenders.reduce((a, t) => a + t.amount, 0);
  const toPayments = (cashAppliedLess: number): SettledPayment[] => {
    // Change comes out of the cash tenders, last ones first.
    let change = cashAppliedLess;
    const out = tenders.map((t) => ({ method: t.method, amount: t.amount, tendered: t.amount, reference: t.reference ?? '' }));
    for (let i = out.length - 1; i >= 0 && change > 0; i--) {
      const p = out[i]!;
      if (p.method !== 'cash') continue;
      const take = Math.min(change, p.amount);
      p.amount -= take;
      change -= take;
    }
    return out;
  };

  if (total < 0) {
    if (tenders.some((t) => t.amount > 0)) return { ok: false, error: 'Un remboursement se paie en montants négatifs' };
    const bad = tenders.find((t) => !REFUND_METHODS.has(t.method));
    if (bad) return { ok: false, error: `Remboursement impossible en ${PAYMENT_LABELS[bad.method].fr}` };
    if (tendered !== total) {
      return { ok: false, error: `Le remboursement doit être exactement de ${formatMoney(-total)}` };
    }
    return { ok: true, payments: toPayments(0), change: 0, tendered };
  }

  if (tenders.some((t) => t.amount < 0)) return { ok: false, error: 'Montant de paiement négatif' };
  if (tendered < total) return { ok: false, error: `Reste à payer ${formatMoney(total - tendered)}` };
  const nonCash = tenders.filter((t) => t.method !== 'cash').reduce((a, t) => a + t.amount, 0);
  if (nonCash > total) return { ok: false, error: 'Seules les espèces peuvent dépasser le montant dû' };
  const change = tendered - total;
  return { ok: true, payments: toPayments(change).filter((p) => p.amount !== 0 || p.tendered !== 0), change, tendered };
}

/** What is left to pay (negative: left to pay back) after the tenders taken so far. */
export function remainingDue(due: number, tenders: Tender[]): number {
  return due - tenders.reduce((a, t) => a + t.amount, 0);
}

/** The tenders cover the sale (a sale may be overpaid in cash; a refund is paid back exactly). */
export function tendersCover(due: number, tenders: Tender[]): boolean {
  const left = remainingDue(due, tenders);
  return due >= 0 ? left <= 0 : left === 0;
}

/**
 * The amount of the next tender: the amount typed (paid out on a refund), or
 * what is left when nothing is typed; null when the typed text is no amount.
 */
export function nextTenderAmount(typed: string, left: number): number | null {
  if (!typed) return left;
  const cents = parseMoney(typed);
  if (cents === null || cents === 0) return null;
  return left < 0 ? -Math.abs(cents) : cents;
}
