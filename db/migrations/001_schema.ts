// The whole schema of the till, designed once for the entire mission so later
// work adds columns rarely. Conventions, kept portable between SQLite and
// PostgreSQL:
// - money is integer cents, quantities integer thousandths, rates basis points;
// - instants are ISO-8601 UTC strings (`2026-11-22T10:15:00.123Z`), business
//   days are local `YYYY-MM-DD` strings: text compares and groups the same way
//   on both engines;
// - completed sales, their lines and payments, closings and audit events are
//   append-only; each carries `prev_hash`/`hash` of its till's chain.
import type { Knex } from 'knex';

const TEXT_TIME = 32;

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('settings', (t) => {
    t.string('key', 100).primary();
    t.text('value').notNullable(); // JSON
    t.string('updated_at', TEXT_TIME).notNullable();
  });

  // One row a till: its identity and the heads of its three hash chains
  // (sales, closings, audit events) with the perpetual grand total.
  await knex.schema.createTable('tills', (t) => {
    t.integer('id').primary();
    t.string('name', 60).notNullable();
    t.integer('sale_seq').notNullable().defaultTo(0);
    t.string('sale_last_hash', 64).notNullable().defaultTo('');
    t.bigInteger('grand_total').notNullable().defaultTo(0);
    t.bigInteger('grand_total_abs').notNullable().defaultTo(0);
    t.integer('closing_seq').notNullable().defaultTo(0);
    t.string('closing_last_hash', 64).notNullable().defaultTo('');
    t.integer('audit_seq').notNullable().defaultTo(0);
    t.string('audit_last_hash', 64).notNullable().defaultTo('');
    t.string('created_at', TEXT_TIME).notNullable();
  });

  await knex.schema.createTable('tax_rates', (t) => {
    t.increments('id');
    t.string('code', 10).notNullable().unique(); // 'A', 'B', 'C' on receipts
    t.string('label', 60).notNullable();
    t.integer('rate_bp').notNullable();
    t.boolean('active').notNullable().defaultTo(true);
  });

  await knex.schema.createTable('categories', (t) => {
    t.increments('id');
    t.string('name', 60).notNullable().unique();
    t.string('color', 20).notNullable().defaultTo('white');
    t.integer('sort_order').notNullable().defaultTo(0);
    t.boolean('active').notNullable().defaultTo(true);
  });

  await knex.schema.createTable('suppliers', (t) => {
    t.increments('id');
    t.string('name', 100).notNullable().unique();
    t.string('contact', 100).notNullable().defaultTo('');
    t.string('email', 200).notNullable().defaultTo('');
    t.string('phone', 40).notNullable().defaultTo('');
    t.integer('lead_time_days').notNullable().defaultTo(3);
    t.integer('review_period_days').notNullable().defaultTo(7);
    t.integer('min_order_value').notNullable().defaultTo(0);
    t.text('notes').notNullable().defaultTo('');
    t.boolean('active').notNullable().defaultTo(true);
    t.string('created_at', TEXT_TIME).notNullable();
  });

  await knex.schema.createTable('articles', (t) => {
    t.increments('id');
    t.string('plu', 20).nullable().unique();
    t.string('name', 100).notNullable();
    t.string('name_search', 100).notNullable(); // lower-case, accents stripped
    t.integer('category_id').notNullable().references('id').inTable('categories');
    t.integer('price').notNullable(); // cents, tax included, per unit or per kg
    t.integer('tax_rate_id').notNullable().references('id').inTable('tax_rates');
    t.integer('cost').notNullable().defaultTo(0); // cents, excl. tax
    t.string('unit', 8).notNullable().defaultTo('unit'); // 'unit' | 'kg'
    t.integer('loyalty_points').notNullable().defaultTo(0);
    t.integer('stock_qty').notNullable().defaultTo(0); // thousandths, kept in step with stock_moves
    t.boolean('track_stock').notNullable().defaultTo(true);
    t.integer('min_stock').notNullable().defaultTo(0);
    t.integer('reorder_point').nullable(); // null: derived from forecast
    t.integer('safety_stock').notNullable().defaultTo(0);
    t.integer('supplier_id').nullable().references('id').inTable('suppliers');
    t.string('supplier_ref', 60).notNullable().defaultTo('');
    t.integer('pack_size').notNullable().defaultTo(1000);
    t.integer('min_order_qty').notNullable().defaultTo(0);
    t.integer('grid_position').nullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.string('created_at', TEXT_TIME).notNullable();
    t.string('updated_at', TEXT_TIME).notNullable();
    t.index(['category_id', 'grid_position']);
    t.index(['supplier_id']);
    t.index(['name_search']);
  });

  // Word prefixes of article names: name search as you type uses an index
  // range scan instead of a full LIKE '%x%' scan of a large catalogue.
  await knex.schema.createTable('article_search_terms', (t) => {
    t.integer('article_id').notNullable().references('id').inTable('articles').onDelete('CASCADE');
    t.string('term', 100).notNullable();
    t.primary(['term', 'article_id']);
    t.index(['article_id']);
  });

  await knex.schema.createTable('article_barcodes', (t) => {
    t.increments('id');
    t.integer('article_id').notNullable().references('id').inTable('articles').onDelete('CASCADE');
    t.string('code', 32).notNullable().unique();
    t.index(['article_id']);
  });

  // Alternative price levels (e.g. 'wholesale' for professional customers).
  await knex.schema.createTable('article_prices', (t) => {
    t.integer('article_id').notNullable().references('id').inTable('articles').onDelete('CASCADE');
    t.string('price_level', 30).notNullable();
    t.integer('price').notNullable();
    t.primary(['article_id', 'price_level']);
  });

  await knex.schema.createTable('employees', (t) => {
    t.increments('id');
    t.string('name', 100).notNullable();
    t.string('role', 20).notNullable(); // 'cashier' | 'manager' | 'owner'
    t.string('pin_hash', 200).notNullable(); // scrypt$N$r$p$salt$hash
    t.boolean('active').notNullable().defaultTo(true);
    t.string('created_at', TEXT_TIME).notNullable();
  });

  await knex.schema.createTable('time_clock', (t) => {
    t.increments('id');
    t.integer('employee_id').notNullable().references('id').inTable('employees');
    t.integer('till_id').notNullable().references('id').inTable('tills');
    t.string('clock_in', TEXT_TIME).notNullable();
    t.string('clock_out', TEXT_TIME).nullable();
    t.index(['employee_id', 'clock_in']);
  });

  await knex.schema.createTable('customer_groups', (t) => {
    t.increments('id');
    t.string('name', 60).notNullable().unique();
    t.integer('discount_bp').notNullable().defaultTo(0);
    t.string('price_level', 30).nullable();
    t.boolean('is_default').notNullable().defaultTo(false);
  });

  await knex.schema.createTable('customers', (t) => {
    t.increments('id');
    t.string('code', 32).notNullable().unique(); // also the loyalty-card barcode
    t.string('first_name', 60).notNullable().defaultTo('');
    t.string('last_name', 60).notNullable().defaultTo('');
    t.string('search_text', 300).notNullable(); // names, code, phone: lower-case, no accents
    t.string('phone', 40).notNullable().defaultTo('');
    t.string('email', 200).notNullable().defaultTo('');
    t.string('website', 200).notNullable().defaultTo('');
    t.string('social', 100).notNullable().defaultTo('');
    t.string('address', 200).notNullable().defaultTo('');
    t.string('postal_code', 20).notNullable().defaultTo('');
    t.string('city', 100).notNullable().defaultTo('');
    t.string('country', 60).notNullable().defaultTo('France');
    t.integer('group_id').notNullable().references('id').inTable('customer_groups');
    t.integer('discount_bp').notNullable().defaultTo(0);
    t.string('price_level', 30).nullable();
    t.integer('overdraft_limit').notNullable().defaultTo(0); // cents the customer may owe
    t.text('notes').notNullable().defaultTo('');
    t.boolean('active').notNullable().defaultTo(true);
    t.string('created_at', TEXT_TIME).notNullable();
    t.index(['last_name', 'first_name']);
    t.index(['phone']);
  });

  await knex.schema.createTable('promotions', (t) => {
    t.increments('id');
    t.string('name', 100).notNullable();
    t.string('kind', 20).notNullable(); // 'percent' | 'fixed_price' | 'n_for_m'
    t.integer('article_id').nullable().references('id').inTable('articles');
    t.integer('category_id').nullable().references('id').inTable('categories');
    t.integer('customer_group_id').nullable().references('id').inTable('customer_groups');
    t.integer('value').notNullable().defaultTo(0); // bp for percent, cents for fixed price
    t.integer('buy_qty').nullable(); // N of "N for the price of M"
    t.integer('pay_qty').nullable(); // M
    t.string('starts_at', TEXT_TIME).notNullable();
    t.string('ends_at', TEXT_TIME).notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    t.index(['starts_at', 'ends_at']);
  });

  await knex.schema.createTable('sales', (t) => {
    t.increments('id');
    t.integer('till_id').notNullable().references('id').inTable('tills');
    t.integer('number').notNullable(); // per-till sequence, no gaps
    t.string('ticket_id', 40).notNullable(); // the open ticket it came from
    t.string('created_at', TEXT_TIME).notNullable();
    t.string('business_date', 10).notNullable(); // local day
    t.string('local_time', 19).notNullable(); // local 'YYYY-MM-DDTHH:MM:SS'
    t.integer('employee_id').notNullable().references('id').inTable('employees');
    t.integer('customer_id').nullable().references('id').inTable('customers');
    t.integer('line_count').notNullable();
    t.integer('gross_total').notNullable(); // before discounts
    t.integer('discount_total').notNullable();
    t.integer('total').notNullable(); // to pay, tax included (negative: refund)
    t.integer('tax_total').notNullable();
    t.integer('tendered_total').notNullable();
    t.integer('change_given').notNullable();
    t.string('ticket_discount', 40).notNullable().defaultTo(''); // '10%' or '250' (cents) or ''
    t.bigInteger('grand_total').notNullable(); // perpetual, after this sale
    t.bigInteger('grand_total_abs').notNullable();
    t.string('prev_hash', 64).notNullable();
    t.string('hash', 64).notNullable();
    t.unique(['till_id', 'number']);
    t.unique(['ticket_id']);
    t.index(['business_date']);
    t.index(['customer_id', 'created_at']);
    t.index(['employee_id']);
  });

  await knex.schema.createTable('sale_lines', (t) => {
    t.increments('id');
    t.integer('sale_id').notNullable().references('id').inTable('sales');
    t.integer('line_no').notNullable();
    t.integer('article_id').nullable().references('id').inTable('articles');
    t.string('code', 32).notNullable().defaultTo(''); // barcode or PLU as entered
    t.string('name', 100).notNullable(); // snapshot
    t.integer('category_id').nullable();
    t.string('unit', 8).notNullable();
    t.integer('quantity').notNullable(); // thousandths, negative for returns
    t.integer('unit_price').notNullable(); // cents, tax included, as charged
    t.integer('list_price').notNullable(); // catalogue price before override
    t.integer('tax_rate_bp').notNullable();
    t.integer('gross').notNullable(); // unit_price x quantity
    t.integer('line_discount').notNullable(); // cents taken off by the line discount
    t.integer('ticket_discount').notNullable(); // share of the ticket discount
    t.integer('total').notNullable(); // gross - discounts
    t.integer('cost').notNullable().defaultTo(0); // unit cost snapshot
    t.string('discount_label', 60).notNullable().defaultTo('');
    t.boolean('price_overridden').notNullable().defaultTo(false);
    t.integer('promotion_id').nullable();
    t.integer('loyalty_points').notNullable().defaultTo(0);
    t.unique(['sale_id', 'line_no']);
    t.index(['article_id']);
  });

  await knex.schema.createTable('sale_taxes', (t) => {
    t.integer('sale_id').notNullable().references('id').inTable('sales');
    t.integer('rate_bp').notNullable();
    t.integer('total').notNullable(); // tax included
    t.integer('tax').notNullable();
    t.integer('base').notNullable(); // excl. tax
    t.primary(['sale_id', 'rate_bp']);
  });

  await knex.schema.createTable('payments', (t) => {
    t.increments('id');
    t.integer('sale_id').notNullable().references('id').inTable('sales');
    t.integer('line_no').notNullable();
    t.string('method', 20).notNullable(); // cash, card, cheque, meal_voucher, voucher, mobile, account
    t.integer('amount').notNullable(); // applied to the sale (negative: paid out)
    t.integer('tendered').notNullable(); // handed over (cash: before change)
    t.string('reference', 60).notNullable().defaultTo(''); // cheque no, voucher code
    t.unique(['sale_id', 'line_no']);
    t.index(['method']);
  });

  await knex.schema.createTable('stock_moves', (t) => {
    t.increments('id');
    t.integer('article_id').notNullable().references('id').inTable('articles');
    t.integer('quantity').notNullable(); // thousandths, signed
    t.string('reason', 20).notNullable(); // sale, return, receipt, adjustment, count, loss, initial
    t.integer('sale_id').nullable().references('id').inTable('sales');
    t.integer('purchase_order_id').nullable();
    t.integer('employee_id').nullable().references('id').inTable('employees');
    t.integer('till_id').nullable();
    t.string('note', 200).notNullable().defaultTo('');
    t.string('created_at', TEXT_TIME).notNullable();
    t.index(['article_id', 'created_at']);
    t.index(['sale_id']);
  });

  await knex.schema.createTable('account_entries', (t) => {
    t.increments('id');
    t.integer('customer_id').notNullable().references('id').inTable('customers');
    // positive: the customer owes more (sale on account); negative: credit
    // (payment received, credit note).
    t.integer('amount').notNullable();
    t.string('kind', 20).notNullable(); // on_account, payment, credit_note, adjustment
    t.integer('sale_id').nullable().references('id').inTable('sales');
    t.integer('employee_id').nullable().references('id').inTable('employees');
    t.integer('till_id').nullable();
    t.string('note', 200).notNullable().defaultTo('');
    t.string('created_at', TEXT_TIME).notNullable();
    t.index(['customer_id', 'created_at']);
  });

  // Which payment settled which debt (oldest first).
  await knex.schema.createTable('account_allocations', (t) => {
    t.increments('id');
    t.integer('credit_entry_id').notNullable().references('id').inTable('account_entries');
    t.integer('debit_entry_id').notNullable().references('id').inTable('account_entries');
    t.integer('amount').notNullable();
    t.index(['debit_entry_id']);
    t.index(['credit_entry_id']);
  });

  await knex.schema.createTable('vouchers', (t) => {
    t.increments('id');
    t.string('code', 32).notNullable().unique();
    t.string('kind', 20).notNullable(); // credit_note, gift, loyalty
    t.integer('amount').notNullable();
    t.integer('remaining').notNullable();
    t.integer('customer_id').nullable().references('id').inTable('customers');
    t.integer('issued_sale_id').nullable().references('id').inTable('sales');
    t.integer('employee_id').nullable().references('id').inTable('employees');
    t.string('created_at', TEXT_TIME).notNullable();
    t.string('expires_at', TEXT_TIME).nullable();
  });

  await knex.schema.createTable('loyalty_entries', (t) => {
    t.increments('id');
    t.integer('customer_id').notNullable().references('id').inTable('customers');
    t.integer('sale_id').nullable().references('id').inTable('sales');
    t.string('kind', 20).notNullable(); // earn, return, reward, adjust
    t.string('criterion', 20).notNullable(); // points, spent, visits, items
    t.integer('amount').notNullable(); // progress in the criterion's unit, signed
    t.integer('card_no').notNullable().defaultTo(1);
    t.string('reward_kind', 20).nullable(); // percent, amount, voucher, article
    t.integer('reward_value').nullable(); // cents or bp: cost of the reward
    t.integer('employee_id').nullable().references('id').inTable('employees');
    t.string('created_at', TEXT_TIME).notNullable();
    t.index(['customer_id', 'card_no']);
  });

  // The ticket being rung up (status 'open', one a till) and parked tickets.
  // Saved on every change so a crash or power cut loses nothing.
  await knex.schema.createTable('open_tickets', (t) => {
    t.string('id', 40).primary();
    t.integer('till_id').notNullable().references('id').inTable('tills');
    t.string('status', 10).notNullable(); // 'open' | 'parked'
    t.integer('employee_id').nullable().references('id').inTable('employees');
    t.integer('customer_id').nullable();
    t.text('data').notNullable(); // JSON of the ticket model
    t.integer('total').notNullable().defaultTo(0);
    t.integer('line_count').notNullable().defaultTo(0);
    t.string('label', 60).notNullable().defaultTo('');
    t.string('created_at', TEXT_TIME).notNullable();
    t.string('updated_at', TEXT_TIME).notNullable();
    t.index(['till_id', 'status']);
  });

  await knex.schema.createTable('audit_events', (t) => {
    t.increments('id');
    t.integer('till_id').notNullable().references('id').inTable('tills');
    t.integer('seq').notNullable();
    t.string('kind', 30).notNullable(); // login, logout, void_line, cancel_ticket, refund, price_override, no_sale, reprint, closing, settings, price_change, ...
    t.integer('employee_id').nullable().references('id').inTable('employees');
    t.integer('approver_id').nullable().references('id').inTable('employees');
    t.integer('sale_id').nullable();
    t.integer('article_id').nullable();
    t.text('details').notNullable().defaultTo('{}'); // JSON
    t.string('created_at', TEXT_TIME).notNullable();
    t.string('prev_hash', 64).notNullable();
    t.string('hash', 64).notNullable();
    t.unique(['till_id', 'seq']);
    t.index(['kind', 'created_at']);
  });

  await knex.schema.createTable('cash_movements', (t) => {
    t.increments('id');
    t.integer('till_id').notNullable().references('id').inTable('tills');
    t.string('kind', 10).notNullable(); // float, in, out
    t.integer('amount').notNullable();
    t.string('reason', 200).notNullable().defaultTo('');
    t.integer('employee_id').nullable().references('id').inTable('employees');
    t.string('business_date', 10).notNullable();
    t.string('created_at', TEXT_TIME).notNullable();
    t.index(['till_id', 'business_date']);
  });

  await knex.schema.createTable('closings', (t) => {
    t.increments('id');
    t.integer('till_id').notNullable().references('id').inTable('tills');
    t.integer('seq').notNullable(); // chain position, all kinds together
    t.string('kind', 10).notNullable(); // 'day' (Z), 'month', 'year'
    t.string('period', 10).notNullable(); // '2026-11-22', '2026-11', '2026'
    t.integer('first_sale_number').nullable();
    t.integer('last_sale_number').nullable();
    t.integer('sales_count').notNullable();
    t.integer('total').notNullable();
    t.bigInteger('grand_total').notNullable();
    t.integer('cash_expected').nullable();
    t.integer('cash_counted').nullable();
    t.text('totals').notNullable(); // JSON: by payment method, by VAT rate, returns, discounts, voids, denominations
    t.integer('employee_id').nullable().references('id').inTable('employees');
    t.string('created_at', TEXT_TIME).notNullable();
    t.string('prev_hash', 64).notNullable();
    t.string('hash', 64).notNullable();
    t.unique(['till_id', 'seq']);
    t.unique(['till_id', 'kind', 'period']);
  });

  await knex.schema.createTable('purchase_orders', (t) => {
    t.increments('id');
    t.integer('supplier_id').notNullable().references('id').inTable('suppliers');
    t.string('status', 12).notNullable(); // draft, sent, partial, received, cancelled
    t.string('reference', 40).notNullable().unique();
    t.boolean('automatic').notNullable().defaultTo(false);
    t.integer('employee_id').nullable().references('id').inTable('employees');
    t.text('notes').notNullable().defaultTo('');
    t.string('created_at', TEXT_TIME).notNullable();
    t.string('sent_at', TEXT_TIME).nullable();
    t.string('expected_at', TEXT_TIME).nullable();
    t.index(['supplier_id', 'status']);
  });

  await knex.schema.createTable('purchase_order_lines', (t) => {
    t.increments('id');
    t.integer('order_id').notNullable().references('id').inTable('purchase_orders').onDelete('CASCADE');
    t.integer('article_id').notNullable().references('id').inTable('articles');
    t.integer('quantity').notNullable(); // thousandths ordered
    t.integer('received_qty').notNullable().defaultTo(0);
    t.integer('unit_cost').notNullable();
    t.string('supplier_ref', 60).notNullable().defaultTo('');
    t.index(['order_id']);
    t.index(['article_id']);
  });

  // Receipts and other documents waiting for a printer that failed.
  await knex.schema.createTable('print_jobs', (t) => {
    t.increments('id');
    t.integer('till_id').notNullable().references('id').inTable('tills');
    t.string('kind', 20).notNullable(); // receipt, duplicate, closing, label, order
    t.integer('sale_id').nullable();
    t.text('payload').notNullable(); // base64 ESC/POS bytes
    t.string('status', 10).notNullable(); // pending, printed, failed
    t.integer('attempts').notNullable().defaultTo(0);
    t.string('last_error', 200).notNullable().defaultTo('');
    t.string('created_at', TEXT_TIME).notNullable();
    t.string('printed_at', TEXT_TIME).nullable();
    t.index(['till_id', 'status']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of [
    'print_jobs', 'purchase_order_lines', 'purchase_orders', 'closings', 'cash_movements',
    'audit_events', 'open_tickets', 'loyalty_entries', 'vouchers', 'account_allocations',
    'account_entries', 'stock_moves', 'payments', 'sale_taxes', 'sale_lines', 'sales',
    'promotions', 'customers', 'customer_groups', 'time_clock', 'employees', 'article_prices',
    'article_barcodes', 'article_search_terms', 'articles', 'suppliers', 'categories',
    'tax_rates', 'tills', 'settings',
  ]) {
    await knex.schema.dropTableIfExists(table);
  }
}
