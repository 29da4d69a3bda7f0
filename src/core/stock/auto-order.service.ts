// Automatic ordering after a sale (setting 'orders.auto', off by default).
// It runs right AFTER the sale's transaction has committed, not inside it:
// the sale is already durable and can never fail or wait because of an
// order, and the order work takes its own short transaction. The price is
// that a crash between the two skips the trigger for that sale; the next
// sale of the article, or `pos orders propose`, catches it up.
import type { Knex } from 'knex';
import type { Clock } from '../basics/clock.js';
import { PurchasingService } from './purchasing.service.js';
import { SettingsService } from '../shop/settings.service.js';

/** Puts the sold articles now at or under the shop's reorder point on its draft orders; never throws. */
export async function reorderAfterSale(knex: Knex, clock: Clock, shopId: number, lines: Array<{ articleId: number | null; quantity: number }>): Promise<number[]> {
  try {
    if (!(await new SettingsService(knex, clock, null, shopId).get('orders.auto'))) return [];
    const sold = [...new Set(lines.filter((l) => l.articleId !== null && l.quantity > 0).map((l) => l.articleId!))];
    return await new PurchasingService(knex, clock, shopId).reorderArticles(sold);
  } catch (err) {
    // The sale is done; an order that could not be drafted now is proposed later.
    if (process.env.POS_DEBUG) process.stderr.write(`commande automatique impossible : ${(err as Error).message}\n`);
    return [];
  }
}
