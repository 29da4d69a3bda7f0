// Open and parked tickets, saved on every change: after a crash or a power cut
// the till finds its ticket where the cashier left it. A ticket row is deleted
// by the same transaction that completes its sale, so it can't be both.
import { checkTextField } from '../basics/text-fields.js';
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Clock } from '../basics/clock.js';
import { NotFoundError } from '../basics/errors.js';
import { num, numOrNull } from '../basics/row-values.js';
import { computeTotals, isTicket, newTicket, type Ticket } from './ticket.js';
import { writeTransaction } from '../basics/transaction.service.js';
import { appendAuditEvent, type AuditInput } from '../fiscal/audit.service.js';

export interface ParkedTicket {
  id: string;
  label: string;
  total: number;
  lineCount: number;
  employeeId: number | null;
  customerId: number | null;
  parkedAt: string;
}

export class OpenTicketsService {
  constructor(private readonly knex: Knex, private readonly clock: Clock, private readonly tillId: number) {}

  create(): Ticket {
    return newTicket(randomUUID(), this.clock().toISOString());
  }

  /**
   * Saves the till's current ticket (insert or replace). `audit` holds the
   * events of the change that led to it (a void, a price override…): they are
   * written first, in the same transaction, so the ticket and its trail
   * commit together or not at all.
   */
  async save(ticket: Ticket, employeeId: number | null, audit: AuditInput[] = []): Promise<void> {
    // Saved on every keystroke: without events, a single statement needs no transaction.
    if (audit.length === 0) return this.write(this.knex, ticket, employeeId);
    await writeTransaction(this.knex, async (trx) => {
      await this.appendAll(trx, audit);
      await this.write(trx, ticket, employeeId);
    });
  }

  private async appendAll(trx: Knex, audit: AuditInput[]): Promise<void> {
    const at = this.clock();
    for (const event of audit) await appendAuditEvent(trx, this.tillId, event, at);
  }

  private async write(knex: Knex, ticket: Ticket, employeeId: number | null): Promise<void> {
    const totals = computeTotals(ticket);
    const now = this.clock().toISOString();
    await knex('open_tickets')
      .insert({
        id: ticket.id,
        till_id: this.tillId,
        status: 'open',
        employee_id: employeeId,
        customer_id: ticket.customerId,
        data: JSON.stringify(ticket),
        total: totals.total,
        line_count: ticket.lines.length,
        created_at: ticket.createdAt,
        updated_at: now,
      })
      .onConflict('id')
      .merge(['status', 'employee_id', 'customer_id', 'data', 'total', 'line_count', 'updated_at']);
  }

  /** The ticket the till was ringing up when it stopped, if any. */
  async restore(): Promise<Ticket | null> {
    const row = await this.knex('open_tickets')
      .where({ till_id: this.tillId, status: 'open' })
      .orderBy('updated_at', 'desc')
      .first();
    if (!row) return null;
    return parseTicket(String(row.data));
  }

  /** Saves and parks in one transaction: a crash between the two can't leave a half-parked ticket. */
  async park(ticket: Ticket, employeeId: number | null, label = ''): Promise<void> {
    checkTextField('ticketLabel', label.slice(0, 60));
    await writeTransaction(this.knex, async (trx) => {
      await this.write(trx, ticket, employeeId);
      await trx('open_tickets')
        .where({ id: ticket.id })
        .update({ status: 'parked', label: label.slice(0, 60), updated_at: this.clock().toISOString() });
    });
  }

  async listParked(): Promise<ParkedTicket[]> {
    const rows = await this.knex('open_tickets').where({ till_id: this.tillId, status: 'parked' }).orderBy('updated_at');
    return rows.map((r) => ({
      id: String(r.id),
      label: String(r.label),
      total: num(r.total),
      lineCount: num(r.line_count),
      employeeId: numOrNull(r.employee_id),
      customerId: numOrNull(r.customer_id),
      parkedAt: String(r.updated_at),
    }));
  }

  /** Takes a parked ticket back as the till's open ticket. */
  async resume(id: string): Promise<Ticket> {
    return writeTransaction(this.knex, async (trx) => {
      const row = await trx('open_tickets').where({ id, till_id: this.tillId, status: 'parked' }).first();
      if (!row) throw new NotFoundError('Ticket en attente introuvable');
      const ticket = parseTicket(String(row.data));
      if (!ticket) throw new NotFoundError('Ticket en attente illisible');
      await trx('open_tickets').where({ id }).update({ status: 'open', updated_at: this.clock().toISOString() });
      return ticket;
    });
  }

  /** Drops an open ticket (cancel) or an empty one, with the audit events of the cancel in the same transaction. */
  async discard(id: string, audit: AuditInput[] = []): Promise<void> {
    await writeTransaction(this.knex, async (trx) => {
      await this.appendAll(trx, audit);
      await trx('open_tickets').where({ id, till_id: this.tillId }).delete();
    });
  }
}

function parseTicket(data: string): Ticket | null {
  try {
    const value: unknown = JSON.parse(data);
    return isTicket(value) ? value : null;
  } catch {
    return null;
  }
}
