// Transfers of stock between the company's shops (issue #22): a draft from
// shop A to shop B is filled with articles, sent (the goods leave A's stock:
// one 'transfer' move a line, in article order, in one transaction),
// received at B in one go or in parts ('transfer' moves into B's stock), and
// closed short when part of it never arrives. Every change is audited in its
// own transaction, naming who made it.
//
// Closing short writes no stock move, by choice: the missing goods already
// left A's stock when they were sent and never reached B's shelf, so a 'loss'
// move at B would take from B goods it never had (its stock would go wrong),
// and one at A would take them out a second time. What the accountant needs is
// the difference itself, kept on the transfer: each article sent and not
// received, valued at its cost when it left (the « pertes en transit » of the
// period), which close() returns, the audit event records and `shortfall`
// reads again.
import { checkActsInShop } from '../staff/staff.service.js';
import type { Knex } from 'knex';
import type { Clock } from '../basics/clock.js';
import { engineOf } from '../basics/db.service.js';
import { InputError, NotFoundError, ValidationError } from '../basics/errors.js';
import { formatQuantity, type Unit } from '../basics/quantity.js';
import { bool, num, numOrNull } from '../basics/row-values.js';
import { insertId } from '../basics/rows.service.js';
import { checkTextField } from '../basics/text-fields.js';
import { audited, type Actor } from '../fiscal/audit.service.js';
import { ShopsService } from '../shop/shops.service.js';
import { applyStockMove, checkStockQuantity, shopStockQuantity } from './stock.service.js';
import { lineValue } from './reorder.js';
import {
  checkAllowed,
  IN_TRANSIT_STATUSES,
  planReceipt,
  shortfall,
  statusAfterReceipt,
  type ReceiptQuantity,
  type ShortLine,
  type Transfer,
  type TransferLine,
  type TransferStatus,
} from './transfer.js';

/** What is on the road now, for one article between two shops. */
export interface InTransitRow {
  articleId: number;
  plu: string | null;
  name: string;
  unit: Unit;
  fromShopId: number;
  fromShopCode: string;
  toShopId: number;
  toShopCode: string;
  /** thousandths sent and not yet received */
  quantity: number;
  /** cents excl. tax, at the cost when sent */
  value: number;
  /** the transfers it is on */
  references: string[];
}

export interface TransferReceipt {
  transfer: Transfer;
  received: ReceiptQuantity[];
}

export interface ClosedTransfer {
  transfer: Transfer;
  /** what was sent and never received, valued at cost */
  missing: ShortLine[];
  value: number;
}

export type TransferListStatus = TransferStatus | 'open' | 'all';

/** PostgreSQL unique_violation or SQLite UNIQUE constraint: another process took the same reference. */
function isDuplicate(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  return e?.code === '23505' || /UNIQUE constraint failed/.test(e?.message ?? '');
}

export class TransfersService {
  /** shopId: the shop the transfers are listed for, and sent from when no other is named */
  constructor(private readonly knex: Knex, private readonly clock: Clock, readonly shopId = 1) {}

  // ---- reading -------------------------------------------------------------

  async get(id: number): Promise<Transfer | null> {
    return (await this.read([id]))[0] ?? null;
  }

  async byReference(reference: string): Promise<Transfer> {
    const ref = reference.trim().toUpperCase();
    const row = /^\d+$/.test(ref) ? await this.knex('transfers').where({ id: Number(ref) }).first('id') : await this.knex('transfers').where({ reference: ref }).first('id');
    if (!row) throw new NotFoundError(`Transfert « ${reference.slice(0, 40)} » introuvable`);
    return (await this.get(num(row.id)))!;
  }

  /**
   * Transfers newest first, those leaving or reaching this shop (every shop's
   * with allShops); by default the open ones (draft, sent, partly received).
   */
  async list(options: { status?: TransferListStatus; allShops?: boolean; limit?: number } = {}): Promise<Transfer[]> {
    const status = options.status ?? 'open';
    const q = this.knex('transfers').orderBy('id', 'desc').select('id');
    if (!options.allShops) q.where((w) => w.where('from_shop_id', this.shopId).orWhere('to_shop_id', this.shopId));
    if (status === 'open') q.whereIn('status', ['draft', ...IN_TRANSIT_STATUSES]);
    else if (status !== 'all') q.where({ status });
    if (options.limit !== undefined) q.limit(options.limit);
    return this.read((await q).map((r) => num(r.id)));
  }

