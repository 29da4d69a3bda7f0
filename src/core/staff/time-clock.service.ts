// The time clock: employees clock in and out at a till, and the owner reads
// the hours worked per employee over a period, beside what each one sold.
// A shift is one row of time_clock; an open shift has no clock_out yet.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { whereTillInShop } from '../shop/shop-scope.service.js';
import { shopColumns, type ColumnInput, type ShopColumn, type ShopColumnsReport } from '../fiscal/shop-columns.js';
import { appendAuditEvent } from '../fiscal/audit.service.js';
import type { Clock } from '../basics/clock.js';
import { ValidationError } from '../basics/errors.js';
import { isCalendarDate } from '../basics/calendar.js';
import { num } from '../basics/row-values.js';
import type { Employee, Role } from './staff.js';
import { writeTransaction } from '../basics/transaction.service.js';

export interface Shift {
  id: number;
  employeeId: number;
  tillId: number;
  clockIn: string;
  clockOut: string | null;
  /** the uuid the shift was born with: a shift replayed from a till's offline file is recognised by it */
  originUuid: string | null;
}

/** What an arrival or departure at the login screen did, or why it did nothing. */
export type ClockResult = { ok: true; shift: Shift } | { ok: false; reason: 'already-in'; open: Shift } | { ok: false; reason: 'not-in' };

export interface HoursRow {
  employeeId: number;
  name: string;
  role: Role;
  shifts: number;
  /** whole seconds worked inside the period (open shifts counted up to now) */
  seconds: number;
  /** still clocked in now */
  open: boolean;
  sales: number;
  /** sum of the sales' totals TTC, cents (refunds count negative) */
  salesTotal: number;
}

export interface HoursReport {
  from: string;
  to: string;
  rows: HoursRow[];
  totals: { shifts: number; seconds: number; sales: number; salesTotal: number };
}

function toShift(r: Record<string, unknown>): Shift {
  return {
    id: num(r.id),
    employeeId: num(r.employee_id),
    tillId: num(r.till_id),
    clockIn: String(r.clock_in),
    clockOut: r.clock_out === null || r.clock_out === undefined ? null : String(r.clock_out),
    originUuid: r.origin_uuid === null || r.origin_uuid === undefined ? null : String(r.origin_uuid),
  };
}

/** Local midnight starting the day 'YYYY-MM-DD' (the shop's business day). */
export function startOfLocalDay(date: string, plusDays = 0): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + plusDays);
}

/**
 * Seconds of a shift inside [start, end): a shift across midnight or the
 * period's bounds only counts its part inside; an open shift runs until now.
 */
export function secondsInPeriod(shift: { clockIn: string; clockOut: string | null }, start: Date, end: Date, now: Date): number {
  const from = Math.max(Date.parse(shift.clockIn), start.getTime());
  const to = Math.min(shift.clockOut === null ? now.getTime() : Date.parse(shift.clockOut), end.getTime());
  return to > from ? Math.floor((to - from) / 1000) : 0;
}

/** The shifts open in this database (the server's): a till's offline file keeps a copy of them. */
export async function openShifts(knex: Knex): Promise<Shift[]> {
  return (await knex('time_clock').whereNull('clock_out').orderBy('id')).map(toShift);
}

export class TimeClockService {
  constructor(private readonly knex: Knex, private readonly clock: Clock, private readonly tillId: number) {}

  /** The employee's open shift, or null when clocked out. */
  async openShift(employeeId: number): Promise<Shift | null> {
    const row = await this.knex('time_clock').where({ employee_id: employeeId }).whereNull('clock_out').orderBy('id', 'desc').first();
    return row ? toShift(row) : null;
  }

  /** Starts a shift at this till; one open shift per employee. Audited (clock_in) in the same transaction. */
  async clockIn(employee: Employee): Promise<Shift> {
    const result = await this.clockAtLogin(employee, 'in');
    if (result.ok) return result.shift;
    const since = result.reason === 'already-in' ? ` (${new Date(result.open.clockIn).toLocaleTimeString('fr-FR')})` : '';
    throw new ValidationError(`${employee.name} a déjà pointé son arrivée${since}`);
  }

