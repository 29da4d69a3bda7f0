// Purchase orders: reorder proposals turned into draft orders per supplier,
// reviewed and edited by the shopkeeper, sent (CSV + printable text), then
// received in full or in part, each receipt a 'receipt' stock move in the
// same transaction as the received quantities.
//
// Drafts are the proposals: `propose` adds the articles that need ordering to
// the supplier's draft (creating it if none), and leaves the lines already on
// a draft as they are, since the shopkeeper may have edited them. The
// automatic trigger after a sale follows the same rule (see auto-order.ts).
import { checkTextField } from '../basics/text-fields.js';
import type { Knex } from 'knex';
import { audited, type Actor } from '../fiscal/audit.service.js';
import { localDate, type Clock } from '../basics/clock.js';
import { NotFoundError, ValidationError } from '../basics/errors.js';
import { formatQuantity } from '../basics/quantity.js';
import { purchaseOrderCsv, purchaseOrderText } from './purchase-order-document.js';
import { checkQuantity, lastScheduled, OPEN_STATUSES, statusLabel, type OrderStatus, type PurchaseOrder, type PurchaseOrderLine, type ReceiptLine, type SentOrder } from './purchase-order.js';
import { lineValue, orderQuantity, proposeLine, proposeOrders, FORECAST_WEEKS, type ReorderArticle, type ReorderSupplier } from './reorder.js';
import { insertId } from '../basics/rows.service.js';
import { bool, num, numOrNull } from '../basics/row-values.js';
import { SettingsService } from '../shop/settings.service.js';
import { checkActsInShop } from '../staff/staff.service.js';
import { applyStockMove, inArticleOrder } from './stock.service.js';
import { SHOP_MIN_STOCK, SHOP_REORDER_POINT, SHOP_STOCK } from '../catalogue/article.js';
import { joinShopArticle } from '../catalogue/catalog.service.js';
import { SuppliersService } from './suppliers.service.js';
import { cancelOrderMail, OrderMailsService, queueOrderMail } from './order-mails.service.js';
import type { OrderMailStatus } from './order-mail.js';
import { mailEnabled } from '../shop/mail-settings.js';
import { writeTransaction } from '../basics/transaction.service.js';
import { checkRecordVersion } from '../basics/row-version.js';

const DAY_MS = 86_400_000;

/** PostgreSQL unique_violation or SQLite UNIQUE constraint: another till took the same reference. */
function isDuplicate(err: unknown): boolean {
  const e = err as { code?: string; message?: string } | null;
  return e?.code === '23505' || /UNIQUE constraint failed/.test(e?.message ?? '');
}

export class PurchasingService {
  private readonly settings: SettingsService;
  private readonly suppliers: SuppliersService;
  private readonly mails: OrderMailsService;

  /** shopId: the shop whose stock is proposed for and whose orders are listed, drafted and received (issue #22) */
  constructor(private readonly knex: Knex, private readonly clock: Clock, readonly shopId = 1) {
    this.settings = new SettingsService(knex, clock, null, shopId);
    this.suppliers = new SuppliersService(knex, clock);
    this.mails = new OrderMailsService(knex, clock);
  }

  // ---- reading -------------------------------------------------------------

  async get(id: number): Promise<PurchaseOrder | null> {
    return (await this.read([id]))[0] ?? null;
  }

