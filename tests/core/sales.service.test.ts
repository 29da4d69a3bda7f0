import { computeTotals, setLineDiscount, setTicketDiscount } from '../../src/core/sales/ticket.js';
import { ENGINES } from '../helpers/engines.js';
import { coreFixture } from '../helpers/shop.js';

describe.each(ENGINES)('sales on %s', (engine) => {
  let now = new Date('2026-11-20T09:00:00.000Z');
  const fx = coreFixture(engine, { clock: () => now });

  const tick = () => {
    now = new Date(now.getTime() + 60_000);
  };

  test('completes a sale in one go: lines, VAT, payments, stock, journal', async () => {
    tick();
    const ticket = fx.ticketOf(['nutella', 2000], ['wine', 1000], ['comte', 250]);
    const total = computeTotals(ticket).total;
    const sale = await fx.core.sales.complete(ticket, [{ method: 'cash', amount: 5000 }], fx.shop.cashier.id);
    expect(sale.number).toBe(1);
    expect(sale.total).toBe(900 + 1290 + 823); // 0.25 kg x 32.90 = 8.225 -> 8.23
    expect(sale.total).toBe(total);
    expect(sale.changeGiven).toBe(5000 - total);
    expect(sale.taxes.reduce((a, t) => a + t.total, 0)).toBe(total);
    expect(sale.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(sale.grandTotal).toBe(total);

    const stored = await fx.core.sales.get(sale.id);
    expect(stored).toMatchObject({ number: 1, total, hash: sale.hash, lineCount: 3 });
    expect(stored!.lines.map((l) => l.name)).toEqual(['Pâte à tartiner noisette', 'Bordeaux Supérieur 2022', 'Comté 18 mois']);
    expect(stored!.payments).toEqual([{ lineNo: 1, method: 'cash', amount: total, tendered: 5000, reference: '' }]);

    expect((await fx.core.catalog.getArticle(fx.shop.nutella.id))!.stockQty).toBe(18000);
    expect((await fx.core.catalog.getArticle(fx.shop.comte.id))!.stockQty).toBe(4750);
    expect(await fx.core.stock.ledgerQuantity(fx.shop.comte.id)).toBe(4750);
  });

  test('numbers follow per till and the grand total is perpetual', async () => {
    tick();
    const before = (await fx.core.tills.get(fx.core.tillId))!;
    const a = await fx.core.sales.complete(fx.ticketOf(['wine', 1000]), [{ method: 'card', amount: 1290 }], fx.shop.cashier.id);
    const b = await fx.core.sales.complete(fx.ticketOf(['wine', -1000]), [{ method: 'cash', amount: -1290 }], fx.shop.manager.id);
    expect(b.number).toBe(a.number + 1);
    expect(b.prevHash).toBe(a.hash);
    expect(b.grandTotal).toBe(before.grandTotal);
    expect(b.grandTotalAbs).toBe(a.grandTotalAbs + 1290);
    expect((await fx.core.catalog.getArticle(fx.shop.wine.id))!.stockQty).toBe(11000);
  });

  test('a return goes back to stock with its own reason', async () => {
    tick();
    const sale = await fx.core.sales.complete(fx.ticketOf(['nutella', -1000]), [{ method: 'cash', amount: -450 }], fx.shop.cashier.id);
    const moves = await fx.core.knex('stock_moves').where({ sale_id: sale.id });
    expect(moves.map((m) => [m.reason, Number(m.quantity)])).toEqual([['return', 1000]]);
  });

  test('ticket discount is stored on lines and in VAT', async () => {
    tick();
    const t = setTicketDiscount(fx.ticketOf(['nutella', 1000], ['wine', 1000]), { kind: 'percent', bp: 1000 });
    const sale = await fx.core.sales.complete(t, [{ method: 'card', amount: computeTotals(t).total }], fx.shop.cashier.id);
    expect(sale.discountTotal).toBe(174);
    expect(sale.lines.reduce((a, l) => a + l.ticketDiscount, 0)).toBe(174);
    expect(sale.taxes.reduce((a, x) => a + x.total, 0)).toBe(sale.total);
  });

  test('a manual line discount keeps its label on the stored line (issue #17, defect 4)', async () => {
    tick();
    let t = fx.ticketOf(['nutella', 1000], ['wine', 1000]);
    t = setLineDiscount(t, t.lines[0]!.id, { kind: 'percent', bp: 1000 });
    t = setLineDiscount(t, t.lines[1]!.id, { kind: 'amount', cents: 100 });
    const sale = await fx.core.sales.complete(t, [{ method: 'card', amount: computeTotals(t).total }], fx.shop.cashier.id);
    const stored = await fx.core.knex('sale_lines').where({ sale_id: sale.id }).orderBy('line_no');
    expect(stored.map((l) => [l.discount_label, Number(l.line_discount)])).toEqual([['Remise 10 %', 45], ['Remise', 100]]);
    expect((await fx.core.sales.get(sale.id))!.lines.map((l) => l.discountLabel)).toEqual(['Remise 10 %', 'Remise']);
    expect((await fx.core.journal.verify()).ok).toBe(true);
  });

  test('bad input changes nothing', async () => {
    tick();
    const count = await fx.core.sales.count();
    const stock = (await fx.core.catalog.getArticle(fx.shop.wine.id))!.stockQty;
    const t = fx.ticketOf(['wine', 1000]);
    await expect(fx.core.sales.complete(t, [{ method: 'cash', amount: 500 }], fx.shop.cashier.id)).rejects.toThrow('Reste à payer 7,90 €');
    await expect(fx.core.sales.complete(t, [{ method: 'card', amount: 5000 }], fx.shop.cashier.id)).rejects.toThrow('Seules les espèces');
    await expect(fx.core.sales.complete(fx.core.tickets.create(), [], fx.shop.cashier.id)).rejects.toThrow('Le ticket est vide');
    await expect(fx.core.sales.complete(t, [{ method: 'card', amount: 1290 }], 999)).rejects.toThrow('Employé 999');
    await expect(fx.core.sales.complete(t, [{ method: 'account', amount: 1290 }], fx.shop.cashier.id)).rejects.toThrow('attachez d\'abord un client');
    await expect(fx.core.sales.complete(t, [{ method: 'card', amount: 1290 }], fx.shop.cashier.id, { tillId: 42 })).rejects.toThrow('Caisse 42');
    expect(await fx.core.sales.count()).toBe(count);
    expect((await fx.core.catalog.getArticle(fx.shop.wine.id))!.stockQty).toBe(stock);
    expect((await fx.core.tills.get(fx.core.tillId))!.saleSeq).toBe(count);
    expect((await fx.core.journal.verify()).ok).toBe(true);
  });

  test('a ticket cannot be completed twice', async () => {
    tick();
    const t = fx.ticketOf(['nutella', 1000]);
    await fx.core.sales.complete(t, [{ method: 'card', amount: 450 }], fx.shop.cashier.id);
    const count = await fx.core.sales.count();
    await expect(fx.core.sales.complete(t, [{ method: 'card', amount: 450 }], fx.shop.cashier.id)).rejects.toThrow('déjà été encaissé');
    expect(await fx.core.sales.count()).toBe(count);
  });

  test('the open ticket is saved, restored, and removed by its sale', async () => {
    tick();
    const t = fx.ticketOf(['wine', 2000]);
    await fx.core.tickets.save(t, fx.shop.cashier.id);
    const restored = await fx.core.tickets.restore();
    expect(restored).toEqual(t);
    await fx.core.sales.complete(restored!, [{ method: 'card', amount: 2580 }], fx.shop.cashier.id);
    expect(await fx.core.tickets.restore()).toBeNull();
  });

  test('park several tickets, list them, resume one', async () => {
    tick();
    const a = fx.ticketOf(['wine', 1000]);
    const b = fx.ticketOf(['nutella', 3000]);
    await fx.core.tickets.park(a, fx.shop.cashier.id, 'Mme Dupont');
    tick();
    await fx.core.tickets.park(b, fx.shop.cashier.id);
    const parked = await fx.core.tickets.listParked();
    expect(parked.map((p) => [p.label, p.total, p.lineCount])).toEqual([
      ['Mme Dupont', 1290, 1],
      ['', 1350, 1],
    ]);
    const resumed = await fx.core.tickets.resume(a.id);
    expect(resumed).toEqual(a);
    expect((await fx.core.tickets.listParked()).map((p) => p.id)).toEqual([b.id]);
    expect((await fx.core.tickets.restore())?.id).toBe(a.id);
    await expect(fx.core.tickets.resume('nope')).rejects.toThrow('introuvable');
    await fx.core.tickets.discard(a.id);
    await fx.core.tickets.discard(b.id);
  });

  test('a voucher pays part of a sale and keeps the rest', async () => {
    tick();
    const voucher = await fx.core.vouchers.issue({ kind: 'gift', amount: 2000 });
    expect(voucher.code).toMatch(/^28\d{11}$/);
    const t = fx.ticketOf(['wine', 1000]);
    const sale = await fx.core.sales.complete(t, [{ method: 'voucher', amount: 1290, reference: voucher.code }], fx.shop.cashier.id);
    expect(sale.payments[0]).toMatchObject({ method: 'voucher', amount: 1290, reference: voucher.code });
    expect((await fx.core.vouchers.get(voucher.code))!.remaining).toBe(710);

    const count = await fx.core.sales.count();
    const t2 = fx.ticketOf(['wine', 1000]);
    await expect(fx.core.sales.complete(t2, [{ method: 'voucher', amount: 1290, reference: voucher.code }], fx.shop.cashier.id)).rejects.toThrow(
      'ne vaut plus que 7,10 €',
    );
    await expect(fx.core.sales.complete(t2, [{ method: 'voucher', amount: 1290, reference: '2800000000000' }], fx.shop.cashier.id)).rejects.toThrow('Bon inconnu');
    await expect(fx.core.sales.complete(t2, [{ method: 'voucher', amount: 1290 }], fx.shop.cashier.id)).rejects.toThrow('code du bon');
    expect(await fx.core.sales.count()).toBe(count);
    expect((await fx.core.vouchers.get(voucher.code))!.remaining).toBe(710);
  });

  test('a refund paid out as a voucher issues a credit note', async () => {
    tick();
    const t = fx.ticketOf(['nutella', -2000]);
    const sale = await fx.core.sales.complete(t, [{ method: 'voucher', amount: -900 }], fx.shop.cashier.id);
    const code = sale.payments[0]!.reference;
    expect(code).toMatch(/^28\d{11}$/);
    expect(await fx.core.vouchers.get(code)).toMatchObject({ kind: 'credit_note', amount: 900, remaining: 900, issuedSaleId: sale.id });
    expect((await fx.core.sales.get(sale.id))!.payments[0]!.reference).toBe(code);
  });

  test('the journal verifies and covers every sale', async () => {
    const report = await fx.core.journal.verify();
    expect(report.ok).toBe(true);
    expect(report.sales).toBe(await fx.core.sales.count());
  });

  test('audit events chain and verify', async () => {
    await fx.core.audit.record({ kind: 'login', employeeId: fx.shop.cashier.id });
    await fx.core.audit.record({ kind: 'no_sale', employeeId: fx.shop.cashier.id, approverId: fx.shop.manager.id, details: { reason: 'monnaie' } });
    const events = await fx.core.audit.recent();
    // A brand-new database starts its till's chain with two NF525 technical events: data initialised, till added.
    expect(events.map((e) => [e.seq, e.kind])).toEqual([[4, 'no_sale'], [3, 'login'], [2, 'till_added'], [1, 'data_init']]);
    expect(events[0]!.prevHash).toBe(events[1]!.hash);
    expect((await fx.core.journal.verify()).ok).toBe(true);
    await fx.core.knex('audit_events').where({ id: events[1]!.id }).update({ details: '{"x":1}' });
    const report = await fx.core.journal.verify();
    expect(report.ok).toBe(false);
    expect(report.chains.find((c) => c.broken)).toMatchObject({ chain: 'audit', broken: { seq: 3 } });
  });

  test('the commit bumps and reads the till in one statement, checks ticket and employee in one read, writes the tracked moves in one insert (#19)', async () => {
    tick();
    await fx.core.knex('articles').where({ id: fx.shop.wine.id }).update({ track_stock: false });
    const statements: string[] = [];
    const log = (q: { sql: string }) => statements.push(q.sql);
    fx.core.knex.on('query', log);
    let saleId: number;
    try {
      const ticket = fx.ticketOf(['comte', 100], ['wine', 1000], ['nutella', -1000]);
      saleId = (await fx.core.sales.complete(ticket, [{ method: 'card', amount: computeTotals(ticket).total }], fx.shop.cashier.id)).id;
    } finally {
      fx.core.knex.off('query', log);
      await fx.core.knex('articles').where({ id: fx.shop.wine.id }).update({ track_stock: true });
    }
    // The untracked wine has no move; the others come in article order, as before.
    const moves = await fx.core.knex('stock_moves').where({ sale_id: saleId }).orderBy('id');
    expect(moves.map((m) => [Number(m.article_id), Number(m.quantity), m.reason])).toEqual([
      [fx.shop.nutella.id, 1000, 'return'],
      [fx.shop.comte.id, -100, 'sale'],
    ]);
    const count = (pattern: RegExp) => statements.filter((sql) => pattern.test(sql)).length;
    expect(count(/^insert into ["`]stock_moves["`]/)).toBe(1);
    expect(count(/^select .*from ["`]tills["`]/)).toBe(0);
    expect(count(/from ["`]employees["`]/)).toBe(1);
    expect(statements.find((sql) => /from ["`]employees["`]/.test(sql))).toMatch(/from ["`]sales["`] where ["`]ticket_id["`]/);
  });
});