  /** Ends the employee's open shift (audited, clock_out, in the same transaction); without one there is nothing to end, and that is said. */
  async clockOut(employee: Employee): Promise<Shift> {
    const result = await this.clockAtLogin(employee, 'out');
    if (!result.ok) throw new ValidationError(`${employee.name} n'a pas pointé son arrivée : départ refusé`);
    return result.shift;
  }

  /**
   * An arrival or a departure typed at the login screen: the open shift is
   * checked and the shift written, with its audit event (clock_in or
   * clock_out), in one transaction, so two tills can't both clock the same
   * employee in. A refusal is an answer, not an error: the till says it.
   */
  async clockAtLogin(employee: Employee, direction: 'in' | 'out'): Promise<ClockResult> {
    if (direction === 'in' && !employee.active) throw new ValidationError(`${employee.name} n'est plus actif`);
    return writeTransaction(this.knex, async (trx): Promise<ClockResult> => {
      const openRow = await trx('time_clock').where({ employee_id: employee.id }).whereNull('clock_out').orderBy('id', 'desc').first();
      const open = openRow ? toShift(openRow) : null;
      const now = this.clock();
      if (direction === 'in') {
        if (open) return { ok: false, reason: 'already-in', open };
        // The event first: the shift's own write is the last step of the transaction.
        await appendAuditEvent(trx, this.tillId, { kind: 'clock_in', employeeId: employee.id }, now);
        const [row] = (await trx('time_clock')
          .insert({ employee_id: employee.id, till_id: this.tillId, clock_in: now.toISOString(), clock_out: null, origin_uuid: randomUUID() })
          .returning('*')) as Record<string, unknown>[];
        return { ok: true, shift: toShift(row!) };
      }
      if (!open) return { ok: false, reason: 'not-in' };
      const clockOut = now.toISOString();
      await appendAuditEvent(trx, this.tillId, { kind: 'clock_out', employeeId: employee.id }, now);
      await trx('time_clock').where({ id: open.id }).update({ clock_out: clockOut });
      return { ok: true, shift: { ...open, clockOut } };
    });
  }

  /**
   * Every shift of this database in the order they began; in a till's offline
   * file, the shifts still to send: its own, and the server's copies that got
   * a clock-out offline (an untouched copy is the server's already).
   */
  async listShifts(): Promise<Shift[]> {
    return (await this.knex('time_clock').where((q) => q.where({ server_copy: false }).orWhereNotNull('clock_out')).orderBy('id')).map(toShift);
  }

  /** Forgets a shift of a till's offline file once the server has it. */
  async forgetShift(id: number): Promise<void> {
    await this.knex('time_clock').where({ id }).delete();
  }

  /** A shift of a till's offline file the server now has, still open: kept as a copy of the server's, so it can be clocked out during a later outage. */
  async keepAsServerCopy(id: number): Promise<void> {
    await this.knex('time_clock').where({ id }).update({ server_copy: true });
  }

  /**
   * Takes a shift a till recorded offline, once: a shift the server has
   * already (same uuid) only gets the departure it lacked; a new one is
   * inserted as it was, unless it overlaps a shift the employee has open
   * here (clocked in at another till meanwhile), which is refused and said.
   * Returns whether the server changed.
   */
  async replayShift(shift: Shift): Promise<'recorded' | 'already'> {
    if (!shift.originUuid) throw new ValidationError('Pointage hors ligne sans identifiant d\'origine');
    return writeTransaction(this.knex, async (trx) => {
      const known = await trx('time_clock').where({ origin_uuid: shift.originUuid }).first();
      if (known) {
        if (known.clock_out !== null || shift.clockOut === null) return 'already';
        await trx('time_clock').where({ id: known.id }).update({ clock_out: shift.clockOut });
        return 'recorded';
      }
      const open = await trx('time_clock').where({ employee_id: shift.employeeId }).whereNull('clock_out').orderBy('id', 'desc').first();
      // ISO instants in UTC compare as text.
      if (open && (shift.clockOut === null || String(open.clock_in) < shift.clockOut)) {
        throw new ValidationError(`déjà en service sur le serveur depuis ${new Date(String(open.clock_in)).toLocaleTimeString('fr-FR')} (caisse ${num(open.till_id)})`);
      }
      await trx('time_clock').insert({
        employee_id: shift.employeeId,
        till_id: shift.tillId,
        clock_in: shift.clockIn,
        clock_out: shift.clockOut,
        origin_uuid: shift.originUuid,
      });
      return 'recorded';
    });
  }

