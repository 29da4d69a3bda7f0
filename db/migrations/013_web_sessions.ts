// Sessions of the ordering page (`pos serve`, issue #20): an employee signs in
// with their PIN on a phone and keeps a random session id in an HttpOnly
// cookie. Only the SHA-256 of that id is kept here, so reading this table
// (a backup, a copy of the file) gives nobody a way in; each row ends at its
// expiry or at sign-out.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('web_sessions', (t) => {
    t.string('id_hash', 64).primary(); // hex SHA-256 of the cookie's session id
    t.integer('employee_id').notNullable().references('id').inTable('employees');
    t.string('created_at', 30).notNullable();
    t.string('expires_at', 30).notNullable();
    t.index(['expires_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('web_sessions');
}
