// Transfers between shops (issue #22) on SQLite and PostgreSQL: sending takes
// the goods out of the departure shop's stock, receiving (in parts) puts them
// in the arrival shop's, closing short reports what never arrived and moves no
// stock; every refusal changes nothing; every change is an audit event naming
// who made it, and the journal still verifies; two receivers at once receive
// the goods once.
import { actorOf, type Actor } from '../../src/core/fiscal/audit.service.js';
import { planReceipt, shortfall, statusAfterReceipt, checkAllowed } from '../../src/core/stock/transfer.js';
import { shopStockQuantity, StockService } from '../../src/core/stock/stock.service.js';
import { TransfersService } from '../../src/core/stock/transfers.service.js';
import type { Shop } from '../../src/core/shop/shops.service.js';
import { ENGINES, newTestDb } from '../helpers/engines.js';
import * as transfers019 from '../../db/migrations/019_transfers.js';
import { coreFixture } from '../helpers/shop.js';

describe('transfer rules', () => {
  const lines = [
    { id: 1, articleId: 7, plu: '7', name: 'Café', unit: 'unit' as const, quantity: 6000, receivedQty: 4000, inTransit: 2000, unitCost: 210 },
    { id: 2, articleId: 3, plu: '3', name: 'Comté', unit: 'kg' as const, quantity: 1500, receivedQty: 0, inTransit: 1500, unitCost: 1800 },
  ];

  test('a receipt with no lines takes everything still due, in article order; more than due is refused', () => {
    expect(planReceipt(lines, [], 'TR-1')).toEqual([{ articleId: 3, quantity: 1500 }, { articleId: 7, quantity: 2000 }]);
    expect(() => planReceipt(lines, [{ articleId: 7, quantity: 3000 }], 'TR-1')).toThrow('Café : 3 reçu(s) mais seulement 2 attendu(s)');
    expect(() => planReceipt(lines, [{ articleId: 9, quantity: 1000 }], 'TR-1')).toThrow("L'article 9 n'est pas sur le transfert TR-1");
    expect(() => planReceipt(lines, [{ articleId: 7, quantity: 1000 }, { articleId: 7, quantity: 1000 }], 'TR-1')).toThrow('deux fois');
    expect(() => planReceipt(lines, [{ articleId: 7, quantity: 0 }], 'TR-1')).toThrow('quantité reçue invalide');
    expect(() => planReceipt(lines.map((l) => ({ ...l, receivedQty: l.quantity })), [], 'TR-1')).toThrow("Plus rien n'est attendu sur le transfert TR-1");
  });

  test('the status after a receipt, the difference valued at cost, and what each status allows', () => {
    expect(statusAfterReceipt(lines)).toBe('partial');
    expect(statusAfterReceipt(lines.map((l) => ({ ...l, receivedQty: l.quantity })))).toBe('received');
    const short = shortfall(lines);
    expect(short.lines.map((l) => [l.articleId, l.missing, l.value])).toEqual([[7, 2000, 420], [3, 1500, 2700]]);
    expect(short.value).toBe(3120);
    expect(() => checkAllowed('cancel', 'sent', 'TR-1')).toThrow("Le transfert TR-1 est envoyé : seul un brouillon s'annule (un transfert envoyé se reçoit, ou se clôt avec écart)");
    expect(() => checkAllowed('close', 'draft', 'TR-1')).toThrow('en brouillon');
    expect(() => checkAllowed('receive', 'closed', 'TR-1')).toThrow('clos avec écart');
    expect(() => checkAllowed('close', 'partial', 'TR-1')).not.toThrow();
  });
});

