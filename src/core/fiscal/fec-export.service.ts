// Reads what the FEC (fec.ts) is made of: the Z closings of the period, the
// sales each covers with their payments, stored VAT lines and customer, the
// shop's SIRET and FEC settings, the loyalty vouchers given with the sales
// and the payments received on account. Only closed days go in; the days with
// sales but no Z are named (the CLI refuses them unless told to leave them
// out), and what the FEC does not hold (payments on account of a day without
// its Z, cash in and out, floats) is counted so the output can say so.
import type { Knex } from 'knex';
import { isCalendarDate } from '../basics/calendar.js';
import { localDate, localMidnight, type Clock } from '../basics/clock.js';
import { InputError, ValidationError } from '../basics/errors.js';
import { num } from '../basics/row-values.js';
import { SettingsService } from '../shop/settings.service.js';
import { fecConfigOf, sirenOf, type FecConfig } from './fec-accounts.js';
import { accountPaymentMethodOfNote } from '../customers/account-payment.js';
import { fecEntries, fecFileName, FecUnbalancedError, type FecDay, type FecEntry, type FecSale } from './fec.js';
import type { ClosingTotals } from './closings.service.js';
import { tillsOfShop, whereTillInShop, type ShopScope } from '../shop/shop-scope.service.js';

export interface FecPeriod {
  from: string;
  to: string;
}

/** A till's day with sales but no Z: not in the FEC. */
export interface FecOpenDay {
  tillId: number;
  date: string;
  sales: number;
  total: number;
}

export interface FecExport {
  period: FecPeriod;
  /** one shop (its tills' closings only) or the company (every till) */
  scope: ShopScope;
  siren: string;
  fileName: string;
  config: FecConfig;
  entries: FecEntry[];
  /** the Z closings covered, per till and day */
  closings: Array<{ tillId: number; date: string; seq: number; total: number }>;
  openDays: FecOpenDay[];
  /** what the FEC does not hold: payments on account of days without their Z, and the drawer's own movements */
  leftOut: Record<'accountPayments' | 'cashIn' | 'cashOut' | 'floats', { count: number; amount: number }>;
}

/** The message a missing SIRET gets: what to type to set it. */
export const NO_SIRET =
  'Le SIRET de la boutique n\'est pas réglé : le nom du FEC commence par le SIREN. Réglez-le avec pos settings set shop.siret "812 345 678 00014" --pin <code du gérant>';

export class FecExportService {
  constructor(private readonly knex: Knex, private readonly clock: Clock) {}

  /**
   * The SIREN the file is named after. Every shop of a company shares it (a
   * SIRET is the SIREN and the establishment's number): a shop's FEC takes
   * its own SIRET's, or the company's when the shop has none; the company's
   * is shop 1's (the first shop, the registered office of an existing
   * database). A company FEC over shops whose SIRETs name different SIRENs
   * is refused: they would be different companies, each with its own FEC.
   */
  private async sirenOf(scope: ShopScope): Promise<string> {
    const siretOf = async (shopId: number) => (await new SettingsService(this.knex, this.clock, null, shopId).get('shop.siret')) ?? '';
    const company = sirenOf(await siretOf(1));
    if (scope !== 'company' && scope !== 1) {
      const own = sirenOf(await siretOf(scope));
      if (own !== null) return own;
    }
    if (company === null) throw new ValidationError(NO_SIRET);
    if (scope === 'company') {
      const others = await this.knex('shops').whereNot('id', 1).orderBy('id').select('id');
      for (const r of others) {
        const own = sirenOf(await siretOf(num(r.id)));
        if (own !== null && own !== company) {
          throw new ValidationError(`La boutique ${num(r.id)} a le SIREN ${own}, la boutique 1 ${company} : deux sociétés ne font pas un FEC ensemble. Faites le FEC de chaque boutique (pos export fec --shop …)`);
        }
      }
    }
    return company;
  }

