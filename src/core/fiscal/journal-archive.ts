// The NF525 archive of a closed period of one till (« archivage »): every
// sale of the period with its lines, VAT and payments, the closings, the
// audit events, each with its chain hash and signature, and the till's public
// keys, in XML described by schemas/journal-archive.xsd. The archive is signed
// as a whole with the till's key over its manifest (archiveManifest: one line
// per entry and its hash), so a file checked years later, with no database,
// shows whether anything in it was changed, added or taken away.
//
// Pure: content in, XML text out, and back; the checks recompute every hash
// with the journal's own canonical functions (journal.ts).
import * as crypto from 'node:crypto';
import { XMLBuilder, XMLParser } from 'fast-xml-parser';
import {
  CANONICAL_VERSION,
  canonicalAuditEvent,
  canonicalClosing,
  canonicalSale,
  chainHash,
  type CanonicalAuditEvent,
  type CanonicalClosing,
  type CanonicalSale,
} from './journal.js';
import type { TillKey } from './journal-keys.service.js';
import { signatureChecker, TillKeyRing } from './journal-signature.js';
import { isCalendarMonth } from '../basics/calendar.js';
import { technicalEventCode } from './technical-events.js';

/** Bump when the archive's layout changes (the XSD says which it describes). */
export const ARCHIVE_FORMAT_VERSION = 1;

export type ArchivePeriodKind = 'month' | 'year';

export interface ArchivePeriod {
  kind: ArchivePeriodKind;
  period: string;
  /** first business day of the period (YYYY-MM-DD) */
  firstDay: string;
  /** first business day after it */
  nextDay: string;
}

/** `2026-11` (a month) or `2026` (a year); anything else (2026-13, 2026-02-30, 26) is null. */
export function parseArchivePeriod(text: string): ArchivePeriod | null {
  const t = text.trim();
  if (/^\d{4}$/.test(t) && t !== '0000') return { kind: 'year', period: t, firstDay: `${t}-01-01`, nextDay: `${String(Number(t) + 1).padStart(4, '0')}-01-01` };
  if (/^\d{4}-\d{2}$/.test(t) && isCalendarMonth(t)) {
    const [y, m] = t.split('-').map(Number) as [number, number];
    const next = m === 12 ? `${String(y + 1).padStart(4, '0')}-01` : `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}`;
    return { kind: 'month', period: t, firstDay: `${t}-01`, nextDay: `${next}-01` };
  }
  return null;
}

interface Linked {
  prevHash: string;
  hash: string;
  signature: string | null;
}

export type ArchiveSale = Omit<CanonicalSale, 'tillId'> & Linked;
export type ArchiveClosing = Omit<CanonicalClosing, 'tillId'> & Linked;
export type ArchiveEvent = Omit<CanonicalAuditEvent, 'tillId'> & Linked;
export type ArchiveKey = Omit<TillKey, 'tillId'>;

export interface ArchiveContent {
  tillId: number;
  period: string;
  periodKind: ArchivePeriodKind;
  createdAt: string;
  keys: ArchiveKey[];
  sales: ArchiveSale[];
  closings: ArchiveClosing[];
  events: ArchiveEvent[];
}

export interface ArchiveSignature {
  keyNo: number;
  publicKey: string;
  /** SHA-256 (hex) of the manifest */
  digest: string;
  /** Ed25519 signature (hex) of the digest's 32 bytes, as the journal signs a link's hash */
  value: string;
}

/**
 * The text the archive's signature covers, one line per fact, each ending in
 * "\n": `POS-JOURNAL-ARCHIVE 1`, `till <id>`, `period <period>`,
 * `created <instant>`, then `key <no> <public key> <first sale> <first
 * closing> <first event>` for each key, `sale <number> <hash>`, `closing
 * <seq> <hash>` and `event <seq> <hash>` for each entry, in file order.
 * Every hash covers its entry's content, so the manifest covers them all.
 */
