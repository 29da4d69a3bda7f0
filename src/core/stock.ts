// The stock ledger: every change of stock is a move with its reason and its
// author, and the article's quantity follows in the same transaction with an
// atomic increment (never read-modify-write, so two tills can't lose a unit).
import type { Knex } from 'knex';
import type { Clock } from './clock.js';
import { ValidationError } from './errors.js';
import { num } from './rows.js';

export const STOCK_REASONS = ['initial', 'sale', 'return', 'receipt', 'adjustment', 'count', 'loss'] as const;
export type StockReason = (typeof STOCK_REASONS)[number];

export interface StockMoveInput {
  articleId: number;
  /** thousandths, signed: positive adds to the shelf */
  quantity: number;
  reason: StockReason;
  saleId?: number | null;
  purchaseOrderId?: number | null;
  employeeId?: number | null;
  tillId?: number | null;
  note?: string;
}

/** Writes one move and updates the article's quantity; call inside the caller's transaction. */
export async function applyStockMove(trx: Knex, move: StockMoveInput, at: Date): Promise<void> {
  if (!Number.isInteger(move.quantity)) throw new ValidationError('Quantité de stock invalide');
  if (!(STOCK_REASONS as readonly string[]).includes(move.reason)) throw new ValidationError(`Motif de mouvement inconnu : ${move.reason}`);
  await trx('stock_moves').insert({
    article_id: move.articleId,
    quantity: move.quantity,
    reason: move.reason,
    sale_id: move.saleId ?? null,
    purchase_order_id: move.purchaseOrderId ?? null,
    employee_id: move.employeeId ?? null,
    till_id: move.tillId ?? null,
    note: move.note ?? '',
    created_at: at.toISOString(),
  });
  const updated = await trx('articles')
    .where({ id: move.articleId })
    .update({ stock_qty: trx.raw('stock_qty + ?', [move.quantity]) });
  if (updated !== 1) throw new ValidationError(`Article ${move.articleId} introuvable`);
}

export class StockService {
  constructor(private readonly knex: Knex, private readonly clock: Clock) {}

  async move(input: StockMoveInput): Promise<void> {
    await this.knex.transaction((trx) => applyStockMove(trx, input, this.clock()));
  }

  /** Stock recomputed from the ledger, to check it against the article's quantity. */
  async ledgerQuantity(articleId: number): Promise<number> {
    const row = await this.knex('stock_moves').where({ article_id: articleId }).sum({ q: 'quantity' }).first();
    return num(row?.q ?? 0);
  }
}