  /** The orders of `ids`, in that order: three queries however many (orders, their lines, their e-mails). */
  private async read(ids: number[]): Promise<PurchaseOrder[]> {
    if (ids.length === 0) return [];
    const rows = await this.knex('purchase_orders as o').join('suppliers as s', 's.id', 'o.supplier_id').whereIn('o.id', ids).select('o.*', 's.name as supplier_name', 's.min_order_value');
    const lines = await this.knex('purchase_order_lines as l')
      .join('articles as a', 'a.id', 'l.article_id')
      .whereIn('l.order_id', ids)
      .orderBy('l.id')
      .select('l.*', 'a.plu', 'a.name', 'a.unit');
    const linesOf = new Map<number, PurchaseOrderLine[]>();
    for (const l of lines) {
      const quantity = num(l.quantity);
      const receivedQty = num(l.received_qty);
      const unitCost = num(l.unit_cost);
      const orderId = num(l.order_id);
      if (!linesOf.has(orderId)) linesOf.set(orderId, []);
      linesOf.get(orderId)!.push({
        id: num(l.id),
        articleId: num(l.article_id),
        plu: l.plu === null ? null : String(l.plu),
        name: String(l.name),
        unit: l.unit === 'kg' ? 'kg' : 'unit',
        supplierRef: String(l.supplier_ref),
        quantity,
        receivedQty,
        due: Math.max(0, quantity - receivedQty),
        unitCost,
        value: lineValue(unitCost, quantity),
      });
    }
    const mails = await this.mails.forOrders(ids);
    const byId = new Map(rows.map((row) => [num(row.id), row]));
    return ids.flatMap((id) => {
      const row = byId.get(id);
      return row ? [this.toOrder(row, linesOf.get(id) ?? [], mails.get(id))] : [];
    });
  }

  private toOrder(row: Record<string, unknown>, orderLines: PurchaseOrderLine[], mail: OrderMailStatus | undefined): PurchaseOrder {
    const value = orderLines.reduce((sum, l) => sum + l.value, 0);
    const minOrderValue = num(row.min_order_value);
    const shortfall = Math.max(0, minOrderValue - value);
    const belowMinimum = row.status === 'draft' && orderLines.length > 0 && shortfall > 0;
    return {
      id: num(row.id),
      reference: String(row.reference),
      shopId: num(row.shop_id),
      supplierId: num(row.supplier_id),
      supplierName: String(row.supplier_name),
      status: String(row.status) as OrderStatus,
      automatic: bool(row.automatic),
      notes: String(row.notes),
      createdAt: String(row.created_at),
      sentAt: row.sent_at === null ? null : String(row.sent_at),
      expectedAt: row.expected_at === null ? null : String(row.expected_at),
      lines: orderLines,
      value,
      minOrderValue,
      belowMinimum,
      shortfall,
      autoSendHeld: belowMinimum && bool(row.automatic),
      ...(mail ? { mail } : {}),
    };
  }

  async byReference(reference: string): Promise<PurchaseOrder> {
    const row = await this.knex('purchase_orders').where({ reference: reference.trim().toUpperCase() }).first('id');
    if (!row) throw new NotFoundError(`Commande « ${reference} » introuvable`);
    return (await this.get(num(row.id)))!;
  }

  /**
   * Orders, newest first; by default everything not received nor cancelled.
   * 'past': every order that left the drafts (sent, received, cancelled).
   * `limit` keeps the newest ones only.
   */
  async list(options: { status?: OrderStatus | 'open' | 'past' | 'all'; limit?: number } = {}): Promise<PurchaseOrder[]> {
    const status = options.status ?? 'open';
    const q = this.knex('purchase_orders').where({ shop_id: this.shopId }).orderBy('id', 'desc').select('id');
    if (status === 'open') q.whereIn('status', ['draft', 'sent', 'partial']);
    else if (status === 'past') q.whereNot('status', 'draft');
    else if (status !== 'all') q.where({ status });
    if (options.limit !== undefined) q.limit(options.limit);
    return this.read((await q).map((r) => num(r.id)));
  }

  // ---- proposals -----------------------------------------------------------