export function archiveManifest(c: ArchiveContent): string {
  const lines = [`POS-JOURNAL-ARCHIVE ${ARCHIVE_FORMAT_VERSION}`, `till ${c.tillId}`, `period ${c.period}`, `created ${c.createdAt}`];
  for (const k of c.keys) lines.push(`key ${k.keyNo} ${k.publicKey} ${k.firstSaleNumber} ${k.firstClosingSeq} ${k.firstAuditSeq}`);
  for (const s of c.sales) lines.push(`sale ${s.number} ${s.hash}`);
  for (const cl of c.closings) lines.push(`closing ${cl.seq} ${cl.hash}`);
  for (const e of c.events) lines.push(`event ${e.seq} ${e.hash}`);
  return lines.map((l) => `${l}\n`).join('');
}

export function archiveDigest(c: ArchiveContent): string {
  return crypto.createHash('sha256').update(archiveManifest(c), 'utf8').digest('hex');
}

// --- XML ----------------------------------------------------------------------

/** XML 1.0 carries no control character but tab, newline and carriage return, not even written as &#1;. */
const NOT_IN_XML = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/;

/** Escapes a value for an attribute or a text: tab, newline and CR as character references, so every reader gets them back unchanged. */
function escapeXml(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

type Attrs = Record<string, string | number | null | undefined>;

/** Attributes for the builder: a null value is left out (the schema makes such attributes optional). */
function attrs(values: Attrs): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(values)) if (v !== null && v !== undefined) out[`@${k}`] = String(v);
  return out;
}

function linked(e: Linked): Attrs {
  return { prevHash: e.prevHash, hash: e.hash, signature: e.signature };
}

/** The archive as an XML document (UTF-8 text); throws on a stored text XML cannot carry, naming where. */
export function buildArchiveXml(c: ArchiveContent, signature: ArchiveSignature): string {
  const check = (where: string, values: unknown[]) => {
    for (const v of values) {
      if (typeof v === 'string' && NOT_IN_XML.test(v)) throw new Error(`${where} contient un caractère de contrôle qu'un fichier XML ne peut pas porter : archive impossible (lancez pos journal verify)`);
    }
  };
  const doc = {
    '?xml': { '@version': '1.0', '@encoding': 'UTF-8' },
    journalArchive: {
      ...attrs({ formatVersion: ARCHIVE_FORMAT_VERSION, canonicalVersion: CANONICAL_VERSION, tillId: c.tillId, period: c.period, periodKind: c.periodKind, createdAt: c.createdAt }),
      keys: {
        key: c.keys.map((k) =>
          attrs({ keyNo: k.keyNo, publicKey: k.publicKey, firstSaleNumber: k.firstSaleNumber, firstClosingSeq: k.firstClosingSeq, firstAuditSeq: k.firstAuditSeq, employeeId: k.employeeId, createdAt: k.createdAt }),
        ),
      },
      sales: {
        ...attrs({ count: c.sales.length }),
        sale: c.sales.map((s) => {
          check(`la vente n° ${s.number}`, [s.ticketId, s.ticketDiscount, ...s.lines.flatMap((l) => [l.code, l.name]), ...s.payments.flatMap((p) => [p.method, p.reference])]);
          return {
            ...attrs({
              number: s.number, ticketId: s.ticketId, createdAt: s.createdAt, businessDate: s.businessDate, localTime: s.localTime,
              employeeId: s.employeeId, customerId: s.customerId, lineCount: s.lineCount, grossTotal: s.grossTotal, discountTotal: s.discountTotal,
              total: s.total, taxTotal: s.taxTotal, tenderedTotal: s.tenderedTotal, changeGiven: s.changeGiven, ticketDiscount: s.ticketDiscount,
              grandTotal: s.grandTotal, grandTotalAbs: s.grandTotalAbs, ...linked(s),
            }),
            line: s.lines.map((l) =>
              attrs({
                lineNo: l.lineNo, articleId: l.articleId, code: l.code, name: l.name, unit: l.unit, quantity: l.quantity, unitPrice: l.unitPrice,
                listPrice: l.listPrice, taxRateBp: l.taxRateBp, gross: l.gross, lineDiscount: l.lineDiscount, ticketDiscount: l.ticketDiscount,
                total: l.total, priceOverridden: l.priceOverridden ? 'true' : 'false',
              }),
            ),
            tax: s.taxes.map((t) => attrs({ rateBp: t.rateBp, total: t.total, tax: t.tax, base: t.base })),
            payment: s.payments.map((p) => attrs({ lineNo: p.lineNo, method: p.method, amount: p.amount, tendered: p.tendered, reference: p.reference })),
          };
        }),
      },
      closings: {
        ...attrs({ count: c.closings.length }),
        closing: c.closings.map((cl) => {
          check(`la clôture n° ${cl.seq}`, [cl.kind, cl.period, cl.totals]);
          return {
            ...attrs({
              seq: cl.seq, kind: cl.kind, period: cl.period, firstSaleNumber: cl.firstSaleNumber, lastSaleNumber: cl.lastSaleNumber,
              salesCount: cl.salesCount, total: cl.total, grandTotal: cl.grandTotal, cashExpected: cl.cashExpected, cashCounted: cl.cashCounted,
              employeeId: cl.employeeId, createdAt: cl.createdAt, lastSaleHash: cl.lastSaleHash, ...linked(cl),
            }),
            totals: cl.totals,
          };
        }),
      },
      events: {
        ...attrs({ count: c.events.length }),
        event: c.events.map((e) => {
          check(`l'événement n° ${e.seq}`, [e.kind, e.details]);
          return {
            ...attrs({
              seq: e.seq, kind: e.kind, code: technicalEventCode(e.kind), employeeId: e.employeeId, approverId: e.approverId,
              saleId: e.saleId, articleId: e.articleId, createdAt: e.createdAt, ...linked(e),
            }),
            details: e.details,
          };
        }),
      },
      archiveSignature: attrs({ algorithm: 'Ed25519', digestAlgorithm: 'SHA-256', keyNo: signature.keyNo, publicKey: signature.publicKey, digest: signature.digest, value: signature.value }),
    },
  };
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    format: true,
    suppressEmptyNode: true,
    processEntities: false,
    attributeValueProcessor: (_name, value) => escapeXml(value),
    tagValueProcessor: (_name, value) => escapeXml(value),
  });
  return builder.build(doc) as string;
}

