// The back office's supplier orders screen on a real SQLite file: F5 puts
// the proposals on a draft, a line's quantity is edited and removed, the
// order is sent, one line received in part then the rest with Ctrl+R, and
// another order cancelled after its confirmation; drawn at 80x24.
import { cleanup, render } from 'ink-testing-library';
import { BackOfficeScreen } from '../../src/screens/backoffice/BackOfficeScreen.js';
import { BackOfficeSession, MENU } from '../../src/screens/backoffice/backoffice-session.js';
import { decodeKeys } from '../../src/screens/keys.js';
import { makeTheme } from '../../src/screens/theme.js';
import { coreFixture } from '../helpers/shop.js';
import { CTRL_R, CTRL_S, CTRL_X, DOWN, ESC, F5 } from '../helpers/key-codes.js';

describe('back office supplier orders screen', () => {
  const fx = coreFixture();
  const type = async (s: BackOfficeSession, raw: string) => {
    for (const event of decodeKeys(raw)) await s.feed([event]);
  };

  beforeAll(async () => {
    const supplier = await fx.core.suppliers.create({ name: 'Épicerie Centrale', contact: '', email: '', phone: '', leadTimeDays: 2, minOrderValue: 20000 });
    // Nutella 20 in stock, min 25 -> 5 to order; wine 12, min 13 -> 1
    await fx.core.knex('articles').whereIn('id', [fx.shop.nutella.id, fx.shop.wine.id]).update({ supplier_id: supplier.id });
    await fx.core.knex('articles').where({ id: fx.shop.nutella.id }).update({ min_stock: 25000 });
    await fx.core.knex('articles').where({ id: fx.shop.wine.id }).update({ min_stock: 13000 });
  });
  afterAll(() => cleanup());

  test('propose, edit, send, receive in part then in full', async () => {
    const s = new BackOfficeSession(fx.core, fx.shop.manager);
    await type(s, DOWN.repeat(MENU.indexOf('orders')) + '\r');
    expect(s.getState().view).toBe('orders');
    expect(s.getState().orders!.orders).toEqual([]);

    await type(s, F5);
    expect(s.getState().message).toEqual({ text: 'Propositions à jour : 1 brouillon(s)', kind: 'success' });
    const [draft] = s.getState().orders!.orders;
    expect(draft).toMatchObject({ status: 'draft', supplierName: 'Épicerie Centrale', belowMinimum: true });

    await type(s, '\r');
    expect(s.getState().orders!.order!.lines.map((l) => [l.articleId, l.quantity])).toEqual([
      [fx.shop.nutella.id, 5000],
      [fx.shop.wine.id, 1000],
    ]);
    await type(s, '100\r');
    await type(s, `${DOWN}0\r`);
    let order = s.getState().orders!.order!;
    expect(order.lines.map((l) => [l.articleId, l.quantity])).toEqual([[fx.shop.nutella.id, 100000]]);
    expect(order.belowMinimum).toBe(false);

    // A bad quantity is refused and changes nothing.
    await type(s, '1,5\r');
    expect(s.getState().message?.kind).toBe('error');
    expect(s.getState().orders!.order!.lines[0]!.quantity).toBe(100000);

    await type(s, CTRL_S);
    expect(s.getState().orders!.order!.status).toBe('sent');
    expect(s.getState().message?.text).toMatch(/^Commande PO-\d{4}-0001 envoyée/);

    await type(s, '20\r');
    order = s.getState().orders!.order!;
    expect(order).toMatchObject({ status: 'partial' });
    expect(order.lines[0]).toMatchObject({ receivedQty: 20000, due: 80000 });
    expect((await fx.core.catalog.getArticle(fx.shop.nutella.id))!.stockQty).toBe(40000);

    await type(s, '99\r'); // more than due
    expect(s.getState().message).toMatchObject({ kind: 'error' });
    expect(s.getState().message!.text).toMatch(/seulement 80 dû/);

    await type(s, CTRL_R);
    expect(s.getState().orders!.order!.status).toBe('received');
    expect((await fx.core.catalog.getArticle(fx.shop.nutella.id))!.stockQty).toBe(120000);
    expect(await fx.core.stock.ledgerQuantity(fx.shop.nutella.id)).toBe(120000);
    const moves = await fx.core.knex('stock_moves').where({ reason: 'receipt', article_id: fx.shop.nutella.id }).select('employee_id');
    expect(moves.map((m) => Number(m.employee_id))).toEqual([fx.shop.manager.id, fx.shop.manager.id]);

    await type(s, ESC);
    expect(s.getState().orders!.view).toBe('list');
    expect(s.getState().orders!.orders).toEqual([]); // received orders leave the open list
    await type(s, ESC);
    expect(s.getState().view).toBe('menu');
  });

  test('cancel asks first; drawn at 80x24', async () => {
    await fx.core.knex('articles').where({ id: fx.shop.comte.id }).update({ supplier_id: (await fx.core.suppliers.list())[0]!.id, min_stock: 9000 });
    const s = new BackOfficeSession(fx.core, fx.shop.manager);
    await type(s, DOWN.repeat(MENU.indexOf('orders')) + '\r');
    await type(s, F5);
    const app = render(<BackOfficeScreen session={s} width={80} height={24} theme={makeTheme('none')} locale="fr" shopName="Ma boutique" />);
    let frame = app.lastFrame()!;
    const ref = s.getState().orders!.orders[0]!.reference;
    expect(frame).toContain(ref);
    expect(frame).toContain('Épicerie Centrale');
    expect(frame).toContain('F5/^P calculer les propositions');
    await type(s, '\r');
    frame = app.lastFrame()!;
    expect(frame).toContain('Comté 18 mois');
    expect(frame).toContain('4,000 kg'); // 9 kg min - 5 kg in stock
    expect(frame).toContain('Sous le minimum de commande');
    expect(frame.split('\n').every((line) => line.length <= 80)).toBe(true);
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);

    await type(s, `${CTRL_X}n`);
    expect(s.getState().orders!.order!.status).toBe('draft');
    await type(s, `${CTRL_X}o`);
    expect(s.getState().message?.text).toBe(`Commande ${ref} annulée`);
    expect((await fx.core.purchasing.byReference(ref)).status).toBe('cancelled');
    expect(s.getState().orders!.view).toBe('list');
    app.unmount();
  });

  test('an automatic draft under the minimum says it was not sent automatically (issue #17, defect 8)', async () => {
    const supplier = (await fx.core.suppliers.list())[0]!;
    const draft = await fx.core.purchasing.createDraft(supplier.id);
    await fx.core.purchasing.addLine(draft.id, fx.shop.nutella.id, 1000);
    await fx.core.knex('purchase_orders').where({ id: draft.id }).update({ automatic: true });
    const s = new BackOfficeSession(fx.core, fx.shop.manager);
    await type(s, DOWN.repeat(MENU.indexOf('orders')) + '\r');
    expect(s.getState().orders!.orders[0]!.reference).toBe(draft.reference);
    await type(s, '\r');
    const app = render(<BackOfficeScreen session={s} width={80} height={24} theme={makeTheme('none')} locale="fr" shopName="Ma boutique" />);
    const frame = app.lastFrame()!;
    expect(frame).toContain('Non envoyée automatiquement : sous le minimum de 200,00');
    expect(frame.split('\n').every((line) => line.length <= 80)).toBe(true);
    app.unmount();
  });
});
