// The till sends the automatic orders that are due and says so; a failing
// check never reaches the cashier and checks never overlap.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Core } from '../../src/core/core.js';
import { FilePrinter } from '../../src/drivers/receipt-printer.js';
import { AutoSendTimer } from '../../src/screens/till-auto-send.js';
import { TillSession } from '../../src/screens/till-session.js';
import { newTestDb, type TestDb } from '../helpers/engines.js';
import { smallShop, type SmallShop } from '../helpers/shop.js';

describe('automatic orders sent by the till', () => {
  let db: TestDb;
  let core: Core;
  let dir: string;
  let shop: SmallShop;
  let now = new Date(2026, 10, 20, 10, 0, 0);

  beforeAll(async () => {
    db = newTestDb('sqlite');
    core = await db.core({ clock: () => now });
    shop = await smallShop(core);
    dir = mkdtempSync(join(tmpdir(), 'pos-autosend-'));
  });
  afterAll(async () => {
    await core.close();
    await db.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  test('the check sends the due automatic drafts and shows their references', async () => {
    const supplier = await core.suppliers.create({ name: 'Cave Martin', contact: '', email: '', phone: '', leadTimeDays: 2, minOrderValue: 0 });
    await core.knex('articles').where({ id: shop.wine.id }).update({ supplier_id: supplier.id });
    const [draftId] = await core.purchasing.reorderArticles([shop.wine.id]);
    expect(draftId).toBeUndefined(); // 12 in stock, over the minimum of 3
    await core.knex('articles').where({ id: shop.wine.id }).update({ min_stock: 20000 });
    const [id] = await core.purchasing.reorderArticles([shop.wine.id]);
    const draft = (await core.purchasing.get(id!))!;
    expect(draft).toMatchObject({ status: 'draft', automatic: true });

    now = new Date(2026, 10, 20, 19, 30, 0);
    const s = new TillSession(core, { printer: new FilePrinter(join(dir, 'r.bin')), now: () => now.getTime(), autoSendPollMs: 3_600_000 });
    await s.start();
    expect(await s.autoSend.check()).toEqual([]); // auto-send is off
    await core.settings.set('orders.autoSend', true);
    expect(await s.autoSend.check()).toEqual([draft.reference]);
    expect(s.getState().message).toEqual({ text: `Commande(s) automatique(s) envoyée(s) : ${draft.reference}`, kind: 'info' });
    expect((await core.purchasing.get(draft.id))!.status).toBe('sent');
    expect(await s.autoSend.check()).toEqual([]);
    expect(s.autoSend.active).toBe(false); // auto-send was off when this till started
    s.autoSend.stop();
    s.spooler.stop();

    const next = new TillSession(core, { printer: new FilePrinter(join(dir, 'r2.bin')), now: () => now.getTime(), autoSendPollMs: 3_600_000 });
    await next.start();
    expect(next.autoSend.active).toBe(true);
    next.autoSend.stop();
    expect(next.autoSend.active).toBe(false);
    next.spooler.stop();
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