  /**
   * What the reorder rule needs, read from the database: each article with a
   * supplier, its daily sales over the last 8 weeks (days before `at`, only
   * since it was created), its stock and what is on sent orders.
   */
  async reorderInputs(at: Date, articleIds?: number[]): Promise<{ articles: ReorderArticle[]; suppliers: ReorderSupplier[]; rows: Map<number, Record<string, unknown>> }> {
    const days: string[] = [];
    for (let back = FORECAST_WEEKS * 7; back >= 1; back--) {
      const d = new Date(at);
      d.setDate(d.getDate() - back);
      days.push(localDate(d));
    }
    const today = localDate(at);
    const q = joinShopArticle(this.knex('articles as a'), this.shopId)
      .join('suppliers as s', 's.id', 'a.supplier_id')
      .where('a.active', true)
      .where('a.track_stock', true)
      .where('s.active', true)
      .select('a.*', this.knex.raw(`${SHOP_STOCK} as stock_qty`), this.knex.raw(`${SHOP_MIN_STOCK} as min_stock`), this.knex.raw(`${SHOP_REORDER_POINT} as reorder_point`))
      .orderBy('a.id'); // drafts list their lines in article order, whatever plan the engine picks
    if (articleIds) q.whereIn('a.id', articleIds);
    const rows = await q;
    const ids = rows.map((r) => num(r.id));
    const sales = new Map<number, Map<string, number>>();
    const onOrder = new Map<number, number>();
    if (ids.length > 0) {
      const soldQuery = this.knex('sale_lines as l')
        .join('sales as s', 's.id', 'l.sale_id')
        .join('tills as t', 't.id', 's.till_id')
        .where('t.shop_id', this.shopId)
        .where('s.business_date', '>=', days[0]!)
        .where('s.business_date', '<', today)
        .whereNotNull('l.article_id')
        .groupBy('l.article_id', 's.business_date')
        .select('l.article_id', 's.business_date')
        .sum({ q: 'l.quantity' });
      if (articleIds) soldQuery.whereIn('l.article_id', ids);
      for (const r of (await soldQuery) as Array<Record<string, unknown>>) {
        const id = num(r.article_id);
        const perDay = sales.get(id) ?? new Map<string, number>();
        perDay.set(String(r.business_date), num(r.q));
        sales.set(id, perDay);
      }
      const openQuery = this.knex('purchase_order_lines as l')
        .join('purchase_orders as o', 'o.id', 'l.order_id')
        .whereIn('o.status', OPEN_STATUSES)
        .where('o.shop_id', this.shopId)
        .select('l.article_id', 'l.quantity', 'l.received_qty');
      if (articleIds) openQuery.whereIn('l.article_id', ids);
      const open = await openQuery;
      for (const r of open) {
        const id = num(r.article_id);
        onOrder.set(id, (onOrder.get(id) ?? 0) + Math.max(0, num(r.quantity) - num(r.received_qty)));
      }
    }
    const articles = rows.map((r): ReorderArticle => {
      const id = num(r.id);
      const created = localDate(new Date(String(r.created_at)));
      const perDay = sales.get(id);
      return {
        articleId: id,
        supplierId: num(r.supplier_id),
        dailySales: days.filter((d) => d >= created).map((d) => perDay?.get(d) ?? 0),
        stock: num(r.stock_qty),
        onOrder: onOrder.get(id) ?? 0,
        minStock: num(r.min_stock),
        safetyStock: num(r.safety_stock),
        packSize: num(r.pack_size),
        minOrderQty: num(r.min_order_qty),
        unitCost: num(r.cost),
      };
    });
    const suppliers = (await this.suppliers.list()).map((s) => ({ id: s.id, leadTimeDays: s.leadTimeDays, reviewPeriodDays: s.reviewPeriodDays, minOrderValue: s.minOrderValue }));
    return { articles, suppliers, rows: new Map(rows.map((r) => [num(r.id), r])) };
  }

