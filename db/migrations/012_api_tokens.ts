// The HTTP API's tokens (issue #20): an owner creates one per outside system
// (a CRM, an e-shop). Only the SHA-256 of the secret is kept, so a copy of the
// database gives no way in; the secret is shown once, at creation.
// Also customers.updated_at, which a CRM's `updated_since` sync reads (the
// customers had only created_at); existing rows start at their creation.
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
  await knex.schema.dropTableIfExists('api_tokens');
}
