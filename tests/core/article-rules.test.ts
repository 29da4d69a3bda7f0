// The article field rules, the import file checks and the back-office form,
// without a database: each bad value gets its French message.
import { checkArticlePatch, checkBarcode, checkCategoryColour, checkPlu, moveInList } from '../../src/core/catalogue/article-rules.js';
import { articlesToCsv, parseArticleFile, type ArticleImportContext } from '../../src/core/catalogue/article-import.js';
import type { Article } from '../../src/core/catalogue/article.js';
import { articleFormValues, parseArticleForm, type ArticleFormValues } from '../../src/screens/backoffice/article-form.js';

const ctx = (): ArticleImportContext => ({
  categories: [{ id: 1, name: 'Épicerie', color: 'yellow', sortOrder: 1 }, { id: 2, name: 'Cave', color: 'magenta', sortOrder: 2 }],
  taxRates: [{ id: 10, code: 'C', label: 'TVA 20 %', rateBp: 2000 }, { id: 11, code: 'A', label: 'TVA 5,5 %', rateBp: 550 }],
  suppliers: [{ id: 7, name: 'Les Caves Réunies', contact: '', email: '', phone: '', leadTimeDays: 5, reviewPeriodDays: 7, minOrderValue: 0, notes: '' }],
  plus: new Map([['101', 100]]),
  barcodes: new Map([['3017620422003', 100]]),
  createCategories: false,
});

describe('article rules', () => {
  test('PLU, barcode and colour checks', () => {
    expect(checkPlu(' 42 ')).toBe('42');
    expect(() => checkPlu('042')).toThrow('PLU « 042 » invalide');
    expect(() => checkPlu('1234567')).toThrow('invalide');
    expect(checkBarcode('3017620422003')).toBe('3017620422003');
    expect(checkBarcode('96385074')).toBe('96385074');
    expect(() => checkBarcode('3017620422004')).toThrow('clé de contrôle');
    expect(() => checkBarcode('12345')).toThrow('invalide');
    expect(checkCategoryColour('Green')).toBe('green');
    expect(() => checkCategoryColour('orange')).toThrow('Couleur « orange » inconnue');
  });

  test('a patch is checked field by field', () => {
    expect(checkArticlePatch({ name: '  Miel  ', plu: '', supplierRef: ' R1 ' })).toEqual({ name: 'Miel', plu: null, supplierRef: 'R1' });
    expect(() => checkArticlePatch({ price: 1.5 })).toThrow('Prix invalide');
    expect(() => checkArticlePatch({ cost: -1 })).toThrow('Coût invalide');
    expect(() => checkArticlePatch({ packSize: 0 })).toThrow('Colisage invalide');
    expect(() => checkArticlePatch({ minStock: -1000 })).toThrow('Stock minimum invalide');
    expect(() => checkArticlePatch({ name: 'x'.repeat(101) })).toThrow("101 caractères, c'est trop (100 au plus)");
    expect(checkArticlePatch({ reorderPoint: null, gridPosition: null })).toEqual({ reorderPoint: null, gridPosition: null });
  });

  test('moveInList moves and clamps', () => {
    expect(moveInList([1, 2, 3, 4], 3, 0)).toEqual([3, 1, 2, 4]);
    expect(moveInList([1, 2, 3, 4], 1, 99)).toEqual([2, 3, 4, 1]);
    expect(moveInList([1, 2, 3], 9, 0)).toEqual([1, 2, 3]);
  });
});

