// The till's local copy of what selling needs, in its own SQLite file, so the
// till keeps selling when the server cannot be reached (issue #9): tax rates,
// categories, articles with their barcodes, search terms and price levels,
// the till's own shop (its settings, its stock and prices: issue #22),
// promotions, settings, employees (PIN hashes, so cashiers log in offline)
// and the shops they work in (with each shop's own settings),
// and this till's row (sale number, journal head, grand totals), which lets an
// offline sale take the next number and the next hash of the till's chain.
// It also keeps the shifts open on the server, so an employee clocks out
// during an outage a shift clocked in online.
import type { Knex } from 'knex';
import { reindexArticles } from '../catalogue/search-index.service.js';
import { GENESIS_HASH } from '../fiscal/journal.js';
import { num } from '../basics/row-values.js';
import type { Sale } from '../sales/sales.service.js';
import { openShifts } from '../staff/time-clock.service.js';
import { writeTransaction } from '../basics/transaction.service.js';

/**
 * Tables copied row for row, parents first. `keys` is the primary key the copy
 * upserts on; `replace` tables are emptied first (nothing local points to
 * them), the others are upserted because local sales may point to their rows.
 * `unique` lists an upserted table's other unique columns (db/migrations/001_schema.ts):
 * a value the server moved from one row to another (two articles swapping PLUs)
 * must be freed locally before the upsert gives it to its new row.
 */
interface CachedTable {
  table: string;
  keys: string[];
  replace?: boolean;
  unique?: Array<{ column: string; nullable: boolean }>;
  /** only this till's shop's rows (its own settings, its stock and prices): the rest is no business of its file */
  ownShop?: boolean;
}

const CACHED_TABLES: CachedTable[] = [
  { table: 'settings', keys: ['key'], replace: true },
  { table: 'shops', keys: ['id'], unique: [{ column: 'code', nullable: false }] },
  { table: 'shop_settings', keys: ['shop_id', 'key'], replace: true, ownShop: true },
  { table: 'tax_rates', keys: ['id'], unique: [{ column: 'code', nullable: false }] },
  { table: 'categories', keys: ['id'], unique: [{ column: 'name', nullable: false }] },
  { table: 'suppliers', keys: ['id'], unique: [{ column: 'name', nullable: false }] },
  { table: 'customer_groups', keys: ['id'], unique: [{ column: 'name', nullable: false }] },
  { table: 'employees', keys: ['id'] },
  // Who works in which shop: an offline PIN is checked against the till's shop as online (issue #22).
  { table: 'employee_shops', keys: ['employee_id', 'shop_id'], replace: true },
  { table: 'articles', keys: ['id'], unique: [{ column: 'plu', nullable: true }] },
  { table: 'article_barcodes', keys: ['id'], replace: true },
  { table: 'article_search_terms', keys: ['term', 'article_id'], replace: true },
  { table: 'article_prices', keys: ['article_id', 'price_level'], replace: true },
  { table: 'shop_articles', keys: ['shop_id', 'article_id'], replace: true, ownShop: true },
  { table: 'shop_grids', keys: ['shop_id', 'category_id'], replace: true, ownShop: true },
  // A promotion limited to a segment points to it (foreign key): the segment comes first.
  { table: 'customer_segments', keys: ['id'], unique: [{ column: 'name', nullable: false }] },
  { table: 'promotions', keys: ['id'] },
];

const CHUNK = 200;

export class LocalCache {
  /** shopId: the till's shop, whose stock, prices and settings the file holds */
  constructor(private readonly server: Knex, private readonly local: Knex, private readonly tillId: number, private readonly shopId = 1) {}

  /** Copies the catalogue, staff and settings from the server (at till start, then now and then). */
  async refreshCatalogue(): Promise<void> {
    const copies: Array<CachedTable & { rows: Record<string, unknown>[] }> = [];
    // Read everything first: the local write transaction stays short.
    for (const spec of CACHED_TABLES) {
      const q = this.server(spec.table).select('*');
      if (spec.ownShop) q.where({ shop_id: this.shopId });
      copies.push({ ...spec, rows: await q });
    }
    await writeTransaction(this.local, async (trx) => {
      const indexedBefore = new Map((await trx('articles').select('id', 'name_search', 'active')).map((r) => [num(r.id), `${Boolean(r.active)}:${String(r.name_search)}`]));
      for (const copy of [...copies].reverse()) if (copy.replace) await trx(copy.table).delete();
      for (const copy of copies) {
        if (!copy.replace) await freeMovedValues(trx, copy, copy.rows);
        for (let i = 0; i < copy.rows.length; i += CHUNK) {
          const rows = copy.rows.slice(i, i + CHUNK);
          if (copy.replace) await trx(copy.table).insert(rows);
          else await trx(copy.table).insert(rows).onConflict(copy.keys).merge();
        }
      }
      // The search index is rebuilt here for the articles new or renamed or put on or off sale, not copied whole.
      const articles = copies.find((c) => c.table === 'articles')!.rows;
      await reindexArticles(trx, articles.filter((r) => indexedBefore.get(num(r.id)) !== `${Boolean(r.active)}:${String(r.name_search)}`).map((r) => num(r.id)));
    });
  }

