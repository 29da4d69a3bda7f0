// The stock ledger: every change of stock is a move with its reason and its
// author, and the article's quantity follows in the same transaction with an
// atomic increment (never read-modify-write, so two tills can't lose a unit).
import { checkTextField } from '../basics/text-fields.js';
import { isCalendarDate } from '../basics/calendar.js';
import type { Knex } from 'knex';
import { audited, type Actor } from '../fiscal/audit.service.js';
import type { Clock } from '../basics/clock.js';
import { InputError, NotFoundError, ValidationError } from '../basics/errors.js';
import { MAX_QTY, QTY_ONE, type Unit } from '../basics/quantity.js';
import { bool, num, numOrNull } from '../basics/row-values.js';
import { StockCount, type CountLine } from './stock-count.js';
import { SHOP_MIN_STOCK, SHOP_STOCK } from '../catalogue/article.js';
import { writeTransaction } from '../basics/transaction.service.js';
import { insertMany } from '../basics/rows.service.js';

// 'transfer': goods sent to or received from another shop of the company (transfers.service.ts).
export const STOCK_REASONS = ['initial', 'sale', 'return', 'receipt', 'adjustment', 'count', 'loss', 'transfer'] as const;
export type StockReason = (typeof STOCK_REASONS)[number];

export interface StockMoveInput {
  /** whose shelf: every move names its shop (issue #22) */
  shopId: number;
  articleId: number;
  /** thousandths, signed: positive adds to the shelf */
  quantity: number;
  reason: StockReason;
  saleId?: number | null;
  purchaseOrderId?: number | null;
  /** the transfer between shops the move sends or receives */
  transferId?: number | null;
  employeeId?: number | null;
  tillId?: number | null;
  note?: string;
}

/**
 * The order in which a transaction touching several articles moves their
 * stock: by id. Two tills (or a till and a receipt) then lock the same rows in
 * the same order and queue behind each other instead of deadlocking on
 * PostgreSQL. Returns a sorted copy.
 */
export function inArticleOrder<T extends { articleId: number | null }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.articleId ?? 0) - (b.articleId ?? 0));
}

/** Writes one move and updates the shop's quantity of the article, tracked or not; call inside the caller's transaction. */
export async function applyStockMove(trx: Knex, move: StockMoveInput, at: Date): Promise<void> {
  const row = stockMoveRow(move, at);
  const moved = await addToShopStock(trx, move.shopId, new Map([[move.articleId, move.quantity]]), at, { trackedOnly: false });
  if (!moved.has(move.articleId)) throw new ValidationError(`Article ${move.articleId} introuvable`);
  await trx('stock_moves').insert(row);
}

/**
 * A sale's moves (one shop's), for the articles whose stock is tracked (the
 * others, or an article gone, are skipped): one statement moves every
 * article's quantity, then the moves of those are written in one insert.
 */
export async function applyTrackedStockMoves(trx: Knex, moves: readonly StockMoveInput[], at: Date): Promise<void> {
  if (moves.length === 0) return;
  const rows = moves.map((move) => stockMoveRow(move, at)); // every move checked before anything is written
  const shops = new Set(moves.map((m) => m.shopId));
  if (shops.size !== 1) throw new Error('applyTrackedStockMoves: the moves of one shop at a time');
  const tracked = await addToShopStock(trx, moves[0]!.shopId, quantityByArticle(moves), at, { trackedOnly: true });
  await insertMany(trx, 'stock_moves', rows.filter((_, i) => tracked.has(moves[i]!.articleId)));
}

/**
 * Adds each article's quantity to the shop's stock in one statement, the same
 * on both engines: an upsert of shop_articles (a shop's first move of an
 * article makes its row) from the articles that exist (and track their stock,
 * when trackedOnly), in article order. On PostgreSQL the rows are locked in
 * that order, so two tills selling the same articles queue and never
 * deadlock; only the shop's rows are locked, never the catalogue's, so shops
 * do not wait on each other. The ids whose stock moved.
 */
