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

/** Line rows inserted per statement (SQLite limits the values bound to one statement). */
const LINE_ROWS_PER_STATEMENT = 200;

export class OpenTicketsService {
  /** the line rows this till last committed, by ticket: the next save writes only those that differ */
  private readonly written = new Map<string, string[]>();
  /** each line's JSON, by the line object: a ticket's lines are immutable, so a scan serialises only the new one */
  private readonly lineTexts = new WeakMap<object, string>();

  private lineJson(line: object): string {
    let text = this.lineTexts.get(line);
    if (text === undefined) {
      text = JSON.stringify(line);
      this.lineTexts.set(line, text);
    }
    return text;
  }

  constructor(private readonly knex: Knex, private readonly clock: Clock, private readonly tillId: number) {}

  create(): Ticket {
    return newTicket(randomUUID(), this.clock().toISOString());
  }

  /**
   * Saves the till's current ticket (insert or replace). `audit` holds the
   * events of the change that led to it (a void, a price override…): they are
   * written first, in the same transaction, so the ticket and its trail
   * commit together or not at all. The ticket is saved as rows: its header,
   * and only the lines that changed since this till last saved it (a scan
   * writes one line row, not the whole ticket again).
   */
  async save(ticket: Ticket, employeeId: number | null, audit: AuditInput[] = []): Promise<void> {
    await this.writing(ticket, (trx, before) =>
      this.appendAll(trx, audit).then(() => this.write(trx, ticket, employeeId, before)),
    );
  }

  /**
   * Runs a write of `ticket` in one transaction and remembers its line rows
   * once committed; a write that failed forgets them, so the next one writes
   * the whole ticket again.
   */
  private async writing(ticket: Ticket, work: (trx: Knex.Transaction, before: string[] | undefined) => Promise<string[]>): Promise<void> {
    const before = this.written.get(ticket.id);
    this.written.delete(ticket.id);
    const lines = await writeTransaction(this.knex, (trx) => work(trx, before));
    this.written.set(ticket.id, lines);
  }

  private async appendAll(trx: Knex, audit: AuditInput[]): Promise<void> {
    const at = this.clock();
    for (const event of audit) await appendAuditEvent(trx, this.tillId, event, at);
  }

  /** The ticket's header row and its changed line rows; what this till last wrote is remembered once committed. */
  private async write(trx: Knex.Transaction, ticket: Ticket, employeeId: number | null, before: string[] | undefined): Promise<string[]> {
    const totals = computeTotals(ticket);
    const now = this.clock().toISOString();
    const lines = ticket.lines.map((l) => this.lineJson(l));
    await trx('open_tickets')
      .insert({
        id: ticket.id,
        till_id: this.tillId,
        status: 'open',
        employee_id: employeeId,
        customer_id: ticket.customerId,
        data: JSON.stringify({ ...ticket, lines: [] }),
        total: totals.total,
        line_count: ticket.lines.length,
        created_at: ticket.createdAt,
        updated_at: now,
      })
      .onConflict('id')
      .merge(['status', 'employee_id', 'customer_id', 'data', 'total', 'line_count', 'updated_at']);
    // Not written by this till since it started: every line is written again, over whatever rows are there.
    if (!before) await trx('open_ticket_lines').where({ ticket_id: ticket.id }).delete();
    else if (before.length > lines.length) await trx('open_ticket_lines').where({ ticket_id: ticket.id }).where('position', '>=', lines.length).delete();
    const changed = lines.flatMap((data, position) => (before?.[position] === data ? [] : [{ ticket_id: ticket.id, position, data }]));
    for (let i = 0; i < changed.length; i += LINE_ROWS_PER_STATEMENT) {
      await trx('open_ticket_lines').insert(changed.slice(i, i + LINE_ROWS_PER_STATEMENT)).onConflict(['ticket_id', 'position']).merge(['data']);
    }
    return lines;
  }

  /** The ticket the till was ringing up when it stopped, if any. */
  async restore(): Promise<Ticket | null> {
    const row = await this.knex('open_tickets')
      .where({ till_id: this.tillId, status: 'open' })
      .orderBy('updated_at', 'desc')
      .first();
    if (!row) return null;
    return readTicket(this.knex, row);
  }

  /** Saves and parks in one transaction: a crash between the two can't leave a half-parked ticket. */
  async park(ticket: Ticket, employeeId: number | null, label = ''): Promise<void> {
    checkTextField('ticketLabel', label.slice(0, 60));
    await this.writing(ticket, async (trx, before) => {
      const lines = await this.write(trx, ticket, employeeId, before);
      await trx('open_tickets')
        .where({ id: ticket.id })
        .update({ status: 'parked', label: label.slice(0, 60), updated_at: this.clock().toISOString() });
      return lines;
    });
    // A parked ticket leaves the till: whoever takes it back writes it whole.
    this.written.delete(ticket.id);
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
    this.written.delete(id);
    return writeTransaction(this.knex, async (trx) => {
      const row = await trx('open_tickets').where({ id, till_id: this.tillId, status: 'parked' }).first();
      if (!row) throw new NotFoundError('Ticket en attente introuvable');
      const ticket = await readTicket(trx, row);
      if (!ticket) throw new NotFoundError('Ticket en attente illisible');
      await trx('open_tickets').where({ id }).update({ status: 'open', updated_at: this.clock().toISOString() });
      return ticket;
    });
  }

  /** Drops an open ticket (cancel) or an empty one, with the audit events of the cancel in the same transaction. */
  async discard(id: string, audit: AuditInput[] = []): Promise<void> {
    await writeTransaction(this.knex, async (trx) => {
      await this.appendAll(trx, audit);
      await deleteOpenTicket(trx, id, this.tillId);
    });
    this.written.delete(id);
  }
}

/** An open_tickets row and its line rows as a ticket (rows of older versions hold their lines inline); null when unreadable. */
export async function readTicket(knex: Knex, row: Record<string, unknown>): Promise<Ticket | null> {
  try {
    const header = JSON.parse(String(row.data)) as Record<string, unknown>;
    const inline = Array.isArray(header.lines) ? (header.lines as unknown[]) : [];
    const rows = await knex('open_ticket_lines').where({ ticket_id: String(row.id) }).orderBy('position').select('data');
    const value: unknown = { ...header, lines: rows.length > 0 ? rows.map((r) => JSON.parse(String(r.data)) as unknown) : inline };
    return isTicket(value) ? value : null;
  } catch {
    return null;
  }
}

/** Deletes an open or parked ticket and its line rows (a sale's transaction does it for the ticket it completes). */
export async function deleteOpenTicket(trx: Knex, id: string, tillId?: number): Promise<void> {
  const header = trx('open_tickets').where({ id });
  await (tillId === undefined ? header : header.where({ till_id: tillId })).delete();
  await trx('open_ticket_lines').where({ ticket_id: id }).delete();
}
