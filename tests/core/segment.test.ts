// The pure rules of customer segments and consent: options parsed and refused
// with the option's name, matching at the edges (no visit, returns only, the
// Nth day), top categories, saved criteria read back, consent words.
import { consentProblem, parseConsent } from '../../src/core/customers/consent.js';
import { parseCustomerFile } from '../../src/core/customers/customer-import.js';
import {
  criteriaFromJson, criteriaToJson, daysBetween, describeCriteria, matchesSegment, NO_ACTIVITY, NO_CRITERIA, parseSegmentOptions, recency, topCategories,
  type CustomerActivity, type SegmentCriteria, type SegmentOptions,
} from '../../src/core/customers/segment.js';

const TODAY = '2026-12-07';
const activity = (a: Partial<CustomerActivity>): CustomerActivity => ({ ...NO_ACTIVITY, ...a });
const criteria = (c: Partial<SegmentCriteria>): SegmentCriteria => ({ ...NO_CRITERIA, ...c });

describe('segment criteria from the command line', () => {
  test('every option read, money in French or English form', () => {
    expect(parseSegmentOptions({ lapsed: '60', minSpent: '100,00', minVisits: '3', since: '2026-01-01', category: ' Cave ', consenting: true })).toEqual({
      lapsedDays: 60, recentDays: null, minSpent: 10000, minVisits: 3, since: '2026-01-01', category: 'Cave', consenting: true,
    });
    expect(parseSegmentOptions({ minSpent: '99.5' }).minSpent).toBe(9950);
    expect(parseSegmentOptions({ recent: '30' })).toEqual({ ...NO_CRITERIA, recentDays: 30 });
    expect(parseSegmentOptions({})).toEqual(NO_CRITERIA);
  });

  test.each([
    [{ lapsed: '-3' }, '--lapsed attend un nombre entier entre 1 et 36500 (reçu « -3 »)'],
    [{ lapsed: '0' }, '--lapsed attend un nombre entier'],
    [{ lapsed: '2,5' }, '--lapsed attend un nombre entier'],
    [{ lapsed: '99999999' }, '--lapsed attend un nombre entier'],
    [{ minSpent: 'abc' }, '--min-spent attend un montant, ex. 100,00 (reçu « abc »)'],
    [{ minSpent: '-5' }, '--min-spent attend un montant'],
    [{ minVisits: '0' }, '--min-visits attend un nombre entier'],
    [{ since: '2026-02-30' }, '--since attend une date AAAA-MM-JJ qui existe'],
    [{ since: '01/02/2026' }, '--since attend une date'],
    [{ category: '   ' }, '--category attend un nom de catégorie'],
    [{ category: 'Ca\u001bve' }, 'caractère de contrôle'],
    [{ category: 'a 10,000-character name' }, '60'],
    [{ lapsed: '30', recent: '30' }, 'aucun client ne peut être les deux'],
  ])('%j is refused: %s', (options, message) => {
    const typed: SegmentOptions = (options as SegmentOptions).category === 'a 10,000-character name' ? { category: 'x'.repeat(10_000) } : options;
    expect(() => parseSegmentOptions(typed)).toThrow(message);
  });
});

describe('matching a customer', () => {
  test('a customer who never came: in no lapsed, recent, spending or visits segment; in the empty one', () => {
    expect(matchesSegment(NO_ACTIVITY, false, NO_CRITERIA, TODAY)).toBe(true);
    expect(recency(NO_ACTIVITY, TODAY)).toBeNull();
    for (const c of [{ lapsedDays: 1 }, { recentDays: 365 }, { minVisits: 1 }, { minSpent: 1 }, { category: 'Cave' }]) {
      expect(matchesSegment(NO_ACTIVITY, true, criteria(c), TODAY)).toBe(false);
    }
    expect(matchesSegment(NO_ACTIVITY, true, criteria({ minSpent: 0 }), TODAY)).toBe(true);
  });

  test('returns only: no visit, spending below zero, so never lapsed nor a spender', () => {
    const returnsOnly = activity({ visits: 0, spent: -1290, lastVisit: null, categories: [{ name: 'Cave', amount: -1290 }] });
    expect(matchesSegment(returnsOnly, true, criteria({ lapsedDays: 30 }), TODAY)).toBe(false);
    expect(matchesSegment(returnsOnly, true, criteria({ minSpent: 0 }), TODAY)).toBe(false);
    expect(matchesSegment(returnsOnly, true, criteria({ category: 'Cave' }), TODAY)).toBe(false);
    expect(topCategories(returnsOnly)).toEqual([]);
  });

  test('lapsed N: a last visit N days ago is lapsed, N - 1 days ago is not; recent N is the other side', () => {
    const visited = (day: string) => activity({ visits: 1, spent: 500, lastVisit: day });
    expect(daysBetween('2026-10-08', TODAY)).toBe(60);
    expect(matchesSegment(visited('2026-10-08'), false, criteria({ lapsedDays: 60 }), TODAY)).toBe(true);
    expect(matchesSegment(visited('2026-10-09'), false, criteria({ lapsedDays: 60 }), TODAY)).toBe(false);
    expect(matchesSegment(visited('2026-10-08'), false, criteria({ recentDays: 60 }), TODAY)).toBe(false);
    expect(matchesSegment(visited('2026-10-09'), false, criteria({ recentDays: 60 }), TODAY)).toBe(true);
    // Across the end of summer time and a leap day, days are calendar days.
    expect(daysBetween('2026-10-24', '2026-10-26')).toBe(2);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
  });

  test('spending and visits at their boundary, category without case or accents, consent', () => {
    const a = activity({ visits: 3, spent: 10000, lastVisit: '2026-12-01', categories: [{ name: 'Épicerie', amount: 2000 }, { name: 'Cave', amount: 8000 }] });
    expect(matchesSegment(a, false, criteria({ minSpent: 10000, minVisits: 3 }), TODAY)).toBe(true);
    expect(matchesSegment(a, false, criteria({ minSpent: 10001 }), TODAY)).toBe(false);
    expect(matchesSegment(a, false, criteria({ minVisits: 4 }), TODAY)).toBe(false);
    expect(matchesSegment(a, false, criteria({ category: 'epicerie' }), TODAY)).toBe(true);
    expect(matchesSegment(a, false, criteria({ category: 'Fromages' }), TODAY)).toBe(false);
    expect(matchesSegment(a, false, criteria({ consenting: true }), TODAY)).toBe(false);
    expect(matchesSegment(a, true, criteria({ consenting: true }), TODAY)).toBe(true);
  });

  test('top categories: most spent first, positive only, three at most, ties by name', () => {
    const a = activity({ categories: [{ name: 'Thés', amount: 500 }, { name: 'Cave', amount: 9000 }, { name: 'Fromages', amount: 500 }, { name: 'Épicerie', amount: 1200 }, { name: 'Retours', amount: 0 }] });
    expect(topCategories(a)).toEqual(['Cave', 'Épicerie', 'Fromages']);
    expect(topCategories(a, 5)).toEqual(['Cave', 'Épicerie', 'Fromages', 'Thés']);
  });
});

