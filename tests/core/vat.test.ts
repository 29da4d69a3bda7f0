import { formatRate, parseRate, vatBreakdown, vatOfInclusive } from '../../src/core/vat.js';

describe('VAT from tax-inclusive amounts', () => {
  test('tax of an inclusive amount', () => {
    expect(vatOfInclusive(1200, 2000)).toBe(200);
    expect(vatOfInclusive(1055, 550)).toBe(55);
    expect(vatOfInclusive(1100, 1000)).toBe(100);
    expect(vatOfInclusive(1, 2000)).toBe(0); // 0.1667
    expect(vatOfInclusive(3, 2000)).toBe(1); // 0.5 -> 1
    expect(vatOfInclusive(-3, 2000)).toBe(-1);
    expect(vatOfInclusive(1000, 0)).toBe(0);
  });

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

  test('sorted by rate, highest first, zero totals omitted', () => {
    const lines = vatBreakdown([
      { rateBp: 550, amount: 1000 },
      { rateBp: 2000, amount: 1290 },
      { rateBp: 1000, amount: 500 },
      { rateBp: 1000, amount: -500 },
    ]);
    expect(lines.map((l) => l.rateBp)).toEqual([2000, 550]);
  });

  test('totals always add up to the input and base + tax = total', () => {
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648);
    for (let round = 0; round < 200; round++) {
      const amounts = Array.from({ length: 1 + (next() % 12) }, () => ({
        rateBp: [2000, 1000, 550, 210][next() % 4]!,
        amount: (next() % 20000) - 4000,
      }));
      const lines = vatBreakdown(amounts);
      expect(lines.reduce((a, l) => a + l.total, 0)).toBe(amounts.reduce((a, x) => a + x.amount, 0));
      for (const l of lines) expect(l.base + l.tax).toBe(l.total);
    }
  });

  test('formats and parses rates', () => {
    expect(formatRate(2000)).toBe('20 %');
    expect(formatRate(550)).toBe('5,5 %');
    expect(formatRate(210)).toBe('2,1 %');
    expect(formatRate(0)).toBe('0 %');
    expect(formatRate(550, 'en')).toBe('5.5%');
    expect(parseRate('20')).toBe(2000);
    expect(parseRate('5,5')).toBe(550);
    expect(parseRate('5.5 %')).toBe(550);
    expect(parseRate('2,10')).toBe(210);
    expect(parseRate('-5')).toBeNull();
    expect(parseRate('101')).toBeNull();
    expect(parseRate('5,555')).toBeNull();
    expect(parseRate('abc')).toBeNull();
  });
});