async function addToShopStock(trx: Knex, shopId: number, byArticle: ReadonlyMap<number, number>, at: Date, options: { trackedOnly: boolean }): Promise<Set<number>> {
  if (byArticle.size === 0) return new Set();
  const ids = [...byArticle.keys()].sort((a, b) => a - b);
  const values = ids.map(() => '(CAST(? AS INTEGER), CAST(? AS INTEGER))').join(', ');
  const result = (await trx.raw(
    `INSERT INTO shop_articles (shop_id, article_id, stock_qty, changed_at) ` +
      `SELECT CAST(? AS INTEGER), a.id, v.column2, ? FROM articles a JOIN (VALUES ${values}) v ON v.column1 = a.id ` +
      `WHERE ${options.trackedOnly ? 'a.track_stock' : 'TRUE'} ORDER BY a.id ` +
      `ON CONFLICT (shop_id, article_id) DO UPDATE SET stock_qty = shop_articles.stock_qty + excluded.stock_qty, changed_at = excluded.changed_at ` +
      `RETURNING article_id`,
    [shopId, at.toISOString(), ...ids.flatMap((id) => [id, byArticle.get(id)!])],
  )) as Array<{ article_id: number }> | { rows: Array<{ article_id: number }> };
  return new Set((Array.isArray(result) ? result : result.rows).map((r) => num(r.article_id)));
}

/** Each article's quantity over the moves (an article on several lines, added): what its one row adds. */
function quantityByArticle(moves: readonly StockMoveInput[]): Map<number, number> {
  const byArticle = new Map<number, number>();
  for (const move of moves) byArticle.set(move.articleId, (byArticle.get(move.articleId) ?? 0) + move.quantity);
  return byArticle;
}

/** The ledger row of a move, once its shop, quantity, reason and note are checked. */
function stockMoveRow(move: StockMoveInput, at: Date): Record<string, unknown> {
  if (!Number.isSafeInteger(move.shopId) || move.shopId < 1) throw new InputError('Boutique invalide');
  if (!Number.isInteger(move.quantity)) throw new InputError('Quantité de stock invalide');
  if (!(STOCK_REASONS as readonly string[]).includes(move.reason)) throw new InputError(`Motif de mouvement inconnu : ${move.reason}`);
  checkTextField('stockNote', move.note);
  return {
    shop_id: move.shopId,
    article_id: move.articleId,
    quantity: move.quantity,
    reason: move.reason,
    sale_id: move.saleId ?? null,
    purchase_order_id: move.purchaseOrderId ?? null,
    transfer_id: move.transferId ?? null,
    employee_id: move.employeeId ?? null,
    till_id: move.tillId ?? null,
    note: move.note ?? '',
    created_at: at.toISOString(),
  };
}

/** A shop's kept quantity of an article (thousandths; 0 before its first move there). */
export async function shopStockQuantity(knex: Knex, shopId: number, articleId: number): Promise<number> {
  const row = await knex('shop_articles').where({ shop_id: shopId, article_id: articleId }).first('stock_qty');
  return num(row?.stock_qty ?? 0);
}

/** One line of the ledger, as the back office and reports show it. */
export interface StockMove {
  id: number;
  articleId: number;
  quantity: number;
  reason: StockReason;
  saleId: number | null;
  purchaseOrderId: number | null;
  transferId: number | null;
  employeeId: number | null;
  employeeName: string;
  tillId: number | null;
  note: string;
  createdAt: string;
}

/** An article at or under its minimum stock, with what is already coming. */
export interface LowStockRow {
  articleId: number;
  plu: string | null;
  name: string;
  unit: Unit;
  category: string;
  stockQty: number;
  minStock: number;
  supplierId: number | null;
  supplier: string;
  supplierRef: string;
  /** thousandths ordered from suppliers (orders sent or partly received) and not yet received */
  onOrder: number;
}

export interface MoveAuthor {
  employeeId?: number | null;
  tillId?: number | null;
  note?: string;
}