  /** Hours worked per employee over the business days from..to, with each one's sales. */
  /** shopId: the shifts clocked and the sales made at that shop's tills only; the company's when absent. */
  async hours(from: string, to: string, shopId?: number): Promise<HoursReport> {
    if (!isCalendarDate(from) || !isCalendarDate(to)) throw new ValidationError('Dates attendues au format AAAA-MM-JJ');
    if (from > to) throw new ValidationError(`La période commence (${from}) après sa fin (${to})`);
    const start = startOfLocalDay(from);
    const end = startOfLocalDay(to, 1);
    const now = this.clock();
    // Any shift that began before the end and had not ended before the start overlaps.
    const shifts = (
      await whereTillInShop(this.knex, this.knex('time_clock'), 'till_id', shopId)
        .where('clock_in', '<', end.toISOString())
        .andWhere((q) => q.whereNull('clock_out').orWhere('clock_out', '>', start.toISOString()))
    ).map(toShift);
    const sales: Record<string, unknown>[] = await whereTillInShop(this.knex, this.knex('sales'), 'till_id', shopId)
      .whereBetween('business_date', [from, to])
      .groupBy('employee_id')
      .select('employee_id')
      .count({ count: '*' })
      .sum({ total: 'total' });
    const employees = await this.knex('employees').select('id', 'name', 'role');
    const rows: HoursRow[] = [];
    for (const e of employees) {
      const id = num(e.id);
      // An open shift runs until now, so it belongs to no period that starts later.
      const own = shifts.filter((s) => s.employeeId === id && (s.clockOut === null ? now.getTime() >= start.getTime() : true));
      const sold = sales.find((s) => num(s.employee_id) === id);
      const seconds = own.reduce((sum, s) => sum + secondsInPeriod(s, start, end, now), 0);
      if (own.length === 0 && !sold) continue;
      rows.push({
        employeeId: id,
        name: String(e.name),
        role: e.role as Role,
        shifts: own.length,
        seconds,
        open: own.some((s) => s.clockOut === null),
        sales: sold ? num(sold.count) : 0,
        salesTotal: sold ? num(sold.total) : 0,
      });
    }
    rows.sort((a, b) => b.seconds - a.seconds || a.name.localeCompare(b.name, 'fr'));
    const totals = rows.reduce(
      (t, r) => ({ shifts: t.shifts + r.shifts, seconds: t.seconds + r.seconds, sales: t.sales + r.sales, salesTotal: t.salesTotal + r.salesTotal }),
      { shifts: 0, seconds: 0, sales: 0, salesTotal: 0 },
    );
    return { from, to, rows, totals };
  }

  /** The consolidated view: each employee's time (count, in seconds) and sales (total) at each shop's tills, beside the company's. */
  async hoursByShop(from: string, to: string, shops: ShopColumn[]): Promise<ShopColumnsReport> {
    const perShop: ColumnInput[] = [];
    for (const shop of shops) perShop.push(hoursColumn(await this.hours(from, to, shop.id)));
    return shopColumns('employee', { from, to }, shops, perShop, hoursColumn(await this.hours(from, to)));
  }
}

/** An hours report as a column of the consolidated view: the time worked (count, seconds) and the sales (total). */
export function hoursColumn(report: HoursReport): ColumnInput {
  return {
    rows: report.rows.map((r) => ({ key: String(r.employeeId), label: r.name, code: null, total: r.salesTotal, count: r.seconds })),
    totals: { total: report.totals.salesTotal, count: report.totals.seconds },
  };
}
