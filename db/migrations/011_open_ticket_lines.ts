// The open ticket saved as rows: its header in open_tickets (the ticket
// without its lines), each line in its own row here, so a scan writes one
// small row instead of the whole ticket again (a 1,000-line ticket was
// about 240 KB per save). Rows of older versions keep their lines inline in
// open_tickets.data and are read as before.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('open_ticket_lines', (t) => {
    t.string('ticket_id', 40).notNullable();
    t.integer('position').notNullable();
    t.text('data').notNullable(); // JSON of one ticket line
    t.primary(['ticket_id', 'position']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('open_ticket_lines');
}
