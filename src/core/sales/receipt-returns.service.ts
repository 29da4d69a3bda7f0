// Returns against the original receipt, the service side: opening a sale of
// any till of the shop with what is still returnable, and the check the
// sale's transaction makes so that two tills returning the same line at once
// never give back more than was sold (the rules are in returns.ts).
import type { Knex } from 'knex';
import { engineOf } from '../basics/db.service.js';
import { NotFoundError, ValidationError } from '../basics/errors.js';
import type { PaymentMethod } from './payment.js';
import { QTY_ONE } from '../basics/quantity.js';
import { num, numOrNull } from '../basics/row-values.js';
import { rowToSaleLine } from './sale-rows.js';
import {
  proposedRefundMethod,
  refundAmount,
  returnableLines,
  type ReturnableLine,
  type SoldLine,
} from './returns.js';
import type { Ticket, TicketTotals } from './ticket.js';

/** A sale opened for a return: its lines with what is left to return, and how it was paid. */
export interface OpenedReceipt {
  saleId: number;
  tillId: number;
  number: number;
  createdAt: string;
  customerId: number | null;
  total: number;
  lines: ReturnableLine[];
  payments: Array<{ method: PaymentMethod; amount: number }>;
  /** the tender to propose for the refund: the sale's own (card back to card) */
  proposedMethod: PaymentMethod | null;
}

/** A stored sale line as the return rules see it (the stored row has all they need). */
const soldLineOf = (r: Record<string, unknown>): SoldLine => rowToSaleLine(r);

/** Thousandths already returned of each line of a sale, by every committed return on any till. */
async function returnedByLine(knex: Knex, saleId: number): Promise<Map<number, number>> {
  const rows = await knex('sale_lines')
    .where({ origin_sale_id: saleId })
    .groupBy('origin_line_no')
    .select('origin_line_no')
    .sum({ q: 'quantity' });
  return new Map(rows.map((r: Record<string, unknown>) => [num(r.origin_line_no), -num(r.q)]));
}

export class ReceiptReturnsService {
  constructor(private readonly knex: Knex) {}

  /** The sale printed on a receipt (its till and number), ready to return from. */
  async open(ref: { tillId: number; number: number }): Promise<OpenedReceipt> {
    const sale = await this.knex('sales').where({ till_id: ref.tillId, number: ref.number }).first();
    if (!sale) throw new NotFoundError(`Ticket n° ${ref.number} de la caisse ${ref.tillId} introuvable`);
    const saleId = num(sale.id);
    const [lines, payments, returned] = await Promise.all([
      this.knex('sale_lines').where({ sale_id: saleId }).orderBy('line_no'),
      this.knex('payments').where({ sale_id: saleId }).orderBy('line_no'),
      returnedByLine(this.knex, saleId),
    ]);
    const paid = payments.map((p: Record<string, unknown>) => ({ method: String(p.method) as PaymentMethod, amount: num(p.amount) }));
    return {
      saleId,
      tillId: num(sale.till_id),
      number: num(sale.number),
      createdAt: String(sale.created_at),
      customerId: numOrNull(sale.customer_id),
      total: num(sale.total),
      lines: returnableLines(lines.map(soldLineOf), returned),
      payments: paid,
      proposedMethod: proposedRefundMethod(paid),
    };
  }
}

/**
 * Called INSIDE the sale's transaction, before anything is written: each
 * return line against a receipt must stay within what its sale line sold
 * minus what every committed return took back, and give back exactly its
 * share of what was paid. The original sale's row is locked first (SQLite
 * already holds its single write lock), so a second till returning the same
 * line waits here and then sees this return.
 */
export async function checkReceiptReturns(trx: Knex, ticket: Ticket, totals: TicketTotals): Promise<void> {
  const bySale = new Map<number, number[]>();
  ticket.lines.forEach((l, i) => {
    if (!l.origin) return;
    if (l.quantity >= 0) throw new ValidationError(`${l.name} : un retour sur ticket est une quantité rendue`);
    bySale.set(l.origin.saleId, [...(bySale.get(l.origin.saleId) ?? []), i]);
  });
  for (const saleId of [...bySale.keys()].sort((a, b) => a - b)) {
    const locked = engineOf(trx) === 'pg'
      ? await trx('sales').where({ id: saleId }).forUpdate().first('id', 'number')
      : await trx('sales').where({ id: saleId }).first('id', 'number');
    if (!locked) throw new NotFoundError(`Vente d'origine ${saleId} introuvable`);
    const sold = new Map(
      (await trx('sale_lines').where({ sale_id: saleId })).map((r: Record<string, unknown>) => [num(r.line_no), soldLineOf(r)] as const),
    );
    const returned = await returnedByLine(trx, saleId);
    for (const i of bySale.get(saleId)!) {
      const line = ticket.lines[i]!;
      const from = sold.get(line.origin!.lineNo);
      if (!from || from.quantity <= 0 || from.articleId !== line.articleId) {
        throw new ValidationError(`${line.name} : ligne introuvable sur le ticket n° ${num(locked.number)}`);
      }
      const before = returned.get(from.lineNo) ?? 0;
      const quantity = -line.quantity;
      if (before + quantity > from.quantity) {
        const left = Math.max(0, from.quantity - before);
        throw new ValidationError(
          `${line.name} : ${left === 0 ? 'déjà rendu en entier' : `au plus ${left / QTY_ONE} à rendre`} (ticket n° ${num(locked.number)})`,
        );
      }
      // Another return of this line since the screen opened changes the cents: the cashier opens it again.
      if (-totals.lines[i]!.total !== refundAmount(from, before, quantity)) {
        throw new ValidationError(`${line.name} : le ticket n° ${num(locked.number)} a changé, annulez la ligne et refaites le retour`);
      }
      returned.set(from.lineNo, before + quantity);
    }
  }
}
