import { formatQuantity, lineAmount, MAX_QTY, parseQuantity, QTY_ONE } from '../../src/core/basics/quantity.js';

const WHOLE = "quantité entière attendue pour un article à l'unité";

describe('parseQuantity (thousandths)', () => {
  test('one unit is a thousand thousandths', () => {
    expect(QTY_ONE).toBe(1000);
    expect(MAX_QTY).toBe(99_999_000);
  });

  test.each([
    ['3', 'unit', 3000],
    ['-2', 'unit', -2000],
    ['+2', 'unit', 2000],
    [' 3 ', 'unit', 3000],
    ['3,000', 'unit', 3000], // whole, even if written with decimals
    ['1,0', 'unit', 1000],
    ['007', 'unit', 7000],
    ['99999', 'unit', 99_999_000],
    ['-99999', 'unit', -99_999_000],
    ['1,250', 'kg', 1250],
    ['1.250', 'kg', 1250],
    ['1,25', 'kg', 1250],
    ['0,5', 'kg', 500],
    ['0.5', 'kg', 500],
    ['0,005', 'kg', 5],
    ['-0,005', 'kg', -5],
    ['-1,250', 'kg', -1250],
    ['12', 'kg', 12000],
    ['99999,000', 'kg', 99_999_000],
  ] as const)('%p (%s) -> %p', (text, unit, value) => {
    expect(parseQuantity(text, unit)).toEqual({ ok: true, value });
  });

  test.each([
    ['1,5', 'unit', WHOLE],
    ['0,001', 'unit', WHOLE],
    ['-2,5', 'unit', WHOLE],
    ['0', 'unit', 'quantité nulle'],
    ['-0', 'unit', 'quantité nulle'],
    ['0,000', 'kg', 'quantité nulle'],
    ['-0,0', 'kg', 'quantité nulle'],
    ['1,2345', 'kg', 'trois décimales au plus (grammes)'],
    ['0,0001', 'kg', 'trois décimales au plus (grammes)'],
    ['1,2345', 'unit', 'trois décimales au plus (grammes)'],
    ['100000', 'unit', 'quantité trop grande'],
    ['-100000', 'unit', 'quantité trop grande'],
    ['99999,001', 'kg', 'quantité trop grande'],
    ['99999,5', 'kg', 'quantité trop grande'],
    ['1' + '0'.repeat(400), 'kg', 'quantité trop grande'],
    ['abc', 'unit', 'quantité illisible : « abc »'],
    ['', 'kg', 'quantité vide'],
    ['  ', 'unit', 'quantité vide'],
    ['1,2,3', 'kg', 'quantité illisible : « 1,2,3 »'],
    ['12,', 'kg', 'quantité illisible : « 12, »'],
    [',5', 'kg', 'quantité illisible : « ,5 »'],
    ['--3', 'unit', 'quantité illisible : « --3 »'],
    ['1e3', 'unit', 'quantité illisible : « 1e3 »'],
    ['Infinity', 'kg', 'quantité illisible : « Infinity »'],
    ['NaN', 'kg', 'quantité illisible : « NaN »'],
    ['1 000', 'unit', 'quantité illisible : « 1 000 »'],
  ] as const)('%p (%s) is refused: %s', (text, unit, error) => {
    expect(parseQuantity(text, unit)).toEqual({ ok: false, error });
  });
});

describe('formatQuantity', () => {
  test('articles sold by the unit', () => {
    expect(formatQuantity(3000, 'unit')).toBe('3');
    expect(formatQuantity(-2000, 'unit')).toBe('-2');
    expect(formatQuantity(1000, 'unit', 'en')).toBe('1');
    expect(formatQuantity(99_999_000, 'unit')).toBe('99999');
  });

  test('a whole-unit article with a fraction still shows its decimals', () => {
    expect(formatQuantity(1500, 'unit')).toBe('1,5');
    expect(formatQuantity(1500, 'unit', 'en')).toBe('1.5');
    expect(formatQuantity(1250, 'unit')).toBe('1,25');
    expect(formatQuantity(5, 'unit')).toBe('0,005');
    expect(formatQuantity(-1500, 'unit')).toBe('-1,5');
  });

  test('weighed articles always have three decimals', () => {
    expect(formatQuantity(1250, 'kg')).toBe('1,250 kg');
    expect(formatQuantity(1250, 'kg', 'en')).toBe('1.250 kg');
    expect(formatQuantity(-50, 'kg')).toBe('-0,050 kg');
    expect(formatQuantity(5, 'kg')).toBe('0,005 kg');
    expect(formatQuantity(12000, 'kg')).toBe('12,000 kg');
    expect(formatQuantity(99_999_999, 'kg')).toBe('99999,999 kg');
  });

  test('zero is never negative', () => {
    expect(formatQuantity(0, 'unit')).toBe('0');
    expect(formatQuantity(-0, 'unit')).toBe('0');
    expect(formatQuantity(-0, 'kg')).toBe('0,000 kg');
  });

  test('round-trips with parseQuantity', () => {
    for (const q of [1, 5, 50, 999, 1000, 1250, 12_345, 99_999_000, -1, -1250]) {
      const text = formatQuantity(q, 'kg').replace(' kg', '');
      expect(parseQuantity(text, 'kg')).toEqual({ ok: true, value: q });
      expect(parseQuantity(formatQuantity(q, 'kg', 'en').replace(' kg', ''), 'kg')).toEqual({ ok: true, value: q });
    }
  });

  test('refuses anything but integer thousandths', () => {
    expect(() => formatQuantity(1.5, 'kg')).toThrow(RangeError);
    expect(() => formatQuantity(Number.NaN, 'unit')).toThrow(RangeError);
  });
});

describe('lineAmount (price x quantity / 1000, half away from zero)', () => {
  test('whole units are exact', () => {
    expect(lineAmount(450, 3 * QTY_ONE)).toBe(1350);
    expect(lineAmount(450, -3 * QTY_ONE)).toBe(-1350);
    expect(lineAmount(0, 3 * QTY_ONE)).toBe(0);
  });

  test('weights round once, half away from zero', () => {
    expect(lineAmount(3290, 255)).toBe(839); // 8.3895
    expect(lineAmount(3290, 1250)).toBe(4113); // 41.125 -> 41.13
    expect(lineAmount(3290, -1250)).toBe(-4113);
    expect(lineAmount(3290, 250)).toBe(823); // 8.225 -> 8.23
    expect(lineAmount(3290, -250)).toBe(-823);
    expect(lineAmount(1, 500)).toBe(1); // 0.5 -> 1
    expect(lineAmount(1, -500)).toBe(-1);
    expect(lineAmount(1, 499)).toBe(0);
    expect(Object.is(lineAmount(1, -499), 0)).toBe(true);
    expect(lineAmount(1, 1500)).toBe(2); // 1.5 -> 2
    expect(lineAmount(1, 2500)).toBe(3); // 2.5 -> 3, not banker's 2
  });

  test('the largest line the till allows stays exact', () => {
    // 99 999,99 €/kg x 99 999 kg: the product (about 1e15) is computed exactly.
    expect(lineAmount(9_999_999, MAX_QTY)).toBe(999_989_900_001);
    expect(lineAmount(9_999_999, 99_999_999)).toBe(999_999_890_000); // …890 000,001 -> …890 000
    expect(lineAmount(9_999_999, -99_999_999)).toBe(-999_999_890_000);
  });

  test('refuses non-integers', () => {
    expect(() => lineAmount(12.5, 1000)).toThrow(RangeError);
    expect(() => lineAmount(1250, 1.5)).toThrow(RangeError);
  });
});