  /**
   * The stock in transit: per article and pair of shops, what was sent and is
   * not received yet (transfers sent or partly received), valued at cost.
   * Those leaving or reaching this shop, or every shop's with allShops.
   */
  async inTransit(options: { allShops?: boolean } = {}): Promise<InTransitRow[]> {
    const q = this.knex('transfer_lines as l')
      .join('transfers as t', 't.id', 'l.transfer_id')
      .join('articles as a', 'a.id', 'l.article_id')
      .join('shops as f', 'f.id', 't.from_shop_id')
      .join('shops as d', 'd.id', 't.to_shop_id')
      .whereIn('t.status', IN_TRANSIT_STATUSES)
      .whereRaw('l.quantity > l.received_qty')
      .orderBy([{ column: 'a.name_search' }, { column: 't.from_shop_id' }, { column: 't.to_shop_id' }, { column: 't.id' }])
      .select('l.article_id', 'a.plu', 'a.name', 'a.unit', 't.from_shop_id', 'f.code as from_code', 't.to_shop_id', 'd.code as to_code', 't.reference', 'l.quantity', 'l.received_qty', 'l.unit_cost');
    if (!options.allShops) q.where((w) => w.where('t.from_shop_id', this.shopId).orWhere('t.to_shop_id', this.shopId));
    const rows = new Map<string, InTransitRow>();
    for (const r of await q) {
      const key = `${num(r.article_id)}:${num(r.from_shop_id)}:${num(r.to_shop_id)}`;
      const missing = num(r.quantity) - num(r.received_qty);
      const row = rows.get(key) ?? {
        articleId: num(r.article_id),
        plu: r.plu === null || r.plu === undefined ? null : String(r.plu),
        name: String(r.name),
        unit: r.unit === 'kg' ? 'kg' : 'unit',
        fromShopId: num(r.from_shop_id),
        fromShopCode: String(r.from_code),
        toShopId: num(r.to_shop_id),
        toShopCode: String(r.to_code),
        quantity: 0,
        value: 0,
        references: [],
      };
      row.quantity += missing;
      row.value += lineValue(num(r.unit_cost), missing);
      row.references.push(String(r.reference));
      rows.set(key, row);
    }
    return [...rows.values()];
  }

  /** The difference of a transfer: each article sent and not received, valued at its cost when sent. */
  async shortfall(id: number): Promise<{ transfer: Transfer; missing: ShortLine[]; value: number }> {
    const transfer = await this.get(id);
    if (!transfer) throw new NotFoundError(`Transfert ${id} introuvable`);
    if (transfer.status === 'draft' || transfer.status === 'cancelled') return { transfer, missing: [], value: 0 };
    const short = shortfall(transfer.lines);
    return { transfer, missing: short.lines, value: short.value };
  }

  /** The transfers of `ids`, in that order: three queries however many. */
  private async read(ids: number[]): Promise<Transfer[]> {
    if (ids.length === 0) return [];
    const rows = await this.knex('transfers').whereIn('id', ids).select('*');
    const lines = await this.knex('transfer_lines as l')
      .join('articles as a', 'a.id', 'l.article_id')
      .whereIn('l.transfer_id', ids)
      .orderBy('l.id')
      .select('l.*', 'a.plu', 'a.name', 'a.unit');
    const shops = new Map((await new ShopsService(this.knex, this.clock).list()).map((s) => [s.id, s]));
    const byId = new Map(rows.map((r) => [num(r.id), r]));
    return ids.flatMap((id) => {
      const r = byId.get(id);
      if (!r) return [];
      const status = String(r.status) as TransferStatus;
      const onTheRoad = IN_TRANSIT_STATUSES.includes(status);
      const from = shops.get(num(r.from_shop_id));
      const to = shops.get(num(r.to_shop_id));
      return [{
        id,
        reference: String(r.reference),
        fromShopId: num(r.from_shop_id),
        fromShopCode: from?.code ?? String(r.from_shop_id),
        fromShopName: from?.name ?? String(r.from_shop_id),
        toShopId: num(r.to_shop_id),
        toShopCode: to?.code ?? String(r.to_shop_id),
        toShopName: to?.name ?? String(r.to_shop_id),
        status,
        notes: String(r.notes ?? ''),
        createdBy: numOrNull(r.created_by),
        createdAt: String(r.created_at),
        sentBy: numOrNull(r.sent_by),
        sentAt: r.sent_at === null ? null : String(r.sent_at),
        receivedBy: numOrNull(r.received_by),
        receivedAt: r.received_at === null ? null : String(r.received_at),
        closedBy: numOrNull(r.closed_by),
        closedAt: r.closed_at === null ? null : String(r.closed_at),
        lines: lines
          .filter((l) => num(l.transfer_id) === id)
          .map((l): TransferLine => ({
            id: num(l.id),
            articleId: num(l.article_id),
            plu: l.plu === null || l.plu === undefined ? null : String(l.plu),
            name: String(l.name),
            unit: l.unit === 'kg' ? 'kg' : 'unit',
            quantity: num(l.quantity),
            receivedQty: num(l.received_qty),
            inTransit: onTheRoad ? Math.max(0, num(l.quantity) - num(l.received_qty)) : 0,
            unitCost: num(l.unit_cost),
          })),
      }];
    });
  }

