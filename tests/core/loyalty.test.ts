import {
  currentCard,
  earningLines,
  formatProgress,
  giveReward,
  LoyaltyError,
  loyaltySettingsOf,
  pruneReward,
  planSaleEntries,
  rewardDiscount,
  saleProgress,
  withdrawReward,
  type LoyaltyEntryLike,
  type ProgressLine,
} from '../../src/core/customers/loyalty.js';
import { DEFAULT_SETTINGS } from '../../src/core/shop/settings.service.js';
import { addLine, computeTotals, newTicket, setTicketDiscount, voidLine, type SellableArticle } from '../../src/core/sales/ticket.js';

const unit = (units: number, points: number): ProgressLine => ({ unit: 'unit', quantity: units * 1000, loyaltyPoints: points });
const kg = (grams: number, points: number): ProgressLine => ({ unit: 'kg', quantity: grams, loyaltyPoints: points });

const art = (over: Partial<SellableArticle> = {}): SellableArticle => ({
  id: 1, code: '101', name: 'Pâte à tartiner', categoryId: 1, unit: 'unit', price: 450, taxRateBp: 550, cost: 200, loyaltyPoints: 2, ...over,
});
const gift = art({ id: 9, code: '909', name: 'Tablette offerte', price: 300, loyaltyPoints: 5 });
const empty = () => newTicket('t-1', '2026-11-22T10:00:00.000Z');

describe('progress of a sale', () => {
  test('points: article points x units, a weighed line counts once, returns subtract', () => {
    expect(saleProgress('points', [unit(3, 2), kg(1250, 4)], 0)).toBe(3 * 2 + 4);
    expect(saleProgress('points', [unit(3, 2), unit(-1, 2)], 0)).toBe(4);
    expect(saleProgress('points', [unit(-2, 5), kg(-500, 4)], 0)).toBe(-14);
    expect(saleProgress('points', [unit(1, 0)], 0)).toBe(0);
  });

  test('spent: the sale total TTC in cents, negative for a refund', () => {
    expect(saleProgress('spent', [unit(2, 1)], 1290)).toBe(1290);
    expect(saleProgress('spent', [unit(-1, 1)], -450)).toBe(-450);
  });

  test('visits: one a sale that sells anything; a return-only sale counts nothing', () => {
    expect(saleProgress('visits', [unit(5, 1), kg(300, 1)], 0)).toBe(1);
    expect(saleProgress('visits', [unit(1, 1), unit(-1, 1)], 0)).toBe(1);
    expect(saleProgress('visits', [unit(-1, 1)], -450)).toBe(0);
  });

  test('items: units sold minus returned, a weighed line counts one', () => {
    expect(saleProgress('items', [unit(3, 0), kg(2500, 0)], 0)).toBe(4);
    expect(saleProgress('items', [unit(3, 0), unit(-2, 0), kg(-400, 0)], 0)).toBe(0);
  });

  test('the free reward article earns nothing', () => {
    const t = giveReward(addLine(empty(), art(), 1000), { kind: 'article', value: 0, articleId: 9 }, 1, gift);
    expect(earningLines(t.lines, t.loyaltyReward).map((l) => l.code)).toEqual(['101']);
    expect(saleProgress('points', earningLines(t.lines, t.loyaltyReward), 0)).toBe(2);
    expect(earningLines(t.lines, null)).toHaveLength(2);
  });
});

