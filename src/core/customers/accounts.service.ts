// The customer account (compte client): a ledger of entries per customer.
// Positive entries are debts (a sale on account), negative ones are credits
// (a payment received, a credit note from a return). The balance is their sum:
// positive means the customer owes the shop.
//
// Settling: every credit is matched to debits oldest first and recorded in
// account_allocations. After each new entry the customer's open credits are
// matched to their open debits in entry order, so a payment settles the
// oldest debts first and an overpayment (or a credit note) stays open as a
// credit that the next debts consume. Only one side is ever left open.
//
// Account payments and credit notes on the account are not sales: no sale
// row, no VAT, never in sales totals. A sale paid on account is a sale, its
// entry is written in the sale's own transaction (see SalesService.complete).
import { ACCOUNT_PAYMENT_NOTES, isAccountPaymentMethod, type AccountPaymentMethod } from './account-payment.js';
import type { Knex } from 'knex';
import { appendAuditEvent } from '../fiscal/audit.service.js';
import { refuseClosedDay } from '../fiscal/closings.service.js';
import { localDate, type Clock } from '../basics/clock.js';
import { InputError, NotFoundError, ValidationError } from '../basics/errors.js';
import { formatMoney } from '../basics/money.js';
import { insertId } from '../basics/rows.service.js';
import { bool, num, numOrNull } from '../basics/row-values.js';
import { writeTransaction } from '../basics/transaction.service.js';

export const ACCOUNT_ENTRY_KINDS = ['on_account', 'payment', 'credit_note', 'adjustment'] as const;
export type AccountEntryKind = (typeof ACCOUNT_ENTRY_KINDS)[number];

const METHOD_LABELS = ACCOUNT_PAYMENT_NOTES;
const KIND_LABELS: Record<AccountEntryKind, string> = {
  on_account: 'Achat en compte',
  payment: 'Versement',
  credit_note: 'Avoir (retour)',
  adjustment: 'Ajustement',
};

export interface AccountEntry {
  id: number;
  customerId: number;
  amount: number;
  kind: AccountEntryKind;
  saleId: number | null;
  employeeId: number | null;
  tillId: number | null;
  note: string;
  createdAt: string;
}

export interface OpenDebit extends AccountEntry {
  /** what is still owed on this debit */
  open: number;
}

export interface Allocation {
  creditEntryId: number;
  debitEntryId: number;
  amount: number;
}

export interface CustomerBalance {
  customerId: number;
  code: string;
  name: string;
  balance: number;
  overdraftLimit: number;
}

export interface StatementLine {
  date: string;
  saleNumber: number | null;
  label: string;
  debit: number;
  credit: number;
  balance: number;
}

export interface CustomerStatement {
  customer: { id: number; code: string; name: string; address: string; postalCode: string; city: string };
  month: string;
  opening: number;
  lines: StatementLine[];
  totalDebit: number;
  totalCredit: number;
  closing: number;
}

/** Refusal of a sale on account beyond the customer's overdraft limit; `over` is the amount beyond it. */
export class OverLimitError extends ValidationError {
  constructor(readonly over: number, readonly balance: number, readonly limit: number) {
    super(`Encours dépassé de ${formatMoney(over)} (solde ${formatMoney(balance)}, limite ${formatMoney(limit)}) : autorisation du gérant nécessaire`);
    this.name = 'OverLimitError';
  }
}

function toEntry(r: Record<string, unknown>): AccountEntry {
  return {
    id: num(r.id),
    customerId: num(r.customer_id),
    amount: num(r.amount),
    kind: String(r.kind) as AccountEntryKind,
    saleId: numOrNull(r.sale_id),
    employeeId: numOrNull(r.employee_id),
    tillId: numOrNull(r.till_id),
    note: String(r.note),
    createdAt: String(r.created_at),
  };
}

/** The label of an entry on a statement: its kind, and its note when it says more. */
export function entryLabel(e: Pick<AccountEntry, 'kind' | 'note'>): string {
  const base = KIND_LABELS[e.kind] ?? e.kind;
  return e.note ? `${base} ${e.note}` : base;
}

/** 'YYYY-MM' -> the UTC instants where that local month starts and ends (created_at is stored in UTC). */
export function monthBounds(month: string): { start: string; end: string } {
  const m = /^(\d{4})-(\d{2})$/.exec(month);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new InputError(`Mois invalide : « ${month} » (attendu AAAA-MM, par ex. 2026-11)`);
  const year = Number(m[1]);
  const index = Number(m[2]) - 1;
  return { start: new Date(year, index, 1).toISOString(), end: new Date(year, index + 1, 1).toISOString() };
}

