// Walks a till's hash chains (sales, closings, audit events) and rebuilds each
// hash from the stored rows: the first entry whose content, link, number or
// grand total does not match is reported. Reads only. A year of sales is read
// in ranges of sale numbers, only the columns the canonical form needs, one
// range ahead of the hashing.
import type { Knex } from 'knex';
import { rowToAuditEvent } from './audit.js';
import { rowToCanonicalClosing } from './closings.js';
import { selectRowArrays } from './db.js';
import {
  canonicalAuditEvent,
  canonicalClosing,
  canonicalSale,
  chainHash,
  GENESIS_HASH,
  type CanonicalPayment,
  type CanonicalSale,
  type CanonicalSaleLine,
  type CanonicalTax,
} from './journal.js';
import { bool, num, numOrNull } from './rows.js';

export type ChainKind = 'sales' | 'closings' | 'audit';

export interface BrokenLink {
  /** sale number, or position in the closings/audit chain */
  seq: number;
  id: number | null;
  reason: string;
}

export interface ChainReport {
  chain: ChainKind;
  tillId: number;
  count: number;
  broken: BrokenLink | null;
}

export interface JournalReport {
  ok: boolean;
  chains: ChainReport[];
  /** sales checked in all tills */
  sales: number;
}

/** Closings or audit events read at a time. */
const ENTRIES_BATCH = 500;

/** Sales read at a time: enough to spread a query's cost, few enough that what is read ahead dies young (2,000 took ten full garbage collections on a year of sales, 1,000 one). */
const SALES_BATCH = 1000;

/** Ranges read ahead of the one being hashed (2 or 3 were slower on a year of sales: more held at once). */
const READ_AHEAD = 1;

/** Sales hashed between two looks at the reads ahead. */
const YIELD_EVERY = 200;

