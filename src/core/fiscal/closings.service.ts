// Cash management and closings for one till: the opening float, cash in and
// out, the X report (the day so far, writes nothing) and the Z closing (the
// day, written once, numbered and chained by hash like the sales journal).
// Month and year closings add up the day closings. Once a period is closed,
// SalesService refuses sales into it (refuseClosedDay, in its transaction).
import { checkTextField } from '../basics/text-fields.js';
import { isCalendarDate, isCalendarMonth } from '../basics/calendar.js';
import type { Knex } from 'knex';
import { localDate, localMidnight, type Clock } from '../basics/clock.js';
import {
  checkDenominations,
  countedCash,
  dayTotals,
  sumTotals,
  type CashMovementKind,
  type DayMovement,
  type DayTotals,
  type Denominations,
} from './closing.js';
import { appendAuditEvent, type Actor } from './audit.service.js';
import { InputError, NotFoundError, ValidationError } from '../basics/errors.js';
import { canonicalClosing, chainHash, GENESIS_HASH, rowToCanonicalClosing, type CanonicalClosing } from './journal.js';
import { signLink, tillKeys } from './journal-keys.service.js';
import { insertId } from '../basics/rows.service.js';
import { num, numOrNull } from '../basics/row-values.js';
import { writeTransaction } from '../basics/transaction.service.js';

export type ClosingKind = 'day' | 'month' | 'year';

export interface CashMovement {
  id: number;
  tillId: number;
  kind: CashMovementKind;
  amount: number;
  reason: string;
  employeeId: number | null;
  businessDate: string;
  createdAt: string;
}

/** A movement as the day's list shows it: with the name of who made it. */
export interface DayCashMovement extends CashMovement {
  employeeName: string | null;
}

export interface XReport {
  tillId: number;
  date: string;
  totals: DayTotals;
  closed: boolean;
}

/** What is stored in `closings.totals`: the figures, plus the count for a Z. */
export interface ClosingTotals extends DayTotals {
  denominations: Denominations | null;
  difference: number | null;
}

export interface Closing extends Omit<CanonicalClosing, 'totals'> {
  id: number;
  kind: ClosingKind;
  totals: ClosingTotals;
  prevHash: string;
  hash: string;
  /** the public key (hex) of the till key that signed it, printed on the Z; null for a closing written before keys */
  publicKey: string | null;
}

/** What the drawer held: notes and coins, or just the amount. */
export type CashCount = { denominations: Denominations } | { cash: number };

const YEAR = /^\d{4}$/;

/** The closings with the public key that signed each (the till's key in service at its seq). */
async function withSigningKeys(knex: Knex, tillId: number, closings: Closing[]): Promise<Closing[]> {
  if (closings.length === 0) return closings;
  const keys = await tillKeys(knex, tillId);
  return closings.map((c) => ({ ...c, publicKey: [...keys].reverse().find((k) => k.firstClosingSeq <= c.seq)?.publicKey ?? null }));
}

function rowToClosing(r: Record<string, unknown>): Closing {
  const c = rowToCanonicalClosing(r);
  return {
    ...c,
    id: num(r.id),
    kind: c.kind as ClosingKind,
    // A closing stored before voids were counted has none in its totals: say so (null), don't invent zeros.
    totals: { voids: null, ...(JSON.parse(c.totals) as Omit<ClosingTotals, 'voids'>) } as ClosingTotals,
    prevHash: String(r.prev_hash),
    hash: String(r.hash),
    publicKey: null,
  };
}

/** Throws when the business day (or its month or year) is closed for the till. */
export async function refuseClosedDay(trx: Knex, tillId: number, date: string): Promise<void> {
  const closed = await trx('closings')
    .where({ till_id: tillId })
    .andWhere((q) => {
      q.where({ kind: 'day', period: date })
        .orWhere({ kind: 'month', period: date.slice(0, 7) })
        .orWhere({ kind: 'year', period: date.slice(0, 4) });
    })
    .first('kind', 'period');
  if (closed) throw new ValidationError(`La journée du ${date} est clôturée (clôture ${closed.kind === 'day' ? 'Z' : closed.kind === 'month' ? 'mensuelle' : 'annuelle'} ${closed.period}) : aucune vente possible`);
}

