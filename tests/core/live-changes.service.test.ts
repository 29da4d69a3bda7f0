// What a till's live poll reads: every write that changes what a till shows
// stamps the article's changed_at (CatalogService.changedSince finds it), and
// categories, VAT rates, promotions and level prices move their topic's
// change marker. On SQLite and PostgreSQL.
import { parseArticleFile } from '../../src/core/catalogue/article-import.js';
import { localDate } from '../../src/core/basics/clock.js';
import { ENGINES } from '../helpers/engines.js';
import { coreFixture } from '../helpers/shop.js';

describe.each(ENGINES)('change tracking for live updates (%s)', (engine) => {
  let t = Date.parse('2026-11-23T10:00:00.000Z');
  const fx = coreFixture(engine, { clock: () => new Date(t) });
  /** the ids changed at or after the current clock, then the clock moves on a second */
  const changedFromNow = async (write: () => Promise<unknown>) => {
    t += 1000;
    const since = new Date(t);
    await write();
    const ids = (await fx.core.catalog.changedSince(since)).map((a) => a.id);
    t += 1000;
    return ids;
  };

  test('article edits, stock moves, grid moves and imports stamp the articles they touch, and only those', async () => {
    expect(await changedFromNow(async () => undefined)).toEqual([]);
    expect(await changedFromNow(() => fx.core.catalog.updateArticle(fx.shop.wine.id, { price: 1350 }, fx.shop.manager.id))).toEqual([fx.shop.wine.id]);
    expect(await changedFromNow(() => fx.core.stock.adjust(fx.shop.comte.id, -1000, 'loss', { employeeId: fx.shop.manager.id }))).toEqual([fx.shop.comte.id]);
    expect(await changedFromNow(() => fx.core.sales.count())).toEqual([]); // a read stamps nothing
    expect((await changedFromNow(() => fx.core.catalog.moveInGrid(fx.shop.comte.id, 0))).sort()).toEqual([fx.shop.nutella.id, fx.shop.comte.id].sort());
    const changed = (await fx.core.catalog.changedSince(new Date(t - 2000))).find((a) => a.id === fx.shop.comte.id);
    expect(changed).toMatchObject({ id: fx.shop.comte.id, gridPosition: 1, name: 'Comté 18 mois' }); // the grid's own shape

    const codes = await fx.core.articleFiles.codes();
    const file = parseArticleFile('plu;barcode;name;category;price;vat\n201;;Bordeaux Supérieur 2022;Cave;13,90;20\n301;;Crémant de Loire;Cave;11,50;20\n', {
      categories: await fx.core.categories.all(), taxRates: await fx.core.taxRates.list(), suppliers: [],
      plus: codes.plus, barcodes: codes.barcodes, createCategories: false,
    });
    if (!file.ok) throw new Error(file.errors.join('\n'));
    const imported = await changedFromNow(() => fx.core.articleFiles.importArticles(file, fx.shop.manager.id));
    expect(imported).toHaveLength(2);
    expect(imported).toContain(fx.shop.wine.id);
  });

  test('categories and VAT rates move the catalogue marker; promotions and level prices the pricing marker', async () => {
    const start = await fx.core.catalog.changeMarkers();
    const category = await fx.core.categories.create({ name: 'Crèmerie', color: 'cyan' });
    await fx.core.categories.update(category.id, { color: 'white' });
    await fx.core.categories.move(category.id, 0);
    await fx.core.taxRates.change(fx.shop.wine.taxRateId, { rateBp: 2000 });
    const afterCatalog = await fx.core.catalog.changeMarkers();
    expect(afterCatalog).toEqual({ catalog: start.catalog + 4, pricing: start.pricing });

    const today = localDate(new Date(t));
    const promo = await fx.core.promotions.create({ name: 'Cave -10 %', kind: 'percent', categoryId: category.id, value: 1000, from: today, to: today });
    await fx.core.promotions.end(promo.id);
    await fx.core.promotions.setPrice({ level: 'pro', articleId: fx.shop.wine.id, price: 1100 });
    await fx.core.promotions.removePrice('pro', fx.shop.wine.id);
    expect(await fx.core.catalog.changeMarkers()).toEqual({ catalog: afterCatalog.catalog, pricing: afterCatalog.pricing + 4 });

    // Bad input changes nothing, markers included.
    await expect(fx.core.categories.update(category.id, { name: ' ' })).rejects.toThrow('obligatoire');
    await expect(fx.core.promotions.create({ name: 'X', kind: 'percent', categoryId: category.id, value: 0, from: today, to: today })).rejects.toThrow();
    expect(await fx.core.catalog.changeMarkers()).toEqual({ catalog: afterCatalog.catalog, pricing: afterCatalog.pricing + 4 });
  });
});