/** Where something is wrong in an archive: the element, as an XPath-like name, and why. */
export interface ArchiveProblem {
  where: string;
  reason: string;
}

export class ArchiveReadError extends Error {
  constructor(readonly problem: ArchiveProblem) {
    super(`${problem.where} : ${problem.reason}`);
    this.name = 'ArchiveReadError';
  }
}

const LISTS = new Set(['key', 'sale', 'line', 'tax', 'payment', 'closing', 'event']);

type Node = Record<string, unknown>;

/** Reads an attribute as the XML has it; a missing one is null. */
function text(node: Node, name: string): string | null {
  const v = node[`@${name}`];
  return v === undefined ? null : String(v);
}

function reader(where: string, node: Node) {
  const fail = (name: string, what: string): never => {
    throw new ArchiveReadError({ where, reason: `attribut ${name} ${what}` });
  };
  const str = (name: string): string => text(node, name) ?? fail(name, 'absent');
  const optStr = (name: string): string | null => text(node, name);
  const int = (name: string): number => {
    const v = str(name);
    if (!/^-?\d{1,16}$/.test(v)) fail(name, `illisible (« ${v.slice(0, 40)} »)`);
    return Number(v);
  };
  const optInt = (name: string): number | null => (text(node, name) === null ? null : int(name));
  return { str, optStr, int, optInt };
}

function childText(node: Node, name: string, where: string): string {
  const v = node[name];
  if (v === undefined) throw new ArchiveReadError({ where, reason: `élément ${name} absent` });
  if (typeof v === 'object' && v !== null) {
    const t = (v as Node)['#text'];
    return t === undefined ? '' : String(t);
  }
  return String(v);
}

function list(node: Node | undefined, name: string): Node[] {
  const v = node?.[name];
  return Array.isArray(v) ? (v as Node[]) : [];
}

