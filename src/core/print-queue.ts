// Print jobs that have not reached the paper yet. A receipt is queued in the
// database before it is sent, so a printer that is off, out of paper or
// unplugged loses nothing: the job waits and prints when the printer answers.
import type { Knex } from 'knex';
import type { Clock } from './clock.js';
import { insertId, num, numOrNull } from './rows.js';

export type PrintJobKind = 'receipt' | 'duplicate' | 'closing' | 'label' | 'order' | 'test';

export interface PrintJob {
  id: number;
  kind: PrintJobKind;
  saleId: number | null;
  bytes: Buffer;
  attempts: number;
  lastError: string;
  createdAt: string;
}

function toJob(r: Record<string, unknown>): PrintJob {
  return {
    id: num(r.id),
    kind: String(r.kind) as PrintJobKind,
    saleId: numOrNull(r.sale_id),
    bytes: Buffer.from(String(r.payload), 'base64'),
    attempts: num(r.attempts),
    lastError: String(r.last_error),
    createdAt: String(r.created_at),
  };
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

  async markPrinted(id: number): Promise<void> {
    await this.knex('print_jobs').where({ id }).update({ status: 'printed', printed_at: this.clock().toISOString() });
  }

  async markFailed(id: number, error: string): Promise<void> {
    await this.knex('print_jobs')
      .where({ id })
      .update({ attempts: this.knex.raw('attempts + 1'), last_error: error.slice(0, 200) });
  }
}
