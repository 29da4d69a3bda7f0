// Returns against the original receipt: a return line remembers the sale and
// line it gives back (any till of the shop), so what is still returnable is
// known across every earlier return, and receipts and reports name that sale.
// The till and number are kept beside the id (a sale is never changed) so a
// receipt or report names the original sale without another read.
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sale_lines', (t) => {
    t.integer('origin_sale_id').nullable().references('id').inTable('sales');
    t.integer('origin_line_no').nullable();
    t.integer('origin_till_id').nullable();
    t.integer('origin_sale_number').nullable();
    t.index(['origin_sale_id', 'origin_line_no']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sale_lines', (t) => {
    t.dropIndex(['origin_sale_id', 'origin_line_no']);
    t.dropColumn('origin_sale_id');
    t.dropColumn('origin_line_no');
    t.dropColumn('origin_till_id');
    t.dropColumn('origin_sale_number');
  });
}
