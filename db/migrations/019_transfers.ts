// Transfers of stock between shops (issue #22). A transfer document moves
// goods from one shop to another: drafted, sent from A (its stock leaves A:
// one 'transfer' move a line, the goods are then in transit), received at B
// (in one go or in parts: 'transfer' moves into B's stock), and, when part of
// it never arrives, closed with the difference reported. Every move it makes
// names it (stock_moves.transfer_id).
import type { Knex } from 'knex';

const TEXT_TIME = 32;

export async function up(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  await knex.schema.createTable('transfers', (t) => {
    t.increments('id');
    t.string('reference', 20).notNullable().unique(); // TR-2026-0001: the number of the year, never given twice
    t.integer('from_shop_id').notNullable().references('id').inTable('shops');
    t.integer('to_shop_id').notNullable().references('id').inTable('shops');
    t.string('status', 12).notNullable(); // draft, sent, partial, received, closed, cancelled (transfer.ts)
    t.string('notes', 1000).notNullable().defaultTo('');
    t.integer('created_by').nullable().references('id').inTable('employees');
    t.string('created_at', TEXT_TIME).notNullable();
    t.integer('sent_by').nullable().references('id').inTable('employees');
    t.string('sent_at', TEXT_TIME).nullable();
    t.integer('received_by').nullable().references('id').inTable('employees'); // the last receipt's
    t.string('received_at', TEXT_TIME).nullable();
    t.integer('closed_by').nullable().references('id').inTable('employees'); // closed short or cancelled
    t.string('closed_at', TEXT_TIME).nullable();
    t.index(['from_shop_id', 'status']);
    t.index(['to_shop_id', 'status']);
  });
  await knex.schema.createTable('transfer_lines', (t) => {
    t.increments('id');
    t.integer('transfer_id').notNullable().references('id').inTable('transfers');
    t.integer('article_id').notNullable().references('id').inTable('articles');
    t.integer('quantity').notNullable(); // thousandths sent (or to send, on a draft)
    t.integer('received_qty').notNullable().defaultTo(0); // thousandths received at the destination so far
    t.integer('unit_cost').notNullable().defaultTo(0); // cents excl. tax a unit (or kg), the article's cost when sent: values what is in transit or lost
    t.unique(['transfer_id', 'article_id']);
    t.index(['article_id']);
  });
  // SQLite refuses a REFERENCES clause on an added column only with a non-null
  // default; the link is still left to the program there, as for shop_id (018),
  // so that the column can be dropped again on the way down.
  await knex.schema.alterTable('stock_moves', (t) => {
    t.integer('transfer_id').nullable();
    if (pg) t.foreign('transfer_id').references('id').inTable('transfers');
    t.index(['transfer_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  await knex.schema.alterTable('stock_moves', (t) => {
    t.dropIndex(['transfer_id']);
    if (pg) t.dropForeign(['transfer_id']);
  });
  await knex.schema.alterTable('stock_moves', (t) => {
    t.dropColumn('transfer_id');
  });
  await knex.schema.dropTableIfExists('transfer_lines');
  await knex.schema.dropTableIfExists('transfers');
}