  /**
   * Computes the proposals and puts them on draft orders (one per supplier):
   * new articles are added, lines already on a draft are left as edited.
   * Returns every draft order.
   */
  async propose(at: Date = this.clock(), actor?: Actor): Promise<PurchaseOrder[]> {
    if (actor) return audited(this.knex, actor, this.clock, (trx) => new PurchasingService(trx, this.clock, this.shopId).propose(at), (orders) => ({ kind: 'purchase_order', details: { action: 'propose', drafts: orders.map((o) => o.reference) } }));
    const { articles, suppliers, rows } = await this.reorderInputs(at);
    const proposals = proposeOrders(articles, suppliers);
    await this.inTransaction(async (trx) => {
      for (const proposal of proposals) {
        let draftId: number | null = null;
        for (const line of proposal.lines) {
          if (await this.onDraft(trx, proposal.supplierId, line.articleId)) continue;
          draftId ??= await this.draftFor(trx, proposal.supplierId, false, at);
          await this.insertLine(trx, draftId, rows.get(line.articleId)!, line.quantity, proposal.supplierId);
        }
      }
    });
    return this.list({ status: 'draft' });
  }

  /**
   * The automatic trigger: each article at or under its reorder point
   * (reorder_point, or min_stock when none), counting what is already on sent
   * orders, goes on its supplier's draft with the proposal's quantity (at
   * least one pack). Articles already on a draft are left as they are.
   * Returns the ids of the drafts created or extended.
   */
  async reorderArticles(articleIds: number[], at: Date = this.clock()): Promise<number[]> {
    if (articleIds.length === 0) return [];
    const { articles, suppliers, rows } = await this.reorderInputs(at, articleIds);
    const bySupplier = new Map(suppliers.map((s) => [s.id, s]));
    const touched = new Set<number>();
    await this.inTransaction(async (trx) => {
      for (const article of articles) {
        const row = rows.get(article.articleId)!;
        const reorderPoint = numOrNull(row.reorder_point) ?? article.minStock;
        if (article.stock + article.onOrder > reorderPoint) continue;
        const supplier = bySupplier.get(article.supplierId!);
        if (!supplier || (await this.onDraft(trx, supplier.id, article.articleId))) continue;
        const proposed = proposeLine(article, supplier).quantity;
        const quantity = proposed > 0 ? proposed : orderQuantity(1, article.minOrderQty, article.packSize);
        const draftId = await this.draftFor(trx, supplier.id, true, at);
        await this.insertLine(trx, draftId, row, quantity, supplier.id);
        touched.add(draftId);
      }
    });
    return [...touched];
  }

  // ---- editing a draft -----------------------------------------------------

  /** Sets a draft line's quantity; 0 removes the line. */
  async setLine(orderId: number, articleId: number, quantity: number, actor?: Actor): Promise<PurchaseOrder> {
    if (actor) return audited(this.knex, actor, this.clock, (trx) => new PurchasingService(trx, this.clock, this.shopId).setLine(orderId, articleId, quantity), (o) => ({ kind: 'purchase_order', articleId, details: { action: 'set', order: o.reference, quantity } }));
    checkQuantity(quantity, true);
    await this.inTransaction(async (trx) => {
      await this.draft(trx, orderId);
      const line = await trx('purchase_order_lines').where({ order_id: orderId, article_id: articleId }).first('id');
      if (!line) throw new ValidationError("Cet article n'est pas sur la commande (ajoutez-le)");
      if (quantity === 0) await trx('purchase_order_lines').where({ id: line.id }).delete();
      else await trx('purchase_order_lines').where({ id: line.id }).update({ quantity });
    });
    return (await this.get(orderId))!;
  }

