// Who took what back: the void_line, cancel_ticket and refund events of the
// audit trail over a period of local days, with the employee and the approver
// named. Audit times are UTC instants; the period is turned into the UTC
// instants of its first and last local midnights.
import type { Knex } from 'knex';
import { whereTillInShop } from '../shop/shop-scope.service.js';
import { localMidnight } from '../basics/clock.js';
import { num, numOrNull } from '../basics/row-values.js';

export const VOID_KINDS = ['void_line', 'cancel_ticket', 'refund'] as const;

export const VOID_KIND_LABELS: Record<string, { fr: string; en: string }> = {
  void_line: { fr: 'ligne annulée', en: 'line voided' },
  cancel_ticket: { fr: 'ticket abandonné', en: 'ticket cancelled' },
  refund: { fr: 'remboursement', en: 'refund' },
};

export interface VoidEvent {
  id: number;
  tillId: number;
  /** UTC instant, ISO 8601 */
  at: string;
  kind: string;
  employee: string | null;
  approver: string | null;
  saleId: number | null;
  /** the event's JSON details, as recorded */
  details: string;
  /** a return against a receipt: the original sale, `till/number` */
  originSale: string | null;
}

/** shopId: the events of that shop's tills only. */
export async function voidEvents(knex: Knex, period: { from: string; to: string; tillId?: number; shopId?: number }): Promise<VoidEvent[]> {
  const q = knex('audit_events as a')
    .leftJoin('employees as e', 'e.id', 'a.employee_id')
    .leftJoin('employees as p', 'p.id', 'a.approver_id')
    .whereIn('a.kind', [...VOID_KINDS])
    .where('a.created_at', '>=', localMidnight(period.from))
    .where('a.created_at', '<', localMidnight(period.to, 1))
    .orderBy([{ column: 'a.created_at' }, { column: 'a.id' }])
    .select('a.id', 'a.till_id', 'a.created_at', 'a.kind', 'a.sale_id', 'a.details', 'e.name as employee', 'p.name as approver');
  if (period.tillId !== undefined) q.where('a.till_id', period.tillId);
  whereTillInShop(knex, q, 'a.till_id', period.shopId);
  return (await q).map((r: Record<string, unknown>) => ({
    id: num(r.id),
    tillId: num(r.till_id),
    at: String(r.created_at),
    kind: String(r.kind),
    employee: r.employee === null || r.employee === undefined ? null : String(r.employee),
    approver: r.approver === null || r.approver === undefined ? null : String(r.approver),
    saleId: numOrNull(r.sale_id),
    details: String(r.details),
    originSale: originOf(String(r.details)),
  }));
}

function originOf(details: string): string | null {
  try {
    const origin = (JSON.parse(details) as { origin?: unknown }).origin;
    return typeof origin === 'string' ? origin : null;
  } catch {
    return null;
  }
}
