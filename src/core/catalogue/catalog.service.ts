// The catalogue: tax rates, categories and articles, and the two lookups the
// till lives on — a scanned or typed code, and a name typed letter by letter.
import { checkTextField } from '../basics/text-fields.js';
import type { Knex } from 'knex';
import type { ArticleImportRow } from './article-import.js';
import { checkArticlePatch, checkBarcode, checkCategoryColour, moveInList, type ArticlePatch } from './article-rules.js';
import { appendAuditEvent, audited, type Actor } from '../fiscal/audit.service.js';
import { classifyCode, decodeEmbedded, type EmbeddedLayout } from '../sales/barcode.js';
import type { Clock } from '../basics/clock.js';
import { InputError, NotFoundError, ValidationError } from '../basics/errors.js';
import { mulDiv } from '../basics/money.js';
import { QTY_ONE, type Unit } from '../basics/quantity.js';
import { insertId, insertMany } from '../basics/rows.service.js';
import { bool, num, numOrNull } from '../basics/row-values.js';
import { bumpChange, changeMarkers, type ChangeMarkers } from '../shop/live-changes.service.js';
import { applyStockMove } from '../stock/stock.service.js';
import { foldForSearch, prefixUpperBound, queryWords, searchWords } from '../basics/text.js';
import { writeTransaction } from '../basics/transaction.service.js';
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

export class CatalogService {
  /** tillId: the audit chain price changes are written to */
  constructor(private readonly knex: Knex, private readonly clock: Clock, private readonly tillId = 1) {}

  private articles(knex: Knex = this.knex) {
    return knex('articles as a').join('tax_rates as t', 't.id', 'a.tax_rate_id').select(ARTICLE_COLUMNS);
  }

  async createTaxRate(input: { code: string; label: string; rateBp: number }, actor?: Actor): Promise<TaxRate> {
    if (actor) {
      return audited(this.knex, actor, this.clock, (trx) => new CatalogService(trx, this.clock, this.tillId).createTaxRate(input), (r) => ({ kind: 'settings', details: { field: `tax:${r.code}`, value: r.rateBp, label: r.label } }));
    }
    if (!Number.isInteger(input.rateBp) || input.rateBp < 0 || input.rateBp > 10000) throw new InputError('Taux de TVA invalide');
    checkTextField('taxLabel', input.label);
    // The code is the letter printed beside each line of the receipt: short, plain, one per rate.
    const code = input.code.trim().toUpperCase();
    if (!/^[A-Z0-9]{1,10}$/.test(code)) throw new InputError(`Code de TVA « ${input.code} » invalide (lettres ou chiffres, 10 au plus)`);
    if (await this.knex('tax_rates').where({ code }).first('id')) throw new ValidationError(`Le code de TVA ${code} existe déjà`);
    const id = await insertId(this.knex, 'tax_rates', { code, label: input.label, rate_bp: input.rateBp });
    return { id, code, label: input.label, rateBp: input.rateBp };
  }

  /** Changes a VAT rate (prices stay tax-inclusive); audited by the caller's audit event. */
  async updateTaxRate(id: number, rateBp: number): Promise<TaxRate> {
    if (!Number.isInteger(rateBp) || rateBp < 0 || rateBp > 10000) throw new InputError('Taux de TVA invalide');
    const updated = await this.knex('tax_rates').where({ id }).update({ rate_bp: rateBp });
    if (updated !== 1) throw new NotFoundError(`Taux de TVA ${id} introuvable`);
    await bumpChange(this.knex, 'catalog'); // the grid's articles carry their rate
    const r = await this.knex('tax_rates').where({ id }).first();
    return { id: num(r.id), code: r.code, label: r.label, rateBp: num(r.rate_bp) };
  }

  async taxRates(): Promise<TaxRate[]> {
    const rows = await this.knex('tax_rates').where({ active: true }).orderBy('rate_bp', 'desc');
    return rows.map((r) => ({ id: num(r.id), code: r.code, label: r.label, rateBp: num(r.rate_bp) }));
  }

