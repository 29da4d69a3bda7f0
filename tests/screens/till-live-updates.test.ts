// Live updates: a change made through another connection (another till, the
// back room, `pos articles set`) reaches this till's grid and pricing at its
// next poll. The poll is driven by hand (pollChanges) and every clock is a
// variable the test moves: no sleeping, no timing assertions.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jest } from '@jest/globals';
import { localDate } from '../../src/core/basics/clock.js';
import type { Core } from '../../src/core/shop/core.service.js';
import { FilePrinter } from '../../src/drivers/receipt-printer.js';
import { decodeKeys } from '../../src/screens/keys.js';
import { LIVE_OVERLAP_MS } from '../../src/till/live-updates.js';
import { TillSession } from '../../src/till/session.js';
import { ENGINES, newTestDb, type TestDb } from '../helpers/engines.js';
import { smallShop, type SmallShop } from '../helpers/shop.js';

describe.each(ENGINES)('live updates on the till (%s)', (engine) => {
  let db: TestDb;
  let core: Core;
  /** the other till: its own connection, as another process would have */
  let other: Core;
  let shop: SmallShop;
  let dir: string;
  let t: number;
  let s: TillSession;
  const type = (raw: string) => s.feed(decodeKeys(raw));
  const inGrid = (id: number) => s.getState().gridArticles.find((a) => a.id === id);

  beforeAll(async () => {
    t = Date.now();
    db = newTestDb(engine);
    core = await db.core({ clock: () => new Date(t) });
    shop = await smallShop(core);
    other = await db.core({ tillId: 2, clock: () => new Date(t) });
    dir = mkdtempSync(join(tmpdir(), 'pos-live-'));
  });
  afterAll(async () => {
    await other.close();
    await core.close();
    await db.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });
  beforeEach(async () => {
    s = new TillSession(core, { printer: new FilePrinter(join(dir, 'r.bin')), now: () => t, livePollMs: 0 });
    await s.start();
    await type('0000\r');
    expect(s.getState().screen).toBe('sale');
  });
  afterEach(async () => {
    await s.close();
    await core.tickets.discard(s.getState().ticket.id); // the next test's till starts on an empty ticket
  });

  test('a price and a stock change made on another connection show in the grid after a poll; the rung line keeps its price', async () => {
    await type('101\r');
    expect(s.getState().ticket.lines[0]).toMatchObject({ articleId: shop.nutella.id, unitPrice: 450 });
    const before = inGrid(shop.comte.id)!.stockQty;
    t += 1000;
    await other.catalog.updateArticle(shop.nutella.id, { price: 480 }, shop.manager.id);
    await other.stock.adjust(shop.comte.id, -4000, 'loss', { employeeId: shop.manager.id });
    expect(inGrid(shop.nutella.id)?.price).toBe(450);
    t += 2000;
    expect(await s.pollChanges()).toBe(true);
    expect(inGrid(shop.nutella.id)?.price).toBe(480);
    expect(inGrid(shop.comte.id)?.stockQty).toBe(before - 4000);
    expect(s.getState().ticket.lines[0]).toMatchObject({ unitPrice: 450 });

    // Nothing new since: the poll leaves the grid as it was (the same array, so nothing repaints).
    t += LIVE_OVERLAP_MS + 2000;
    await s.pollChanges();
    const grid = s.getState().gridArticles;
    t += 2000;
    await s.pollChanges();
    expect(s.getState().gridArticles).toBe(grid);
  });

  test('an article added to the shown category or taken off sale elsewhere changes the grid', async () => {
    const grocery = s.getState().categories[s.getState().categoryIndex]!;
    t += 1000;
    const jam = await other.catalog.createArticle({ plu: '102', name: 'Confiture de fraises', categoryId: grocery.id, price: 390, taxRateId: shop.nutella.taxRateId, gridPosition: 3 });
    await other.catalog.updateArticle(shop.comte.id, { active: false }, shop.manager.id);
    t += 2000;
    await s.pollChanges();
    expect(s.getState().gridArticles.map((a) => a.name)).toEqual(['Pâte à tartiner noisette', 'Confiture de fraises']);
    t += 1000;
    await other.catalog.updateArticle(shop.comte.id, { active: true }, shop.manager.id);
    await other.catalog.updateArticle(jam.id, { active: false }, shop.manager.id);
    t += 2000;
    await s.pollChanges();
    expect(s.getState().gridArticles.map((a) => a.name)).toEqual(['Pâte à tartiner noisette', 'Comté 18 mois']);
  });

  test('the name search list open on the screen takes the new price too; an article taken off sale leaves it', async () => {
    await type('pate');
    expect(s.getState().search?.results.map((a) => a.id)).toEqual([shop.nutella.id]);
    t += 1000;
    await other.catalog.updateArticle(shop.nutella.id, { price: 495 }, shop.manager.id);
    t += 1000;
    await s.pollChanges();
    expect(s.getState().search?.results[0]).toMatchObject({ id: shop.nutella.id, price: 495 });
    t += 1000;
    await other.catalog.updateArticle(shop.nutella.id, { active: false }, shop.manager.id);
    t += 1000;
    await s.pollChanges();
    expect(s.getState().search?.results).toEqual([]);
    await other.catalog.updateArticle(shop.nutella.id, { active: true }, shop.manager.id);
  });

  test('a promotion created elsewhere prices the next line after a poll', async () => {
    await type('101\r');
    const first = s.getState().ticket.lines[0]!.unitPrice; // whatever the earlier tests left it at
    t += 1000;
    const today = localDate(new Date(t));
    const promo = await other.promotions.create({ name: 'Bordeaux à 9,90', kind: 'fixed_price', articleId: shop.wine.id, value: 990, from: today, to: today });
    await type('201\r');
    expect(s.getState().totals.total).toBe(first + 1290); // the pricing loaded with the first line is still in use
    t += 1000;
    await s.pollChanges();
    await type('201\r');
    expect(s.getState().totals.total).toBe(first + 2 * 990);
    await other.promotions.end(promo.id);
  });

  test('a change stamped before the last poll but committed after it is picked up within the overlap', async () => {
    t += 10_000;
    await s.pollChanges();
    const lastPoll = t;
    // Another till's transaction began (and was stamped) just before that poll, and commits now.
    t = lastPoll - (LIVE_OVERLAP_MS - 1000);
    await other.catalog.updateArticle(shop.nutella.id, { price: 470 }, shop.manager.id);
    t = lastPoll + 2000;
    await s.pollChanges();
    expect(inGrid(shop.nutella.id)?.price).toBe(470);

    // Older than the overlap: the poll cannot see it; the slow full re-read still does.
    const secondPoll = t;
    t = secondPoll - LIVE_OVERLAP_MS - 5000;
    await other.catalog.updateArticle(shop.nutella.id, { price: 460 }, shop.manager.id);
    t = secondPoll + 2000;
    await s.pollChanges();
    expect(inGrid(shop.nutella.id)?.price).toBe(470);
    await s.refreshCatalog();
    expect(inGrid(shop.nutella.id)?.price).toBe(460);
  });

  test('a failed poll is silent and the next one covers its span', async () => {
    t += 10_000;
    await s.pollChanges();
    t += 1000;
    await other.catalog.updateArticle(shop.nutella.id, { price: 455 }, shop.manager.id);
    t += 1000;
    const message = s.getState().message;
    const spy = jest.spyOn(core.catalog, 'changedSince').mockRejectedValueOnce(new Error('SQLITE_BUSY: database is locked'));
    expect(await s.pollChanges()).toBe(false);
    expect(s.getState().message).toBe(message);
    expect(inGrid(shop.nutella.id)?.price).not.toBe(455);
    t += 60_000; // well past the overlap: the failed poll did not move the cursor
    expect(await s.pollChanges()).toBe(true);
    expect(inGrid(shop.nutella.id)?.price).toBe(455);
    spy.mockRestore();
  });

  test('categories changed elsewhere reload the tabs', async () => {
    t += 1000;
    await other.categories.create({ name: 'Crèmerie', color: 'cyan', sortOrder: 3 });
    t += 1000;
    await s.pollChanges();
    expect(s.getState().categories.map((c) => c.name)).toContain('Crèmerie');
  });
});