export interface ParsedArchive {
  content: ArchiveContent;
  signature: ArchiveSignature;
  /** what the file says of itself beside its entries (not signed: checked against them) */
  stated?: { sales: number; closings: number; events: number; codes: Array<string | null> };
}

/** Reads an archive's XML back into its content; throws ArchiveReadError naming the element that cannot be read. */
export function parseArchiveXml(xml: string): ParsedArchive {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    parseAttributeValue: false,
    parseTagValue: false,
    trimValues: false,
    htmlEntities: true,
    isArray: (name) => LISTS.has(name),
  });
  let doc: Node;
  try {
    doc = parser.parse(xml) as Node;
  } catch (err) {
    throw new ArchiveReadError({ where: 'fichier', reason: `XML illisible : ${(err as Error).message}` });
  }
  const root = doc.journalArchive as Node | undefined;
  if (!root || typeof root !== 'object') throw new ArchiveReadError({ where: '/journalArchive', reason: 'élément racine absent' });
  const r = reader('/journalArchive', root);
  const periodKind = r.str('periodKind');
  if (periodKind !== 'month' && periodKind !== 'year') throw new ArchiveReadError({ where: '/journalArchive', reason: `periodKind inconnu « ${periodKind} »` });
  const keys = list(root.keys as Node, 'key').map((k, i): ArchiveKey => {
    const a = reader(`/journalArchive/keys/key[${i + 1}]`, k);
    return { keyNo: a.int('keyNo'), publicKey: a.str('publicKey'), firstSaleNumber: a.int('firstSaleNumber'), firstClosingSeq: a.int('firstClosingSeq'), firstAuditSeq: a.int('firstAuditSeq'), employeeId: a.optInt('employeeId'), createdAt: a.str('createdAt') };
  });
  const link = (a: ReturnType<typeof reader>): Linked => ({ prevHash: a.str('prevHash'), hash: a.str('hash'), signature: a.optStr('signature') });
  const sales = list(root.sales as Node, 'sale').map((s, i): ArchiveSale => {
    const where = `/journalArchive/sales/sale[${i + 1}]`;
    const a = reader(where, s);
    return {
      number: a.int('number'), ticketId: a.str('ticketId'), createdAt: a.str('createdAt'), businessDate: a.str('businessDate'), localTime: a.str('localTime'),
      employeeId: a.int('employeeId'), customerId: a.optInt('customerId'), lineCount: a.int('lineCount'), grossTotal: a.int('grossTotal'),
      discountTotal: a.int('discountTotal'), total: a.int('total'), taxTotal: a.int('taxTotal'), tenderedTotal: a.int('tenderedTotal'),
      changeGiven: a.int('changeGiven'), ticketDiscount: a.str('ticketDiscount'), grandTotal: a.int('grandTotal'), grandTotalAbs: a.int('grandTotalAbs'),
      lines: list(s, 'line').map((l, j) => {
        const b = reader(`${where}/line[${j + 1}]`, l);
        return {
          lineNo: b.int('lineNo'), articleId: b.optInt('articleId'), code: b.str('code'), name: b.str('name'), unit: b.str('unit'), quantity: b.int('quantity'),
          unitPrice: b.int('unitPrice'), listPrice: b.int('listPrice'), taxRateBp: b.int('taxRateBp'), gross: b.int('gross'), lineDiscount: b.int('lineDiscount'),
          ticketDiscount: b.int('ticketDiscount'), total: b.int('total'), priceOverridden: ['true', '1'].includes(b.str('priceOverridden')),
        };
      }),
      taxes: list(s, 'tax').map((t, j) => {
        const b = reader(`${where}/tax[${j + 1}]`, t);
        return { rateBp: b.int('rateBp'), total: b.int('total'), tax: b.int('tax'), base: b.int('base') };
      }),
      payments: list(s, 'payment').map((p, j) => {
        const b = reader(`${where}/payment[${j + 1}]`, p);
        return { lineNo: b.int('lineNo'), method: b.str('method'), amount: b.int('amount'), tendered: b.int('tendered'), reference: b.str('reference') };
      }),
      ...link(a),
    };
  });
  const closings = list(root.closings as Node, 'closing').map((c, i): ArchiveClosing => {
    const where = `/journalArchive/closings/closing[${i + 1}]`;
    const a = reader(where, c);
    return {
      seq: a.int('seq'), kind: a.str('kind'), period: a.str('period'), firstSaleNumber: a.optInt('firstSaleNumber'), lastSaleNumber: a.optInt('lastSaleNumber'),
      salesCount: a.int('salesCount'), total: a.int('total'), grandTotal: a.int('grandTotal'), cashExpected: a.optInt('cashExpected'), cashCounted: a.optInt('cashCounted'),
      totals: childText(c, 'totals', where), employeeId: a.optInt('employeeId'), createdAt: a.str('createdAt'), lastSaleHash: a.optStr('lastSaleHash'), ...link(a),
    };
  });
  const events = list(root.events as Node, 'event').map((e, i): ArchiveEvent => {
    const where = `/journalArchive/events/event[${i + 1}]`;
    const a = reader(where, e);
    return {
      seq: a.int('seq'), kind: a.str('kind'), employeeId: a.optInt('employeeId'), approverId: a.optInt('approverId'), saleId: a.optInt('saleId'),
      articleId: a.optInt('articleId'), details: childText(e, 'details', where), createdAt: a.str('createdAt'), ...link(a),
    };
  });
  const sigNode = root.archiveSignature as Node | undefined;
  if (!sigNode || typeof sigNode !== 'object') throw new ArchiveReadError({ where: '/journalArchive/archiveSignature', reason: 'élément absent' });
  const sr = reader('/journalArchive/archiveSignature', sigNode);
  const countOf = (name: string) => reader(`/journalArchive/${name}`, (root[name] ?? {}) as Node).int('count');
  return {
    content: { tillId: r.int('tillId'), period: r.str('period'), periodKind, createdAt: r.str('createdAt'), keys, sales, closings, events },
    signature: { keyNo: sr.int('keyNo'), publicKey: sr.str('publicKey'), digest: sr.str('digest'), value: sr.str('value') },
    stated: {
      sales: countOf('sales'),
      closings: countOf('closings'),
      events: countOf('events'),
      codes: list(root.events as Node, 'event').map((e) => text(e, 'code')),
    },
  };
}