  async createCategory(input: { name: string; color: string; sortOrder?: number }): Promise<Category> {
    if (!input.name.trim()) throw new InputError('Nom de catégorie obligatoire');
    checkTextField('categoryName', input.name.trim());
    const color = checkCategoryColour(input.color);
    if (await this.categoryByName(input.name)) throw new ValidationError(`La catégorie « ${input.name.trim()} » existe déjà`);
    const sortOrder = input.sortOrder ?? 0;
    const id = await insertId(this.knex, 'categories', { name: input.name.trim(), color, sort_order: sortOrder });
    await bumpChange(this.knex, 'catalog');
    return { id, name: input.name.trim(), color, sortOrder };
  }

  async categories(): Promise<Category[]> {
    const rows = await this.knex('categories').where({ active: true }).orderBy(['sort_order', 'name']);
    return rows.map((r) => ({ id: num(r.id), name: r.name, color: r.color, sortOrder: num(r.sort_order) }));
  }

  async createArticle(input: ArticleInput, employeeId: number | null = null): Promise<Article> {
    const name = input.name.trim();
    if (!name) throw new InputError("Nom d'article obligatoire");
    if (!Number.isInteger(input.price) || input.price < 0) throw new InputError('Prix invalide');
    const unit = input.unit ?? 'unit';
    if (unit !== 'unit' && unit !== 'kg') throw new InputError(`Unité inconnue : ${String(unit)}`);
    const barcodes = [...new Set(input.barcodes ?? [])];
    for (const code of barcodes) {
      const kind = classifyCode(code);
      if (kind !== 'ean13' && kind !== 'ean8' && kind !== 'upca') throw new InputError(`Code-barres invalide : ${code}`);
    }
    const checked = checkArticlePatch({ ...input, barcodes: undefined, initialStock: undefined } as ArticlePatch);
    const now = this.clock();
    return writeTransaction(this.knex, async (trx) => {
      await this.checkReferences(trx, checked, null);
      if (barcodes.length) {
        const taken = await trx('article_barcodes').whereIn('code', barcodes).first('code');
        if (taken) throw new ValidationError(`Le code-barres ${String(taken.code)} est déjà utilisé`);
      }
      const id = await insertId(trx, 'articles', {
        plu: checked.plu ?? null,
        name,
        name_search: foldForSearch(name).slice(0, 100),
        category_id: input.categoryId,
        price: input.price,
        tax_rate_id: input.taxRateId,
        cost: input.cost ?? 0,
        unit,
        loyalty_points: input.loyaltyPoints ?? 0,
        min_stock: input.minStock ?? 0,
        reorder_point: input.reorderPoint ?? null,
        safety_stock: input.safetyStock ?? 0,
        track_stock: input.trackStock ?? true,
        supplier_id: input.supplierId ?? null,
        supplier_ref: input.supplierRef ?? '',
        pack_size: input.packSize ?? QTY_ONE,
        min_order_qty: input.minOrderQty ?? 0,
        grid_position: input.gridPosition ?? null,
        created_at: now.toISOString(),
        updated_at: now.toISOString(),
        changed_at: now.toISOString(),
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
   * The articles a till shows whose price, name, category, grid place, sale
   * status or stock changed at or after `since` (hidden ones included, so a
   * till can take them off its grid). Commit order is not timestamp order, so
   * callers ask with an overlap and take a change seen twice in their stride.
   * At most `limit` rows: a caller getting that many should re-read instead.
   */
  async changedSince(since: Date, limit = 500): Promise<Article[]> {
    const rows = await this.articles().where('a.changed_at', '>=', since.toISOString()).orderBy('a.changed_at').limit(limit);
    return rows.map(toArticle);
  }

  /** The markers of what a till reloads whole (categories and VAT rates, promotions and level prices). */
  changeMarkers(): Promise<ChangeMarkers> {
    return changeMarkers(this.knex);
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
      const weight = labelWeight(embedded.value, article);
      if (weight !== null) return { article, code, quantity: weight, unit: 'kg', labelAmount: embedded.value, embedded: 'price' };
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

  // --- editing the catalogue (back office, CLI, import) ---------------------------------

  /** An article by PLU or barcode, active or not (the back office edits both). */
  async findByCode(code: string): Promise<Article | null> {
    const clean = code.trim();
    if (!clean) return null;
    const byPlu = /^\d{1,6}$/.test(clean) ? await this.articles().where('a.plu', String(Number(clean))).first() : undefined;
    if (byPlu) return toArticle(byPlu);
    const byBarcode = await this.articles().join('article_barcodes as b', 'b.article_id', 'a.id').where('b.code', clean).first();
    return byBarcode ? toArticle(byBarcode) : null;
  }

  /**
   * Changes any fields of an article in one transaction: the search words
   * follow the name, and a price change is written to the audit chain with the
   * old and new price and who made it. Bad input changes nothing.
   */
  async updateArticle(id: number, patch: ArticlePatch, employeeId: number | null): Promise<Article> {
    const clean = checkArticlePatch(patch);
    const now = this.clock();
    return writeTransaction(this.knex, async (trx) => {
      const before = await this.articles(trx).where('a.id', id).first();
      if (!before) throw new NotFoundError(`Article ${id} introuvable`);
      const old = toArticle(before);
      await this.checkReferences(trx, clean, id);
      const row = patchToRow(clean);
      if (clean.name !== undefined) row.name_search = foldForSearch(clean.name).slice(0, 100);
      row.updated_at = now.toISOString();
      row.changed_at = row.updated_at;
      await trx('articles').where({ id }).update(row);
      if (clean.name !== undefined && clean.name !== old.name) {
        await trx('article_search_terms').where({ article_id: id }).delete();
        await insertMany(trx, 'article_search_terms', searchWords(clean.name).map((term) => ({ article_id: id, term: term.slice(0, 100) })));
      }
      if (clean.price !== undefined && clean.price !== old.price) {
        await appendAuditEvent(trx, this.tillId, {
          kind: 'price_change',
          employeeId,
          articleId: id,
          details: { plu: old.plu, name: old.name, oldPrice: old.price, newPrice: clean.price },
        }, now);
      }
      return toArticle(await this.articles(trx).where('a.id', id).first());
    });
  }

  /** Refuses a PLU or category, tax rate or supplier that does not fit, with the reason. */
  private async checkReferences(trx: Knex, patch: ArticlePatch, articleId: number | null): Promise<void> {
    if (patch.plu) {
      const other = await trx('articles').where({ plu: patch.plu }).first('id', 'name');
      if (other && num(other.id) !== articleId) throw new ValidationError(`Le PLU ${patch.plu} est déjà celui de « ${String(other.name)} »`);
    }
    if (patch.categoryId !== undefined && !(await trx('categories').where({ id: patch.categoryId }).first('id'))) {
      throw new ValidationError(`Catégorie ${patch.categoryId} inconnue`);
    }
    if (patch.taxRateId !== undefined && !(await trx('tax_rates').where({ id: patch.taxRateId }).first('id'))) {
      throw new ValidationError(`Taux de TVA ${patch.taxRateId} inconnu`);
    }
    if (patch.supplierId !== undefined && patch.supplierId !== null && !(await trx('suppliers').where({ id: patch.supplierId }).first('id'))) {
      throw new ValidationError(`Fournisseur ${patch.supplierId} inconnu`);
    }
  }

  /** Adds a barcode to an article; a code already used (by any article) is refused. */
  async addBarcode(articleId: number, code: string): Promise<string[]> {
    const clean = checkBarcode(code);
    await writeTransaction(this.knex, async (trx) => {
      if (!(await trx('articles').where({ id: articleId }).first('id'))) throw new NotFoundError(`Article ${articleId} introuvable`);
      const owner = await trx('article_barcodes as b').join('articles as a', 'a.id', 'b.article_id').where('b.code', clean).first('a.name');
      if (owner) throw new ValidationError(`Le code-barres ${clean} est déjà celui de « ${String(owner.name)} »`);
      await trx('article_barcodes').insert({ article_id: articleId, code: clean });
    });
    return this.barcodesOf(articleId);
  }

  async removeBarcode(articleId: number, code: string): Promise<string[]> {
    const removed = await this.knex('article_barcodes').where({ article_id: articleId, code: code.trim() }).delete();
    if (removed === 0) throw new ValidationError(`Le code-barres ${code} n'est pas celui de cet article`);
    return this.barcodesOf(articleId);
  }

  /** Articles for the back office and the CLI: any word of the name, a PLU or a barcode; by category; at or under their minimum. */
  async listArticles(filter: { query?: string; categoryId?: number; lowStock?: boolean; activeOnly?: boolean; limit?: number; offset?: number } = {}): Promise<Article[]> {
    const q = this.articles();
    const text = (filter.query ?? '').trim();
    if (/^\d+$/.test(text)) {
      // Digits are a PLU, a barcode, or the start of a word of the name ("500" finds "Miel 500g").
      const bound = prefixUpperBound(text);
      q.where((w) => {
        w.where('a.plu', String(Number(text)))
          .orWhereExists((sub) => {
            sub.from('article_barcodes as b').whereRaw('b.article_id = a.id').andWhere('b.code', text);
          })
          .orWhereExists((sub) => {
            sub.from('article_search_terms as s').whereRaw('s.article_id = a.id').andWhere('s.term', '>=', text);
            if (bound !== null) sub.andWhere('s.term', '<', bound);
          });
      });
    } else {
      for (const word of queryWords(text)) {
        q.whereExists((sub) => {
          sub.from('article_search_terms as s').whereRaw('s.article_id = a.id').andWhere('s.term', '>=', word);
          const bound = prefixUpperBound(word);
          if (bound !== null) sub.andWhere('s.term', '<', bound);
        });
      }
    }
    if (filter.categoryId !== undefined) q.andWhere('a.category_id', filter.categoryId);
    if (filter.activeOnly) q.andWhere('a.active', true);
    if (filter.lowStock) q.andWhere('a.track_stock', true).andWhere('a.min_stock', '>', 0).andWhereRaw('a.stock_qty <= a.min_stock');
    const rows = await q.orderBy([{ column: 'a.name_search' }, { column: 'a.id' }]).limit(filter.limit ?? 500).offset(filter.offset ?? 0);
    return rows.map(toArticle);
  }

  async categoryByName(name: string): Promise<Category | null> {
    const wanted = foldForSearch(name);
    return (await this.allCategories()).find((c) => foldForSearch(c.name) === wanted) ?? null;
  }

  /** Every category, hidden ones included (the back office shows them all). */
  async allCategories(knex: Knex = this.knex): Promise<Category[]> {
    const rows = await knex('categories').orderBy(['sort_order', 'name']);
    return rows.map((r) => ({ id: num(r.id), name: r.name, color: r.color, sortOrder: num(r.sort_order) }));
  }

  /** Renames, recolours or moves a category; a name already taken is refused. */
  async updateCategory(id: number, patch: { name?: string; color?: string; sortOrder?: number }): Promise<Category> {
    const row: Record<string, unknown> = {};
    if (patch.name !== undefined) {
      const name = patch.name.trim();
      if (!name) throw new ValidationError('Nom de catégorie obligatoire');
      checkTextField('categoryName', name);
      const same = await this.categoryByName(name);
      if (same && same.id !== id) throw new ValidationError(`La catégorie « ${same.name} » existe déjà`);
      row.name = name;
    }
    if (patch.color !== undefined) row.color = checkCategoryColour(patch.color);
    if (patch.sortOrder !== undefined) {
      if (!Number.isInteger(patch.sortOrder) || patch.sortOrder < 0 || patch.sortOrder > 10_000) throw new InputError(`Ordre invalide : ${patch.sortOrder}`);
      row.sort_order = patch.sortOrder;
    }
    if (Object.keys(row).length) {
      const updated = await this.knex('categories').where({ id }).update(row);
      if (updated !== 1) throw new NotFoundError(`Catégorie ${id} introuvable`);
      await bumpChange(this.knex, 'catalog');
    }
    const r = await this.knex('categories').where({ id }).first();
    if (!r) throw new NotFoundError(`Catégorie ${id} introuvable`);
    return { id: num(r.id), name: r.name, color: r.color, sortOrder: num(r.sort_order) };
  }

  /** Moves a category to a place among the tabs (0 first) and renumbers them all 1, 2, 3… */
  async moveCategory(id: number, toIndex: number): Promise<Category[]> {
    const ids = moveInList((await this.allCategories()).map((c) => c.id), id, toIndex);
    await writeTransaction(this.knex, async (trx) => {
      for (const [i, categoryId] of ids.entries()) await trx('categories').where({ id: categoryId }).update({ sort_order: i + 1 });
      await bumpChange(trx, 'catalog');
    });
    return this.allCategories();
  }

  /** Moves an article to a place in its category's grid (0 first) and renumbers the grid 1, 2, 3… */
  async moveInGrid(articleId: number, toIndex: number): Promise<Article[]> {
    const article = await this.requireArticle(articleId);
    const ids = moveInList((await this.articlesOfCategory(article.categoryId)).map((a) => a.id), articleId, toIndex);
    const changedAt = this.clock().toISOString();
    await writeTransaction(this.knex, async (trx) => {
      for (const [i, id] of ids.entries()) await trx('articles').where({ id }).update({ grid_position: i + 1, changed_at: changedAt });
    });
    return this.articlesOfCategory(article.categoryId);
  }

  /** A VAT rate's new rate and/or label, in one transaction with its audit event when an actor is given. */
  async changeTaxRate(id: number, changes: { rateBp?: number; label?: string }, actor?: Actor): Promise<TaxRate> {
    return audited(
      this.knex,
      actor,
      this.clock,
      async (trx) => {
        const service = new CatalogService(trx, this.clock, this.tillId);
        if (changes.label !== undefined) await service.renameTaxRate(id, changes.label);
        if (changes.rateBp !== undefined) return service.updateTaxRate(id, changes.rateBp);
        const r = await trx('tax_rates').where({ id }).first();
        if (!r) throw new NotFoundError(`Taux de TVA ${id} introuvable`);
        return { id: num(r.id), code: String(r.code), label: String(r.label), rateBp: num(r.rate_bp) };
      },
      (r) => ({ kind: 'settings', details: { field: `tax:${r.id}`, value: r.rateBp, label: r.label } }),
    );
  }

  /** Renames a VAT rate's label (the rate itself goes through updateTaxRate). */
  async renameTaxRate(id: number, label: string): Promise<void> {
    if (!label.trim()) throw new InputError('Libellé de TVA obligatoire');
    checkTextField('taxLabel', label.trim());
    const updated = await this.knex('tax_rates').where({ id }).update({ label: label.trim().slice(0, 60) });
    if (updated !== 1) throw new NotFoundError(`Taux de TVA ${id} introuvable`);
  }


  // --- files (pos import articles / pos export articles) -----------------------------

  /** Every PLU and barcode of the catalogue, for checking an import file before writing. */
  async codes(): Promise<{ plus: Map<string, number>; barcodes: Map<string, number> }> {
    const plus = new Map<string, number>();
    for (const r of await this.knex('articles').whereNotNull('plu').select('id', 'plu')) plus.set(String(r.plu), num(r.id));
    const barcodes = new Map<string, number>();
    for (const r of await this.knex('article_barcodes').select('article_id', 'code')) barcodes.set(String(r.code), num(r.article_id));
    return { plus, barcodes };
  }

  /** Barcodes of every article, for the export (one query instead of one per article). */
  async allBarcodes(): Promise<Map<number, string[]>> {
    const byArticle = new Map<number, string[]>();
    for (const r of await this.knex('article_barcodes').orderBy('id').select('article_id', 'code')) {
      const id = num(r.article_id);
      byArticle.set(id, [...(byArticle.get(id) ?? []), String(r.code)]);
    }
    return byArticle;
  }

  /**
   * Writes a checked import file in one transaction: the missing categories,
   * new articles by batches of inserts (with their barcodes and search words),
   * updated articles one by one (a changed price is audited). All or nothing.
   */
  async importArticles(file: { rows: ArticleImportRow[]; newCategories: string[] }, employeeId: number | null): Promise<{ created: number; updated: number }> {
    const now = this.clock();
    return writeTransaction(this.knex, async (trx) => {
      const categoryIds = new Map((await this.allCategories(trx)).map((c) => [foldForSearch(c.name), c.id]));
      let order = Math.max(0, ...[...(await trx('categories').select('sort_order'))].map((r) => num(r.sort_order)));
      for (const name of file.newCategories) {
        const id = await insertId(trx, 'categories', { name: name.trim().slice(0, 60), color: 'white', sort_order: ++order });
        categoryIds.set(foldForSearch(name), id);
      }
      if (file.newCategories.length) await bumpChange(trx, 'catalog');
      const categoryOf = (row: ArticleImportRow) => row.categoryId ?? categoryIds.get(foldForSearch(row.categoryName))!;
      const fresh = file.rows.filter((r) => r.articleId === null);
      const BATCH = 50; // ~20 columns a row: well under SQLite's bound-parameter limit
      for (let i = 0; i < fresh.length; i += BATCH) {
        const chunk = fresh.slice(i, i + BATCH);
        const inserted = (await trx('articles')
          .insert(chunk.map((r) => ({
            ...patchToRow({ ...r.fields, categoryId: categoryOf(r) }),
            name_search: foldForSearch(r.fields.name).slice(0, 100),
            created_at: now.toISOString(),
            updated_at: now.toISOString(),
            changed_at: now.toISOString(),
          })))
          .returning('id')) as Array<{ id: number } | number>;
        const ids = inserted.map((x) => (typeof x === 'object' ? Number(x.id) : Number(x)));
        // RETURNING gives the ids in the order of the VALUES rows on both engines.
        const barcodes = chunk.flatMap((r, k) => (r.barcodes ?? []).map((code) => ({ article_id: ids[k], code })));
        const terms = chunk.flatMap((r, k) => searchWords(r.fields.name).map((term) => ({ article_id: ids[k], term: term.slice(0, 100) })));
        await insertMany(trx, 'article_barcodes', barcodes, 300);
        await insertMany(trx, 'article_search_terms', terms, 300);
      }
      for (const r of file.rows.filter((row) => row.articleId !== null)) {
        const id = r.articleId!;
        const old = toArticle(await this.articles(trx).where('a.id', id).first());
        // An empty PLU cell keeps the article's PLU (the row was matched by its barcode).
        await trx('articles').where({ id }).update({
          ...patchToRow({ ...r.fields, plu: r.fields.plu ?? undefined, categoryId: categoryOf(r) }),
          name_search: foldForSearch(r.fields.name).slice(0, 100),
          updated_at: now.toISOString(),
          changed_at: now.toISOString(),
        });
        if (r.fields.name !== old.name) {
          await trx('article_search_terms').where({ article_id: id }).delete();
          await insertMany(trx, 'article_search_terms', searchWords(r.fields.name).map((term) => ({ article_id: id, term: term.slice(0, 100) })));
        }
        if (r.barcodes) {
          await trx('article_barcodes').where({ article_id: id }).delete();
          await insertMany(trx, 'article_barcodes', r.barcodes.map((code) => ({ article_id: id, code })));
        }
        if (r.fields.price !== old.price) {
          await appendAuditEvent(trx, this.tillId, {
            kind: 'price_change', employeeId, articleId: id,
            details: { plu: old.plu, name: old.name, oldPrice: old.price, newPrice: r.fields.price, from: 'import' },
          }, now);
        }
      }
      const result = { created: fresh.length, updated: file.rows.length - fresh.length };
      // The import as a whole, under who ran it, in its own transaction (price changes have their own events above).
      if (employeeId !== null) {
        await appendAuditEvent(trx, this.tillId, { kind: 'import', employeeId, details: { what: 'articles', ...result, newCategories: file.newCategories.length } }, now);
      }
      return result;
    });
  }

}

const PATCH_COLUMNS: Record<keyof ArticlePatch, string> = {
  plu: 'plu', name: 'name', categoryId: 'category_id', price: 'price', taxRateId: 'tax_rate_id', cost: 'cost', unit: 'unit',
  loyaltyPoints: 'loyalty_points', minStock: 'min_stock', reorderPoint: 'reorder_point', safetyStock: 'safety_stock',
  supplierId: 'supplier_id', supplierRef: 'supplier_ref', packSize: 'pack_size', minOrderQty: 'min_order_qty',
  gridPosition: 'grid_position', trackStock: 'track_stock', active: 'active',
};

function patchToRow(patch: ArticlePatch): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const [key, column] of Object.entries(PATCH_COLUMNS)) {
    const value = patch[key as keyof ArticlePatch];
    if (value !== undefined) row[column] = value;
  }
  return row;
}
