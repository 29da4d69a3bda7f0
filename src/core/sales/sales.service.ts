// Completing a sale: ONE transaction writes the sale with the till's next
// number, its lines, VAT, payments, stock moves and its journal link, and
// removes the open ticket it came from, and what the sale owes the devices
// (its receipt job, a drawer kick for cash: see sale-duties.ts), so a till
// killed right after the commit still prints it. Only after it commits may
// the drawer open or the receipt print. A completed sale is never updated or
// deleted.
import { deleteOpenTicket } from './open-tickets.service.js';
import { isCalendarDate, isCalendarMonth } from '../basics/calendar.js';
import { checkTextField } from '../basics/text-fields.js';
import type { Knex } from 'knex';
import { postSaleToAccount } from '../customers/accounts.service.js';
import { refuseClosedDay } from '../fiscal/closings.service.js';
import { reorderAfterSale } from '../stock/auto-order.service.js';
import { localDate, localDateTime, type Clock } from '../basics/clock.js';
import { oweDrawerKick } from './drawer-kicks.service.js';
import { NotFoundError, ValidationError } from '../basics/errors.js';
import {
  canonicalSale,
  chainHash,
  GENESIS_HASH,
  type CanonicalPayment,
  type CanonicalSale,
  type CanonicalSaleLine,
  type CanonicalTax,
} from '../fiscal/journal.js';
import { signLink } from '../fiscal/journal-keys.service.js';
import { settle, type PaymentMethod, type Tender } from './payment.js';
import type { Unit } from '../basics/quantity.js';
import { recordSaleLoyalty } from '../customers/loyalty.service.js';
import { oweReceiptJob } from './print-queue.service.js';
import { saleDuties } from './sale-duties.js';
import { insertId, insertMany } from '../basics/rows.service.js';
import { bool, num } from '../basics/row-values.js';
import { applyTrackedStockMoves, inArticleOrder } from '../stock/stock.service.js';
import { computeTotals, describeDiscount, isTicket, manualDiscountLabel, type Ticket, type TicketLine, type TicketTotals } from './ticket.js';
import { writeTransaction } from '../basics/transaction.service.js';
import { checkReceiptReturns } from './receipt-returns.service.js';
import { rowToSaleHead, rowToSaleLine, rowToSalePayment, rowToSaleTax, saleLineRow, salePaymentRow, saleRow, saleTaxRow } from './sale-rows.js';
import type { ReturnOrigin } from './returns.js';
import { issueVoucher, redeemVoucher } from '../customers/vouchers.service.js';

/** A stored sale line: what the journal hashes, plus snapshots reports need. */
export interface SaleLine extends CanonicalSaleLine {
  categoryId: number | null;
  unit: Unit;
  cost: number;
  loyaltyPoints: number;
  /** what the line discount was ('Promo 3 pour 2', 'Remise Pros 5 %', a manual 'Remise 10 %'); '' for none */
  discountLabel: string;
  /** the promotion that gave the line discount, if any */
  promotionId: number | null;
  /** a return against a receipt: the sale and line it gives back (not hashed: the sale's own lines are) */
  origin?: ReturnOrigin | null;
}

export interface SalePayment extends CanonicalPayment {
  method: PaymentMethod;
}

export type SaleTax = CanonicalTax;

/** A completed sale: its hashed content, its id and its link in the till's chain. */
export interface Sale extends Omit<CanonicalSale, 'lines' | 'taxes' | 'payments'> {
  id: number;
  prevHash: string;
  hash: string;
  lines: SaleLine[];
  taxes: SaleTax[];
  payments: SalePayment[];
}

export type SaleSummary = Omit<Sale, 'lines' | 'taxes' | 'payments'> & { employeeName: string };

// A sale's rows, read and written (sale-rows.ts): re-exported for the readers of sales.
export { rowToSaleHead, rowToSaleLine, rowToSalePayment, rowToSaleTax, saleLineRow, salePaymentRow, saleRow, saleTaxRow };

