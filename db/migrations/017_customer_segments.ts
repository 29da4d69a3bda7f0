// Customer segments (issue #21). Each customer's marketing consent: whether
// they agreed to receive the shop's offers, and when that last changed (set by
// the program, never typed; null: never given). And the saved segments: a name
// and the criteria (JSON, read back through the pure rule that checks them), so
// a promotion can be limited to the customers a segment matches at sale time.
import type { Knex } from 'knex';

const TEXT_TIME = 32;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('customers', (t) => {
    t.boolean('marketing_consent').notNullable().defaultTo(false);
    t.string('marketing_consent_at', TEXT_TIME).nullable();
  });
  await knex.schema.createTable('customer_segments', (t) => {
    t.increments('id');
    t.string('name', 60).notNullable().unique();
    t.text('criteria').notNullable();
    t.integer('created_by').nullable().references('id').inTable('employees');
    t.string('created_at', TEXT_TIME).notNullable();
  });
  await knex.schema.alterTable('promotions', (t) => {
    t.integer('customer_segment_id').nullable().references('id').inTable('customer_segments');
  });
  // The segments' aggregates read a customer's sales by day (recency) and their lines by category.
  await knex.schema.alterTable('sales', (t) => {
    t.index(['customer_id', 'business_date']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sales', (t) => {
    t.dropIndex(['customer_id', 'business_date']);
  });
  await knex.schema.alterTable('promotions', (t) => {
    t.dropForeign(['customer_segment_id']);
  });
  await knex.schema.alterTable('promotions', (t) => {
    t.dropColumn('customer_segment_id');
  });
  await knex.schema.dropTableIfExists('customer_segments');
  await knex.schema.alterTable('customers', (t) => {
    t.dropColumn('marketing_consent_at');
    t.dropColumn('marketing_consent');
  });
}
