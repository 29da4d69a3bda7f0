import {
  forecastDemand,
  lineValue,
  orderQuantity,
  proposeLine,
  proposeOrders,
  weeklySales,
  type ReorderArticle,
  type ReorderSupplier,
} from '../../src/core/stock/reorder.js';

const days = (n: number, perDay: number): number[] => Array.from({ length: n }, () => perDay);

const article = (over: Partial<ReorderArticle> = {}): ReorderArticle => ({
  articleId: 1,
  supplierId: 10,
  dailySales: [],
  stock: 0,
  onOrder: 0,
  minStock: 0,
  safetyStock: 0,
  packSize: 1000,
  minOrderQty: 0,
  unitCost: 100,
  ...over,
});

const supplier = (over: Partial<ReorderSupplier> = {}): ReorderSupplier => ({ id: 10, leadTimeDays: 3, reviewPeriodDays: 7, minOrderValue: 0, ...over });

describe('weekly sales', () => {
  test('most recent week first, only complete weeks, at most 8', () => {
    const daily = [...days(3, 5000), ...days(7, 1000), ...days(7, 2000)];
    expect(weeklySales(daily)).toEqual([14000, 7000]);
    expect(weeklySales(days(100, 1000))).toHaveLength(8);
    expect(weeklySales(days(6, 1000))).toEqual([]);
  });
});

describe('forecast', () => {
  test('steady sales: 2 a day gives 2 a day whatever the weights', () => {
    expect(forecastDemand(days(56, 2000), 1)).toBe(2000);
    expect(forecastDemand(days(56, 2000), 10)).toBe(20000);
  });

  test('a rising trend weighs the recent weeks more than a plain average', () => {
    // 4 old weeks at 1/day, 4 recent weeks at 3/day: plain average 14 a week.
    const daily = [...days(28, 1000), ...days(28, 3000)];
    // (21000 x (8+7+6+5) + 7000 x (4+3+2+1)) / 36 = 17111.1 a week
    expect(forecastDemand(daily, 7)).toBe(17112);
    expect(forecastDemand(daily, 7)).toBeGreaterThan(14000);
    expect(forecastDemand(daily, 7)).toBeLessThan(21000);
  });

  test('a falling trend forecasts less than the average', () => {
    const daily = [...days(28, 3000), ...days(28, 1000)];
    // (7000 x 26 + 21000 x 10) / 36 = 10888.9 a week
    expect(forecastDemand(daily, 7)).toBe(10889);
  });

  test('a new article without a full week of history has no forecast', () => {
    expect(forecastDemand(days(6, 5000), 10)).toBe(0);
    expect(forecastDemand([], 10)).toBe(0);
  });

  test('weeks with more returns than sales count as nothing sold', () => {
    expect(forecastDemand([...days(7, 1000), ...days(7, -3000)], 7)).toBe(Math.ceil((7000 * 7) / 15));
  });

  test('uses only the 8 most recent weeks', () => {
    const daily = [...days(70, 50_000), ...days(56, 1000)];
    expect(forecastDemand(daily, 1)).toBe(1000);
  });
});

describe('order quantity', () => {
  test('pack rounding: any need opens a whole pack', () => {
    expect(orderQuantity(1, 0, 12000)).toBe(12000);
    expect(orderQuantity(12000, 0, 12000)).toBe(12000);
    expect(orderQuantity(12001, 0, 12000)).toBe(24000);
  });
  test('the minimum order quantity applies before the pack rounding', () => {
    expect(orderQuantity(2000, 30000, 12000)).toBe(36000);
    expect(orderQuantity(2000, 24000, 12000)).toBe(24000);
  });
  test('weighed articles in half-kilo packs', () => {
    expect(orderQuantity(1250, 0, 500)).toBe(1500);
  });
  test('nothing needed, nothing ordered (even with a minimum order quantity)', () => {
    expect(orderQuantity(0, 5000, 1000)).toBe(0);
    expect(orderQuantity(-300, 5000, 1000)).toBe(0);
  });
  test('a pack size under 1 counts as 1 thousandth', () => {
    expect(orderQuantity(1234, 0, 0)).toBe(1234);
  });
});

describe('line value', () => {
  test('cost x thousandths, rounded to the cent', () => {
    expect(lineValue(210, 18000)).toBe(3780);
    expect(lineValue(1799, 1250)).toBe(2249); // 22.4875 -> 22.49
    expect(lineValue(100, 0)).toBe(0);
  });
});

