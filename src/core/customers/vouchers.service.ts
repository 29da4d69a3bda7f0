// Vouchers (avoirs, gift vouchers): a code printed as an EAN-13 in the
// in-store range 28…, a value, and what remains of it. A voucher is money the
// shop owes, not a sale: issuing one never counts in sales totals or VAT.
import { randomInt } from 'node:crypto';
import type { Knex } from 'knex';
import { makeEan13 } from '../sales/barcode.js';
import type { Clock } from '../basics/clock.js';
import { ValidationError } from '../basics/errors.js';
import { formatMoney } from '../basics/money.js';
import { insertId } from '../basics/rows.service.js';
import { num, numOrNull } from '../basics/row-values.js';
import { writeTransaction } from '../basics/transaction.service.js';

export const VOUCHER_KINDS = ['credit_note', 'gift', 'loyalty'] as const;
export type VoucherKind = (typeof VOUCHER_KINDS)[number];

export interface Voucher {
  id: number;
  code: string;
  kind: VoucherKind;
  amount: number;
  remaining: number;
  customerId: number | null;
  issuedSaleId: number | null;
  createdAt: string;
  expiresAt: string | null;
}

function toVoucher(r: Record<string, unknown>): Voucher {
  return {
    id: num(r.id),
    code: String(r.code),
    kind: String(r.kind) as VoucherKind,
    amount: num(r.amount),
    remaining: num(r.remaining),
    customerId: numOrNull(r.customer_id),
    issuedSaleId: numOrNull(r.issued_sale_id),
    createdAt: String(r.created_at),
    expiresAt: r.expires_at === null || r.expires_at === undefined ? null : String(r.expires_at),
  };
}

export interface IssueVoucherInput {
  kind: VoucherKind;
  amount: number;
  customerId?: number | null;
  saleId?: number | null;
  employeeId?: number | null;
  expiresAt?: string | null;
}

/** Creates a voucher with a fresh scannable code; call inside the caller's transaction. */
export async function issueVoucher(trx: Knex, input: IssueVoucherInput, at: Date): Promise<Voucher> {
  if (!Number.isInteger(input.amount) || input.amount <= 0) throw new ValidationError('Montant du bon invalide');
  if (!(VOUCHER_KINDS as readonly string[]).includes(input.kind)) throw new ValidationError(`Type de bon inconnu : ${input.kind}`);
  for (;;) {
    const code = makeEan13(`28${String(randomInt(0, 10_000_000_000)).padStart(10, '0')}`);
    if (await trx('vouchers').where({ code }).first('id')) continue;
    const id = await insertId(trx, 'vouchers', {
      code,
      kind: input.kind,
      amount: input.amount,
      remaining: input.amount,
      customer_id: input.customerId ?? null,
      issued_sale_id: input.saleId ?? null,
      employee_id: input.employeeId ?? null,
      created_at: at.toISOString(),
      expires_at: input.expiresAt ?? null,
    });
    return toVoucher((await trx('vouchers').where({ id }).first())!);
  }
}

/**
 * Takes `amount` off a voucher, atomically (two tills can't spend the same
 * euro twice); call inside the caller's transaction.
 */
export async function redeemVoucher(trx: Knex, code: string, amount: number, at: Date): Promise<Voucher> {
  const voucher = await trx('vouchers').where({ code: code.trim() }).first();
  if (!voucher) throw new ValidationError(`Bon inconnu : ${code || '(pas de code)'}`);
  if (voucher.expires_at && String(voucher.expires_at) < at.toISOString()) throw new ValidationError(`Bon ${code} expiré`);
  const updated = await trx('vouchers')
    .where({ id: voucher.id })
    .andWhere('remaining', '>=', amount)
    .update({ remaining: trx.raw('remaining - ?', [amount]) });
  if (updated !== 1) throw new ValidationError(`Le bon ${code} ne vaut plus que ${formatMoney(num(voucher.remaining))}`);
  return toVoucher((await trx('vouchers').where({ id: voucher.id }).first())!);
}

export class VouchersService {
  constructor(private readonly knex: Knex, private readonly clock: Clock) {}

  async issue(input: IssueVoucherInput): Promise<Voucher> {
    return writeTransaction(this.knex, (trx) => issueVoucher(trx, input, this.clock()));
  }

  async get(code: string): Promise<Voucher | null> {
    const row = await this.knex('vouchers').where({ code: code.trim() }).first();
    return row ? toVoucher(row) : null;
  }

  /** A customer's vouchers and store credit notes, newest first (spent and expired ones included). */
  async ofCustomer(customerId: number): Promise<Voucher[]> {
    return (await this.knex('vouchers').where({ customer_id: customerId }).orderBy('id', 'desc')).map(toVoucher);
  }

  async ofSale(saleId: number): Promise<Voucher[]> {
    return (await this.knex('vouchers').where({ issued_sale_id: saleId }).orderBy('id')).map(toVoucher);
  }
}
