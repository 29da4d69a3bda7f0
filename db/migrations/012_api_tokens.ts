// The HTTP API's tokens (issue #20): an owner creates one per outside system
// (a CRM, an e-shop). Only the SHA-256 of the secret is kept, so a copy of the
// database gives no way in; the secret is shown once, at creation.
// Also customers.updated_at, which a CRM's `updated_since` sync reads (the
// customers had only created_at); existing rows start at their creation.
// And the outgoing webhooks: the URLs an owner registered (with the secret
// their payloads are signed with), the persistent queue of deliveries, and
// where the server's scan for new events stopped.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('api_tokens', (t) => {
    t.increments('id').primary();
    t.string('name', 60).notNullable().unique();
    t.string('role', 10).notNullable();
    // the resources it may reach, space-separated; empty: every resource
    t.string('scopes', 200).notNullable().defaultTo('');
    t.string('token_hash', 64).notNullable().unique();
    t.integer('created_by').nullable().references('id').inTable('employees');
    t.string('created_at', 30).notNullable();
    // last valid day (YYYY-MM-DD, shop time), or null: never expires
    t.string('expires_on', 10).nullable();
    t.string('revoked_at', 30).nullable();
    t.string('last_used_at', 30).nullable();
  });
  await knex.schema.createTable('webhooks', (t) => {
    t.increments('id').primary();
    t.string('url', 500).notNullable();
    // HMAC key: kept in clear, the server needs it to sign (it is the shop's own, shown once at creation)
    t.string('secret', 100).notNullable();
    t.string('events', 200).notNullable(); // space-separated
    t.boolean('active').notNullable().defaultTo(true);
    t.integer('created_by').nullable().references('id').inTable('employees');
    t.string('created_at', 30).notNullable();
  });
  await knex.schema.createTable('webhook_deliveries', (t) => {
    t.increments('id').primary();
    t.integer('webhook_id').notNullable().references('id').inTable('webhooks');
    t.string('event', 40).notNullable();
    // what the event is about, at which state: the same state is never queued twice
    t.string('event_key', 120).notNullable();
    t.text('payload').notNullable();
    t.string('status', 10).notNullable().defaultTo('pending'); // pending, delivered, failed
    t.integer('attempts').notNullable().defaultTo(0);
    t.string('next_attempt_at', 30).notNullable();
    t.string('last_error', 300).notNullable().defaultTo('');
    t.string('created_at', 30).notNullable();
    t.string('delivered_at', 30).nullable();
    t.unique(['webhook_id', 'event_key']);
    t.index(['status', 'next_attempt_at']);
  });
  await knex.schema.createTable('webhook_cursors', (t) => {
    t.string('source', 40).primary(); // sales, customers, stock
    t.string('position', 40).notNullable();
  });
  await knex.schema.alterTable('customers', (t) => {
    t.string('updated_at', 30).nullable();
  });
  await knex('customers').update({ updated_at: knex.ref('created_at') });
  await knex.schema.alterTable('customers', (t) => {
    t.index(['updated_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('customers', (t) => {
    t.dropIndex(['updated_at']);
  });
  await knex.schema.alterTable('customers', (t) => {
    t.dropColumn('updated_at');
  });
  await knex.schema.dropTableIfExists('webhook_cursors');
  await knex.schema.dropTableIfExists('webhook_deliveries');
  await knex.schema.dropTableIfExists('webhooks');
  await knex.schema.dropTableIfExists('api_tokens');
}
