// The name-search index: one row for each word prefix (up to SEARCH_PREFIX_MAX
// letters) of each article on sale, carrying the folded name it sorts by. A
// search reads one key in name order and stops at the rows it lists, so its
// cost does not grow with the catalogue (issue #19). Kept by the catalogue's
// writes (this service), the busy-shop seed and the local cache.
import type { Knex } from 'knex';
import { num } from '../basics/row-values.js';
import { searchPrefixes } from '../basics/text.js';
import { insertMany } from '../basics/rows.service.js';

export const SEARCH_PREFIX_TABLE = 'article_search_prefixes';

export interface IndexedName {
  id: number;
  nameSearch: string;
  active: boolean;
}

/** The index rows of one article: none when it is off sale. */
export function searchPrefixRows(article: IndexedName): Array<{ prefix: string; name_search: string; article_id: number }> {
  if (!article.active) return [];
  return searchPrefixes(article.nameSearch).map((prefix) => ({ prefix, name_search: article.nameSearch, article_id: article.id }));
}

/** Rewrites the index rows of these articles from their rows as they are now (inside the caller's transaction). */
export async function reindexArticles(trx: Knex, ids: number[]): Promise<void> {
  const CHUNK = 200;
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    await trx(SEARCH_PREFIX_TABLE).whereIn('article_id', chunk).delete();
    const rows = await trx('articles').whereIn('id', chunk).select('id', 'name_search', 'active');
    const indexed = rows.flatMap((r) => searchPrefixRows({ id: num(r.id), nameSearch: String(r.name_search), active: Boolean(r.active) }));
    await insertMany(trx, SEARCH_PREFIX_TABLE, indexed, 300);
  }
}
