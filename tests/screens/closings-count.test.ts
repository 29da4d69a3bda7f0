// What the Z's count form adds up to: the notes and coins typed, or the total
// typed on its last line (which wins), and the refusals of unreadable entries.
import { EURO_DENOMINATIONS } from '../../src/core/fiscal/closing.js';
import { countOf, type CashCountForm } from '../../src/screens/backoffice/closings-screen.js';

const form = (counts: Record<number, string>, total = ''): CashCountForm => ({
  date: '2026-11-20',
  counts: EURO_DENOMINATIONS.map((d) => counts[d] ?? ''),
  total,
  index: 0,
  expected: 0,
});

describe('the Z count form', () => {
  test('notes and coins add up, zeros and blanks left out', () => {
    expect(countOf(form({ 5000: '1', 200: '3', 1: '0' }))).toEqual({ count: { denominations: { '5000': 1, '200': 3 } }, cash: 5600 });
    expect(countOf(form({}))).toEqual({ count: { denominations: {} }, cash: 0 });
  });

  test('a total typed on the last line wins over the notes', () => {
    expect(countOf(form({ 5000: '1' }, '123,45'))).toEqual({ count: { cash: 12345 }, cash: 12345 });
  });

  test('an unreadable total is refused with the text typed', () => {
    expect(countOf(form({}, '12,3,4'))).toBe('Montant compté invalide : « 12,3,4 » (par ex. 123,45)');
  });
});
