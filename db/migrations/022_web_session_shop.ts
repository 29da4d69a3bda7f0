// The shop an ordering-page session acts for (issue #22): on a company of
// several shops the employee chooses one after signing in, and every page
// then shows and changes that shop's stock and orders. Null: not chosen yet
// (or a company of one shop, where the page is the serve's shop as before).
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  // On SQLite a foreign key added later would make knex rebuild the table: PostgreSQL holds the reference.
  await knex.schema.alterTable('web_sessions', (t) => {
    t.integer('shop_id').nullable();
    if (pg) t.foreign('shop_id').references('id').inTable('shops');
  });
}

export async function down(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  if (pg) await knex.schema.alterTable('web_sessions', (t) => t.dropForeign(['shop_id']));
  await knex.raw('ALTER TABLE web_sessions DROP COLUMN shop_id');
}