  /**
   * Sets several lines of a draft at once (0 removes a line), all or none: a
   * form of the ordering page sends every line; the ones unchanged are left
   * out of the change and of its audit event.
   */
  async setLines(orderId: number, lines: Array<{ articleId: number; quantity: number }>, actor?: Actor): Promise<PurchaseOrder> {
    for (const line of lines) checkQuantity(line.quantity, true);
    const changed: Array<{ articleId: number; quantity: number }> = [];
    const work = async (trx: Knex) => {
      changed.length = 0;
      await this.draft(trx, orderId);
      const current = new Map((await trx('purchase_order_lines').where({ order_id: orderId }).select('article_id', 'quantity')).map((r) => [num(r.article_id), num(r.quantity)]));
      const inner = new PurchasingService(trx, this.clock, this.shopId);
      for (const line of lines) {
        if (current.get(line.articleId) === line.quantity) continue;
        await inner.setLine(orderId, line.articleId, line.quantity);
        changed.push(line);
      }
      return (await inner.get(orderId))!;
    };
    if (actor) return audited(this.knex, actor, this.clock, work, (o) => ({ kind: 'purchase_order', details: { action: 'set', order: o.reference, lines: changed.map((l) => ({ article: l.articleId, quantity: l.quantity })) } }));
    return this.inTransaction(work);
  }

  /** Adds an article to a draft, or adds to its quantity if it is already there. */
  async addLine(orderId: number, articleId: number, quantity: number, actor?: Actor): Promise<PurchaseOrder> {
    if (actor) return audited(this.knex, actor, this.clock, (trx) => new PurchasingService(trx, this.clock, this.shopId).addLine(orderId, articleId, quantity), (o) => ({ kind: 'purchase_order', articleId, details: { action: 'add', order: o.reference, quantity } }));
    checkQuantity(quantity, false);
    await this.inTransaction(async (trx) => {
      const order = await this.draft(trx, orderId);
      const article = await trx('articles').where({ id: articleId }).first();
      if (!article) throw new NotFoundError(`Article ${articleId} introuvable`);
      const line = await trx('purchase_order_lines').where({ order_id: orderId, article_id: articleId }).first('id', 'quantity');
      if (line) await trx('purchase_order_lines').where({ id: line.id }).update({ quantity: num(line.quantity) + quantity });
      else await this.insertLine(trx, orderId, article, quantity, num(order.supplier_id));
    });
    return (await this.get(orderId))!;
  }

  /**
   * Puts an article on a draft at exactly this quantity (added if it is not
   * there, 0 takes it off), provided the order is still the version the
   * writer read (`ifVersion`, the API's If-Match), checked in the same
   * transaction as the change.
   */
  async putLine(orderId: number, articleId: number, quantity: number, actor?: Actor, ifVersion?: string): Promise<PurchaseOrder> {
    if (actor) return audited(this.knex, actor, this.clock, (trx) => new PurchasingService(trx, this.clock, this.shopId).putLine(orderId, articleId, quantity, undefined, ifVersion), (o) => ({ kind: 'purchase_order', articleId, details: { action: 'set', order: o.reference, quantity } }));
    checkQuantity(quantity, true);
    return writeTransaction(this.knex, async (trx) => {
      const inner = new PurchasingService(trx, this.clock, this.shopId);
      const order = await inner.get(orderId);
      if (!order) throw new NotFoundError(`Commande ${orderId} introuvable`);
      checkRecordVersion(order, ifVersion);
      if (order.lines.some((l) => l.articleId === articleId)) return inner.setLine(orderId, articleId, quantity);
      return quantity === 0 ? order : inner.addLine(orderId, articleId, quantity);
    });
  }

  async setNotes(orderId: number, notes: string): Promise<PurchaseOrder> {
    checkTextField('orderNotes', notes);
    await this.inTransaction(async (trx) => {
      await this.draft(trx, orderId);
      await trx('purchase_orders').where({ id: orderId }).update({ notes: notes.slice(0, 1000) });
    });
    return (await this.get(orderId))!;
  }

  /** A new empty draft for a supplier (for an order typed by hand). */
  async createDraft(supplierId: number): Promise<PurchaseOrder> {
    if (!(await this.suppliers.get(supplierId))) throw new NotFoundError(`Fournisseur ${supplierId} introuvable`);
    const id = await this.inTransaction((trx) => this.newOrder(trx, supplierId, false, this.clock()));
    return (await this.get(id))!;
  }