async function balanceOf(knex: Knex, customerId: number): Promise<number> {
  const row = await knex('account_entries').where({ customer_id: customerId }).sum({ total: 'amount' }).first();
  return num(row?.total ?? 0);
}

/** Allocations touching this customer's entries, summed per entry and side. */
async function allocatedPerEntry(knex: Knex, customerId: number): Promise<{ asDebit: Map<number, number>; asCredit: Map<number, number> }> {
  const ids = knex('account_entries').where({ customer_id: customerId }).select('id');
  const [debits, credits] = await Promise.all([
    knex('account_allocations').whereIn('debit_entry_id', ids).groupBy('debit_entry_id').select('debit_entry_id as id').sum({ total: 'amount' }),
    knex('account_allocations').whereIn('credit_entry_id', ids).groupBy('credit_entry_id').select('credit_entry_id as id').sum({ total: 'amount' }),
  ]);
  return {
    asDebit: new Map((debits as Array<Record<string, unknown>>).map((r) => [num(r.id), num(r.total)])),
    asCredit: new Map((credits as Array<Record<string, unknown>>).map((r) => [num(r.id), num(r.total)])),
  };
}

/**
 * Matches the customer's open credits to their open debits, oldest first on
 * both sides, and records the allocations. Call inside the transaction that
 * wrote the new entry.
 */
export async function settleAccount(trx: Knex, customerId: number): Promise<Allocation[]> {
  const entries = (await trx('account_entries').where({ customer_id: customerId }).orderBy('id')).map(toEntry);
  const { asDebit, asCredit } = await allocatedPerEntry(trx, customerId);
  const debits = entries.filter((e) => e.amount > 0).map((e) => ({ id: e.id, open: e.amount - (asDebit.get(e.id) ?? 0) })).filter((d) => d.open > 0);
  const credits = entries.filter((e) => e.amount < 0).map((e) => ({ id: e.id, open: -e.amount - (asCredit.get(e.id) ?? 0) })).filter((c) => c.open > 0);
  const made: Allocation[] = [];
  let d = 0;
  let c = 0;
  while (d < debits.length && c < credits.length) {
    const debit = debits[d]!;
    const credit = credits[c]!;
    const amount = Math.min(debit.open, credit.open);
    made.push({ creditEntryId: credit.id, debitEntryId: debit.id, amount });
    debit.open -= amount;
    credit.open -= amount;
    if (debit.open === 0) d += 1;
    if (credit.open === 0) c += 1;
  }
  if (made.length > 0) {
    await trx('account_allocations').insert(made.map((a) => ({ credit_entry_id: a.creditEntryId, debit_entry_id: a.debitEntryId, amount: a.amount })));
  }
  return made;
}

/**
 * Takes the customer's row lock for the rest of the transaction: a no-op
 * UPDATE locks the row on PostgreSQL (a second till waits here, then reads
 * the committed balance) and SQLite already holds its single write lock.
 * Portable, unlike SELECT … FOR UPDATE.
 */
async function lockCustomer(trx: Knex, customerId: number): Promise<{ overdraftLimit: number; code: string; name: string }> {
  const touched = await trx('customers').where({ id: customerId }).update({ overdraft_limit: trx.raw('overdraft_limit') });
  if (touched !== 1) throw new NotFoundError(`Client ${customerId} introuvable`);
  const row = await trx('customers').where({ id: customerId }).first('overdraft_limit', 'code', 'first_name', 'last_name');
  return { overdraftLimit: num(row.overdraft_limit), code: String(row.code), name: `${String(row.first_name)} ${String(row.last_name)}`.trim() };
}

export interface SaleAccountInput {
  customerId: number;
  saleId: number;
  /** the 'account' tender: positive = bought on account, negative = refund as a credit note on the account */
  amount: number;
  employeeId: number;
  tillId: number;
  /** a manager who lets this sale go beyond the customer's overdraft limit */
  approverId?: number | null;
}

/**
 * Writes the account entry of a sale paid (or refunded) on account. Call
 * INSIDE the sale's transaction, so the sale and its entry commit together.
 * Beyond the overdraft limit it throws OverLimitError (the whole sale rolls
 * back) unless a manager approves; the override is then an audit event
 * naming both employees.
 */
