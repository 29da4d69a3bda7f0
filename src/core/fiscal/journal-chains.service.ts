// Walks a till's hash chains (sales, closings, audit events) and rebuilds each
// hash from the stored rows: the first entry whose content, link, number,
// grand total or signature does not match is reported (the till's key ring
// says which key signs which link). A year of sales is
// read in ranges of sale numbers, only the columns the canonical form needs,
// one range ahead of the hashing.
import type { Knex } from 'knex';
import { rowToAuditEvent } from './audit.service.js';
import { selectRowArrays } from '../basics/db.service.js';
import {
  canonicalAuditEvent,
  canonicalClosing,
  canonicalSale,
  chainHash,
  GENESIS_HASH,
  KEY_CHANGE_EVENT,
  rowToCanonicalClosing,
  type CanonicalPayment,
  type CanonicalSale,
  type CanonicalSaleLine,
  type CanonicalTax,
} from './journal.js';
import type { TillKeyRing } from './journal-signature.js';
import { bool, num, numOrNull } from '../basics/row-values.js';
import type { BrokenLink, ChainReport } from './journal-report.js';

/** Closings or audit events read at a time. */
const ENTRIES_BATCH = 500;

/** Sales read at a time: enough to spread a query's cost, few enough that what is read ahead dies young (2,000 took ten full garbage collections on a year of sales, 1,000 one). */
export const SALES_BATCH = 1000;

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

export interface SalesWalk {
  report: ChainReport;
  /** by business date, the sales walked in order before any break */
  days: Map<string, DaySales>;
  /** the number of the first sale not vouched for (a break), or Infinity when the chain is whole */
  brokenAt: number;
  /** a head signature or a closing's binding failed: the deep walk locates the rewrite */
  needsDeep: boolean;
}

export interface SeqRow {
  seq: number;
  row: Record<string, unknown>;
}

export interface SalesContext {
  knex: Knex;
  tillId: number;
  till: Record<string, unknown>;
  batch: number;
  deep: boolean;
  keys: TillKeyRing;
  /** sale number -> the hash a signed closing recorded for it */
  anchors: Map<number, { closingSeq: number; hash: string }>;
}

