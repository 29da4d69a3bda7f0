// What a till's live poll reads: every write that changes what a till shows
// stamps the article's changed_at (CatalogService.changedSince finds it), and
// categories, VAT rates, promotions and level prices move their topic's
// change marker. On SQLite and PostgreSQL.
import { parseArticleFile } from '../../src/core/article-import.js';
import type { Core } from '../../src/core/core.js';
import { localDate } from '../../src/core/clock.js';
import { ENGINES, newTestDb, type TestDb } from '../helpers/engines.js';
import { smallShop, type SmallShop } from '../helpers/shop.js';

describe.each(ENGINES)('change tracking for live updates (%s)', (engine) => {
  let db: TestDb;
  let core: Core;
  let shop: SmallShop;
  let t: number;
  /** the ids changed at or after the current clock, then the clock moves on a second */
  const changedFromNow = async (write: () => Promise<unknown>) => {
    t += 1000;
    const since = new Date(t);
    await write();
    const ids = (await core.catalog.changedSince(since)).map((a) => a.id);
    t += 1000;
    return ids;
  };

  beforeAll(async () => {
    t = Date.parse('2026-11-23T10:00:00.000Z');
    db = newTestDb(engine);
    core = await db.core({ clock: () => new Date(t) });
    shop = await smallShop(core);
  });
  afterAll(async () => {
    await core.close();
    await db.cleanup();
  });

  test('article edits, stock moves, grid moves and imports stamp the articles they touch, and only those', async () => {
    expect(await changedFromNow(async () => undefined)).toEqual([]);
    expect(await changedFromNow(() => core.catalog.updateArticle(shop.wine.id, { price: 1350 }, shop.manager.id))).toEqual([shop.wine.id]);
    expect(await changedFromNow(() => core.stock.adjust(shop.comte.id, -1000, 'loss', { employeeId: shop.manager.id }))).toEqual([shop.comte.id]);
    expect(await changedFromNow(() => core.sales.count())).toEqual([]); // a read stamps nothing
    expect((await changedFromNow(() => core.catalog.moveInGrid(shop.comte.id, 0))).sort()).toEqual([shop.nutella.id, shop.comte.id].sort());
    const changed = (await core.catalog.changedSince(new Date(t - 2000))).find((a) => a.id === shop.comte.id);
    expect(changed).toMatchObject({ id: shop.comte.id, gridPosition: 1, name: 'Comté 18 mois' }); // the grid's own shape

    const codes = await core.catalog.codes();
    const file = parseArticleFile('plu;barcode;name;category;price;vat\n201;;Bordeaux Supérieur 2022;Cave;13,90;20\n301;;Crémant de Loire;Cave;11,50;20\n', {
      categories: await core.catalog.allCategories(), taxRates: await core.catalog.taxRates(), suppliers: [],
      plus: codes.plus, barcodes: codes.barcodes, createCategories: false,
    });
    if (!file.ok) throw new Error(file.errors.join('\n'));
    const imported = await changedFromNow(() => core.catalog.importArticles(file, shop.manager.id));
    expect(imported).toHaveLength(2);
    expect(imported).toContain(shop.wine.id);
  });

  test('categories and VAT rates move the catalogue marker; promotions and level prices the pricing marker', async () => {
    const start = await core.catalog.changeMarkers();
    const category = await core.catalog.createCategory({ name: 'Crèmerie', color: 'cyan' });
    await core.catalog.updateCategory(category.id, { color: 'white' });
    await core.catalog.moveCategory(category.id, 0);
    await core.catalog.updateTaxRate(shop.wine.taxRateId, 2000);
    const afterCatalog = await core.catalog.changeMarkers();
    expect(afterCatalog).toEqual({ catalog: start.catalog + 4, pricing: start.pricing });

    const today = localDate(new Date(t));
    const promo = await core.promotions.create({ name: 'Cave -10 %', kind: 'percent', categoryId: category.id, value: 1000, from: today, to: today });
    await core.promotions.end(promo.id);
    await core.promotions.setPrice({ level: 'pro', articleId: shop.wine.id, price: 1100 });
    await core.promotions.removePrice('pro', shop.wine.id);
    expect(await core.catalog.changeMarkers()).toEqual({ catalog: afterCatalog.catalog, pricing: afterCatalog.pricing + 4 });

    // Bad input changes nothing, markers included.
    await expect(core.catalog.updateCategory(category.id, { name: ' ' })).rejects.toThrow('obligatoire');
    await expect(core.promotions.create({ name: 'X', kind: 'percent', categoryId: category.id, value: 0, from: today, to: today })).rejects.toThrow();
    expect(await core.catalog.changeMarkers()).toEqual({ catalog: afterCatalog.catalog, pricing: afterCatalog.pricing + 4 });
  });
});