// --- checks -------------------------------------------------------------------

/** What an archive holds, for the report. */
export interface ArchiveSummary {
  tillId: number;
  period: string;
  sales: number;
  closings: number;
  events: number;
  keys: number;
  total: number;
}

export interface ArchiveCheck {
  summary: ArchiveSummary;
  problems: ArchiveProblem[];
}

interface DayFigures {
  count: number;
  total: number;
  first: number;
  last: number;
  byRate: Map<number, { total: number; tax: number }>;
}

/**
 * Checks an archive's content with nothing but itself: each chain's links
 * (every hash recomputed, each entry's previous hash the one before it, the
 * sales numbered without a gap and their grand totals adding up), every
 * signature against the archive's keys, each closing of the period against
 * the sales it covers, and the archive's own signature over its manifest.
 */
export function checkArchive(parsed: ParsedArchive): ArchiveCheck {
  const { content: c, signature } = parsed;
  const problems: ArchiveProblem[] = [];
  const add = (where: string, reason: string) => problems.push({ where, reason });
  const ring = new TillKeyRing(c.keys.map((k) => ({ ...k, tillId: c.tillId })));
  const period = parseArchivePeriod(c.period);
  if (!period || period.kind !== c.periodKind) add('/journalArchive/@period', `période « ${c.period} » illisible`);

  // Sales: numbered in order, linked, hashed, signed, grand totals running.
  c.sales.forEach((s, i) => {
    const where = `/journalArchive/sales/sale[${i + 1}] (vente n° ${s.number})`;
    const before = c.sales[i - 1];
    if (before && s.number !== before.number + 1) add(where, `vente n° ${before.number + 1} manquante (suivante trouvée : n° ${s.number})`);
    if (before && s.prevHash !== before.hash) add(where, `lien rompu : empreinte précédente différente de celle de la vente n° ${before.number}`);
    if (chainHash(s.prevHash, canonicalSale({ ...s, tillId: c.tillId })) !== s.hash) add(where, 'empreinte différente : la vente a été modifiée (montant, ligne, TVA, paiement ou date)');
    if (before && (s.grandTotal !== before.grandTotal + s.total || s.grandTotalAbs !== before.grandTotalAbs + Math.abs(s.total))) {
      add(where, `grand total perpétuel ${s.grandTotal} au lieu de ${before.grandTotal + s.total}`);
    }
    const bad = ring.problem('sales', s.number, s.hash, s.signature);
    if (bad) add(where, bad);
  });
  const seqChain = (chain: 'closings' | 'audit', entries: Array<(ArchiveClosing | ArchiveEvent) & { seq: number }>, element: string, what: string, canonical: (e: never) => string) => {
    entries.forEach((e, i) => {
      const where = `/journalArchive/${element}[${i + 1}] (${what} n° ${e.seq})`;
      const before = entries[i - 1];
      if (before && e.seq !== before.seq + 1) add(where, `${what} n° ${before.seq + 1} manquant(e) (suivant(e) trouvé(e) : n° ${e.seq})`);
      if (before && e.prevHash !== before.hash) add(where, `lien rompu : empreinte précédente différente de celle du n° ${before.seq}`);
      if (chainHash(e.prevHash, canonical(e as never)) !== e.hash) add(where, `empreinte différente : ${what} modifié(e)`);
      const bad = ring.problem(chain, e.seq, e.hash, e.signature);
      if (bad) add(where, bad);
    });
  };
  seqChain('closings', c.closings, 'closings/closing', 'clôture', (e: ArchiveClosing) => canonicalClosing({ ...e, tillId: c.tillId }));
  seqChain('audit', c.events, 'events/event', 'événement', (e: ArchiveEvent) => canonicalAuditEvent({ ...e, tillId: c.tillId }));

  // The closings of the period against the sales the archive holds.
  const days = new Map<string, DayFigures>();
  const byNumber = new Map(c.sales.map((s) => [s.number, s]));
  for (const s of c.sales) {
    const d = days.get(s.businessDate) ?? { count: 0, total: 0, first: s.number, last: s.number, byRate: new Map() };
    d.count += 1;
    d.total += s.total;
    d.first = Math.min(d.first, s.number);
    d.last = Math.max(d.last, s.number);
    for (const t of s.taxes) {
      const r = d.byRate.get(t.rateBp) ?? { total: 0, tax: 0 };
      r.total += t.total;
      r.tax += t.tax;
      d.byRate.set(t.rateBp, r);
    }
    days.set(s.businessDate, d);
  }
  const inPeriod = (p: string) => p === c.period || p.startsWith(`${c.period}-`);
  let periodClosing: ArchiveClosing | null = null;
  c.closings.forEach((cl, i) => {
    if (!inPeriod(cl.period)) return;
    const where = `/journalArchive/closings/closing[${i + 1}] (clôture n° ${cl.seq}, ${cl.kind} ${cl.period})`;
    if (cl.kind === c.periodKind && cl.period === c.period) periodClosing = cl;
    let count = 0;
    let total = 0;
    let byRate = new Map<number, { total: number; tax: number }>();
    if (cl.kind === 'day') {
      const d = days.get(cl.period);
      count = d?.count ?? 0;
      total = d?.total ?? 0;
      byRate = d?.byRate ?? byRate;
      if (d && (cl.firstSaleNumber !== d.first || cl.lastSaleNumber !== d.last)) {
        add(where, `ventes n° ${cl.firstSaleNumber ?? '-'} à ${cl.lastSaleNumber ?? '-'} au lieu de n° ${d.first} à ${d.last}`);
      }
    } else {
      // A month or year closing adds up the day closings of its period.
      for (const day of c.closings.filter((x) => x.kind === 'day' && x.period.startsWith(`${cl.period}-`))) {
        count += day.salesCount;
        total += day.total;
      }
    }
    if (cl.salesCount !== count) add(where, `${cl.salesCount} ventes annoncées, ${count} dans l'archive`);
    if (cl.total !== total) add(where, `total ${cl.total} annoncé, ${total} dans l'archive`);
    if (cl.lastSaleNumber !== null) {
      const last = byNumber.get(cl.lastSaleNumber);
      if (!last) add(where, `dernière vente n° ${cl.lastSaleNumber} absente de l'archive`);
      else {
        if (cl.lastSaleHash && cl.lastSaleHash !== last.hash) add(where, `empreinte de la dernière vente n° ${cl.lastSaleNumber} différente`);
        if (cl.grandTotal !== last.grandTotal) add(where, `grand total perpétuel ${cl.grandTotal} au lieu de ${last.grandTotal} (vente n° ${last.number})`);
      }
    }
    if (cl.kind === 'day') {
      let stated: Array<{ rateBp: number; total: number; tax: number }> = [];
      try {
        stated = (JSON.parse(cl.totals) as { byRate?: typeof stated }).byRate ?? [];
      } catch {
        add(where, 'totaux illisibles (JSON)');
      }
      const statedMap = new Map(stated.map((r) => [r.rateBp, r]));
      for (const rate of new Set([...statedMap.keys(), ...byRate.keys()])) {
        const a = statedMap.get(rate);
        const b = byRate.get(rate);
        if ((a?.total ?? 0) !== (b?.total ?? 0) || (a?.tax ?? 0) !== (b?.tax ?? 0)) {
          add(where, `TVA ${String(rate / 100).replace('.', ',')} % : ${a?.tax ?? 0} annoncé, ${b?.tax ?? 0} dans les ventes`);
        }
      }
    }
  });
  if (!periodClosing) add('/journalArchive/closings', `clôture ${c.periodKind === 'month' ? 'mensuelle' : 'annuelle'} ${c.period} absente`);

  // What the file says beside its entries: its counts and each event's code (derived, so not signed).
  if (parsed.stated) {
    const st = parsed.stated;
    if (st.sales !== c.sales.length) add('/journalArchive/sales/@count', `${st.sales} annoncées, ${c.sales.length} dans le fichier`);
    if (st.closings !== c.closings.length) add('/journalArchive/closings/@count', `${st.closings} annoncées, ${c.closings.length} dans le fichier`);
    if (st.events !== c.events.length) add('/journalArchive/events/@count', `${st.events} annoncés, ${c.events.length} dans le fichier`);
    c.events.forEach((e, i) => {
      const code = technicalEventCode(e.kind);
      if ((st.codes[i] ?? null) !== code) add(`/journalArchive/events/event[${i + 1}]/@code (événement n° ${e.seq})`, `code ${st.codes[i] ?? 'absent'} au lieu de ${code ?? 'aucun'} pour « ${e.kind} »`);
    });
  }

  // The archive's own signature: its manifest rebuilt from what the file holds.
  const where = '/journalArchive/archiveSignature';
  const digest = archiveDigest(c);
  const key = c.keys.find((k) => k.keyNo === signature.keyNo);
  if (digest !== signature.digest) add(where, 'empreinte de l\'archive différente : une entrée a été ajoutée, retirée ou modifiée depuis sa signature');
  if (!key || key.publicKey !== signature.publicKey) add(where, `clé n° ${signature.keyNo} absente des clés de l'archive`);
  else if (!signatureChecker(key.publicKey)(signature.digest, signature.value)) add(where, 'signature de l\'archive invalide');

  return {
    summary: {
      tillId: c.tillId,
      period: c.period,
      sales: c.sales.length,
      closings: c.closings.length,
      events: c.events.length,
      keys: c.keys.length,
      total: c.sales.filter((s) => inPeriod(s.businessDate)).reduce((a, s) => a + s.total, 0),
    },
    problems,
  };
}
