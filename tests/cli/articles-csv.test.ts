// pos import articles / pos export articles, on real files with the real
// binary: a good file, a file with a bad row (nothing imported, every error
// with its line), a French spreadsheet (`;`, accents, BOM), 10,000 rows in
// one go, and an export that imports back unchanged.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeEan13 } from '../../src/core/sales/barcode.js';
import { openCore } from '../../src/core/shop/core.service.js';
import { runPos } from '../helpers/run-pos.js';

describe('article CSV import and export', () => {
  let dir: string;
  let db: string;
  const withCore = async <T>(work: (core: Awaited<ReturnType<typeof openCore>>) => Promise<T>, file = db): Promise<T> => {
    const core = await openCore({ db: file });
    try {
      return await work(core);
    } finally {
      await core.close();
    }
  };
  const count = () => withCore((core) => core.catalog.countArticles());

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pos-articles-csv-'));
    db = join(dir, 'pos.sqlite3');
    expect(runPos(['db', 'seed', '--demo', '--days', '1', '--db', db]).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a good comma-separated file with English headers creates and updates', async () => {
    const file = join(dir, 'good.csv');
    writeFileSync(file, [
      'plu,barcode,name,category,price,vat,cost,unit,min_stock,supplier,supplier_ref,pack_size,min_order_qty',
      '5001,3999000000011,Confiture de figues,Épicerie sucrée,"6,90",5.5,"3,10",unit,4,Terroirs de France Distribution,TF-77,6,12',
      '5002,,Tomme de Savoie,Fromages,"24,50",5.5,"14,00",kg,"1,5",,,,',
      '101,,Renamed by import,Épicerie sucrée,"9,99",5.5,,,,,,,',
      '',
    ].join('\n'));
    const before = await count();
    const oldPrice = await withCore(async (core) => (await core.catalog.findByCode('101'))!.price);
    const r = runPos(['import', 'articles', file, '--pin', '1234', '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('2 article(s) créé(s), 1 mis à jour');
    expect(await count()).toBe(before + 2);
    await withCore(async (core) => {
      const figs = (await core.catalog.lookup('3999000000011'))!.article;
      expect(figs).toMatchObject({ plu: '5001', name: 'Confiture de figues', price: 690, taxRateBp: 550, cost: 310, minStock: 4000, supplierRef: 'TF-77', packSize: 6000, minOrderQty: 12000 });
      expect(figs.supplierId).not.toBeNull();
      expect((await core.catalog.lookup('5002'))!.article).toMatchObject({ unit: 'kg', price: 2450, minStock: 1500, packSize: 1000 });
      expect((await core.catalog.search('renamed import')).map((a) => a.plu)).toEqual(['101']);
      const audit = await core.knex('audit_events').where({ kind: 'price_change' }).orderBy('id', 'desc').first();
      expect(JSON.parse(audit.details)).toMatchObject({ oldPrice, newPrice: 999, from: 'import' });
    });
  });

  test('a file with bad rows is refused whole, every error with its line number', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(file, [
      'plu;code_barres;nom;categorie;prix;tva',
      '5101;;Bon article;Cave;12,00;20',
      '5102;3999000000012;Mauvais code;Cave;12,00;20',
      '5103;;Prix faux;Cave;douze;20',
      '5104;;TVA inconnue;Cave;12,00;7',
      '5105;;Catégorie inconnue;Poissonnerie;12,00;20',
      '5101;;PLU en double;Cave;1,00;20',
      '',
    ].join('\n'));
    const before = await count();
    const r = runPos(['import', 'articles', file, '--pin', '1234', '--db', db]);
    expect(r.code).toBe(2); // a refused file is bad input
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('ligne 3 : code-barres « 3999000000012 » invalide');
    expect(r.stderr).toContain('ligne 4 : prix « douze » illisible');
    expect(r.stderr).toContain('ligne 5 : TVA « 7 » inconnue');
    expect(r.stderr).toContain('ligne 6 : catégorie « Poissonnerie » inconnue');
    expect(r.stderr).toContain('ligne 7 : PLU 5101 déjà à la ligne 2');
    expect(r.stderr).toContain('aucun article importé');
    expect(await count()).toBe(before);
    expect(await withCore((core) => core.catalog.findByCode('5101'))).toBeNull();
    // with --create-categories the unknown category is no longer an error, the other rows still are
    const again = runPos(['import', 'articles', file, '--pin', '1234', '--create-categories', '--db', db]);
    expect(again.code).toBe(2);
    expect(again.stderr).not.toContain('Poissonnerie');
    expect(await withCore((core) => core.categories.byName('Poissonnerie'))).toBeNull();
  });

  test('a French spreadsheet: semicolons, accents, BOM, French headers, a new category on request', async () => {
    const file = join(dir, 'fr.csv');
    writeFileSync(file, '\uFEFFPLU;Code-barres;Désignation;Catégorie;Prix TTC;TVA;Coût;Unité;Stock min;Colisage;Qté min commande;Actif\r\n5201;;Crème brûlée à l\'ancienne;Pâtisserie;3,20;5,5;1,10;unité;2;4;8;oui\r\n5202;;Pâté en croûte;Pâtisserie;"28,90";5,5;;kg;0,5;;;non\r\n');
    const r = runPos(['import', 'articles', file, '--pin', '1234', '--create-categories', '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('2 article(s) créé(s), 0 mis à jour');
    expect(r.stdout).toContain('1 catégorie(s) créée(s)');
    await withCore(async (core) => {
      const creme = (await core.catalog.findByCode('5201'))!;
      expect(creme).toMatchObject({ name: 'Crème brûlée à l\'ancienne', price: 320, cost: 110, minStock: 2000, packSize: 4000, minOrderQty: 8000, active: true });
      expect(creme.categoryId).toBe((await core.categories.byName('patisserie'))!.id);
      expect(await core.catalog.findByCode('5202')).toMatchObject({ unit: 'kg', minStock: 500, active: false });
      expect((await core.catalog.search('creme brulee')).map((a) => a.plu)).toEqual(['5201']);
    });
  });

  test('10,000 rows import in one go', async () => {
    const file = join(dir, 'big.csv');
    const lines = ['plu;barcode;name;category;price;vat;cost;min_stock'];
    for (let i = 0; i < 10_000; i++) {
      lines.push(`${300000 + i};${makeEan13(`3998${String(i).padStart(8, '0')}`)};Article de test ${i};Cave;${1 + (i % 50)},${String(i % 100).padStart(2, '0')};20;0,50;${i % 7}`);
    }
    writeFileSync(file, `${lines.join('\n')}\n`);
    // A shop of its own, so the other tests' exports stay small.
    const bigDb = join(dir, 'big.sqlite3');
    expect(runPos(['db', 'seed', '--demo', '--days', '1', '--db', bigDb]).code).toBe(0);
    const before = await withCore((core) => core.catalog.countArticles(), bigDb);
    const r = runPos(['import', 'articles', file, '--pin', '1234', '--db', bigDb]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('10000 article(s) créé(s)');
    expect(await withCore((core) => core.catalog.countArticles(), bigDb)).toBe(before + 10_000);
    await withCore(async (core) => {
      const last = (await core.catalog.lookup(makeEan13('399800009999')))!.article;
      expect(last).toMatchObject({ plu: '309999', name: 'Article de test 9999', price: 5099, minStock: 3000 });
      expect((await core.catalog.search('article test 9999')).map((a) => a.plu)).toEqual(['309999']);
    }, bigDb);
  });

  test('export writes what the import reads: a round trip changes nothing, and JSON', async () => {
    const csv = runPos(['export', 'articles', '--db', db]);
    expect(csv.code).toBe(0);
    const header = csv.stdout.split('\n')[0];
    expect(header).toBe('plu;barcode;name;category;price;vat;cost;unit;points;min_stock;reorder_point;safety_stock;supplier;supplier_ref;pack_size;min_order_qty;grid_position;active');
    expect(csv.stdout).toContain('5201;;Crème brûlée à l\'ancienne;Pâtisserie;3,20;5,5;1,10;unit;0;2;;0;;;4;8;;oui');
    const file = join(dir, 'export.csv');
    writeFileSync(file, csv.stdout);
    const snapshot = () => withCore(async (core) => ({ articles: await core.catalog.listArticles({ limit: 100_000 }), audits: await core.knex('audit_events').count({ n: '*' }).first() }));
    const before = await snapshot();
    const r = runPos(['import', 'articles', file, '--pin', '1234', '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^0 article\(s\) créé\(s\), \d+ mis à jour/);
    const after = await snapshot();
    expect(after.articles).toEqual(before.articles);
    // the import itself is on record (under the manager), nothing else: no price changed
    expect(Number(after.audits!.n)).toBe(Number(before.audits!.n) + 1);
    // the comma variant with a BOM reads back the same way
    const comma = runPos(['export', 'articles', '--separator', ',', '--bom', '--db', db]);
    expect(comma.stdout.startsWith('\uFEFFplu,barcode,name')).toBe(true);
    const json = JSON.parse(runPos(['export', 'articles', '--format', 'json', '--db', db]).stdout) as Array<{ plu: string; category: string; barcodes: string[] }>;
    expect(json.find((a) => a.plu === '5001')).toMatchObject({ category: 'Épicerie sucrée', barcodes: ['3999000000011'] });
    expect(runPos(['export', 'articles', '--format', 'xml', '--db', db]).code).toBe(2);
  });
});
