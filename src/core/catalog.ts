// The catalogue: tax rates, categories and articles, and the two lookups the
// till lives on — a scanned or typed code, and a name typed letter by letter.
import type { Knex } from 'knex';
import { classifyCode, decodeEmbedded, type EmbeddedLayout } from './barcode.js';
import type { Clock } from './clock.js';
import { NotFoundError, ValidationError } from './errors.js';
import { QTY_ONE, type Unit } from './quantity.js';
import { bool, insertId, insertMany, num, numOrNull } from './rows.js';
import { applyStockMove } from './stock.js';
import { foldForSearch, prefixUpperBound, queryWords, searchWords } from './text.js';
import type { SellableArticle } from './ticket.js';

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
}

const ARTICLE_COLUMNS = ['a.*', 't.rate_bp as tax_rate_bp'];

function toArticle(r: Record<string, unknown>): Article {
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

export class CatalogService {
  constructor(private readonly knex: Knex, private readonly clock: Clock) {}

  private articles(knex: Knex = this.knex) {
    return knex('articles as a').join('tax_rates as t', 't.id', 'a.tax_rate_id').select(ARTICLE_COLUMNS);
  }

  async createTaxRate(input: { code: string; label: string; rateBp: number }): Promise<TaxRate> {
    if (!Number.isInteger(input.rateBp) || input.rateBp < 0 || input.rateBp > 10000) throw new ValidationError('Taux de TVA invalide');
    const id = await insertId(this.knex, 'tax_rates', { code: input.code, label: input.label, rate_bp: input.rateBp });
    return { id, ...input };
  }

  /** Changes a VAT rate (prices stay tax-inclusive); audited by the caller's audit event. */
  async updateTaxRate(id: number, rateBp: number): Promise<TaxRate> {
    if (!Number.isInteger(rateBp) || rateBp < 0 || rateBp > 10000) throw new ValidationError('Taux de TVA invalide');
    const updated = await this.knex('tax_rates').where({ id }).update({ rate_bp: rateBp });
    if (updated !== 1) throw new NotFoundError(`Taux de TVA ${id} introuvable`);
    const r = await this.knex('tax_rates').where({ id }).first();
    return { id: num(r.id), code: r.code, label: r.label, rateBp: num(r.rate_bp) };
  }

  async taxRates(): Promise<TaxRate[]> {
    const rows = await this.knex('tax_rates').where({ active: true }).orderBy('rate_bp', 'desc');
    return rows.map((r) => ({ id: num(r.id), code: r.code, label: r.label, rateBp: num(r.rate_bp) }));
  }

  async createCategory(input: { name: string; color: string; sortOrder?: number }): Promise<Category> {
    if (!input.name.trim()) throw new ValidationError('Nom de catégorie obligatoire');
    const sortOrder = input.sortOrder ?? 0;
    const id = await insertId(this.knex, 'categories', { name: input.name.trim(), color: input.color, sort_order: sortOrder });
    return { id, name: input.name.trim(), color: input.color, sortOrder };
  }

  async categories(): Promise<Category[]> {
    const rows = await this.knex('categories').where({ active: true }).orderBy(['sort_order', 'name']);
    return rows.map((r) => ({ id: num(r.id), name: r.name, color: r.color, sortOrder: num(r.sort_order) }));
  }

  async createArticle(input: ArticleInput, employeeId: number | null = null): Promise<Article> {
    const name = input.name.trim();
    if (!name) throw new ValidationError("Nom d'article obligatoire");
    if (!Number.isInteger(input.price) || input.price < 0) throw new ValidationError('Prix invalide');
    const unit = input.unit ?? 'unit';
    if (unit !== 'unit' && unit !== 'kg') throw new ValidationError(`Unité inconnue : ${String(unit)}`);
    const barcodes = [...new Set(input.barcodes ?? [])];
    for (const code of barcodes) {
      const kind = classifyCode(code);
      if (kind !== 'ean13' && kind !== 'ean8' && kind !== 'upca') throw new ValidationError(`Code-barres invalide : ${code}`);
    }
    const now = this.clock();
    return this.knex.transaction(async (trx) => {
      const id = await insertId(trx, 'articles', {
        plu: input.plu ?? null,
        name,
        name_search: foldForSearch(name).slice(0, 100),
        category_id: input.categoryId,
        price: input.price,
        tax_rate_id: input.taxRateId,
        cost: input.cost ?? 0,
        unit,
        loyalty_points: input.loyaltyPoints ?? 0,
        min_stock: input.minStock ?? 0,
        track_stock: input.trackStock ?? true,
        supplier_id: input.supplierId ?? null,
        supplier_ref: input.supplierRef ?? '',
        pack_size: input.packSize ?? QTY_ONE,
        min_order_qty: input.minOrderQty ?? 0,
        grid_position: input.gridPosition ?? null,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
      });
      await insertMany(trx, 'article_barcodes', barcodes.map((code) => ({ article_id: id, code })));
      await insertMany(trx, 'article_search_terms', searchWords(name).map((term) => ({ article_id: id, term: term.slice(0, 100) })));
      if (input.initialStock) {
        await applyStockMove(trx, { articleId: id, quantity: input.initialStock, reason: 'initial', employeeId }, now);
      }
      const row = await this.articles(trx).where('a.id', id).first();
      return toArticle(row);
    });
  }

  async getArticle(id: number): Promise<Article | null> {
    const row = await this.articles().where('a.id', id).first();
    return row ? toArticle(row) : null;
  }

  async requireArticle(id: number): Promise<Article> {
    const article = await this.getArticle(id);
    if (!article) throw new NotFoundError(`Article ${id} introuvable`);
    return article;
  }

  async barcodesOf(articleId: number): Promise<string[]> {
    return (await this.knex('article_barcodes').where({ article_id: articleId }).orderBy('id').select('code')).map((r) => String(r.code));
  }

  async countArticles(): Promise<number> {
    const row = await this.knex('articles').count({ n: '*' }).first();
    return num(row?.n ?? 0);
  }

  /** The articles of one category in grid order (position, then name). */
  async articlesOfCategory(categoryId: number): Promise<Article[]> {
    const rows = await this.articles()
      .where({ 'a.category_id': categoryId, 'a.active': true })
      .orderByRaw('case when a.grid_position is null then 1 else 0 end')
      .orderBy([{ column: 'a.grid_position' }, { column: 'a.name_search' }]);
    return rows.map(toArticle);
  }

  /**
   * Resolves what was typed or scanned: a barcode, a PLU, a UPC-A read as
   * EAN-13, or a weight/price-embedded EAN-13 whose item code is a PLU.
   * Returns null for an unknown code (the caller tells the cashier).
   */
  async lookup(rawCode: string, layouts: EmbeddedLayout[] = []): Promise<LookupResult | null> {
    const code = rawCode.trim();
    if (!/^\d{1,14}$/.test(code)) return null;
    const byBarcode = async (c: string) => {
      const row = await this.articles()
        .join('article_barcodes as b', 'b.article_id', 'a.id')
        .where('b.code', c)
        .andWhere('a.active', true)
        .first();
      return row ? toArticle(row) : null;
    };
    const byPlu = async (plu: string) => {
      const row = await this.articles().where({ 'a.plu': plu, 'a.active': true }).first();
      return row ? toArticle(row) : null;
    };
    const direct = (await byBarcode(code)) ?? (code.length === 12 ? await byBarcode(`0${code}`) : null);
    if (direct) return { article: direct, code };
    if (code.length <= 6) {
      const article = (await byPlu(code)) ?? (code !== String(Number(code)) ? await byPlu(String(Number(code))) : null);
      if (article) return { article, code };
    }
    const embedded = code.length === 13 ? decodeEmbedded(code, layouts) : null;
    if (embedded) {
      const item = embedded.itemCode;
      const article = (await byPlu(item)) ?? (await byPlu(String(Number(item))));
      if (!article) return null;
      if (embedded.kind === 'weight') {
        if (embedded.value <= 0) return null;
        return { article, code, quantity: embedded.value, unit: 'kg', embedded: 'weight' };
      }
      return { article, code, quantity: QTY_ONE, unitPrice: embedded.value, unit: 'unit', embedded: 'price' };
    }
    return null;
  }

  /**
   * Name search as you type: every word of the query must start a word of the
   * name ("conf abr" finds "Confiture abricot"), accents and case ignored.
   * The longest word drives an index range scan on the search terms.
   */
  async search(query: string, limit = 20): Promise<Article[]> {
    const words = queryWords(query);
    if (words.length === 0) return [];
    const [first, ...rest] = words as [string, ...string[]];
    const prefixRange = (sub: Knex.QueryBuilder, column: string, word: string) => {
      sub.where(column, '>=', word);
      const bound = prefixUpperBound(word);
      if (bound !== null) sub.andWhere(column, '<', bound);
    };
    const q = this.articles()
      .whereIn('a.id', (sub) => {
        sub.from('article_search_terms').select('article_id');
        prefixRange(sub, 'term', first);
      })
      .andWhere('a.active', true);
    for (const word of rest) {
      q.whereExists((sub) => {
        sub.from('article_search_terms as s').whereRaw('s.article_id = a.id');
        prefixRange(sub, 's.term', word);
      });
    }
    const rows = await q.orderBy('a.name_search').limit(limit);
    return rows.map(toArticle);
  }
}