describe('the card', () => {
  const e = (kind: LoyaltyEntryLike['kind'], amount: number, cardNo = 1): LoyaltyEntryLike => ({ kind, amount, cardNo });

  test('a new customer starts on card 1 at zero', () => {
    expect(currentCard([], 100)).toEqual({ cardNo: 1, progress: 0, threshold: 100, complete: false });
  });

  test('complete when progress reaches the threshold, and not after a return takes it back under', () => {
    expect(currentCard([e('earn', 60), e('earn', 39)], 100).complete).toBe(false);
    expect(currentCard([e('earn', 60), e('earn', 40)], 100)).toMatchObject({ progress: 100, complete: true });
    expect(currentCard([e('earn', 60), e('earn', 50), e('return', -20)], 100)).toMatchObject({ progress: 90, complete: false });
  });

  test('a sale crossing the threshold: one earn entry, no reward unless given', () => {
    const card = currentCard([e('earn', 90)], 100);
    expect(planSaleEntries(card, 15, null)).toEqual([e('earn', 15)]);
    expect(planSaleEntries(card, -15, null)).toEqual([e('return', -15)]);
  });

  test('giving the reward closes the card and carries the surplus to the next one', () => {
    const card = currentCard([e('earn', 90)], 100);
    const planned = planSaleEntries(card, 25, 1);
    expect(planned).toEqual([e('earn', 25), e('reward', -100), e('adjust', 15, 2)]);
    const next = currentCard([e('earn', 90), ...planned], 100);
    expect(next).toEqual({ cardNo: 2, progress: 15, threshold: 100, complete: false });
  });

  test('a reward with no surplus opens the next card at zero, not complete', () => {
    const planned = planSaleEntries(currentCard([e('earn', 100)], 100), 0, 1);
    expect(planned).toEqual([e('earn', 0), e('reward', -100)]);
    expect(currentCard([e('earn', 100), ...planned], 100)).toEqual({ cardNo: 2, progress: 0, threshold: 100, complete: false });
  });

  test('the reward given "later": the card kept counting past the threshold, all the surplus carries', () => {
    const ledger = [e('earn', 80), e('earn', 40), e('earn', 30)];
    expect(currentCard(ledger, 100)).toMatchObject({ progress: 150, complete: true });
    expect(planSaleEntries(currentCard(ledger, 100), 10, 1)).toEqual([e('earn', 10), e('reward', -100), e('adjust', 60, 2)]);
  });

  test('a return after the reward takes the next card below zero', () => {
    const ledger = [e('earn', 100), e('earn', 0), e('reward', -100), e('return', -30, 2)];
    expect(currentCard(ledger, 100)).toMatchObject({ cardNo: 2, progress: -30, complete: false });
  });

  test('a reward is refused on a card that is not complete, or on another card', () => {
    const card = currentCard([e('earn', 50)], 100);
    expect(() => planSaleEntries(card, 49, 1)).toThrow(LoyaltyError);
    expect(() => planSaleEntries(card, 49, 1)).toThrow('99/100');
    expect(() => planSaleEntries(currentCard([e('earn', 150)], 100), 0, 2)).toThrow(LoyaltyError);
  });
});

