// A receipt for every committed sale, exactly once. The sale's own
// transaction now writes what the sale owes the devices: its receipt job
// (payload left empty: the receipt is rendered from the stored sale when it
// prints) and, for cash, a drawer kick. A job records when its bytes started
// to leave (sent_at): a till killed before the printer confirmed finds it set
// and reprints the receipt as a numbered DUPLICATA (duplicate > 0), audited.
import type { Knex } from 'knex';

const TEXT_TIME = 32;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('print_jobs', (t) => {
    t.string('sent_at', TEXT_TIME).nullable();
    t.integer('duplicate').notNullable().defaultTo(0);
    t.index(['sale_id']);
  });
  await knex.schema.createTable('drawer_kicks', (t) => {
    t.increments('id');
    t.integer('till_id').notNullable().references('id').inTable('tills');
    t.integer('sale_id').notNullable();
    t.string('status', 10).notNullable(); // owed, opened, superseded
    t.string('created_at', TEXT_TIME).notNullable();
    t.string('opened_at', TEXT_TIME).nullable();
    /** who opened it with the owed-drawer key; null when it opened with the sale */
    t.integer('opened_by').nullable();
    t.index(['till_id', 'status']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('drawer_kicks');
  await knex.schema.alterTable('print_jobs', (t) => {
    t.dropIndex(['sale_id']);
    t.dropColumn('duplicate');
    t.dropColumn('sent_at');
  });
}
