// The back office's article form as plain text fields: what an article shows
// in them, and the typed text read back into an article patch plus its
// barcodes and grid place. Pure, so the rules (prices in euros, VAT by its
// rate, category and supplier by name, quantities in units or kg) are tested
// alone; the catalogue service still checks PLU and barcode uniqueness.
import { checkArticlePatch, checkBarcode, type ArticlePatch } from '../../core/catalogue/article-rules.js';
import type { Article, Category, TaxRate } from '../../core/catalogue/article.js';
import { ValidationError } from '../../core/basics/errors.js';
import { formatMoney, parseMoney } from '../../core/basics/money.js';
import { parseQuantity, QTY_ONE, type Unit } from '../../core/basics/quantity.js';
import type { Supplier } from '../../core/stock/suppliers.service.js';
import { foldForSearch } from '../../core/basics/text.js';
import { formatRate, parseRate } from '../../core/catalogue/vat.js';
import { translator } from '../i18n.js';

export const ARTICLE_FIELDS = ['name', 'plu', 'barcodes', 'category', 'price', 'vat', 'cost', 'unit', 'points', 'minStock', 'reorderPoint', 'safetyStock', 'supplier', 'supplierRef', 'packSize', 'minOrderQty', 'gridPosition', 'active'] as const;

export type ArticleFieldKey = (typeof ARTICLE_FIELDS)[number];
export type ArticleFormValues = Record<ArticleFieldKey, string>;

export interface ArticleFormContext {
  categories: Category[];
  taxRates: TaxRate[];
  suppliers: Supplier[];
}

/** What the form saves: every field, the barcodes the article will have, and its grid place (1 first). */
export interface ArticleFormResult {
  patch: ArticlePatch & { name: string; price: number; categoryId: number; taxRateId: number };
  barcodes: string[];
  gridPlace: number | null;
}

const money = (cents: number) => formatMoney(cents, 'fr', { symbol: false }).replace(/\s/g, '');

/** A quantity as typed back: "5", "1,5"; empty for zero. */
function plainQty(q: number): string {
  if (q === 0) return '';
  const frac = String(q % QTY_ONE).padStart(3, '0').replace(/0+$/, '');
  return `${Math.floor(q / QTY_ONE)}${frac ? `,${frac}` : ''}`;
}

/** The fields of an existing article, or of a new one (first category, highest VAT rate). */
export function articleFormValues(article: Article | null, barcodes: string[], ctx: ArticleFormContext, locale: 'fr' | 'en' = 'fr'): ArticleFormValues {
  const category = ctx.categories.find((c) => c.id === article?.categoryId) ?? ctx.categories[0];
  const rate = ctx.taxRates.find((r) => r.id === article?.taxRateId) ?? ctx.taxRates[0];
  const supplier = ctx.suppliers.find((s) => s.id === article?.supplierId);
  const t = translator(locale);
  const yes = t('bo.yes');
  const no = t('bo.no');
  return {
    name: article?.name ?? '',
    plu: article?.plu ?? '',
    barcodes: barcodes.join(' '),
    category: category?.name ?? '',
    price: article ? money(article.price) : '',
    vat: rate ? formatRate(rate.rateBp).replace(/\s?%/, '') : '',
    cost: article && article.cost ? money(article.cost) : '',
    unit: article?.unit ?? 'unit',
    points: article && article.loyaltyPoints ? String(article.loyaltyPoints) : '',
    minStock: article ? plainQty(article.minStock) : '',
    reorderPoint: article && article.reorderPoint !== null ? plainQty(article.reorderPoint) || '0' : '',
    safetyStock: article ? plainQty(article.safetyStock) : '',
    supplier: supplier?.name ?? '',
    supplierRef: article?.supplierRef ?? '',
    packSize: article && article.packSize !== QTY_ONE ? plainQty(article.packSize) : '',
    minOrderQty: article ? plainQty(article.minOrderQty) : '',
    gridPosition: article?.gridPosition ? String(article.gridPosition) : '',
    active: article && !article.active ? no : yes,
  };
}

