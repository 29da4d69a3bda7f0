import { formatQuantity, lineAmount, parseQuantity, QTY_ONE } from '../../src/core/quantity.js';

describe('quantities in thousandths', () => {
  test.each([
    ['3', 'unit', 3000], ['-2', 'unit', -2000], ['1,250', 'kg', 1250], ['1.250', 'kg', 1250], ['0,5', 'kg', 500], ['0,005', 'kg', 5], ['12', 'kg', 12000],
  ] as const)('%p (%s) -> %p', (text, unit, value) => {
    expect(parseQuantity(text, unit)).toEqual({ ok: true, value });
  });

  test.each([
    ['1,5', 'unit', "quantité entière attendue pour un article à l'unité"],
    ['0', 'unit', 'quantité nulle'],
    ['0,000', 'kg', 'quantité nulle'],
    ['1,2345', 'kg', 'trois décimales au plus (grammes)'],
    ['100000', 'unit', 'quantité trop grande'],
    ['abc', 'unit', 'quantité illisible : « abc »'],
    ['', 'kg', 'quantité vide'],
    ['  ', 'unit', 'quantité vide'],
    ['1,2,3', 'kg', 'quantité illisible : « 1,2,3 »'],
  ] as const)('%p (%s) is refused: %s', (text, unit, error) => {
    expect(parseQuantity(text, unit)).toEqual({ ok: false, error });
  });

  test('formats by unit and locale', () => {
    expect(formatQuantity(3000, 'unit')).toBe('3');
    expect(formatQuantity(-2000, 'unit')).toBe('-2');
    expect(formatQuantity(1250, 'kg')).toBe('1,250 kg');
    expect(formatQuantity(1250, 'kg', 'en')).toBe('1.250 kg');
    expect(formatQuantity(-50, 'kg')).toBe('-0,050 kg');
    expect(formatQuantity(1500, 'unit')).toBe('1,5');
  });

  test('line amount: price x quantity, rounded half away from zero', () => {
    expect(lineAmount(450, 3 * QTY_ONE)).toBe(1350);
    expect(lineAmount(3290, 255)).toBe(839); // 8.3895
    expect(lineAmount(3290, 250)).toBe(823); // 8.225 -> 8.23
    expect(lineAmount(3290, -250)).toBe(-823);
    expect(lineAmount(1, 500)).toBe(1); // 0.5 -> 1
    expect(lineAmount(1, 499)).toBe(0);
  });
});
