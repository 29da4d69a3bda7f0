// Text folding for search: a cashier types "creme" and finds "Crème brûlée",
// "OEUF" finds "Œufs". Pure, used for articles and customers alike.

/** Lower-case, accents and ligatures folded, punctuation turned to spaces, spaces collapsed. */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/** The distinct words of a text once folded, as stored in the search-term index. */
export function searchWords(text: string): string[] {
  const folded = foldForSearch(text);
  if (!folded) return [];
  return [...new Set(folded.split(' '))];
}

/** The words of a query, longest first (the most selective one drives the index lookup). */
export function queryWords(query: string): string[] {
  return searchWords(query).sort((a, b) => b.length - a.length);
}

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/**
 * The smallest folded word greater than every word starting with `prefix`,
 * so `term >= prefix AND term < bound` is an index range scan. Folded words
 * hold only [0-9a-z], which sort the same under SQLite's binary collation and
 * PostgreSQL's C or language collations. Null means "no upper bound" (zzz…).
 */
export function prefixUpperBound(prefix: string): string | null {
  let p = prefix;
  while (p.length > 0) {
    const last = p[p.length - 1]!;
    const i = ALPHABET.indexOf(last);
    if (i < 0) throw new RangeError(`not a folded word: ${prefix}`);
    if (i < ALPHABET.length - 1) return p.slice(0, -1) + ALPHABET[i + 1];
    p = p.slice(0, -1);
  }
  return null;
}

/**
 * Longest word prefix kept in the search-prefix index: a typed word up to this
 * long is one exact key; a longer one is read under its first letters and each
 * row is checked against the whole word.
 */
export const SEARCH_PREFIX_MAX = 5;

/** The distinct word prefixes (1 to SEARCH_PREFIX_MAX letters) of a folded name: the keys name search reads under. */
export function searchPrefixes(folded: string): string[] {
  const prefixes = new Set<string>();
  for (const word of folded.split(' ')) {
    for (let n = 1; n <= Math.min(word.length, SEARCH_PREFIX_MAX); n++) prefixes.add(word.slice(0, n));
  }
  return [...prefixes];
}