export async function verifySales(ctx: SalesContext): Promise<SalesWalk> {
  const { knex, tillId, batch, deep, keys, anchors } = ctx;
  const headSeq = num(ctx.till.sale_seq);
  const headHash = String(ctx.till.sale_last_hash);
  let expectedNumber = 1;
  let prevHash = GENESIS_HASH;
  let grandTotal = 0;
  let grandTotalAbs = 0;
  let last: { id: number; number: number; hash: string } | null = null;
  const days = new Map<string, DaySales>();
  const walk = (broken: BrokenLink | null, needsDeep = false): SalesWalk => ({
    report: { chain: 'sales', tillId, count: expectedNumber - 1, broken },
    days,
    brokenAt: broken ? Math.min(broken.seq, expectedNumber) : Infinity,
    needsDeep,
  });
  const missing = (found: number) =>
    walk({ seq: expectedNumber, id: null, reason: `vente n° ${expectedNumber} manquante (suivante trouvée : n° ${found})` });
  // The next ranges are read while this one is hashed: SQLite reads on its own thread, PostgreSQL on the server.
  const ahead: Array<Promise<SalesBatch>> = [];
  let from = 1;
  const readNext = () => {
    ahead.push(readSales(knex, tillId, from, from + batch, deep));
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
        const at = (reason: string, needsDeep = false) => walk({ seq: number, id, reason }, needsDeep);
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
        // Deep: every signature. Fast: none here (a re-hash shows at the last sale or at a closing, and then a deep walk names it).
        if (deep) {
          const bad = keys.problem('sales', number, hash, v[20] === null || v[20] === undefined ? null : String(v[20]));
          if (bad) return at(`vente ${bad}`);
        }
        if (sale.grandTotal !== grandTotal + sale.total || sale.grandTotalAbs !== grandTotalAbs + Math.abs(sale.total)) {
          // A sale the till signed as it is was computed from a tills row someone had changed.
          const signedAsIs = keys.keyAt('sales', number) !== null && keys.problem('sales', number, hash, await signatureOf(knex, id)) === null;
          const gap = sale.grandTotal - (grandTotal + sale.total);
          return at(
            signedAsIs
              ? `grand total perpétuel incohérent (écart ${gap}) : la vente est bien celle que la caisse a signée, c'est la ligne de la caisse (tills) qui avait été modifiée avant elle`
              : 'grand total perpétuel incohérent',
          );
        }
        const anchor = anchors.get(number);
        if (anchor && anchor.hash !== hash) {
          return at(`n'est plus la vente que la clôture n° ${anchor.closingSeq} a scellée (empreinte différente)`, true);
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
        last = { id, number, hash };
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
  // The head that matters: the last sale must carry the till's signature.
  if (last && !deep) {
    const bad = keys.problem('sales', last.number, last.hash, await signatureOf(knex, last.id));
    if (bad) return walk({ seq: last.number, id: last.id, reason: `dernière vente ${bad}` }, true);
  }
  if (expectedNumber - 1 !== headSeq || prevHash !== (headHash || GENESIS_HASH)) {
    return walk({ seq: expectedNumber, id: null, reason: `fin de chaîne différente de la caisse (dernière vente attendue n° ${headSeq})` });
  }
  const tillGrand = num(ctx.till.grand_total);
  const tillGrandAbs = num(ctx.till.grand_total_abs);
  if (tillGrand !== grandTotal || tillGrandAbs !== grandTotalAbs) {
    const broken = {
      seq: expectedNumber,
      id: null,
      reason:
        `ligne de la caisse (tills) modifiée : grand total ${tillGrand} (absolu ${tillGrandAbs}) au lieu de ${grandTotal} (absolu ${grandTotalAbs}), ` +
        `ceux de la dernière vente n° ${expectedNumber - 1}`,
    };
    return { report: { chain: 'sales', tillId, count: expectedNumber - 1, broken }, days, brokenAt: Infinity, needsDeep: false };
  }
  return walk(null);
}

async function signatureOf(knex: Knex, saleId: number): Promise<string | null> {
  const row = await knex('sales').where({ id: saleId }).first('signature');
  return row?.signature === null || row?.signature === undefined ? null : String(row.signature);
}

/**
 * A closings or audit chain: every link rebuilt and chained; signatures
 * checked on every link (deep, or closings, which are few) or on the last
 * one. Returns the rows read before any break (closings need them).
 */
export async function verifySeqChain(
  knex: Knex,
  chain: 'closings' | 'audit',
  tillId: number,
  till: Record<string, unknown>,
  keys: TillKeyRing,
  deep: boolean,
): Promise<{ report: ChainReport; rows: SeqRow[]; needsDeep: boolean }> {
  const table = chain === 'audit' ? 'audit_events' : 'closings';
  const headSeq = num(chain === 'audit' ? till.audit_seq : till.closing_seq);
  const headHash = String(chain === 'audit' ? till.audit_last_hash : till.closing_last_hash);
  const signEvery = deep || chain === 'closings';
  let expected = 1;
  let prevHash = GENESIS_HASH;
  const kept: SeqRow[] = [];
  const done = (broken: BrokenLink | null, needsDeep = false) => ({ report: { chain, tillId, count: expected - 1, broken }, rows: kept, needsDeep });
  const what = chain === 'audit' ? 'événement' : 'clôture';
  for (;;) {
    const rows = await knex(table).where({ till_id: tillId }).andWhere('seq', '>=', expected).orderBy('seq').limit(ENTRIES_BATCH);
    if (rows.length === 0) break;
    for (const r of rows) {
      const seq = num(r.seq);
      const at = (reason: string, needsDeep = false) => done({ seq, id: num(r.id), reason }, needsDeep);
      if (seq !== expected) return done({ seq: expected, id: null, reason: `entrée n° ${expected} manquante` });
      if (String(r.prev_hash) !== prevHash) return at('lien rompu : empreinte précédente différente');
      const canonical =
        chain === 'audit'
          ? canonicalAuditEvent(rowToAuditEvent(r))
          : canonicalClosing(rowToCanonicalClosing(r));
      const hash = String(r.hash);
      if (chainHash(prevHash, canonical) !== hash) return at('empreinte différente : l\'entrée a été modifiée');
      const signature = r.signature === null || r.signature === undefined ? null : String(r.signature);
      if (keys.keyAt(chain, seq) && !signature) return at(`${what} non signé(e) alors que la caisse avait sa clé : réécrit(e) sans la clé`);
      // A key change is signed by the key it brings: checked whatever the mode.
      if (signEvery || String(r.kind) === KEY_CHANGE_EVENT) {
        const bad = keys.problem(chain, seq, hash, signature);
        if (bad) return at(`${what} ${bad}`);
      }
      kept.push({ seq, row: r });
      prevHash = hash;
      expected++;
    }
  }
  const lastRow = kept[kept.length - 1];
  if (lastRow && !signEvery) {
    const sig = lastRow.row.signature === null || lastRow.row.signature === undefined ? null : String(lastRow.row.signature);
    const bad = keys.problem(chain, lastRow.seq, String(lastRow.row.hash), sig);
    if (bad) return done({ seq: lastRow.seq, id: num(lastRow.row.id), reason: `dernier ${what} ${bad}` }, true);
  }
  if (expected - 1 !== headSeq || prevHash !== (headHash || GENESIS_HASH)) {
    return done({ seq: expected, id: null, reason: `fin de chaîne différente de la caisse (dernière entrée attendue n° ${headSeq})` });
  }
  return done(null);
}
