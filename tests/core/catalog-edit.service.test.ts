// Editing the catalogue on both engines: every field of an article, barcodes,
// the audited price change, categories, the grid and the article list filters.
import { parseArticleFile } from '../../src/core/catalogue/article-import.js';
import { makeEan13 } from '../../src/core/sales/barcode.js';
import { ENGINES } from '../helpers/engines.js';
import { coreFixture } from '../helpers/shop.js';

describe.each(ENGINES)('catalogue editing on %s', (engine) => {
  const fx = coreFixture(engine);

  test('updateArticle changes every field and keeps the name search in step', async () => {
    const cave = (await fx.core.categories.byName('cave'))!;
    const rate20 = (await fx.core.taxRates.list()).find((r) => r.rateBp === 2000)!;
    const supplierId = (await fx.core.suppliers.create({ name: 'Biocoop', contact: '', email: '', phone: '', leadTimeDays: 2, minOrderValue: 0 })).id;
    const a = await fx.core.catalog.updateArticle(fx.shop.comte.id, {
      name: 'Beaufort été', plu: '10002', categoryId: cave.id, price: 3590, taxRateId: rate20.id, cost: 2000, unit: 'kg',
      loyaltyPoints: 3, minStock: 2000, reorderPoint: 3000, safetyStock: 500, supplierId, supplierRef: 'BF-12',
      packSize: 5000, minOrderQty: 10000, gridPosition: 7, trackStock: true, active: true,
    }, fx.shop.manager.id);
    expect(a).toMatchObject({
      name: 'Beaufort été', plu: '10002', categoryId: cave.id, price: 3590, taxRateBp: 2000, cost: 2000, unit: 'kg', loyaltyPoints: 3,
      minStock: 2000, reorderPoint: 3000, safetyStock: 500, supplierId, supplierRef: 'BF-12', packSize: 5000, minOrderQty: 10000, gridPosition: 7,
    });
    expect((await fx.core.catalog.search('beauf')).map((x) => x.id)).toEqual([a.id]);
    expect(await fx.core.catalog.search('comté')).toEqual([]);
    expect((await fx.core.catalog.lookup('10002'))?.article.price).toBe(3590);
  });

  test('a price change is audited with the old and new price and the employee', async () => {
    await fx.core.catalog.updateArticle(fx.shop.wine.id, { price: 1390 }, fx.shop.manager.id);
    const events = await fx.core.knex('audit_events').where({ kind: 'price_change', article_id: fx.shop.wine.id });
    expect(events).toHaveLength(1);
    expect(Number(events[0].employee_id)).toBe(fx.shop.manager.id);
    expect(JSON.parse(events[0].details)).toMatchObject({ oldPrice: 1290, newPrice: 1390 });
    // the same price again, or another field alone, is not a price change
    await fx.core.catalog.updateArticle(fx.shop.wine.id, { price: 1390, cost: 650 }, fx.shop.manager.id);
    expect(await fx.core.knex('audit_events').where({ kind: 'price_change', article_id: fx.shop.wine.id })).toHaveLength(1);
  });

  test('bad input is refused with a French message and changes nothing', async () => {
    const before = await fx.core.catalog.requireArticle(fx.shop.nutella.id);
    await expect(fx.core.catalog.updateArticle(fx.shop.nutella.id, { price: -1 }, null)).rejects.toThrow('Prix invalide');
    await expect(fx.core.catalog.updateArticle(fx.shop.nutella.id, { name: '  ' }, null)).rejects.toThrow("Nom d'article obligatoire");
    await expect(fx.core.catalog.updateArticle(fx.shop.nutella.id, { plu: '201', price: 999 }, null)).rejects.toThrow('déjà celui de');
    await expect(fx.core.catalog.updateArticle(fx.shop.nutella.id, { plu: '0012' }, null)).rejects.toThrow('PLU « 0012 » invalide');
    await expect(fx.core.catalog.updateArticle(fx.shop.nutella.id, { categoryId: 9999 }, null)).rejects.toThrow('Catégorie 9999 inconnue');
    await expect(fx.core.catalog.updateArticle(fx.shop.nutella.id, { packSize: 0 }, null)).rejects.toThrow('Colisage invalide');
    await expect(fx.core.catalog.updateArticle(fx.shop.nutella.id, { unit: 'l' as 'kg' }, null)).rejects.toThrow('Unité inconnue');
    await expect(fx.core.catalog.updateArticle(99999, { price: 1 }, null)).rejects.toThrow('introuvable');
    expect(await fx.core.catalog.requireArticle(fx.shop.nutella.id)).toEqual(before);
  });

  test('barcodes: added with a valid check digit, unique, removed', async () => {
    expect(await fx.core.catalog.addBarcode(fx.shop.nutella.id, '4006381333931')).toEqual(['3017620422003', '4006381333931']);
    await expect(fx.core.catalog.addBarcode(fx.shop.nutella.id, '4006381333932')).rejects.toThrow('clé de contrôle');
    await expect(fx.core.catalog.addBarcode(fx.shop.wine.id, '4006381333931')).rejects.toThrow('déjà celui de « Pâte à tartiner noisette »');
    expect((await fx.core.catalog.lookup('4006381333931'))?.article.id).toBe(fx.shop.nutella.id);
    expect(await fx.core.catalog.removeBarcode(fx.shop.nutella.id, '4006381333931')).toEqual(['3017620422003']);
    await expect(fx.core.catalog.removeBarcode(fx.shop.nutella.id, '4006381333931')).rejects.toThrow("n'est pas celui");
    expect(await fx.core.catalog.lookup('4006381333931')).toBeNull();
  });

  test('createArticle refuses a PLU or barcode already used', async () => {
    const cat = (await fx.core.categories.visible())[0]!;
    const rate = (await fx.core.taxRates.list())[0]!;
    await expect(fx.core.catalog.createArticle({ plu: '101', name: 'Doublon', categoryId: cat.id, price: 100, taxRateId: rate.id })).rejects.toThrow('PLU 101');
    await expect(fx.core.catalog.createArticle({ name: 'Doublon', categoryId: cat.id, price: 100, taxRateId: rate.id, barcodes: ['3017620422003'] })).rejects.toThrow('déjà utilisé');
    expect(await fx.core.catalog.listArticles({ query: 'doublon' })).toEqual([]);
  });

  test('categories: colour from the palette, unique names, order', async () => {
    const fruits = await fx.core.categories.create({ name: 'Fruits', color: 'green', sortOrder: 3 });
    await expect(fx.core.categories.create({ name: 'fruits', color: 'green' })).rejects.toThrow('existe déjà');
    await expect(fx.core.categories.create({ name: 'Légumes', color: 'orange' })).rejects.toThrow('Couleur « orange » inconnue');
    await expect(fx.core.categories.update(fruits.id, { name: 'Cave' })).rejects.toThrow('existe déjà');
    expect(await fx.core.categories.update(fruits.id, { name: 'Fruits frais', color: 'Cyan' })).toMatchObject({ name: 'Fruits frais', color: 'cyan' });
    const moved = await fx.core.categories.move(fruits.id, 0);
    expect(moved[0]).toMatchObject({ id: fruits.id, sortOrder: 1 });
    expect(moved.map((c) => c.sortOrder)).toEqual(moved.map((_, i) => i + 1));
  });

  test('moving an article in the grid renumbers its category', async () => {
    const grocery = (await fx.core.categories.byName('Épicerie'))!;
    const extra = await fx.core.catalog.createArticle({ name: 'Miel', categoryId: grocery.id, price: 700, taxRateId: fx.shop.nutella.taxRateId });
    const grid = await fx.core.catalog.moveInGrid(extra.id, 0);
    expect(grid[0]!.id).toBe(extra.id);
    expect(grid.map((a) => a.gridPosition)).toEqual(grid.map((_, i) => i + 1));
    expect((await fx.core.catalog.moveInGrid(extra.id, 99)).at(-1)!.id).toBe(extra.id);
  });

  test('listArticles filters by words, code, category and low stock', async () => {
    const grocery = (await fx.core.categories.byName('épicerie'))!;
    expect((await fx.core.catalog.listArticles({ query: 'pâte tart' })).map((a) => a.id)).toEqual([fx.shop.nutella.id]);
    expect((await fx.core.catalog.listArticles({ query: '3017620422003' })).map((a) => a.id)).toEqual([fx.shop.nutella.id]);
    expect((await fx.core.catalog.listArticles({ query: '101' })).map((a) => a.id)).toEqual([fx.shop.nutella.id]);
    expect((await fx.core.catalog.listArticles({ query: '2022' })).map((a) => a.id)).toEqual([fx.shop.wine.id]);
    expect((await fx.core.catalog.listArticles({ categoryId: grocery.id })).every((a) => a.categoryId === grocery.id)).toBe(true);
    await fx.core.catalog.updateArticle(fx.shop.nutella.id, { minStock: 25000 }, null);
    const low = await fx.core.catalog.listArticles({ lowStock: true });
    expect(low.map((a) => a.id)).toContain(fx.shop.nutella.id);
    expect(low.every((a) => a.stockQty <= a.minStock)).toBe(true);
    const page = await fx.core.catalog.listArticles({ limit: 2, offset: 1 });
    expect(page).toHaveLength(2);
    expect(page[0]!.id).toBe((await fx.core.catalog.listArticles({}))[1]!.id);
  });

  test('findByCode finds inactive articles too', async () => {
    await fx.core.catalog.updateArticle(fx.shop.wine.id, { active: false }, null);
    expect(await fx.core.catalog.lookup('201')).toBeNull();
    expect((await fx.core.catalog.findByCode('201'))?.id).toBe(fx.shop.wine.id);
    expect((await fx.core.catalog.findByCode('3760123450010'))?.active).toBe(false);
    await fx.core.catalog.updateArticle(fx.shop.wine.id, { active: true }, null);
  });

  const importContext = async (createCategories = false) => ({
    categories: await fx.core.categories.all(),
    taxRates: await fx.core.taxRates.list(),
    suppliers: await fx.core.suppliers.list(),
    ...(await fx.core.articleFiles.codes()),
    createCategories,
  });

  test('importArticles: batched inserts keep each row with its id, updates audit prices, new categories', async () => {
    const lines = ['plu;barcode;name;category;price;vat'];
    for (let i = 0; i < 260; i++) lines.push(`${700000 + i};${makeEan13(`3997${String(i).padStart(8, '0')}`)};Import ${i} lot;${i % 2 ? 'Cave' : 'Surgelés'};${i + 1},00;20`);
    lines.push('201;;Bordeaux importé;Cave;15,00;20');
    const file = parseArticleFile(lines.join('\n'), await importContext(true));
    if (!file.ok) throw new Error(file.errors.join('\n'));
    const before = await fx.core.catalog.countArticles();
    expect(await fx.core.articleFiles.importArticles(file, fx.shop.manager.id)).toEqual({ created: 260, updated: 1 });
    expect(await fx.core.catalog.countArticles()).toBe(before + 260);
    for (const i of [0, 99, 100, 259]) {
      const found = (await fx.core.catalog.lookup(makeEan13(`3997${String(i).padStart(8, '0')}`)))!.article;
      expect(found).toMatchObject({ plu: String(700000 + i), name: `Import ${i} lot`, price: (i + 1) * 100 });
      expect((await fx.core.catalog.search(`import ${i} lot`)).map((a) => a.id)).toContain(found.id);
    }
    const frozen = (await fx.core.categories.byName('surgelés'))!;
    expect((await fx.core.catalog.lookup('700000'))!.article.categoryId).toBe(frozen.id);
    expect(await fx.core.catalog.findByCode('201')).toMatchObject({ name: 'Bordeaux importé', price: 1500 });
    const audit = await fx.core.knex('audit_events').where({ kind: 'price_change', article_id: fx.shop.wine.id }).orderBy('id', 'desc').first();
    expect(JSON.parse(audit.details)).toMatchObject({ newPrice: 1500, from: 'import' });
  });

  test('importArticles is all or nothing: a row the database refuses rolls the whole file back', async () => {
    // Checked against a stale view of the catalogue: PLU 101 looks free, but is taken.
    const file = parseArticleFile('plu;name;category;price;vat\n800001;Nouveau;Cave;1,00;20\n101;Doublon;Nouvelle catégorie;1,00;20\n', {
      ...(await importContext(true)),
      plus: new Map(),
      barcodes: new Map(),
    });
    if (!file.ok) throw new Error(file.errors.join('\n'));
    const before = await fx.core.catalog.countArticles();
    await expect(fx.core.articleFiles.importArticles(file, null)).rejects.toThrow();
    expect(await fx.core.catalog.countArticles()).toBe(before);
    expect(await fx.core.catalog.findByCode('800001')).toBeNull();
    expect(await fx.core.categories.byName('Nouvelle catégorie')).toBeNull();
  });
});
