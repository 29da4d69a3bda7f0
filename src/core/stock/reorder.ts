// Reorder proposals, as a pure rule: how much of each article to order from
// its supplier so the shelf lasts until the next delivery after the next
// review, and how the lines group into one order per supplier. No I/O: the
// purchasing service feeds it the sales history and the stock it has read.
//
// The rule, all in integers (quantities in thousandths, money in cents):
// 1. Forecast: the last 8 complete weeks of daily sales (the days before
//    today) are summed per week; week ages 0 (the 7 most recent days) to 7
//    weigh 8, 7, 6, ... 1, so recent weeks count more and a trend shows
//    quickly. Only whole weeks the article has existed count; an article
//    without a full week of history has no forecast (demand 0) and falls
//    back to its minimum stock. Negative weeks (more returns than sales)
//    count as 0.
// 2. Cover: demand over (lead time + review period) days, rounded up, plus a
//    buffer = max(safety stock, minimum stock): the stock must not fall under
//    its minimum before the following delivery.
// 3. Need = that target - stock - quantity already on order (sent, not yet
//    received). Nothing is proposed when the need is 0 or less.
// 4. The quantity is at least the supplier's minimum order quantity, then
//    rounded up to whole packs.
// 5. Lines group per supplier with the order value at cost. An order under
//    the supplier's minimum order value is NOT topped up by itself (buying
//    stock that will not sell to reach a threshold is the shopkeeper's
//    choice): it is flagged `belowMinimum` with the `shortfall` in cents.

export const FORECAST_WEEKS = 8;
/** Weight of each week by age, most recent first. */
export const WEEK_WEIGHTS: readonly number[] = [8, 7, 6, 5, 4, 3, 2, 1];

export interface ReorderArticle {
  articleId: number;
  supplierId: number | null;
  /** net quantity sold each day (thousandths), oldest first, the last entry is yesterday; only days the article existed */
  dailySales: number[];
  stock: number;
  /** ordered and not received yet (thousandths) */
  onOrder: number;
  minStock: number;
  safetyStock: number;
  /** thousandths; at least 1 */
  packSize: number;
  minOrderQty: number;
  /** cents per unit (or per kg), excluding tax */
  unitCost: number;
}

export interface ReorderSupplier {
  id: number;
  leadTimeDays: number;
  reviewPeriodDays: number;
  /** cents */
  minOrderValue: number;
}

export interface ReorderLine {
  articleId: number;
  supplierId: number | null;
  /** forecast demand over the cover, thousandths */
  coverDemand: number;
  /** stock level the order aims at (before subtracting stock and on-order) */
  target: number;
  need: number;
  /** thousandths to order: 0 means nothing to order */
  quantity: number;
  unitCost: number;
  /** cents */
  value: number;
}

export interface ReorderProposal {
  supplierId: number;
  lines: ReorderLine[];
  /** cents at cost */
  value: number;
  minOrderValue: number;
  belowMinimum: boolean;
  /** cents missing to reach the minimum order value (0 when reached) */
  shortfall: number;
}

const ceilDiv = (a: number, b: number): number => Math.floor((a + b - 1) / b);

/** Weekly totals from daily sales, most recent week first; only complete weeks, at most 8. */
export function weeklySales(dailySales: number[]): number[] {
  const weeks: number[] = [];
  for (let end = dailySales.length; end - 7 >= 0 && weeks.length < FORECAST_WEEKS; end -= 7) {
    weeks.push(dailySales.slice(end - 7, end).reduce((a, b) => a + b, 0));
  }
  return weeks;
}

/**
 * Forecast demand over `days` days (thousandths, rounded up): the weighted
 * average weekly sales x days / 7, computed as one exact fraction.
 */
export function forecastDemand(dailySales: number[], days: number): number {
  const weeks = weeklySales(dailySales);
  if (weeks.length === 0 || days <= 0) return 0;
  let weighted = 0;
  let weights = 0;
  weeks.forEach((total, age) => {
    weighted += WEEK_WEIGHTS[age]! * Math.max(0, total);
    weights += WEEK_WEIGHTS[age]!;
  });
  return ceilDiv(weighted * days, weights * 7);
}

/** Rounds a quantity up to whole packs after applying the minimum order quantity. */
export function orderQuantity(need: number, minOrderQty: number, packSize: number): number {
  if (need <= 0) return 0;
  const pack = Math.max(1, packSize);
  return ceilDiv(Math.max(need, minOrderQty), pack) * pack;
}

/** Line value at cost in cents, rounded half up (quantities are thousandths). */
export function lineValue(unitCost: number, quantity: number): number {
  return Math.floor((unitCost * quantity + 500) / 1000);
}

export function proposeLine(article: ReorderArticle, supplier: Pick<ReorderSupplier, 'leadTimeDays' | 'reviewPeriodDays'>): ReorderLine {
  const coverDemand = forecastDemand(article.dailySales, supplier.leadTimeDays + supplier.reviewPeriodDays);
  const target = coverDemand + Math.max(article.safetyStock, article.minStock);
  const need = target - article.stock - article.onOrder;
  const quantity = orderQuantity(need, article.minOrderQty, article.packSize);
  return {
    articleId: article.articleId,
    supplierId: article.supplierId,
    coverDemand,
    target,
    need,
    quantity,
    unitCost: article.unitCost,
    value: lineValue(article.unitCost, quantity),
  };
}

/** One proposal per supplier that has something to order; articles without a known supplier are left out. */
export function proposeOrders(articles: ReorderArticle[], suppliers: ReorderSupplier[]): ReorderProposal[] {
  const byId = new Map(suppliers.map((s) => [s.id, s]));
  const groups = new Map<number, ReorderLine[]>();
  for (const article of articles) {
    const supplier = article.supplierId === null ? undefined : byId.get(article.supplierId);
    if (!supplier) continue;
    const line = proposeLine(article, supplier);
    if (line.quantity <= 0) continue;
    const lines = groups.get(supplier.id) ?? [];
    lines.push(line);
    groups.set(supplier.id, lines);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => a - b)
    .map(([supplierId, lines]) => {
      const supplier = byId.get(supplierId)!;
      const value = lines.reduce((sum, l) => sum + l.value, 0);
      const shortfall = Math.max(0, supplier.minOrderValue - value);
      return { supplierId, lines, value, minOrderValue: supplier.minOrderValue, belowMinimum: shortfall > 0, shortfall };
    });
}