export const MANUAL_REASONS = ['adjustment', 'loss'] as const;
export type ManualReason = (typeof MANUAL_REASONS)[number];

/** The checks every hand-typed quantity goes through: whole thousandths, in range, whole units for unit articles. */
export function checkStockQuantity(quantity: number, unit: Unit, what = 'Quantité'): void {
  if (!Number.isSafeInteger(quantity)) throw new InputError(`${what} invalide`);
  if (Math.abs(quantity) > MAX_QTY) throw new InputError(`${what} trop grande`);
  if (unit === 'unit' && quantity % QTY_ONE !== 0) throw new InputError(`${what} : nombre entier attendu pour un article à l'unité`);
}

interface TrackedArticle {
  id: number;
  name: string;
  unit: Unit;
  stockQty: number;
}

/** The article as a count or a correction in a shop sees it: its unit and that shop's quantity. */
async function trackedArticle(knex: Knex, shopId: number, articleId: number): Promise<TrackedArticle> {
  const row = await knex('articles as a')
    .leftJoin('shop_articles as sa', (j) => j.on('sa.article_id', 'a.id').andOnVal('sa.shop_id', shopId))
    .where('a.id', articleId)
    .first('a.id', 'a.name', 'a.unit', 'sa.stock_qty', 'a.track_stock');
  if (!row) throw new NotFoundError(`Article ${articleId} introuvable`);
  if (!bool(row.track_stock)) throw new ValidationError(`« ${String(row.name)} » n'est pas suivi en stock`);
  return { id: num(row.id), name: String(row.name), unit: row.unit === 'kg' ? 'kg' : 'unit', stockQty: num(row.stock_qty ?? 0) };
}

function toMove(r: Record<string, unknown>): StockMove {
  return {
    id: num(r.id),
    articleId: num(r.article_id),
    quantity: num(r.quantity),
    reason: String(r.reason) as StockReason,
    saleId: numOrNull(r.sale_id),
    purchaseOrderId: numOrNull(r.purchase_order_id),
    transferId: numOrNull(r.transfer_id),
    employeeId: numOrNull(r.employee_id),
    employeeName: String(r.employee_name ?? ''),
    tillId: numOrNull(r.till_id),
    note: String(r.note ?? ''),
    createdAt: String(r.created_at),
  };
}

/** The day after a YYYY-MM-DD date, for half-open ranges over ISO instants. */
function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00.000Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}


/** One shop's stock: its ledger, counts and corrections (shop 1 unless said). */
export class StockService {
  constructor(private readonly knex: Knex, private readonly clock: Clock, readonly shopId = 1) {}

  async move(input: Omit<StockMoveInput, 'shopId'>): Promise<void> {
    await writeTransaction(this.knex, (trx) => applyStockMove(trx, { ...input, shopId: this.shopId }, this.clock()));
  }

  /** Stock recomputed from the shop's ledger, to check it against its kept quantity; `before` a YYYY-MM-DD day (UTC) gives the stock at its start. */
  async ledgerQuantity(articleId: number, before?: string): Promise<number> {
    const q = this.knex('stock_moves').where({ shop_id: this.shopId, article_id: articleId });
    if (before !== undefined) q.andWhere('created_at', '<', before);
    const row = await q.sum({ q: 'quantity' }).first();
    return num(row?.q ?? 0);
  }

  /** The shop's kept quantity of the article (thousandths). */
  async quantity(articleId: number): Promise<number> {
    const row = await this.knex('articles').where({ id: articleId }).first('id');
    if (!row) throw new NotFoundError(`Article ${articleId} introuvable`);
    return shopStockQuantity(this.knex, this.shopId, articleId);
  }

