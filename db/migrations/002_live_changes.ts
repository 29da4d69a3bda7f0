// Live updates on every till: what a till shows must be cheap to ask "what
// changed since" about.
// - articles.changed_at: the instant (ISO text, like every instant here) of the
//   last write that changes what a till shows — price, name, category, grid
//   place, on sale or not, stock. Indexed, so a poll with nothing new costs one
//   index probe.
// - change_markers: one counter per topic the till reloads whole when it moves
//   ('catalog': categories and VAT rates; 'pricing': promotions and level
//   prices). A counter, not a clock, so a skewed clock cannot hide a change.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('articles', (t) => {
    t.string('changed_at', 32).notNullable().defaultTo('');
  });
  await knex('articles').update({ changed_at: knex.ref('updated_at') });
  await knex.schema.alterTable('articles', (t) => {
    t.index(['changed_at']);
  });
  await knex.schema.createTable('change_markers', (t) => {
    t.string('topic', 30).primary();
    t.integer('version').notNullable().defaultTo(0);
  });
  await knex('change_markers').insert([{ topic: 'catalog', version: 0 }, { topic: 'pricing', version: 0 }]);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('change_markers');
  await knex.schema.alterTable('articles', (t) => {
    t.dropIndex(['changed_at']);
    t.dropColumn('changed_at');
  });
}