/** Reads one day of a till and adds it up. */
async function readDay(knex: Knex, tillId: number, date: string): Promise<DayTotals> {
  const sales = await knex('sales').where({ till_id: tillId, business_date: date }).select('id', 'number', 'total', 'discount_total');
  const returns = await knex('sale_lines as l')
    .join('sales as s', 's.id', 'l.sale_id')
    .where({ 's.till_id': tillId, 's.business_date': date })
    .andWhere('l.quantity', '<', 0)
    .groupBy('l.sale_id')
    .select('l.sale_id')
    .sum({ total: 'l.total' });
  const returnsOf = new Map((returns as Array<Record<string, unknown>>).map((r) => [num(r.sale_id), -num(r.total)]));
  const payments = await knex('payments as p')
    .join('sales as s', 's.id', 'p.sale_id')
    .where({ 's.till_id': tillId, 's.business_date': date })
    .select('p.method', 'p.amount');
  const taxes = await knex('sale_taxes as t')
    .join('sales as s', 's.id', 't.sale_id')
    .where({ 's.till_id': tillId, 's.business_date': date })
    .select('t.rate_bp', 't.total', 't.tax', 't.base');
  const movements = await knex('cash_movements').where({ till_id: tillId, business_date: date }).select('kind', 'amount');
  // Voids happen on open tickets, before any sale: they are audit events, dated by their UTC instant.
  const voids = await knex('audit_events')
    .where({ till_id: tillId })
    .whereIn('kind', ['void_line', 'cancel_ticket'])
    .where('created_at', '>=', localMidnight(date))
    .where('created_at', '<', localMidnight(date, 1))
    .select('kind', 'details');
  return dayTotals(
    sales.map((s) => ({ number: num(s.number), total: num(s.total), discountTotal: num(s.discount_total), returns: returnsOf.get(num(s.id)) ?? 0 })),
    payments.map((p) => ({ method: String(p.method), amount: num(p.amount) })),
    taxes.map((t) => ({ rateBp: num(t.rate_bp), total: num(t.total), tax: num(t.tax), base: num(t.base) })),
    movements.map((m): DayMovement => ({ kind: String(m.kind) as CashMovementKind, amount: num(m.amount) })),
    voids.map((v) => ({ kind: String(v.kind), details: String(v.details) })),
  );
}

export class ClosingsService {
  constructor(private readonly knex: Knex, private readonly clock: Clock, private readonly tillId: number) {}

  private today(): string {
    return localDate(this.clock());
  }

  /** Opening float, cash in or cash out (a reason is required for in and out). */
  async recordMovement(input: { kind: CashMovementKind; amount: number; reason?: string; employeeId: number | null }, actor?: Actor): Promise<CashMovement> {
    if (!['float', 'in', 'out'].includes(input.kind)) throw new InputError(`Mouvement de caisse inconnu : ${String(input.kind)}`);
    if (!Number.isInteger(input.amount) || input.amount <= 0) throw new InputError('Le montant doit être positif');
    const reason = (input.reason ?? '').trim();
    if (input.kind !== 'float' && reason === '') throw new InputError('Donnez le motif de l\'entrée ou de la sortie d\'espèces');
    checkTextField('cashReason', reason);
    const now = this.clock();
    const date = localDate(now);
    return writeTransaction(this.knex, async (trx) => {
      await refuseClosedDay(trx, this.tillId, date);
      if (input.kind === 'float') {
        const already = await trx('cash_movements').where({ till_id: this.tillId, business_date: date, kind: 'float' }).first('amount');
        if (already) throw new ValidationError(`Le fond de caisse du ${date} est déjà saisi`);
      }
      const row = {
        till_id: this.tillId,
        kind: input.kind,
        amount: input.amount,
        reason,
        employee_id: input.employeeId,
        business_date: date,
        created_at: now.toISOString(),
      };
      const id = await insertId(trx, 'cash_movements', row);
      // Who moved cash is on the audit chain, in the movement's own transaction.
      if (actor) {
        await appendAuditEvent(trx, actor.tillId, { kind: 'cash_movement', employeeId: actor.employeeId, approverId: actor.approverId ?? null, details: { movement: id, kind: input.kind, amount: input.amount, reason } }, now);
      }
      return { id, tillId: this.tillId, kind: input.kind, amount: input.amount, reason, employeeId: input.employeeId, businessDate: date, createdAt: row.created_at };
    });
  }