/** Tender methods the sale can settle ('account' writes the customer's ledger, see accounts.ts). */
const SETTLEABLE: ReadonlySet<PaymentMethod> = new Set(['cash', 'card', 'cheque', 'meal_voucher', 'mobile', 'voucher', 'account']);

/**
 * The label and promotion kept with a discounted line: the pricing rule's label,
 * or the cashier's manual discount as the screen showed it (a manual discount wins).
 */
function discountRecord(line: TicketLine, lineDiscount: number): Pick<SaleLine, 'discountLabel' | 'promotionId'> {
  if (lineDiscount === 0) return { discountLabel: '', promotionId: null };
  if (line.discount) return { discountLabel: manualDiscountLabel(line.discount), promotionId: null };
  const auto = line.autoDiscount ?? null;
  return { discountLabel: (auto?.label ?? '').slice(0, 60), promotionId: auto?.promotionId ?? null };
}

/** The stored lines of a ticket with its computed totals: what the sale and the journal record of each line. */
export function saleLinesOf(ticket: Ticket, totals: TicketTotals): SaleLine[] {
  return ticket.lines.map((l, i) => {
    const t = totals.lines[i]!;
    return {
      lineNo: i + 1,
      articleId: l.articleId,
      code: l.code,
      name: l.name,
      categoryId: l.categoryId,
      unit: l.unit,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      listPrice: l.listPrice,
      taxRateBp: l.taxRateBp,
      gross: t.gross,
      lineDiscount: t.lineDiscount,
      ticketDiscount: t.ticketDiscount,
      total: t.total,
      cost: l.cost,
      priceOverridden: l.priceOverridden,
      loyaltyPoints: l.loyaltyPoints,
      ...discountRecord(l, t.lineDiscount),
      origin: l.origin ?? null,
    };
  });
}

/** A sale before it is stored: what the journal hashes, with the stored lines and payments. */
export type SaleDraft = Omit<CanonicalSale, 'lines' | 'payments'> & { lines: SaleLine[]; payments: SalePayment[] };

/** A sale as the journal hashes it and the tables store it: the ticket, its totals and payments, at its number and instant. */
export function saleHeadOf(a: {
  tillId: number;
  number: number;
  at: Date;
  employeeId: number;
  ticket: Ticket;
  totals: TicketTotals;
  settlement: { tendered: number; change: number };
  payments: SalePayment[];
  /** the till's perpetual grand totals before this sale */
  grandTotalBefore: number;
  grandTotalAbsBefore: number;
}): SaleDraft {
  const lines = saleLinesOf(a.ticket, a.totals);
  return {
    tillId: a.tillId,
    number: a.number,
    ticketId: a.ticket.id,
    createdAt: a.at.toISOString(),
    businessDate: localDate(a.at),
    localTime: localDateTime(a.at),
    employeeId: a.employeeId,
    customerId: a.ticket.customerId,
    lineCount: lines.length,
    grossTotal: a.totals.grossTotal,
    discountTotal: a.totals.discountTotal,
    total: a.totals.total,
    taxTotal: a.totals.taxTotal,
    tenderedTotal: a.settlement.tendered,
    changeGiven: a.settlement.change,
    ticketDiscount: describeDiscount(a.ticket.discount),
    grandTotal: a.grandTotalBefore + a.totals.total,
    grandTotalAbs: a.grandTotalAbsBefore + Math.abs(a.totals.total),
    lines,
    taxes: a.totals.vat.map((v) => ({ rateBp: v.rateBp, total: v.total, tax: v.tax, base: v.base })),
    payments: a.payments,
  };
}