  /**
   * Goods received without a supplier order. A given cost (cents excl. tax,
   * per unit or per kg) becomes the article's cost, so valuation follows the
   * last purchase price. Returns the new stock.
   */
  async receive(articleId: number, quantity: number, options: MoveAuthor & { cost?: number } = {}, actor?: Actor): Promise<number> {
    if (actor) return audited(this.knex, actor, this.clock, (trx) => new StockService(trx, this.clock, this.shopId).receive(articleId, quantity, options), (after) => ({ kind: 'stock', articleId, details: { action: 'receive', quantity, cost: options.cost ?? null, note: options.note ?? '', stock: after } }));
    const article = await trackedArticle(this.knex, this.shopId, articleId);
    checkStockQuantity(quantity, article.unit);
    if (quantity <= 0) throw new InputError('La quantité reçue doit être positive');
    if (options.cost !== undefined && (!Number.isSafeInteger(options.cost) || options.cost < 0)) throw new InputError('Coût invalide');
    return writeTransaction(this.knex, async (trx) => {
      const now = this.clock();
      await applyStockMove(trx, { shopId: this.shopId, articleId, quantity, reason: 'receipt', employeeId: options.employeeId, tillId: options.tillId, note: options.note }, now);
      if (options.cost !== undefined) await trx('articles').where({ id: articleId }).update({ cost: options.cost, updated_at: now.toISOString() });
      return shopStockQuantity(trx, this.shopId, articleId);
    });
  }

  /**
   * A correction by hand: 'adjustment' in either direction (found, miscounted),
   * 'loss' only downwards (broken, expired, stolen). Returns the new stock.
   */
  async adjust(articleId: number, delta: number, reason: ManualReason, options: MoveAuthor = {}, actor?: Actor): Promise<number> {
    if (actor) return audited(this.knex, actor, this.clock, (trx) => new StockService(trx, this.clock, this.shopId).adjust(articleId, delta, reason, options), (after) => ({ kind: 'stock', articleId, details: { action: reason, quantity: delta, note: options.note ?? '', stock: after } }));
    if (!(MANUAL_REASONS as readonly string[]).includes(reason)) throw new InputError(`Motif « ${String(reason)} » refusé (adjustment ou loss)`);
    const article = await trackedArticle(this.knex, this.shopId, articleId);
    checkStockQuantity(delta, article.unit);
    if (delta === 0) throw new InputError('Quantité nulle : rien à corriger');
    if (reason === 'loss' && delta > 0) throw new InputError('Une perte retire du stock : quantité négative attendue');
    return writeTransaction(this.knex, async (trx) => {
      await applyStockMove(trx, { shopId: this.shopId, articleId, quantity: delta, reason, employeeId: options.employeeId, tillId: options.tillId, note: options.note }, this.clock());
      return shopStockQuantity(trx, this.shopId, articleId);
    });
  }

  /** A new inventory count, held by the caller (screen or command) until it is posted. */
  startCount(): StockCount {
    return new StockCount(this.clock());
  }

  /** Records a counted quantity (replacing the previous one) and returns the line with its difference. */
  async record(count: StockCount, articleId: number, counted: number): Promise<CountLine> {
    const article = await trackedArticle(this.knex, this.shopId, articleId);
    return count.set(article, counted, this.clock());
  }

  /** Adds to a counted quantity (the same article found on a second shelf). */
  async recordMore(count: StockCount, articleId: number, more: number): Promise<CountLine> {
    const article = await trackedArticle(this.knex, this.shopId, articleId);
    return count.set(article, (count.line(articleId)?.counted ?? 0) + more, this.clock());
  }