  /** scope: one shop (the closings, sales and cash of its tills) or the company (every till, as before shops). */
  async build(period: FecPeriod, scope: ShopScope = 'company'): Promise<FecExport> {
    for (const day of [period.from, period.to]) {
      if (!isCalendarDate(day)) throw new InputError(`Date invalide : « ${day} » (AAAA-MM-JJ, un jour qui existe)`);
    }
    if (period.from > period.to) throw new InputError(`La période commence (${period.from}) après sa fin (${period.to})`);
    const shopId = scope === 'company' ? undefined : scope;
    const siren = await this.sirenOf(scope);
    // The FEC's accounts and journal are the company's settings.
    const config = fecConfigOf(await new SettingsService(this.knex, this.clock).all());
    const ofScope = <Q extends Knex.QueryBuilder>(q: Q, tillColumn: string) => whereTillInShop(this.knex, q, tillColumn, shopId);

    const zRows = await ofScope(this.knex('closings').where({ kind: 'day' }).whereBetween('period', [period.from, period.to]), 'till_id').select('till_id', 'period', 'seq', 'created_at', 'totals', 'total');
    const days = new Map<string, FecDay & { totals: ClosingTotals; total: number }>();
    for (const z of zRows) {
      const tillId = num(z.till_id);
      const date = String(z.period);
      days.set(`${tillId}/${date}`, {
        tillId,
        date,
        zSeq: num(z.seq),
        closedOn: localDate(new Date(String(z.created_at))),
        sales: [],
        accountPayments: [],
        totals: JSON.parse(String(z.totals)) as ClosingTotals,
        total: num(z.total),
      });
    }

    const sales = new Map<number, FecSale>();
    const saleRows = await ofScope(this.knex('sales as s').leftJoin('customers as c', 'c.id', 's.customer_id').whereBetween('s.business_date', [period.from, period.to]), 's.till_id')
      .select('s.id', 's.till_id', 's.number', 's.business_date', 's.total', 'c.code', 'c.first_name', 'c.last_name');
    const open = new Map<string, FecOpenDay>();
    for (const r of saleRows) {
      const tillId = num(r.till_id);
      const date = String(r.business_date);
      const day = days.get(`${tillId}/${date}`);
      if (!day) {
        const o = open.get(`${tillId}/${date}`) ?? { tillId, date, sales: 0, total: 0 };
        o.sales += 1;
        o.total += num(r.total);
        open.set(`${tillId}/${date}`, o);
        continue;
      }
      const customer = r.code == null ? null : { code: String(r.code), name: `${String(r.first_name ?? '')} ${String(r.last_name ?? '')}`.trim() || String(r.code) };
      const sale: FecSale = { tillId, number: num(r.number), businessDate: date, customer, payments: [], taxes: [], loyaltyVoucher: 0 };
      sales.set(num(r.id), sale);
      day.sales.push(sale);
    }
    const inPeriod = (q: Knex.QueryBuilder) => ofScope(q.join('sales as s', 's.id', 'x.sale_id').whereBetween('s.business_date', [period.from, period.to]), 's.till_id');
    for (const p of await inPeriod(this.knex('payments as x')).orderBy(['x.sale_id', 'x.line_no']).select('x.sale_id', 'x.method', 'x.amount')) {
      sales.get(num(p.sale_id))?.payments.push({ method: String(p.method), amount: num(p.amount) });
    }
    for (const t of await inPeriod(this.knex('sale_taxes as x')).orderBy(['x.sale_id', 'x.rate_bp']).select('x.sale_id', 'x.rate_bp', 'x.base', 'x.tax')) {
      sales.get(num(t.sale_id))?.taxes.push({ rateBp: num(t.rate_bp), base: num(t.base), tax: num(t.tax) });
    }

    for (const v of await ofScope(this.knex('vouchers as x').join('sales as s', 's.id', 'x.issued_sale_id').where('x.kind', 'loyalty').whereBetween('s.business_date', [period.from, period.to]), 's.till_id').select('x.issued_sale_id', 'x.amount')) {
      const sale = sales.get(num(v.issued_sale_id));
      if (sale) sale.loyaltyVoucher += num(v.amount);
    }
    const unclosedPayments = await this.readAccountPayments(period, days, shopId);

    // Each day must be what its Z says: a sale changed or slipped in after the Z would make the FEC disagree with the closings.
    for (const day of days.values()) checkAgainstZ(day);

    let entries: FecEntry[];
    try {
      entries = fecEntries([...days.values()], config);
    } catch (err) {
      if (err instanceof FecUnbalancedError) throw new ValidationError(`FEC impossible : ${err.message}. Vérifiez le journal (pos journal verify)`);
      throw err;
    }
    return {
      period,
      scope,
      siren,
      fileName: fecFileName(siren, period.to),
      config,
      entries,
      closings: [...days.values()].sort((a, b) => a.date.localeCompare(b.date) || a.tillId - b.tillId).map((d) => ({ tillId: d.tillId, date: d.date, seq: d.zSeq, total: d.total })),
      openDays: [...open.values()].sort((a, b) => a.date.localeCompare(b.date) || a.tillId - b.tillId),
      leftOut: withoutPostedCash(await this.leftOut(period, shopId), [...days.values()], unclosedPayments),
    };
  }

