// The audit trail: who did what that matters (login, void, cancel, refund,
// override, no sale, reprint, closing, settings and price changes). Each event
// is chained by hash per till, like the sales journal, so a deleted or edited
// event shows.
import type { Knex } from 'knex';
import type { Clock } from '../basics/clock.js';
import { NotFoundError } from '../basics/errors.js';
import { canonicalAuditEvent, chainHash, GENESIS_HASH, type CanonicalAuditEvent } from './journal.js';
import { signLink } from './journal-keys.service.js';
import { num, numOrNull } from '../basics/row-values.js';
import { writeTransaction } from '../basics/transaction.service.js';

export interface AuditInput {
  kind: string;
  employeeId?: number | null;
  approverId?: number | null;
  saleId?: number | null;
  articleId?: number | null;
  details?: Record<string, unknown>;
}

/**
 * Who makes a change, and at which till: the employee the change's audit event
 * names, on that till's audit chain. Every guarded entry point (CLI --pin, the
 * back office's signed-in employee, the till's approver) builds one and hands
 * it to the service, which writes the event in the change's own transaction.
 */
export interface Actor {
  /** null when an API token acts: no employee typed a PIN, the token is named instead */
  employeeId: number | null;
  tillId: number;
  /** who typed their PIN to allow it, when not the employee themself */
  approverId?: number | null;
  /** the API token's name, when the change came through `pos serve` (written in the event's details) */
  apiToken?: string;
}

export function actorOf(employee: { id: number }, tillId: number): Actor {
  return { employeeId: employee.id, tillId };
}

/** What a change says of itself in the audit trail (the actor adds who and where). */
export type AuditedChange = Omit<AuditInput, 'employeeId' | 'approverId'>;

/**
 * Runs `work` and appends its audit event in one transaction: the change and
 * the record of who made it commit together or not at all. Without an actor
 * (seeds, tests of the rule alone) the change runs unaudited.
 */
export async function audited<T>(
  knex: Knex,
  actor: Actor | null | undefined,
  at: () => Date,
  work: (trx: Knex) => Promise<T>,
  event: (result: T) => AuditedChange,
): Promise<T> {
  if (!actor) return work(knex);
  return writeTransaction(knex, async (trx) => {
    const result = await work(trx);
    const change = event(result);
    const details = actor.apiToken ? { ...change.details, apiToken: actor.apiToken } : change.details;
    await appendAuditEvent(trx, actor.tillId, { ...change, details, employeeId: actor.employeeId, approverId: actor.approverId ?? null }, at());
    return result;
  });
}

export interface AuditEvent extends CanonicalAuditEvent {
  id: number;
  prevHash: string;
  hash: string;
}

export function rowToAuditEvent(r: Record<string, unknown>): AuditEvent {
  return {
    id: num(r.id),
    tillId: num(r.till_id),
    seq: num(r.seq),
    kind: String(r.kind),
    employeeId: numOrNull(r.employee_id),
    approverId: numOrNull(r.approver_id),
    saleId: numOrNull(r.sale_id),
    articleId: numOrNull(r.article_id),
    details: String(r.details),
    createdAt: String(r.created_at),
    prevHash: String(r.prev_hash),
    hash: String(r.hash),
  };
}

/** Appends an event to the till's audit chain; call inside the caller's transaction when it goes with a change. */
export async function appendAuditEvent(trx: Knex, tillId: number, input: AuditInput, at: Date): Promise<AuditEvent> {
  const bumped = await trx('tills').where({ id: tillId }).increment('audit_seq', 1);
  if (bumped !== 1) throw new NotFoundError(`Caisse ${tillId} inconnue`);
  const till = await trx('tills').where({ id: tillId }).first('audit_seq', 'audit_last_hash', 'journal_key_no');
  const event = {
    tillId,
    seq: num(till.audit_seq),
    kind: input.kind,
    employeeId: input.employeeId ?? null,
    approverId: input.approverId ?? null,
    saleId: input.saleId ?? null,
    articleId: input.articleId ?? null,
    details: JSON.stringify(input.details ?? {}),
    createdAt: at.toISOString(),
  };
  const prevHash = String(till.audit_last_hash || GENESIS_HASH);
  const hash = chainHash(prevHash, canonicalAuditEvent(event));
  const signature = await signLink(trx, tillId, num(till.journal_key_no), hash);
  const [row] = (await trx('audit_events')
    .insert({
      till_id: tillId,
      seq: event.seq,
      kind: event.kind,
      employee_id: event.employeeId,
      approver_id: event.approverId,
      sale_id: event.saleId,
      article_id: event.articleId,
      details: event.details,
      created_at: event.createdAt,
      prev_hash: prevHash,
      hash,
      signature,
    })
    .returning('id')) as Array<{ id: number }>;
  await trx('tills').where({ id: tillId }).update({ audit_last_hash: hash });
  return { id: num(row!.id), prevHash, hash, ...event };
}

export class AuditService {
  constructor(private readonly knex: Knex, private readonly clock: Clock, private readonly tillId: number) {}

  async record(input: AuditInput): Promise<AuditEvent> {
    return writeTransaction(this.knex, (trx) => appendAuditEvent(trx, this.tillId, input, this.clock()));
  }

  /** How many events of a kind (e.g. reprints of one sale) this till has recorded. */
  async count(filter: { kind: string; saleId?: number }): Promise<number> {
    const q = this.knex('audit_events').where({ till_id: this.tillId, kind: filter.kind });
    if (filter.saleId !== undefined) q.andWhere({ sale_id: filter.saleId });
    const row = await q.count({ n: '*' }).first();
    return num(row?.n ?? 0);
  }

  async recent(limit = 50): Promise<AuditEvent[]> {
    const rows = await this.knex('audit_events').where({ till_id: this.tillId }).orderBy('seq', 'desc').limit(limit);
    return rows.map(rowToAuditEvent);
  }
}
