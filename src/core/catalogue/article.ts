// An article as the till and the back office see it (with its category and
// VAT rate), the ticket's view of it, and how it maps to and from its row.
// Pure: the catalogue's services read and write the rows.
import type { ArticlePatch } from './article-rules.js';
import { mulDiv } from '../basics/money.js';
import { QTY_ONE, type Unit } from '../basics/quantity.js';
import { bool, num, numOrNull } from '../basics/row-values.js';
import type { SellableArticle } from '../sales/ticket.js';

export interface TaxRate {
  id: number;
  code: string;
  label: string;
  rateBp: number;
}

export interface Category {
  id: number;
  name: string;
  color: string;
  sortOrder: number;
}

export interface Article {
  id: number;
  plu: string | null;
  name: string;
  categoryId: number;
  price: number;
  taxRateId: number;
  taxRateBp: number;
  cost: number;
  unit: Unit;
  loyaltyPoints: number;
  stockQty: number;
  trackStock: boolean;
  minStock: number;
  /** null: derived from the forecast */
  reorderPoint: number | null;
  safetyStock: number;
  supplierId: number | null;
  supplierRef: string;
  packSize: number;
  minOrderQty: number;
  gridPosition: number | null;
  active: boolean;
}

export interface ArticleInput {
  plu?: string | null;
  name: string;
  categoryId: number;
  price: number;
  taxRateId: number;
  cost?: number;
  unit?: Unit;
  loyaltyPoints?: number;
  minStock?: number;
  supplierId?: number | null;
  supplierRef?: string;
  packSize?: number;
  minOrderQty?: number;
  gridPosition?: number | null;
  reorderPoint?: number | null;
  safetyStock?: number;
  barcodes?: string[];
  /** thousandths put on the shelf at creation, as an 'initial' stock move */
  initialStock?: number;
  trackStock?: boolean;
}

/** A code resolved to an article; weight- or price-embedded codes also give the quantity or price. */
export interface LookupResult {
  article: Article;
  code: string;
  quantity?: number;
  unitPrice?: number;
  /** the line is sold as one labelled item, whatever the article's unit */
  unit?: Unit;
  embedded?: 'weight' | 'price';
  /** a price label on a weighed article: the line's amount, exactly (the weight is label / price per kg) */
  labelAmount?: number;
}

/**
 * The weight a price label stands for, for an article sold by the kilo: label
 * price / price per kg, to the gram (half up). Null for an article by the unit,
 * without a price, or when the label is under a gram's worth: sold as one
 * labelled item at the label's price, as before.
 */
export function labelWeight(labelCents: number, article: Pick<Article, 'unit' | 'price'>): number | null {
  if (article.unit !== 'kg' || article.price <= 0 || labelCents <= 0) return null;
  const grams = mulDiv(labelCents, QTY_ONE, article.price);
  return grams >= 1 ? grams : null;
}

/**
 * An article as one shop sees it (articles as a, shop_articles as sa joined
 * for that shop): its stock there, and the shop's own price, minimum stock and
 * reorder point where it set them, else the catalogue's (issue #22).
 */
export const SHOP_STOCK = 'COALESCE(sa.stock_qty, 0)';
export const SHOP_PRICE = 'COALESCE(sa.price, a.price)';
export const SHOP_MIN_STOCK = 'COALESCE(sa.min_stock, a.min_stock)';
export const SHOP_REORDER_POINT = 'COALESCE(sa.reorder_point, a.reorder_point)';
/** Its place in the shop's grid: the shop's own where it lays out the category its own way (shop_grids as sg), else the catalogue's. */
export const SHOP_GRID_POSITION = 'CASE WHEN sg.shop_id IS NULL THEN a.grid_position ELSE sa.grid_position END';
/** The later of the article's change and its stock's change in the shop: what a till re-reads by. */
export const SHOP_CHANGED_AT = 'CASE WHEN sa.changed_at > a.changed_at THEN sa.changed_at ELSE a.changed_at END';

/** The article's own columns, the same in every shop. */
export const CATALOGUE_COLUMNS = ['id', 'plu', 'name', 'name_search', 'category_id', 'tax_rate_id', 'cost', 'unit', 'loyalty_points', 'track_stock', 'safety_stock', 'supplier_id', 'supplier_ref', 'pack_size', 'min_order_qty', 'active', 'created_at', 'updated_at'];

export function toArticle(r: Record<string, unknown>): Article {
  return {
    id: num(r.id),
    plu: r.plu === null || r.plu === undefined ? null : String(r.plu),
    name: String(r.name),
    categoryId: num(r.category_id),
    price: num(r.price),
    taxRateId: num(r.tax_rate_id),
    taxRateBp: num(r.tax_rate_bp),
    cost: num(r.cost),
    unit: r.unit === 'kg' ? 'kg' : 'unit',
    loyaltyPoints: num(r.loyalty_points),
    stockQty: num(r.stock_qty),
    trackStock: bool(r.track_stock),
    minStock: num(r.min_stock),
    reorderPoint: numOrNull(r.reorder_point),
    safetyStock: num(r.safety_stock),
    supplierId: numOrNull(r.supplier_id),
    supplierRef: String(r.supplier_ref ?? ''),
    packSize: num(r.pack_size),
    minOrderQty: num(r.min_order_qty),
    gridPosition: numOrNull(r.grid_position),
    active: bool(r.active),
  };
}

/** The ticket's view of an article. */
export function sellable(article: Article, code = article.plu ?? ''): SellableArticle {
  return {
    id: article.id,
    code,
    name: article.name,
    categoryId: article.categoryId,
    unit: article.unit,
    price: article.price,
    taxRateBp: article.taxRateBp,
    cost: article.cost,
    loyaltyPoints: article.loyaltyPoints,
  };
}

const PATCH_COLUMNS: Record<keyof ArticlePatch, string> = {
  plu: 'plu', name: 'name', categoryId: 'category_id', price: 'price', taxRateId: 'tax_rate_id', cost: 'cost', unit: 'unit',
  loyaltyPoints: 'loyalty_points', minStock: 'min_stock', reorderPoint: 'reorder_point', safetyStock: 'safety_stock',
  supplierId: 'supplier_id', supplierRef: 'supplier_ref', packSize: 'pack_size', minOrderQty: 'min_order_qty',
  gridPosition: 'grid_position', trackStock: 'track_stock', active: 'active',
};

/** The columns an article patch writes (absent fields are left out). */
export function patchToRow(patch: ArticlePatch): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(PATCH_COLUMNS)) {
    const value = patch[key as keyof ArticlePatch];
    if (value !== undefined) row[column] = value;
  }
  return row;
}
