// The till's local copy of what selling needs, in its own SQLite file, so the
// till keeps selling when the server cannot be reached (issue #9): tax rates,
// categories, articles with their barcodes, search terms and price levels,
// promotions, settings, employees (PIN hashes, so cashiers log in offline)
// and this till's row (sale number, journal head, grand totals), which lets an
// offline sale take the next number and the next hash of the till's chain.
import type { Knex } from 'knex';
import { GENESIS_HASH } from './journal.js';
import { num } from './rows.js';
import type { Sale } from './sales.js';
import { writeTransaction } from './transaction.js';

/**
 * Tables copied row for row, parents first. `keys` is the primary key the copy
 * upserts on; `replace` tables are emptied first (nothing local points to
 * them), the others are upserted because local sales may point to their rows.
 */
const CACHED_TABLES: Array<{ table: string; keys: string[]; replace?: boolean }> = [
  { table: 'settings', keys: ['key'], replace: true },
  { table: 'tax_rates', keys: ['id'] },
  { table: 'categories', keys: ['id'] },
  { table: 'suppliers', keys: ['id'] },
  { table: 'customer_groups', keys: ['id'] },
  { table: 'employees', keys: ['id'] },
  { table: 'articles', keys: ['id'] },
  { table: 'article_barcodes', keys: ['id'], replace: true },
  { table: 'article_search_terms', keys: ['term', 'article_id'], replace: true },
  { table: 'article_prices', keys: ['article_id', 'price_level'], replace: true },
  { table: 'promotions', keys: ['id'] },
];

const CHUNK = 200;

export class LocalCache {
  constructor(private readonly server: Knex, private readonly local: Knex, private readonly tillId: number) {}

  /** Copies the catalogue, staff and settings from the server (at till start, then now and then). */
  async refreshCatalogue(): Promise<void> {
    const copies: Array<{ table: string; keys: string[]; replace?: boolean; rows: Record<string, unknown>[] }> = [];
    // Read everything first: the local write transaction stays short.
    for (const spec of CACHED_TABLES) copies.push({ ...spec, rows: await this.server(spec.table).select('*') });
    await writeTransaction(this.local, async (trx) => {
      for (const copy of [...copies].reverse()) if (copy.replace) await trx(copy.table).delete();
      for (const copy of copies) {
        for (let i = 0; i < copy.rows.length; i += CHUNK) {
          const rows = copy.rows.slice(i, i + CHUNK);
          if (copy.replace) await trx(copy.table).insert(rows);
          else await trx(copy.table).insert(rows).onConflict(copy.keys).merge();
        }
      }
    });
  }

  /** Copies this till's row from the server: only while no offline sale waits, or the local chain would go back. */
  async refreshTill(): Promise<void> {
    const till = await this.server('tills').where({ id: this.tillId }).first();
    if (!till) return;
    const row = {
      id: num(till.id),
      name: String(till.name),
      sale_seq: num(till.sale_seq),
      sale_last_hash: String(till.sale_last_hash || GENESIS_HASH),
      grand_total: num(till.grand_total),
      grand_total_abs: num(till.grand_total_abs),
      closing_last_hash: GENESIS_HASH,
      audit_last_hash: GENESIS_HASH,
      created_at: String(till.created_at),
    };
    await writeTransaction(this.local, async (trx) => {
      await trx('tills').insert(row).onConflict('id').merge(['name', 'sale_seq', 'sale_last_hash', 'grand_total', 'grand_total_abs']);
    });
  }

  /** After an online sale: the local head follows the server's without asking it again. */
  async followSale(sale: Sale): Promise<void> {
    await writeTransaction(this.local, async (trx) => {
      await trx('tills')
        .where({ id: this.tillId })
        .update({ sale_seq: sale.number, sale_last_hash: sale.hash, grand_total: sale.grandTotal, grand_total_abs: sale.grandTotalAbs });
    });
  }
}
