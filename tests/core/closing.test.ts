import { checkDenominations, countedCash, dayTotals, NO_VOIDS, parseDenominations, sumTotals } from '../../src/core/fiscal/closing.js';
import { closingText } from '../../src/core/fiscal/closing-report.js';

describe('dayTotals', () => {
  const sales = [
    { number: 7, total: 1290, discountTotal: 0, returns: 0 },
    { number: 8, total: 2000, discountTotal: 150, returns: 0 },
    { number: 9, total: -450, discountTotal: 0, returns: 450 },
  ];
  const payments = [
    { method: 'cash', amount: 1290 },
    { method: 'card', amount: 1500 },
    { method: 'cash', amount: 500 },
    { method: 'cash', amount: -450 },
  ];
  const taxes = [
    { rateBp: 550, total: 2000, tax: 104, base: 1896 },
    { rateBp: 2000, total: 1290, tax: 215, base: 1075 },
    { rateBp: 550, total: -450, tax: -23, base: -427 },
  ];

  test('adds up sales, methods and VAT per rate', () => {
    const t = dayTotals(sales, payments, taxes, []);
    expect(t).toMatchObject({ salesCount: 3, firstSaleNumber: 7, lastSaleNumber: 9, total: 2840, discounts: 150, returns: 450 });
    expect(t.byMethod).toEqual({ card: 1500, cash: 1340 });
    expect(Object.keys(t.byMethod)).toEqual(['card', 'cash']);
    expect(t.byRate).toEqual([
      { rateBp: 2000, total: 1290, tax: 215, base: 1075 },
      { rateBp: 550, total: 1550, tax: 81, base: 1469 },
    ]);
    // methods and rates both add up to the day total
    expect(Object.values(t.byMethod).reduce((a, x) => a + x, 0)).toBe(t.total);
    expect(t.byRate.reduce((a, r) => a + r.total, 0)).toBe(t.total);
  });

  test('cash expected = float + cash payments net of change + in - out', () => {
    const t = dayTotals(sales, payments, taxes, [
      { kind: 'float', amount: 15000 },
      { kind: 'in', amount: 2000 },
      { kind: 'out', amount: 3500 },
      { kind: 'out', amount: 500 },
    ]);
    expect(t).toMatchObject({ float: 15000, cashIn: 2000, cashOut: 4000, cashPayments: 1340 });
    expect(t.cashExpected).toBe(15000 + 1340 + 2000 - 4000);
  });

  test('an empty day is all zeros with no sale numbers', () => {
    const t = dayTotals([], [], [], []);
    expect(t).toMatchObject({ salesCount: 0, firstSaleNumber: null, lastSaleNumber: null, total: 0, cashExpected: 0, byMethod: {}, byRate: [] });
  });

  test('sumTotals adds days together', () => {
    const a = dayTotals(sales, payments, taxes, [{ kind: 'float', amount: 10000 }]);
    const b = dayTotals([{ number: 10, total: 900, discountTotal: 0, returns: 0 }], [{ method: 'cash', amount: 900 }], [{ rateBp: 550, total: 900, tax: 47, base: 853 }], []);
    const s = sumTotals([a, b]);
    expect(s).toMatchObject({ salesCount: 4, firstSaleNumber: 7, lastSaleNumber: 10, total: 3740, discounts: 150, returns: 450, float: 10000, cashPayments: 2240 });
    expect(s.byMethod).toEqual({ card: 1500, cash: 2240 });
    expect(s.byRate).toEqual([
      { rateBp: 2000, total: 1290, tax: 215, base: 1075 },
      { rateBp: 550, total: 2450, tax: 128, base: 2322 },
    ]);
    expect(s.cashExpected).toBe(a.cashExpected + b.cashExpected);
    expect(sumTotals([])).toMatchObject({ salesCount: 0, total: 0, firstSaleNumber: null });
  });

  const voids = [
    { kind: 'void_line', details: JSON.stringify({ ticket: 't1', name: 'Nutella', quantity: 2000, unitPrice: 450 }) },
    { kind: 'void_line', details: JSON.stringify({ ticket: 't1', name: 'Comté', quantity: 1250, unitPrice: 3290 }) }, // 41,125 -> 41,13
    { kind: 'cancel_ticket', details: JSON.stringify({ ticket: 't2', lines: 3, total: 4321 }) },
    { kind: 'refund', details: JSON.stringify({ total: 999 }) },
  ];

  test('voided lines and abandoned tickets: counted with their amounts, other events ignored', () => {
    const t = dayTotals([], [], [], [], voids);
    expect(t.voids).toEqual({ voidedLines: 2, voidedAmount: 900 + 4113, cancelledTickets: 1, cancelledAmount: 4321 });
    expect(dayTotals([], [], [], []).voids).toEqual(NO_VOIDS);
    // an unreadable event still counts, for nothing
    expect(dayTotals([], [], [], [], [{ kind: 'void_line', details: 'not json' }]).voids).toEqual({ ...NO_VOIDS, voidedLines: 1 });
  });

  test('sumTotals adds voids; a day stored before voids were counted (null) adds nothing', () => {
    const a = dayTotals(sales, payments, taxes, [], voids);
    const old = { ...dayTotals([], [], [], [], voids), voids: null };
    expect(sumTotals([a, a, old]).voids).toEqual({ voidedLines: 4, voidedAmount: 2 * 5013, cancelledTickets: 2, cancelledAmount: 8642 });
  });

  test('the X/Z text shows voids, and leaves them out for an old closing without them', () => {
    const text = closingText({ title: 'Z', period: '2026-11-20', tillId: 1, totals: dayTotals([], [], [], [], voids) }).join('\n');
    expect(text).toMatch(/Lignes annulées \(2\) +50,13 €/);
    expect(text).toMatch(/Tickets abandonnés \(1\) +43,21 €/);
    const old = closingText({ title: 'Z', period: '2026-11-20', tillId: 1, totals: { ...dayTotals([], [], [], []), voids: null } }).join('\n');
    expect(old).not.toMatch(/annulées|abandonnés/);
  });
});

