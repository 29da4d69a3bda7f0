// The journal signed (NF525 « sécurisation », issue #16): each till has an
// Ed25519 key pair; the private key stays in a file outside the database, the
// public keys are recorded here with the first link of each chain they sign.
// Every sale, closing and audit link gets the signature of its hash, and a Z
// keeps the hash of the last sale it covers, so a closing binds its sales.
// Rows written before this migration stay unsigned: the verifier accepts an
// unsigned link only before the till's first key.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('till_keys', (t) => {
    t.increments('id');
    t.integer('till_id').notNullable().references('id').inTable('tills');
    t.integer('key_no').notNullable(); // 1, 2, … in the till's order of keys
    t.string('public_key', 64).notNullable(); // raw Ed25519 public key, hex
    // The first link of each chain this key signs (the key before signs the ones before).
    t.integer('first_sale_number').notNullable();
    t.integer('first_closing_seq').notNullable();
    t.integer('first_audit_seq').notNullable();
    t.integer('employee_id').nullable().references('id').inTable('employees');
    t.string('created_at', 32).notNullable();
    t.unique(['till_id', 'key_no']);
  });
  await knex.schema.alterTable('tills', (t) => {
    // the key that signs this till's next links (0: none yet)
    t.integer('journal_key_no').notNullable().defaultTo(0);
  });
  for (const table of ['sales', 'closings', 'audit_events']) {
    await knex.schema.alterTable(table, (t) => {
      t.string('signature', 128).nullable();
    });
  }
  await knex.schema.alterTable('closings', (t) => {
    // hash of the last sale the closing covers ('' when it covers none); null on closings written before
    t.string('last_sale_hash', 64).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('closings', (t) => {
    t.dropColumn('last_sale_hash');
  });
  for (const table of ['sales', 'closings', 'audit_events']) {
    await knex.schema.alterTable(table, (t) => {
      t.dropColumn('signature');
    });
  }
  await knex.schema.alterTable('tills', (t) => {
    t.dropColumn('journal_key_no');
  });
  await knex.schema.dropTable('till_keys');
}