  /**
   * Posts the differences of a count as 'count' moves, all in one transaction.
   * Each line moves the stock by (counted - stock when the article was scanned):
   * a sale or receipt made after the scan is kept, so the stock ends equal to the
   * counted quantity plus what moved since. Lines without a difference write nothing.
   */
  async postCount(count: StockCount, options: MoveAuthor = {}, actor?: Actor): Promise<CountLine[]> {
    if (actor) return audited(this.knex, actor, this.clock, (trx) => new StockService(trx, this.clock, this.shopId).postCount(count, options), (lines) => ({ kind: 'stock', details: { action: 'count', counted: lines.length, differences: lines.filter((l) => l.difference !== 0).length } }));
    const lines = count.lines();
    if (lines.length === 0) throw new ValidationError('Inventaire vide : aucun article compté');
    if (count.posted) throw new ValidationError('Inventaire déjà validé');
    await writeTransaction(this.knex, async (trx) => {
      const now = this.clock();
      for (const l of inArticleOrder(lines)) {
        if (l.difference === 0) continue;
        const note = options.note ?? `inventaire : compté ${l.counted}, attendu ${l.expected}`;
        await applyStockMove(trx, { shopId: this.shopId, articleId: l.articleId, quantity: l.difference, reason: 'count', employeeId: options.employeeId, tillId: options.tillId, note }, now);
      }
    });
    count.posted = true;
    return lines;
  }

  /** The moves of an article, oldest first; from/to are YYYY-MM-DD days (UTC), both included. */
  async moves(articleId: number, range: { from?: string; to?: string; limit?: number } = {}): Promise<StockMove[]> {
    for (const d of [range.from, range.to]) if (d !== undefined && !isCalendarDate(d)) throw new InputError(`Date invalide : « ${d} » (AAAA-MM-JJ)`);
    const q = this.knex('stock_moves as m')
      .leftJoin('employees as e', 'e.id', 'm.employee_id')
      .where({ 'm.shop_id': this.shopId, 'm.article_id': articleId })
      .select('m.*', 'e.name as employee_name')
      .orderBy([{ column: 'm.created_at' }, { column: 'm.id' }]);
    if (range.from) q.andWhere('m.created_at', '>=', range.from);
    if (range.to) q.andWhere('m.created_at', '<', nextDay(range.to));
    if (range.limit) q.limit(range.limit);
    return (await q).map(toMove);
  }

  /** Every active tracked article at or under the shop's minimum stock, the emptiest (relative to its minimum) first. */
  async lowStock(): Promise<LowStockRow[]> {
    const onOrder = this.knex('purchase_order_lines as l')
      .join('purchase_orders as o', 'o.id', 'l.order_id')
      .whereIn('o.status', ['sent', 'partial'])
      .andWhere('o.shop_id', this.shopId)
      .groupBy('l.article_id')
      .select('l.article_id')
      .sum({ due: this.knex.raw('case when l.quantity > l.received_qty then l.quantity - l.received_qty else 0 end') })
      .as('oo');
    const rows = await this.knex('articles as a')
      .join('categories as c', 'c.id', 'a.category_id')
      .leftJoin('suppliers as s', 's.id', 'a.supplier_id')
      .leftJoin(onOrder, 'oo.article_id', 'a.id')
      .leftJoin('shop_articles as sa', (j) => j.on('sa.article_id', 'a.id').andOnVal('sa.shop_id', this.shopId))
      .where({ 'a.active': true, 'a.track_stock': true })
      .andWhereRaw(`${SHOP_STOCK} <= ${SHOP_MIN_STOCK}`)
      .select('a.id', 'a.plu', 'a.name', 'a.unit', this.knex.raw(`${SHOP_STOCK} as stock_qty`), this.knex.raw(`${SHOP_MIN_STOCK} as min_stock`), 'a.supplier_id', 'a.supplier_ref', 'c.name as category', 's.name as supplier', 'oo.due')
      .orderByRaw(`${SHOP_STOCK} - ${SHOP_MIN_STOCK}`)
      .orderBy('a.name_search');
    return rows.map((r) => ({
      articleId: num(r.id),
      plu: r.plu === null || r.plu === undefined ? null : String(r.plu),
      name: String(r.name),
      unit: r.unit === 'kg' ? 'kg' : 'unit',
      category: String(r.category),
      stockQty: num(r.stock_qty),
      minStock: num(r.min_stock),
      supplierId: numOrNull(r.supplier_id),
      supplier: String(r.supplier ?? ''),
      supplierRef: String(r.supplier_ref ?? ''),
      onOrder: num(r.due ?? 0),
    }));
  }
}