  /**
   * The payments received on account in the period, each put in its till's
   * day (the day it was taken); those of a day without its Z stay out, like
   * that day's sales, and are counted.
   */
  private async readAccountPayments(period: FecPeriod, days: Map<string, FecDay>, shopId: number | undefined): Promise<{ count: number; amount: number }> {
    const q = this.knex('account_entries as e')
      .join('customers as c', 'c.id', 'e.customer_id')
      .where('e.kind', 'payment')
      .where('e.created_at', '>=', localMidnight(period.from))
      .where('e.created_at', '<', localMidnight(period.to, 1))
      .orderBy('e.id')
      .select('e.id', 'e.till_id', 'e.amount', 'e.note', 'e.created_at', 'c.code', 'c.first_name', 'c.last_name');
    // A shop's FEC: the payments taken at its tills (one taken elsewhere is that shop's).
    if (shopId !== undefined) q.whereIn('e.till_id', tillsOfShop(this.knex, shopId));
    const rows = await q;
    const outside = { count: 0, amount: 0 };
    for (const r of rows) {
      const amount = -num(r.amount); // a payment is a credit on the account: the money received
      const day = r.till_id == null ? undefined : days.get(`${num(r.till_id)}/${localDate(new Date(String(r.created_at)))}`);
      if (!day) {
        outside.count += 1;
        outside.amount += amount;
        continue;
      }
      const method = accountPaymentMethodOfNote(String(r.note));
      if (method === null) throw new ValidationError(`FEC impossible : le versement sur compte n° ${num(r.id)} ne dit pas son moyen de paiement (« ${String(r.note).slice(0, 40)} »). Vérifiez le journal (pos journal verify)`);
      const customer = { code: String(r.code), name: `${String(r.first_name ?? '')} ${String(r.last_name ?? '')}`.trim() || String(r.code) };
      day.accountPayments.push({ id: num(r.id), tillId: day.tillId, customer, method, amount });
    }
    return outside;
  }

  /** What the closings keep apart from the sales, so never in the sales journal. */
  private async leftOut(period: FecPeriod, shopId: number | undefined): Promise<Omit<FecExport['leftOut'], 'accountPayments'>> {
    const sum = async (q: Knex.QueryBuilder) => {
      const row = (await q.count({ n: '*' }).sum({ amount: 'amount' }).first()) as Record<string, unknown> | undefined;
      return { count: num(row?.n ?? 0), amount: num(row?.amount ?? 0) };
    };
    const moves = (kind: string) => whereTillInShop(this.knex, this.knex('cash_movements').where({ kind }).whereBetween('business_date', [period.from, period.to]), 'till_id', shopId);
    return {
      cashIn: await sum(moves('in')),
      cashOut: await sum(moves('out')),
      floats: await sum(moves('float')),
    };
  }
}

/**
 * A payment on account taken in cash is also a cash entry of the drawer: once
 * posted to the FEC with its day, it is not left out a second time.
 */
function withoutPostedCash(leftOut: Omit<FecExport['leftOut'], 'accountPayments'>, days: FecDay[], accountPayments: { count: number; amount: number }): FecExport['leftOut'] {
  const posted = days.flatMap((d) => d.accountPayments).filter((p) => p.method === 'cash');
  const amount = posted.reduce((a, p) => a + p.amount, 0);
  return { ...leftOut, cashIn: { count: leftOut.cashIn.count - posted.length, amount: leftOut.cashIn.amount - amount }, accountPayments };
}

function checkAgainstZ(day: FecDay & { totals: ClosingTotals; total: number }): void {
  const byMethod: Record<string, number> = {};
  const byRate = new Map<number, { base: number; tax: number }>();
  let total = 0;
  for (const s of day.sales) {
    for (const p of s.payments) {
      byMethod[p.method] = (byMethod[p.method] ?? 0) + p.amount;
      total += p.amount;
    }
    for (const t of s.taxes) {
      const r = byRate.get(t.rateBp) ?? { base: 0, tax: 0 };
      r.base += t.base;
      r.tax += t.tax;
      byRate.set(t.rateBp, r);
    }
  }
  const zMethods = day.totals.byMethod ?? {};
  const sameMethods = [...new Set([...Object.keys(byMethod), ...Object.keys(zMethods)])].every((m) => (byMethod[m] ?? 0) === (zMethods[m] ?? 0));
  const zRates = new Map((day.totals.byRate ?? []).map((r) => [r.rateBp, r]));
  const sameRates = [...new Set([...byRate.keys(), ...zRates.keys()])].every(
    (r) => (byRate.get(r)?.base ?? 0) === (zRates.get(r)?.base ?? 0) && (byRate.get(r)?.tax ?? 0) === (zRates.get(r)?.tax ?? 0),
  );
  if (!sameMethods || !sameRates || total !== day.total || day.sales.length !== day.totals.salesCount) {
    throw new ValidationError(
      `Les ventes du ${day.date} (caisse ${day.tillId}) ne correspondent plus à leur Z n° ${day.zSeq} : FEC refusé. Vérifiez le journal (pos journal verify)`,
    );
  }
}
