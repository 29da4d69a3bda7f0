// Walks a till's hash chains (sales, closings, audit events) and rebuilds each
// hash from the stored rows: the first entry whose content, link, number or
// grand total does not match is reported. Reads only; fast enough for a year
// of sales because it reads in batches in number order.
import type { Knex } from 'knex';
import { rowToAuditEvent } from './audit.js';
import { rowToCanonicalClosing } from './closings.js';
import { canonicalAuditEvent, canonicalClosing, canonicalSale, chainHash, GENESIS_HASH } from './journal.js';
import { num } from './rows.js';
import { rowToSaleHead, rowToSaleLine, rowToSalePayment, rowToSaleTax } from './sales.js';

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

const BATCH = 500;

async function verifySales(knex: Knex, tillId: number, headHash: string, headSeq: number): Promise<ChainReport> {
  let expectedNumber = 1;
  let prevHash = GENESIS_HASH;
  let grandTotal = 0;
  let grandTotalAbs = 0;
  const report = (broken: BrokenLink | null): ChainReport => ({ chain: 'sales', tillId, count: expectedNumber - 1, broken });
  for (;;) {
    const rows = await knex('sales').where({ till_id: tillId }).andWhere('number', '>=', expectedNumber).orderBy('number').limit(BATCH);
    if (rows.length === 0) break;
    const ids = rows.map((r) => num(r.id));
    const [lines, taxes, payments] = await Promise.all([
      knex('sale_lines').whereIn('sale_id', ids).orderBy(['sale_id', 'line_no']),
      knex('sale_taxes').whereIn('sale_id', ids),
      knex('payments').whereIn('sale_id', ids).orderBy(['sale_id', 'line_no']),
    ]);
    const group = <T>(items: Record<string, unknown>[], map: (r: Record<string, unknown>) => T) => {
      const by = new Map<number, T[]>();
      for (const r of items) {
        const key = num(r.sale_id);
        const list = by.get(key) ?? [];
        list.push(map(r));
        by.set(key, list);
      }
      return by;
    };
    const linesBy = group(lines, rowToSaleLine);
    const taxesBy = group(taxes, rowToSaleTax);
    const paymentsBy = group(payments, rowToSalePayment);
    for (const row of rows) {
      const head = rowToSaleHead(row);
      const at = (reason: string) => report({ seq: head.number, id: head.id, reason });
      if (head.number !== expectedNumber) {
        return report({ seq: expectedNumber, id: null, reason: `vente n° ${expectedNumber} manquante (suivante trouvée : n° ${head.number})` });
      }
      const sale = { ...head, lines: linesBy.get(head.id) ?? [], taxes: taxesBy.get(head.id) ?? [], payments: paymentsBy.get(head.id) ?? [] };
      if (head.prevHash !== prevHash) return at('lien rompu : empreinte précédente différente');
      if (sale.lines.length !== head.lineCount) return at(`nombre de lignes différent (${sale.lines.length} au lieu de ${head.lineCount})`);
      if (chainHash(prevHash, canonicalSale(sale)) !== head.hash) return at('empreinte différente : la vente a été modifiée');
      if (head.grandTotal !== grandTotal + head.total || head.grandTotalAbs !== grandTotalAbs + Math.abs(head.total)) {
        return at('grand total perpétuel incohérent');
      }
      prevHash = head.hash;
      grandTotal = head.grandTotal;
      grandTotalAbs = head.grandTotalAbs;
      expectedNumber++;
    }
  }
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
    const rows = await knex(table).where({ till_id: tillId }).andWhere('seq', '>=', expected).orderBy('seq').limit(BATCH);
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

export async function verifyJournal(knex: Knex, options: { tillId?: number } = {}): Promise<JournalReport> {
  const q = knex('tills').orderBy('id');
  if (options.tillId !== undefined) q.where({ id: options.tillId });
  const tills = await q;
  const chains: ChainReport[] = [];
  for (const till of tills) {
    const tillId = num(till.id);
    chains.push(await verifySales(knex, tillId, String(till.sale_last_hash), num(till.sale_seq)));
    chains.push(await verifySeqChain(knex, 'closings', tillId, String(till.closing_last_hash), num(till.closing_seq)));
    chains.push(await verifySeqChain(knex, 'audit', tillId, String(till.audit_last_hash), num(till.audit_seq)));
  }
  return {
    ok: chains.every((c) => c.broken === null),
    chains,
    sales: chains.filter((c) => c.chain === 'sales').reduce((a, c) => a + c.count, 0),
  };
}
