// The queue of supplier orders owed by e-mail (table order_mails). A row is
// written by the order's own send transaction (queueOrderMail), so no sent
// order loses its e-mail to a crash; a runner (order-mail-delivery.service.ts)
// claims the due rows, tries them, and records the outcome here: sent with
// the server's Message-ID, or still queued with the reason and the time of
// the next try, until MAX_MAIL_ATTEMPTS gives it up as failed.
import type { Knex } from 'knex';
import type { Clock } from '../basics/clock.js';
import { num } from '../basics/row-values.js';
import { CANCELLED_BEFORE_MAIL, MAIL_CLAIM_MS, MAX_MAIL_ATTEMPTS, retryDelayMs, type OrderMailState, type OrderMailStatus } from './order-mail.js';

/** A queue row with its order, as `pos orders mail` lists it. */
export interface QueuedOrderMail extends OrderMailStatus {
  id: number;
  orderId: number;
  reference: string;
  supplierId: number;
  supplierName: string;
}

function toStatus(r: Record<string, unknown>): OrderMailStatus {
  const text = (v: unknown) => (v === null || v === undefined ? null : String(v));
  return {
    state: String(r.state) as OrderMailState,
    recipient: String(r.recipient),
    error: text(r.last_error),
    attempts: num(r.attempts),
    sentAt: text(r.sent_at),
    nextTryAt: text(r.next_try_at),
    messageId: text(r.message_id),
  };
}

/**
 * Inside the send's transaction: the order's e-mail is owed. A supplier
 * without an address gets a 'no_address' row: the order is sent as before
 * (its files), and the queue says why no e-mail went.
 */
export async function queueOrderMail(trx: Knex, orderId: number, supplier: { name: string; email: string }, at: Date): Promise<void> {
  const recipient = supplier.email.trim();
  await trx('order_mails').insert({
    order_id: orderId,
    recipient,
    state: recipient ? 'queued' : 'no_address',
    attempts: 0,
    last_error: recipient ? null : `${supplier.name} n'a pas d'adresse e-mail : envoyez-lui les fichiers du bon`,
    next_try_at: recipient ? at.toISOString() : null,
    created_at: at.toISOString(),
  });
}

/** Inside the cancel's transaction: an e-mail not gone yet never will (one being tried right now is stopped by the runner's own check). */
export async function cancelOrderMail(trx: Knex, orderId: number): Promise<void> {
  await trx('order_mails').where({ order_id: orderId }).whereIn('state', ['queued', 'failed', 'no_address']).update({ state: 'cancelled', last_error: CANCELLED_BEFORE_MAIL, next_try_at: null });
}

export class OrderMailsService {
  constructor(private readonly knex: Knex, private readonly clock: Clock) {}

  /** The e-mail of one order, or null when none was owed (sent before e-mail was set up, or e-mail off). */
  async forOrder(orderId: number): Promise<OrderMailStatus | null> {
    return (await this.forOrders([orderId])).get(orderId) ?? null;
  }

  /** The e-mail of each order that owed one (none: sent before e-mail was set up, or e-mail off), by order id. */
  async forOrders(orderIds: number[]): Promise<Map<number, OrderMailStatus>> {
    const found = new Map<number, OrderMailStatus>();
    if (orderIds.length === 0) return found;
    for (const row of await this.knex('order_mails').whereIn('order_id', orderIds)) found.set(num(row.order_id), toStatus(row));
    return found;
  }

  /** The queue, newest first: by default what is not sent yet (queued, failed, no address). */
  async list(options: { all?: boolean } = {}): Promise<QueuedOrderMail[]> {
    const q = this.rows().orderBy('m.id', 'desc');
    if (!options.all) q.whereIn('m.state', ['queued', 'failed', 'no_address']);
    return ((await q) as Array<Record<string, unknown>>).map((r) => this.toQueued(r));
  }