  // ---- the draft -----------------------------------------------------------

  /** A new empty draft from this shop (or `from`) to `to`: two different shops, both open. */
  async create(input: { to: number; from?: number; notes?: string }, actor: Actor): Promise<Transfer> {
    const from = input.from ?? this.shopId;
    await checkActsInShop(this.knex, actor, from); // goods leave a shop only by its staff (or an owner)
    const notes = (input.notes ?? '').trim();
    checkTextField('transferNotes', notes);
    if (from === input.to) throw new ValidationError("Un transfert va d'une boutique à une autre : départ et arrivée sont la même boutique");
    for (let attempt = 1; ; attempt++) {
      try {
        const made = await audited(this.knex, actor, this.clock, async (trx) => {
          for (const shopId of [from, input.to]) {
            const shop = await trx('shops').where({ id: shopId }).first('id', 'code', 'active');
            if (!shop) throw new NotFoundError(`Boutique ${shopId} inconnue`);
            if (!bool(shop.active)) throw new ValidationError(`La boutique « ${String(shop.code)} » est fermée`);
          }
          const at = this.clock();
          const prefix = `TR-${at.getFullYear()}-`;
          const refs = await trx('transfers').where('reference', 'like', `${prefix}%`).select('reference');
          const last = refs.reduce((max, r) => Math.max(max, Number(String(r.reference).slice(prefix.length)) || 0), 0);
          const reference = `${prefix}${String(last + 1).padStart(4, '0')}`;
          const newId = await insertId(trx, 'transfers', { reference, from_shop_id: from, to_shop_id: input.to, status: 'draft', notes, created_by: actor.employeeId, created_at: at.toISOString() });
          return { id: newId, reference };
        }, (r) => ({ kind: 'transfer', details: { action: 'create', transfer: r.reference, from, to: input.to, notes } }));
        return (await this.get(made.id))!;
      } catch (err) {
        if (attempt >= 5 || !isDuplicate(err)) throw err;
      }
    }
  }

  /** Adds an article to a draft, or adds to its quantity if it is there already. */
  async addLine(id: number, articleId: number, quantity: number, actor: Actor): Promise<Transfer> {
    return this.editLine(id, articleId, quantity, 'add', actor);
  }

  /** Puts an article on a draft at exactly this quantity (0 takes it off). */
  async setLine(id: number, articleId: number, quantity: number, actor: Actor): Promise<Transfer> {
    return this.editLine(id, articleId, quantity, 'set', actor);
  }

  async removeLine(id: number, articleId: number, actor: Actor): Promise<Transfer> {
    return this.editLine(id, articleId, 0, 'set', actor);
  }

  private async editLine(id: number, articleId: number, quantity: number, how: 'add' | 'set', actor: Actor): Promise<Transfer> {
    let reference = '';
    let action = how;
    await audited(this.knex, actor, this.clock, async (trx) => {
      const transfer = await this.lockTransfer(trx, id);
      await checkActsInShop(trx, actor, num(transfer.from_shop_id)); // a shop's staff act for it (issue #22)
      reference = String(transfer.reference);
      checkAllowed('edit', String(transfer.status), reference);
      const article = await trx('articles').where({ id: articleId }).first('id', 'name', 'unit', 'track_stock');
      if (!article) throw new NotFoundError(`Article ${articleId} introuvable`);
      if (!bool(article.track_stock)) throw new ValidationError(`« ${String(article.name)} » n'est pas suivi en stock : il ne se transfère pas`);
      checkStockQuantity(quantity, article.unit === 'kg' ? 'kg' : 'unit');
      if (quantity < 0 || (how === 'add' && quantity === 0)) throw new InputError('La quantité à transférer doit être positive');
      const line = await trx('transfer_lines').where({ transfer_id: id, article_id: articleId }).first('id', 'quantity');
      const total = how === 'add' ? num(line?.quantity ?? 0) + quantity : quantity;
      checkStockQuantity(total, article.unit === 'kg' ? 'kg' : 'unit');
      if (total === 0) {
        if (!line) throw new ValidationError(`« ${String(article.name)} » n'est pas sur le transfert ${reference}`);
        await trx('transfer_lines').where({ id: line.id }).delete();
        action = 'set';
      } else if (line) await trx('transfer_lines').where({ id: line.id }).update({ quantity: total });
      else await trx('transfer_lines').insert({ transfer_id: id, article_id: articleId, quantity: total, received_qty: 0, unit_cost: 0 });
    }, () => ({ kind: 'transfer', articleId, details: { action: quantity === 0 ? 'remove' : action, transfer: reference, quantity } }));
    return (await this.get(id))!;
  }

