import { formatRate, parseRate, vatBreakdown, vatOfInclusive } from '../../src/core/catalogue/vat.js';

function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2147483648);
}

describe('vatOfInclusive', () => {
  test('tax contained in an inclusive amount', () => {
    expect(vatOfInclusive(1200, 2000)).toBe(200);
    expect(vatOfInclusive(1055, 550)).toBe(55);
    expect(vatOfInclusive(1100, 1000)).toBe(100);
    expect(vatOfInclusive(1021, 210)).toBe(21);
    expect(vatOfInclusive(1290, 2000)).toBe(215); // 215.0
    expect(vatOfInclusive(1000, 2000)).toBe(167); // 166.67
    expect(vatOfInclusive(1000, 550)).toBe(52); // 52.13
  });

  test('halves away from zero, both signs', () => {
    expect(vatOfInclusive(3, 2000)).toBe(1); // 0.5 -> 1
    expect(vatOfInclusive(-3, 2000)).toBe(-1);
    expect(vatOfInclusive(9, 2000)).toBe(2); // 1.5 -> 2
    expect(vatOfInclusive(-9, 2000)).toBe(-2);
    expect(vatOfInclusive(1, 2000)).toBe(0); // 0.1667
    expect(Object.is(vatOfInclusive(-1, 2000), 0)).toBe(true);
    expect(vatOfInclusive(2, 2000)).toBe(0); // 0.333
  });

  test('zero rate, zero amount, huge amount', () => {
    expect(vatOfInclusive(1000, 0)).toBe(0);
    expect(vatOfInclusive(0, 2000)).toBe(0);
    // 1.2e15 cents at 20 %: exactly a sixth, no float drift.
    expect(vatOfInclusive(1_200_000_000_000_000, 2000)).toBe(200_000_000_000_000);
    expect(vatOfInclusive(1_200_000_000_000_003, 2000)).toBe(200_000_000_000_001); // …000.5 -> …001
  });

  test('refuses invalid rates and amounts', () => {
    expect(() => vatOfInclusive(1000, -10000)).toThrow(RangeError);
    expect(() => vatOfInclusive(1000, -100)).toThrow(RangeError);
    expect(() => vatOfInclusive(1000, 5.5)).toThrow(RangeError);
    expect(() => vatOfInclusive(10.5, 2000)).toThrow(RangeError);
    expect(() => vatOfInclusive(Number.NaN, 2000)).toThrow(RangeError);
  });
});