  /**
   * Takes the due queued rows (all of them, or one order's) for this process:
   * each is claimed for MAIL_CLAIM_MS only if nobody holds it, so two
   * processes never send the same order twice, and a process that dies
   * mid-try leaves it to the next one a few minutes later.
   */
  async claimDue(options: { orderId?: number; at?: Date } = {}): Promise<QueuedOrderMail[]> {
    const at = options.at ?? this.clock();
    const now = at.toISOString();
    const free = (q: Knex.QueryBuilder, column: string) => q.where((w) => w.whereNull(column).orWhere(column, '<=', now));
    const q = free(this.rows().where('m.state', 'queued').where('m.next_try_at', '<=', now), 'm.claimed_until').orderBy('m.id');
    if (options.orderId !== undefined) q.where('m.order_id', options.orderId);
    const claimed: QueuedOrderMail[] = [];
    for (const r of await q) {
      const until = new Date(at.getTime() + MAIL_CLAIM_MS).toISOString();
      const n = await free(this.knex('order_mails').where({ id: r.id, state: 'queued' }), 'claimed_until').update({ claimed_until: until });
      if (n === 1) claimed.push(this.toQueued(r));
    }
    return claimed;
  }

  /** The SMTP server accepted it. */
  async markSent(id: number, recipient: string, messageId: string, at: Date = this.clock()): Promise<void> {
    await this.knex('order_mails')
      .where({ id })
      .update({ state: 'sent', recipient, attempts: this.knex.raw('attempts + 1'), last_error: null, next_try_at: null, claimed_until: null, sent_at: at.toISOString(), message_id: messageId.slice(0, 255) });
  }

  /** The runner found the order cancelled: its e-mail is dropped, not sent. */
  async markCancelled(id: number): Promise<void> {
    await this.knex('order_mails').where({ id }).update({ state: 'cancelled', last_error: CANCELLED_BEFORE_MAIL, next_try_at: null, claimed_until: null });
  }

  /** A try failed: still queued with the reason and the next try's time, or given up after MAX_MAIL_ATTEMPTS. */
  async markFailed(id: number, recipient: string, reason: string, at: Date = this.clock()): Promise<OrderMailStatus> {
    const row = await this.knex('order_mails').where({ id }).first('attempts');
    const attempts = num(row?.attempts ?? 0) + 1;
    const givenUp = attempts >= MAX_MAIL_ATTEMPTS;
    await this.knex('order_mails')
      .where({ id })
      .update({
        state: givenUp ? 'failed' : 'queued',
        recipient,
        attempts,
        last_error: reason.slice(0, 500),
        next_try_at: givenUp ? null : new Date(at.getTime() + retryDelayMs(attempts)).toISOString(),
        claimed_until: null,
      });
    return (await this.knex('order_mails').where({ id }).first().then(toStatus))!;
  }

  /**
   * `pos orders mail --retry`: every mail not sent is due now — the queued
   * ones without waiting for their delay, the failed ones again from the
   * start, and those of a supplier who has an address since. Returns how
   * many are due.
   */
  async retryNow(at: Date = this.clock()): Promise<number> {
    const now = at.toISOString();
    await this.knex('order_mails').where({ state: 'failed' }).update({ state: 'queued', attempts: 0, next_try_at: now });
    // a 'no_address' row whose supplier has an address now
    const addressed = await this.knex('order_mails as m')
      .join('purchase_orders as o', 'o.id', 'm.order_id')
      .join('suppliers as s', 's.id', 'o.supplier_id')
      .where('m.state', 'no_address')
      .whereNot('s.email', '')
      .select('m.id', 's.email');
    for (const r of addressed) await this.knex('order_mails').where({ id: r.id, state: 'no_address' }).update({ state: 'queued', recipient: String(r.email), last_error: null, next_try_at: now });
    // queued rows waiting for their delay (one being tried keeps its claim)
    await this.knex('order_mails').where({ state: 'queued' }).where('next_try_at', '>', now).update({ next_try_at: now });
    const due = await this.knex('order_mails').where({ state: 'queued' }).where('next_try_at', '<=', now).count({ n: '*' }).first();
    return num(due?.n ?? 0);
  }

  private rows(): Knex.QueryBuilder {
    return this.knex('order_mails as m')
      .join('purchase_orders as o', 'o.id', 'm.order_id')
      .join('suppliers as s', 's.id', 'o.supplier_id')
      .select('m.*', 'o.reference', 'o.supplier_id', 's.name as supplier_name');
  }

  private toQueued(r: Record<string, unknown>): QueuedOrderMail {
    return { ...toStatus(r), id: num(r.id), orderId: num(r.order_id), reference: String(r.reference), supplierId: num(r.supplier_id), supplierName: String(r.supplier_name) };
  }
}