describe('counting the drawer', () => {
  test('parses notes and coins, euros with a dot, several separators', () => {
    const p = parseDenominations('50x2,20x3, 0.50x4;0.05X10 2*1');
    expect(p).toEqual({ ok: true, value: { '5000': 2, '2000': 3, '50': 4, '5': 10, '200': 1 } });
    expect(countedCash(p.ok ? p.value : {})).toBe(10000 + 6000 + 200 + 50 + 200);
  });

  test('the same denomination twice adds up; a zero count is dropped', () => {
    expect(parseDenominations('10x1 10x2 5x0')).toEqual({ ok: true, value: { '1000': 3 } });
  });

  test.each([
    ['', 'vide'],
    ['50', 'illisible'],
    ['30x2', 'Coupure inconnue'],
    ['0.03x1', 'Coupure inconnue'],
    ['20x-1', 'illisible'],
    ['20xdeux', 'illisible'],
    ['0,50x4', 'illisible'],
  ])('refuses « %s »', (text, message) => {
    const p = parseDenominations(text);
    expect(p.ok).toBe(false);
    if (!p.ok) expect(p.error).toContain(message);
  });

  test('checkDenominations refuses unknown coins and bad counts', () => {
    expect(checkDenominations({ '5000': 2, '1': 3 })).toEqual({ ok: true, value: { '5000': 2, '1': 3 } });
    expect(checkDenominations({ '300': 1 }).ok).toBe(false);
    expect(checkDenominations({ '500': 1.5 }).ok).toBe(false);
    expect(checkDenominations({ '500': -1 }).ok).toBe(false);
    expect(countedCash({})).toBe(0);
  });
});
