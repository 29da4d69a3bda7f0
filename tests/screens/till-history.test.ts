// Purchase history at the till: with a customer attached, F4 shows their past
// sales beside the ticket, Enter copies the chosen sale's lines into the open
// ticket at today's prices (a new sale when paid; the old one is untouched),
// Ctrl+W repeats the last sale in one key. Without a customer: a message.
import { sellable } from '../../src/core/catalogue/article.js';
import type { Customer } from '../../src/core/customers/customers.service.js';
import { addLine, setCustomer } from '../../src/core/sales/ticket.js';
import { tillFixture } from '../helpers/shop.js';
import { CTRL_A, CTRL_U, CTRL_W, DOWN, ESC, F12, F4 } from '../helpers/key-codes.js';

describe('purchase history and repeat sales at the till', () => {
  const fx = tillFixture();
  let dupont: Customer;
  let bernard: Customer;
  beforeAll(async () => {
    dupont = await fx.core.customers.create({ code: '2900000000017', firstName: 'Hélène', lastName: 'Dupont' });
    bernard = await fx.core.customers.create({ code: '2900000000024', firstName: 'Jérôme', lastName: 'Bernard' });
    // Dupont's older sale: two jars of spread; her newer one: a bottle of wine and a returned jar.
    let t = setCustomer(addLine(fx.core.tickets.create(), sellable(fx.shop.nutella), 2000), dupont.id);
    await fx.core.sales.complete(t, [{ method: 'cash', amount: 900 }], fx.shop.cashier.id);
    t = setCustomer(addLine(addLine(fx.core.tickets.create(), sellable(fx.shop.wine), 1000), sellable(fx.shop.nutella), -1000), dupont.id);
    await fx.core.sales.complete(t, [{ method: 'card', amount: 840 }], fx.shop.cashier.id);
  });

  test('without a customer F4 and Ctrl+W only say to attach one', async () => {
    const { session: s, type } = await fx.till({ pin: '0000' });
    await type(F4);
    expect(s.getState()).toMatchObject({ screen: 'sale', history: null, message: { kind: 'error', text: "Attachez d'abord un client (F2) pour voir ses achats" } });
    await type(CTRL_W);
    expect(s.getState().message?.text).toBe("Attachez d'abord un client (F2) pour voir ses achats");
    expect(s.getState().ticket.lines).toHaveLength(0);
  });

  test('F4 lists the sales newest first; Enter copies the chosen one; paying makes a new sale', async () => {
    const { session: s, type } = await fx.till({ pin: '0000' });
    await type('2900000000017\r');
    expect(s.getState().customer?.customer.id).toBe(dupont.id);
    await type(F4);
    const history = s.getState().history!;
    expect(s.getState().screen).toBe('history');
    expect(history.sales.map((x) => x.total)).toEqual([840, 900]);
    expect(history.sales[0]!.lines.map((l) => l.quantity)).toEqual([1000, -1000]);
    await type(DOWN);
    expect(s.getState().history!.index).toBe(1);
    const old = (await fx.core.sales.get(history.sales[1]!.id))!;
    // The spread costs more today: the copy is at today's price.
    await fx.core.knex('articles').where({ id: fx.shop.nutella.id }).update({ price: 480 });
    await type('\r');
    expect(s.getState()).toMatchObject({ screen: 'sale', history: null, message: { kind: 'success', text: 'Vente n° 1 recopiée : 1 ligne(s) au prix du jour' } });
    expect(s.getState().ticket.lines.map((l) => [l.articleId, l.quantity, l.unitPrice])).toEqual([[fx.shop.nutella.id, 2000, 480]]);
    expect(s.getState().totals.total).toBe(960);
    // The copied lines are ordinary lines: changeable before payment.
    await type('3*\r');
    expect(s.getState().ticket.lines[0]!.quantity).toBe(3000);
    await type(`${F12}c`);
    expect(s.getState().lastSale?.number).toBe(3);
    const fresh = (await fx.core.sales.getByNumber(fx.core.tillId, 3))!;
    expect(fresh).toMatchObject({ customerId: dupont.id, total: 1440 });
    expect(await fx.core.sales.get(old.id)).toEqual(old);
  });

  test('Ctrl+W repeats the last sale, returns staying returns; articles no longer sold are skipped and named', async () => {
    await fx.core.knex('articles').where({ id: fx.shop.wine.id }).update({ active: false });
    const { session: s, type } = await fx.till({ pin: '0000' });
    await type('2900000000017\r');
    const [last] = await fx.core.history.sales(dupont.id, { limit: 1 });
    await type(CTRL_W);
    // The last sale is now sale 3 (three jars).
    expect(last!.number).toBe(3);
    expect(s.getState().ticket.lines.map((l) => l.quantity)).toEqual([3000]);
    // Cancelling the ticket drops its customer too: the card is scanned again.
    await type(`${CTRL_A}1234\ro`);
    await type('2900000000017\r');
    // Sale 2 had the wine (now withdrawn) and a returned jar.
    await type(F4 + DOWN + '\r');
    expect(s.getState().ticket.lines.map((l) => [l.articleId, l.quantity])).toEqual([[fx.shop.nutella.id, -1000]]);
    expect(s.getState().message).toEqual({ kind: 'error', text: 'Vente n° 2 recopiée : 1 ligne(s) au prix du jour · plus vendus : Bordeaux Supérieur 2022' });
    await fx.core.knex('articles').where({ id: fx.shop.wine.id }).update({ active: true });
    await type(`${CTRL_A}1234\ro`);
  });

  test('a customer without purchases: F4 and Ctrl+W say so, Esc closes the list', async () => {
    const { session: s, type } = await fx.till({ pin: '0000' });
    await type('2900000000024\r');
    expect(s.getState().customer?.customer.id).toBe(bernard.id);
    await type(F4);
    expect(s.getState()).toMatchObject({ screen: 'sale', message: { text: 'Aucun achat enregistré pour Jérôme Bernard' } });
    await type(CTRL_W);
    expect(s.getState().message).toMatchObject({ kind: 'error', text: 'Aucun achat enregistré pour Jérôme Bernard' });
    await type(`${CTRL_A}1234\ro`);
  });

  test('Esc and F4 close the history without touching the ticket', async () => {
    const { session: s, type } = await fx.till({ pin: '0000' });
    await type('2900000000017\r101\r');
    await type(F4);
    expect(s.getState().screen).toBe('history');
    await type(ESC);
    expect(s.getState().screen).toBe('sale');
    await type(CTRL_U);
    expect(s.getState().screen).toBe('history');
    await type(F4);
    expect(s.getState()).toMatchObject({ screen: 'sale', history: null });
    expect(s.getState().ticket.lines).toHaveLength(1);
    await type(`${CTRL_A}1234\ro`);
  });
});
