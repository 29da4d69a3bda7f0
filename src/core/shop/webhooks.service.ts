// Outgoing webhooks: an owner registers URLs for events; `pos serve` scans
// for new events (sales completed, customers created or changed, articles at
// or under their minimum stock) and queues one delivery per webhook in the
// database, then posts them, signed, retrying failures with a growing delay.
// The scan reads what the tills already write (it adds nothing to a sale's
// transaction), from where the previous scan stopped; a state already queued
// is never queued twice (unique webhook + event key), so overlapping scans
// and a restarted server are harmless. The posting itself is a driver's
// (src/drivers/webhook-sender.ts), handed in by the caller.
import { SHOP_MIN_STOCK } from '../catalogue/article.js';
import type { Knex } from 'knex';
import type { Clock } from '../basics/clock.js';
import { NotFoundError, ValidationError } from '../basics/errors.js';
import { insertId } from '../basics/rows.service.js';
import { bool, num } from '../basics/row-values.js';
import { audited, type Actor } from '../fiscal/audit.service.js';
import { writeTransaction } from '../basics/transaction.service.js';
import { CustomersService } from '../customers/customers.service.js';
import { SalesService } from '../sales/sales.service.js';
import { checkWebhookInput, MAX_ATTEMPTS, newWebhookSecret, nextAttemptAt, signWebhook, type Webhook, type WebhookEvent } from './webhook.js';

/** A transaction is stamped when it begins and seen when it commits: scans look this far back (as the tills' live updates do). */
const LOOK_BACK_MS = 5_000;
const SCAN_LIMIT = 500;
// A delivery being posted is held this long by the server posting it: a second
// `pos serve` on the same database skips it, and a server that dies mid-post
// leaves it to the next turn after that.
const CLAIM_MS = 2 * 60_000;

export interface WebhookRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
}

/** Posts one request; resolves with the HTTP status, rejects on a network failure or time-out. */
export type WebhookSend = (request: WebhookRequest) => Promise<number>;

export interface WebhookDelivery {
  id: number;
  webhookId: number;
  event: WebhookEvent;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  nextAttemptAt: string;
  lastError: string;
  createdAt: string;
  deliveredAt: string | null;
}

function toWebhook(r: Record<string, unknown>): Webhook {
  return { id: num(r.id), url: String(r.url), events: String(r.events).split(' ').filter(Boolean) as WebhookEvent[], active: bool(r.active), createdAt: String(r.created_at) };
}

function toDelivery(r: Record<string, unknown>): WebhookDelivery {
  return {
    id: num(r.id),
    webhookId: num(r.webhook_id),
    event: String(r.event) as WebhookEvent,
    status: String(r.status) as WebhookDelivery['status'],
    attempts: num(r.attempts),
    nextAttemptAt: String(r.next_attempt_at),
    lastError: String(r.last_error ?? ''),
    createdAt: String(r.created_at),
    deliveredAt: r.delivered_at ? String(r.delivered_at) : null,
  };
}

export class WebhooksService {
  constructor(private readonly knex: Knex, private readonly clock: Clock) {}

  /** Registers a URL; the secret (shown once) signs every payload. Events start from now, not from the shop's history. */
  async add(input: { url: string; events: string[] }, actor: Actor): Promise<{ webhook: Webhook; secret: string }> {
    const clean = checkWebhookInput(input);
    const secret = newWebhookSecret();
    const webhook = await audited(this.knex, actor, this.clock, async (trx) => {
      const now = this.clock().toISOString();
      const id = await insertId(trx, 'webhooks', { url: clean.url, secret, events: clean.events.join(' '), active: true, created_by: actor.employeeId, created_at: now });
      const lastSale = await trx('sales').max({ id: 'id' }).first();
      for (const [source, position] of [['sales', String(num(lastSale?.id ?? 0))], ['customers', now], ['stock', now]] as const) {
        if (!(await trx('webhook_cursors').where({ source }).first('source'))) await trx('webhook_cursors').insert({ source, position });
      }
      return toWebhook(await trx('webhooks').where({ id }).first());
    }, (w) => ({ kind: 'webhook', details: { action: 'add', webhook: w.id, url: w.url, events: w.events } }));
    return { webhook, secret };
  }

