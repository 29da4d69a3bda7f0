// The figures of a day at the till (X report and Z closing), from what the
// day's sales, payments, VAT lines and cash movements hold. Pure: the service
// (closings.ts) reads the rows, this adds them up, so every rule is testable
// without a database.
import { formatMoney } from '../basics/money.js';
import { lineAmount } from '../basics/quantity.js';

export type CashMovementKind = 'float' | 'in' | 'out';
export const CASH_MOVEMENT_KINDS: readonly CashMovementKind[] = ['float', 'in', 'out'];

/** Euro notes and coins, in cents, largest first. */
export const EURO_DENOMINATIONS: readonly number[] = [50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1];

export interface DaySale {
  number: number;
  total: number;
  discountTotal: number;
  /** sum of the (negative) totals of returned lines, as a positive amount */
  returns: number;
}

export interface DayPayment {
  method: string;
  /** applied to the sale: cash is already net of the change given */
  amount: number;
}

export interface DayTax {
  rateBp: number;
  total: number;
  tax: number;
  base: number;
}

export interface DayMovement {
  kind: CashMovementKind;
  amount: number;
}

/** A void_line or cancel_ticket audit event of the day, its JSON details as recorded. */
export interface DayVoid {
  kind: string;
  details: string;
}

/** What was taken off tickets before payment: voided lines and abandoned tickets, count and amount. */
export interface DayVoids {
  voidedLines: number;
  /** sum of the voided lines (unit price x quantity; a voided return counts negative) */
  voidedAmount: number;
  cancelledTickets: number;
  /** sum of the totals of the abandoned tickets */
  cancelledAmount: number;
}

export const NO_VOIDS: DayVoids = { voidedLines: 0, voidedAmount: 0, cancelledTickets: 0, cancelledAmount: 0 };

/** Adds up the day's void events; details that can't be read count with a zero amount. */
export function dayVoids(events: DayVoid[]): DayVoids {
  const out = { ...NO_VOIDS };
  for (const e of events) {
    let details: Record<string, unknown> = {};
    try {
      details = JSON.parse(e.details) as Record<string, unknown>;
    } catch {
      // an unreadable event still counts as one void
    }
    const int = (v: unknown) => (Number.isInteger(v) ? (v as number) : 0);
    if (e.kind === 'void_line') {
      out.voidedLines += 1;
      out.voidedAmount += lineAmount(int(details.unitPrice), int(details.quantity));
    } else if (e.kind === 'cancel_ticket') {
      out.cancelledTickets += 1;
      out.cancelledAmount += int(details.total);
    }
  }
  return out;
}

/** Sums void figures; null (a closing stored before voids were counted) adds nothing. */
function sumVoids(list: Array<DayVoids | null | undefined>): DayVoids {
  const out = { ...NO_VOIDS };
  for (const v of list) {
    if (!v) continue;
    out.voidedLines += v.voidedLines;
    out.voidedAmount += v.voidedAmount;
    out.cancelledTickets += v.cancelledTickets;
    out.cancelledAmount += v.cancelledAmount;
  }
  return out;
}

/** Notes and coins counted in the drawer: denomination in cents -> how many. */
export type Denominations = Record<string, number>;

export interface DayTotals {
  salesCount: number;
  firstSaleNumber: number | null;
  lastSaleNumber: number | null;
  total: number;
  discounts: number;
  returns: number;
  /** method -> amount, methods sorted by name */
  byMethod: Record<string, number>;
  /** one row per VAT rate, highest rate first */
  byRate: DayTax[];
  float: number;
  cashIn: number;
  cashOut: number;
  cashPayments: number;
  /** float + cash payments (net of change) + cash in - cash out */
  cashExpected: number;
  /** null on a closing stored before voids were counted (its hashed totals stay as written) */
  voids: DayVoids | null;
}

