import { NO_PRICING, priceLines, repriceTicket, type PricingContext, type PricingPromotion } from '../../src/core/sales/pricing.js';
import {
  addLine,
  computeTotals,
  discountLines,
  isTicket,
  newTicket,
  overridePrice,
  setLineDiscount,
  toggleReturn,
  type SellableArticle,
  type Ticket,
} from '../../src/core/sales/ticket.js';

const art = (over: Partial<SellableArticle> = {}): SellableArticle => ({
  id: 1,
  code: '101',
  name: 'Petit beurre',
  categoryId: 10,
  unit: 'unit',
  price: 345,
  taxRateBp: 550,
  cost: 100,
  loyaltyPoints: 0,
  ...over,
});
const biscuit = art();
const cookie = art({ id: 2, code: '102', name: 'Cookies', price: 299 });
const wine = art({ id: 3, code: '301', name: 'Bordeaux', categoryId: 30, price: 1290, taxRateBp: 2000 });
const comte = art({ id: 4, code: '401', name: 'Comté', categoryId: 40, unit: 'kg', price: 3290 });
const empty = (): Ticket => newTicket('t-1', '2026-11-22T10:00:00.000Z');

const promo = (over: Partial<PricingPromotion>): PricingPromotion => ({
  id: 1,
  name: 'Promo',
  kind: 'percent',
  articleId: null,
  categoryId: null,
  value: 0,
  buyQty: null,
  payQty: null,
  ...over,
});
const ctx = (over: Partial<PricingContext>): PricingContext => ({ ...NO_PRICING, ...over });
const threeForTwo = promo({ id: 7, name: 'Promo 3 pour 2', kind: 'n_for_m', articleId: 1, buyQty: 3, payQty: 2 });

/** Every line's net plus VAT must add up to the total. */
function expectConsistent(t: Ticket): void {
  const totals = computeTotals(t);
  expect(totals.lines.reduce((a, l) => a + l.total, 0)).toBe(totals.total);
  expect(totals.vat.reduce((a, v) => a + v.total, 0)).toBe(totals.total);
  for (const v of totals.vat) expect(v.base + v.tax).toBe(v.total);
}

