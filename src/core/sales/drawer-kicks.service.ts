// Drawer kicks a cash sale owes. The sale's transaction records the kick as
// owed; it is settled when the drawer opens with the sale, or later with the
// owed-drawer key once the printer (which drives the drawer) answers again,
// once, audited with the employee. Any later opening settles older owed kicks.
import type { Knex } from 'knex';
import { appendAuditEvent } from '../fiscal/audit.service.js';
import type { Clock } from '../basics/clock.js';
import { SETTLED_BY_A_LATER_OPENING } from './sale-duties.js';
import { num } from '../basics/row-values.js';
import { writeTransaction } from '../basics/transaction.service.js';

export interface OwedDrawer {
  saleId: number;
  saleNumber: number;
}

/** Written in the sale's transaction. */
export async function oweDrawerKick(trx: Knex, tillId: number, saleId: number, at: Date): Promise<void> {
  await trx('drawer_kicks').insert({ till_id: tillId, sale_id: saleId, status: 'owed', created_at: at.toISOString() });
}

export class DrawerKickService {
  constructor(private readonly knex: Knex, private readonly clock: Clock, private readonly tillId: number) {}

  /** The most recent kick this till still owes, if any. */
  async owed(): Promise<OwedDrawer | null> {
    const row = await this.knex('drawer_kicks')
      .join('sales', 'sales.id', 'drawer_kicks.sale_id')
      .where({ 'drawer_kicks.till_id': this.tillId, 'drawer_kicks.status': 'owed' })
      .orderBy('drawer_kicks.id', 'desc')
      .first('drawer_kicks.sale_id as sale_id', 'sales.number as number');
    return row ? { saleId: num(row.sale_id), saleNumber: num(row.number) } : null;
  }

  /** The drawer opened with its sale: that kick and any older owed one are settled. */
  async openedWithSale(saleId: number): Promise<void> {
    const at = this.clock().toISOString();
    await writeTransaction(this.knex, async (trx) => {
      await trx('drawer_kicks').where({ till_id: this.tillId, sale_id: saleId, status: 'owed' }).update({ status: 'opened', opened_at: at });
      await this.settleOlder(trx, at);
    });
  }

  /**
   * The cashier opened the drawer owed to this sale with the key: settled
   * once, audited (`drawer_owed_open`) with the employee in the same
   * transaction. False when nothing was owed any more (already opened).
   */
  async openedByKey(saleId: number, employeeId: number): Promise<boolean> {
    const now = this.clock();
    return writeTransaction(this.knex, async (trx) => {
      const settled = await trx('drawer_kicks')
        .where({ till_id: this.tillId, sale_id: saleId, status: 'owed' })
        .update({ status: 'opened', opened_at: now.toISOString(), opened_by: employeeId });
      if (settled === 0) return false;
      await appendAuditEvent(trx, this.tillId, { kind: 'drawer_owed_open', employeeId, saleId }, now);
      await this.settleOlder(trx, now.toISOString());
      return true;
    });
  }

  /**
   * The drawer is about to open without a sale: the `no_sale` event is on
   * record before the device kicks, so no opening goes unaudited even if the
   * till dies right after. Owed kicks are not settled here: the kick may still
   * fail, and only an opening that happened settles them (`openedOtherwise()`
   * once the device answered).
   */
  async noSale(by: { employeeId: number | null; approverId: number | null }, details?: Record<string, unknown>): Promise<void> {
    const now = this.clock();
    await writeTransaction(this.knex, (trx) =>
      appendAuditEvent(trx, this.tillId, { kind: 'no_sale', employeeId: by.employeeId, approverId: by.approverId, details }, now),
    );
  }

  /** Some other opening (no-sale key, a later cash sale) let the cashier at the drawer. */
  async openedOtherwise(): Promise<void> {
    const at = this.clock().toISOString();
    await writeTransaction(this.knex, (trx) => this.settleOlder(trx, at));
  }

  private async settleOlder(trx: Knex, at: string): Promise<void> {
    await trx('drawer_kicks').where({ till_id: this.tillId, status: 'owed' }).update({ status: SETTLED_BY_A_LATER_OPENING, opened_at: at });
  }
}