// The columns the canonical form and the chain need, in the order they are read.
const HEAD_COLUMNS = [
  's.id', 's.number', 's.ticket_id', 's.created_at', 's.business_date', 's.local_time', 's.employee_id', 's.customer_id',
  's.line_count', 's.gross_total', 's.discount_total', 's.total', 's.tax_total', 's.tendered_total', 's.change_given',
  's.ticket_discount', 's.grand_total', 's.grand_total_abs', 's.prev_hash', 's.hash',
] as const;
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
async function readSales(knex: Knex, tillId: number, from: number, to: number): Promise<SalesBatch> {
  const inRange = (q: Knex.QueryBuilder, alias: string) =>
    q.where(`${alias}.till_id`, tillId).andWhere(`${alias}.number`, '>=', from).andWhere(`${alias}.number`, '<', to);
  const heads = await selectRowArrays(knex, inRange(knex('sales as s'), 's').orderBy('s.number'), HEAD_COLUMNS);
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

async function verifySales(knex: Knex, tillId: number, headHash: string, headSeq: number, batch: number): Promise<ChainReport> {
  let expectedNumber = 1;
  let prevHash = GENESIS_HASH;
  let grandTotal = 0;
  let grandTotalAbs = 0;
  const report = (broken: BrokenLink | null): ChainReport => ({ chain: 'sales', tillId, count: expectedNumber - 1, broken });
  const missing = (found: number) =>
    report({ seq: expectedNumber, id: null, reason: `vente n° ${expectedNumber} manquante (suivante trouvée : n° ${found})` });
  // The next ranges are read while this one is hashed: SQLite reads on its own thread, PostgreSQL on the server.
  const ahead: Array<Promise<SalesBatch>> = [];
  let from = 1;
  const readNext = () => {
    ahead.push(readSales(knex, tillId, from, from + batch));
    from += batch;
  };
  for (let i = 0; i < READ_AHEAD; i++) readNext();
  try {
    for (;;) {
      const { heads, lines, taxes, payments }: SalesBatch = await ahead.shift()!;
      // A batch with fewer sales than numbers has a hole or is the last: the ranges after it are not needed.
      const full = heads.length === batch;
      if (full) readNext();
      let li = 0;
      let ti = 0;
      let pi = 0;
      for (let k = 0; k < heads.length; k++) {
        // Now and then let the read ahead go on: each of its queries waits for the one before to be answered here.
        if (k % YIELD_EVERY === YIELD_EVERY - 1) await new Promise((resolve) => setImmediate(resolve));
        const v = heads[k]!;
        const id = num(v[0]);
        const number = num(v[1]);
        if (number !== expectedNumber) return missing(number);
        const at = (reason: string) => report({ seq: number, id, reason });
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
        if (storedPrevHash !== prevHash) return at('lien rompu : empreinte précédente différente');
        if (sale.lines.length !== sale.lineCount) return at(`nombre de lignes différent (${sale.lines.length} au lieu de ${sale.lineCount})`);
        if (chainHash(prevHash, canonicalSale(sale)) !== hash) return at('empreinte différente : la vente a été modifiée');
        if (sale.grandTotal !== grandTotal + sale.total || sale.grandTotalAbs !== grandTotalAbs + Math.abs(sale.total)) {
          return at('grand total perpétuel incohérent');
        }
        prevHash = hash;
        grandTotal = sale.grandTotal;
        grandTotalAbs = sale.grandTotalAbs;
        expectedNumber++;
      }
      if (!full) break;
    }
  } finally {
    // Reads ahead no longer wanted: let them end, so no error goes unheard and the connection is free.
    await Promise.allSettled(ahead);
  }
  // Past the last sale read in order, another one means a hole before it.
  const after = await knex('sales').where({ till_id: tillId }).andWhere('number', '>=', expectedNumber).min({ n: 'number' }).first();
  if (after?.n !== null && after?.n !== undefined) return missing(num(after.n));
  if (expectedNumber - 1 !== headSeq || prevHash !== (headHash || GENESIS_HASH)) {
    return report({ seq: expectedNumber, id: null, reason: `fin de chaîne différente de la caisse (dernière vente attendue n° ${headSeq})` });
  }
  return report(null);
}

async function verifySeqChain(
  knex: Knex,
  chain: 'closings' | 'audit',
  tillId: number,
  headHash: string,
  headSeq: number,
): Promise<ChainReport> {
  const table = chain === 'audit' ? 'audit_events' : 'closings';
  let expected = 1;
  let prevHash = GENESIS_HASH;
  const report = (broken: BrokenLink | null): ChainReport => ({ chain, tillId, count: expected - 1, broken });
  for (;;) {
    const rows = await knex(table).where({ till_id: tillId }).andWhere('seq', '>=', expected).orderBy('seq').limit(ENTRIES_BATCH);
    if (rows.length === 0) break;
    for (const r of rows) {
      const seq = num(r.seq);
      const at = (reason: string) => report({ seq, id: num(r.id), reason });
      if (seq !== expected) return report({ seq: expected, id: null, reason: `entrée n° ${expected} manquante` });
      if (String(r.prev_hash) !== prevHash) return at('lien rompu : empreinte précédente différente');
      const canonical =
        chain === 'audit'
          ? canonicalAuditEvent(rowToAuditEvent(r))
          : canonicalClosing(rowToCanonicalClosing(r));
      if (chainHash(prevHash, canonical) !== String(r.hash)) return at('empreinte différente : l\'entrée a été modifiée');
      prevHash = String(r.hash);
      expected++;
    }
  }
  if (expected - 1 !== headSeq || prevHash !== (headHash || GENESIS_HASH)) {
    return report({ seq: expected, id: null, reason: `fin de chaîne différente de la caisse (dernière entrée attendue n° ${headSeq})` });
  }
  return report(null);
}

export interface VerifyOptions {
  tillId?: number;
  /** sales read at a time (tests make it small to cross batch edges) */
  batch?: number;
}

export async function verifyJournal(knex: Knex, options: VerifyOptions = {}): Promise<JournalReport> {
  const q = knex('tills').orderBy('id');
  if (options.tillId !== undefined) q.where({ id: options.tillId });
  const tills = await q;
  const chains: ChainReport[] = [];
  for (const till of tills) {
    const tillId = num(till.id);
    chains.push(await verifySales(knex, tillId, String(till.sale_last_hash), num(till.sale_seq), options.batch ?? SALES_BATCH));
    chains.push(await verifySeqChain(knex, 'closings', tillId, String(till.closing_last_hash), num(till.closing_seq)));
    chains.push(await verifySeqChain(knex, 'audit', tillId, String(till.audit_last_hash), num(till.audit_seq)));
  }
  return {
    ok: chains.every((c) => c.broken === null),
    chains,
    sales: chains.filter((c) => c.chain === 'sales').reduce((a, c) => a + c.count, 0),
  };
}
