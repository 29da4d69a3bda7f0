// The till sends the automatic orders that are due and says so; a failing
// check never reaches the cashier and checks never overlap.
import { AutoSendTimer } from '../../src/till/auto-send.js';
import { deliverQuietly } from '../../src/cli/order-mail.js';
import { tillFixture } from '../helpers/shop.js';
import { startLoopbackSmtp } from '../helpers/smtp-loopback.js';
import { until } from '../helpers/until.js';

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

  test("with e-mail on, the orders the till sends by itself are e-mailed at once, as the till's CLI wiring does", async () => {
    const smtp = await startLoopbackSmtp();
    try {
      await fx.core.settings.set('mail.smtpUrl', smtp.url);
      await fx.core.settings.set('mail.from', 'boutique@example.fr');
      const supplier = await fx.core.suppliers.create({ name: 'Brasserie Nord', contact: '', email: 'commandes@brasserie.example', phone: '', leadTimeDays: 2, minOrderValue: 0 });
      await fx.core.knex('articles').where({ id: fx.shop.comte.id }).update({ supplier_id: supplier.id, min_stock: 900000 });
      const [id] = await fx.core.purchasing.reorderArticles([fx.shop.comte.id]);
      const draft = (await fx.core.purchasing.get(id!))!;
      now = new Date(2026, 10, 21, 19, 30, 0); // made after yesterday's send time: due today
      const { session: s } = await fx.till({ now: () => now.getTime(), autoSendPollMs: 3_600_000, deliverOrderMail: (orderId) => deliverQuietly(fx.core, orderId) });
      expect(await s.autoSend.check()).toEqual([draft.reference]);
      await until(() => smtp.messages.length === 1, 'the order e-mailed');
      expect(smtp.envelopes[0]).toEqual(['commandes@brasserie.example']);
      expect(smtp.messages[0]!.subject).toContain(draft.reference);
      await until(async () => (await fx.core.purchasing.get(draft.id))!.mail?.state === 'sent', 'the e-mail recorded as sent');
      s.autoSend.stop();
    } finally {
      await fx.core.settings.set('mail.smtpUrl', '');
      await smtp.close();
    }
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
