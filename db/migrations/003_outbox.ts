// Selling through an outage (issue #9): every sale carries the uuid it was
// born with, so a sale replayed from a till's local outbox is recognised when
// the server already has it (its commit went through but the answer was lost)
// and is never counted twice. The `outbox` table lives in every database but
// only a till's local offline file fills it: one row a sale made offline,
// with what is needed to replay it on the server, in order.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sales', (t) => {
    t.string('origin_uuid', 36).nullable().unique();
  });
  await knex.schema.createTable('outbox', (t) => {
    t.increments('id'); // the replay order
    t.string('origin_uuid', 36).notNullable().unique();
    t.integer('till_id').notNullable();
    t.text('payload').notNullable(); // JSON: ticket, tenders, employee, instant
    t.integer('sale_number').notNullable(); // what the sale got offline
    t.string('sale_hash', 64).notNullable();
    t.string('created_at', 32).notNullable();
    t.string('sent_at', 32).nullable(); // null: still to send
    t.integer('server_number').nullable();
    t.string('server_hash', 64).nullable();
    t.text('last_error').nullable(); // why the server refused the replay (the sale is kept, the drain stops)
    t.index(['sent_at']);
  });
  // Local bookkeeping of the offline file: how far its audit events (logins,
  // voids, refunds, drawer openings made offline) have been sent to the server.
  await knex.schema.createTable('outbox_marks', (t) => {
    t.string('name', 40).primary();
    t.integer('value').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('outbox_marks');
  await knex.schema.dropTableIfExists('outbox');
  await knex.schema.alterTable('sales', (t) => {
    t.dropUnique(['origin_uuid']);
    t.dropColumn('origin_uuid');
  });
}
