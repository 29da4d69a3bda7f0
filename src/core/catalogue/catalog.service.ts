// The articles: creating and editing them, their barcodes and grid places,
// and the two lookups the till lives on — a scanned or typed code, and a name
// typed letter by letter. (Categories, VAT rates and article files have their
// own services beside this one; article.ts is an article and its row.)
import type { Knex } from 'knex';
import { checkArticlePatch, checkBarcode, moveInList, type ArticlePatch } from './article-rules.js';
import { CATALOGUE_COLUMNS, labelWeight, SHOP_CHANGED_AT, SHOP_GRID_POSITION, SHOP_MIN_STOCK, SHOP_PRICE, SHOP_REORDER_POINT, SHOP_STOCK, patchToRow, toArticle, type Article, type ArticleInput, type Category, type LookupResult } from './article.js';
import { CategoriesService } from './categories.service.js';
import { appendAuditEvent, audited, type Actor } from '../fiscal/audit.service.js';
import { checkRecordVersion } from '../basics/row-version.js';
import { classifyCode, decodeEmbedded, type EmbeddedLayout } from '../sales/barcode.js';
import type { Clock } from '../basics/clock.js';
import { InputError, NotFoundError, ValidationError } from '../basics/errors.js';
import { QTY_ONE } from '../basics/quantity.js';
import { insertId, insertMany } from '../basics/rows.service.js';
import { num } from '../basics/row-values.js';
import { changeMarkers, type ChangeMarkers } from '../shop/live-changes.service.js';
import { applyStockMove } from '../stock/stock.service.js';
import { foldForSearch, prefixUpperBound, queryWords, SEARCH_PREFIX_MAX, searchWords } from '../basics/text.js';
import { reindexArticles, SEARCH_PREFIX_TABLE } from './search-index.service.js';
import { writeTransaction } from '../basics/transaction.service.js';

// The till imports these from here; their home is article.ts.

/** The columns of an article row read with its VAT rate (articles as a, tax_rates as t, shop_articles as sa). */
export function articleColumns(knex: Knex): Array<string | Knex.Raw> {
  return [
    ...CATALOGUE_COLUMNS.map((c) => `a.${c}`),
    't.rate_bp as tax_rate_bp',
    'a.price as catalog_price',
    knex.raw(`${SHOP_PRICE} as price`),
    knex.raw(`${SHOP_STOCK} as stock_qty`),
    knex.raw(`${SHOP_MIN_STOCK} as min_stock`),
    knex.raw(`${SHOP_REORDER_POINT} as reorder_point`),
    knex.raw(`${SHOP_GRID_POSITION} as grid_position`),
    knex.raw(`${SHOP_CHANGED_AT} as changed_at`),
  ];
}

/** Articles with their VAT rate, as `toArticle` reads them, as the shop sees them (article.ts). */
export function selectArticles(knex: Knex, shopId = 1) {
  return joinShopArticle(knex('articles as a').join('tax_rates as t', 't.id', 'a.tax_rate_id'), shopId).select(articleColumns(knex));
}

/**
 * The shop's row of each article (its stock and own values), as `sa`; none
 * before its first move there. And, as `sg`, whether the shop lays out the
 * article's category its own way.
 */
export function joinShopArticle<T extends Knex.QueryBuilder>(q: T, shopId: number): T {
  return q
    .leftJoin('shop_articles as sa', (j) => j.on('sa.article_id', 'a.id').andOnVal('sa.shop_id', shopId))
    .leftJoin('shop_grids as sg', (j) => j.on('sg.category_id', 'a.category_id').andOnVal('sg.shop_id', shopId)) as T;
}

/** The ids of the articles changed at or after `since`, in the catalogue or in the shop's stock. */
function changedArticleIds(knex: Knex, shopId: number, since: string) {
  return knex('articles').where('changed_at', '>=', since).select('id')
    .union((u) => u.from('shop_articles').where({ shop_id: shopId }).andWhere('changed_at', '>=', since).select('article_id as id'));
}

/** What guards an article's update: who (audited under them) and the version the writer read (refused when stale). */
export interface ArticleUpdateGuard {
  actor?: Actor;
  /** recordVersion() of the article as the writer last read it */
  ifVersion?: string;
  /** the API token behind the change, named in the price-change event */
  apiToken?: string;
}

export class CatalogService {
  /** tillId: the audit chain price changes are written to; shopId: whose stock and prices the articles show */
  constructor(private readonly knex: Knex, private readonly clock: Clock, private readonly tillId = 1, readonly shopId = 1) {}

  private articles(knex: Knex = this.knex) {
    return selectArticles(knex, this.shopId);
  }