describe('article import file', () => {
  test('rows match existing articles by PLU, else by first barcode; others are new', () => {
    const r = parseArticleFile(
      'plu;barcode;name;category;price;vat;supplier\n101;;Pâte;épicerie;4,50;5,5;\n;4006381333931;Miel;Épicerie;4,60;5,5;\n202;;Vin;Cave;12;20;les caves réunies\n',
      { ...ctx(), plus: new Map([['101', 100]]), barcodes: new Map([['3017620422003', 100], ['4006381333931', 200]]) },
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.rows.map((row) => row.articleId)).toEqual([100, 200, null]);
    expect(r.rows[2]!.fields).toMatchObject({ plu: '202', price: 1200, taxRateId: 10, supplierId: 7, packSize: 1000, active: true });
    // the same article twice in a file is refused
    const twice = parseArticleFile('plu;barcode;name;category;price;vat\n101;;Pâte;Épicerie;4,50;5,5\n;3017620422003;Pâte bis;Épicerie;4,60;5,5\n', ctx());
    expect(twice).toEqual({ ok: false, errors: ["ligne 3 : même article qu'à la ligne 2"] });
  });

  test('every bad row is reported with its line; nothing is returned to write', () => {
    const r = parseArticleFile(
      [
        'plu,barcode,name,category,price,vat,unit,min_stock,active',
        '301,,Bon,Cave,1,20,,,',
        '302,,,Cave,1,20,,,',
        '303,,Kilo,Cave,1,20,litre,,',
        '304,,Demi,Cave,1,20,unit,"1,5",',
        '305,,Actif,Cave,1,20,,,peut-être',
        '306,3017620422003,Volé,Cave,1,20,,,',
        ',,Sans code,Cave,1,20,,,',
      ].join('\n'),
      ctx(),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual([
      "ligne 3 : nom d'article obligatoire",
      'ligne 4 : unité « litre » inconnue (unit ou kg)',
      "ligne 5 : stock minimum « 1,5 » : quantité entière attendue pour un article à l'unité",
      'ligne 6 : actif « peut-être » illisible (oui ou non)',
      'ligne 7 : le code-barres 3017620422003 appartient à un autre article',
      'ligne 8 : PLU ou code-barres obligatoire',
    ]);
  });

  test('headers: required columns and a key column', () => {
    const missing = parseArticleFile('plu;nom;prix\n1;a;1\n', ctx());
    expect(missing).toEqual({ ok: false, errors: ['ligne 1 : colonne obligatoire « category » absente', 'ligne 1 : colonne obligatoire « vat » absente'] });
    const noKey = parseArticleFile('nom;categorie;prix;tva\na;Cave;1;20\n', ctx());
    expect(noKey.ok).toBe(false);
    if (!noKey.ok) expect(noKey.errors[0]).toContain('« plu » ou « code_barres » est obligatoire');
    const empty = parseArticleFile('plu;nom;categorie;prix;tva\n', ctx());
    expect(empty).toEqual({ ok: false, errors: ['ligne 2 : aucun article dans le fichier'] });
  });

  test('unknown categories are created only when asked', () => {
    const text = 'plu;nom;categorie;prix;tva\n401;Pomme;Fruits;0,50;5,5\n402;Poire;fruits;0,60;5,5\n';
    expect(parseArticleFile(text, ctx()).ok).toBe(false);
    const r = parseArticleFile(text, { ...ctx(), createCategories: true });
    expect(r.ok && r.newCategories).toEqual(['Fruits']);
  });

  test('the export writes what the import reads', () => {
    const article: Article & { barcodes: string[] } = {
      id: 5, plu: '10001', name: 'Comté; 18 "mois"', categoryId: 1, price: 3290, taxRateId: 11, taxRateBp: 550, cost: 1800, unit: 'kg',
      loyaltyPoints: 1, stockQty: 0, trackStock: true, minStock: 1500, reorderPoint: null, safetyStock: 250, supplierId: 7, supplierRef: 'C-1',
      packSize: 5000, minOrderQty: 0, gridPosition: 2, active: false, barcodes: ['3017620422003'],
    };
    const csv = articlesToCsv([article], ctx(), ';');
    const back = parseArticleFile(csv, { ...ctx(), plus: new Map(), barcodes: new Map() });
    expect(back.ok).toBe(true);
    if (back.ok) {
      expect(back.rows[0]!.fields).toMatchObject({ plu: '10001', name: 'Comté; 18 "mois"', price: 3290, taxRateId: 11, cost: 1800, unit: 'kg', loyaltyPoints: 1, minStock: 1500, reorderPoint: null, safetyStock: 250, supplierId: 7, supplierRef: 'C-1', packSize: 5000, gridPosition: 2, active: false });
      expect(back.rows[0]!.barcodes).toEqual(['3017620422003']);
    }
  });
});

describe('article form', () => {
  const formCtx = () => ({ categories: ctx().categories, taxRates: ctx().taxRates, suppliers: ctx().suppliers });
  const blank = (): ArticleFormValues => ({ ...articleFormValues(null, [], formCtx()), name: 'Miel', price: '8,40' });

  test('a new article starts in the first category at the first rate, on sale', () => {
    expect(articleFormValues(null, [], formCtx())).toMatchObject({ category: 'Épicerie', vat: '20', unit: 'unit', active: 'oui', price: '' });
  });

  test('the typed fields read back; bad ones name the field', () => {
    const r = parseArticleForm({ ...blank(), vat: '5,5', unit: 'kg', minStock: '0,5', supplier: 'les caves reunies', barcodes: '3017620422003, 96385074', gridPosition: '3' }, formCtx());
    expect(r.patch).toMatchObject({ name: 'Miel', price: 840, taxRateId: 11, unit: 'kg', minStock: 500, supplierId: 7, packSize: 1000, active: true, plu: null });
    expect(r.barcodes).toEqual(['3017620422003', '96385074']);
    expect(r.gridPlace).toBe(3);
    expect(() => parseArticleForm({ ...blank(), price: '' }, formCtx())).toThrow('Prix illisible');
    expect(() => parseArticleForm({ ...blank(), vat: '7' }, formCtx())).toThrow('TVA inconnue : « 7 »');
    expect(() => parseArticleForm({ ...blank(), category: 'Fruits' }, formCtx())).toThrow('Catégorie inconnue');
    expect(() => parseArticleForm({ ...blank(), supplier: 'Metro' }, formCtx())).toThrow('Fournisseur inconnu');
    expect(() => parseArticleForm({ ...blank(), unit: 'l' }, formCtx())).toThrow('Vente « l » inconnue');
    expect(() => parseArticleForm({ ...blank(), minStock: '1,5' }, formCtx())).toThrow('Stock minimum : quantité entière');
    expect(() => parseArticleForm({ ...blank(), gridPosition: '0' }, formCtx())).toThrow('Place dans la grille');
    expect(() => parseArticleForm({ ...blank(), barcodes: '123' }, formCtx())).toThrow('Code-barres « 123 »');
    expect(() => parseArticleForm({ ...blank(), active: 'peut-être' }, formCtx())).toThrow('En vente : oui ou non');
  });
});
