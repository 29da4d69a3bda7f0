// The month an accountant asks for: per business day, what came in by payment
// method, and the sales split by VAT rate (base HT, VAT, TTC), straight from
// the immutable sales (payments and sale_taxes). The CSV is French by default
// (`;` separator, decimal comma) so a spreadsheet opens it as numbers.
import type { Knex } from 'knex';
import { whereTillInShop } from '../shop/shop-scope.service.js';
import { writeCsv } from '../basics/csv.js';
import { PAYMENT_LABELS, type PaymentMethod } from '../sales/payment.js';
import { num } from '../basics/row-values.js';
import { formatRate } from '../catalogue/vat.js';

export interface AccountingPaymentLine {
  day: string;
  method: string;
  /** cents received (negative: paid out for refunds) */
  amount: number;
  /** number of payments */
  count: number;
}

export interface AccountingTaxLine {
  day: string;
  rateBp: number;
  /** cents, excluding tax */
  base: number;
  tax: number;
  /** cents, tax included */
  total: number;
}

export interface AccountingPeriod {
  from: string;
  to: string;
  tillId?: number;
  /** one shop's tills only */
  shopId?: number;
}

export interface AccountingExport {
  from: string;
  to: string;
  payments: AccountingPaymentLine[];
  taxes: AccountingTaxLine[];
}

export async function accountingExport(knex: Knex, period: AccountingPeriod): Promise<AccountingExport> {
  const scope = (q: Knex.QueryBuilder) => {
    q.whereBetween('s.business_date', [period.from, period.to]);
    if (period.tillId !== undefined) q.where('s.till_id', period.tillId);
    return whereTillInShop(knex, q, 's.till_id', period.shopId);
  };
  const payments = await scope(
    knex('payments as p')
      .join('sales as s', 's.id', 'p.sale_id')
      .groupBy('s.business_date', 'p.method')
      .select('s.business_date as day', 'p.method as method', knex.raw('sum(p.amount) as amount'), knex.raw('count(*) as n')),
  );
  const taxes = await scope(
    knex('sale_taxes as t')
      .join('sales as s', 's.id', 't.sale_id')
      .groupBy('s.business_date', 't.rate_bp')
      .select('s.business_date as day', 't.rate_bp as rate', knex.raw('sum(t.base) as base'), knex.raw('sum(t.tax) as tax'), knex.raw('sum(t.total) as total')),
  );
  return {
    from: period.from,
    to: period.to,
    payments: payments
      .map((r: Record<string, unknown>) => ({ day: String(r.day), method: String(r.method), amount: num(r.amount), count: num(r.n) }))
      .sort((a: AccountingPaymentLine, b: AccountingPaymentLine) => a.day.localeCompare(b.day) || a.method.localeCompare(b.method)),
    taxes: taxes
      .map((r: Record<string, unknown>) => ({ day: String(r.day), rateBp: num(r.rate), base: num(r.base), tax: num(r.tax), total: num(r.total) }))
      .sort((a: AccountingTaxLine, b: AccountingTaxLine) => a.day.localeCompare(b.day) || a.rateBp - b.rateBp),
  };
}

export const ACCOUNTING_HEADERS = ['date', 'type', 'code', 'libelle', 'nombre', 'montant_ht', 'tva', 'montant_ttc'];

/**
 * One CSV line per day x payment method (type `reglement`, TTC only) and per
 * day x VAT rate (type `tva`, code = rate in basis points), day by day.
 */
export function accountingCsv(data: AccountingExport, separator: ';' | ',' = ';'): string {
  // With `;` the amounts use the French decimal comma; with `,` a point.
  const money = (cents: number) => {
    const text = (cents / 100).toFixed(2);
    return separator === ';' ? text.replace('.', ',') : text;
  };
  const days = [...new Set([...data.payments.map((p) => p.day), ...data.taxes.map((t) => t.day)])].sort();
  const rows: Array<Array<string | number | null>> = [];
  for (const day of days) {
    for (const p of data.payments.filter((x) => x.day === day)) {
      rows.push([day, 'reglement', p.method, PAYMENT_LABELS[p.method as PaymentMethod]?.fr ?? p.method, p.count, null, null, money(p.amount)]);
    }
    for (const t of data.taxes.filter((x) => x.day === day)) {
      rows.push([day, 'tva', String(t.rateBp), `TVA ${formatRate(t.rateBp)}`, null, money(t.base), money(t.tax), money(t.total)]);
    }
  }
  return writeCsv(ACCOUNTING_HEADERS, rows, separator);
}