  // ---- sending, receiving, closing ------------------------------------------

  /**
   * Sends a draft: the goods leave the departure shop's stock, one 'transfer'
   * move a line in article order, all in one transaction with the status and
   * the audit event. Each line keeps the article's cost at this moment (what
   * values the goods in transit, and those lost). Sending more than the shop's
   * stock is refused: correct the stock first (an audited correction), so a
   * wrong count shows as one, not as a negative stock.
   */
  async send(id: number, actor: Actor): Promise<Transfer> {
    let summary: Record<string, unknown> = {};
    await audited(this.knex, actor, this.clock, async (trx) => {
      const transfer = await this.lockTransfer(trx, id);
      await checkActsInShop(trx, actor, num(transfer.from_shop_id)); // a shop's staff act for it (issue #22)
      const reference = String(transfer.reference);
      checkAllowed('send', String(transfer.status), reference);
      const lines = await trx('transfer_lines as l').join('articles as a', 'a.id', 'l.article_id').where('l.transfer_id', id).orderBy('l.article_id').select('l.id', 'l.article_id', 'l.quantity', 'a.name', 'a.unit', 'a.cost');
      if (lines.length === 0) throw new ValidationError(`Le transfert ${reference} est vide : rien à envoyer`);
      const from = num(transfer.from_shop_id);
      const to = await trx('shops').where({ id: num(transfer.to_shop_id) }).first('code', 'active');
      if (!to || !bool(to.active)) throw new ValidationError(`La boutique d'arrivée du transfert ${reference} est fermée`);
      const at = this.clock();
      for (const l of lines) {
        await trx('transfer_lines').where({ id: l.id }).update({ unit_cost: num(l.cost) });
        await applyStockMove(trx, { shopId: from, articleId: num(l.article_id), quantity: -num(l.quantity), reason: 'transfer', transferId: id, employeeId: actor.employeeId, tillId: actor.tillId, note: `${reference} vers ${String(to.code)}` }, at);
      }
      // Read after the moves: the shop's rows are locked by them, so no sale slips in between.
      for (const l of lines) {
        const left = await shopStockQuantity(trx, from, num(l.article_id));
        if (left < 0) {
          const unit: Unit = l.unit === 'kg' ? 'kg' : 'unit';
          throw new ValidationError(`${String(l.name)} : ${formatQuantity(num(l.quantity), unit)} à envoyer mais seulement ${formatQuantity(left + num(l.quantity), unit)} en stock (corrigez le stock d'abord)`);
        }
      }
      const changed = await trx('transfers').where({ id, status: 'draft' }).update({ status: 'sent', sent_at: at.toISOString(), sent_by: actor.employeeId });
      if (changed !== 1) throw new ValidationError(`Le transfert ${reference} vient d'être changé par quelqu'un d'autre : recommencez`);
      summary = { transfer: reference, from, to: num(transfer.to_shop_id), lines: lines.map((l) => ({ article: num(l.article_id), quantity: num(l.quantity) })) };
    }, () => ({ kind: 'transfer', details: { action: 'send', ...summary } }));
    return (await this.get(id))!;
  }