describe('pricing rule', () => {
  test('no context: lines keep the catalogue price and get no discount', () => {
    const t = addLine(addLine(empty(), biscuit, 2000), wine, 1000);
    expect(repriceTicket(t, NO_PRICING)).toBe(t);
  });

  test('percent promotion on an article', () => {
    const t = repriceTicket(addLine(empty(), wine, 2000), ctx({ promotions: [promo({ id: 3, name: 'Bordeaux -10 %', value: 1000, articleId: 3 })] }));
    expect(t.lines[0]!.autoDiscount).toEqual({ cents: 258, label: 'Bordeaux -10 %', promotionId: 3 });
    expect(computeTotals(t).total).toBe(2580 - 258);
    expect(discountLines(t, computeTotals(t))).toEqual([{ lineId: 1, label: 'Bordeaux -10 %', cents: 258, promotionId: 3, automatic: true }]);
  });

  test('percent promotion on a category covers its articles only', () => {
    let t = addLine(addLine(addLine(empty(), biscuit, 1000), cookie, 1000), wine, 1000);
    t = repriceTicket(t, ctx({ promotions: [promo({ id: 4, name: 'Biscuits -20 %', value: 2000, categoryId: 10 })] }));
    expect(t.lines.map((l) => l.autoDiscount?.cents ?? 0)).toEqual([69, 60, 0]);
    expectConsistent(t);
  });

  test('fixed price per unit, and per kg for weighed articles; nothing when already cheaper', () => {
    let t = addLine(addLine(empty(), wine, 2000), comte, 500);
    t = repriceTicket(
      t,
      ctx({
        promotions: [
          promo({ id: 5, name: 'Bordeaux à 9,90', kind: 'fixed_price', value: 990, articleId: 3 }),
          promo({ id: 6, name: 'Comté à 29,90', kind: 'fixed_price', value: 2990, articleId: 4 }),
        ],
      }),
    );
    expect(t.lines[0]!.autoDiscount?.cents).toBe(2580 - 1980);
    expect(t.lines[1]!.autoDiscount?.cents).toBe(1645 - 1495);
    const dearer = repriceTicket(addLine(empty(), wine, 1000), ctx({ promotions: [promo({ kind: 'fixed_price', value: 1500, articleId: 3 })] }));
    expect(dearer.lines[0]!.autoDiscount ?? null).toBeNull();
  });

  test('3 for 2: appears with the third unit, across the article quantity on the ticket', () => {
    const c = ctx({ promotions: [threeForTwo] });
    let t = repriceTicket(addLine(empty(), biscuit, 2000), c);
    expect(t.lines[0]!.autoDiscount ?? null).toBeNull();
    t = repriceTicket(addLine(t, biscuit, 1000), c);
    expect(t.lines).toHaveLength(1);
    expect(t.lines[0]!.autoDiscount).toEqual({ cents: 345, label: 'Promo 3 pour 2', promotionId: 7 });
    t = repriceTicket(addLine(t, biscuit, 4000), c); // 7 units: 2 free
    expect(t.lines[0]!.autoDiscount?.cents).toBe(690);
    expect(computeTotals(t).total).toBe(7 * 345 - 690);
  });

  test('3 for 2 pooled over separate lines of the same article', () => {
    const c = ctx({ promotions: [threeForTwo] });
    let t = addLine(addLine(addLine(empty(), biscuit, 1000), wine, 1000), biscuit, 2000);
    t = repriceTicket(t, c);
    expect(t.lines.map((l) => l.autoDiscount?.cents ?? 0)).toEqual([345, 0, 0]);
    expectConsistent(t);
  });

  test('N for M on a category: the cheapest units are free', () => {
    const c = ctx({ promotions: [promo({ id: 8, name: 'Biscuits 3 pour 2', kind: 'n_for_m', categoryId: 10, buyQty: 3, payQty: 2 })] });
    // 2 biscuits at 3,45 and 4 cookies at 2,99: 6 units, 2 free, both cookies.
    const t = repriceTicket(addLine(addLine(empty(), biscuit, 2000), cookie, 4000), c);
    expect(t.lines.map((l) => l.autoDiscount?.cents ?? 0)).toEqual([0, 598]);
    // 5 for 3 with 2 cookies only: the two free units are a cookie then a biscuit.
    const c2 = ctx({ promotions: [promo({ id: 9, name: '5 pour 3', kind: 'n_for_m', categoryId: 10, buyQty: 5, payQty: 3 })] });
    const t2 = repriceTicket(addLine(addLine(empty(), biscuit, 3000), cookie, 2000), c2);
    expect(t2.lines.map((l) => l.autoDiscount?.cents ?? 0)).toEqual([0, 598]);
    const t3 = repriceTicket(addLine(addLine(empty(), biscuit, 4000), cookie, 1000), c2);
    expect(t3.lines.map((l) => l.autoDiscount?.cents ?? 0)).toEqual([345, 299]);
  });

  test('N for M ignores weighed articles and nonsense quantities', () => {
    const c = ctx({ promotions: [promo({ kind: 'n_for_m', articleId: 4, buyQty: 3, payQty: 2 }), promo({ id: 2, kind: 'n_for_m', articleId: 1, buyQty: 2, payQty: 2 })] });
    const t = repriceTicket(addLine(addLine(empty(), comte, 3000), biscuit, 4000), c);
    expect(t.lines.map((l) => l.autoDiscount ?? null)).toEqual([null, null]);
  });

  test('price level replaces the catalogue price; an overridden price is never repriced', () => {
    const c = ctx({ levelPrices: new Map([[1, 300], [3, 1100]]) });
    let t = addLine(addLine(empty(), biscuit, 2000), wine, 1000);
    t = overridePrice(t, 2, 1000);
    t = repriceTicket(t, c);
    expect(t.lines.map((l) => [l.unitPrice, l.listPrice, l.priceOverridden])).toEqual([
      [300, 345, false],
      [1000, 1290, true],
    ]);
    expect(computeTotals(t).total).toBe(600 + 1000);
    // Without the customer, back to the catalogue price.
    expect(repriceTicket(t, NO_PRICING).lines[0]!.unitPrice).toBe(345);
  });

  test('a line repriced at the level price still takes the same article scanned again', () => {
    const c = ctx({ levelPrices: new Map([[1, 300]]) });
    let t = repriceTicket(addLine(empty(), biscuit, 1000), c);
    t = repriceTicket(addLine(t, biscuit, 1000), c);
    expect(t.lines).toHaveLength(1);
    expect(t.lines[0]!.quantity).toBe(2000);
  });

  test('promotions apply to the level price', () => {
    const c = ctx({ levelPrices: new Map([[3, 1100]]), promotions: [promo({ value: 1000, articleId: 3 })] });
    const t = repriceTicket(addLine(empty(), wine, 1000), c);
    expect(t.lines[0]!.autoDiscount?.cents).toBe(110);
  });

  test('customer discount applies to every sale line', () => {
    const c = ctx({ customerDiscount: { bp: 500, label: 'Remise Pros 5 %' } });
    const t = repriceTicket(addLine(addLine(empty(), biscuit, 1000), wine, 1000), c);
    expect(t.lines.map((l) => l.autoDiscount)).toEqual([
      { cents: 17, label: 'Remise Pros 5 %', promotionId: null },
      { cents: 65, label: 'Remise Pros 5 %', promotionId: null },
    ]);
    expectConsistent(t);
  });

  test('stacking: the best of promotion and customer discount per line, never both', () => {
    const c = ctx({
      customerDiscount: { bp: 1500, label: 'Remise 15 %' },
      promotions: [promo({ id: 2, name: '-10 %', value: 1000, articleId: 3 }), promo({ id: 3, name: '-30 %', value: 3000, articleId: 1 })],
    });
    const t = repriceTicket(addLine(addLine(empty(), biscuit, 1000), wine, 1000), c);
    expect(t.lines.map((l) => [l.autoDiscount?.label, l.autoDiscount?.cents])).toEqual([
      ['-30 %', 104],
      ['Remise 15 %', 194],
    ]);
  });

  test('several promotions on a line: the best one; ties go to the promotion over the customer', () => {
    const c = ctx({
      customerDiscount: { bp: 1000, label: 'Client' },
      promotions: [promo({ id: 1, name: 'A', value: 500, categoryId: 30 }), promo({ id: 2, name: 'B', value: 1000, articleId: 3 })],
    });
    const t = repriceTicket(addLine(empty(), wine, 1000), c);
    expect(t.lines[0]!.autoDiscount).toEqual({ cents: 129, label: 'B', promotionId: 2 });
  });

  test('a manual line discount replaces the automatic one on that line', () => {
    const c = ctx({ promotions: [promo({ value: 1000, articleId: 3 })] });
    let t = repriceTicket(addLine(empty(), wine, 1000), c);
    expect(t.lines[0]!.autoDiscount?.cents).toBe(129);
    t = repriceTicket(setLineDiscount(t, 1, { kind: 'amount', cents: 50 }), c);
    expect(t.lines[0]!.autoDiscount).toBeNull();
    expect(computeTotals(t).lines[0]!.lineDiscount).toBe(50);
    expect(discountLines(t, computeTotals(t))[0]).toMatchObject({ automatic: false, cents: 50 });
  });

  test('a manually discounted line is left out of the N for M pool', () => {
    let t = addLine(empty(), biscuit, 2000);
    t = setLineDiscount(t, 1, { kind: 'percent', bp: 1000 });
    t = addLine(t, biscuit, 1000);
    t = repriceTicket(t, ctx({ promotions: [threeForTwo] }));
    expect(t.lines.map((l) => l.autoDiscount ?? null)).toEqual([null, null]);
  });

  test('returns keep their price and get no automatic discount', () => {
    const c = ctx({ levelPrices: new Map([[3, 1100]]), customerDiscount: { bp: 500, label: 'Client' }, promotions: [threeForTwo] });
    let t = addLine(empty(), wine, 1000);
    t = toggleReturn(t, 1);
    t = addLine(t, biscuit, -3000);
    t = repriceTicket(t, c);
    expect(t.lines.map((l) => [l.unitPrice, l.autoDiscount ?? null])).toEqual([
      [1290, null],
      [345, null],
    ]);
    expect(computeTotals(t).total).toBe(-1290 - 1035);
  });

  test('an automatic discount goes away when it no longer applies', () => {
    const c = ctx({ promotions: [threeForTwo] });
    let t = repriceTicket(addLine(empty(), biscuit, 3000), c);
    expect(t.lines[0]!.autoDiscount).not.toBeNull();
    t = repriceTicket({ ...t, lines: [{ ...t.lines[0]!, quantity: 2000 }] }, c);
    expect(t.lines[0]!.autoDiscount).toBeNull();
  });

  test('rounding: odd cents on many rates, VAT still adds up', () => {
    const c = ctx({ customerDiscount: { bp: 333, label: 'x' }, promotions: [promo({ value: 1250, categoryId: 40 })] });
    let t = addLine(addLine(addLine(empty(), art({ id: 9, price: 333, taxRateBp: 2000 }), 7000), comte, 1237), biscuit, 1000);
    t = repriceTicket(t, c);
    expect(t.lines.map((l) => l.autoDiscount?.cents)).toEqual([78, 509, 11]);
    expectConsistent(t);
  });

  test('a stored ticket with a malformed automatic discount is not a ticket', () => {
    const t = repriceTicket(addLine(empty(), biscuit, 3000), ctx({ promotions: [threeForTwo] }));
    expect(isTicket(JSON.parse(JSON.stringify(t)))).toBe(true);
    expect(isTicket({ ...t, lines: [{ ...t.lines[0]!, autoDiscount: { cents: 'beaucoup', label: 'x', promotionId: null } }] })).toBe(false);
    expect(isTicket({ ...t, lines: [{ ...t.lines[0]!, autoDiscount: undefined }] })).toBe(true);
  });

  test('priceLines leaves the input untouched (pure)', () => {
    const t = addLine(empty(), biscuit, 3000);
    const copy = JSON.stringify(t);
    priceLines(t.lines, ctx({ promotions: [threeForTwo] }));
    expect(JSON.stringify(t)).toBe(copy);
  });
});
