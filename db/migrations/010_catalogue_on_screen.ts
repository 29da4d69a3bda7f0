// The till reads only what it shows (issue #19).
// - The grid reads one page of its category: an index in grid order
//   (category, on sale, place, folded name, id) serves each page without
//   sorting the category.
// - Name search as you type, whose cost does not grow with the catalogue: one
//   row for each word prefix (1 to 5 letters) of each article on sale, with
//   the folded name it sorts by, keyed (prefix, name_search, article_id). A
//   search reads one key in name order and stops after the rows it lists,
//   where the word index (article_search_terms) had to gather and sort every
//   article matching a short prefix. The same table on both engines: neither
//   SQLite's FTS5 nor PostgreSQL's pg_trgm gives its matches in name order.
import type { Knex } from 'knex';
import { searchPrefixes } from '../../src/core/basics/text.js';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('articles', (t) => {
    t.index(['category_id', 'active', 'grid_position', 'name_search', 'id'], 'articles_grid_order');
  });
  await knex.schema.createTable('article_search_prefixes', (t) => {
    t.string('prefix', 5).notNullable();
    t.string('name_search', 100).notNullable();
    t.integer('article_id').notNullable().references('id').inTable('articles').onDelete('CASCADE');
    t.primary(['prefix', 'name_search', 'article_id']);
    t.index(['article_id']);
  });
  const BATCH = 2000;
  for (let lastId = 0; ;) {
    const articles = await knex('articles').where('id', '>', lastId).andWhere('active', true).orderBy('id').limit(BATCH).select('id', 'name_search');
    if (articles.length === 0) break;
    lastId = Number(articles[articles.length - 1].id);
    const rows = articles.flatMap((a) => searchPrefixes(String(a.name_search)).map((prefix) => ({ prefix, name_search: a.name_search, article_id: a.id })));
    for (let i = 0; i < rows.length; i += 300) await knex('article_search_prefixes').insert(rows.slice(i, i + 300));
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('article_search_prefixes');
  await knex.schema.alterTable('articles', (t) => {
    t.dropIndex(['category_id', 'active', 'grid_position', 'name_search', 'id'], 'articles_grid_order');
  });
}
