// Article files: the columns a shop's spreadsheet may have (French or English
// headers), each row checked against the catalogue before anything is
// written. A row is matched to an existing article by its PLU, else by its
// first barcode, and updates it; otherwise it creates one. A file with one bad
// row is refused whole, with every error and its line number.
import type { Article, Category, TaxRate } from './article.js';
import { checkArticlePatch, checkBarcode, type ArticlePatch } from './article-rules.js';
import { readCsv, writeCsv } from '../basics/csv.js';
import { PosError } from '../basics/errors.js';
import { formatMoney, parseMoney } from '../basics/money.js';
import { parseQuantity, QTY_ONE, type Unit } from '../basics/quantity.js';
import type { Supplier } from '../stock/suppliers.service.js';
import { foldForSearch } from '../basics/text.js';
import { textFieldProblems } from '../basics/text-fields.js';
import { formatRate, parseRate } from './vat.js';

export const ARTICLE_COLUMNS: Record<string, string[]> = {
  plu: ['code plu'],
  barcode: ['code_barres', 'code-barres', 'codes barres', 'ean', 'barcodes', 'gencod'],
  name: ['nom', 'libelle', 'libellé', 'designation', 'désignation'],
  category: ['categorie', 'catégorie', 'rayon'],
  price: ['prix', 'prix ttc', 'prix de vente'],
  vat: ['tva', 'taux tva', 'taux de tva', 'tax rate'],
  cost: ['cout', 'coût', 'prix achat', "prix d'achat", 'cout ht', 'coût ht'],
  unit: ['unite', 'unité', 'vente'],
  points: ['points fidelite', 'points fidélité', 'loyalty points'],
  min_stock: ['stock min', 'stock minimum', 'minimum stock'],
  reorder_point: ['point de commande', 'seuil de commande'],
  safety_stock: ['stock securite', 'stock sécurité', 'stock de securite', 'stock de sécurité'],
  supplier: ['fournisseur'],
  supplier_ref: ['ref fournisseur', 'réf fournisseur', 'reference fournisseur', 'référence fournisseur'],
  pack_size: ['colisage', 'conditionnement'],
  min_order_qty: ['qte min commande', 'qté min commande', 'quantite minimum de commande', 'quantité minimum de commande', 'minimum order qty'],
  grid_position: ['position', 'position grille'],
  active: ['actif'],
};

/** One checked row: the article it updates (null: a new one) and every field. */
export interface ArticleImportRow {
  line: number;
  articleId: number | null;
  /** the category as named in the file; created by the import when asked and missing */
  categoryName: string;
  categoryId: number | null;
  fields: Required<Omit<ArticlePatch, 'categoryId'>> & { categoryId?: number };
  /** the article's barcodes from now on; null: keep those it has */
  barcodes: string[] | null;
}

export type ArticleImport = { ok: true; rows: ArticleImportRow[]; newCategories: string[] } | { ok: false; errors: string[] };

export interface ArticleImportContext {
  categories: Category[];
  taxRates: TaxRate[];
  suppliers: Supplier[];
  /** PLU -> article id, and barcode -> article id, for the whole catalogue */
  plus: Map<string, number>;
  barcodes: Map<string, number>;
  /** create the categories the file names and the shop lacks (else: an error per row) */
  createCategories: boolean;
}

const UNIT_WORDS: Record<string, Unit> = { unit: 'unit', u: 'unit', unite: 'unit', piece: 'unit', pce: 'unit', kg: 'kg', kilo: 'kg', poids: 'kg' };
const YES = new Set(['', 'oui', 'o', 'yes', 'y', '1', 'true', 'vrai']);
const NO = new Set(['non', 'n', 'no', '0', 'false', 'faux']);

/** A stock-like quantity as a person writes it ("5", "1,5"): thousandths; empty is 0. */
function parseAmountQty(text: string, unit: Unit): number | string {
  if (!text.trim() || /^0+([.,]0*)?$/.test(text.trim())) return 0;
  const q = parseQuantity(text, unit);
  if (!q.ok) return q.error;
  return q.value < 0 ? 'quantité négative' : q.value;
}