  // ---- sending, receiving, cancelling -------------------------------------

  /**
   * Marks a draft sent (expected after the supplier's lead time) and returns
   * its documents. With e-mail on (mail-settings.ts), the order's e-mail is
   * queued in the same transaction: whatever happens next, it is owed, and
   * the delivery runner sends it (order-mail-delivery.service.ts).
   */
  async send(orderId: number, actor?: Actor): Promise<SentOrder> {
    if (actor) await this.checkOrderShop(orderId, actor);
    if (actor) return audited(this.knex, actor, this.clock, (trx) => new PurchasingService(trx, this.clock, this.shopId).send(orderId), (sent) => ({ kind: 'purchase_order', details: { action: 'send', order: sent.order.reference, value: sent.order.value } }));
    const now = this.clock();
    await this.inTransaction(async (trx) => {
      const order = await this.draft(trx, orderId);
      const lines = await trx('purchase_order_lines').where({ order_id: orderId }).count({ n: '*' }).first();
      if (num(lines?.n ?? 0) === 0) throw new ValidationError(`La commande ${order.reference} est vide : rien à envoyer`);
      const supplier = await trx('suppliers').where({ id: order.supplier_id }).first('lead_time_days', 'name', 'email');
      await trx('purchase_orders')
        .where({ id: orderId })
        .update({ status: 'sent', sent_at: now.toISOString(), expected_at: new Date(now.getTime() + num(supplier.lead_time_days) * DAY_MS).toISOString() });
      if (mailEnabled(await new SettingsService(trx, this.clock).get('mail.smtpUrl'), process.env)) {
        await queueOrderMail(trx, orderId, { name: String(supplier.name), email: String(supplier.email ?? '') }, now);
      }
    });
    return this.documents(orderId);
  }

  /** The CSV and the printable text of an order, whatever its status. */
  async documents(orderId: number): Promise<SentOrder> {
    const order = await this.get(orderId);
    if (!order) throw new NotFoundError(`Commande ${orderId} introuvable`);
    // Delivered to the order's shop: its name, address and SIRET head the document.
    const settings = await new SettingsService(this.knex, this.clock, null, order.shopId).all();
    const supplier = (await this.suppliers.get(order.supplierId))!;
    const shop = { name: settings['shop.name'], address: settings['shop.address'], siret: settings['shop.siret'] };
    return { order, csv: purchaseOrderCsv(order), text: purchaseOrderText(order, shop, supplier, settings['receipt.columns']) };
  }