describe.each(ENGINES)('transfers between shops on %s', (engine) => {
  let now = new Date('2026-12-01T09:00:00.000Z');
  const fx = coreFixture(engine, { clock: () => now });
  const tick = () => {
    now = new Date(now.getTime() + 60_000);
  };
  let manager: Actor;
  let port: Shop;

  beforeAll(async () => {
    manager = actorOf(fx.shop.manager, fx.core.tillId);
    port = await fx.core.shops.add({ code: 'port', name: 'Épicerie du Port' }, manager);
    // Marc manages both ends of the transfers here (a shop's staff act for it: issue #22).
    const owner = await fx.core.staff.create({ name: 'Anne Patronne', role: 'owner', pin: '739184' });
    await fx.core.staff.assignShop(fx.shop.manager.id, port.id, actorOf(owner, fx.core.tillId));
  });

  const auditCount = async () => Number((await fx.core.knex('audit_events').count({ n: '*' }).first())?.n ?? 0);
  const transferEvents = async () =>
    (await fx.core.knex('audit_events').where({ kind: 'transfer' }).orderBy('id').select('details', 'employee_id')).map((r) => ({ ...JSON.parse(String(r.details)), employee: Number(r.employee_id) }));
  const stockAt = (shopId: number, articleId: number) => shopStockQuantity(fx.core.knex, shopId, articleId);
  /** the kept quantity equals the sum of the shop's moves */
  const inStep = async (shopId: number, articleId: number) => {
    const kept = await stockAt(shopId, articleId);
    expect(await new StockService(fx.core.knex, fx.core.clock, shopId).ledgerQuantity(articleId)).toBe(kept);
    return kept;
  };

  test('sending takes the goods out of A, receiving puts them in B in parts, closing reports what never arrived', async () => {
    const { nutella, comte } = fx.shop;
    const fromA = { nutella: await stockAt(1, nutella.id), comte: await stockAt(1, comte.id) };
    expect(fromA).toEqual({ nutella: 20000, comte: 5000 });
    const eventsBefore = (await transferEvents()).length;

    const draft = await fx.core.transfers.create({ to: port.id, notes: 'pour le week-end' }, manager);
    expect(draft).toMatchObject({ reference: 'TR-2026-0001', status: 'draft', fromShopId: 1, fromShopCode: 'principal', toShopId: port.id, toShopName: 'Épicerie du Port', notes: 'pour le week-end', lines: [] });
    await fx.core.transfers.addLine(draft.id, nutella.id, 5000, manager);
    await fx.core.transfers.addLine(draft.id, nutella.id, 1000, manager);
    await fx.core.transfers.addLine(draft.id, comte.id, 1250, manager);
    const edited = await fx.core.transfers.setLine(draft.id, comte.id, 1500, manager);
    expect(edited.lines.map((l) => [l.articleId, l.quantity])).toEqual([[nutella.id, 6000], [comte.id, 1500]]);
    // a draft moves no stock
    expect(await stockAt(1, nutella.id)).toBe(20000);

    tick();
    const sent = await fx.core.transfers.send(draft.id, manager);
    expect(sent.status).toBe('sent');
    expect(sent.sentBy).toBe(fx.shop.manager.id);
    expect(sent.lines.map((l) => [l.articleId, l.inTransit, l.unitCost])).toEqual([[nutella.id, 6000, 210], [comte.id, 1500, 1800]]);
    expect(await inStep(1, nutella.id)).toBe(14000);
    expect(await inStep(1, comte.id)).toBe(3500);
    expect(await stockAt(port.id, nutella.id)).toBe(0);
    const movesA = await fx.core.knex('stock_moves').where({ transfer_id: draft.id }).orderBy('id').select('shop_id', 'article_id', 'quantity', 'reason', 'employee_id', 'note');
    const [first, second] = [nutella.id, comte.id].sort((a, b) => a - b);
    expect(movesA.map((m) => [Number(m.shop_id), Number(m.article_id), Number(m.quantity), m.reason, Number(m.employee_id)])).toEqual(
      [first, second].map((id) => [1, id, id === nutella.id ? -6000 : -1500, 'transfer', fx.shop.manager.id]),
    );
    expect(movesA[0]!.note).toBe('TR-2026-0001 vers port');
    const transit = await fx.core.transfers.inTransit();
    expect(transit.map((r) => [r.articleId, r.fromShopCode, r.toShopCode, r.quantity, r.value, r.references])).toEqual(
      expect.arrayContaining([[nutella.id, 'principal', 'port', 6000, 1260, ['TR-2026-0001']], [comte.id, 'principal', 'port', 1500, 2700, ['TR-2026-0001']]]),
    );
    expect(transit).toHaveLength(2);

    tick();
    const atPort = new TransfersService(fx.core.knex, fx.core.clock, port.id);
    const part = await atPort.receive(draft.id, [{ articleId: nutella.id, quantity: 4000 }], manager);
    expect(part.transfer.status).toBe('partial');
    expect(part.received).toEqual([{ articleId: nutella.id, quantity: 4000 }]);
    expect(await inStep(port.id, nutella.id)).toBe(4000);
    expect(await inStep(1, nutella.id)).toBe(14000);
    expect((await fx.core.stock.moves(nutella.id)).at(-1)).toMatchObject({ reason: 'transfer', quantity: -6000, transferId: draft.id });
    expect((await atPort.list()).map((t) => t.reference)).toEqual(['TR-2026-0001']);

    // more than is still due: refused, nothing written
    const audits = await auditCount();
    await expect(atPort.receive(draft.id, [{ articleId: nutella.id, quantity: 3000 }], manager)).rejects.toThrow('Pâte à tartiner noisette : 3 reçu(s) mais seulement 2 attendu(s)');
    expect(await auditCount()).toBe(audits);
    expect(await stockAt(port.id, nutella.id)).toBe(4000);
    expect((await atPort.get(draft.id))!.lines.find((l) => l.articleId === nutella.id)!.receivedQty).toBe(4000);
    // cancelling a sent transfer is refused
    await expect(fx.core.transfers.cancel(draft.id, manager)).rejects.toThrow("seul un brouillon s'annule");
    expect(await auditCount()).toBe(audits);

    tick();
    const movesBeforeClose = Number((await fx.core.knex('stock_moves').count({ n: '*' }).first())?.n);
    const closed = await atPort.close(draft.id, manager, 'carton tombé du camion');
    expect(closed.transfer.status).toBe('closed');
    expect(closed.missing.map((l) => [l.articleId, l.sent, l.received, l.missing, l.value])).toEqual([[nutella.id, 6000, 4000, 2000, 420], [comte.id, 1500, 0, 1500, 2700]]);
    expect(closed.value).toBe(3120);
    // closing moves no stock anywhere: A's goods left when sent, B keeps what it received
    expect(Number((await fx.core.knex('stock_moves').count({ n: '*' }).first())?.n)).toBe(movesBeforeClose);
    expect(await inStep(port.id, nutella.id)).toBe(4000);
    expect(await inStep(port.id, comte.id)).toBe(0);
    expect(await inStep(1, nutella.id)).toBe(14000);
    expect(await fx.core.transfers.inTransit()).toEqual([]);
    expect((await fx.core.transfers.shortfall(draft.id)).value).toBe(3120);
    await expect(atPort.receive(draft.id, [], manager)).rejects.toThrow('est clos avec écart : on ne reçoit que des transferts envoyés');

    const events = (await transferEvents()).slice(eventsBefore);
    expect(events.map((e) => e.action)).toEqual(['create', 'add', 'add', 'add', 'set', 'send', 'receive', 'close']);
    expect(events.every((e) => e.employee === fx.shop.manager.id && e.transfer === 'TR-2026-0001')).toBe(true);
    expect(events.at(-1)).toMatchObject({ value: 3120, note: 'carton tombé du camion', missing: expect.arrayContaining([expect.objectContaining({ article: nutella.id, missing: 2000, value: 420 })]) });
    expect((await fx.core.journal.verify()).ok).toBe(true);
  });

  test('a full receipt with no lines takes everything due and ends received', async () => {
    const { wine } = fx.shop;
    const t = await fx.core.transfers.create({ to: port.id }, manager);
    await fx.core.transfers.addLine(t.id, wine.id, 2000, manager);
    await fx.core.transfers.send(t.id, manager);
    const before = await stockAt(port.id, wine.id);
    const done = await fx.core.transfers.receive(t.id, [], manager);
    expect(done.transfer.status).toBe('received');
    expect(done.transfer.lines[0]).toMatchObject({ quantity: 2000, receivedQty: 2000, inTransit: 0 });
    expect(await inStep(port.id, wine.id)).toBe(before + 2000);
    await expect(fx.core.transfers.close(t.id, manager)).rejects.toThrow('est reçu : seul un transfert envoyé et pas encore tout reçu se clôt');
  });

  test('bad requests are refused with a clear message and change nothing', async () => {
    const { nutella, comte, wine } = fx.shop;
    const audits = await auditCount();
    const transfers = Number((await fx.core.knex('transfers').count({ n: '*' }).first())?.n);
    await expect(fx.core.transfers.create({ to: 1 }, manager)).rejects.toThrow("Un transfert va d'une boutique à une autre");
    await expect(fx.core.transfers.create({ to: 99 }, manager)).rejects.toThrow('Boutique 99 inconnue');
    expect(await auditCount()).toBe(audits);
    expect(Number((await fx.core.knex('transfers').count({ n: '*' }).first())?.n)).toBe(transfers);

    const t = await fx.core.transfers.create({ to: port.id }, manager);
    const untracked = await fx.core.catalog.createArticle({ plu: '901', name: 'Sac cabas', categoryId: nutella.categoryId, price: 100, taxRateId: nutella.taxRateId, trackStock: false });
    const afterCreate = await auditCount();
    await expect(fx.core.transfers.addLine(t.id, untracked.id, 1000, manager)).rejects.toThrow("« Sac cabas » n'est pas suivi en stock");
    await expect(fx.core.transfers.addLine(t.id, nutella.id, 1500, manager)).rejects.toThrow("nombre entier attendu pour un article à l'unité");
    await expect(fx.core.transfers.addLine(t.id, nutella.id, -1000, manager)).rejects.toThrow('La quantité à transférer doit être positive');
    await expect(fx.core.transfers.addLine(t.id, 424242, 1000, manager)).rejects.toThrow('Article 424242 introuvable');
    await expect(fx.core.transfers.removeLine(t.id, wine.id, manager)).rejects.toThrow("n'est pas sur le transfert");
    await expect(fx.core.transfers.send(t.id, manager)).rejects.toThrow('est vide : rien à envoyer');
    expect(await auditCount()).toBe(afterCreate);

    // more than the shop holds: refused, the stock untouched, still a draft
    await fx.core.transfers.addLine(t.id, comte.id, 250, manager);
    await fx.core.transfers.addLine(t.id, nutella.id, 999_000, manager);
    const stock = { nutella: await stockAt(1, nutella.id), comte: await stockAt(1, comte.id) };
    const afterLines = await auditCount();
    await expect(fx.core.transfers.send(t.id, manager)).rejects.toThrow(/Pâte à tartiner noisette : 999 à envoyer mais seulement \d+ en stock \(corrigez le stock d'abord\)/);
    expect({ nutella: await stockAt(1, nutella.id), comte: await stockAt(1, comte.id) }).toEqual(stock);
    expect((await fx.core.transfers.get(t.id))!.status).toBe('draft');
    expect(await fx.core.knex('stock_moves').where({ transfer_id: t.id }).first('id')).toBeUndefined();
    expect(await auditCount()).toBe(afterLines);
    await expect(fx.core.transfers.receive(t.id, [], manager)).rejects.toThrow('est en brouillon : on ne reçoit que des transferts envoyés');
    await expect(fx.core.transfers.close(t.id, manager)).rejects.toThrow('est en brouillon');

    // a draft is cancelled; then nothing more happens to it
    const removed = await fx.core.transfers.removeLine(t.id, nutella.id, manager);
    expect(removed.lines.map((l) => l.articleId)).toEqual([comte.id]);
    const cancelled = await fx.core.transfers.cancel(t.id, manager);
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.closedBy).toBe(fx.shop.manager.id);
    await expect(fx.core.transfers.addLine(t.id, comte.id, 1000, manager)).rejects.toThrow('est annulé : seul un brouillon se modifie');
    await expect(fx.core.transfers.send(t.id, manager)).rejects.toThrow('est annulé');
    expect({ nutella: await stockAt(1, nutella.id), comte: await stockAt(1, comte.id) }).toEqual(stock);
    expect((await fx.core.transfers.list({ status: 'cancelled' })).map((x) => x.id)).toContain(t.id);
    expect((await fx.core.journal.verify()).ok).toBe(true);
  });

  test('two receivers at once: the goods are received once', async () => {
    const { nutella, wine } = fx.shop;
    const other = await fx.db.core({ clock: () => now });
    try {
      const t = await fx.core.transfers.create({ to: port.id }, manager);
      await fx.core.transfers.addLine(t.id, nutella.id, 3000, manager);
      await fx.core.transfers.addLine(t.id, wine.id, 1000, manager);
      await fx.core.transfers.send(t.id, manager);
      const before = { nutella: await stockAt(port.id, nutella.id), wine: await stockAt(port.id, wine.id) };
      const results = await Promise.allSettled([fx.core.transfers.receive(t.id, [], manager), other.transfers.receive(t.id, [], manager)]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
      expect(String(refused.reason.message)).toMatch(/est reçu : on ne reçoit que des transferts envoyés/);
      expect(await inStep(port.id, nutella.id)).toBe(before.nutella + 3000);
      expect(await inStep(port.id, wine.id)).toBe(before.wine + 1000);
      expect(await fx.core.knex('stock_moves').where({ transfer_id: t.id, shop_id: port.id }).count({ n: '*' }).first()).toMatchObject({ n: 2 });
      const receipts = (await transferEvents()).filter((e) => e.action === 'receive' && e.transfer === t.reference);
      expect(receipts).toHaveLength(1);

      // the same, part by part: 2 of 3 asked twice at once, one gets them, the other is told only 1 is due
      const u = await fx.core.transfers.create({ to: port.id }, manager);
      await fx.core.transfers.addLine(u.id, nutella.id, 3000, manager);
      await fx.core.transfers.send(u.id, manager);
      const twice = await Promise.allSettled([
        fx.core.transfers.receive(u.id, [{ articleId: nutella.id, quantity: 2000 }], manager),
        other.transfers.receive(u.id, [{ articleId: nutella.id, quantity: 2000 }], manager),
      ]);
      expect(twice.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(String((twice.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason.message)).toContain('2 reçu(s) mais seulement 1 attendu(s)');
      expect((await fx.core.transfers.get(u.id))!.lines[0]!.receivedQty).toBe(2000);
      expect(await inStep(port.id, nutella.id)).toBe(before.nutella + 5000);
      expect((await fx.core.journal.verify()).ok).toBe(true);
    } finally {
      await other.close();
    }
  });
});

describe.each(ENGINES)('migration 019 on %s', (engine) => {
  test('goes down (tables and the moves\' column gone, the moves kept) and up again', async () => {
    const db = newTestDb(engine);
    const core = await db.core();
    try {
      const { knex } = core;
      expect(await knex.schema.hasTable('transfers')).toBe(true);
      expect(await knex.schema.hasColumn('stock_moves', 'transfer_id')).toBe(true);
      await transfers019.down(knex);
      expect(await knex.schema.hasTable('transfers')).toBe(false);
      expect(await knex.schema.hasTable('transfer_lines')).toBe(false);
      expect(await knex.schema.hasColumn('stock_moves', 'transfer_id')).toBe(false);
      expect(await knex.schema.hasColumn('stock_moves', 'shop_id')).toBe(true);
      await transfers019.up(knex);
      expect(await knex.schema.hasColumn('stock_moves', 'transfer_id')).toBe(true);
      expect(await knex.schema.hasTable('transfer_lines')).toBe(true);
    } finally {
      await core.close();
      await db.cleanup();
    }
  });
});