/** Checks an article file against the catalogue; nothing is written here. */
export function parseArticleFile(text: string, ctx: ArticleImportContext): ArticleImport {
  const csv = readCsv(text, ARTICLE_COLUMNS, ['name', 'price', 'category', 'vat']);
  if (!csv.ok) return csv;
  const first = csv.rows.length ? Object.keys(csv.rows[0]!.values) : [];
  if (csv.rows.length && !first.includes('plu') && !first.includes('barcode')) {
    return { ok: false, errors: ['ligne 1 : une colonne « plu » ou « code_barres » est obligatoire (pour retrouver les articles)'] };
  }
  const errors: string[] = [];
  const rows: ArticleImportRow[] = [];
  const categoryByName = new Map(ctx.categories.map((c) => [foldForSearch(c.name), c]));
  const supplierByName = new Map(ctx.suppliers.map((s) => [foldForSearch(s.name), s]));
  const newCategories = new Map<string, string>();
  const pluLine = new Map<string, number>();
  const barcodeLine = new Map<string, number>();
  const articleLine = new Map<number, number>();
  for (const { line, values: v } of csv.rows) {
    const rowErrors: string[] = [];
    const cell = (key: string) => (v[key] ?? '').trim();
    let plu: string | null = null;
    if (cell('plu')) {
      if (!/^\d{1,6}$/.test(cell('plu')) || Number(cell('plu')) === 0) rowErrors.push(`PLU « ${cell('plu')} » invalide (1 à 6 chiffres)`);
      else {
        plu = String(Number(cell('plu')));
        if (pluLine.has(plu)) rowErrors.push(`PLU ${plu} déjà à la ligne ${pluLine.get(plu)}`);
        else pluLine.set(plu, line);
      }
    }
    let barcodes: string[] | null = null;
    if (cell('barcode')) {
      barcodes = [];
      for (const code of cell('barcode').split(/[\s|/]+/).filter(Boolean)) {
        try {
          const clean = checkBarcode(code);
          if (barcodeLine.has(clean)) rowErrors.push(`code-barres ${clean} déjà à la ligne ${barcodeLine.get(clean)}`);
          else {
            barcodeLine.set(clean, line);
            if (!barcodes.includes(clean)) barcodes.push(clean);
          }
        } catch (err) {
          rowErrors.push((err as Error).message.replace(/^Code-barres/, 'code-barres'));
        }
      }
    }
    if (!plu && !barcodes?.length && !cell('plu') && !cell('barcode')) rowErrors.push('PLU ou code-barres obligatoire');
    // The article this row updates: by its PLU when it has one, else by its first barcode.
    const articleId = (plu ? ctx.plus.get(plu) : barcodes?.[0] ? ctx.barcodes.get(barcodes[0]) : undefined) ?? null;
    for (const code of barcodes ?? []) {
      const owner = ctx.barcodes.get(code);
      if (owner !== undefined && owner !== articleId) rowErrors.push(`le code-barres ${code} appartient à un autre article`);
    }
    if (articleId !== null) {
      if (articleLine.has(articleId)) rowErrors.push(`même article qu'à la ligne ${articleLine.get(articleId)}`);
      else articleLine.set(articleId, line);
    }

    const unitWord = foldForSearch(cell('unit'));
    const unit: Unit | undefined = unitWord ? UNIT_WORDS[unitWord] : 'unit';
    if (!unit) rowErrors.push(`unité « ${cell('unit')} » inconnue (unit ou kg)`);
    const price = parseMoney(cell('price'));
    if (price === null || price < 0) rowErrors.push(`prix « ${cell('price')} » illisible (ex. 4,50)`);
    const cost = cell('cost') ? parseMoney(cell('cost')) : 0;
    if (cost === null || cost < 0) rowErrors.push(`coût « ${cell('cost')} » illisible (ex. 2,10)`);
    const rateBp = parseRate(cell('vat'));
    const taxRate = rateBp === null ? undefined : ctx.taxRates.find((r) => r.rateBp === rateBp);
    if (!taxRate) rowErrors.push(`TVA « ${cell('vat')} » inconnue (${ctx.taxRates.map((r) => formatRate(r.rateBp)).join(', ')})`);
    const categoryName = cell('category');
    const category = categoryByName.get(foldForSearch(categoryName));
    if (!categoryName) rowErrors.push('catégorie obligatoire');
    else if (!category) {
      if (ctx.createCategories) {
        if (!newCategories.has(foldForSearch(categoryName))) newCategories.set(foldForSearch(categoryName), categoryName);
      }
      else rowErrors.push(`catégorie « ${categoryName} » inconnue (créez-la, ou importez avec --create-categories)`);
    }
    let supplierId: number | null = null;
    if (cell('supplier')) {
      const supplier = supplierByName.get(foldForSearch(cell('supplier')));
      if (!supplier) rowErrors.push(`fournisseur « ${cell('supplier')} » inconnu`);
      else supplierId = supplier.id;
    }
    const points = cell('points') ? Number(cell('points')) : 0;
    if (!Number.isInteger(points) || points < 0) rowErrors.push(`points « ${cell('points')} » invalides (entier)`);
    const quantities: Record<string, number> = {};
    for (const [key, label] of [['min_stock', 'stock minimum'], ['reorder_point', 'point de commande'], ['safety_stock', 'stock de sécurité'], ['pack_size', 'colisage'], ['min_order_qty', 'quantité minimum de commande']] as const) {
      const q = parseAmountQty(cell(key), unit ?? 'kg');
      if (typeof q === 'string') rowErrors.push(`${label} « ${cell(key)} » : ${q}`);
      else quantities[key] = q;
    }
    const position = cell('grid_position') ? Number(cell('grid_position')) : null;
    if (position !== null && (!Number.isInteger(position) || position < 1)) rowErrors.push(`position « ${cell('grid_position')} » invalide (entier à partir de 1)`);
    const activeWord = foldForSearch(cell('active'));
    if (!YES.has(activeWord) && !NO.has(activeWord)) rowErrors.push(`actif « ${cell('active')} » illisible (oui ou non)`);

    rowErrors.push(...textFieldProblems({ articleName: cell('name'), categoryName, supplierRef: cell('supplier_ref') }));

    let fields: ArticleImportRow['fields'] | null = null;
    if (!rowErrors.length) {
      try {
        fields = checkArticlePatch({
          plu,
          name: cell('name'),
          categoryId: category?.id,
          price: price!,
          taxRateId: taxRate!.id,
          cost: cost!,
          unit: unit!,
          loyaltyPoints: points,
          minStock: quantities.min_stock!,
          reorderPoint: cell('reorder_point') ? quantities.reorder_point! : null,
          safetyStock: quantities.safety_stock!,
          supplierId,
          supplierRef: cell('supplier_ref'),
          packSize: quantities.pack_size || QTY_ONE,
          minOrderQty: quantities.min_order_qty!,
          gridPosition: position,
          trackStock: true,
          active: !NO.has(activeWord),
        }) as ArticleImportRow['fields'];
      } catch (err) {
        rowErrors.push(err instanceof PosError ? err.message.charAt(0).toLowerCase() + err.message.slice(1) : String(err));
      }
    }
    if (rowErrors.length || !fields) {
      errors.push(...rowErrors.map((e) => `ligne ${line} : ${e}`));
      continue;
    }
    rows.push({ line, articleId, categoryName, categoryId: category?.id ?? null, fields, barcodes });
  }
  if (csv.rows.length === 0) errors.push('ligne 2 : aucun article dans le fichier');
  return errors.length ? { ok: false, errors } : { ok: true, rows, newCategories: [...newCategories.values()] };
}