  async list(): Promise<Array<Webhook & { pending: number; failed: number }>> {
    const hooks = (await this.knex('webhooks').orderBy('id')).map(toWebhook);
    const counts: Array<Record<string, unknown>> = await this.knex('webhook_deliveries').whereIn('status', ['pending', 'failed']).groupBy('webhook_id', 'status').select('webhook_id', 'status').count({ n: '*' });
    const count = (id: number, status: string) => num(counts.find((c) => num(c.webhook_id) === id && c.status === status)?.n ?? 0);
    return hooks.map((h) => ({ ...h, pending: count(h.id, 'pending'), failed: count(h.id, 'failed') }));
  }

  /** Stops a webhook: nothing more is queued or posted for it (its past deliveries stay, for the record). */
  async remove(id: number, actor: Actor): Promise<Webhook> {
    return audited(this.knex, actor, this.clock, async (trx) => {
      const row = await trx('webhooks').where({ id }).first();
      if (!row) throw new NotFoundError(`Webhook ${id} introuvable`);
      if (!bool(row.active)) throw new ValidationError(`Le webhook ${id} est déjà retiré`);
      await trx('webhooks').where({ id }).update({ active: false });
      await trx('webhook_deliveries').where({ webhook_id: id, status: 'pending' }).update({ status: 'failed', last_error: 'webhook retiré' });
      return toWebhook(await trx('webhooks').where({ id }).first());
    }, (w) => ({ kind: 'webhook', details: { action: 'remove', webhook: w.id, url: w.url } }));
  }

  async deliveries(webhookId?: number): Promise<WebhookDelivery[]> {
    const q = this.knex('webhook_deliveries').orderBy('id');
    if (webhookId !== undefined) q.where({ webhook_id: webhookId });
    return (await q).map(toDelivery);
  }

  /** Queues the events that happened since the previous scan; returns how many deliveries were queued. */
  async collect(): Promise<number> {
    const hooks = (await this.knex('webhooks').where({ active: true })).map(toWebhook);
    if (hooks.length === 0) return 0;
    const cursors = new Map((await this.knex('webhook_cursors').select('source', 'position')).map((r) => [String(r.source), String(r.position)]));
    const now = this.clock();
    const since = (source: string) => new Date(Date.parse(cursors.get(source) ?? now.toISOString()) - LOOK_BACK_MS).toISOString();
    // `at`: when it happened; a webhook gets only what happened after it was registered.
    const found: Array<{ event: WebhookEvent; key: string; at: string; data: unknown }> = [];

    const afterSale = num(cursors.get('sales') ?? 0);
    const saleRows = await this.knex('sales').where('id', '>', afterSale).orderBy('id').limit(SCAN_LIMIT).select('id', 'created_at');
    const saleIds = saleRows.map((r) => num(r.id));
    const sales = new SalesService(this.knex, this.clock, 0);
    for (const r of saleRows) found.push({ event: 'sale.completed', key: `sale:${num(r.id)}`, at: String(r.created_at), data: { sale: await sales.get(num(r.id)) } });

    const customerRows = await this.knex('customers').where('updated_at', '>=', since('customers')).orderBy('updated_at').limit(SCAN_LIMIT).select('id', 'updated_at');
    const customers = new CustomersService(this.knex, this.clock);
    for (const r of customerRows) found.push({ event: 'customer.updated', key: `customer:${num(r.id)}:${String(r.updated_at)}`, at: String(r.updated_at), data: { customer: await customers.get(num(r.id)) } });

    // A shop's stock of an article at or under its minimum (the shop's own, else the catalogue's), by when it moved.
    const lowRows = await this.knex('shop_articles as sa')
      .join('articles as a', 'a.id', 'sa.article_id')
      .where('sa.changed_at', '>=', since('stock'))
      .andWhere({ 'a.track_stock': true, 'a.active': true })
      .andWhereRaw(`${SHOP_MIN_STOCK} > 0`)
      .andWhereRaw(`sa.stock_qty <= ${SHOP_MIN_STOCK}`)
      .orderBy('sa.changed_at')
      .limit(SCAN_LIMIT)
      .select('a.id', 'a.plu', 'a.name', 'a.unit', 'sa.shop_id', 'sa.stock_qty', this.knex.raw(`${SHOP_MIN_STOCK} as min_stock`), 'sa.changed_at');
    for (const r of lowRows) {
      // Shop 1 keeps the key it had before shops existed, so a database upgraded mid-stream never sends one twice.
      const shopId = num(r.shop_id);
      const key = `stock:${num(r.id)}:${String(r.changed_at)}${shopId === 1 ? '' : `:shop${shopId}`}`;
      found.push({ event: 'stock.low', key, at: String(r.changed_at), data: { shopId, article: { id: num(r.id), plu: r.plu === null ? null : String(r.plu), name: String(r.name), unit: String(r.unit), stockQty: num(r.stock_qty), minStock: num(r.min_stock) } } });
    }

    let queued = 0;
    const at = now.toISOString();
    await writeTransaction(this.knex, async (trx) => {
      queued = 0; // a retried transaction counts again from nothing
      for (const f of found) {
        for (const hook of hooks.filter((h) => h.events.includes(f.event) && h.createdAt <= f.at)) {
          const payload = JSON.stringify({ event: f.event, occurredAt: at, data: f.data });
          const inserted = await trx('webhook_deliveries')
            .insert({ webhook_id: hook.id, event: f.event, event_key: f.key, payload, status: 'pending', attempts: 0, next_attempt_at: at, last_error: '', created_at: at })
            .onConflict(['webhook_id', 'event_key'])
            .ignore()
            .returning('id');
          queued += (inserted as unknown[]).length;
        }
      }
      const maxOf = (rows: Array<Record<string, unknown>>, column: string) => rows.reduce<string | null>((a, r) => (a === null || String(r[column]) > a ? String(r[column]) : a), null);
      const moves: Array<[string, string | null]> = [
        ['sales', saleIds.length ? String(saleIds[saleIds.length - 1]) : null],
        ['customers', maxOf(customerRows, 'updated_at')],
        ['stock', maxOf(lowRows, 'changed_at')],
      ];
      for (const [source, position] of moves) if (position !== null) await trx('webhook_cursors').where({ source }).update({ position });
    });
    return queued;
  }

