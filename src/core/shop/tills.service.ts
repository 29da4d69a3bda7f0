// Tills: each has an id (`--till 2`), a name and the heads of its hash
// chains. A till is registered the first time it is used.
import type { Knex } from 'knex';
import type { Clock } from '../basics/clock.js';
import { GENESIS_HASH } from '../fiscal/journal.js';
import { appendAuditEvent } from '../fiscal/audit.service.js';
import { TECHNICAL_EVENTS } from '../fiscal/technical-events.js';
import { num } from '../basics/row-values.js';
import { writeTransaction } from '../basics/transaction.service.js';

export interface Till {
  id: number;
  name: string;
  /** the shop it sells in */
  shopId: number;
  saleSeq: number;
  grandTotal: number;
}

export class TillsService {
  constructor(private readonly knex: Knex, private readonly clock: Clock) {}

  /** Registers the till (in shopId's shop) if it is new; a known till keeps its shop. */
  async ensure(id: number, name = `Caisse ${id}`, shopId = 1): Promise<Till> {
    await this.knex('tills')
      .insert({
        id,
        name,
        shop_id: shopId,
        sale_last_hash: GENESIS_HASH,
        closing_last_hash: GENESIS_HASH,
        audit_last_hash: GENESIS_HASH,
        created_at: this.clock().toISOString(),
      })
      .onConflict('id')
      .ignore();
    return (await this.get(id))!;
  }

  /** Registers the till (in shopId's shop) if it is new; true when this call added it. */
  async register(id: number, shopId = 1): Promise<boolean> {
    const known = await this.knex('tills').where({ id }).first('id');
    if (known) return false;
    await this.ensure(id, undefined, shopId);
    return true;
  }

  /**
   * NF525 technical events of a database's and a till's first use (data
   * initialised, till added), on the till's chain once its key exists. Each
   * kind is written once a till: two processes starting together find it.
   */
  async recordSetup(id: number, events: { dataInit: boolean; tillAdded: boolean }): Promise<void> {
    const kinds = [...(events.dataInit ? [TECHNICAL_EVENTS.DATA_INIT] : []), ...(events.tillAdded ? [TECHNICAL_EVENTS.TILL_ADDED] : [])];
    if (kinds.length === 0) return;
    await writeTransaction(this.knex, async (trx) => {
      // Takes the till's row first (as a sale does), so the check and the event go together.
      await trx('tills').where({ id }).update({ audit_seq: trx.raw('audit_seq') });
      for (const kind of kinds) {
        if (await trx('audit_events').where({ till_id: id, kind }).first('id')) continue;
        await appendAuditEvent(trx, id, { kind, details: { tillId: id } }, this.clock());
      }
    });
  }

  async get(id: number): Promise<Till | null> {
    const row = await this.knex('tills').where({ id }).first();
    return row ? { id: num(row.id), name: row.name, shopId: num(row.shop_id), saleSeq: num(row.sale_seq), grandTotal: num(row.grand_total) } : null;
  }

  async list(): Promise<Till[]> {
    const rows = await this.knex('tills').orderBy('id');
    return rows.map((row) => ({ id: num(row.id), name: row.name, shopId: num(row.shop_id), saleSeq: num(row.sale_seq), grandTotal: num(row.grand_total) }));
  }
}