export interface CompleteOptions {
  tillId?: number;
  /** manager letting an on-account sale exceed the overdraft limit */
  accountOverrideBy?: number | null;
  /** the sale's instant, when it is not now: a sale made offline is replayed on the server with its own time */
  at?: Date;
  /** the uuid the sale was born with: a second sale with the same uuid is refused (AlreadyRecordedError) */
  originUuid?: string;
  /** more writes that must commit with the sale, in its transaction (the offline outbox row) */
  alsoWrite?: (trx: Knex.Transaction, sale: Sale) => Promise<void>;
  /**
   * false: the sale owes no print job or drawer kick in this database (a sale
   * made offline: its receipt printed at the till, its replay must not print
   * it again). Default true.
   */
  deviceDuties?: boolean;
}

/** The sale with this origin uuid is already in the journal (a replay of a sale the server already has). */
export class AlreadyRecordedError extends ValidationError {
  constructor(readonly number: number, readonly hash: string) {
    super(`Vente déjà enregistrée (n° ${number})`);
    this.name = 'AlreadyRecordedError';
  }
}

export class SalesService {
  constructor(private readonly knex: Knex, private readonly clock: Clock, private readonly tillId: number) {}

  /**
   * Commits the ticket as a sale paid by the tenders, in one transaction, and
   * returns the committed sale. Refuses (changing nothing) an empty ticket,
   * tenders that don't settle the total, an unknown employee or till, or a
   * ticket that was already completed.
   */
  async complete(
    ticket: Ticket,
    tenders: Tender[],
    employeeId: number,
    options: CompleteOptions = {},
  ): Promise<Sale> {
    const tillId = options.tillId ?? this.tillId;
    if (!isTicket(ticket)) throw new ValidationError('Ticket illisible');
    if (ticket.lines.length === 0) throw new ValidationError('Le ticket est vide');
    const unsupported = tenders.find((t) => !SETTLEABLE.has(t.method));
    if (unsupported) throw new ValidationError(`Moyen de paiement non disponible ici : ${unsupported.method}`);
    const totals = computeTotals(ticket);
    const settlement = settle(totals.total, tenders);
    if (!settlement.ok) throw new ValidationError(settlement.error);
    for (const t of tenders) checkTextField('paymentReference', t.reference);
    if (tenders.some((t) => t.method === 'voucher' && t.amount > 0 && !t.reference?.trim())) {
      throw new ValidationError('Scannez ou tapez le code du bon');
    }
    if (tenders.some((t) => t.method === 'account') && ticket.customerId === null) {
      throw new ValidationError('Paiement en compte : attachez d\'abord un client au ticket');
    }

    let shopId = 1;
    const sale = await writeTransaction(this.knex, async (trx) => {
      // One statement bumps the sale number and reads the till back. PostgreSQL
      // locks the till's row first: one sale at a time per till; on SQLite this
      // first UPDATE takes the write lock (startsWithWrite, below).
      const [till] = await trx('tills')
        .where({ id: tillId })
        .increment('sale_seq', 1)
        .returning(['sale_seq', 'grand_total', 'grand_total_abs', 'sale_last_hash', 'journal_key_no', 'shop_id']);
      if (!till) throw new NotFoundError(`Caisse ${tillId} inconnue`);
      if (options.originUuid) {
        const known = await trx('sales').where({ origin_uuid: options.originUuid }).first('number', 'hash');
        if (known) throw new AlreadyRecordedError(num(known.number), String(known.hash));
      }
      // One read for two checks: the ticket not sold yet, its employee active.
      const checks = await trx.first({
        done: trx('sales').where({ ticket_id: ticket.id }).select('number').limit(1),
        employeeActive: trx('employees').where({ id: employeeId }).select('active'),
      });
      if (checks.done !== null && checks.done !== undefined) throw new ValidationError(`Ce ticket a déjà été encaissé (vente n° ${checks.done})`);
      // Returns against a receipt: never beyond what was sold, across every till's returns.
      await checkReceiptReturns(trx, ticket, totals);
      if (!bool(checks.employeeActive)) throw new NotFoundError(`Employé ${employeeId} inconnu ou inactif`);

      const now = options.at ?? this.clock();
      await refuseClosedDay(trx, tillId, localDate(now));
      // A refund paid out "in voucher" becomes a credit note: its code goes in
      // the payment's reference (and so in the journal) and on the receipt.
      const creditNotes: number[] = [];
      const payments: SalePayment[] = [];
      for (const [i, p] of settlement.payments.entries()) {
        let reference = p.reference;
        if (p.method === 'voucher' && p.amount < 0) {
          const note = await issueVoucher(trx, { kind: 'credit_note', amount: -p.amount, customerId: ticket.customerId, employeeId }, now);
          creditNotes.push(note.id);
          reference = note.code;
        }
        payments.push({ lineNo: i + 1, ...p, reference });
      }
      const head = saleHeadOf({
        tillId,
        number: num(till.sale_seq),
        at: now,
        employeeId,
        ticket,
        totals,
        settlement,
        payments,
        grandTotalBefore: num(till.grand_total),
        grandTotalAbsBefore: num(till.grand_total_abs),
      });
      const lines = head.lines;
      const prevHash = String(till.sale_last_hash || GENESIS_HASH);
      const hash = chainHash(prevHash, canonicalSale(head));
      const signature = await signLink(trx, tillId, num(till.journal_key_no), hash);

      const saleId = await insertId(trx, 'sales', { ...saleRow(head, prevHash, hash), signature, origin_uuid: options.originUuid ?? null });
      await insertMany(trx, 'sale_lines', lines.map((l) => saleLineRow(saleId, l)));
      await insertMany(trx, 'sale_taxes', head.taxes.map((t) => saleTaxRow(saleId, t)));
      await insertMany(trx, 'payments', head.payments.map((p) => salePaymentRow(saleId, p)));

      for (const p of head.payments) {
        if (p.method === 'voucher' && p.amount > 0) await redeemVoucher(trx, p.reference, p.amount, now);
      }
      if (creditNotes.length > 0) await trx('vouchers').whereIn('id', creditNotes).update({ issued_sale_id: saleId });
      for (const p of head.payments) {
        if (p.method !== 'account') continue;
        await postSaleToAccount(
          trx,
          { customerId: ticket.customerId!, saleId, amount: p.amount, employeeId, tillId, approverId: options.accountOverrideBy ?? null },
          now,
        );
      }
      // Loyalty progress, and the reward the ticket gives, commit with the sale.
      await recordSaleLoyalty(trx, { saleId, ticket, totals, employeeId }, now);

      await trx('tills').where({ id: tillId }).update({
        sale_last_hash: hash,
        grand_total: head.grandTotal,
        grand_total_abs: head.grandTotalAbs,
      });
      await deleteOpenTicket(trx, ticket.id);
      if (options.deviceDuties !== false) {
        const duties = saleDuties(head.payments);
        if (duties.receipt) await oweReceiptJob(trx, tillId, saleId, now);
        if (duties.drawerKick) await oweDrawerKick(trx, tillId, saleId, now);
      }
      // The stock last, just before the commit: on PostgreSQL these row locks are
      // what tills selling the same articles wait on (82 % of a commit's time at
      // 8 tills when taken mid-sale, see the multi-till bench), so they are held
      // for the fewest round trips. In article order, so tills never deadlock.
      // The till's shop, read with its row: the stock that moves is that shop's.
      shopId = num(till.shop_id);
      const stockMoves = inArticleOrder(lines).flatMap((l) =>
        l.articleId === null ? [] : [{ shopId, articleId: l.articleId, quantity: -l.quantity, reason: l.quantity > 0 ? ('sale' as const) : ('return' as const), saleId, employeeId, tillId }],
      );
      await applyTrackedStockMoves(trx, stockMoves, now);
      const sale: Sale = { id: saleId, prevHash, hash, ...head };
      if (options.alsoWrite) await options.alsoWrite(trx, sale);
      return sale;
    }, { startsWithWrite: true });
    // After the commit, so the sale never fails because of it (see auto-order.ts).
    await reorderAfterSale(this.knex, this.clock, shopId, sale.lines);
    return sale;
  }

