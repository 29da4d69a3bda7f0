// The back office's articles and categories screens on a real SQLite file,
// opened from the till with F10: search as you type, an article edited
// through the form (its price change audited under the manager), a new
// article with barcodes, refused input changing nothing, the category filter
// and grid moves, the categories screen, and the till's grid showing the new
// price as soon as the back office closes.
import { ARTICLE_FIELDS, type ArticleFieldKey } from '../../src/screens/backoffice/article-form.js';
import { CATEGORY_FIELDS } from '../../src/screens/backoffice/categories-screen.js';
import { decodeKeys } from '../../src/screens/keys.js';
import type { TillSession } from '../../src/till/session.js';
import { tillFixture } from '../helpers/shop.js';
import { BACKSPACE, CTRL_S, DOWN, ESC, F10, F2, F3, F7, INSERT, PGDN, UP } from '../helpers/key-codes.js';

describe('back office articles screen', () => {
  const fx = tillFixture();
  let till: TillSession;
  const type = async (raw: string) => {
    // One key at a time, as a person types: a text chunk is one field's input.
    for (const event of decodeKeys(raw)) await till.feed([event]);
  };
  const bo = () => till.backOffice!.getState();
  /** Moves the article form to a field and replaces its text. */
  const fill = async (key: ArticleFieldKey, value: string) => {
    const form = bo().articles!.form!;
    const delta = ARTICLE_FIELDS.indexOf(key) - form.index;
    await type((delta > 0 ? DOWN : UP).repeat(Math.abs(delta)) + BACKSPACE.repeat(form.values[key].length));
    if (value) await till.feed([{ type: 'text', text: value }]);
  };

  beforeAll(async () => {
    // livePollMs 0: no live poll on a real timer, so the grid only changes when the test says so
    till = (await fx.till({ livePollMs: 0 })).session;
    await type('1234\r');
    expect(till.getState().gridArticles.find((a) => a.id === fx.shop.nutella.id)?.price).toBe(450);
    await type(F10);
    expect(till.getState().screen).toBe('backoffice');
    expect(bo().view).toBe('menu');
    await type('\r'); // Articles is the first entry
    expect(bo().view).toBe('articles');
  });

  test('the list searches as you type, by name words, PLU or barcode', async () => {
    expect(bo().articles!.rows).toHaveLength(3);
    await type('pâte');
    expect(bo().articles!.rows.map((a) => a.id)).toEqual([fx.shop.nutella.id]);
    await type(BACKSPACE.repeat(4) + '3760123450010');
    expect(bo().articles!.rows.map((a) => a.id)).toEqual([fx.shop.wine.id]);
    await type(ESC);
    expect(bo().articles!.query).toBe('');
    expect(bo().view).toBe('articles');
  });

  test('editing the price through the form saves it and audits it under the manager', async () => {
    await type('pâte\r');
    expect(bo().articles!.form!.values).toMatchObject({ name: 'Pâte à tartiner noisette', plu: '101', price: '4,50', vat: '5,5', category: 'Épicerie', barcodes: '3017620422003', minStock: '5' });
    await fill('price', '4,90');
    await fill('minStock', '6');
    await type(CTRL_S);
    expect(bo().message).toMatchObject({ kind: 'success', text: 'Article enregistré : Pâte à tartiner noisette' });
    expect(bo().articles!.view).toBe('list');
    expect(await fx.core.catalog.requireArticle(fx.shop.nutella.id)).toMatchObject({ price: 490, minStock: 6000, cost: 210, unit: 'unit' });
    const event = await fx.core.knex('audit_events').where({ kind: 'price_change', article_id: fx.shop.nutella.id }).first();
    expect(Number(event.employee_id)).toBe(fx.shop.manager.id);
    expect(JSON.parse(event.details)).toMatchObject({ oldPrice: 450, newPrice: 490 });
    await type(ESC);
  });

  test('a refused form stays open with what was typed and changes nothing', async () => {
    await type('bordeaux\r');
    await fill('price', 'douze');
    await type(CTRL_S);
    expect(bo().message).toMatchObject({ kind: 'error', text: 'Prix illisible : « douze » (ex. 4,50)' });
    expect(bo().articles!.view).toBe('form');
    await fill('price', '13');
    await fill('barcodes', '3760123450010 3017620422003');
    await type(CTRL_S);
    expect(bo().message?.text).toContain('déjà celui de « Pâte à tartiner noisette »');
    await fill('barcodes', '3760123450010 3760123450011');
    await type(CTRL_S);
    expect(bo().message?.text).toContain('clé de contrôle');
    expect(await fx.core.catalog.requireArticle(fx.shop.wine.id)).toMatchObject({ price: 1290 });
    expect(await fx.core.catalog.barcodesOf(fx.shop.wine.id)).toEqual(['3760123450010']);
    await type(ESC + ESC);
    expect(bo().articles!.view).toBe('list');
  });

  test('Inser creates an article with every field, its barcodes and its grid place', async () => {
    await type(INSERT);
    expect(bo().articles!.form!.articleId).toBeNull();
    await fill('name', 'Miel de châtaignier');
    await fill('plu', '105');
    await fill('barcodes', '4006381333931 96385074');
    await fill('category', 'epicerie');
    await fill('price', '8,40');
    await fill('vat', '5,5');
    await fill('cost', '4,10');
    await fill('points', '2');
    await fill('minStock', '3');
    await fill('reorderPoint', '5');
    await fill('safetyStock', '1');
    await fill('supplierRef', 'MIEL-9');
    await fill('packSize', '6');
    await fill('minOrderQty', '12');
    await fill('gridPosition', '1');
    await type(CTRL_S);
    expect(bo().message?.text).toBe('Article créé : Miel de châtaignier');
    const miel = (await fx.core.catalog.findByCode('105'))!;
    expect(miel).toMatchObject({ price: 840, cost: 410, loyaltyPoints: 2, minStock: 3000, reorderPoint: 5000, safetyStock: 1000, supplierRef: 'MIEL-9', packSize: 6000, minOrderQty: 12000, gridPosition: 1, taxRateBp: 550 });
    expect(await fx.core.catalog.barcodesOf(miel.id)).toEqual(['4006381333931', '96385074']);
    expect((await fx.core.catalog.lookup('96385074'))?.article.id).toBe(miel.id);
  });

  test('F3 filters by category in grid order; F7 moves an article up its grid', async () => {
    await type(F3);
    const grocery = (await fx.core.categories.byName('Épicerie'))!;
    expect(bo().articles!.categoryId).toBe(grocery.id);
    const names = () => bo().articles!.rows.map((a) => a.name);
    expect(names()[0]).toBe('Miel de châtaignier');
    await type(DOWN + F7);
    expect(names()[0]).not.toBe('Miel de châtaignier');
    const first = bo().articles!.rows[0]!;
    expect((await fx.core.catalog.articlesOfCategory(grocery.id))[0]!.id).toBe(first.id);
    await type(F3 + F3);
    expect(bo().articles!.categoryId).toBeNull();
    await type(F7);
    expect(bo().message).toMatchObject({ kind: 'error', text: 'Choisissez une catégorie (F3) pour ranger sa grille' });
  });

  test('F2 opens the categories: create one, recolour it, move it first', async () => {
    await type(F2);
    expect(bo().view).toBe('categories');
    await type(INSERT);
    await till.feed([{ type: 'text', text: 'Fruits' }]);
    await type(DOWN + BACKSPACE.repeat(5) + 'orange' + CTRL_S);
    expect(bo().message?.text).toContain('Couleur « orange » inconnue');
    await type(BACKSPACE.repeat(6) + 'green\r');
    expect(bo().message?.text).toBe('Catégorie enregistrée : Fruits');
    const rows = () => bo().categories!.rows;
    expect(rows().at(-1)).toMatchObject({ name: 'Fruits', color: 'green' });
    await type(F7.repeat(rows().length));
    expect(rows()[0]!.name).toBe('Fruits');
    expect((await fx.core.categories.visible())[0]!.name).toBe('Fruits');
    expect(CATEGORY_FIELDS).toHaveLength(2);
    await type(ESC);
    expect(bo().view).toBe('articles');
    expect(bo().articles!.categories.map((c) => c.name)).toContain('Fruits');
  });

  test('back at the till, the grid shows the new price at once', async () => {
    await type(ESC + ESC);
    expect(till.getState().screen).toBe('sale');
    expect(till.getState().categories[0]!.name).toBe('Fruits');
    // the grid re-read its category; moving to the grocery tab shows the new price
    await type(PGDN); // PgDn: next category
    const grid = till.getState().gridArticles;
    expect(grid.find((a) => a.id === fx.shop.nutella.id)?.price).toBe(490);
    await type('101\r');
    expect(till.getState().ticket.lines.at(-1)).toMatchObject({ unitPrice: 490 });
  });

  test('a price changed elsewhere shows in the grid at the next catalogue refresh', async () => {
    await fx.core.catalog.updateArticle(fx.shop.nutella.id, { price: 520, name: 'Pâte à tartiner bio' }, fx.shop.manager.id);
    expect(till.getState().gridArticles.find((a) => a.id === fx.shop.nutella.id)?.price).toBe(490);
    await till.refreshCatalog();
    expect(till.getState().gridArticles.find((a) => a.id === fx.shop.nutella.id)).toMatchObject({ price: 520, name: 'Pâte à tartiner bio' });
  });
});
