// The till sends the automatic orders that are due and says so; a failing
// check never reaches the cashier and checks never overlap.
import { AutoSendTimer } from '../../src/till/auto-send.js';
import { tillFixture } from '../helpers/shop.js';

describe('automatic orders sent by the till', () => {
  let now = new Date(2026, 10, 20, 10, 0, 0);
  const fx = tillFixture('sqlite', { clock: () => now });

  test('the check sends the due automatic drafts and shows their references', async () => {
    const supplier = await fx.core.suppliers.create({ name: 'Cave Martin', contact: '', email: '', phone: '', leadTimeDays: 2, minOrderValue: 0 });
    await fx.core.knex('articles').where({ id: fx.shop.wine.id }).update({ supplier_id: supplier.id });
    const [draftId] = await fx.core.purchasing.reorderArticles([fx.shop.wine.id]);
    expect(draftId).toBeUndefined(); // 12 in stock, over the minimum of 3
    await fx.core.knex('articles').where({ id: fx.shop.wine.id }).update({ min_stock: 20000 });
    const [id] = await fx.core.purchasing.reorderArticles([fx.shop.wine.id]);
    const draft = (await fx.core.purchasing.get(id!))!;
    expect(draft).toMatchObject({ status: 'draft', automatic: true });

    now = new Date(2026, 10, 20, 19, 30, 0);
    const { session: s } = await fx.till({ now: () => now.getTime(), autoSendPollMs: 3_600_000 });
    expect(await s.autoSend.check()).toEqual([]); // auto-send is off
    await fx.core.settings.set('orders.autoSend', true);
    expect(await s.autoSend.check()).toEqual([draft.reference]);
    expect(s.getState().message).toEqual({ text: `Commande(s) automatique(s) envoyée(s) : ${draft.reference}`, kind: 'info' });
    expect((await fx.core.purchasing.get(draft.id))!.status).toBe('sent');
    expect(await s.autoSend.check()).toEqual([]);
    expect(s.autoSend.active).toBe(false); // auto-send was off when this till started
    s.autoSend.stop();

    const { session: next } = await fx.till({ now: () => now.getTime(), autoSendPollMs: 3_600_000 });
    expect(next.autoSend.active).toBe(true);
    await next.close(); // closing the till stops its timers, this one included
    expect(next.autoSend.active).toBe(false);
  });

  test('a failing check is swallowed, and a slow one is not run twice', async () => {
    const failing = new AutoSendTimer(() => Promise.reject(new Error('base indisponible')), () => {
      throw new Error('must not be told');
    });
    await expect(failing.check()).resolves.toEqual([]);

    let release!: (v: Array<{ order: { reference: string } }>) => void;
    const told: string[][] = [];
    const slow = new AutoSendTimer(() => new Promise((resolve) => (release = resolve)), (refs) => told.push(refs));
    const first = slow.check();
    expect(await slow.check()).toEqual([]);
    release([{ order: { reference: 'PO-2026-0009' } }]);
    expect(await first).toEqual(['PO-2026-0009']);
    expect(told).toEqual([['PO-2026-0009']]);
  });
});
