// `pos journal archive` and `pos journal verify-archive`: the NF525 archive
// of a closed period of one till (journal-archive.ts builds and checks it).
// Writing reads the period's rows, signs the archive with the till's key and
// appends the archiving event to the till's audit chain in one transaction;
// the file is written beside its final name first and renamed only once the
// event is committed, so a crash leaves either no archive or an archive the
// chain records. Nothing is deleted: the archive is a copy (NF525 keeps the
// data six years in the till's database as well).
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Knex } from 'knex';
import { localMidnight } from '../basics/clock.js';
import { InputError, NotFoundError, ValidationError } from '../basics/errors.js';
import { num } from '../basics/row-values.js';
import { writeTransaction } from '../basics/transaction.service.js';
import { rowToSaleHead, rowToSaleLine } from '../sales/sale-rows.js';
import { appendAuditEvent, rowToAuditEvent } from './audit.service.js';
import {
  archiveDigest,
  buildArchiveXml,
  checkArchive,
  parseArchivePeriod,
  parseArchiveXml,
  ArchiveReadError,
  type ArchiveCheck,
  type ArchiveClosing,
  type ArchiveContent,
  type ArchiveEvent,
  type ArchiveProblem,
  type ArchiveSale,
} from './journal-archive.js';
import { currentSigner, tillKeys } from './journal-keys.service.js';
import { rowToCanonicalClosing } from './journal.js';
import { TECHNICAL_EVENTS } from './technical-events.js';

export const ARCHIVE_SCHEMA_NAME = 'journal-archive.xsd';

/** The XSD shipped with the program: schemas/ at the top of the project, found up from this module (src/, dist/src/ or dist/bundle/). */
export function shippedArchiveSchemaPath(): string {
  for (let dir = dirname(fileURLToPath(import.meta.url)); ; dir = dirname(dir)) {
    const candidate = join(dir, 'schemas', ARCHIVE_SCHEMA_NAME);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) throw new Error(`schéma ${ARCHIVE_SCHEMA_NAME} introuvable (dossier schemas/ du programme)`);
  }
}

/** The name a file is written under before it is renamed to its own. */
const tempOf = (path: string) => `${path}.tmp-${process.pid}`;

