// The catalogue as files (pos import articles / pos export articles): the
// codes an import is checked against, the barcodes an export writes, and the
// checked import written all or nothing, its price changes audited.
import type { Knex } from 'knex';
import { reindexArticles } from './search-index.service.js';
import type { Clock } from '../basics/clock.js';
import { insertId, insertMany } from '../basics/rows.service.js';
import { num } from '../basics/row-values.js';
import { foldForSearch, searchWords } from '../basics/text.js';
import { writeTransaction } from '../basics/transaction.service.js';
import { appendAuditEvent } from '../fiscal/audit.service.js';
import { bumpChange } from '../shop/live-changes.service.js';
import type { ArticleImportRow } from './article-import.js';
import { patchToRow, toArticle } from './article.js';
import { selectArticles } from './catalog.service.js';
import { CategoriesService } from './categories.service.js';

export class ArticleFilesService {
  /** tillId: the audit chain an import's price changes are written to */
  constructor(private readonly knex: Knex, private readonly clock: Clock, private readonly tillId = 1) {}

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
      const categoryIds = new Map((await new CategoriesService(trx).all()).map((c) => [foldForSearch(c.name), c.id]));
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
        await reindexArticles(trx, ids);
      }
      for (const r of file.rows.filter((row) => row.articleId !== null)) {
        const id = r.articleId!;
        const old = toArticle(await selectArticles(trx).where('a.id', id).first());
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
        // The name or the sale status may have changed: the search index follows the row.
        await reindexArticles(trx, [id]);
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
