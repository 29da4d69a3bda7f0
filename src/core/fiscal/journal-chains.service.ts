// Walks a till's hash chains (sales, closings, audit events) and rebuilds each
// hash from the stored rows: the first entry whose content, link, number,
// grand total or signature does not match is reported (the till's key ring
// says which key signs which link). A year of sales is checked in ranges of
// sale numbers (journal-sale-ranges.service.ts), several at a time, joined
// here in order.
import type { Knex } from 'knex';
import { rowToAuditEvent } from './audit.service.js';
import { canonicalAuditEvent, canonicalClosing, chainHash, GENESIS_HASH, KEY_CHANGE_EVENT, rowToCanonicalClosing } from './journal.js';
import type { TillKeyRing } from './journal-signature.js';
import { num } from '../basics/row-values.js';
import type { BrokenLink, ChainReport } from './journal-report.js';
import { grandTotalReason, signatureOf, verifySaleRange, type DaySales, type SaleRangeResult, type SaleRangeTask } from './journal-sale-ranges.service.js';

export { SALES_BATCH, type DaySales } from './journal-sale-ranges.service.js';

/** Closings or audit events read at a time. */
const ENTRIES_BATCH = 500;

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
  /** who checks each range (default: this connection, in process) */
  ranges?: SaleRangeRunner;
  /** ranges checked at a time (default 2: one read while one is hashed) */
  parallel?: number;
}

/** Checks one range of sales: in process on the verifier's connection, or by a worker thread on its own. */
export type SaleRangeRunner = (task: SaleRangeTask) => Promise<SaleRangeResult>;

/**
 * The till's sales in order, checked range by range: each range on its own
 * (journal-sale-ranges.service.ts, by `ctx.ranges` when given: worker
 * threads), `ctx.parallel` ranges at a time, and here where each joins the
 * one before (its first sale's link and grand total), its days added up. The
 * first sale that does not hold, in sale order, is the one reported.
 */
export async function verifySales(ctx: SalesContext): Promise<SalesWalk> {
  const { knex, tillId, batch, deep, keys } = ctx;
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
  const highest = await knex('sales').where({ till_id: tillId }).max({ n: 'number' }).first();
  const lastNumber = Math.max(headSeq, num(highest?.n ?? 0));
  const anchors = [...ctx.anchors];
  const runRange = ctx.ranges ?? ((task: SaleRangeTask) => verifySaleRange(knex, task, keys));
  const tasks: SaleRangeTask[] = [];
  for (let from = 1; from <= lastNumber; from += batch) tasks.push({ tillId, from, to: from + batch, deep, keys: keys.keys, anchors, tillHead: { saleSeq: headSeq, lastHash: headHash } });
  // Ranges are checked ahead of the one being joined: while one is hashed, the next ones are read.
  const ahead: Array<Promise<SaleRangeResult>> = [];
  let planned = 0;
  const fill = () => {
    while (planned < tasks.length && ahead.length < Math.max(1, ctx.parallel ?? 2)) ahead.push(runRange(tasks[planned++]!));
  };
  fill();
  try {
    while (ahead.length > 0) {
      const range = await ahead.shift()!;
      fill();
      const { first } = range;
      if (!first) break; // no sale in the range: the till's sales end before it
      if (first.number !== expectedNumber) return missing(first.number);
      const at = (reason: string, needsDeep = false) => walk({ seq: first.number, id: first.id, reason }, needsDeep);
      if (first.prevHash !== prevHash) return at('lien rompu : empreinte précédente différente');
      const problem = range.problem;
      const firstProblem = problem?.broken.seq === first.number;
      if (problem && firstProblem && problem.beforeGrand) return walk(problem.broken, problem.needsDeep);
      if (first.grandBefore !== grandTotal || first.grandAbsBefore !== grandTotalAbs) {
        return at(await grandTotalReason(knex, keys, first, first.grandBefore - grandTotal));
      }
      for (const [date, d] of range.days) {
        const day = days.get(date);
        if (day) {
          day.count += d.count;
          day.last = d.last;
          day.total += d.total;
          day.lastHash = d.lastHash;
        } else {
          days.set(date, { ...d });
        }
      }
      expectedNumber = range.next;
      if (range.last) {
        last = range.last;
        prevHash = range.last.hash;
        grandTotal = range.last.grandTotal;
        grandTotalAbs = range.last.grandTotalAbs;
      }
      if (problem) return walk(problem.broken, problem.needsDeep);
      // A range with fewer sales than numbers is the last, or has a hole: the ranges after it are not needed.
      if (!range.full) break;
    }
  } finally {
    // Ranges no longer wanted: let them end, so no error goes unheard and the connection is free.
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