  /** Copies this till's row from the server: only while no offline sale waits, or the local chain would go back. */
  async refreshTill(): Promise<void> {
    const till = await this.server('tills').where({ id: this.tillId }).first();
    if (!till) return;
    const row = {
      id: num(till.id),
      name: String(till.name),
      shop_id: num(till.shop_id),
      sale_seq: num(till.sale_seq),
      sale_last_hash: String(till.sale_last_hash || GENESIS_HASH),
      grand_total: num(till.grand_total),
      grand_total_abs: num(till.grand_total_abs),
      closing_last_hash: GENESIS_HASH,
      audit_last_hash: GENESIS_HASH,
      created_at: String(till.created_at),
    };
    await writeTransaction(this.local, async (trx) => {
      await trx('tills').insert(row).onConflict('id').merge(['name', 'shop_id', 'sale_seq', 'sale_last_hash', 'grand_total', 'grand_total_abs']);
    });
  }

  /**
   * Copies the shifts open on the server (marked server_copy: not work to
   * send) so an employee clocked in online, here or at another till, can
   * clock out during an outage; the drain then sends that clock-out. Open
   * copies are replaced by the server's current ones. Left alone: a copy
   * clocked out offline (it waits for the drain) and an employee whose own
   * offline shift is open here (the drain settles it with the server). An
   * employee the local file does not know yet waits for the catalogue copy.
   */
  async refreshOpenShifts(): Promise<void> {
    const open = await openShifts(this.server);
    const tillIds = [...new Set(open.map((s) => s.tillId))];
    const tills = tillIds.length > 0 ? await this.server('tills').whereIn('id', tillIds).select('id', 'name', 'created_at') : [];
    await writeTransaction(this.local, async (trx) => {
      await trx('time_clock').where({ server_copy: true }).whereNull('clock_out').delete();
      // Another till's shift points to that till: its name is enough locally (this file sells as its own till only).
      for (const till of tills) await trx('tills').insert({ id: till.id, name: till.name, created_at: till.created_at }).onConflict('id').ignore();
      const employees = new Set((await trx('employees').select('id')).map((r) => num(r.id)));
      const busy = new Set((await trx('time_clock').whereNull('clock_out').select('employee_id')).map((r) => num(r.employee_id)));
      const held = new Set((await trx('time_clock').whereNotNull('origin_uuid').select('origin_uuid')).map((r) => String(r.origin_uuid)));
      for (const shift of open) {
        if (!shift.originUuid || !employees.has(shift.employeeId) || busy.has(shift.employeeId) || held.has(shift.originUuid)) continue;
        await trx('time_clock').insert({
          employee_id: shift.employeeId,
          till_id: shift.tillId,
          clock_in: shift.clockIn,
          clock_out: null,
          origin_uuid: shift.originUuid,
          server_copy: true,
        });
        busy.add(shift.employeeId);
      }
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

/** What names a row across both files: its key columns' values. */
function keyOf(row: Record<string, unknown>, keys: string[]): string {
  return keys.map((k) => String(row[k])).join('\u0000');
}

/**
 * Parks, inside the copy's transaction, the unique values local rows hold but
 * the server now gives to another row (a PLU swap, a renamed category taking
 * an old name), so the upsert that follows never hits the local constraint.
 * A nullable column is parked as null; a required one as a value no shop types
 * (the row's own key behind a NUL), which its own upsert then overwrites. Rows
 * are updated, never deleted: local sales may point to them.
 */
async function freeMovedValues(trx: Knex, copy: CachedTable, incoming: Record<string, unknown>[]): Promise<void> {
  for (const { column, nullable } of copy.unique ?? []) {
    const ownerOf = new Map<string, string>();
    for (const row of incoming) if (row[column] !== null && row[column] !== undefined) ownerOf.set(String(row[column]), keyOf(row, copy.keys));
    const local = await trx(copy.table).whereNotNull(column).select([...copy.keys, column]);
    for (const row of local) {
      const owner = ownerOf.get(String(row[column]));
      const key = keyOf(row, copy.keys);
      if (owner === undefined || owner === key) continue;
      const where = Object.fromEntries(copy.keys.map((k) => [k, row[k]]));
      await trx(copy.table).where(where).update({ [column]: nullable ? null : `\u0000parked ${key}` });
    }
  }
}