  /**
   * Posts the deliveries that are due, oldest first: a 2xx answer delivers
   * one; anything else (another status, no answer) counts a failure and sets
   * the next attempt, until MAX_ATTEMPTS. Each is claimed first (its next
   * attempt moved past the post) only if nobody else did, so two servers never
   * post it both. Returns the ones attempted.
   */
  async deliverDue(send: WebhookSend, limit = 20): Promise<WebhookDelivery[]> {
    const now = this.clock();
    const due = await this.knex('webhook_deliveries as d')
      .join('webhooks as w', 'w.id', 'd.webhook_id')
      .where('d.status', 'pending')
      .andWhere('d.next_attempt_at', '<=', now.toISOString())
      .andWhere('w.active', true)
      .orderBy('d.id')
      .limit(limit)
      .select('d.*', 'w.url', 'w.secret');
    const done: WebhookDelivery[] = [];
    for (const d of due) {
      const claimed = await this.knex('webhook_deliveries')
        .where({ id: d.id, status: 'pending', next_attempt_at: d.next_attempt_at })
        .update({ next_attempt_at: new Date(now.getTime() + CLAIM_MS).toISOString() });
      if (claimed === 0) continue;
      const timestamp = String(Math.floor(now.getTime() / 1000));
      const body = String(d.payload);
      let error = '';
      try {
        const status = await send({
          url: String(d.url),
          body,
          headers: {
            'content-type': 'application/json',
            'x-pos-event': String(d.event),
            'x-pos-delivery': String(d.id),
            'x-pos-timestamp': timestamp,
            'x-pos-signature': signWebhook(String(d.secret), timestamp, body),
          },
        });
        if (status < 200 || status > 299) error = `HTTP ${status}`;
      } catch (err) {
        error = (err instanceof Error ? err.message : String(err)).slice(0, 300);
      }
      const attempts = num(d.attempts) + 1;
      const at = this.clock();
      const update = error
        ? { attempts, last_error: error, status: attempts >= MAX_ATTEMPTS ? 'failed' : 'pending', next_attempt_at: nextAttemptAt(attempts, at).toISOString() }
        : { attempts, last_error: '', status: 'delivered', delivered_at: at.toISOString() };
      await this.knex('webhook_deliveries').where({ id: d.id }).update(update);
      done.push(toDelivery({ ...d, ...update }));
    }
    return done;
  }
}
