// The local outbox of a till selling through an outage: one row a sale made
// offline, written in the same local transaction as the sale itself, and
// replayed on the server in `id` order when it answers again. A row is marked
// sent only after the server committed the replay; the sale's origin uuid
// makes a second replay harmless (see OfflineTill.drain).
import type { Knex } from 'knex';
import type { Clock } from '../basics/clock.js';
import type { Tender } from '../sales/payment.js';
import { num, numOrNull } from '../basics/row-values.js';
import type { Sale } from '../sales/sales.service.js';
import type { Ticket } from '../sales/ticket.js';

/** What the server needs to complete the same sale again. */
export interface OutboxPayload {
  ticket: Ticket;
  tenders: Tender[];
  employeeId: number;
  /** the sale's instant (ISO, UTC) */
  at: string;
}

export interface OutboxEntry {
  id: number;
  originUuid: string;
  tillId: number;
  payload: OutboxPayload;
  saleNumber: number;
  saleHash: string;
  createdAt: string;
  sentAt: string | null;
  serverNumber: number | null;
  serverHash: string | null;
  lastError: string | null;
}

function rowToEntry(r: Record<string, unknown>): OutboxEntry {
  return {
    id: num(r.id),
    originUuid: String(r.origin_uuid),
    tillId: num(r.till_id),
    payload: JSON.parse(String(r.payload)) as OutboxPayload,
    saleNumber: num(r.sale_number),
    saleHash: String(r.sale_hash),
    createdAt: String(r.created_at),
    sentAt: r.sent_at === null || r.sent_at === undefined ? null : String(r.sent_at),
    serverNumber: numOrNull(r.server_number),
    serverHash: r.server_hash === null || r.server_hash === undefined ? null : String(r.server_hash),
    lastError: r.last_error === null || r.last_error === undefined ? null : String(r.last_error),
  };
}

/** Writes the outbox row of a sale just made offline; call inside the sale's transaction. */
export async function recordOutbox(trx: Knex, sale: Sale, originUuid: string, payload: OutboxPayload): Promise<void> {
  await trx('outbox').insert({
    origin_uuid: originUuid,
    till_id: sale.tillId,
    payload: JSON.stringify(payload),
    sale_number: sale.number,
    sale_hash: sale.hash,
    created_at: sale.createdAt,
  });
}

export class OutboxService {
  constructor(private readonly knex: Knex, private readonly clock: Clock) {}

  /** Sales still to send, in the order they were made. */
  async pending(): Promise<OutboxEntry[]> {
    return (await this.knex('outbox').whereNull('sent_at').orderBy('id')).map(rowToEntry);
  }

  async list(limit = 100): Promise<OutboxEntry[]> {
    return (await this.knex('outbox').orderBy('id', 'desc').limit(limit)).map(rowToEntry);
  }

  async pendingCount(): Promise<number> {
    const row = await this.knex('outbox').whereNull('sent_at').count({ n: '*' }).first();
    return num(row?.n ?? 0);
  }

  async markSent(id: number, server: { number: number; hash: string }): Promise<void> {
    await this.knex('outbox')
      .where({ id })
      .update({ sent_at: this.clock().toISOString(), server_number: server.number, server_hash: server.hash, last_error: null });
  }

  async markError(id: number, message: string): Promise<void> {
    await this.knex('outbox').where({ id }).update({ last_error: message.slice(0, 500) });
  }
}