describe('proposal line: worked examples', () => {
  test('steady sales: cover lead time + review, keep the minimum, subtract stock and on-order, round to packs', () => {
    const line = proposeLine(
      article({ dailySales: days(56, 2000), stock: 8000, onOrder: 2000, minStock: 5000, safetyStock: 3000, packSize: 6000, unitCost: 210 }),
      supplier({ leadTimeDays: 3, reviewPeriodDays: 7 }),
    );
    // 10 days x 2 = 20; buffer max(3, 5) = 5; target 25; need 25 - 8 - 2 = 15 -> 3 packs of 6
    expect(line).toEqual({ articleId: 1, supplierId: 10, coverDemand: 20000, target: 25000, need: 15000, quantity: 18000, unitCost: 210, value: 3780 });
  });

  test('safety stock above the minimum stock is the buffer', () => {
    const line = proposeLine(article({ dailySales: days(56, 1000), minStock: 2000, safetyStock: 4000 }), supplier({ leadTimeDays: 2, reviewPeriodDays: 5 }));
    expect(line.target).toBe(7000 + 4000);
    expect(line.quantity).toBe(11000);
  });

  test('a trend orders more than the plain average would', () => {
    const rising = proposeLine(article({ dailySales: [...days(28, 1000), ...days(28, 3000)] }), supplier({ leadTimeDays: 0, reviewPeriodDays: 7 }));
    expect(rising.coverDemand).toBe(17112);
    expect(rising.quantity).toBe(18000);
  });

  test('a new article without history falls back to its minimum stock', () => {
    const line = proposeLine(article({ dailySales: days(3, 9000), stock: 1000, minStock: 4000 }), supplier());
    expect(line).toMatchObject({ coverDemand: 0, target: 4000, need: 3000, quantity: 3000 });
    expect(proposeLine(article({ dailySales: [], stock: 4000, minStock: 4000 }), supplier()).quantity).toBe(0);
  });

  test('enough on order: nothing proposed', () => {
    const line = proposeLine(article({ dailySales: days(56, 1000), stock: 2000, onOrder: 9000 }), supplier());
    expect(line.need).toBe(10000 - 11000);
    expect(line.quantity).toBe(0);
    expect(line.value).toBe(0);
  });
});

describe('orders per supplier', () => {
  const suppliers = [supplier({ id: 10, minOrderValue: 10000 }), supplier({ id: 20, leadTimeDays: 1, reviewPeriodDays: 6, minOrderValue: 2000 })];

  test('groups lines per supplier with the order value and flags an order under the minimum', () => {
    const proposals = proposeOrders(
      [
        article({ articleId: 1, supplierId: 10, dailySales: days(56, 2000), stock: 8000, onOrder: 2000, minStock: 5000, safetyStock: 3000, packSize: 6000, unitCost: 210 }),
        article({ articleId: 2, supplierId: 20, dailySales: days(56, 1000), packSize: 12000, unitCost: 620 }),
        article({ articleId: 3, supplierId: 10, dailySales: [], minStock: 2000, unitCost: 1000 }),
        article({ articleId: 4, supplierId: null, minStock: 9000 }),
        article({ articleId: 5, supplierId: 10, stock: 50000, dailySales: days(56, 1000) }),
        article({ articleId: 6, supplierId: 99, minStock: 9000 }),
      ],
      suppliers,
    );
    expect(proposals.map((p) => p.supplierId)).toEqual([10, 20]);
    const [first, second] = proposals;
    expect(first!.lines.map((l) => [l.articleId, l.quantity, l.value])).toEqual([
      [1, 18000, 3780],
      [3, 2000, 2000],
    ]);
    expect(first).toMatchObject({ value: 5780, minOrderValue: 10000, belowMinimum: true, shortfall: 4220 });
    // supplier 20: 7 days x 1 = 7 -> one pack of 12 at 6.20 = 74.40 > 20.00
    expect(second!.lines.map((l) => [l.articleId, l.quantity])).toEqual([[2, 12000]]);
    expect(second).toMatchObject({ value: 7440, belowMinimum: false, shortfall: 0 });
  });

  test('a supplier without a minimum order value is never below it', () => {
    const [only] = proposeOrders([article({ minStock: 1000, unitCost: 1 })], [supplier({ minOrderValue: 0 })]);
    expect(only).toMatchObject({ value: 1, belowMinimum: false, shortfall: 0 });
  });

  test('nothing to order gives no proposal', () => {
    expect(proposeOrders([article({ stock: 5000, minStock: 1000 })], suppliers)).toEqual([]);
    expect(proposeOrders([], suppliers)).toEqual([]);
  });
});