  /** The day's float, cash in and cash out of this till, in the order they were made, each with who made it. */
  async movements(date = this.today()): Promise<DayCashMovement[]> {
    const rows = await this.knex('cash_movements as m')
      .leftJoin('employees as e', 'e.id', 'm.employee_id')
      .where({ 'm.till_id': this.tillId, 'm.business_date': date })
      .orderBy('m.id')
      .select('m.*', { employee_name: 'e.name' });
    return rows.map((r) => ({
      id: num(r.id),
      tillId: num(r.till_id),
      kind: String(r.kind) as CashMovementKind,
      amount: num(r.amount),
      reason: String(r.reason),
      employeeId: numOrNull(r.employee_id),
      businessDate: String(r.business_date),
      createdAt: String(r.created_at),
      employeeName: r.employee_name == null ? null : String(r.employee_name),
    }));
  }

  /** The day's running totals; writes nothing. */
  async xReport(date = this.today()): Promise<XReport> {
    if (!isCalendarDate(date)) throw new InputError(`Date invalide : « ${date} » (AAAA-MM-JJ, un jour qui existe)`);
    const closed = await this.knex('closings').where({ till_id: this.tillId, kind: 'day', period: date }).first('id');
    return { tillId: this.tillId, date, totals: await readDay(this.knex, this.tillId, date), closed: Boolean(closed) };
  }

  /** The Z: closes the day once, with the cash counted against the cash expected. */
  async zClose(date: string, count: CashCount, employeeId: number | null): Promise<Closing> {
    if (!isCalendarDate(date)) throw new InputError(`Date invalide : « ${date} » (AAAA-MM-JJ, un jour qui existe)`);
    if (date > this.today()) throw new ValidationError(`Impossible de clôturer une journée à venir (${date})`);
    let denominations: Denominations | null = null;
    let cash: number;
    if ('denominations' in count) {
      const checked = checkDenominations(count.denominations);
      if (!checked.ok) throw new InputError(checked.error);
      denominations = checked.value;
      cash = countedCash(denominations);
    } else {
      if (!Number.isInteger(count.cash) || count.cash < 0) throw new InputError('Le montant compté doit être positif ou nul');
      cash = count.cash;
    }
    return this.writeClosing('day', date, employeeId, async (trx) => {
      const totals = await readDay(trx, this.tillId, date);
      return { totals: { ...totals, denominations, difference: cash - totals.cashExpected }, cashExpected: totals.cashExpected, cashCounted: cash, grandThrough: date };
    });
  }

  /** Month ('2026-11') or year ('2026') closing: the sum of its day closings, once the period is over and every day with sales is closed. */
  async closePeriod(kind: 'month' | 'year', period: string, employeeId: number | null): Promise<Closing> {
    if (kind === 'month' ? !isCalendarMonth(period) : !YEAR.test(period)) {
      throw new InputError(`Période invalide : « ${period} » (${kind === 'month' ? 'AAAA-MM' : 'AAAA'})`);
    }
    if (period >= this.today().slice(0, period.length)) throw new ValidationError(`La période ${period} n'est pas terminée`);
    return this.writeClosing(kind, period, employeeId, async (trx) => {
      // A period wholly before the till's first sale has nothing to close: an empty
      // closing there would only be a typing mistake written for ever in the chain.
      const first = await trx('sales').where({ till_id: this.tillId }).min({ date: 'business_date' }).first();
      const firstDate = first?.date ? String(first.date) : null;
      if (firstDate === null) throw new ValidationError(`Aucune vente sur la caisse ${this.tillId} : rien à clôturer pour ${period}`);
      if (period < firstDate.slice(0, period.length)) {
        throw new ValidationError(`La période ${period} précède la première vente de la caisse ${this.tillId} (${firstDate}) : rien à clôturer`);
      }
      const open = await trx('sales as s')
        .leftJoin('closings as c', (j) => {
          j.on('c.till_id', '=', 's.till_id').andOn('c.period', '=', 's.business_date').andOnVal('c.kind', '=', 'day');
        })
        .where('s.till_id', this.tillId)
        .andWhere('s.business_date', 'like', `${period}-%`)
        .whereNull('c.id')
        .min({ date: 's.business_date' })
        .first();
      if (open?.date) throw new ValidationError(`Clôturez d'abord la journée du ${String(open.date)} (Z)`);
      const days = await trx('closings').where({ till_id: this.tillId, kind: 'day' }).andWhere('period', 'like', `${period}-%`).orderBy('period');
      const totals = sumTotals(days.map((d) => rowToClosing(d).totals));
      const lastDay = days.length ? String(days[days.length - 1]!.period) : `${period}-00`;
      return { totals: { ...totals, denominations: null, difference: null }, cashExpected: null, cashCounted: null, grandThrough: lastDay };
    });
  }

