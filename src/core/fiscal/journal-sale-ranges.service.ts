// One range of a till's sales (numbers from..to-1) checked on its own: each
// sale rebuilt from the stored rows and hashed against the link it stores,
// the links and grand totals within the range followed, signatures and the
// closings' anchors checked. Where the range joins the one before (its first
// sale's link and grand total) is left to the walk that puts the ranges in
// order (verifySales in journal-chains.service.ts): ranges can then be checked
// side by side, by the main thread and by worker threads each on its own
// connection (src/cli/journal-workers.ts), two cores for `pos journal verify`.
import type { Knex } from 'knex';
import { selectRowArrays } from '../basics/db.service.js';
import {
  canonicalSale,
  chainHash,
  type CanonicalPayment,
  type CanonicalSale,
  type CanonicalSaleLine,
  type CanonicalTax,
} from './journal.js';
import { TillKeyRing } from './journal-signature.js';
import type { TillKey } from './journal-keys.service.js';
import type { BrokenLink } from './journal-report.js';
import { bool, num, numOrNull } from '../basics/row-values.js';

/** Sales read at a time: enough to spread a query's cost, few enough that what is read ahead dies young (2,000 took ten full garbage collections on a year of sales, 1,000 one). */
export const SALES_BATCH = 1000;

/** Sales hashed between two looks at the reads ahead. */
const YIELD_EVERY = 200;

// The columns the canonical form and the chain need, in the order they are read.
const HEAD_COLUMNS = [
  's.id', 's.number', 's.ticket_id', 's.created_at', 's.business_date', 's.local_time', 's.employee_id', 's.customer_id',
  's.line_count', 's.gross_total', 's.discount_total', 's.total', 's.tax_total', 's.tendered_total', 's.change_given',
  's.ticket_discount', 's.grand_total', 's.grand_total_abs', 's.prev_hash', 's.hash',
] as const;
/** A deep walk also reads every signature (a fast one reads only the last sale's, at the end). */
const DEEP_HEAD_COLUMNS = [...HEAD_COLUMNS, 's.signature'] as const;
const LINE_COLUMNS = [
  'l.sale_id', 'l.line_no', 'l.article_id', 'l.code', 'l.name', 'l.unit', 'l.quantity', 'l.unit_price', 'l.list_price',
  'l.tax_rate_bp', 'l.gross', 'l.line_discount', 'l.ticket_discount', 'l.total', 'l.price_overridden',
] as const;
const TAX_COLUMNS = ['t.sale_id', 't.rate_bp', 't.total', 't.tax', 't.base'] as const;
const PAYMENT_COLUMNS = ['p.sale_id', 'p.line_no', 'p.method', 'p.amount', 'p.tendered', 'p.reference'] as const;

interface SalesBatch {
  heads: unknown[][];
  /** each list in sale-number order, so a sale's rows follow one another; the sale id comes first */
  lines: unknown[][];
  taxes: unknown[][];
  payments: unknown[][];
}

/**
 * The sales numbered from..to-1 of a till, then their lines, VAT and payments:
 * joined to those sales by till and number (not a list of ids), and also kept
 * to the span of their ids, which the sales' rows already give. PostgreSQL
 * needs the span to read the lines through their index instead of scanning
 * them all for every batch; it changes nothing in what is read.
 */
async function readSales(knex: Knex, tillId: number, from: number, to: number, deep: boolean): Promise<SalesBatch> {
  const inRange = (q: Knex.QueryBuilder, alias: string) =>
    q.where(`${alias}.till_id`, tillId).andWhere(`${alias}.number`, '>=', from).andWhere(`${alias}.number`, '<', to);
  const heads = await selectRowArrays(knex, inRange(knex('sales as s'), 's').orderBy('s.number'), deep ? DEEP_HEAD_COLUMNS : HEAD_COLUMNS);
  if (heads.length === 0) return { heads, lines: [], taxes: [], payments: [] };
  let firstId = Infinity;
  let lastId = -Infinity;
  for (const v of heads) {
    firstId = Math.min(firstId, num(v[0]));
    lastId = Math.max(lastId, num(v[0]));
  }
  const ofSales = (table: string, alias: string) =>
    inRange(knex(`${table} as ${alias}`).join('sales as s', 's.id', `${alias}.sale_id`), 's').andWhereBetween(`${alias}.sale_id`, [firstId, lastId]);
  const [lines, taxes, payments] = await Promise.all([
    selectRowArrays(knex, ofSales('sale_lines', 'l').orderBy(['s.number', 'l.line_no']), LINE_COLUMNS),
    selectRowArrays(knex, ofSales('sale_taxes', 't').orderBy(['s.number', 't.rate_bp']), TAX_COLUMNS),
    selectRowArrays(knex, ofSales('payments', 'p').orderBy(['s.number', 'p.line_no']), PAYMENT_COLUMNS),
  ]);
  return { heads, lines, taxes, payments };
}