/** Writes a file under its temporary name, flushed to disk (a crashed run's leftover there is replaced). */
function writeSynced(temp: string, text: string): void {
  rmSync(temp, { force: true });
  const fd = openSync(temp, 'wx', 0o644);
  try {
    writeFileSync(fd, text, 'utf8');
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes a file beside its final name, then renames it over: readers see the old file or the whole new one. */
function writeFileAtomically(path: string, text: string): void {
  writeSynced(tempOf(path), text);
  renameSync(tempOf(path), path);
}

export interface ArchiveResult {
  path: string;
  schemaPath: string;
  digest: string;
  sales: number;
  closings: number;
  events: number;
  /** the seq of the archiving event in the till's audit chain */
  eventSeq: number;
}

/** Reads a contiguous stretch [from, to] of a chain (seq or sale number) of the till. */
async function stretch(trx: Knex, table: string, column: string, tillId: number, range: { lo?: unknown; hi?: unknown } | undefined) {
  if (!range || range.lo === null || range.lo === undefined) return [] as Array<Record<string, unknown>>;
  return (await trx(table)
    .where({ till_id: tillId })
    .andWhere(column, '>=', num(range.lo))
    .andWhere(column, '<=', num(range.hi))
    .orderBy(column)) as Array<Record<string, unknown>>;
}

/**
 * The period's entries of each chain of the till, as a contiguous stretch
 * (from the first entry of the period to its last, with any entry between),
 * so each link can be checked from the archive alone.
 */
async function readContent(trx: Knex, tillId: number, period: NonNullable<ReturnType<typeof parseArchivePeriod>>, at: Date): Promise<ArchiveContent> {
  const inDays = (q: Knex.QueryBuilder, column: string) => q.where({ till_id: tillId }).andWhere(column, '>=', period.firstDay).andWhere(column, '<', period.nextDay);
  const saleRange = await inDays(trx('sales'), 'business_date').min({ lo: 'number' }).max({ hi: 'number' }).first();
  const saleRows = await stretch(trx, 'sales', 'number', tillId, saleRange);
  const ofSales = (table: string, alias: string, order: string[]) =>
    saleRows.length === 0
      ? Promise.resolve([] as Array<Record<string, unknown>>)
      : (trx(`${table} as ${alias}`)
          .join('sales as s', 's.id', `${alias}.sale_id`)
          .where('s.till_id', tillId)
          .andWhere('s.number', '>=', num(saleRows[0]!.number))
          .andWhere('s.number', '<=', num(saleRows[saleRows.length - 1]!.number))
          .orderBy(order)
          .select(`${alias}.*`) as Promise<Array<Record<string, unknown>>>);
  const [lineRows, taxRows, paymentRows] = await Promise.all([
    ofSales('sale_lines', 'l', ['l.sale_id', 'l.line_no']),
    ofSales('sale_taxes', 't', ['t.sale_id', 't.rate_bp']),
    ofSales('payments', 'p', ['p.sale_id', 'p.line_no']),
  ]);
  const group = (rows: Array<Record<string, unknown>>) => {
    const m = new Map<number, Array<Record<string, unknown>>>();
    for (const r of rows) {
      const id = num(r.sale_id);
      const list = m.get(id) ?? [];
      list.push(r);
      m.set(id, list);
    }
    return m;
  };
  const linesOf = group(lineRows);
  const taxesOf = group(taxRows);
  const paymentsOf = group(paymentRows);
  const signatureOf = (r: Record<string, unknown>) => (r.signature === null || r.signature === undefined ? null : String(r.signature));
  const sales = saleRows.map((r): ArchiveSale => {
    const { id, tillId: _till, prevHash, hash, ...head } = rowToSaleHead(r);
    return {
      ...head,
      lines: (linesOf.get(id) ?? []).map((l) => {
        const x = rowToSaleLine(l);
        return {
          lineNo: x.lineNo, articleId: x.articleId, code: x.code, name: x.name, unit: x.unit, quantity: x.quantity, unitPrice: x.unitPrice,
          listPrice: x.listPrice, taxRateBp: x.taxRateBp, gross: x.gross, lineDiscount: x.lineDiscount, ticketDiscount: x.ticketDiscount,
          total: x.total, priceOverridden: x.priceOverridden,
        };
      }),
      taxes: (taxesOf.get(id) ?? []).map((t) => ({ rateBp: num(t.rate_bp), total: num(t.total), tax: num(t.tax), base: num(t.base) })),
      payments: (paymentsOf.get(id) ?? []).map((p) => ({ lineNo: num(p.line_no), method: String(p.method), amount: num(p.amount), tendered: num(p.tendered), reference: String(p.reference) })),
      prevHash,
      hash,
      signature: signatureOf(r),
    };
  });
  // The period's closings: its days, its months (in a year), and its own.
  const closingRange = await trx('closings')
    .where({ till_id: tillId })
    .andWhere((q) => {
      q.where('period', period.period).orWhere('period', 'like', `${period.period}-%`);
    })
    .min({ lo: 'seq' })
    .max({ hi: 'seq' })
    .first();
  const closings = (await stretch(trx, 'closings', 'seq', tillId, closingRange)).map((r): ArchiveClosing => {
    const { tillId: _till, ...c } = rowToCanonicalClosing(r);
    return { ...c, prevHash: String(r.prev_hash), hash: String(r.hash), signature: signatureOf(r) };
  });
  // Audit events are dated by their instant: those between the period's first and last local midnight.
  const eventRange = await trx('audit_events')
    .where({ till_id: tillId })
    .andWhere('created_at', '>=', localMidnight(period.firstDay))
    .andWhere('created_at', '<', localMidnight(period.nextDay))
    .min({ lo: 'seq' })
    .max({ hi: 'seq' })
    .first();
  const events = (await stretch(trx, 'audit_events', 'seq', tillId, eventRange)).map((r): ArchiveEvent => {
    const { tillId: _till, id: _id, ...e } = rowToAuditEvent(r);
    return { ...e, signature: signatureOf(r) };
  });
  const keys = (await tillKeys(trx, tillId)).map(({ tillId: _till, ...k }) => k);
  return { tillId, period: period.period, periodKind: period.kind, createdAt: at.toISOString(), keys, sales, closings, events };
}

/** The archive's default file name: journal-caisse<till>-<period>.xml in the current folder. */
export function defaultArchivePath(tillId: number, period: string): string {
  return resolve(`journal-caisse${tillId}-${period}.xml`);
}

/**
 * Writes the signed archive of a closed period of the till, with a copy of
 * its XSD beside it, and records the archiving in the till's audit chain
 * under the employee's name. Refuses a bad period, a period not closed yet,
 * and a file that already exists (an archive is never overwritten).
 */
export async function writeJournalArchive(
  knex: Knex,
  input: { tillId: number; period: string; employeeId: number; at: Date; path?: string },
): Promise<ArchiveResult> {
  const period = parseArchivePeriod(input.period);
  if (!period) throw new InputError(`Période invalide : « ${input.period.slice(0, 40)} » (un mois AAAA-MM ou une année AAAA)`);
  const path = resolve(input.path ?? defaultArchivePath(input.tillId, period.period));
  if (existsSync(path)) throw new InputError(`Le fichier ${path} existe déjà : une archive n'est jamais remplacée ; choisissez un autre nom avec --out`);
  if (!existsSync(dirname(path))) throw new InputError(`Dossier introuvable : ${dirname(path)}`);
  const schemaPath = join(dirname(path), ARCHIVE_SCHEMA_NAME);
  const schema = readFileSync(shippedArchiveSchemaPath(), 'utf8');
  const temp = tempOf(path);
  try {
    const result = await writeTransaction(knex, async (trx) => {
      const till = await trx('tills').where({ id: input.tillId }).first('id');
      if (!till) throw new NotFoundError(`Caisse ${input.tillId} inconnue`);
      const closed = await trx('closings').where({ till_id: input.tillId, kind: period.kind, period: period.period }).first('seq');
      if (!closed) {
        const how = period.kind === 'month' ? `pos closing month ${period.period}` : `pos closing year ${period.period}`;
        throw new ValidationError(
          `La période ${period.period} n'est pas clôturée sur la caisse ${input.tillId} : faites d'abord sa clôture ${period.kind === 'month' ? 'mensuelle' : 'annuelle'} (${how}), puis archivez-la`,
        );
      }
      const content = await readContent(trx, input.tillId, period, input.at);
      const signer = await currentSigner(trx, input.tillId);
      const key = content.keys.find((k) => k.publicKey === signer.publicKey);
      // currentSigner may just have made the till's first key: read the ring again then.
      if (!key) content.keys = (await tillKeys(trx, input.tillId)).map(({ tillId: _till, ...k }) => k);
      const keyNo = content.keys.find((k) => k.publicKey === signer.publicKey)!.keyNo;
      const digest = archiveDigest(content);
      let xml: string;
      try {
        xml = buildArchiveXml(content, { keyNo, publicKey: signer.publicKey, digest, value: signer.sign(digest) });
      } catch (err) {
        throw new ValidationError((err as Error).message);
      }
      // The file first (not yet under its name), then the event: the event never names a file that could not be written.
      writeSynced(temp, xml);
      const event = await appendAuditEvent(
        trx,
        input.tillId,
        {
          kind: period.kind === 'month' ? TECHNICAL_EVENTS.ARCHIVE_MONTH : TECHNICAL_EVENTS.ARCHIVE_YEAR,
          employeeId: input.employeeId,
          details: { period: period.period, file: basename(path), digest, sales: content.sales.length, closings: content.closings.length, events: content.events.length },
        },
        input.at,
      );
      return { path, schemaPath, digest, sales: content.sales.length, closings: content.closings.length, events: content.events.length, eventSeq: event.seq };
    });
    renameSync(temp, path);
    writeFileAtomically(schemaPath, schema);
    return result;
  } finally {
    rmSync(temp, { force: true });
  }
}

export interface ArchiveVerification {
  /** what xmllint said against the shipped XSD (empty: the file follows the schema) */
  schemaErrors: ArchiveProblem[];
  check: ArchiveCheck | null;
  ok: boolean;
}

/** Checks an archive file with nothing but the file and the XSD shipped with the program: no database. */
export async function verifyArchiveFile(path: string): Promise<ArchiveVerification> {
  let xml: string;
  try {
    xml = readFileSync(path, 'utf8');
  } catch (err) {
    throw new InputError(`Archive illisible : ${path} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  const schema = readFileSync(shippedArchiveSchemaPath(), 'utf8');
  const { validateXML } = await import('xmllint-wasm');
  const fileName = 'archive.xml';
  const validation = await validateXML({ xml: [{ fileName, contents: xml }], schema: [{ fileName: ARCHIVE_SCHEMA_NAME, contents: schema }], maxMemoryPages: 16384 });
  const schemaErrors = validation.errors.map((e) => ({
    where: `ligne ${e.loc?.lineNumber ?? '?'}`,
    reason: e.message.trim(),
  }));
  // A file that does not follow the schema is not read further: its structure cannot be trusted.
  if (schemaErrors.length > 0) return { schemaErrors, check: null, ok: false };
  let check: ArchiveCheck;
  try {
    check = checkArchive(parseArchiveXml(xml));
  } catch (err) {
    if (err instanceof ArchiveReadError) return { schemaErrors: [err.problem], check: null, ok: false };
    throw err;
  }
  return { schemaErrors, check, ok: check.problems.length === 0 };
}
