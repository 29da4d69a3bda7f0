import { encodeEmbedded, DEFAULT_EMBEDDED_LAYOUTS } from '../../src/core/sales/barcode.js';
import { ENGINES } from '../helpers/engines.js';
import { coreFixture } from '../helpers/shop.js';

describe.each(ENGINES)('catalog on %s', (engine) => {
  const fx = coreFixture(engine);

  test('a VAT code is the catalogue\'s rule: letters or digits, upper-cased, one per rate; a refusal writes nothing', async () => {
    const before = (await fx.core.taxRates.list()).length;
    await expect(fx.core.taxRates.create({ code: 'a b', label: 'TVA 2,1 %', rateBp: 210 })).rejects.toThrow('invalide');
    await expect(fx.core.taxRates.create({ code: 'ABCDEFGHIJK', label: 'TVA 2,1 %', rateBp: 210 })).rejects.toThrow('invalide');
    await expect(fx.core.taxRates.create({ code: 'c', label: 'TVA 20 % bis', rateBp: 2000 })).rejects.toThrow('Le code de TVA C existe déjà');
    expect((await fx.core.taxRates.list()).length).toBe(before);
    const d = await fx.core.taxRates.create({ code: ' d ', label: 'TVA 2,1 %', rateBp: 210 });
    expect(d.code).toBe('D');
    expect((await fx.core.taxRates.list()).find((r) => r.id === d.id)?.code).toBe('D');
    await fx.core.knex('tax_rates').where({ id: d.id }).delete();
  });

  test('looks up by barcode and by PLU', async () => {
    expect((await fx.core.catalog.lookup('3017620422003'))?.article.id).toBe(fx.shop.nutella.id);
    expect((await fx.core.catalog.lookup('201'))?.article.id).toBe(fx.shop.wine.id);
    expect((await fx.core.catalog.lookup('00201'))?.article.id).toBe(fx.shop.wine.id);
    expect(await fx.core.catalog.lookup('9999999999994')).toBeNull();
    expect(await fx.core.catalog.lookup('abc')).toBeNull();
    expect(await fx.core.catalog.lookup('')).toBeNull();
  });

  test('a UPC-A scan finds the EAN-13 with a leading zero', async () => {
    const cat = (await fx.core.categories.visible())[0]!;
    const rate = (await fx.core.taxRates.list())[0]!;
    const a = await fx.core.catalog.createArticle({ name: 'Sirop US', categoryId: cat.id, price: 500, taxRateId: rate.id, barcodes: ['0036000291452'] });
    expect((await fx.core.catalog.lookup('036000291452'))?.article.id).toBe(a.id);
  });

  test('weight-embedded labels give the weight, price-embedded the price (and its weight for an article by the kilo)', async () => {
    const weight = encodeEmbedded(DEFAULT_EMBEDDED_LAYOUTS.find((l) => l.prefix === '21')!, '10001', 1250);
    const w = await fx.core.catalog.lookup(weight, DEFAULT_EMBEDDED_LAYOUTS);
    expect(w).toMatchObject({ embedded: 'weight', quantity: 1250 });
    expect(w?.article.id).toBe(fx.shop.comte.id);
    const price = encodeEmbedded(DEFAULT_EMBEDDED_LAYOUTS.find((l) => l.prefix === '23')!, '10001', 1234);
    const p = await fx.core.catalog.lookup(price, DEFAULT_EMBEDDED_LAYOUTS);
    // Comté is sold by the kilo: the label's 12,34 at 32,90/kg is 375 g for exactly 12,34 (issue #17, defect 2)
    expect(p).toMatchObject({ embedded: 'price', labelAmount: 1234, quantity: 375, unit: 'kg' });
    expect(p?.unitPrice).toBeUndefined();
    const unknownItem = encodeEmbedded(DEFAULT_EMBEDDED_LAYOUTS[0]!, '55555', 1000);
    expect(await fx.core.catalog.lookup(unknownItem, DEFAULT_EMBEDDED_LAYOUTS)).toBeNull();
  });

  test('name search ignores accents and case and matches word starts', async () => {
    const names = async (q: string) => (await fx.core.catalog.search(q)).map((a) => a.name);
    expect(await names('pate')).toEqual(['Pâte à tartiner noisette']);
    expect(await names('PÂTE NOIS')).toEqual(['Pâte à tartiner noisette']);
    expect(await names('comte')).toEqual(['Comté 18 mois']);
    expect(await names('bordeaux 2022')).toEqual(['Bordeaux Supérieur 2022']);
    expect(await names('super')).toEqual(['Bordeaux Supérieur 2022']);
    expect(await names('oisette')).toEqual([]);
    expect(await names('   ')).toEqual([]);
  });

  test('refuses an invalid barcode and changes nothing', async () => {
    const before = await fx.core.catalog.countArticles();
    const cat = (await fx.core.categories.visible())[0]!;
    const rate = (await fx.core.taxRates.list())[0]!;
    await expect(
      fx.core.catalog.createArticle({ name: 'Mauvais code', categoryId: cat.id, price: 100, taxRateId: rate.id, barcodes: ['3017620422004'] }),
    ).rejects.toThrow('Code-barres invalide');
    expect(await fx.core.catalog.countArticles()).toBe(before);
  });

  test('a duplicate barcode is refused and the article is not created', async () => {
    const before = await fx.core.catalog.countArticles();
    const cat = (await fx.core.categories.visible())[0]!;
    const rate = (await fx.core.taxRates.list())[0]!;
    await expect(
      fx.core.catalog.createArticle({ name: 'Doublon', categoryId: cat.id, price: 100, taxRateId: rate.id, barcodes: ['3017620422003'] }),
    ).rejects.toThrow();
    expect(await fx.core.catalog.countArticles()).toBe(before);
    expect(await fx.core.catalog.search('doublon')).toEqual([]);
  });

  test('articles of a category come in grid order; stock starts from its initial move', async () => {
    const grocery = (await fx.core.categories.visible())[0]!;
    const items = await fx.core.catalog.articlesOfCategory(grocery.id);
    expect(items.slice(0, 2).map((a) => a.name)).toEqual(['Pâte à tartiner noisette', 'Comté 18 mois']);
    expect(fx.shop.comte.stockQty).toBe(5000);
    expect(await fx.core.stock.ledgerQuantity(fx.shop.comte.id)).toBe(5000);
  });

  test('the grid is read a page at a time: placed articles by place, then the others by name, off-sale ones left out', async () => {
    const category = await fx.core.categories.create({ name: 'Rayon pages', color: 'white', sortOrder: 9 });
    const rate = (await fx.core.taxRates.list())[0]!;
    const make = (name: string, gridPosition: number | null = null) =>
      fx.core.catalog.createArticle({ name, categoryId: category.id, price: 100, taxRateId: rate.id, gridPosition });
    for (const name of ['Zeste', 'Amande', 'Noix', 'Datte', 'Figue']) await make(name);
    await make('Pistache', 2);
    await make('Raisin', 1);
    const off = await make('Abricot');
    await fx.core.catalog.updateArticle(off.id, { active: false }, null);
    const names = async (offset: number, size: number) => {
      const page = await fx.core.catalog.gridPage(category.id, offset, size);
      return { count: page.count, names: page.articles.map((a) => a.name) };
    };
    const all = ['Raisin', 'Pistache', 'Amande', 'Datte', 'Figue', 'Noix', 'Zeste'];
    expect((await fx.core.catalog.articlesOfCategory(category.id)).map((a) => a.name)).toEqual(all);
    expect(await names(0, 3)).toEqual({ count: 7, names: all.slice(0, 3) });
    expect(await names(3, 3)).toEqual({ count: 7, names: all.slice(3, 6) });
    expect(await names(6, 3)).toEqual({ count: 7, names: all.slice(6) });
    expect(await names(1, 2)).toEqual({ count: 7, names: ['Pistache', 'Amande'] });
    expect(await names(9, 3)).toEqual({ count: 7, names: [] });
  });
});