/** The rows of one sale at the front of a list in sale order: from `start` while the sale id matches. */
function rowsOf<T>(rows: unknown[][], start: number, saleId: number, map: (v: unknown[]) => T): T[] {
  const out: T[] = [];
  for (let i = start; i < rows.length && num(rows[i]![0]) === saleId; i++) out.push(map(rows[i]!));
  return out;
}

// Rebuild the canonical parts from the values read, converting each as the
// sale readers in sales.ts do (num, numOrNull, String, bool).
const lineOf = (v: unknown[]): CanonicalSaleLine => ({
  lineNo: num(v[1]),
  articleId: numOrNull(v[2]),
  code: String(v[3]),
  name: String(v[4]),
  unit: v[5] === 'kg' ? 'kg' : 'unit',
  quantity: num(v[6]),
  unitPrice: num(v[7]),
  listPrice: num(v[8]),
  taxRateBp: num(v[9]),
  gross: num(v[10]),
  lineDiscount: num(v[11]),
  ticketDiscount: num(v[12]),
  total: num(v[13]),
  priceOverridden: bool(v[14]),
});
const taxOf = (v: unknown[]): CanonicalTax => ({ rateBp: num(v[1]), total: num(v[2]), tax: num(v[3]), base: num(v[4]) });
const paymentOf = (v: unknown[]): CanonicalPayment => ({
  lineNo: num(v[1]),
  method: String(v[2]),
  amount: num(v[3]),
  tendered: num(v[4]),
  reference: String(v[5]),
});

/** What the sales of a business day add up to, as the walk found them. */
export interface DaySales {
  count: number;
  first: number;
  last: number;
  total: number;
  lastHash: string;
}


/** A range of one till's sales to check: plain data, so a worker thread can take it. */
export interface SaleRangeTask {
  tillId: number;
  from: number;
  to: number;
  deep: boolean;
  keys: TillKey[];
  /** sale number -> the hash a signed closing recorded for it */
  anchors: Array<[number, { closingSeq: number; hash: string }]>;
  /** the till's head as the walk read it: a worker on another connection checks it sees the same database */
  tillHead: { saleSeq: number; lastHash: string };
}

/** What a range holds, as far as it held: plain data, like its task. */
export interface SaleRangeResult {
  /** the range held as many sales as numbers (else it is the till's last, or has a hole) */
  full: boolean;
  /** its first sale as stored: how it joins the range before */
  first: { id: number; number: number; hash: string; prevHash: string; grandBefore: number; grandAbsBefore: number } | null;
  /** its last sale that held */
  last: { id: number; number: number; hash: string; grandTotal: number; grandTotalAbs: number } | null;
  /** the number after the last sale that held */
  next: number;
  /** by business date, the sales that held, in order */
  days: Array<[string, DaySales]>;
  /** the first sale that does not hold; `beforeGrand`: found before its grand total would be checked */
  problem: { broken: BrokenLink; needsDeep: boolean; beforeGrand: boolean } | null;
}

