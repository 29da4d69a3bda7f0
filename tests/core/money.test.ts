import {
  allocate,
  formatMoney,
  MAX_PARSED_CENTS,
  mulDiv,
  parseMoney,
  percentOf,
  roundHalfAwayFromZero,
} from '../../src/core/basics/money.js';

// A small deterministic generator (LCG) for property-style loops.
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648);
}

describe('roundHalfAwayFromZero', () => {
  test.each([
    [2.5, 3],
    [-2.5, -3],
    [0.5, 1],
    [-0.5, -1],
    [1.5, 2],
    [-1.5, -2],
    [2.4999, 2],
    [-2.4999, -2],
    [2.5001, 3],
    [-2.5001, -3],
    [0, 0],
    [7, 7],
    [-7, -7],
    [0.4, 0],
    [0.49, 0],
  ])('%p -> %p', (x, expected) => {
    expect(roundHalfAwayFromZero(x)).toBe(expected);
  });

  test('float noise around a half counts as the half (15 significant digits)', () => {
    expect(1.005 * 100).toBeLessThan(100.5); // the noise is real…
    expect(roundHalfAwayFromZero(1.005 * 100)).toBe(101); // …and ignored
    expect(roundHalfAwayFromZero(-1.005 * 100)).toBe(-101);
    expect(roundHalfAwayFromZero(0.285 * 100)).toBe(29); // 28.499999999999996
    expect(roundHalfAwayFromZero(1.015 * 100)).toBe(102);
    // A genuine value below the half is not pushed up.
    expect(roundHalfAwayFromZero(100.4999999)).toBe(100);
    expect(roundHalfAwayFromZero(-100.4999999)).toBe(-100);
  });

  test('never returns negative zero', () => {
    expect(Object.is(roundHalfAwayFromZero(-0.2), 0)).toBe(true);
    expect(Object.is(roundHalfAwayFromZero(-0), 0)).toBe(true);
    expect(Object.is(roundHalfAwayFromZero(-0.49), 0)).toBe(true);
  });

  test('huge values are left exact', () => {
    expect(roundHalfAwayFromZero(2 ** 52)).toBe(2 ** 52);
    expect(roundHalfAwayFromZero(Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
    expect(roundHalfAwayFromZero(-Number.MAX_SAFE_INTEGER)).toBe(-Number.MAX_SAFE_INTEGER);
    expect(roundHalfAwayFromZero(2 ** 51 + 0.5)).toBe(2 ** 51 + 1);
    expect(roundHalfAwayFromZero(-(2 ** 51 + 0.5))).toBe(-(2 ** 51 + 1));
    expect(roundHalfAwayFromZero(1e15 + 0.5)).toBe(1e15 + 1);
    expect(roundHalfAwayFromZero(123456789012.5)).toBe(123456789013);
    expect(roundHalfAwayFromZero(1e300)).toBe(1e300);
  });

  test('refuses non-finite values', () => {
    expect(() => roundHalfAwayFromZero(Number.NaN)).toThrow(RangeError);
    expect(() => roundHalfAwayFromZero(Number.POSITIVE_INFINITY)).toThrow(RangeError);
    expect(() => roundHalfAwayFromZero(Number.NEGATIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('mulDiv (exact product and quotient)', () => {
  test('rounds halves away from zero, whatever the signs', () => {
    expect(mulDiv(5, 1, 2)).toBe(3);
    expect(mulDiv(-5, 1, 2)).toBe(-3);
    expect(mulDiv(5, -1, 2)).toBe(-3);
    expect(mulDiv(5, 1, -2)).toBe(-3);
    expect(mulDiv(-5, -1, 2)).toBe(3);
    expect(mulDiv(-5, 1, -2)).toBe(3);
    expect(mulDiv(3, 1, 2)).toBe(2);
    expect(mulDiv(-3, 1, 2)).toBe(-2);
  });

  test('below and above the half', () => {
    expect(mulDiv(7, 1, 3)).toBe(2); // 2.33
    expect(mulDiv(8, 1, 3)).toBe(3); // 2.67
    expect(mulDiv(-7, 1, 3)).toBe(-2);
    expect(mulDiv(-8, 1, 3)).toBe(-3);
    expect(mulDiv(1, 1, 3)).toBe(0);
    expect(mulDiv(499, 1, 1000)).toBe(0);
    expect(mulDiv(500, 1, 1000)).toBe(1);
    expect(mulDiv(-499, 1, 1000)).toBe(0);
    expect(mulDiv(-500, 1, 1000)).toBe(-1);
  });

  test('zero, and never a negative zero', () => {
    expect(mulDiv(0, 123, 7)).toBe(0);
    expect(Object.is(mulDiv(0, -123, 7), 0)).toBe(true);
    expect(Object.is(mulDiv(-1, 1, 3), 0)).toBe(true);
    expect(Object.is(mulDiv(1, 1, -3), 0)).toBe(true);
  });

  test('is exact where a float product would not be', () => {
    // 4e12 * 4e6 = 1.6e19 is far beyond 2^53; a float product would lose the last cents.
    expect(mulDiv(4_000_000_000_003, 4_000_001, 4_000_000)).toBe(4_000_001_000_003);
    expect(mulDiv(123_456_789_012, 1_000_000, 1_000_000)).toBe(123_456_789_012);
    expect(mulDiv(Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
    expect(mulDiv(-Number.MAX_SAFE_INTEGER, 3, 3)).toBe(-Number.MAX_SAFE_INTEGER);
    // The float version gets this one wrong: 1.005 * 100 loses the half.
    expect(mulDiv(1005, 1, 10)).toBe(101);
  });

  test('matches a float reference on small values', () => {
    const next = lcg(42);
    for (let i = 0; i < 2000; i++) {
      const a = (next() % 200001) - 100000;
      const b = (next() % 20001) - 10000;
      const c = (next() % 999) + 1;
      // Small enough for a float to hold the quotient exactly as a multiple of 1/c, within 1e-9.
      const q = (a * b) / c;
      const expected = Math.sign(q) * Math.floor(Math.abs(q) + 0.5 + 1e-9);
      expect(mulDiv(a, b, c)).toBe(expected === 0 ? 0 : expected);
    }
  });

  test('refuses non-integers, unsafe integers, division by zero and results too large', () => {
    expect(() => mulDiv(1.5, 1, 1)).toThrow(RangeError);
    expect(() => mulDiv(1, 1.5, 1)).toThrow(RangeError);
    expect(() => mulDiv(1, 1, 1.5)).toThrow(RangeError);
    expect(() => mulDiv(Number.NaN, 1, 1)).toThrow(RangeError);
    expect(() => mulDiv(Number.POSITIVE_INFINITY, 1, 1)).toThrow(RangeError);
    expect(() => mulDiv(2 ** 60, 1, 1)).toThrow(RangeError);
    expect(() => mulDiv(1, 1, 0)).toThrow(RangeError);
    expect(() => mulDiv(0, 1, 0)).toThrow(RangeError);
    expect(() => mulDiv(Number.MAX_SAFE_INTEGER, 2, 1)).toThrow(RangeError);
    expect(() => mulDiv(-Number.MAX_SAFE_INTEGER, 2, 1)).toThrow(RangeError);
  });
});

describe('percentOf (basis points)', () => {
  test('percentages of amounts', () => {
    expect(percentOf(1290, 1000)).toBe(129);
    expect(percentOf(1745, 1000)).toBe(175); // 174.5 -> 175
    expect(percentOf(-1745, 1000)).toBe(-175);
    expect(percentOf(1744, 1000)).toBe(174); // 174.4
    expect(percentOf(999, 10000)).toBe(999);
    expect(percentOf(999, 0)).toBe(0);
    expect(percentOf(0, 2000)).toBe(0);
    expect(percentOf(1, 5000)).toBe(1); // 0.5 -> 1
    expect(percentOf(-1, 5000)).toBe(-1);
    expect(percentOf(1, 4999)).toBe(0);
    expect(percentOf(1000, 15000)).toBe(1500);
  });
  test('refuses fractional basis points', () => {
    expect(() => percentOf(1000, 12.5)).toThrow(RangeError);
  });
});

describe('allocate (largest remainder)', () => {
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

  test('parts always sum exactly to the total, negative totals included', () => {
    for (let total = -50; total <= 50; total += 7) {
      for (const weights of [[1, 1, 1], [333, 1290, 101], [0, 5, 0, 5], [1], [7, 3], [0, 0, 0]]) {
        const parts = allocate(total, weights);
        expect(sum(parts)).toBe(total);
        expect(parts).toHaveLength(weights.length);
      }
    }
  });

  test('property: exact sum, sign symmetry, each part within 1 of its share', () => {
    const next = lcg(2024);
    for (let round = 0; round < 300; round++) {
      const total = (next() % 2_000_001) - 1_000_000;
      const weights = Array.from({ length: 1 + (next() % 8) }, () => (next() % 3 === 0 ? 0 : next() % 10000));
      const parts = allocate(total, weights);
      expect(sum(parts)).toBe(total);
      expect(allocate(-total, weights)).toEqual(parts.map((p) => (p === 0 ? 0 : -p)));
      const wsum = sum(weights);
      parts.forEach((p, i) => {
        const share = wsum === 0 ? total / weights.length : (total * weights[i]!) / wsum;
        expect(Math.abs(p - share)).toBeLessThan(1);
        if (wsum !== 0 && weights[i] === 0) expect(p).toBe(0);
      });
    }
  });

  test('proportional, ties to the earliest, zero weights get nothing', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(-100, [1, 1, 1])).toEqual([-34, -33, -33]);
    expect(allocate(10, [0, 3, 1])).toEqual([0, 8, 2]); // 7.5 and 2.5: tie goes to the earliest
    expect(allocate(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(allocate(100, [1, 2])).toEqual([33, 67]); // 33.33 and 66.67: the larger remainder wins
    expect(allocate(1, [1, 3])).toEqual([0, 1]); // 0.25 and 0.75
  });

  test('all-zero weights split evenly, earliest first', () => {
    expect(allocate(5, [0, 0])).toEqual([3, 2]);
    expect(allocate(-5, [0, 0])).toEqual([-3, -2]);
    expect(allocate(7, [0, 0, 0])).toEqual([3, 2, 2]);
    expect(allocate(0, [0, 0])).toEqual([0, 0]);
  });

  test('zero total, single weight, empty list', () => {
    expect(allocate(0, [3, 4])).toEqual([0, 0]);
    expect(allocate(0, [3, 4]).every((p) => Object.is(p, 0))).toBe(true);
    expect(allocate(-1, [5])).toEqual([-1]);
    expect(allocate(0, [])).toEqual([]);
  });

  test('huge totals and weights stay exact', () => {
    const parts = allocate(Number.MAX_SAFE_INTEGER, [1, 1, 1]);
    expect(parts).toEqual([3002399751580331, 3002399751580330, 3002399751580330]);
    expect(allocate(1_000_000_000_000, [Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER])).toEqual([500_000_000_000, 500_000_000_000]);
  });

  test('refuses bad input', () => {
    expect(() => allocate(1.5, [1])).toThrow(RangeError);
    expect(() => allocate(Number.NaN, [1])).toThrow(RangeError);
    expect(() => allocate(1, [-1, 2])).toThrow(RangeError);
    expect(() => allocate(1, [0.5, 2])).toThrow(RangeError);
    expect(() => allocate(1, [])).toThrow(RangeError);
  });
});

describe('formatMoney', () => {
  test.each([
    [1250, '12,50 €'],
    [-300, '-3,00 €'],
    [0, '0,00 €'],
    [5, '0,05 €'],
    [-5, '-0,05 €'],
    [99, '0,99 €'],
    [100, '1,00 €'],
    [-1, '-0,01 €'],
    [99999, '999,99 €'],
    [100000, '1 000,00 €'],
    [123456789, '1 234 567,89 €'],
    [-123456789, '-1 234 567,89 €'],
  ])('fr %p -> %p', (cents, text) => {
    expect(formatMoney(cents)).toBe(text);
    expect(formatMoney(cents, 'fr')).toBe(text);
  });

  test.each([
    [1250, '€12.50'],
    [-300, '-€3.00'],
    [0, '€0.00'],
    [-1, '-€0.01'],
    [100000, '€1,000.00'],
    [123456789, '€1,234,567.89'],
  ])('en %p -> %p', (cents, text) => {
    expect(formatMoney(cents, 'en')).toBe(text);
  });

  test('only plain ASCII spaces', () => {
    expect(formatMoney(123456789)).toMatch(/^[\d ,€-]+$/);
    expect(formatMoney(123456789).includes('\u00a0')).toBe(false);
    expect(formatMoney(123456789).includes('\u202f')).toBe(false);
  });

  test('without the symbol', () => {
    expect(formatMoney(1250, 'fr', { symbol: false })).toBe('12,50');
    expect(formatMoney(1250, 'en', { symbol: false })).toBe('12.50');
    expect(formatMoney(-123456789, 'fr', { symbol: false })).toBe('-1 234 567,89');
    expect(formatMoney(-123456789, 'en', { symbol: false })).toBe('-1,234,567.89');
    expect(formatMoney(1250, 'fr', { symbol: true })).toBe('12,50 €');
    expect(formatMoney(1250, 'fr', {})).toBe('12,50 €');
  });

  test('never a negative zero', () => {
    expect(formatMoney(-0)).toBe('0,00 €');
    expect(formatMoney(-0, 'en')).toBe('€0.00');
  });

  test('huge amounts keep every digit', () => {
    expect(formatMoney(Number.MAX_SAFE_INTEGER)).toBe('90 071 992 547 409,91 €');
    expect(formatMoney(-Number.MAX_SAFE_INTEGER, 'en')).toBe('-€90,071,992,547,409.91');
    expect(formatMoney(1e21)).toBe('10 000 000 000 000 000 000,00 €');
  });

  test('refuses anything but integer cents', () => {
    expect(() => formatMoney(1.5)).toThrow(RangeError);
    expect(() => formatMoney(Number.NaN)).toThrow(RangeError);
    expect(() => formatMoney(Number.POSITIVE_INFINITY)).toThrow(RangeError);
  });
});

describe('parseMoney', () => {
  test.each([
    ['12,50', 1250],
    ['12.50', 1250],
    ['12', 1200],
    ['12,5', 1250],
    ['12.5', 1250],
    ['-3', -300],
    ['+3', 300],
    [' 12,50 € ', 1250],
    ['12,50€', 1250],
    ['€12.50', 1250],
    ['€ 12.50', 1250],
    ['-€3.00', -300],
    ['-3,00 €', -300],
    ['1 234,56', 123456],
    ['1\u00a0234,56', 123456],
    ['1\u202f234,56 €', 123456],
    ['1 234 567,89 €', 123456789],
    ['€1,234,567.89', 123456789],
    ['1.234,56', 123456],
    ['0,05', 5],
    ['0', 0],
    ['007', 700],
    ['100000000000', MAX_PARSED_CENTS],
    ['-100000000000', -MAX_PARSED_CENTS],
  ])('%p -> %p', (text, cents) => {
    expect(parseMoney(text)).toBe(cents);
  });

  test('zero is never negative', () => {
    expect(Object.is(parseMoney('-0'), 0)).toBe(true);
    expect(Object.is(parseMoney('-0,00 €'), 0)).toBe(true);
  });

  test.each([
    [''],
    ['   '],
    ['abc'],
    ['12,505'],
    ['1,234'], // three decimals or a thousands group? ambiguous, refused
    ['1,2,3'],
    ['1.2.3'],
    ['1.234.56'],
    ['--3'],
    ['+-3'],
    ['12,'],
    ['12.'],
    [',50'],
    ['12,50,'],
    ['Infinity'],
    ['-Infinity'],
    ['NaN'],
    ['1e5'],
    ['0x10'],
    ['1 2'],
    ['12 34,00'],
    ['12€50'],
    ['€12 €'],
    ['12 EUR'],
    ['100000000000,01'],
    ['99999999999999999'],
    ['1' + '0'.repeat(400)],
    ['-'],
    ['€'],
    ['١٢'], // non-ASCII digits
  ])('%p is refused', (text) => {
    expect(parseMoney(text)).toBeNull();
  });

  test('round-trips what formatMoney prints', () => {
    const next = lcg(7);
    for (let i = 0; i < 500; i++) {
      const cents = (next() % 2_000_000_001) - 1_000_000_000;
      for (const locale of ['fr', 'en'] as const) {
        expect(parseMoney(formatMoney(cents, locale))).toBe(cents);
        expect(parseMoney(formatMoney(cents, locale, { symbol: false }))).toBe(cents);
      }
    }
  });
});