  /**
   * Receives a delivery: each line's quantity goes on the shelf as a
   * 'receipt' stock move tied to the order; no lines means everything still
   * due. A new unit cost updates the line and the article's cost (the last
   * purchase cost values the stock). More than what is due is refused.
   */
  async receive(orderId: number, lines: ReceiptLine[] = [], employeeId: number | null = null, actor?: Actor): Promise<PurchaseOrder> {
    if (actor) await this.checkOrderShop(orderId, actor);
    if (actor) return audited(this.knex, actor, this.clock, (trx) => new PurchasingService(trx, this.clock, this.shopId).receive(orderId, lines, employeeId), (o) => ({ kind: 'purchase_order', details: { action: 'receive', order: o.reference, status: o.status, lines: lines.map((l) => ({ article: l.articleId, quantity: l.quantity, cost: l.unitCost ?? null })) } }));
    const now = this.clock();
    await this.inTransaction(async (trx) => {
      const order = await trx('purchase_orders').where({ id: orderId }).first();
      if (!order) throw new NotFoundError(`Commande ${orderId} introuvable`);
      if (!OPEN_STATUSES.includes(order.status)) {
        throw new ValidationError(`La commande ${order.reference} est ${statusLabel(order.status)} : on ne reçoit que des commandes envoyées`);
      }
      const orderLines = await trx('purchase_order_lines as l').join('articles as a', 'a.id', 'l.article_id').where('l.order_id', orderId).orderBy('l.id').select('l.*', 'a.name', 'a.unit', 'a.track_stock');
      const wanted: ReceiptLine[] =
        lines.length > 0
          ? lines
          : orderLines.filter((l) => num(l.quantity) > num(l.received_qty)).map((l) => ({ articleId: num(l.article_id), quantity: num(l.quantity) - num(l.received_qty) }));
      if (wanted.length === 0) throw new ValidationError(`Plus rien n'est dû sur la commande ${order.reference}`);
      const seen = new Set<number>();
      for (const r of inArticleOrder(wanted)) {
        if (seen.has(r.articleId)) throw new ValidationError('Un article apparaît deux fois dans la réception');
        seen.add(r.articleId);
        const line = orderLines.find((l) => num(l.article_id) === r.articleId);
        if (!line) throw new ValidationError(`L'article ${r.articleId} n'est pas sur la commande ${order.reference}`);
        checkQuantity(r.quantity, false);
        const due = num(line.quantity) - num(line.received_qty);
        if (r.quantity > due) {
          const unit = line.unit === 'kg' ? 'kg' : 'unit';
          throw new ValidationError(`${line.name} : ${formatQuantity(r.quantity, unit)} reçu(s) mais seulement ${formatQuantity(Math.max(0, due), unit)} dû(s)`);
        }
        if (r.unitCost !== undefined && (!Number.isInteger(r.unitCost) || r.unitCost < 0)) throw new ValidationError(`${line.name} : coût invalide`);
        await trx('purchase_order_lines')
          .where({ id: line.id })
          .update({ received_qty: num(line.received_qty) + r.quantity, ...(r.unitCost !== undefined ? { unit_cost: r.unitCost } : {}) });
        line.received_qty = num(line.received_qty) + r.quantity;
        if (r.unitCost !== undefined) await trx('articles').where({ id: r.articleId }).update({ cost: r.unitCost, updated_at: now.toISOString() });
        if (bool(line.track_stock)) {
          await applyStockMove(trx, { shopId: num(order.shop_id), articleId: r.articleId, quantity: r.quantity, reason: 'receipt', purchaseOrderId: orderId, employeeId, note: String(order.reference) }, now);
        }
      }
      const complete = orderLines.every((l) => num(l.received_qty) >= num(l.quantity));
      await trx('purchase_orders').where({ id: orderId }).update({ status: complete ? 'received' : 'partial' });
    });
    return (await this.get(orderId))!;
  }

  /** Cancels an order not fully received; what was already received stays on the shelf. */
  async cancel(orderId: number, actor?: Actor): Promise<PurchaseOrder> {
    if (actor) await this.checkOrderShop(orderId, actor);
    if (actor) return audited(this.knex, actor, this.clock, (trx) => new PurchasingService(trx, this.clock, this.shopId).cancel(orderId), (o) => ({ kind: 'purchase_order', details: { action: 'cancel', order: o.reference } }));
    await this.inTransaction(async (trx) => {
      const order = await trx('purchase_orders').where({ id: orderId }).first();
      if (!order) throw new NotFoundError(`Commande ${orderId} introuvable`);
      if (order.status === 'received' || order.status === 'cancelled') throw new ValidationError(`La commande ${order.reference} est déjà ${statusLabel(order.status)}`);
      await trx('purchase_orders').where({ id: orderId }).update({ status: 'cancelled' });
      await cancelOrderMail(trx, orderId);
    });
    return (await this.get(orderId))!;
  }

