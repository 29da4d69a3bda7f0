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
import { writeTransaction } from '../basics/transaction.service.js';
import { insertMany } from '../basics/rows.service.js';
import { engineOf } from '../basics/db.service.js';

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

/**
 * The order in which a transaction touching several articles moves their
 * stock: by id. Two tills (or a till and a receipt) then lock the same rows in
 * the same order and queue behind each other instead of deadlocking on
 * PostgreSQL. Returns a sorted copy.
 */
export function inArticleOrder<T extends { articleId: number | null }>(items: readonly T[]): T[] {
  return [...items].sort((a, b) => (a.articleId ?? 0) - (b.articleId ?? 0));
}

/** Writes one move and updates the article's quantity; call inside the caller's transaction. */
export async function applyStockMove(trx: Knex, move: StockMoveInput, at: Date): Promise<void> {
  await trx('stock_moves').insert(stockMoveRow(move, at));
  const updated = await addToArticleStock(trx, move, at, {});
  if (updated !== 1) throw new ValidationError(`Article ${move.articleId} introuvable`);
}

/**
 * A sale's moves, for the articles whose stock is tracked (the others, or an
 * article gone, are skipped): one update per article, in the order given
 * (inArticleOrder), then the moves of those applied in one insert. A sale
 * commit makes n + 1 round trips instead of 2n + 1 with the read of
 * track_stock (#19); the rows written are the same, in the same order.
 */
export async function applyTrackedStockMoves(trx: Knex, moves: readonly StockMoveInput[], at: Date): Promise<void> {
  const rows = moves.map((move) => stockMoveRow(move, at)); // every move checked before anything is written
  const tracked = engineOf(trx) === 'sqlite' ? await addToTrackedStocksAtOnce(trx, moves, at) : await addToTrackedStocksInOrder(trx, moves, at);
  await insertMany(trx, 'stock_moves', rows.filter((_, i) => tracked.has(moves[i]!.articleId)));
}

/**
 * PostgreSQL: the rows locked first, in article order, by one SELECT … FOR NO
 * KEY UPDATE (two tills selling the same articles take them in the same order
 * and never deadlock), then one UPDATE for every article: two round trips
 * however many articles, where tills wait on each other (see the multi-till
 * bench). NO KEY: the lock an UPDATE of the stock takes anyway, which lets
 * other sales' lines keep pointing at the article (their foreign-key check
 * takes KEY SHARE, which a plain FOR UPDATE would wait on: deadlocks).
 * The ids whose stock moved (articles that track it).
 */
async function addToTrackedStocksInOrder(trx: Knex, moves: readonly StockMoveInput[], at: Date): Promise<Set<number>> {
  const byArticle = quantityByArticle(moves);
  if (byArticle.size === 0) return new Set();
  const locked = (await trx('articles').whereIn('id', [...byArticle.keys()]).andWhere({ track_stock: true }).orderBy('id').forNoKeyUpdate().select('id')).map((r) => num(r.id));
  if (locked.length === 0) return new Set();
  await trx.raw(
    `UPDATE articles SET stock_qty = stock_qty + CASE id ${locked.map(() => 'WHEN ? THEN ?::integer').join(' ')} END, changed_at = ? WHERE id IN (${locked.map(() => '?').join(', ')})`,
    [...locked.flatMap((id) => [id, byArticle.get(id)!]), at.toISOString(), ...locked],
  );
  return new Set(locked);
}

/**
 * SQLite: one statement for every article (its write lock is the whole file,
 * so there is no order to keep), the quantities of an article on several
 * lines added first. The ids whose stock moved (articles that track it).
 */
async function addToTrackedStocksAtOnce(trx: Knex, moves: readonly StockMoveInput[], at: Date): Promise<Set<number>> {
  const byArticle = quantityByArticle(moves);
  if (byArticle.size === 0) return new Set();
  const ids = [...byArticle.keys()];
  const rows = (await trx.raw(
    `UPDATE articles SET stock_qty = stock_qty + CASE id ${ids.map(() => 'WHEN ? THEN ?').join(' ')} END, changed_at = ? ` +
      `WHERE track_stock = 1 AND id IN (${ids.map(() => '?').join(', ')}) RETURNING id`,
    [...ids.flatMap((id) => [id, byArticle.get(id)!]), at.toISOString(), ...ids],
  )) as Array<{ id: number }>;
  return new Set(rows.map((r) => num(r.id)));
}

/** Each article's quantity over the moves (an article on several lines, added): what its one UPDATE adds. */
function quantityByArticle(moves: readonly StockMoveInput[]): Map<number, number> {
  const byArticle = new Map<number, number>();
  for (const move of moves) byArticle.set(move.articleId, (byArticle.get(move.articleId) ?? 0) + move.quantity);
  return byArticle;
}