  /**
   * Receives at the arrival shop: `lines` (article and quantity received now)
   * or, none given, everything still due. The goods enter the arrival shop's
   * stock as 'transfer' moves, in article order. More than what is still due
   * is refused. Two receivers at once: the transfer's row is locked first
   * (PostgreSQL; SQLite writes one at a time), and each line's received
   * quantity only grows while it stays within what was sent, so the same goods
   * are never received twice.
   */
  async receive(id: number, lines: ReceiptQuantity[], actor: Actor): Promise<TransferReceipt> {
    let received: ReceiptQuantity[] = [];
    let details: Record<string, unknown> = {};
    await audited(this.knex, actor, this.clock, async (trx) => {
      const transfer = await this.lockTransfer(trx, id);
      await checkActsInShop(trx, actor, num(transfer.to_shop_id)); // a shop's staff act for it (issue #22)
      const reference = String(transfer.reference);
      checkAllowed('receive', String(transfer.status), reference);
      const current = (await new TransfersService(trx, this.clock, this.shopId).read([id]))[0]!;
      received = planReceipt(current.lines, lines, reference);
      const to = num(transfer.to_shop_id);
      const from = await trx('shops').where({ id: num(transfer.from_shop_id) }).first('code');
      const at = this.clock();
      for (const r of received) {
        const line = current.lines.find((l) => l.articleId === r.articleId)!;
        const bumped = await trx('transfer_lines')
          .where({ id: line.id })
          .andWhereRaw('received_qty + ? <= quantity', [r.quantity])
          .update({ received_qty: trx.raw('received_qty + ?', [r.quantity]) });
        if (bumped !== 1) throw new ValidationError(`${line.name} : déjà reçu entre-temps sur le transfert ${reference}`);
        line.receivedQty += r.quantity;
        await applyStockMove(trx, { shopId: to, articleId: r.articleId, quantity: r.quantity, reason: 'transfer', transferId: id, employeeId: actor.employeeId, tillId: actor.tillId, note: `${reference} de ${String(from?.code ?? transfer.from_shop_id)}` }, at);
      }
      const status = statusAfterReceipt(current.lines);
      await trx('transfers').where({ id }).update({ status, received_at: at.toISOString(), received_by: actor.employeeId });
      details = { transfer: reference, status, lines: received.map((r) => ({ article: r.articleId, quantity: r.quantity })) };
    }, () => ({ kind: 'transfer', details: { action: 'receive', ...details } }));
    return { transfer: (await this.get(id))!, received };
  }

  /**
   * Closes a transfer sent and not all received: what never arrived is
   * reported (each article, the quantity, its value at cost) and nothing more
   * is expected. No stock move is written (see the head of this file).
   */
  async close(id: number, actor: Actor, note = ''): Promise<ClosedTransfer> {
    checkTextField('stockNote', note);
    let details: Record<string, unknown> = {};
    await audited(this.knex, actor, this.clock, async (trx) => {
      const transfer = await this.lockTransfer(trx, id);
      // Closed short by someone of either end: the one that was to receive it or the one that sent it.
      await checkActsInShop(trx, actor, num(transfer.to_shop_id), num(transfer.from_shop_id));
      const reference = String(transfer.reference);
      checkAllowed('close', String(transfer.status), reference);
      const current = (await new TransfersService(trx, this.clock, this.shopId).read([id]))[0]!;
      const short = shortfall(current.lines);
      const at = this.clock();
      const changed = await trx('transfers').where({ id }).whereIn('status', IN_TRANSIT_STATUSES).update({ status: 'closed', closed_at: at.toISOString(), closed_by: actor.employeeId });
      if (changed !== 1) throw new ValidationError(`Le transfert ${reference} vient d'être changé par quelqu'un d'autre : recommencez`);
      details = { transfer: reference, note, value: short.value, missing: short.lines.map((l) => ({ article: l.articleId, sent: l.sent, received: l.received, missing: l.missing, unitCost: l.unitCost, value: l.value })) };
    }, () => ({ kind: 'transfer', details: { action: 'close', ...details } }));
    const { transfer, missing, value } = await this.shortfall(id);
    return { transfer, missing, value };
  }

  /** Cancels a draft (nothing has moved yet); a sent transfer is received or closed short instead. */
  async cancel(id: number, actor: Actor): Promise<Transfer> {
    let reference = '';
    await audited(this.knex, actor, this.clock, async (trx) => {
      const transfer = await this.lockTransfer(trx, id);
      await checkActsInShop(trx, actor, num(transfer.from_shop_id)); // a shop's staff act for it (issue #22)
      reference = String(transfer.reference);
      checkAllowed('cancel', String(transfer.status), reference);
      await trx('transfers').where({ id, status: 'draft' }).update({ status: 'cancelled', closed_at: this.clock().toISOString(), closed_by: actor.employeeId });
    }, () => ({ kind: 'transfer', details: { action: 'cancel', transfer: reference } }));
    return (await this.get(id))!;
  }

  // ---- helpers -------------------------------------------------------------

  /**
   * The transfer's row, locked for the rest of the transaction on PostgreSQL
   * (a second sender or receiver waits, then reads what the first wrote);
   * SQLite's write transactions already run one at a time.
   */
  private async lockTransfer(trx: Knex, id: number): Promise<Record<string, unknown>> {
    const q = trx('transfers').where({ id });
    const row = engineOf(trx) === 'pg' ? await q.forUpdate().first() : await q.first();
    if (!row) throw new NotFoundError(`Transfert ${id} introuvable`);
    return row;
  }
}
