// Tills: each has an id (`--till 2`), a name and the heads of its hash
// chains. A till is registered the first time it is used.
import type { Knex } from 'knex';
import type { Clock } from '../basics/clock.js';
import { GENESIS_HASH } from '../fiscal/journal.js';
import { num } from '../basics/row-values.js';

export interface Till {
  id: number;
  name: string;
  saleSeq: number;
  grandTotal: number;
}

export class TillsService {
  constructor(private readonly knex: Knex, private readonly clock: Clock) {}

  async ensure(id: number, name = `Caisse ${id}`): Promise<Till> {
    await this.knex('tills')
      .insert({
        id,
        name,
        sale_last_hash: GENESIS_HASH,
        closing_last_hash: GENESIS_HASH,
        audit_last_hash: GENESIS_HASH,
        created_at: this.clock().toISOString(),
      })
      .onConflict('id')
      .ignore();
    return (await this.get(id))!;
  }

  async get(id: number): Promise<Till | null> {
    const row = await this.knex('tills').where({ id }).first();
    return row ? { id: num(row.id), name: row.name, saleSeq: num(row.sale_seq), grandTotal: num(row.grand_total) } : null;
  }

  async list(): Promise<Till[]> {
    const rows = await this.knex('tills').orderBy('id');
    return rows.map((row) => ({ id: num(row.id), name: row.name, saleSeq: num(row.sale_seq), grandTotal: num(row.grand_total) }));
  }
}