/** Reads the typed fields back; a bad value throws a French message naming the field. */
export function parseArticleForm(values: ArticleFormValues, ctx: ArticleFormContext): ArticleFormResult {
  const text = (key: ArticleFieldKey) => values[key].trim();
  const unitText = foldForSearch(text('unit'));
  const unit: Unit | null = ['unit', 'u', 'unite', ''].includes(unitText) ? 'unit' : ['kg', 'poids'].includes(unitText) ? 'kg' : null;
  if (!unit) throw new ValidationError(`Vente « ${text('unit')} » inconnue (unit ou kg)`);
  const amount = (key: ArticleFieldKey, label: string, required: boolean) => {
    if (!text(key) && !required) return 0;
    const cents = parseMoney(text(key));
    if (cents === null || cents < 0) throw new ValidationError(`${label} illisible : « ${text(key)} » (ex. 4,50)`);
    return cents;
  };
  const quantity = (key: ArticleFieldKey, label: string) => {
    if (!text(key) || /^0+([.,]0*)?$/.test(text(key))) return 0;
    const q = parseQuantity(text(key), unit);
    if (!q.ok || q.value < 0) throw new ValidationError(`${label} : ${q.ok ? 'quantité négative' : q.error}`);
    return q.value;
  };
  const category = ctx.categories.find((c) => foldForSearch(c.name) === foldForSearch(text('category')));
  if (!category) throw new ValidationError(`Catégorie inconnue : « ${text('category')} » (${ctx.categories.map((c) => c.name).join(', ')})`);
  const bp = parseRate(text('vat'));
  const rate = ctx.taxRates.find((r) => r.rateBp === bp);
  if (!rate) throw new ValidationError(`TVA inconnue : « ${text('vat')} » (${ctx.taxRates.map((r) => formatRate(r.rateBp)).join(', ')})`);
  let supplierId: number | null = null;
  if (text('supplier')) {
    const supplier = ctx.suppliers.find((s) => foldForSearch(s.name) === foldForSearch(text('supplier')));
    if (!supplier) throw new ValidationError(`Fournisseur inconnu : « ${text('supplier')} »`);
    supplierId = supplier.id;
  }
  if (text('points') && !/^\d{1,6}$/.test(text('points'))) throw new ValidationError(`Points de fidélité : entier attendu (« ${text('points')} »)`);
  const activeWord = foldForSearch(text('active'));
  if (!['', 'oui', 'o', 'yes', 'y', 'non', 'n', 'no'].includes(activeWord)) throw new ValidationError(`En vente : oui ou non (« ${text('active')} »)`);
  let gridPlace: number | null = null;
  if (text('gridPosition')) {
    if (!/^\d{1,4}$/.test(text('gridPosition')) || Number(text('gridPosition')) < 1) throw new ValidationError(`Place dans la grille : entier à partir de 1 (« ${text('gridPosition')} »)`);
    gridPlace = Number(text('gridPosition'));
  }
  const barcodes = [...new Set(text('barcodes').split(/[\s,;]+/).filter(Boolean).map(checkBarcode))];
  const patch = checkArticlePatch({
    name: text('name'),
    plu: text('plu') || null,
    categoryId: category.id,
    price: amount('price', 'Prix', true),
    taxRateId: rate.id,
    cost: amount('cost', 'Coût', false),
    unit,
    loyaltyPoints: text('points') ? Number(text('points')) : 0,
    minStock: quantity('minStock', 'Stock minimum'),
    reorderPoint: text('reorderPoint') ? quantity('reorderPoint', 'Point de commande') : null,
    safetyStock: quantity('safetyStock', 'Stock de sécurité'),
    supplierId,
    supplierRef: text('supplierRef'),
    packSize: quantity('packSize', 'Colisage') || QTY_ONE,
    minOrderQty: quantity('minOrderQty', 'Quantité minimum de commande'),
    active: !['non', 'n', 'no'].includes(activeWord),
  }) as ArticleFormResult['patch'];
  return { patch, barcodes, gridPlace };
}