const EXPORT_HEADERS = [
  'plu', 'barcode', 'name', 'category', 'price', 'vat', 'cost', 'unit', 'points', 'min_stock', 'reorder_point', 'safety_stock',
  'supplier', 'supplier_ref', 'pack_size', 'min_order_qty', 'grid_position', 'active',
];

/** A quantity as the import reads it back: "5", "1,5" (no unit, French comma). */
function plainQty(q: number): string {
  const whole = Math.floor(q / QTY_ONE);
  const frac = String(q % QTY_ONE).padStart(3, '0').replace(/0+$/, '');
  return frac ? `${whole},${frac}` : String(whole);
}

const plainMoney = (cents: number) => formatMoney(cents, 'fr', { symbol: false }).replace(/\s/g, '');

/** The same columns the import reads, so an export can be edited and imported back. */
export function articlesToCsv(
  articles: Array<Article & { barcodes: string[] }>,
  names: { categories: Category[]; taxRates: TaxRate[]; suppliers: Supplier[] },
  separator: ';' | ',',
): string {
  const category = new Map(names.categories.map((c) => [c.id, c.name]));
  const supplier = new Map(names.suppliers.map((s) => [s.id, s.name]));
  return writeCsv(
    EXPORT_HEADERS,
    articles.map((a) => [
      a.plu ?? '', a.barcodes.join(' '), a.name, category.get(a.categoryId) ?? '', plainMoney(a.price), formatRate(a.taxRateBp).replace(' %', ''),
      plainMoney(a.cost), a.unit, a.loyaltyPoints, plainQty(a.minStock), a.reorderPoint === null ? '' : plainQty(a.reorderPoint),
      plainQty(a.safetyStock), a.supplierId === null ? '' : supplier.get(a.supplierId) ?? '', a.supplierRef, plainQty(a.packSize),
      plainQty(a.minOrderQty), a.gridPosition ?? '', a.active ? 'oui' : 'non',
    ]),
    separator,
  );
}
