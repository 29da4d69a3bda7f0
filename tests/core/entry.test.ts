import { parseEntry } from '../../src/core/sales/entry.js';

describe('input line entries', () => {
  test.each([
    ['3017620422003', { kind: 'code', code: '3017620422003', quantityText: null, isReturn: false }],
    ['101', { kind: 'code', code: '101', quantityText: null, isReturn: false }],
    ['3*3017620422003', { kind: 'code', code: '3017620422003', quantityText: '3', isReturn: false }],
    ['3x101', { kind: 'code', code: '101', quantityText: '3', isReturn: false }],
    ['3X101', { kind: 'code', code: '101', quantityText: '3', isReturn: false }],
    ['1,250*10001', { kind: 'code', code: '10001', quantityText: '1,250', isReturn: false }],
    ['-3017620422003', { kind: 'code', code: '3017620422003', quantityText: null, isReturn: true }],
    ['-2*101', { kind: 'code', code: '101', quantityText: '2', isReturn: true }],
    [' 12 ', { kind: 'code', code: '12', quantityText: null, isReturn: false }],
    ['3*', { kind: 'quantity', quantityText: '3', isReturn: false }],
    ['0,5x', { kind: 'quantity', quantityText: '0,5', isReturn: false }],
    ['-2*', { kind: 'quantity', quantityText: '2', isReturn: true }],
    ['comté', { kind: 'search', query: 'comté', quantityText: null, isReturn: false }],
    ['pate a tart', { kind: 'search', query: 'pate a tart', quantityText: null, isReturn: false }],
    ['3*comté', { kind: 'search', query: 'comté', quantityText: '3', isReturn: false }],
    ['-0,250*comte', { kind: 'search', query: 'comte', quantityText: '0,250', isReturn: true }],
    ['-miel', { kind: 'search', query: 'miel', quantityText: null, isReturn: true }],
    ['', { kind: 'empty' }],
    ['   ', { kind: 'empty' }],
  ])('%p', (text, entry) => {
    expect(parseEntry(text)).toEqual(entry);
  });

  test.each([['3**101'], ['*101'], ['1,2345*101'], ['--101'], ['1234567890123456'], ['3*-101'], ['+']])('%p is refused with a message', (text) => {
    const entry = parseEntry(text);
    expect(entry.kind).toBe('invalid');
    expect(entry.kind === 'invalid' && entry.error.length).toBeGreaterThan(0);
  });
});
