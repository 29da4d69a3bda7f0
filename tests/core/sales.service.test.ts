import type { Core } from '../../src/core/core.js';
import { sellable } from '../../src/core/catalog.js';
import { addLine, computeTotals, setTicketDiscount, type Ticket } from '../../src/core/ticket.js';
import { ENGINES, newTestDb, type TestDb } from '../helpers/engines.js';
import { smallShop, type SmallShop } from '../helpers/shop.js';

describe.each(ENGINES)('sales on %s', (engine) => {
  let db: TestDb;
  let core: Core;
  let shop: SmallShop;
  let now = new Date('2026-11-20T09:00:00.000Z');

  beforeAll(async () => {
    db = newTestDb(engine);
    core = await db.core({ clock: () => now });
    shop = await smallShop(core);
  });
  afterAll(async () => {
    await core.close();
    await db.cleanup();
  });

  const ticketOf = (...items: Array<[keyof SmallShop, number]>): Ticket => {
    let t = core.tickets.create();
    for (const [key, qty] of items) t = addLine(t, sellable(shop[key] as never), qty);
    return t;
  };
  const tick = () => {
    now = new Date(now.getTime() + 60_000);
  };

  test('completes a sale in one go: lines, VAT, payments, stock, journal', async () => {
    tick();
    const ticket = ticketOf(['nutella', 2000], ['wine', 1000], ['comte', 250]);
    const total = computeTotals(ticket).total;
    const sale = await core.sales.complete(ticket, [{ method: 'cash', amount: 5000 }], shop.cashier.id);
    expect(sale.number).toBe(1);
    expect(sale.total).toBe(900 + 1290 + 823); // 0.25 kg x 32.90 = 8.225 -> 8.23
    expect(sale.total).toBe(total);
    expect(sale.changeGiven).toBe(5000 - total);
    expect(sale.taxes.reduce((a, t) => a + t.total, 0)).toBe(total);
    expect(sale.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(sale.grandTotal).toBe(total);

    const stored = await core.sales.get(sale.id);
    expect(stored).toMatchObject({ number: 1, total, hash: sale.hash, lineCount: 3 });
    expect(stored!.lines.map((l) => l.name)).toEqual(['Pâte à tartiner noisette', 'Bordeaux Supérieur 2022', 'Comté 18 mois']);
    expect(stored!.payments).toEqual([{ lineNo: 1, method: 'cash', amount: total, tendered: 5000, reference: '' }]);

    expect((await core.catalog.getArticle(shop.nutella.id))!.stockQty).toBe(18000);
    expect((await core.catalog.getArticle(shop.comte.id))!.stockQty).toBe(4750);
    expect(await core.stock.ledgerQuantity(shop.comte.id)).toBe(4750);
  });

  test('numbers follow per till and the grand total is perpetual', async () => {
    tick();
    const before = (await core.tills.get(core.tillId))!;
    const a = await core.sales.complete(ticketOf(['wine', 1000]), [{ method: 'card', amount: 1290 }], shop.cashier.id);
    const b = await core.sales.complete(ticketOf(['wine', -1000]), [{ method: 'cash', amount: -1290 }], shop.manager.id);
    expect(b.number).toBe(a.number + 1);
    expect(b.prevHash).toBe(a.hash);
    expect(b.grandTotal).toBe(before.grandTotal);
    expect(b.grandTotalAbs).toBe(a.grandTotalAbs + 1290);
    expect((await core.catalog.getArticle(shop.wine.id))!.stockQty).toBe(11000);
  });

  test('a return goes back to stock with its own reason', async () => {
    tick();
    const sale = await core.sales.complete(ticketOf(['nutella', -1000]), [{ method: 'cash', amount: -450 }], shop.cashier.id);
    const moves = await core.knex('stock_moves').where({ sale_id: sale.id });
    expect(moves.map((m) => [m.reason, Number(m.quantity)])).toEqual([['return', 1000]]);
  });

  test('ticket discount is stored on lines and in VAT', async () => {
    tick();
    const t = setTicketDiscount(ticketOf(['nutella', 1000], ['wine', 1000]), { kind: 'percent', bp: 1000 });
    const sale = await core.sales.complete(t, [{ method: 'card', amount: computeTotals(t).total }], shop.cashier.id);
    expect(sale.discountTotal).toBe(174);
    expect(sale.lines.reduce((a, l) => a + l.ticketDiscount, 0)).toBe(174);
    expect(sale.taxes.reduce((a, x) => a + x.total, 0)).toBe(sale.total);
  });

  test('bad input changes nothing', async () => {
    tick();
    const count = await core.sales.count();
    const stock = (await core.catalog.getArticle(shop.wine.id))!.stockQty;
    const t = ticketOf(['wine', 1000]);
    await expect(core.sales.complete(t, [{ method: 'cash', amount: 500 }], shop.cashier.id)).rejects.toThrow('Reste à payer 7,90 €');
    await expect(core.sales.complete(t, [{ method: 'card', amount: 5000 }], shop.cashier.id)).rejects.toThrow('Seules les espèces');
    await expect(core.sales.complete(core.tickets.create(), [], shop.cashier.id)).rejects.toThrow('Le ticket est vide');
    await expect(core.sales.complete(t, [{ method: 'card', amount: 1290 }], 999)).rejects.toThrow('Employé 999');
    await expect(core.sales.complete(t, [{ method: 'account', amount: 1290 }], shop.cashier.id)).rejects.toThrow('attachez d\'abord un client');
    await expect(core.sales.complete(t, [{ method: 'card', amount: 1290 }], shop.cashier.id, { tillId: 42 })).rejects.toThrow('Caisse 42');
    expect(await core.sales.count()).toBe(count);
    expect((await core.catalog.getArticle(shop.wine.id))!.stockQty).toBe(stock);
    expect((await core.tills.get(core.tillId))!.saleSeq).toBe(count);
    expect((await core.journal.verify()).ok).toBe(true);
  });

  test('a ticket cannot be completed twice', async () => {
    tick();
    const t = ticketOf(['nutella', 1000]);
    await core.sales.complete(t, [{ method: 'card', amount: 450 }], shop.cashier.id);
    const count = await core.sales.count();
    await expect(core.sales.complete(t, [{ method: 'card', amount: 450 }], shop.cashier.id)).rejects.toThrow('déjà été encaissé');
    expect(await core.sales.count()).toBe(count);
  });

  test('the open ticket is saved, restored, and removed by its sale', async () => {
    tick();
    const t = ticketOf(['wine', 2000]);
    await core.tickets.save(t, shop.cashier.id);
    const restored = await core.tickets.restore();
    expect(restored).toEqual(t);
    await core.sales.complete(restored!, [{ method: 'card', amount: 2580 }], shop.cashier.id);
    expect(await core.tickets.restore()).toBeNull();
  });

  test('park several tickets, list them, resume one', async () => {
    tick();
    const a = ticketOf(['wine', 1000]);
    const b = ticketOf(['nutella', 3000]);
    await core.tickets.park(a, shop.cashier.id, 'Mme Dupont');
    tick();
    await core.tickets.park(b, shop.cashier.id);
    const parked = await core.tickets.listParked();
    expect(parked.map((p) => [p.label, p.total, p.lineCount])).toEqual([
      ['Mme Dupont', 1290, 1],
      ['', 1350, 1],
    ]);
    const resumed = await core.tickets.resume(a.id);
    expect(resumed).toEqual(a);
    expect((await core.tickets.listParked()).map((p) => p.id)).toEqual([b.id]);
    expect((await core.tickets.restore())?.id).toBe(a.id);
    await expect(core.tickets.resume('nope')).rejects.toThrow('introuvable');
    await core.tickets.discard(a.id);
    await core.tickets.discard(b.id);
  });

  test('a voucher pays part of a sale and keeps the rest', async () => {
    tick();
    const voucher = await core.vouchers.issue({ kind: 'gift', amount: 2000 });
    expect(voucher.code).toMatch(/^28\d{11}$/);
    const t = ticketOf(['wine', 1000]);
    const sale = await core.sales.complete(t, [{ method: 'voucher', amount: 1290, reference: voucher.code }], shop.cashier.id);
    expect(sale.payments[0]).toMatchObject({ method: 'voucher', amount: 1290, reference: voucher.code });
    expect((await core.vouchers.get(voucher.code))!.remaining).toBe(710);

    const count = await core.sales.count();
    const t2 = ticketOf(['wine', 1000]);
    await expect(core.sales.complete(t2, [{ method: 'voucher', amount: 1290, reference: voucher.code }], shop.cashier.id)).rejects.toThrow(
      'ne vaut plus que 7,10 €',
    );
    await expect(core.sales.complete(t2, [{ method: 'voucher', amount: 1290, reference: '2800000000000' }], shop.cashier.id)).rejects.toThrow('Bon inconnu');
    await expect(core.sales.complete(t2, [{ method: 'voucher', amount: 1290 }], shop.cashier.id)).rejects.toThrow('code du bon');
    expect(await core.sales.count()).toBe(count);
    expect((await core.vouchers.get(voucher.code))!.remaining).toBe(710);
  });

  test('a refund paid out as a voucher issues a credit note', async () => {
    tick();
    const t = ticketOf(['nutella', -2000]);
    const sale = await core.sales.complete(t, [{ method: 'voucher', amount: -900 }], shop.cashier.id);
    const code = sale.payments[0]!.reference;
    expect(code).toMatch(/^28\d{11}$/);
    expect(await core.vouchers.get(code)).toMatchObject({ kind: 'credit_note', amount: 900, remaining: 900, issuedSaleId: sale.id });
    expect((await core.sales.get(sale.id))!.payments[0]!.reference).toBe(code);
  });

  test('the journal verifies and covers every sale', async () => {
    const report = await core.journal.verify();
    expect(report.ok).toBe(true);
    expect(report.sales).toBe(await core.sales.count());
  });

  test('audit events chain and verify', async () => {
    await core.audit.record({ kind: 'login', employeeId: shop.cashier.id });
    await core.audit.record({ kind: 'no_sale', employeeId: shop.cashier.id, approverId: shop.manager.id, details: { reason: 'monnaie' } });
    const events = await core.audit.recent();
    expect(events.map((e) => e.seq)).toEqual([2, 1]);
    expect(events[0]!.prevHash).toBe(events[1]!.hash);
    expect((await core.journal.verify()).ok).toBe(true);
    await core.knex('audit_events').where({ id: events[1]!.id }).update({ details: '{"x":1}' });
    const report = await core.journal.verify();
    expect(report.ok).toBe(false);
    expect(report.chains.find((c) => c.broken)).toMatchObject({ chain: 'audit', broken: { seq: 1 } });
  });
});