export async function postSaleToAccount(trx: Knex, input: SaleAccountInput, at: Date): Promise<AccountEntry> {
  if (!Number.isInteger(input.amount) || input.amount === 0) throw new InputError('Montant en compte invalide');
  const customer = await lockCustomer(trx, input.customerId);
  if (input.amount > 0) {
    const balance = await balanceOf(trx, input.customerId);
    const over = balance + input.amount - customer.overdraftLimit;
    if (over > 0) {
      if (!input.approverId) throw new OverLimitError(over, balance, customer.overdraftLimit);
      const approver = await trx('employees').where({ id: input.approverId }).first('role', 'active');
      if (!approver || !bool(approver.active) || (approver.role !== 'manager' && approver.role !== 'owner')) {
        throw new ValidationError('Seul un gérant peut autoriser un dépassement d\'encours');
      }
      await appendAuditEvent(
        trx,
        input.tillId,
        {
          kind: 'account_over_limit',
          employeeId: input.employeeId,
          approverId: input.approverId,
          saleId: input.saleId,
          details: { customer: customer.code, amount: input.amount, balance, limit: customer.overdraftLimit, over },
        },
        at,
      );
    }
  }
  const id = await insertId(trx, 'account_entries', {
    customer_id: input.customerId,
    amount: input.amount,
    kind: input.amount > 0 ? 'on_account' : 'credit_note',
    sale_id: input.saleId,
    employee_id: input.employeeId,
    till_id: input.tillId,
    note: '',
    created_at: at.toISOString(),
  });
  await settleAccount(trx, input.customerId);
  return toEntry((await trx('account_entries').where({ id }).first())!);
}

export interface ReceivePaymentInput {
  customerId: number;
  amount: number;
  method: AccountPaymentMethod;
  employeeId: number | null;
  /** who typed their PIN to allow it, when the table asks more than the employee's role */
  approverId?: number | null;
  /** the till where the money was received (default: this till) */
  tillId?: number;
}

export class AccountsService {
  constructor(private readonly knex: Knex, private readonly clock: Clock, private readonly tillId: number) {}

  /** What the customer owes (positive) or has in credit (negative). */
  balance(customerId: number): Promise<number> {
    return balanceOf(this.knex, customerId);
  }

  async entries(customerId: number): Promise<AccountEntry[]> {
    return (await this.knex('account_entries').where({ customer_id: customerId }).orderBy('id')).map(toEntry);
  }

  async allocations(customerId: number): Promise<Allocation[]> {
    const ids = this.knex('account_entries').where({ customer_id: customerId }).select('id');
    const rows = await this.knex('account_allocations').whereIn('debit_entry_id', ids).orderBy('id');
    return rows.map((r) => ({ creditEntryId: num(r.credit_entry_id), debitEntryId: num(r.debit_entry_id), amount: num(r.amount) }));
  }

  /** Debts not yet settled, oldest first, with what is still open on each. */
  async openDebits(customerId: number): Promise<OpenDebit[]> {
    const entries = await this.entries(customerId);
    const { asDebit } = await allocatedPerEntry(this.knex, customerId);
    return entries
      .filter((e) => e.amount > 0)
      .map((e) => ({ ...e, open: e.amount - (asDebit.get(e.id) ?? 0) }))
      .filter((e) => e.open > 0);
  }

  /**
   * What the customer can spend without paying: the remaining value of their
   * unexpired vouchers plus any credit on the account.
   */
  async storeCredit(customerId: number): Promise<number> {
    const now = this.clock().toISOString();
    const row = await this.knex('vouchers')
      .where({ customer_id: customerId })
      .andWhere('remaining', '>', 0)
      .andWhere((w) => w.whereNull('expires_at').orWhere('expires_at', '>=', now))
      .sum({ total: 'remaining' })
      .first();
    return num(row?.total ?? 0) + Math.max(0, -(await this.balance(customerId)));
  }

  /** Balance, limit and store credit together, for the till's header. */
  async summary(customerId: number): Promise<{ balance: number; overdraftLimit: number; storeCredit: number }> {
    const [balance, customer, storeCredit] = await Promise.all([
      this.balance(customerId),
      this.knex('customers').where({ id: customerId }).first('overdraft_limit'),
      this.storeCredit(customerId),
    ]);
    return { balance, overdraftLimit: num(customer?.overdraft_limit ?? 0), storeCredit };
  }

  /** How much a purchase of `amount` on account would go beyond the limit (0 when within). A hint only: the sale re-checks under lock. */
  async overLimitBy(customerId: number, amount: number): Promise<number> {
    const { balance, overdraftLimit } = await this.summary(customerId);
    return Math.max(0, balance + amount - overdraftLimit);
  }

  /** Every customer with an account history or an overdraft limit, by name. */
  async balances(): Promise<CustomerBalance[]> {
    const sums = this.knex('account_entries').groupBy('customer_id').select('customer_id').sum({ balance: 'amount' }).as('b');
    const rows = await this.knex('customers as c')
      .leftJoin(sums, 'b.customer_id', 'c.id')
      .where((w) => w.whereNotNull('b.customer_id').orWhere('c.overdraft_limit', '>', 0))
      .orderBy(['c.last_name', 'c.first_name', 'c.code'])
      .select('c.id', 'c.code', 'c.first_name', 'c.last_name', 'c.overdraft_limit', 'b.balance');
    return rows.map((r) => ({
      customerId: num(r.id),
      code: String(r.code),
      name: `${String(r.first_name)} ${String(r.last_name)}`.trim(),
      balance: num(r.balance ?? 0),
      overdraftLimit: num(r.overdraft_limit),
    }));
  }

