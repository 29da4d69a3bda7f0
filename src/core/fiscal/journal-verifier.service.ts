// `pos journal verify`: for every till, its three hash chains walked
// (journal-chains.service.ts), then the checks across rows
// (journal-cross-checks.ts: closings against their sales, keys against their
// announcements), where the till's signing starts, the rows that point at a
// sale against the sales that exist, and where a hash read from paper is.
// Signatures: every closing's and each chain's last link by default (a
// re-hashed link breaks one of them, and then a second walk checks every
// signature to name it), every link with `deep`. Reads only.
import type { Knex } from 'knex';
import { rowToCanonicalClosing } from './journal.js';
import { checkClosingsCoverSales, checkKeyChanges } from './journal-cross-checks.js';
import { TillKeyRing } from './journal-signature.js';
import { SALES_BATCH, verifySales, verifySeqChain, type SaleRangeRunner, type SalesContext } from './journal-chains.service.js';
import { tillKeys, type TillKey } from './journal-keys.service.js';
import type { ChainReport, HeadReport, JournalReport, KeyReport } from './journal-report.js';
import { num } from '../basics/row-values.js';

/**
 * Where the till's signing starts: links signed with no key recorded, or a
 * signed link before the first key's first one, mean till_keys was
 * emptied or its start moved to pass signed links off as older, unsigned ones.
 */
async function checkKeyStart(knex: Knex, tillId: number, keys: TillKey[]): Promise<string | null> {
  const chains = [
    ['sales', 'number', keys[0]?.firstSaleNumber],
    ['closings', 'seq', keys[0]?.firstClosingSeq],
    ['audit_events', 'seq', keys[0]?.firstAuditSeq],
  ] as const;
  for (const [table, column, first] of chains) {
    const q = knex(table).where({ till_id: tillId }).whereNotNull('signature');
    if (first === undefined) {
      if (await q.first('id')) return `des maillons (${table}) sont signés mais aucune clé de la caisse n'est enregistrée (till_keys vidée)`;
    } else if (first > 1) {
      // Only the links from before the first key (a database older than the keys) are read here.
      const signed = await q.andWhere(column, '<', first).orderBy(column).first(column);
      if (signed) return `la clé n° 1 ne commence qu'au n° ${first} de ${table} alors que le n° ${num(signed[column])} est signé (till_keys modifiée)`;
    }
  }
  return null;
}

/** Tables whose rows point at a sale: a row whose sale is gone shows a sale deleted with its traces left. */
const SALE_REFERENCES: ReadonlyArray<[table: string, column: string]> = [
  // (a sale's own lines, VAT lines and payments go with it: an orphan of theirs changes no figure the journal vouches for)
  ['stock_moves', 'sale_id'],
  ['loyalty_entries', 'sale_id'],
  ['account_entries', 'sale_id'],
  ['vouchers', 'issued_sale_id'],
  ['print_jobs', 'sale_id'],
  ['drawer_kicks', 'sale_id'],
  ['audit_events', 'sale_id'],
];

async function verifySaleReferences(knex: Knex): Promise<JournalReport['references']> {
  for (const [table, column] of SALE_REFERENCES) {
    const orphan = await knex(`${table} as t`)
      .whereNotNull(`t.${column}`)
      .whereNotExists(knex('sales as s').whereRaw('s.id = ??', [`t.${column}`]).select(knex.raw('1')))
      .first('t.id', `t.${column} as sale_id`);
    if (orphan) {
      const id = orphan.id === null || orphan.id === undefined ? null : num(orphan.id);
      return {
        tables: SALE_REFERENCES.length,
        broken: { table, id, reason: `${table}${id !== null ? ` id ${id}` : ''} : désigne la vente id ${num(orphan.sale_id)}, qui n'existe plus (vente supprimée)` },
      };
    }
  }
  return { tables: SALE_REFERENCES.length, broken: null };
}

/** Where a hash read from paper is in the journal (prefix of at least 8 hex digits). */
async function findHead(knex: Knex, head: string, tillId?: number): Promise<HeadReport> {
  const prefix = head.trim().toLowerCase();
  if (!/^[0-9a-f]{8,64}$/.test(prefix)) {
    return { head: prefix, found: null, reason: 'empreinte illisible : 8 à 64 chiffres hexadécimaux (0-9, a-f)' };
  }
  const found: NonNullable<HeadReport['found']>[] = [];
  for (const [chain, table, seqColumn] of [['sales', 'sales', 'number'], ['closings', 'closings', 'seq'], ['audit', 'audit_events', 'seq']] as const) {
    const q = knex(table).where('hash', 'like', `${prefix}%`).select('till_id', seqColumn, 'hash').limit(2);
    if (tillId !== undefined) q.andWhere({ till_id: tillId });
    for (const r of await q) found.push({ chain, tillId: num(r.till_id), seq: num(r[seqColumn]), hash: String(r.hash) });
  }
  if (found.length > 1) return { head: prefix, found: null, reason: `empreinte ambiguë (${found.length} maillons) : donnez plus de chiffres` };
  if (found.length === 0) {
    return {
      head: prefix,
      found: null,
      reason: 'empreinte introuvable dans le journal : les maillons imprimés avec elle ont été supprimés ou réécrits depuis (ou elle est mal recopiée)',
    };
  }
  return { head: prefix, found: found[0]!, reason: null };
}