  async list(filter: { kind?: ClosingKind; limit?: number } = {}): Promise<Closing[]> {
    const q = this.knex('closings').where({ till_id: this.tillId }).orderBy('seq', 'desc').limit(filter.limit ?? 100);
    if (filter.kind) q.andWhere({ kind: filter.kind });
    return withSigningKeys(this.knex, this.tillId, (await q).map(rowToClosing));
  }

  async get(kind: ClosingKind, period: string): Promise<Closing | null> {
    const row = await this.knex('closings').where({ till_id: this.tillId, kind, period }).first();
    return row ? (await withSigningKeys(this.knex, this.tillId, [rowToClosing(row)]))[0]! : null;
  }

  /**
   * Appends a closing to the till's chain in one transaction. The grand total
   * is perpetual: every sale of the till up to the period's last day, so it
   * does not depend on the order days were closed in.
   */
  private async writeClosing(
    kind: ClosingKind,
    period: string,
    employeeId: number | null,
    compute: (trx: Knex) => Promise<{ totals: ClosingTotals; cashExpected: number | null; cashCounted: number | null; grandThrough: string }>,
  ): Promise<Closing> {
    return writeTransaction(this.knex, async (trx) => {
      // Writing first takes the till's lock (as a sale does): a sale can't slip in while the day is added up.
      const bumped = await trx('tills').where({ id: this.tillId }).increment('closing_seq', 1);
      if (bumped !== 1) throw new NotFoundError(`Caisse ${this.tillId} inconnue`);
      const done = await trx('closings').where({ till_id: this.tillId, kind, period }).first('seq');
      if (done) throw new ValidationError(`${kind === 'day' ? 'La journée' : 'La période'} ${period} est déjà clôturée (clôture n° ${num(done.seq)})`);
      if (employeeId !== null) {
        const employee = await trx('employees').where({ id: employeeId }).first('id');
        if (!employee) throw new NotFoundError(`Employé ${employeeId} inconnu`);
      }
      const till = await trx('tills').where({ id: this.tillId }).first('closing_seq', 'closing_last_hash', 'journal_key_no');
      const figures = await compute(trx);
      const grand = await trx('sales').where({ till_id: this.tillId }).andWhere('business_date', '<=', figures.grandThrough).sum({ total: 'total' }).first();
      // The closing binds its sales: the hash of the last one it covers is part of its own.
      const lastSale =
        figures.totals.lastSaleNumber === null
          ? null
          : await trx('sales').where({ till_id: this.tillId, number: figures.totals.lastSaleNumber }).first('hash');
      const closing: CanonicalClosing = {
        tillId: this.tillId,
        seq: num(till.closing_seq),
        kind,
        period,
        firstSaleNumber: figures.totals.firstSaleNumber,
        lastSaleNumber: figures.totals.lastSaleNumber,
        salesCount: figures.totals.salesCount,
        total: figures.totals.total,
        grandTotal: num(grand?.total ?? 0),
        cashExpected: figures.cashExpected,
        cashCounted: figures.cashCounted,
        totals: JSON.stringify(figures.totals),
        employeeId,
        createdAt: this.clock().toISOString(),
        lastSaleHash: lastSale ? String(lastSale.hash) : '',
      };
      const prevHash = String(till.closing_last_hash || GENESIS_HASH);
      const hash = chainHash(prevHash, canonicalClosing(closing));
      const signature = await signLink(trx, this.tillId, num(till.journal_key_no), hash);
      const id = await insertId(trx, 'closings', {
        till_id: closing.tillId,
        seq: closing.seq,
        kind,
        period,
        first_sale_number: closing.firstSaleNumber,
        last_sale_number: closing.lastSaleNumber,
        sales_count: closing.salesCount,
        total: closing.total,
        grand_total: closing.grandTotal,
        cash_expected: closing.cashExpected,
        cash_counted: closing.cashCounted,
        totals: closing.totals,
        employee_id: employeeId,
        created_at: closing.createdAt,
        last_sale_hash: closing.lastSaleHash,
        prev_hash: prevHash,
        hash,
        signature,
      });
      await trx('tills').where({ id: this.tillId }).update({ closing_last_hash: hash });
      await appendAuditEvent(trx, this.tillId, { kind: 'closing', employeeId, details: { kind, period, seq: closing.seq, total: closing.total } }, new Date(closing.createdAt));
      const key = await trx('till_keys').where({ till_id: this.tillId, key_no: num(till.journal_key_no) }).first('public_key');
      return { ...closing, id, kind, totals: figures.totals, prevHash, hash, publicKey: key ? String(key.public_key) : null };
    });
  }
}
