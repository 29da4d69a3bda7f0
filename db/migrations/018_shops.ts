// Several shops on one database (issue #22). An existing database becomes
// shop 1, unchanged for its users:
// - `shops`: one row a shop; every till belongs to one (tills.shop_id,
//   1 for those already there);
// - `shop_settings`: what differs from shop to shop (its name, address,
//   SIRET, VAT number, receipt header and footer, its supplier-order habits:
//   PER_SHOP_SETTINGS in settings.service.ts), moved out of `settings`;
// - `shop_articles`: the stock of each article in each shop, and what a shop
//   may set apart from the chain's catalogue (its price, minimum stock,
//   reorder point, and its place in the shop's own grid of a category laid
//   out its own way, listed in `shop_grids`; null: the catalogue's). The quantity leaves `articles`: a
//   sale in one shop then locks only its own shop's rows, never the
//   catalogue's, and nobody can read a stock without saying whose;
// - every stock move names its shop (stock_moves.shop_id), and so does every
//   supplier order (purchase_orders.shop_id);
// - `employee_shops`: the shops an employee works in (everyone in shop 1 to
//   start with; owners work everywhere whatever this says).
import type { Knex } from 'knex';

const TEXT_TIME = 32;

/** The settings that became a shop's own: moved, not copied, so nothing reads a stale company value. */
const MOVED_SETTINGS = ['shop.name', 'shop.address', 'shop.siret', 'shop.vatNumber', 'receipt.header', 'receipt.footer', 'orders.auto', 'orders.autoSend', 'orders.autoSendAt'];

export async function up(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  const now = new Date().toISOString();
  await knex.schema.createTable('shops', (t) => {
    t.integer('id').primary();
    t.string('code', 20).notNullable().unique(); // short, typed after --shop
    t.boolean('active').notNullable().defaultTo(true);
    t.string('created_at', TEXT_TIME).notNullable();
  });
  await knex('shops').insert({ id: 1, code: 'principal', active: true, created_at: now });

  await knex.schema.createTable('shop_settings', (t) => {
    t.integer('shop_id').notNullable().references('id').inTable('shops');
    t.string('key', 100).notNullable();
    t.text('value').notNullable(); // JSON, as in settings
    t.string('updated_at', TEXT_TIME).notNullable();
    t.primary(['shop_id', 'key']);
  });
  const moved = await knex('settings').whereIn('key', MOVED_SETTINGS).select('key', 'value', 'updated_at');
  if (moved.length > 0) await knex('shop_settings').insert(moved.map((r) => ({ shop_id: 1, key: r.key, value: r.value, updated_at: r.updated_at })));
  await knex('settings').whereIn('key', MOVED_SETTINGS).delete();

  // SQLite refuses to add a column with a REFERENCES clause and a default other than NULL: the link is checked by the program there.
  await knex.schema.alterTable('tills', (t) => {
    t.integer('shop_id').notNullable().defaultTo(1);
    if (pg) t.foreign('shop_id').references('id').inTable('shops');
  });
  // Every read of the ledger names its shop now: the shop's index replaces the article's (one index a move to keep, not two).
  await knex.schema.alterTable('stock_moves', (t) => {
    t.integer('shop_id').notNullable().defaultTo(1);
    if (pg) t.foreign('shop_id').references('id').inTable('shops');
    t.index(['shop_id', 'article_id', 'created_at']);
    t.dropIndex(['article_id', 'created_at']);
  });
  // A supplier order is the shop's: delivered to its address, received into its stock.
  await knex.schema.alterTable('purchase_orders', (t) => {
    t.integer('shop_id').notNullable().defaultTo(1);
    if (pg) t.foreign('shop_id').references('id').inTable('shops');
    t.index(['shop_id', 'status']);
  });

  await knex.schema.createTable('shop_articles', (t) => {
    t.integer('shop_id').notNullable().references('id').inTable('shops');
    t.integer('article_id').notNullable().references('id').inTable('articles').onDelete('CASCADE');
    t.integer('stock_qty').notNullable().defaultTo(0); // thousandths, kept in step with this shop's stock_moves
    t.integer('price').nullable(); // cents, tax included: the shop's own price
    t.integer('min_stock').nullable();
    t.integer('reorder_point').nullable();
    t.integer('grid_position').nullable(); // its place in the shop's own grid of its category (shop_grids)
    t.string('changed_at', TEXT_TIME).notNullable(); // the tills of the shop re-read the article (its stock moved)
    t.primary(['shop_id', 'article_id']);
    t.index(['article_id']);
    t.index(['shop_id', 'changed_at']);
  });
  await knex.raw('INSERT INTO shop_articles (shop_id, article_id, stock_qty, changed_at) SELECT 1, id, stock_qty, changed_at FROM articles');
  // The categories a shop lays out its own way; the others show the catalogue's grid (read in its index's order).
  await knex.schema.createTable('shop_grids', (t) => {
    t.integer('shop_id').notNullable().references('id').inTable('shops');
    t.integer('category_id').notNullable().references('id').inTable('categories').onDelete('CASCADE');
    t.string('created_at', TEXT_TIME).notNullable();
    t.primary(['shop_id', 'category_id']);
  });
  // Plain SQL on both engines (SQLite 3.35+): knex would rebuild the whole table on SQLite.
  await knex.raw('ALTER TABLE articles DROP COLUMN stock_qty');

  await knex.schema.createTable('employee_shops', (t) => {
    t.integer('employee_id').notNullable().references('id').inTable('employees');
    t.integer('shop_id').notNullable().references('id').inTable('shops');
    t.primary(['employee_id', 'shop_id']);
    t.index(['shop_id']);
  });
  await knex.raw('INSERT INTO employee_shops (employee_id, shop_id) SELECT id, 1 FROM employees');
}

export async function down(knex: Knex): Promise<void> {
  const pg = knex.client.config.client === 'pg';
  await knex.schema.dropTableIfExists('employee_shops');
  await knex.schema.alterTable('articles', (t) => {
    t.integer('stock_qty').notNullable().defaultTo(0);
  });
  // Only shop 1's stock can go back into the one column; the other shops' is in their moves.
  await knex.raw('UPDATE articles SET stock_qty = COALESCE((SELECT s.stock_qty FROM shop_articles s WHERE s.shop_id = 1 AND s.article_id = articles.id), 0)');
  await knex.schema.dropTableIfExists('shop_grids');
  await knex.schema.dropTableIfExists('shop_articles');
  // Plain DROP COLUMN here too: knex would rebuild these tables on SQLite, with rows pointing to them.
  await knex.schema.alterTable('stock_moves', (t) => {
    t.index(['article_id', 'created_at']);
    t.dropIndex(['shop_id', 'article_id', 'created_at']);
    if (pg) t.dropForeign(['shop_id']);
  });
  await knex.raw('ALTER TABLE stock_moves DROP COLUMN shop_id');
  await knex.schema.alterTable('purchase_orders', (t) => {
    t.dropIndex(['shop_id', 'status']);
    if (pg) t.dropForeign(['shop_id']);
  });
  await knex.raw('ALTER TABLE purchase_orders DROP COLUMN shop_id');
  await knex.schema.alterTable('tills', (t) => {
    if (pg) t.dropForeign(['shop_id']);
  });
  await knex.raw('ALTER TABLE tills DROP COLUMN shop_id');
  const back = await knex('shop_settings').where({ shop_id: 1 }).select('key', 'value', 'updated_at');
  for (const r of back) await knex('settings').insert(r).onConflict('key').merge();
  await knex.schema.dropTableIfExists('shop_settings');
  await knex.schema.dropTableIfExists('shops');
}
