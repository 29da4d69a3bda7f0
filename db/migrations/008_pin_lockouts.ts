// PIN guessing is counted in the database, per till, so the till, its back
// office and every `pos … --pin` command share one lockout: a guesser cannot
// start a fresh count by starting a new process. And what makes a PIN weak is
// remembered when it is set (only the salted hash is kept, so it can't be
// read back): its length and whether it is an obvious one (1111, 123456).
// Rows from before this migration have null there until the employee's next
// successful PIN, which fills them in.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('pin_lockouts', (t) => {
    t.integer('till_id').primary().references('id').inTable('tills');
    /** wrong PINs in a row since the last right one */
    t.integer('failures').notNullable().defaultTo(0);
    t.string('locked_until', 30).nullable();
    t.string('updated_at', 30).notNullable();
  });
  await knex.schema.alterTable('employees', (t) => {
    t.integer('pin_digits').nullable();
    t.boolean('pin_obvious').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('employees', (t) => {
    t.dropColumn('pin_digits');
    t.dropColumn('pin_obvious');
  });
  await knex.schema.dropTable('pin_lockouts');
}
