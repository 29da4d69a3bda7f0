import { foldForSearch, prefixUpperBound, queryWords, searchPrefixes, searchWords } from '../../src/core/basics/text.js';

describe('search folding', () => {
  test('folds accents, case, ligatures and punctuation', () => {
    expect(foldForSearch('Crème Brûlée')).toBe('creme brulee');
    expect(foldForSearch('ŒUFS frais (x6)')).toBe('oeufs frais x6');
    expect(foldForSearch("Pâté d'Ardenne")).toBe('pate d ardenne');
    expect(foldForSearch('  ')).toBe('');
  });

  test('search words are distinct; query words longest first', () => {
    expect(searchWords('Thé vert thé')).toEqual(['the', 'vert']);
    expect(queryWords('ab confiture c')).toEqual(['confiture', 'ab', 'c']);
  });

  test('prefix upper bound covers exactly the words starting with the prefix', () => {
    expect(prefixUpperBound('abc')).toBe('abd');
    expect(prefixUpperBound('az')).toBe('b');
    expect(prefixUpperBound('a9')).toBe('aa');
    expect(prefixUpperBound('zz')).toBeNull();
    const words = ['ab', 'abc', 'abz', 'abzz', 'ac', 'aa9', 'b'];
    const bound = prefixUpperBound('ab')!;
    expect(words.filter((w) => w >= 'ab' && w < bound)).toEqual(['ab', 'abc', 'abz', 'abzz']);
    expect(() => prefixUpperBound('é')).toThrow(RangeError);
  });
});

describe('search prefixes', () => {
  test('each word gives its first one to five letters, once', () => {
    expect(searchPrefixes('the vert the')).toEqual(['t', 'th', 'the', 'v', 've', 'ver', 'vert']);
    expect(searchPrefixes('confiture 500')).toEqual(['c', 'co', 'con', 'conf', 'confi', '5', '50', '500']);
    expect(searchPrefixes('')).toEqual([]);
  });
});
