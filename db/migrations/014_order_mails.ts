// Supplier orders sent by e-mail: one row per order, written in the same
// transaction as the order's status change, so an order marked sent always
// has its e-mail owed (a crash right after the commit only delays it: the
// next retry run finds the row). The row records every try: how many, the
// last error in words, when the next one is due, and, once the SMTP server
// accepted the message, when and under which Message-ID.
import type { Knex } from 'knex';

const TEXT_TIME = 32;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('order_mails', (t) => {
    t.increments('id');
    t.integer('order_id').notNullable().references('id').inTable('purchase_orders').unique();
    /** the supplier's address when the order was sent (re-read at each try: a corrected address is used) */
    t.string('recipient', 254).notNullable();
    /** queued, sent, failed (gave up after many tries), no_address (the supplier has no e-mail) */
    t.string('state', 16).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.string('last_error', 500).nullable();
    /** when the next try is due (queued only) */
    t.string('next_try_at', TEXT_TIME).nullable();
    /** a process is trying it until then: others leave it alone, and take it over if that process died */
    t.string('claimed_until', TEXT_TIME).nullable();
    t.string('sent_at', TEXT_TIME).nullable();
    t.string('message_id', 255).nullable();
    t.string('created_at', TEXT_TIME).notNullable();
    t.index(['state', 'next_try_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('order_mails');
}
