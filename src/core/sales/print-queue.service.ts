// Print jobs that have not reached the paper yet. A receipt is queued in the
// database before it is sent, so a printer that is off, out of paper or
// unplugged loses nothing: the job waits and prints when the printer answers.
// A sale's receipt job is written by the sale's own transaction with an empty
// payload: it is rendered from the stored sale when it prints (see
// sale-duties.ts). A job is printed only once the printer confirmed it.
import type { Knex } from 'knex';
import { appendAuditEvent } from '../fiscal/audit.service.js';
import type { Clock } from '../basics/clock.js';
import { reprintAfterUncertainSend } from './sale-duties.js';
import { writeTransaction } from '../basics/transaction.service.js';
import { insertId } from '../basics/rows.service.js';
import { num, numOrNull } from '../basics/row-values.js';

export type PrintJobKind = 'receipt' | 'duplicate' | 'closing' | 'label' | 'order' | 'test';

export interface PrintJob {
  id: number;
  kind: PrintJobKind;
  saleId: number | null;
  /** empty for a sale's receipt: rendered from the sale at print time */
  bytes: Buffer;
  /** the DUPLICATA number to print (0: the original receipt) */
  duplicate: number;
  attempts: number;
  lastError: string;
  createdAt: string;
  /** set while bytes may be on their way to the printer, unconfirmed */
  sentAt: string | null;
}

function toJob(r: Record<string, unknown>): PrintJob {
  return {
    id: num(r.id),
    kind: String(r.kind) as PrintJobKind,
    saleId: numOrNull(r.sale_id),
    bytes: Buffer.from(String(r.payload), 'base64'),
    duplicate: num(r.duplicate ?? 0),
    attempts: num(r.attempts),
    lastError: String(r.last_error),
    createdAt: String(r.created_at),
    sentAt: r.sent_at === null || r.sent_at === undefined ? null : String(r.sent_at),
  };
}

/** The receipt a sale owes, written in the sale's transaction (nothing to encode there: the core has no printer). */
export async function oweReceiptJob(trx: Knex, tillId: number, saleId: number, at: Date): Promise<void> {
  await trx('print_jobs').insert({ till_id: tillId, kind: 'receipt', sale_id: saleId, payload: '', status: 'pending', created_at: at.toISOString() });
}

/** Who asked for a DUPLICATA (and who allowed it), with what the audit event adds. */
export interface DuplicateOrderedBy {
  employeeId: number | null;
  approverId?: number | null;
  details?: Record<string, unknown>;
}

export class PrintQueueService {
  constructor(private readonly knex: Knex, private readonly clock: Clock, private readonly tillId: number) {}

  async enqueue(kind: PrintJobKind, bytes: Buffer, saleId: number | null = null): Promise<PrintJob> {
    const id = await insertId(this.knex, 'print_jobs', {
      till_id: this.tillId,
      kind,
      sale_id: saleId,
      payload: bytes.toString('base64'),
      status: 'pending',
      created_at: this.clock().toISOString(),
    });
    return (await this.get(id))!;
  }

  /**
   * A DUPLICATA of a sale's receipt asked for by someone: its number (one
   * more than the sale's reprints so far), its `reprint` audit event and its
   * print job are written in one transaction, so there is never a copy on
   * paper that the audit trail does not name, nor an event without its job.
   * The job carries no bytes: it is rendered from the stored sale.
   */
  async orderDuplicate(saleId: number, by: DuplicateOrderedBy): Promise<{ job: PrintJob; duplicate: number }> {
    const id = await writeTransaction(this.knex, async (trx) => {
      const now = this.clock();
      const duplicate = await this.numberDuplicate(trx, saleId, by, now);
      return insertId(trx, 'print_jobs', { till_id: this.tillId, kind: 'duplicate', sale_id: saleId, payload: '', duplicate, status: 'pending', created_at: now.toISOString() });
    });
    const job = (await this.get(id))!;
    return { job, duplicate: job.duplicate };
  }

  /**
   * A DUPLICATA printed by a till offline (its receipts wait in memory, not in
   * print_jobs): its number and its `reprint` event in one transaction, so two
   * copies can't get the same number. Returns the number to print.
   */
  async recordOfflineDuplicate(saleId: number, by: DuplicateOrderedBy): Promise<number> {
    return writeTransaction(this.knex, (trx) => this.numberDuplicate(trx, saleId, by, this.clock()));
  }