  async get(id: number): Promise<Sale | null> {
    const row = await this.knex('sales').where({ id }).first();
    if (!row) return null;
    const [lines, taxes, payments] = await Promise.all([
      this.knex('sale_lines').where({ sale_id: id }).orderBy('line_no'),
      this.knex('sale_taxes').where({ sale_id: id }).orderBy('rate_bp', 'desc'),
      this.knex('payments').where({ sale_id: id }).orderBy('line_no'),
    ]);
    return { ...rowToSaleHead(row), lines: lines.map(rowToSaleLine), taxes: taxes.map(rowToSaleTax), payments: payments.map(rowToSalePayment) };
  }

  async getByNumber(tillId: number, number: number): Promise<Sale | null> {
    const row = await this.knex('sales').where({ till_id: tillId, number }).first('id');
    return row ? this.get(num(row.id)) : null;
  }

  /**
   * Completed sales, newest first, for the journal browser: `query` matches a
   * sale number, a day (`2026-11-22`) or a month (`2026-11`).
   */
  async list(options: { query?: string; limit?: number; offset?: number; tillId?: number } = {}): Promise<SaleSummary[]> {
    const q = this.knex('sales as s')
      .join('employees as e', 'e.id', 's.employee_id')
      .select('s.*', 'e.name as employee_name')
      .orderBy('s.id', 'desc')
      .limit(options.limit ?? 50)
      .offset(options.offset ?? 0);
    if (options.tillId !== undefined) q.where('s.till_id', options.tillId);
    const query = (options.query ?? '').trim();
    if (/^\d{1,9}$/.test(query)) q.where('s.number', Number(query));
    else if (isCalendarDate(query) || isCalendarMonth(query)) q.where('s.business_date', 'like', `${query}%`);
    else if (query) return [];
    const rows = await q;
    return rows.map((r) => ({ ...rowToSaleHead(r), employeeName: String(r.employee_name) }));
  }

