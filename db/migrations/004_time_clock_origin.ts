// Clocking in and out through an outage (issue #9 follow-up): a shift a till
// records in its local offline file is sent to the server when it answers
// again. Every shift carries the uuid it was born with, so a shift the server
// already has (its commit went through, the till crashed before forgetting
// it) is recognised and never doubled, as origin_uuid does for sales. The
// shifts recorded before get theirs here, once: a till's offline copy of a
// shift still open must name it when it sends the clock-out back, and no
// reader has to fill them in.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('time_clock', (t) => {
    t.string('origin_uuid', 36).nullable().unique();
  });
  for (const row of await knex('time_clock').whereNull('origin_uuid').select('id')) {
    await knex('time_clock').where({ id: row.id }).update({ origin_uuid: randomUUID() });
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('time_clock', (t) => {
    t.dropUnique(['origin_uuid']);
    t.dropColumn('origin_uuid');
  });
}