  /** The next DUPLICATA number of a sale (one more than its reprints so far), recorded as its `reprint` event. */
  private async numberDuplicate(trx: Knex, saleId: number, by: DuplicateOrderedBy, at: Date): Promise<number> {
    const duplicate = (await countReprints(trx, this.tillId, saleId)) + 1;
    await appendAuditEvent(trx, this.tillId, { kind: 'reprint', employeeId: by.employeeId, approverId: by.approverId ?? null, saleId, details: { ...by.details, duplicate } }, at);
    return duplicate;
  }

  async get(id: number): Promise<PrintJob | null> {
    const row = await this.knex('print_jobs').where({ id }).first();
    return row ? toJob(row) : null;
  }

  /** Jobs still to print, oldest first. */
  async pending(): Promise<PrintJob[]> {
    return (await this.knex('print_jobs').where({ till_id: this.tillId, status: 'pending' }).orderBy('id')).map(toJob);
  }

  async countPending(): Promise<number> {
    const row = await this.knex('print_jobs').where({ till_id: this.tillId, status: 'pending' }).count({ n: '*' }).first();
    return num(row?.n ?? 0);
  }

  /** The print jobs of a sale (tests, support). */
  async ofSale(saleId: number): Promise<PrintJob[]> {
    return (await this.knex('print_jobs').where({ sale_id: saleId }).orderBy('id')).map(toJob);
  }

  /** Bytes are about to leave for the printer: from now until confirmed, a death leaves the job uncertain. */
  async markSending(id: number): Promise<void> {
    await this.knex('print_jobs').where({ id }).update({ sent_at: this.clock().toISOString() });
  }

  async markPrinted(id: number): Promise<void> {
    await this.knex('print_jobs').where({ id }).update({ status: 'printed', printed_at: this.clock().toISOString(), sent_at: null });
  }

  /**
   * The print failed. When no byte left (printer unreachable, not answering,
   * out of paper) the job simply waits; when some may have reached the paper,
   * see requeueAfterUncertainSend.
   */
  async markFailed(id: number, error: string, sent = false): Promise<void> {
    if (sent) return this.requeueAfterUncertainSend(id, error);
    await this.knex('print_jobs')
      .where({ id })
      .update({ attempts: this.knex.raw('attempts + 1'), last_error: error.slice(0, 200), sent_at: null });
  }

  /**
   * Jobs a killed till left half-sent (sent_at set, never confirmed): each is
   * requeued as after an uncertain send. Run once when the till starts,
   * before printing. Returns how many there were.
   */
  async recoverInterrupted(): Promise<number> {
    const rows = await this.knex('print_jobs').where({ till_id: this.tillId, status: 'pending' }).whereNotNull('sent_at').select('id');
    for (const r of rows) await this.requeueAfterUncertainSend(num(r.id), 'envoi interrompu');
    return rows.length;
  }

  /**
   * Bytes may have printed, unconfirmed: the job goes back to the queue. A
   * sale's receipt comes back as its next DUPLICATA, with a `reprint` audit
   * event (reason uncertain-send) in the same transaction, so the paper and
   * the audit trail both say a copy may exist.
   */
  private async requeueAfterUncertainSend(id: number, error: string): Promise<void> {
    await writeTransaction(this.knex, async (trx) => {
      const row = await trx('print_jobs').where({ id, status: 'pending' }).whereNotNull('sent_at').first();
      if (!row) return;
      const job = toJob(row);
      const base = { attempts: job.attempts + 1, last_error: error.slice(0, 200), sent_at: null };
      const duplicates = job.saleId === null ? 0 : await countReprints(trx, this.tillId, job.saleId);
      const reprint = reprintAfterUncertainSend(job, duplicates);
      if (!reprint) {
        await trx('print_jobs').where({ id }).update(base);
        return;
      }
      await appendAuditEvent(trx, this.tillId, { kind: 'reprint', saleId: job.saleId, details: { duplicate: reprint.duplicate, reason: 'uncertain-send' } }, this.clock());
      await trx('print_jobs').where({ id }).update({ ...base, kind: 'duplicate', payload: '', duplicate: reprint.duplicate });
    });
  }
}

async function countReprints(trx: Knex, tillId: number, saleId: number): Promise<number> {
  const row = await trx('audit_events').where({ till_id: tillId, kind: 'reprint', sale_id: saleId }).count({ n: '*' }).first();
  return num(row?.n ?? 0);
}
