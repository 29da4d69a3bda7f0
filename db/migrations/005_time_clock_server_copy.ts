// Clocking out during an outage a shift opened on the server: a till's offline
// file also keeps a copy of the shifts open on the server, so the employee who
// clocked in online can still clock out while the server is unreachable. A
// copy is marked server_copy: it is the server's work, not the till's, and
// waits to be sent only once it gets a clock-out offline. On the server (and
// for a till's own offline shifts) the column stays false.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('time_clock', (t) => {
    t.boolean('server_copy').notNullable().defaultTo(false);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('time_clock', (t) => {
    t.dropColumn('server_copy');
  });
}