  /**
   * Completed sales of every till whose business day is in [from, to] (both
   * YYYY-MM-DD, included), in id order after a cursor, each with its lines,
   * VAT and payments: the HTTP API's read-only view (three batched reads a page).
   */
  async inRange(range: { from: string; to: string; afterId?: number; limit: number }): Promise<Sale[]> {
    const q = this.knex('sales').where('business_date', '>=', range.from).andWhere('business_date', '<=', range.to);
    if (range.afterId !== undefined) q.andWhere('id', '>', range.afterId);
    const heads = await q.orderBy('id').limit(range.limit);
    if (heads.length === 0) return [];
    const ids = heads.map((h) => num(h.id));
    const [lines, taxes, payments] = await Promise.all([
      this.knex('sale_lines').whereIn('sale_id', ids).orderBy(['sale_id', 'line_no']),
      this.knex('sale_taxes').whereIn('sale_id', ids).orderBy([{ column: 'sale_id' }, { column: 'rate_bp', order: 'desc' }]),
      this.knex('payments').whereIn('sale_id', ids).orderBy(['sale_id', 'line_no']),
    ]);
    const group = <T>(rows: Array<Record<string, unknown>>, map: (r: Record<string, unknown>) => T) => {
      const by = new Map<number, T[]>();
      for (const r of rows) {
        const id = num(r.sale_id);
        if (!by.has(id)) by.set(id, []);
        by.get(id)!.push(map(r));
      }
      return by;
    };
    const [l, t, p] = [group(lines, rowToSaleLine), group(taxes, rowToSaleTax), group(payments, rowToSalePayment)];
    return heads.map((h) => {
      const id = num(h.id);
      return { ...rowToSaleHead(h), lines: l.get(id) ?? [], taxes: t.get(id) ?? [], payments: p.get(id) ?? [] };
    });
  }

  async count(tillId?: number): Promise<number> {
    const q = this.knex('sales').count({ n: '*' });
    if (tillId !== undefined) q.where({ till_id: tillId });
    const row = await q.first();
    return num(row?.n ?? 0);
  }
}
