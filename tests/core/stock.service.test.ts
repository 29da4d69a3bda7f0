// The stock ledger on SQLite and PostgreSQL: sales, returns, receipts,
// adjustments, losses and counts are moves, and the article's quantity is
// always the sum of its moves; two tills moving the same article at once
// lose nothing; low stock lists what is under its minimum with what is on order.
import { inArticleOrder } from '../../src/core/stock/stock.service.js';
import { computeTotals } from '../../src/core/sales/ticket.js';
import { ENGINES } from '../helpers/engines.js';
import { coreFixture } from '../helpers/shop.js';

describe.each(ENGINES)('stock ledger on %s', (engine) => {
  let now = new Date('2026-11-20T09:00:00.000Z');
  const fx = coreFixture(engine, { clock: () => now });
  const tick = () => {
    now = new Date(now.getTime() + 60_000);
  };

  const inStep = async (articleId: number) => {
    const kept = await fx.core.stock.quantity(articleId);
    expect(kept).toBe(await fx.core.stock.ledgerQuantity(articleId));
    return kept;
  };

  test('stock equals the sum of its moves after sales, returns, receipts, adjustments, losses and counts', async () => {
    const id = fx.shop.nutella.id;
    expect(await inStep(id)).toBe(20000);
    tick();
    const sale = fx.ticketOf(['nutella', 3000], ['comte', 250]);
    await fx.core.sales.complete(sale, [{ method: 'cash', amount: computeTotals(sale).total }], fx.shop.cashier.id);
    expect(await inStep(id)).toBe(17000);
    expect(await inStep(fx.shop.comte.id)).toBe(4750);
    tick();
    await fx.core.sales.complete(fx.ticketOf(['nutella', -1000]), [{ method: 'cash', amount: -450 }], fx.shop.manager.id);
    expect(await inStep(id)).toBe(18000);
    tick();
    expect(await fx.core.stock.receive(id, 12000, { cost: 230, note: 'BL 4521', employeeId: fx.shop.manager.id })).toBe(30000);
    expect((await fx.core.catalog.requireArticle(id)).cost).toBe(230);
    tick();
    expect(await fx.core.stock.adjust(id, -2000, 'loss', { note: 'pots cassés', employeeId: fx.shop.cashier.id })).toBe(28000);
    expect(await fx.core.stock.adjust(id, 1000, 'adjustment', { employeeId: fx.shop.manager.id })).toBe(29000);
    tick();
    const count = fx.core.stock.startCount();
    await fx.core.stock.record(count, id, 27000);
    await fx.core.stock.record(count, fx.shop.comte.id, 4800);
    await fx.core.stock.postCount(count, { employeeId: fx.shop.manager.id });
    expect(await inStep(id)).toBe(27000);
    expect(await inStep(fx.shop.comte.id)).toBe(4800);

    const moves = await fx.core.stock.moves(id);
    expect(moves.map((m) => [m.reason, m.quantity])).toEqual([
      ['initial', 20000], ['sale', -3000], ['return', 1000], ['receipt', 12000], ['loss', -2000], ['adjustment', 1000], ['count', -2000],
    ]);
    expect(moves.find((m) => m.reason === 'loss')).toMatchObject({ employeeName: 'Léa Caissière', note: 'pots cassés' });
    expect(moves.find((m) => m.reason === 'count')?.note).toBe('inventaire : compté 27000, attendu 29000');
    // days are UTC days, both ends included; the stock at the start of a day is what the moves before it add up to
    expect(await fx.core.stock.moves(id, { from: '2026-11-20', to: '2026-11-20' })).toHaveLength(7);
    expect(await fx.core.stock.moves(id, { from: '2026-11-21' })).toEqual([]);
    expect(await fx.core.stock.ledgerQuantity(id, '2026-11-20')).toBe(0);
    expect(await fx.core.stock.ledgerQuantity(id, '2026-11-21')).toBe(27000);
  });

  test('weighed articles move in grams; bad quantities are refused and change nothing', async () => {
    const id = fx.shop.comte.id;
    const before = await inStep(id);
    expect(await fx.core.stock.receive(id, 1250, { employeeId: fx.shop.manager.id })).toBe(before + 1250);
    await expect(fx.core.stock.receive(fx.shop.wine.id, 1500)).rejects.toThrow("nombre entier attendu pour un article à l'unité");
    await expect(fx.core.stock.receive(id, 0)).rejects.toThrow('La quantité reçue doit être positive');
    await expect(fx.core.stock.receive(id, -1000)).rejects.toThrow('La quantité reçue doit être positive');
    await expect(fx.core.stock.receive(id, 1.5)).rejects.toThrow('Quantité invalide');
    await expect(fx.core.stock.receive(id, 1000, { cost: -1 })).rejects.toThrow('Coût invalide');
    await expect(fx.core.stock.adjust(id, 500, 'loss')).rejects.toThrow('Une perte retire du stock');
    await expect(fx.core.stock.adjust(id, 0, 'adjustment')).rejects.toThrow('Quantité nulle');
    await expect(fx.core.stock.adjust(id, 500, 'sale' as never)).rejects.toThrow('Motif « sale » refusé');
    await expect(fx.core.stock.receive(999999, 1000)).rejects.toThrow('Article 999999 introuvable');
    await expect(fx.core.stock.moves(id, { from: '20/11/2026' })).rejects.toThrow('Date invalide');
    expect(await inStep(id)).toBe(before + 1250);
  });

  test('a count keeps sales made after an article was scanned; empty or reused counts are refused', async () => {
    const id = fx.shop.wine.id;
    const before = await inStep(id);
    const count = fx.core.stock.startCount();
    await expect(fx.core.stock.postCount(count)).rejects.toThrow('Inventaire vide');
    await expect(fx.core.stock.record(count, id, -1000)).rejects.toThrow('Quantité comptée invalide');
    const line = await fx.core.stock.record(count, id, before - 1000);
    expect(line).toMatchObject({ expected: before, difference: -1000 });
    // one bottle sold while the count goes on: it left the shelf after it was counted
    tick();
    await fx.core.sales.complete(fx.ticketOf(['wine', 1000]), [{ method: 'card', amount: 1290 }], fx.shop.cashier.id);
    await fx.core.stock.recordMore(count, id, 0);
    await fx.core.stock.postCount(count, { employeeId: fx.shop.manager.id });
    expect(await inStep(id)).toBe(before - 2000);
    await expect(fx.core.stock.postCount(count)).rejects.toThrow('Inventaire déjà validé');
  });

  test('two tills moving the same article at once lose no unit', async () => {
    const other = await fx.db.core({ clock: () => now, tillId: 2 });
    try {
      const id = fx.shop.nutella.id;
      const before = await inStep(id);
      const work = [];
      for (let i = 0; i < 20; i++) {
        work.push(fx.core.stock.adjust(id, -1000, 'adjustment'));
        work.push(other.stock.receive(id, 2000, { tillId: 2 }));
      }
      await Promise.all(work);
      expect(await inStep(id)).toBe(before + 20 * 1000);
    } finally {
      await other.close();
    }
  });

  test('low stock lists articles at or under their minimum, with supplier and the quantity still on order', async () => {
    const supplier = await fx.core.suppliers.create({ name: 'Cave Dupont', contact: '', email: '', phone: '', leadTimeDays: 2, minOrderValue: 0 });
    const wine = fx.shop.wine.id;
    await fx.core.knex('articles').where({ id: wine }).update({ supplier_id: supplier.id, supplier_ref: 'BX22' });
    const stock = await fx.core.stock.quantity(wine);
    await fx.core.stock.adjust(wine, 3000 - stock, 'adjustment');
    const [sent] = await fx.core.knex('purchase_orders').insert({ supplier_id: supplier.id, status: 'sent', reference: 'PO-1', created_at: now.toISOString() }).returning('id');
    const [draft] = await fx.core.knex('purchase_orders').insert({ supplier_id: supplier.id, status: 'draft', reference: 'PO-2', created_at: now.toISOString() }).returning('id');
    const idOf = (r: unknown) => (typeof r === 'object' ? Number((r as { id: number }).id) : Number(r));
    await fx.core.knex('purchase_order_lines').insert([
      { order_id: idOf(sent), article_id: wine, quantity: 12000, received_qty: 4000, unit_cost: 620 },
      { order_id: idOf(draft), article_id: wine, quantity: 6000, received_qty: 0, unit_cost: 620 },
    ]);
    const low = await fx.core.stock.lowStock();
    const row = low.find((r) => r.articleId === wine);
    expect(row).toMatchObject({ name: 'Bordeaux Supérieur 2022', category: 'Cave', stockQty: 3000, minStock: 3000, supplier: 'Cave Dupont', supplierRef: 'BX22', onOrder: 8000 });
    expect(low.find((r) => r.articleId === fx.shop.nutella.id)).toBeUndefined();
    await fx.core.stock.receive(wine, 1000);
    expect((await fx.core.stock.lowStock()).find((r) => r.articleId === wine)).toBeUndefined();
  });

  test('a sale moves the stock of each article that tracks it, once per line, the same article on two lines added up', async () => {
    const grocery = (await fx.core.categories.visible())[0]!;
    const rate = (await fx.core.taxRates.list())[0]!;
    const service = await fx.core.catalog.createArticle({ plu: '990', name: 'Emballage cadeau', categoryId: grocery.id, price: 200, taxRateId: rate.id, trackStock: false });
    const before = { nutella: await inStep(fx.shop.nutella.id), wine: await inStep(fx.shop.wine.id), service: await fx.core.stock.quantity(service.id) };
    tick();
    const sale = fx.ticketOf(['nutella', 2000], ['wine', 1000], ['nutella', 1000]);
    const withService = { ...sale, lines: [...sale.lines, { ...sale.lines[0]!, id: 99, articleId: service.id, code: '990', name: 'Emballage cadeau', quantity: 1000, unitPrice: 200, listPrice: 200 }] };
    const done = await fx.core.sales.complete(withService, [{ method: 'cash', amount: computeTotals(withService).total }], fx.shop.cashier.id);
    expect(await inStep(fx.shop.nutella.id)).toBe(before.nutella - 3000);
    expect(await inStep(fx.shop.wine.id)).toBe(before.wine - 1000);
    expect(await fx.core.stock.quantity(service.id)).toBe(before.service);
    const moves = (await fx.core.knex('stock_moves').where({ sale_id: done.id }).orderBy('id')).map((r: Record<string, unknown>) => [Number(r.article_id), Number(r.quantity)]);
    expect(moves).toEqual([[fx.shop.nutella.id, -2000], [fx.shop.nutella.id, -1000], [fx.shop.wine.id, -1000]].sort((a, b) => a[0]! - b[0]!));
  });
});

describe('inArticleOrder (the lock order of multi-article writes)', () => {
  test('sorts a copy by article id, free lines first, equal ids kept in their order', () => {
    const lines = [{ articleId: 7, n: 'a' }, { articleId: null, n: 'b' }, { articleId: 2, n: 'c' }, { articleId: 7, n: 'd' }];
    expect(inArticleOrder(lines).map((l) => l.n)).toEqual(['b', 'c', 'a', 'd']);
    expect(lines.map((l) => l.n)).toEqual(['a', 'b', 'c', 'd']);
  });
});
