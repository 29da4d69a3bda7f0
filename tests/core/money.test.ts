import { allocate, formatMoney, mulDiv, parseMoney, percentOf, roundHalfAwayFromZero } from '../../src/core/money.js';

describe('rounding half away from zero', () => {
  test.each([
    [2.5, 3], [-2.5, -3], [2.4999, 2], [-2.4999, -2], [0, 0], [-0.4, 0], [1.005 * 100, 101], [0.5, 1], [-0.5, -1],
  ])('%p -> %p', (x, expected) => {
    expect(roundHalfAwayFromZero(x)).toBe(expected);
  });
  test('never returns -0 and refuses non-finite values', () => {
    expect(Object.is(roundHalfAwayFromZero(-0.2), -0)).toBe(false);
    expect(() => roundHalfAwayFromZero(Number.NaN)).toThrow(RangeError);
    expect(() => roundHalfAwayFromZero(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('mulDiv (exact integer product and quotient)', () => {
  test('rounds halves away from zero, both signs', () => {
    expect(mulDiv(5, 1, 2)).toBe(3);
    expect(mulDiv(-5, 1, 2)).toBe(-3);
    expect(mulDiv(5, -1, 2)).toBe(-3);
    expect(mulDiv(5, 1, -2)).toBe(-3);
    expect(mulDiv(7, 1, 3)).toBe(2);
    expect(mulDiv(8, 1, 3)).toBe(3);
    expect(mulDiv(0, 123, 7)).toBe(0);
  });
  test('is exact beyond 2^53 intermediate products', () => {
    // 4e12 * 4e6 = 1.6e19 is far beyond 2^53; a float product would lose the last cents.
    expect(mulDiv(4_000_000_000_003, 4_000_001, 4_000_000)).toBe(4_000_001_000_003);
    expect(mulDiv(123_456_789_012, 1_000_000, 1_000_000)).toBe(123_456_789_012);
  });
  test('refuses non-integers and division by zero', () => {
    expect(() => mulDiv(1.5, 1, 1)).toThrow(RangeError);
    expect(() => mulDiv(1, 1, 0)).toThrow(RangeError);
  });
  test('percentOf uses basis points', () => {
    expect(percentOf(1290, 1000)).toBe(129);
    expect(percentOf(1745, 1000)).toBe(175); // 174.5 -> 175
    expect(percentOf(-1745, 1000)).toBe(-175);
    expect(percentOf(999, 10000)).toBe(999);
  });
});

describe('allocate (largest remainder)', () => {
  test('parts always sum exactly to the total', () => {
    for (let total = -50; total <= 50; total += 7) {
      for (const weights of [[1, 1, 1], [333, 1290, 101], [0, 5, 0, 5], [1], [7, 3]]) {
        const parts = allocate(total, weights);
        expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
        expect(parts).toHaveLength(weights.length);
      }
    }
  });
  test('proportional, ties to the earliest, zero weights get nothing', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(allocate(10, [0, 3, 1])).toEqual([0, 8, 2]); // 7.5 and 2.5: tie goes to the earliest
    expect(allocate(5, [0, 0])).toEqual([3, 2]);
    expect(allocate(0, [])).toEqual([]);
  });
  test('refuses bad input', () => {
    expect(() => allocate(1.5, [1])).toThrow(RangeError);
    expect(() => allocate(1, [-1, 2])).toThrow(RangeError);
    expect(() => allocate(1, [])).toThrow(RangeError);
  });
});

describe('formatting money', () => {
  test.each([
    [1250, '12,50 €'], [-300, '-3,00 €'], [0, '0,00 €'], [5, '0,05 €'], [123456789, '1 234 567,89 €'], [100000, '1 000,00 €'], [-1, '-0,01 €'],
  ])('fr %p -> %p', (cents, text) => {
    expect(formatMoney(cents)).toBe(text);
  });
  test.each([
    [1250, '€12.50'], [-300, '-€3.00'], [123456789, '€1,234,567.89'],
  ])('en %p -> %p', (cents, text) => {
    expect(formatMoney(cents, 'en')).toBe(text);
  });
  test('without symbol, and never a negative zero', () => {
    expect(formatMoney(1250, 'fr', { symbol: false })).toBe('12,50');
    expect(formatMoney(1250, 'en', { symbol: false })).toBe('12.50');
    expect(formatMoney(-0)).toBe('0,00 €');
    expect(() => formatMoney(1.5)).toThrow(RangeError);
  });
});

describe('parsing money', () => {
  test.each([
    ['12,50', 1250], ['12.50', 1250], ['12', 1200], ['12,5', 1250], ['-3', -300], ['+3', 300], [' 12,50 € ', 1250], ['€12.50', 1250], ['1 234,56', 123456], ['0,05', 5],
  ])('%p -> %p', (text, cents) => {
    expect(parseMoney(text)).toBe(cents);
  });
  test.each([[''], ['abc'], ['12,505'], ['1,2,3'], ['--3'], ['12,'], ['Infinity'], ['NaN'], ['1e5'], ['99999999999999999'], ['-'], ['€']])('%p is refused', (text) => {
    expect(parseMoney(text)).toBeNull();
  });
});