/** Checks the sales numbered task.from..task.to-1 of a till (see the file's head for what is left to the caller). */
export async function verifySaleRange(knex: Knex, task: SaleRangeTask, keys = new TillKeyRing(task.keys)): Promise<SaleRangeResult> {
  const { tillId, from, to, deep } = task;
  const anchors = new Map(task.anchors);
  const { heads, lines, taxes, payments } = await readSales(knex, tillId, from, to, deep);
  const days = new Map<string, DaySales>();
  let first: SaleRangeResult['first'] = null;
  let last: SaleRangeResult['last'] = null;
  let expected = from;
  let prevHash = '';
  let grandTotal = 0;
  let grandTotalAbs = 0;
  const result = (problem: SaleRangeResult['problem']): SaleRangeResult => ({ full: heads.length === to - from, first, last, next: expected, days: [...days], problem });
  let li = 0;
  let ti = 0;
  let pi = 0;
  for (let k = 0; k < heads.length; k++) {
    // Now and then let other work go on (the next range's read, on the main thread).
    if (k % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
    const v = heads[k]!;
    const id = num(v[0]);
    const number = num(v[1]);
    const sale: CanonicalSale = {
      tillId,
      number,
      ticketId: String(v[2]),
      createdAt: String(v[3]),
      businessDate: String(v[4]),
      localTime: String(v[5]),
      employeeId: num(v[6]),
      customerId: numOrNull(v[7]),
      lineCount: num(v[8]),
      grossTotal: num(v[9]),
      discountTotal: num(v[10]),
      total: num(v[11]),
      taxTotal: num(v[12]),
      tenderedTotal: num(v[13]),
      changeGiven: num(v[14]),
      ticketDiscount: String(v[15]),
      grandTotal: num(v[16]),
      grandTotalAbs: num(v[17]),
      lines: rowsOf(lines, li, id, lineOf),
      taxes: rowsOf(taxes, ti, id, taxOf),
      payments: rowsOf(payments, pi, id, paymentOf),
    };
    li += sale.lines.length;
    ti += sale.taxes.length;
    pi += sale.payments.length;
    const storedPrevHash = String(v[18]);
    const hash = String(v[19]);
    if (k === 0) {
      // The join with the range before is the caller's to check: the first sale's own link and totals stand here.
      first = { id, number, hash, prevHash: storedPrevHash, grandBefore: sale.grandTotal - sale.total, grandAbsBefore: sale.grandTotalAbs - Math.abs(sale.total) };
      prevHash = storedPrevHash;
      grandTotal = first.grandBefore;
      grandTotalAbs = first.grandAbsBefore;
    }
    const at = (reason: string, needsDeep = false, beforeGrand = true) => result({ broken: { seq: number, id, reason }, needsDeep, beforeGrand });
    if (number !== expected) return result({ broken: { seq: expected, id: null, reason: `vente n° ${expected} manquante (suivante trouvée : n° ${number})` }, needsDeep: false, beforeGrand: true });
    if (storedPrevHash !== prevHash) return at('lien rompu : empreinte précédente différente');
    if (sale.lines.length !== sale.lineCount) return at(`nombre de lignes différent (${sale.lines.length} au lieu de ${sale.lineCount})`);
    if (chainHash(prevHash, canonicalSale(sale)) !== hash) return at('empreinte différente : la vente a été modifiée');
    // Deep: every signature. Fast: none here (a re-hash shows at the last sale or at a closing, and then a deep walk names it).
    if (deep) {
      const bad = keys.problem('sales', number, hash, v[20] === null || v[20] === undefined ? null : String(v[20]));
      if (bad) return at(`vente ${bad}`);
    }
    if (sale.grandTotal !== grandTotal + sale.total || sale.grandTotalAbs !== grandTotalAbs + Math.abs(sale.total)) {
      return at(await grandTotalReason(knex, keys, { id, number, hash }, sale.grandTotal - (grandTotal + sale.total)), false, false);
    }
    const anchor = anchors.get(number);
    if (anchor && anchor.hash !== hash) {
      return at(`n'est plus la vente que la clôture n° ${anchor.closingSeq} a scellée (empreinte différente)`, true, false);
    }
    const day = days.get(sale.businessDate);
    if (day) {
      day.count++;
      day.last = number;
      day.total += sale.total;
      day.lastHash = hash;
    } else {
      days.set(sale.businessDate, { count: 1, first: number, last: number, total: sale.total, lastHash: hash });
    }
    last = { id, number, hash, grandTotal: sale.grandTotal, grandTotalAbs: sale.grandTotalAbs };
    prevHash = hash;
    grandTotal = sale.grandTotal;
    grandTotalAbs = sale.grandTotalAbs;
    expected++;
  }
  return result(null);
}

/** Why a sale's grand total does not follow: when the sale is the one the till signed, the tills row had been changed before it. */
export async function grandTotalReason(knex: Knex, keys: TillKeyRing, sale: { id: number; number: number; hash: string }, gap: number): Promise<string> {
  const signedAsIs = keys.keyAt('sales', sale.number) !== null && keys.problem('sales', sale.number, sale.hash, await signatureOf(knex, sale.id)) === null;
  return signedAsIs
    ? `grand total perpétuel incohérent (écart ${gap}) : la vente est bien celle que la caisse a signée, c'est la ligne de la caisse (tills) qui avait été modifiée avant elle`
    : 'grand total perpétuel incohérent';
}

export async function signatureOf(knex: Knex, saleId: number): Promise<string | null> {
  const row = await knex('sales').where({ id: saleId }).first('signature');
  return row?.signature === null || row?.signature === undefined ? null : String(row.signature);
}