  /** `actor` (the HTTP API's): the creation is audited under it in the same transaction. */
  async createArticle(input: ArticleInput, employeeId: number | null = null, actor?: Actor): Promise<Article> {
    if (actor) return audited(this.knex, actor, this.clock, (trx) => new CatalogService(trx, this.clock, this.tillId, this.shopId).createArticle(input, employeeId), (a) => ({ kind: 'article', articleId: a.id, details: { action: 'add', plu: a.plu, name: a.name, price: a.price } }));
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
      await reindexArticles(trx, [id]);
      if (input.initialStock) {
        await applyStockMove(trx, { shopId: this.shopId, articleId: id, quantity: input.initialStock, reason: 'initial', employeeId }, now);
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
      .orderByRaw(`case when ${SHOP_GRID_POSITION} is null then 1 else 0 end`)
      .orderByRaw(SHOP_GRID_POSITION)
      .orderBy([{ column: 'a.name_search' }, { column: 'a.id' }]);
    return rows.map(toArticle);
  }

  /** Whether this shop lays out the category's grid its own way (ShopsService.ownGrid), else it shows the catalogue's. */
  async hasOwnGrid(categoryId: number, knex: Knex = this.knex): Promise<boolean> {
    return Boolean(await knex('shop_grids').where({ shop_id: this.shopId, category_id: categoryId }).first('category_id'));
  }

  /**
   * One page of a category's grid (the till reads only what it shows): the
   * `size` articles on sale from place `offset` in grid order, and how many the
   * category has. Placed articles come first by place, then the others by
   * name, so each half is read in the order of the grid-order index.
   * `knownCount`: the count the caller already holds (turning a page), so the
   * category is not counted again; the articles placed by hand always are.
   */
  async gridPage(categoryId: number, offset: number, size: number, knownCount?: number): Promise<{ articles: Article[]; count: number }> {
    // A shop's own layout of the category is read from its rows (a category's worth, sorted); the catalogue's in its index.
    const own = await this.hasOwnGrid(categoryId);
    const place = own ? 'sa.grid_position' : 'a.grid_position';
    const onSale = (q: Knex.QueryBuilder) => (own ? joinShopArticle(q, this.shopId) : q).where({ 'a.category_id': categoryId, 'a.active': true });
    const countOf = async (placed: boolean) => {
      const row = await onSale(this.knex('articles as a'))[placed ? 'whereNotNull' : 'whereNull'](place).count({ n: '*' }).first();
      return num(row?.n ?? 0);
    };
    const placedCount = await countOf(true);
    const count = knownCount ?? placedCount + (await countOf(false));
    // The places skipped are stepped over in the index alone; only the page's rows are read.
    const pageOf = async (placed: boolean, skip: number, take: number) => {
      const order = placed ? [place, 'a.name_search', 'a.id'] : ['a.name_search', 'a.id'];
      const ids = onSale(this.knex('articles as a'))[placed ? 'whereNotNull' : 'whereNull'](place)
        .orderBy(order.map((column) => ({ column }))).offset(skip).limit(take).select('a.id');
      const rows = await this.articles().whereIn('a.id', ids).orderBy(order.map((column) => ({ column })));
      return rows.map(toArticle);
    };
    const articles = offset < placedCount ? await pageOf(true, offset, size) : [];
    if (articles.length < size && offset + articles.length < count) {
      articles.push(...(await pageOf(false, Math.max(0, offset - placedCount), size - articles.length)));
    }
    return { articles, count };
  }

  /**
   * The articles a till shows whose price, name, category, grid place, sale
   * status or stock changed at or after `since` (hidden ones included, so a
   * till can take them off its grid). Commit order is not timestamp order, so
   * callers ask with an overlap and take a change seen twice in their stride.
   * At most `limit` rows: a caller getting that many should re-read instead.
   */
  async changedSince(since: Date, limit = 500): Promise<Article[]> {
    const rows = await this.articles().whereIn('a.id', changedArticleIds(this.knex, this.shopId, since.toISOString())).orderBy('changed_at').limit(limit);
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
   * name ("conf abr" finds "Confiture abricot"), accents and case ignored, in
   * name order. The longest word is read under its first letters in the
   * search-prefix index, in name order, and stops at `limit` rows; the other
   * words (and the rest of a long one) are checked on those rows.
   */
  async search(query: string, limit = 20): Promise<Article[]> {
    const words = queryWords(query);
    if (words.length === 0) return [];
    const key = words[0]!.slice(0, SEARCH_PREFIX_MAX);
    const q = joinShopArticle(this.knex(`${SEARCH_PREFIX_TABLE} as p`).join('articles as a', 'a.id', 'p.article_id'), this.shopId)
      .join('tax_rates as t', 't.id', 'a.tax_rate_id')
      .select(articleColumns(this.knex))
      .where('p.prefix', key)
      .andWhere('a.active', true);
    // Folded names are words of [a-z0-9] joined by single spaces: "starts a word" is one of two LIKEs,
    // on the index's copy of the name, so the rows are checked in the index and PostgreSQL does not
    // take the LIKEs for a way in (a scan of all articles).
    for (const word of words.filter((w) => w !== key)) {
      q.andWhere((w) => w.where('p.name_search', 'like', `${word}%`).orWhere('p.name_search', 'like', `% ${word}%`));
    }
    const rows = await q.orderBy([{ column: 'p.name_search' }, { column: 'p.article_id' }]).limit(limit);
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
  async updateArticle(id: number, patch: ArticlePatch, employeeId: number | null, guard: ArticleUpdateGuard = {}): Promise<Article> {
    const { actor } = guard;
    if (actor) {
      return audited(this.knex, actor, this.clock, (trx) => new CatalogService(trx, this.clock, this.tillId, this.shopId).updateArticle(id, patch, actor.employeeId, { ifVersion: guard.ifVersion, apiToken: actor.apiToken }),
        (a) => ({ kind: 'article', articleId: a.id, details: { action: 'set', fields: Object.keys(patch) } }));
    }
    const clean = checkArticlePatch(patch);
    const now = this.clock();
    return writeTransaction(this.knex, async (trx) => {
      const before = await this.articles(trx).where('a.id', id).first();
      if (!before) throw new NotFoundError(`Article ${id} introuvable`);
      const old = toArticle(before);
      // Checked in the write's own transaction: nobody slips in between the check and the write.
      checkRecordVersion(old, guard.ifVersion);
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
      if ((clean.name !== undefined && clean.name !== old.name) || (clean.active !== undefined && clean.active !== old.active)) await reindexArticles(trx, [id]);
      // The catalogue's price is what this changes (a shop's own price is set apart: ShopsService).
      const oldPrice = num(before.catalog_price);
      if (clean.price !== undefined && clean.price !== oldPrice) {
        await appendAuditEvent(trx, this.tillId, {
          kind: 'price_change',
          employeeId,
          articleId: id,
          details: { plu: old.plu, name: old.name, oldPrice, newPrice: clean.price, ...(guard.apiToken ? { apiToken: guard.apiToken } : {}) },
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

  /**
   * A page of articles for the HTTP API, in id order after a cursor (stable
   * while articles are added), optionally only those whose `changed_at` (price,
   * name, stock… anything a till shows) is at or after `changedSince`.
   */
  async articlesPage(filter: { afterId?: number; changedSince?: string; limit: number }): Promise<Array<Article & { changedAt: string }>> {
    const q = this.articles();
    if (filter.afterId !== undefined) q.andWhere('a.id', '>', filter.afterId);
    if (filter.changedSince !== undefined) q.whereIn('a.id', changedArticleIds(this.knex, this.shopId, filter.changedSince));
    const rows = await q.orderBy('a.id').limit(filter.limit);
    return rows.map((r) => ({ ...toArticle(r), changedAt: String(r.changed_at) }));
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
    if (filter.lowStock) q.andWhere('a.track_stock', true).andWhereRaw(`${SHOP_MIN_STOCK} > 0`).andWhereRaw(`${SHOP_STOCK} <= ${SHOP_MIN_STOCK}`);
    const rows = await q.orderBy([{ column: 'a.name_search' }, { column: 'a.id' }]).limit(filter.limit ?? 500).offset(filter.offset ?? 0);
    return rows.map(toArticle);
  }

  /** Moves an article to a place in its category's grid (0 first) and renumbers the grid 1, 2, 3… */
  async moveInGrid(articleId: number, toIndex: number): Promise<Article[]> {
    const article = await this.requireArticle(articleId);
    const ids = moveInList((await this.articlesOfCategory(article.categoryId)).map((a) => a.id), articleId, toIndex);
    const changedAt = this.clock().toISOString();
    await writeTransaction(this.knex, async (trx) => {
      if (await this.hasOwnGrid(article.categoryId, trx)) {
        // The shop's own layout: its rows only, every other shop's grid stays as it is.
        for (const [i, id] of ids.entries()) {
          await trx('shop_articles').insert({ shop_id: this.shopId, article_id: id, stock_qty: 0, grid_position: i + 1, changed_at: changedAt }).onConflict(['shop_id', 'article_id']).merge(['grid_position', 'changed_at']);
        }
      } else {
        for (const [i, id] of ids.entries()) await trx('articles').where({ id }).update({ grid_position: i + 1, changed_at: changedAt });
      }
    });
    return this.articlesOfCategory(article.categoryId);
  }


}