  /**
   * A payment received on account (not a sale: no sale row, no VAT). It
   * settles the oldest debts first; cash also goes in the drawer's movements
   * so the closing count stays right.
   */
  async receivePayment(input: ReceivePaymentInput): Promise<{ entry: AccountEntry; allocations: Allocation[]; balance: number }> {
    if (!Number.isInteger(input.amount) || input.amount <= 0) throw new InputError('Montant du versement invalide (positif, en euros)');
    if (!isAccountPaymentMethod(input.method)) throw new InputError(`Moyen de versement inconnu : ${String(input.method)} (espèces, carte, chèque ou mobile)`);
    const tillId = input.tillId ?? this.tillId;
    return writeTransaction(this.knex, async (trx) => {
      const customer = await lockCustomer(trx, input.customerId);
      const now = this.clock();
      const id = await insertId(trx, 'account_entries', {
        customer_id: input.customerId,
        amount: -input.amount,
        kind: 'payment',
        sale_id: null,
        employee_id: input.employeeId,
        till_id: tillId,
        note: METHOD_LABELS[input.method],
        created_at: now.toISOString(),
      });
      if (input.method === 'cash') {
        // Cash goes in the drawer: a day whose Z is done can't take it (same rule as a sale).
        await refuseClosedDay(trx, tillId, localDate(now));
        await trx('cash_movements').insert({
          till_id: tillId,
          kind: 'in',
          amount: input.amount,
          reason: `Versement compte client ${customer.code} ${customer.name}`.slice(0, 200),
          employee_id: input.employeeId,
          business_date: localDate(now),
          created_at: now.toISOString(),
        });
      }
      // Not a sale, so not in the sales journal: the chained audit trail records who took the money.
      await appendAuditEvent(
        trx,
        tillId,
        { kind: 'account_payment', employeeId: input.employeeId, approverId: input.approverId ?? null, details: { customer: customer.code, amount: input.amount, method: input.method, entry: id } },
        now,
      );
      const allocations = await settleAccount(trx, input.customerId);
      const entry = toEntry((await trx('account_entries').where({ id }).first())!);
      return { entry, allocations, balance: await balanceOf(trx, input.customerId) };
    });
  }

  /** Monthly statements: one per customer with account history up to that month (or just the one asked for). */
  async statement(month: string, customerCode?: string): Promise<CustomerStatement[]> {
    const { start, end } = monthBounds(month);
    const customers = this.knex('customers').orderBy(['last_name', 'first_name', 'code']);
    if (customerCode !== undefined) {
      const found = await this.knex('customers').where({ code: customerCode.trim() }).first('id');
      if (!found) throw new NotFoundError(`Client ${customerCode} introuvable`);
      customers.where({ code: customerCode.trim() });
    } else {
      customers.whereIn('id', this.knex('account_entries').where('created_at', '<', end).distinct('customer_id'));
    }
    const out: CustomerStatement[] = [];
    for (const c of await customers) {
      const id = num(c.id);
      const openingRow = await this.knex('account_entries').where({ customer_id: id }).andWhere('created_at', '<', start).sum({ total: 'amount' }).first();
      const opening = num(openingRow?.total ?? 0);
      const rows = await this.knex('account_entries as e')
        .leftJoin('sales as s', 's.id', 'e.sale_id')
        .where('e.customer_id', id)
        .andWhere('e.created_at', '>=', start)
        .andWhere('e.created_at', '<', end)
        .orderBy('e.id')
        .select('e.*', 's.number as sale_number');
      let balance = opening;
      let totalDebit = 0;
      let totalCredit = 0;
      const lines = rows.map((r) => {
        const e = toEntry(r);
        balance += e.amount;
        const debit = Math.max(0, e.amount);
        const credit = Math.max(0, -e.amount);
        totalDebit += debit;
        totalCredit += credit;
        return { date: localDate(new Date(e.createdAt)), saleNumber: numOrNull(r.sale_number), label: entryLabel(e), debit, credit, balance };
      });
      out.push({
        customer: {
          id,
          code: String(c.code),
          name: `${String(c.first_name)} ${String(c.last_name)}`.trim(),
          address: String(c.address),
          postalCode: String(c.postal_code),
          city: String(c.city),
        },
        month,
        opening,
        lines,
        totalDebit,
        totalCredit,
        closing: balance,
      });
    }
    return out;
  }
}