/** The ledger row of a move, once its quantity, reason and note are checked. */
function stockMoveRow(move: StockMoveInput, at: Date): Record<string, unknown> {
  if (!Number.isInteger(move.quantity)) throw new InputError('Quantité de stock invalide');
  if (!(STOCK_REASONS as readonly string[]).includes(move.reason)) throw new InputError(`Motif de mouvement inconnu : ${move.reason}`);
  checkTextField('stockNote', move.note);
  return {
    article_id: move.articleId,
    quantity: move.quantity,
    reason: move.reason,
    sale_id: move.saleId ?? null,
    purchase_order_id: move.purchaseOrderId ?? null,
    employee_id: move.employeeId ?? null,
    till_id: move.tillId ?? null,
    note: move.note ?? '',
    created_at: at.toISOString(),
  };
}

/** The article's quantity follows the move (atomic increment); the number of rows changed. */
function addToArticleStock(trx: Knex, move: StockMoveInput, at: Date, only: { track_stock?: true }): Promise<number> {
  return trx('articles')
    .where({ id: move.articleId, ...only })
    .update({ stock_qty: trx.raw('stock_qty + ?', [move.quantity]), changed_at: at.toISOString() }); // the tills' grids show stock
}

/** One line of the ledger, as the back office and reports show it. */
export interface StockMove {
  id: number;
  articleId: number;
  quantity: number;
  reason: StockReason;
  saleId: number | null;
  purchaseOrderId: number | null;
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

async function trackedArticle(knex: Knex, articleId: number): Promise<TrackedArticle> {
  const row = await knex('articles').where({ id: articleId }).first('id', 'name', 'unit', 'stock_qty', 'track_stock');
  if (!row) throw new NotFoundError(`Article ${articleId} introuvable`);
  if (!bool(row.track_stock)) throw new ValidationError(`« ${String(row.name)} » n'est pas suivi en stock`);
  return { id: num(row.id), name: String(row.name), unit: row.unit === 'kg' ? 'kg' : 'unit', stockQty: num(row.stock_qty) };
}

function toMove(r: Record<string, unknown>): StockMove {
  return {
    id: num(r.id),
    articleId: num(r.article_id),
    quantity: num(r.quantity),
    reason: String(r.reason) as StockReason,
    saleId: numOrNull(r.sale_id),
    purchaseOrderId: numOrNull(r.purchase_order_id),
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


export class StockService {
  constructor(private readonly knex: Knex, private readonly clock: Clock) {}

  async move(input: StockMoveInput): Promise<void> {
    await writeTransaction(this.knex, (trx) => applyStockMove(trx, input, this.clock()));
  }

  /** Stock recomputed from the ledger, to check it against the article's quantity; `before` a YYYY-MM-DD day (UTC) gives the stock at its start. */
  async ledgerQuantity(articleId: number, before?: string): Promise<number> {
    const q = this.knex('stock_moves').where({ article_id: articleId });
    if (before !== undefined) q.andWhere('created_at', '<', before);
    const row = await q.sum({ q: 'quantity' }).first();
    return num(row?.q ?? 0);
  }

  /** The article's kept quantity (thousandths). */
  async quantity(articleId: number): Promise<number> {
    const row = await this.knex('articles').where({ id: articleId }).first('stock_qty');
    if (!row) throw new NotFoundError(`Article ${articleId} introuvable`);
    return num(row.stock_qty);
  }

  /**
   * Goods received without a supplier order. A given cost (cents excl. tax,
   * per unit or per kg) becomes the article's cost, so valuation follows the
   * last purchase price. Returns the new stock.
   */
  async receive(articleId: number, quantity: number, options: MoveAuthor & { cost?: number } = {}, actor?: Actor): Promise<number> {
    if (actor) return audited(this.knex, actor, this.clock, (trx) => new StockService(trx, this.clock).receive(articleId, quantity, options), (after) => ({ kind: 'stock', articleId, details: { action: 'receive', quantity, cost: options.cost ?? null, note: options.note ?? '', stock: after } }));
    const article = await trackedArticle(this.knex, articleId);
    checkStockQuantity(quantity, article.unit);
    if (quantity <= 0) throw new InputError('La quantité reçue doit être positive');
    if (options.cost !== undefined && (!Number.isSafeInteger(options.cost) || options.cost < 0)) throw new InputError('Coût invalide');
    return writeTransaction(this.knex, async (trx) => {
      const now = this.clock();
      await applyStockMove(trx, { articleId, quantity, reason: 'receipt', employeeId: options.employeeId, tillId: options.tillId, note: options.note }, now);
      if (options.cost !== undefined) await trx('articles').where({ id: articleId }).update({ cost: options.cost, updated_at: now.toISOString() });
      return num((await trx('articles').where({ id: articleId }).first('stock_qty')).stock_qty);
    });
  }

  /**
   * A correction by hand: 'adjustment' in either direction (found, miscounted),
   * 'loss' only downwards (broken, expired, stolen). Returns the new stock.
   */
  async adjust(articleId: number, delta: number, reason: ManualReason, options: MoveAuthor = {}, actor?: Actor): Promise<number> {
    if (actor) return audited(this.knex, actor, this.clock, (trx) => new StockService(trx, this.clock).adjust(articleId, delta, reason, options), (after) => ({ kind: 'stock', articleId, details: { action: reason, quantity: delta, note: options.note ?? '', stock: after } }));
    if (!(MANUAL_REASONS as readonly string[]).includes(reason)) throw new InputError(`Motif « ${String(reason)} » refusé (adjustment ou loss)`);
    const article = await trackedArticle(this.knex, articleId);
    checkStockQuantity(delta, article.unit);
    if (delta === 0) throw new InputError('Quantité nulle : rien à corriger');
    if (reason === 'loss' && delta > 0) throw new InputError('Une perte retire du stock : quantité négative attendue');
    return writeTransaction(this.knex, async (trx) => {
      await applyStockMove(trx, { articleId, quantity: delta, reason, employeeId: options.employeeId, tillId: options.tillId, note: options.note }, this.clock());
      return num((await trx('articles').where({ id: articleId }).first('stock_qty')).stock_qty);
    });
  }

  /** A new inventory count, held by the caller (screen or command) until it is posted. */
  startCount(): StockCount {
    return new StockCount(this.clock());
  }

  /** Records a counted quantity (replacing the previous one) and returns the line with its difference. */
  async record(count: StockCount, articleId: number, counted: number): Promise<CountLine> {
    const article = await trackedArticle(this.knex, articleId);
    return count.set(article, counted, this.clock());
  }

  /** Adds to a counted quantity (the same article found on a second shelf). */
  async recordMore(count: StockCount, articleId: number, more: number): Promise<CountLine> {
    const article = await trackedArticle(this.knex, articleId);
    return count.set(article, (count.line(articleId)?.counted ?? 0) + more, this.clock());
  }

  /**
   * Posts the differences of a count as 'count' moves, all in one transaction.
   * Each line moves the stock by (counted - stock when the article was scanned):
   * a sale or receipt made after the scan is kept, so the stock ends equal to the
   * counted quantity plus what moved since. Lines without a difference write nothing.
   */
  async postCount(count: StockCount, options: MoveAuthor = {}, actor?: Actor): Promise<CountLine[]> {
    if (actor) return audited(this.knex, actor, this.clock, (trx) => new StockService(trx, this.clock).postCount(count, options), (lines) => ({ kind: 'stock', details: { action: 'count', counted: lines.length, differences: lines.filter((l) => l.difference !== 0).length } }));
    const lines = count.lines();
    if (lines.length === 0) throw new ValidationError('Inventaire vide : aucun article compté');
    if (count.posted) throw new ValidationError('Inventaire déjà validé');
    await writeTransaction(this.knex, async (trx) => {
      const now = this.clock();
      for (const l of inArticleOrder(lines)) {
        if (l.difference === 0) continue;
        const note = options.note ?? `inventaire : compté ${l.counted}, attendu ${l.expected}`;
        await applyStockMove(trx, { articleId: l.articleId, quantity: l.difference, reason: 'count', employeeId: options.employeeId, tillId: options.tillId, note }, now);
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
      .where('m.article_id', articleId)
      .select('m.*', 'e.name as employee_name')
      .orderBy([{ column: 'm.created_at' }, { column: 'm.id' }]);
    if (range.from) q.andWhere('m.created_at', '>=', range.from);
    if (range.to) q.andWhere('m.created_at', '<', nextDay(range.to));
    if (range.limit) q.limit(range.limit);
    return (await q).map(toMove);
  }

  /** Every active tracked article at or under its minimum stock, the emptiest (relative to its minimum) first. */
  async lowStock(): Promise<LowStockRow[]> {
    const onOrder = this.knex('purchase_order_lines as l')
      .join('purchase_orders as o', 'o.id', 'l.order_id')
      .whereIn('o.status', ['sent', 'partial'])
      .groupBy('l.article_id')
      .select('l.article_id')
      .sum({ due: this.knex.raw('case when l.quantity > l.received_qty then l.quantity - l.received_qty else 0 end') })
      .as('oo');
    const rows = await this.knex('articles as a')
      .join('categories as c', 'c.id', 'a.category_id')
      .leftJoin('suppliers as s', 's.id', 'a.supplier_id')
      .leftJoin(onOrder, 'oo.article_id', 'a.id')
      .where({ 'a.active': true, 'a.track_stock': true })
      .andWhereRaw('a.stock_qty <= a.min_stock')
      .select('a.id', 'a.plu', 'a.name', 'a.unit', 'a.stock_qty', 'a.min_stock', 'a.supplier_id', 'a.supplier_ref', 'c.name as category', 's.name as supplier', 'oo.due')
      .orderByRaw('a.stock_qty - a.min_stock')
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
