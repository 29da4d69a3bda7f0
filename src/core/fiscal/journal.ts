// The tamper-evident journal (NF525): every completed sale, closing and audit
// event is hashed over a canonical text of its content together with the
// previous hash of the same chain of the same till. Changing any stored byte
// (an amount, a line name, a date) changes the recomputed hash, and the chain
// shows where.
//
// The canonical form is a JSON array with a fixed field order, built only from
// values that are stored, so a verifier can rebuild it from the database rows.
import * as crypto from 'node:crypto';
import { num, numOrNull } from '../basics/row-values.js';

/** The previous hash of the first entry of every chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** Bump when the canonical layout changes; it is part of every hashed text. */
export const CANONICAL_VERSION = 1;

export interface CanonicalSaleLine {
  lineNo: number;
  articleId: number | null;
  code: string;
  name: string;
  unit: string;
  quantity: number;
  unitPrice: number;
  listPrice: number;
  taxRateBp: number;
  gross: number;
  lineDiscount: number;
  ticketDiscount: number;
  total: number;
  priceOverridden: boolean;
}

export interface CanonicalPayment {
  lineNo: number;
  method: string;
  amount: number;
  tendered: number;
  reference: string;
}

export interface CanonicalTax {
  rateBp: number;
  total: number;
  tax: number;
  base: number;
}

export interface CanonicalSale {
  tillId: number;
  number: number;
  ticketId: string;
  createdAt: string;
  businessDate: string;
  localTime: string;
  employeeId: number;
  customerId: number | null;
  lineCount: number;
  grossTotal: number;
  discountTotal: number;
  total: number;
  taxTotal: number;
  tenderedTotal: number;
  changeGiven: number;
  ticketDiscount: string;
  grandTotal: number;
  grandTotalAbs: number;
  lines: CanonicalSaleLine[];
  taxes: CanonicalTax[];
  payments: CanonicalPayment[];
}

export function canonicalSale(s: CanonicalSale): string {
  return JSON.stringify([
    'sale',
    CANONICAL_VERSION,
    s.tillId,
    s.number,
    s.ticketId,
    s.createdAt,
    s.businessDate,
    s.localTime,
    s.employeeId,
    s.customerId,
    s.lineCount,
    s.grossTotal,
    s.discountTotal,
    s.total,
    s.taxTotal,
    s.tenderedTotal,
    s.changeGiven,
    s.ticketDiscount,
    s.grandTotal,
    s.grandTotalAbs,
    [...s.lines]
      .sort((a, b) => a.lineNo - b.lineNo)
      .map((l) => [
        l.lineNo,
        l.articleId,
        l.code,
        l.name,
        l.unit,
        l.quantity,
        l.unitPrice,
        l.listPrice,
        l.taxRateBp,
        l.gross,
        l.lineDiscount,
        l.ticketDiscount,
        l.total,
        l.priceOverridden ? 1 : 0,
      ]),
    [...s.taxes].sort((a, b) => b.rateBp - a.rateBp).map((t) => [t.rateBp, t.total, t.tax, t.base]),
    [...s.payments]
      .sort((a, b) => a.lineNo - b.lineNo)
      .map((p) => [p.lineNo, p.method, p.amount, p.tendered, p.reference]),
  ]);
}

export interface CanonicalAuditEvent {
  tillId: number;
  seq: number;
  kind: string;
  employeeId: number | null;
  approverId: number | null;
  saleId: number | null;
  articleId: number | null;
  details: string;
  createdAt: string;
}

export function canonicalAuditEvent(e: CanonicalAuditEvent): string {
  return JSON.stringify([
    'audit',
    CANONICAL_VERSION,
    e.tillId,
    e.seq,
    e.kind,
    e.employeeId,
    e.approverId,
    e.saleId,
    e.articleId,
    e.details,
    e.createdAt,
  ]);
}

/** The audit event that announces a till's new signing key (its first link signed with it). */
export const KEY_CHANGE_EVENT = 'journal_key';

export interface CanonicalClosing {
  tillId: number;
  seq: number;
  kind: string;
  period: string;
  firstSaleNumber: number | null;
  lastSaleNumber: number | null;
  salesCount: number;
  total: number;
  grandTotal: number;
  cashExpected: number | null;
  cashCounted: number | null;
  totals: string;
  employeeId: number | null;
  createdAt: string;
  /** hash of the last sale covered ('' for none); null on a closing written before closings bound their sales */
  lastSaleHash: string | null;
}

export function canonicalClosing(c: CanonicalClosing): string {
  return JSON.stringify([
    'closing',
    CANONICAL_VERSION,
    c.tillId,
    c.seq,
    c.kind,
    c.period,
    c.firstSaleNumber,
    c.lastSaleNumber,
    c.salesCount,
    c.total,
    c.grandTotal,
    c.cashExpected,
    c.cashCounted,
    c.totals,
    c.employeeId,
    c.createdAt,
    // Closings written before they bound their sales keep the text they were hashed with.
    ...(c.lastSaleHash === null ? [] : [c.lastSaleHash]),
  ]);
}

/** A stored closing as the journal hashes it (totals as the stored JSON text); the verifier uses it too. */
export function rowToCanonicalClosing(r: Record<string, unknown>): CanonicalClosing {
  return {
    tillId: num(r.till_id),
    seq: num(r.seq),
    kind: String(r.kind),
    period: String(r.period),
    firstSaleNumber: numOrNull(r.first_sale_number),
    lastSaleNumber: numOrNull(r.last_sale_number),
    salesCount: num(r.sales_count),
    total: num(r.total),
    grandTotal: num(r.grand_total),
    cashExpected: numOrNull(r.cash_expected),
    cashCounted: numOrNull(r.cash_counted),
    totals: String(r.totals),
    employeeId: numOrNull(r.employee_id),
    createdAt: String(r.created_at),
    lastSaleHash: r.last_sale_hash === null || r.last_sale_hash === undefined ? null : String(r.last_sale_hash),
  };
}

// crypto.hash digests a string in one call, about twice as fast as a Hash
// object fed three times (what `pos journal verify` does 360,000 times for a
// year of sales); Node before 20.12 has only the object. Same bytes either way.
const hashOnce = (crypto as { hash?: (algorithm: string, data: string, encoding: 'hex') => string }).hash;

/** SHA-256 (hex) of the previous hash and the canonical text, joined by a newline. */
export function chainHash(prevHash: string, canonical: string): string {
  if (hashOnce) return hashOnce('sha256', `${prevHash}\n${canonical}`, 'hex');
  return crypto.createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

/** The few characters printed on a receipt so a ticket can be matched to the journal. */
export function shortHash(hash: string): string {
  return hash.slice(0, 8).toUpperCase();
}

/**
 * A receipt's paper anchor: the first 12 hex digits of its link, enough to
 * find it (`pos journal verify --head 3f9a…`) and to show the chain was not
 * rewritten after it was printed.
 */
export function receiptFingerprint(hash: string): string {
  return hash.slice(0, 12);
}
