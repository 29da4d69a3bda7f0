// Name search through the search-prefix index (issue #19): the same articles
// as the word index gave, in name order, and the index follows every write.
import type { Core } from '../../src/core/shop/core.service.js';
import { num } from '../../src/core/basics/row-values.js';
import { prefixUpperBound, queryWords, searchPrefixes } from '../../src/core/basics/text.js';
import { ENGINES } from '../helpers/engines.js';
import { coreFixture } from '../helpers/shop.js';

/** What the search answered before the prefix index: every query word starts a word of the name (article_search_terms), active only, by folded name. */
async function wordIndexSearch(core: Core, query: string, limit: number): Promise<number[]> {
  const words = queryWords(query);
  if (words.length === 0) return [];
  const q = core.knex('articles as a').where('a.active', true).select('a.id');
  for (const word of words) {
    q.whereExists((sub) => {
      sub.from('article_search_terms as s').whereRaw('s.article_id = a.id').andWhere('s.term', '>=', word);
      const bound = prefixUpperBound(word);
      if (bound !== null) sub.andWhere('s.term', '<', bound);
    });
  }
  return (await q.orderBy([{ column: 'a.name_search' }, { column: 'a.id' }]).limit(limit)).map((r) => num(r.id));
}

const NAMES = [
  'Crème brûlée vanille', 'Crème fraîche épaisse 20 cl', 'Œufs frais x6', 'Confiture abricot', 'Confiture de fraises',
  'Confit de canard', 'Café moulu 250 g', 'Café en grains 1 kg', 'Thé vert jasmin', 'Thé noir', "Pâté d'Ardenne",
  'Pâtes fraîches', 'Chocolat noir 70 %', 'Chocolat au lait', 'Miel de Provence 500 g', 'Miel toutes fleurs',
  'Camembert de Normandie', 'Comté 24 mois', 'Jus de pomme 1 L', 'Pommes Golden', 'Eau pétillante 50 cl',
  'Bière blonde 33 cl', 'Saucisson sec fumé', 'Jambon cru fumé', 'Bougie parfumée', 'Confiture de fraises',
];

const QUERIES = [
  'cr', 'creme', 'CRÈME BRÛ', 'oe', 'oeufs', 'œufs', 'conf', 'confi', 'confit', 'confitu', 'confiture fr', 'fr conf',
  'cafe', 'caf gr', 'the', 'the v', 'pate', 'pates', 'pâté d', 'ch', 'choc no', 'choco lait', 'mi', 'miel 500', '500',
  '50', 'x6', '20 cl', 'com 24', 'po', 'pomme', 'pommes', 'fume', 'fum sau', 'jambon fume', 'rdenne', 'oisette', 'zz',
  'b', 'c d', 'de de', 'fraiche', 'fraiches', 'fraise', 'fraises', '"eau"', 'Eau-pét',
];

describe.each(ENGINES)('name search on %s', (engine) => {
  const fx = coreFixture(engine);
  let categoryId = 0;
  let taxRateId = 0;

  beforeAll(async () => {
    categoryId = (await fx.core.categories.visible())[0]!.id;
    taxRateId = (await fx.core.taxRates.list())[0]!.id;
    for (const name of NAMES) await fx.core.catalog.createArticle({ name, categoryId, price: 100, taxRateId });
  });

  const create = (name: string) => fx.core.catalog.createArticle({ name, categoryId, price: 100, taxRateId });
  const found = async (q: string, limit = 30) => (await fx.core.catalog.search(q, limit)).map((a) => a.id);
  const indexRows = async (id: number) =>
    (await fx.core.knex('article_search_prefixes').where({ article_id: id }).select('prefix', 'name_search')).map((r) => `${String(r.prefix)}|${String(r.name_search)}`).sort();

  test('finds what the word index found, in name order, for accents, word starts, several words and numbers', async () => {
    for (const q of QUERIES) {
      expect({ q, ids: await found(q) }).toEqual({ q, ids: await wordIndexSearch(fx.core, q, 30) });
    }
    // a few answers spelled out, so the reference itself is checked
    const names = async (q: string) => (await fx.core.catalog.search(q, 30)).map((a) => a.name);
    expect(await names('CRÈME BRÛ')).toEqual(['Crème brûlée vanille']);
    expect(await names('confiture fr')).toEqual(['Confiture de fraises', 'Confiture de fraises']);
    expect(await names('oeufs')).toEqual(['Œufs frais x6']);
    expect(await names('fum sau')).toEqual(['Saucisson sec fumé']);
    expect(await names('oisette')).toEqual([]);
  });

  test('stops at the limit with the first articles in name order', async () => {
    for (const q of ['c', 'confiture', 'de']) {
      expect(await found(q, 2)).toEqual(await wordIndexSearch(fx.core, q, 2));
      expect(await found(q, 2)).toHaveLength(2);
    }
  });

  test('the index holds each word prefix of the folded name of an article on sale', async () => {
    const a = await create('Pain de Seigle');
    expect(await indexRows(a.id)).toEqual(searchPrefixes('pain de seigle').map((p) => `${p}|pain de seigle`).sort());
    expect(await indexRows(a.id)).toContain('seigl|pain de seigle');
    expect(await indexRows(a.id)).not.toContain('seigle|pain de seigle');
  });

  test('a created, renamed, taken off or put back on sale article is found or not right after the write', async () => {
    const a = await create('Brioche tressée');
    expect(await found('tress')).toEqual([a.id]);
    await fx.core.catalog.updateArticle(a.id, { name: 'Kouign-amann' }, null);
    expect(await found('tress')).toEqual([]);
    expect(await found('kouign am')).toEqual([a.id]);
    expect(await indexRows(a.id)).not.toContain('b|kouign amann');
    await fx.core.catalog.updateArticle(a.id, { active: false }, null);
    expect(await found('kouign')).toEqual([]);
    expect(await indexRows(a.id)).toEqual([]);
    await fx.core.catalog.updateArticle(a.id, { active: true }, null);
    expect(await found('kouign')).toEqual([a.id]);
    await fx.core.catalog.updateArticle(a.id, { price: 250 }, null);
    expect(await found('amann')).toEqual([a.id]);
  });
});