describe('vatBreakdown', () => {
  test('sums per rate first, then derives the tax once (the documented rule)', () => {
    // Three lines of 0.03 € at 20 %: per line 0.005 -> 0.01 each would give 0.03;
    // on the rate's total of 0.09 the tax is 0.015 -> 0.02.
    const lines = vatBreakdown([
      { rateBp: 2000, amount: 3 },
      { rateBp: 2000, amount: 3 },
      { rateBp: 2000, amount: 3 },
    ]);
    expect(lines).toEqual([{ rateBp: 2000, total: 9, tax: 2, base: 7 }]);
  });

  test('a typical mixed ticket', () => {
    expect(
      vatBreakdown([
        { rateBp: 550, amount: 1000 },
        { rateBp: 2000, amount: 1290 },
        { rateBp: 550, amount: 455 },
        { rateBp: 1000, amount: 1100 },
      ]),
    ).toEqual([
      { rateBp: 2000, total: 1290, tax: 215, base: 1075 },
      { rateBp: 1000, total: 1100, tax: 100, base: 1000 },
      { rateBp: 550, total: 1455, tax: 76, base: 1379 }, // 75.85
    ]);
  });

  test('sorted by rate, highest first; rates summing to zero omitted', () => {
    const lines = vatBreakdown([
      { rateBp: 0, amount: 200 },
      { rateBp: 550, amount: 1000 },
      { rateBp: 2000, amount: 1290 },
      { rateBp: 1000, amount: 500 },
      { rateBp: 1000, amount: -500 },
      { rateBp: 210, amount: 0 },
    ]);
    expect(lines.map((l) => l.rateBp)).toEqual([2000, 550, 0]);
    expect(lines[2]).toEqual({ rateBp: 0, total: 200, tax: 0, base: 200 });
  });

  test('returns (negative totals) keep the same rule', () => {
    expect(vatBreakdown([{ rateBp: 2000, amount: -1200 }])).toEqual([{ rateBp: 2000, total: -1200, tax: -200, base: -1000 }]);
    expect(vatBreakdown([{ rateBp: 2000, amount: -3 }])).toEqual([{ rateBp: 2000, total: -3, tax: -1, base: -2 }]);
  });

  test('empty input, all zero', () => {
    expect(vatBreakdown([])).toEqual([]);
    expect(vatBreakdown([{ rateBp: 2000, amount: 0 }])).toEqual([]);
  });

  test('property: totals add up to the input, base + tax = total, one line per non-zero rate', () => {
    const next = lcg(7);
    const rates = [2000, 1000, 850, 550, 210, 0];
    for (let round = 0; round < 500; round++) {
      const amounts = Array.from({ length: 1 + (next() % 15) }, () => ({
        rateBp: rates[next() % rates.length]!,
        amount: (next() % 200000) - 40000,
      }));
      const lines = vatBreakdown(amounts);
      expect(lines.reduce((a, l) => a + l.total, 0)).toBe(amounts.reduce((a, x) => a + x.amount, 0));
      for (const l of lines) {
        expect(l.base + l.tax).toBe(l.total);
        expect(l.total).not.toBe(0);
        expect(l.tax).toBe(vatOfInclusive(l.total, l.rateBp));
        // The tax has the sign of the total and is at most the rate's share of it.
        expect(Math.abs(l.tax)).toBeLessThanOrEqual(Math.abs(l.total));
        if (l.tax !== 0) expect(Math.sign(l.tax)).toBe(Math.sign(l.total));
        expect(l.total).toBe(amounts.filter((a) => a.rateBp === l.rateBp).reduce((s, a) => s + a.amount, 0));
      }
      const rateOrder = lines.map((l) => l.rateBp);
      expect(rateOrder).toEqual([...rateOrder].sort((a, b) => b - a));
      expect(new Set(rateOrder).size).toBe(rateOrder.length);
    }
  });

  test('refuses non-integer amounts and invalid rates', () => {
    expect(() => vatBreakdown([{ rateBp: 2000, amount: 0.5 }, { rateBp: 2000, amount: 0.5 }])).toThrow(RangeError);
    expect(() => vatBreakdown([{ rateBp: -2000, amount: 100 }])).toThrow(RangeError);
    expect(() => vatBreakdown([{ rateBp: 5.5, amount: 100 }])).toThrow(RangeError);
  });
});

describe('formatRate', () => {
  test.each([
    [2000, '20 %', '20%'],
    [550, '5,5 %', '5.5%'],
    [210, '2,1 %', '2.1%'],
    [0, '0 %', '0%'],
    [1000, '10 %', '10%'],
    [10000, '100 %', '100%'],
    [525, '5,25 %', '5.25%'],
    [505, '5,05 %', '5.05%'],
    [1, '0,01 %', '0.01%'],
    [50, '0,5 %', '0.5%'],
    [-50, '-0,5 %', '-0.5%'],
    [-550, '-5,5 %', '-5.5%'],
  ])('%p -> %p / %p', (bp, fr, en) => {
    expect(formatRate(bp)).toBe(fr);
    expect(formatRate(bp, 'fr')).toBe(fr);
    expect(formatRate(bp, 'en')).toBe(en);
  });

  test('refuses fractional basis points', () => {
    expect(() => formatRate(5.5)).toThrow(RangeError);
  });
});

describe('parseRate', () => {
  test.each([
    ['20', 2000],
    ['5,5', 550],
    ['5.5', 550],
    ['5.5 %', 550],
    ['5,5%', 550],
    [' 20 % ', 2000],
    ['2,10', 210],
    ['2,1', 210],
    ['0', 0],
    ['0,01', 1],
    ['100', 10000],
    ['100,00', 10000],
  ])('%p -> %p', (text, bp) => {
    expect(parseRate(text)).toBe(bp);
  });

  test.each([['-5'], ['101'], ['100,01'], ['5,555'], ['abc'], [''], ['%'], ['5,'], [',5'], ['1000'], ['5 5'], ['NaN'], ['1e1']])(
    '%p is refused',
    (text) => {
      expect(parseRate(text)).toBeNull();
    },
  );

  test('round-trips with formatRate', () => {
    for (let bp = 0; bp <= 10000; bp += 7) {
      expect(parseRate(formatRate(bp))).toBe(bp);
      expect(parseRate(formatRate(bp, 'en'))).toBe(bp);
    }
  });
});