export interface VerifyOptions {
  tillId?: number;
  /** sales read at a time (tests make it small to cross batch edges) */
  batch?: number;
  /** check every link's signature, not only the heads' */
  deep?: boolean;
  /** a hash (or its first digits) read from a receipt or a Z ticket: it must be a link of the verified chains */
  head?: string;
  /** who checks the ranges of sales, and how many at a time (`pos journal verify`: worker threads) */
  ranges?: { run: SaleRangeRunner; parallel: number };
}

export async function verifyJournal(knex: Knex, options: VerifyOptions = {}): Promise<JournalReport> {
  const q = knex('tills').orderBy('id');
  if (options.tillId !== undefined) q.where({ id: options.tillId });
  const tills = await q;
  const allKeys = await tillKeys(knex, options.tillId);
  const chains: ChainReport[] = [];
  const keys: KeyReport[] = [];
  /** per till and chain, how far it verified */
  const verifiedUpTo = new Map<string, number>();
  for (const till of tills) {
    const tillId = num(till.id);
    const ownKeys = allKeys.filter((k) => k.tillId === tillId);
    const ring = new TillKeyRing(ownKeys);
    for (const k of ownKeys) keys.push({ tillId, keyNo: k.keyNo, publicKey: k.publicKey, firstSaleNumber: k.firstSaleNumber, createdAt: k.createdAt, employeeId: k.employeeId });
    const deep = options.deep ?? false;
    let closings = await verifySeqChain(knex, 'closings', tillId, till, ring, deep);
    // Sales the signed closings vouch for: a re-hashed sale no longer matches.
    const anchors = new Map<number, { closingSeq: number; hash: string }>();
    for (const { seq, row } of closings.rows) {
      const c = rowToCanonicalClosing(row);
      if (c.kind === 'day' && c.lastSaleNumber !== null && c.lastSaleHash) anchors.set(c.lastSaleNumber, { closingSeq: seq, hash: c.lastSaleHash });
    }
    const ctx: SalesContext = { knex, tillId, till, batch: options.batch ?? SALES_BATCH, deep, keys: ring, anchors, ranges: options.ranges?.run, parallel: options.ranges?.parallel };
    let sales = await verifySales(ctx);
    // A head did not hold: walk again checking every signature, to name the first rewritten sale.
    if (sales.needsDeep && !deep) {
      const located = await verifySales({ ...ctx, deep: true });
      if (located.report.broken) sales = located;
    }
    let audit = await verifySeqChain(knex, 'audit', tillId, till, ring, deep);
    if (audit.needsDeep && !deep) {
      const located = await verifySeqChain(knex, 'audit', tillId, till, ring, true);
      if (located.report.broken) audit = located;
    }
    if (!closings.report.broken) {
      const unbound = checkClosingsCoverSales(closings.rows, sales);
      if (unbound) closings = { ...closings, report: { ...closings.report, broken: unbound } };
    }
    const keyProblem = (await checkKeyStart(knex, tillId, ownKeys)) ?? checkKeyChanges(ownKeys, audit.rows, audit.report.broken === null, till);
    if (keyProblem && !audit.report.broken) audit = { ...audit, report: { ...audit.report, broken: { seq: 0, id: null, reason: keyProblem } } };
    chains.push(sales.report, closings.report, audit.report);
    verifiedUpTo.set(`sales:${tillId}`, sales.report.broken ? sales.report.broken.seq - 1 : sales.report.count);
    verifiedUpTo.set(`closings:${tillId}`, closings.report.broken ? closings.report.broken.seq - 1 : closings.report.count);
    verifiedUpTo.set(`audit:${tillId}`, audit.report.broken ? audit.report.broken.seq - 1 : audit.report.count);
  }
  const references = await verifySaleReferences(knex);
  let head: HeadReport | undefined;
  if (options.head !== undefined) {
    head = await findHead(knex, options.head, options.tillId);
    const f = head.found;
    if (f && f.seq > (verifiedUpTo.get(`${f.chain}:${f.tillId}`) ?? 0)) {
      head = { ...head, reason: 'le maillon de cette empreinte est dans la partie du journal qui ne se vérifie pas' };
    }
  }
  return {
    ok: chains.every((c) => c.broken === null) && references.broken === null && (!head || head.reason === null),
    chains,
    references,
    sales: chains.filter((c) => c.chain === 'sales').reduce((a, c) => a + c.count, 0),
    keys,
    ...(head ? { head } : {}),
  };
}