describe('the reward on the ticket', () => {
  test('percent: a ticket discount on what the cashier discount left, tagged apart', () => {
    let t = addLine(empty(), art({ price: 1000 }), 2000);
    t = giveReward(t, { kind: 'percent', value: 1000, articleId: null }, 3, null);
    expect(t.loyaltyReward).toEqual({ kind: 'percent', value: 1000, cardNo: 3, lineId: null });
    let totals = computeTotals(t);
    expect(totals).toMatchObject({ total: 1800, loyaltyDiscount: 200, discountTotal: 200 });
    t = setTicketDiscount(t, { kind: 'amount', cents: 1000 });
    totals = computeTotals(t);
    expect(totals).toMatchObject({ total: 900, loyaltyDiscount: 100, discountTotal: 1100 });
    expect(totals.lines.reduce((a, l) => a + l.ticketDiscount, 0)).toBe(1100);
  });

  test('amount: never more than the articles sold; returns are not discounted', () => {
    let t = addLine(empty(), art({ price: 300 }), 1000);
    t = addLine(t, art({ id: 2, code: '2', price: 800 }), -1000);
    t = giveReward(t, { kind: 'amount', value: 500, articleId: null }, 1, null);
    expect(computeTotals(t)).toMatchObject({ loyaltyDiscount: 300, total: 300 - 300 - 800 });
  });

  test('voucher: no effect on the totals (it is issued when the sale completes)', () => {
    const t = giveReward(addLine(empty(), art(), 1000), { kind: 'voucher', value: 500, articleId: null }, 1, null);
    expect(computeTotals(t)).toMatchObject({ total: 450, loyaltyDiscount: 0 });
  });

  test('free article: its own line at 100 % off, never merged, removed with the reward', () => {
    let t = addLine(empty(), gift, 1000);
    t = giveReward(t, { kind: 'article', value: 0, articleId: 9 }, 1, gift);
    expect(t.lines).toHaveLength(2);
    expect(t.lines[1]).toMatchObject({ articleId: 9, quantity: 1000, discount: { kind: 'percent', bp: 10000 }, loyaltyPoints: 0 });
    expect(t.loyaltyReward).toEqual({ kind: 'article', value: 300, cardNo: 1, lineId: t.lines[1]!.id });
    const totals = computeTotals(t);
    expect(totals.total).toBe(300);
    expect(totals.lines[1]).toMatchObject({ gross: 300, lineDiscount: 300, total: 0 });
    // The same article scanned again is a paid line, not merged into the free one.
    const again = addLine(t, gift, 1000);
    expect(again.lines).toHaveLength(3);
    const back = withdrawReward(t);
    expect(back.lines.map((l) => l.articleId)).toEqual([9]);
    expect(back.loyaltyReward).toBeNull();
    expect(() => giveReward(t, { kind: 'article', value: 0, articleId: 9 }, 1, null)).toThrow(LoyaltyError);
  });

  test('voiding the free article line drops the reward; other rewards are kept', () => {
    const t = giveReward(addLine(empty(), art(), 1000), { kind: 'article', value: 0, articleId: 9 }, 1, gift);
    expect(pruneReward(t)).toBe(t);
    expect(pruneReward(voidLine(t, t.loyaltyReward!.lineId!)).loyaltyReward).toBeNull();
    const discount = giveReward(addLine(empty(), art(), 1000), { kind: 'amount', value: 500, articleId: null }, 1, null);
    expect(pruneReward(discount)).toBe(discount);
  });

  test('giving the reward twice keeps one reward', () => {
    let t = addLine(empty(), gift, 1000);
    t = giveReward(t, { kind: 'article', value: 0, articleId: 9 }, 1, gift);
    t = giveReward(t, { kind: 'article', value: 0, articleId: 9 }, 1, gift);
    expect(t.lines).toHaveLength(2);
  });

  test('rewardDiscount turns percent and amount into ticket discounts only', () => {
    expect(rewardDiscount({ kind: 'percent', value: 1000, cardNo: 1, lineId: null })).toEqual({ kind: 'percent', bp: 1000 });
    expect(rewardDiscount({ kind: 'amount', value: 500, cardNo: 1, lineId: null })).toEqual({ kind: 'amount', cents: 500 });
    expect(rewardDiscount({ kind: 'voucher', value: 500, cardNo: 1, lineId: null })).toBeNull();
    expect(rewardDiscount(null)).toBeNull();
    expect(rewardDiscount(undefined)).toBeNull();
  });
});

describe('settings and display', () => {
  test('defaults: points, threshold 100, 5 € off', () => {
    expect(loyaltySettingsOf(DEFAULT_SETTINGS)).toEqual({
      enabled: true, criterion: 'points', threshold: 100, reward: { kind: 'amount', value: 500, articleId: null },
    });
  });

  test('damaged values fall back to safe ones', () => {
    const s = loyaltySettingsOf({
      ...DEFAULT_SETTINGS,
      'loyalty.criterion': 'stars' as never,
      'loyalty.threshold': 0,
      'loyalty.reward.kind': 'cruise' as never,
      'loyalty.reward.value': -5,
    });
    expect(s).toMatchObject({ criterion: 'points', threshold: 100, reward: { kind: 'amount', value: 0 } });
  });

  test('progress text per criterion', () => {
    expect(formatProgress('points', 72, 100)).toBe('72/100 points');
    expect(formatProgress('visits', 4, 10)).toBe('4/10 visites');
    expect(formatProgress('visits', 4, 10, 'en')).toBe('4/10 visits');
    expect(formatProgress('spent', 8550, 15000)).toBe('85,50/150,00 €');
    expect(formatProgress('items', 3, 12)).toBe('3/12 articles');
  });
});