  /**
   * Auto-send (setting 'orders.autoSend'): sends the automatic drafts created
   * before the last scheduled time ('orders.autoSendAt', local HH:MM, today's
   * if passed, else yesterday's). Returns what it sent; nothing when off.
   * A draft under the supplier's minimum order value stays a draft (the
   * supplier would refuse it or charge for it): `autoSendHeld` says why.
   */
  async autoSendDue(at: Date = this.clock()): Promise<SentOrder[]> {
    if (!(await this.settings.get('orders.autoSend'))) return [];
    const slot = lastScheduled(await this.settings.get('orders.autoSendAt'), at);
    if (!slot) return [];
    const due = await this.knex('purchase_orders').where({ shop_id: this.shopId, status: 'draft', automatic: true }).where('created_at', '<', slot.toISOString()).orderBy('id').select('id');
    const sent: SentOrder[] = [];
    for (const row of due) {
      const order = await this.get(num(row.id));
      if (!order || order.lines.length === 0 || order.autoSendHeld) continue;
      sent.push(await this.send(order.id));
    }
    return sent;
  }

  // ---- helpers -------------------------------------------------------------

  /** An order is sent, received or cancelled by its shop's staff (or an owner), whichever till the command runs at (issue #22). */
  private async checkOrderShop(orderId: number, actor: Actor): Promise<void> {
    const order = await this.knex('purchase_orders').where({ id: orderId }).first('shop_id');
    if (order) await checkActsInShop(this.knex, actor, num(order.shop_id));
  }

  /** A write transaction, tried again if another till took the same order reference. */
  private async inTransaction<T>(work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await writeTransaction(this.knex, work);
      } catch (err) {
        if (attempt >= 5 || !isDuplicate(err)) throw err;
      }
    }
  }

  private async draft(trx: Knex, orderId: number): Promise<Record<string, unknown> & { reference: string; supplier_id: number }> {
    const order = await trx('purchase_orders').where({ id: orderId }).first();
    if (!order) throw new NotFoundError(`Commande ${orderId} introuvable`);
    if (order.status !== 'draft') throw new ValidationError(`La commande ${order.reference} est ${statusLabel(order.status)} : seul un brouillon se modifie`);
    return order;
  }

  private async onDraft(trx: Knex, supplierId: number, articleId: number): Promise<boolean> {
    const hit = await trx('purchase_order_lines as l')
      .join('purchase_orders as o', 'o.id', 'l.order_id')
      .where({ 'o.shop_id': this.shopId, 'o.supplier_id': supplierId, 'o.status': 'draft', 'l.article_id': articleId })
      .first('l.id');
    return Boolean(hit);
  }

  /** The supplier's newest draft, or a new one. */
  private async draftFor(trx: Knex, supplierId: number, automatic: boolean, at: Date): Promise<number> {
    const existing = await trx('purchase_orders').where({ shop_id: this.shopId, supplier_id: supplierId, status: 'draft' }).orderBy('id', 'desc').first('id');
    return existing ? num(existing.id) : this.newOrder(trx, supplierId, automatic, at);
  }

  /** PO-YEAR-NNNN, the next number of the year: orders are never deleted, so a reference never comes back. */
  private async newOrder(trx: Knex, supplierId: number, automatic: boolean, at: Date): Promise<number> {
    const prefix = `PO-${at.getFullYear()}-`;
    const refs = await trx('purchase_orders').where('reference', 'like', `${prefix}%`).select('reference');
    const last = refs.reduce((max, r) => Math.max(max, Number(String(r.reference).slice(prefix.length)) || 0), 0);
    return insertId(trx, 'purchase_orders', {
      shop_id: this.shopId,
      supplier_id: supplierId,
      status: 'draft',
      reference: `${prefix}${String(last + 1).padStart(4, '0')}`,
      automatic,
      created_at: at.toISOString(),
    });
  }

  private async insertLine(trx: Knex, orderId: number, article: Record<string, unknown>, quantity: number, supplierId: number): Promise<void> {
    const ownSupplier = numOrNull(article.supplier_id) === supplierId;
    await trx('purchase_order_lines').insert({
      order_id: orderId,
      article_id: num(article.id),
      quantity,
      unit_cost: num(article.cost),
      supplier_ref: ownSupplier ? String(article.supplier_ref ?? '') : '',
    });
  }
}