describe('saved criteria', () => {
  test('written and read back the same; described in words', () => {
    const c = parseSegmentOptions({ lapsed: '60', minSpent: '100', category: 'Cave', since: '2026-01-01', consenting: true });
    expect(criteriaFromJson('Perdus', criteriaToJson(c))).toEqual(c);
    expect(describeCriteria(c)).toBe('sans visite depuis 60 j · dépensé ≥ 100,00 € · catégorie Cave · depuis le 2026-01-01 · consentants');
    expect(describeCriteria(NO_CRITERIA)).toBe('tous les clients');
  });

  test.each(['not json', '[]', '{"lapsedDays":-3}', '{"minSpent":"100"}', '{"since":"2026-02-30"}', '{"consenting":"yes"}', '{"category":""}'])(
    'a row edited by hand into %s is refused, naming the segment',
    (text) => {
      expect(() => criteriaFromJson('Perdus', text)).toThrow('Segment « Perdus » illisible dans la base');
    },
  );
});

describe('consent words', () => {
  test.each([['oui', true], ['OUI', true], [' 1 ', true], ['yes', true], ['True', true], ['non', false], ['0', false], ['no', false], ['FALSE', false]])('%s reads %s', (text, value) => {
    expect(parseConsent(text)).toBe(value);
  });

  test('anything else is not a consent: maybe, 2, empty, a typo, 10,000 characters', () => {
    for (const text of ['peut-être', '2', '', 'ouii', 'x'.repeat(10_000)]) expect(parseConsent(text)).toBeNull();
  });

  test('the refusal names the accepted words and cuts a huge value', () => {
    expect(consentProblem('peut-être')).toBe('consentement « peut-être » illisible (oui, non, 1, 0, yes, no, true ou false)');
    expect(consentProblem('x'.repeat(10_000)).length).toBeLessThan(120);
  });
});

describe('the consent column of a customer file', () => {
  const groups = [{ id: 1, name: 'Tous les clients', discountBp: 0, priceLevel: null, isDefault: true }];
  test('oui/non/1/0/yes/no/true/false and empty read; the date is never read from the file', () => {
    const file = 'code;nom;consentement;date du consentement\nA-001;Un;oui;1999-01-01\nA-002;Deux;0;\nA-003;Trois;;\nA-004;Quatre; TRUE ;\n';
    const parsed = parseCustomerFile(file, groups, new Set());
    expect(parsed.ok && parsed.customers.map((c) => [c.code, c.marketingConsent])).toEqual([['A-001', true], ['A-002', false], ['A-003', false], ['A-004', true]]);
    expect(parsed.ok && parsed.customers[0]).not.toHaveProperty('marketingConsentAt');
  });

  test('any other value refuses the file, with its line', () => {
    const parsed = parseCustomerFile('code;nom;optin\nA-001;Un;oui\nA-002;Deux;bof\nA-003;Trois;2\n', groups, new Set());
    expect(parsed).toEqual({ ok: false, errors: [
      'ligne 3 : consentement « bof » illisible (oui, non, 1, 0, yes, no, true ou false)',
      'ligne 4 : consentement « 2 » illisible (oui, non, 1, 0, yes, no, true ou false)',
    ] });
  });
});