export function dayTotals(sales: DaySale[], payments: DayPayment[], taxes: DayTax[], movements: DayMovement[], voids: DayVoid[] = []): DayTotals {
  const sum = (xs: number[]) => xs.reduce((a, x) => a + x, 0);
  const numbers = sales.map((s) => s.number);
  const byMethod: Record<string, number> = {};
  for (const p of [...payments].sort((a, b) => a.method.localeCompare(b.method))) byMethod[p.method] = (byMethod[p.method] ?? 0) + p.amount;
  const rates = new Map<number, DayTax>();
  for (const t of taxes) {
    const r = rates.get(t.rateBp) ?? { rateBp: t.rateBp, total: 0, tax: 0, base: 0 };
    r.total += t.total;
    r.tax += t.tax;
    r.base += t.base;
    rates.set(t.rateBp, r);
  }
  const moved = (kind: CashMovementKind) => sum(movements.filter((m) => m.kind === kind).map((m) => m.amount));
  const float = moved('float');
  const cashIn = moved('in');
  const cashOut = moved('out');
  const cashPayments = byMethod.cash ?? 0;
  return {
    salesCount: sales.length,
    firstSaleNumber: numbers.length ? Math.min(...numbers) : null,
    lastSaleNumber: numbers.length ? Math.max(...numbers) : null,
    total: sum(sales.map((s) => s.total)),
    discounts: sum(sales.map((s) => s.discountTotal)),
    returns: sum(sales.map((s) => s.returns)),
    byMethod,
    byRate: [...rates.values()].sort((a, b) => b.rateBp - a.rateBp),
    float,
    cashIn,
    cashOut,
    cashPayments,
    cashExpected: float + cashPayments + cashIn - cashOut,
    voids: dayVoids(voids),
  };
}

/** Adds the totals of several days (a month or year closing). */
export function sumTotals(days: DayTotals[]): DayTotals {
  const numbers = (pick: (d: DayTotals) => number | null) => days.map(pick).filter((n): n is number => n !== null);
  const firsts = numbers((d) => d.firstSaleNumber);
  const lasts = numbers((d) => d.lastSaleNumber);
  const merged = dayTotals(
    [],
    days.flatMap((d) => Object.entries(d.byMethod).map(([method, amount]) => ({ method, amount }))),
    days.flatMap((d) => d.byRate),
    [],
  );
  const sum = (pick: (d: DayTotals) => number) => days.reduce((a, d) => a + pick(d), 0);
  return {
    ...merged,
    salesCount: sum((d) => d.salesCount),
    firstSaleNumber: firsts.length ? Math.min(...firsts) : null,
    lastSaleNumber: lasts.length ? Math.max(...lasts) : null,
    total: sum((d) => d.total),
    discounts: sum((d) => d.discounts),
    returns: sum((d) => d.returns),
    float: sum((d) => d.float),
    cashIn: sum((d) => d.cashIn),
    cashOut: sum((d) => d.cashOut),
    cashPayments: sum((d) => d.cashPayments),
    cashExpected: sum((d) => d.cashExpected),
    voids: sumVoids(days.map((d) => d.voids)),
  };
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; error: string };

/** Checks a count: known euro denominations, whole non-negative counts. */
export function checkDenominations(counted: Denominations): Parsed<Denominations> {
  const out: Denominations = {};
  for (const [key, count] of Object.entries(counted)) {
    const cents = Number(key);
    if (!EURO_DENOMINATIONS.includes(cents)) return { ok: false, error: `Coupure inconnue : ${key} centimes` };
    if (!Number.isInteger(count) || count < 0 || count > 100_000) return { ok: false, error: `Nombre invalide pour ${formatMoney(cents)} : ${count}` };
    if (count > 0) out[String(cents)] = (out[String(cents)] ?? 0) + count;
  }
  return { ok: true, value: out };
}

/** The cash a count amounts to, in cents. */
export function countedCash(counted: Denominations): number {
  return Object.entries(counted).reduce((a, [cents, n]) => a + Number(cents) * n, 0);
}

/**
 * Reads "50x2,20x3,0.50x4" (euros x count; separators comma, semicolon or
 * space, so a coin's decimals take a dot) into a count.
 */
export function parseDenominations(text: string): Parsed<Denominations> {
  const tokens = text.split(/[,;\s]+/).filter((t) => t !== '');
  if (tokens.length === 0) return { ok: false, error: 'Comptage vide : donnez par ex. 50x2,20x3,0.50x4' };
  const counted: Denominations = {};
  for (const token of tokens) {
    const m = /^(\d{1,3})(?:\.(\d{1,2}))?[x×*](\d{1,6})$/i.exec(token);
    if (!m) return { ok: false, error: `Comptage illisible : « ${token} » (attendu coupure x nombre, par ex. 20x3 ou 0.50x4)` };
    const cents = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
    if (!EURO_DENOMINATIONS.includes(cents)) return { ok: false, error: `Coupure inconnue : « ${token} »` };
    counted[String(cents)] = (counted[String(cents)] ?? 0) + Number(m[3]);
  }
  return checkDenominations(counted);
}
