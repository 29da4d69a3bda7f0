// The consolidated month or year closing of a shop or of the company (issue
// #22). Closings stay per till — each till's chain, signature and Z are its
// own (NF525) — so this writes nothing: it reads the month or year closing of
// every till of the scope and adds them up. A till of the scope that sold in
// the period and has not closed it makes the view refused, naming the till:
// a total missing a till would look complete and be wrong.
import type { Knex } from 'knex';
import { isCalendarMonth } from '../basics/calendar.js';
import { InputError, ValidationError } from '../basics/errors.js';
import { num } from '../basics/row-values.js';
import { sumTotals, type DayTotals } from './closing.js';
import { formatRate } from '../catalogue/vat.js';
import { PAYMENT_LABELS, isPaymentMethod } from '../sales/payment.js';
import { tillsOfShop, type ShopScope } from '../shop/shop-scope.service.js';
import { shopColumns, type ColumnInput, type ShopColumn, type ShopColumnsReport } from './shop-columns.js';

export interface TillPeriodClosing {
  tillId: number;
  shopId: number;
  seq: number;
  salesCount: number;
  total: number;
  grandTotal: number;
  totals: DayTotals;
}

export interface ConsolidatedClosing {
  kind: 'month' | 'year';
  period: string;
  /** the shop's id, or 'company' */
  scope: ShopScope;
  /** each till's own closing of the period, by till number */
  tills: TillPeriodClosing[];
  /** the tills' closings added up */
  totals: DayTotals;
}

const YEAR = /^\d{4}$/;

/** A closing's figures as a column of the consolidated view: TTC and number of sales, by method, by VAT rate. */
export function closingColumn(totals: DayTotals): ColumnInput {
  return {
    rows: [
      { key: 'sales', label: 'Total TTC', code: null, total: totals.total, count: totals.salesCount },
      { key: 'discounts', label: 'Remises', code: null, total: totals.discounts, count: 0 },
      { key: 'returns', label: 'Retours', code: null, total: totals.returns, count: 0 },
      ...Object.entries(totals.byMethod).map(([method, amount]) => ({ key: `method:${method}`, label: `  ${isPaymentMethod(method) ? PAYMENT_LABELS[method].fr : method}`, code: method, total: amount, count: 0 })),
      ...totals.byRate.map((r) => ({ key: `rate:${r.rateBp}`, label: `  TVA à ${formatRate(r.rateBp)}`, code: String(r.rateBp), total: r.tax, count: 0 })),
    ],
    totals: { total: totals.total, count: totals.salesCount },
  };
}

export class ConsolidatedClosingsService {
  constructor(private readonly knex: Knex) {}

  /** The month ('2026-11') or year ('2026') closings of the scope's tills, added up; refused when a till that sold has not closed. */
  async report(kind: 'month' | 'year', period: string, scope: ShopScope): Promise<ConsolidatedClosing> {
    if (kind === 'month' ? !isCalendarMonth(period) : !YEAR.test(period)) {
      throw new InputError(`Période invalide : « ${period} » (${kind === 'month' ? 'AAAA-MM' : 'AAAA'})`);
    }
    const tills = this.knex('tills').orderBy('id').select('id', 'shop_id');
    if (scope !== 'company') tills.where('shop_id', scope);
    const shopOf = new Map((await tills).map((t) => [num(t.id), num(t.shop_id)]));
    const closings = await this.knex('closings').where({ kind, period }).whereIn('till_id', [...shopOf.keys()]).orderBy('till_id').select('till_id', 'seq', 'sales_count', 'total', 'grand_total', 'totals');
    const closed = new Set(closings.map((c) => num(c.till_id)));
    // The tills that sold in the period: each must have its closing in the view.
    const sold = this.knex('sales').where('business_date', 'like', `${period}-%`).distinct('till_id').orderBy('till_id');
    if (scope !== 'company') sold.whereIn('till_id', tillsOfShop(this.knex, scope));
    const missing = (await sold).map((r) => num(r.till_id)).filter((id) => !closed.has(id));
    if (missing.length > 0) {
      const which = kind === 'month' ? 'mensuelle' : 'annuelle';
      const list = missing.map((id) => `caisse ${id}`).join(', ');
      throw new ValidationError(`Clôture ${which} ${period} pas encore faite pour : ${list}. Faites-la sur ${missing.length > 1 ? 'chacune' : 'elle'} (pos --till N closing ${kind} ${period}) avant la vue consolidée`);
    }
    const list: TillPeriodClosing[] = closings.map((c) => {
      const tillId = num(c.till_id);
      return { tillId, shopId: shopOf.get(tillId)!, seq: num(c.seq), salesCount: num(c.sales_count), total: num(c.total), grandTotal: num(c.grand_total), totals: { voids: null, ...(JSON.parse(String(c.totals)) as Omit<DayTotals, 'voids'>) } as DayTotals };
    });
    if (list.length === 0) throw new ValidationError(`Aucune clôture ${kind === 'month' ? 'mensuelle' : 'annuelle'} ${period} dans ${scope === 'company' ? 'la société' : `la boutique ${scope}`} : aucune vente sur la période`);
    return { kind, period, scope, tills: list, totals: sumTotals(list.map((c) => c.totals)) };
  }

  /** The company's consolidated closing with a column a shop (each shop's tills added up). */
  async byShop(kind: 'month' | 'year', period: string, shops: ShopColumn[]): Promise<ShopColumnsReport & { closing: ConsolidatedClosing }> {
    const company = await this.report(kind, period, 'company');
    const perShop = shops.map((shop) => closingColumn(sumTotals(company.tills.filter((t) => t.shopId === shop.id).map((t) => t.totals))));
    return { ...shopColumns(kind, { from: period, to: period }, shops, perShop, closingColumn(company.totals)), closing: company };
  }
}
