// Issue #16 §5: the PostgreSQL link drops under a scan. The scan that hit the
// drop is carried over to the offline path (the till goes offline and adds
// the article from its local copy) instead of being thrown away with
// « refaites la dernière action ». A real drop: the TCP proxy between the
// till and the server is cut.
import { PG_URL } from '../helpers/engines.js';
import { openOutageRig, type OutageRig } from '../helpers/outage.js';
import { decodeKeys } from '../../src/screens/keys.js';
import { TillSession } from '../../src/till/session.js';
import { FilePrinter } from '../../src/drivers/receipt-printer.js';
import { join } from 'node:path';
import { F12 } from '../helpers/key-codes.js';

const maybe = PG_URL ? describe : describe.skip;

maybe('a scan that hits a dropped PostgreSQL link', () => {
  let rig: OutageRig;

  beforeAll(async () => {
    rig = await openOutageRig({ queryTimeoutMs: 1000, serverTimeoutMs: 1500 });
  }, 30_000);
  afterAll(() => rig?.close());

  test('serial scanner and keyboard-wedge scans are carried over to the offline till, each once', async () => {
    const s = new TillSession(rig.server, { printer: new FilePrinter(join(rig.dir, 'receipts.txt')), offline: rig.till });
    await s.start();
    const type = (raw: string) => s.feed(decodeKeys(raw));
    await type('0000\r');
    expect(s.getState().screen).toBe('sale');

    // Online: a first scan from the server.
    await s.scan('3017620422003');
    expect(s.getState().ticket.lines).toHaveLength(1);
    expect(s.getState().offline).toMatchObject({ offline: false });

    // The link drops; the next scan hits it and is not lost.
    await rig.proxy.cut();
    await s.scan('3760123450010');
    expect(s.getState().offline).toMatchObject({ offline: true });
    expect(s.getState().ticket.lines.map((l) => l.articleId)).toEqual([rig.shop.nutella.id, rig.shop.wine.id]);
    expect(s.getState().message?.text ?? '').not.toContain('refaites');
    expect(s.getState().input).toBe('');

    // Offline now: a wedge burst (code + CR in one read) adds once more, from the local copy.
    await type('3017620422003\r');
    expect(s.getState().ticket.lines.map((l) => l.articleId)).toEqual([rig.shop.nutella.id, rig.shop.wine.id, rig.shop.nutella.id]);

    // The sale completes offline and reaches the server once the link is back.
    await type(`${F12}\r`);
    expect(s.getState().lastSale).toMatchObject({ number: 1 });
    await rig.proxy.restore();
    await s.reconnect();
    expect(s.getState().offline).toMatchObject({ offline: false, pending: 0 });
    const [sale] = await rig.direct.sales.list({ tillId: 1 });
    expect(sale).toBeDefined();
    const full = await rig.direct.sales.get(sale!.id);
    expect(full!.lines.map((l) => l.articleId)).toEqual([rig.shop.nutella.id, rig.shop.wine.id, rig.shop.nutella.id]);
    await s.close();
  }, 120_000);

  test('a wedge scan that hits the drop is carried over too, with its quantity prefix', async () => {
    const s = new TillSession(rig.server, { printer: new FilePrinter(join(rig.dir, 'receipts2.txt')), offline: rig.till });
    await s.start();
    const type = (raw: string) => s.feed(decodeKeys(raw));
    await type('0000\r');
    const before = s.getState().ticket.lines.length;
    await type('3*');
    await rig.proxy.cut();
    await type('3017620422003\r');
    expect(s.getState().offline).toMatchObject({ offline: true });
    expect(s.getState().ticket.lines.slice(before).map((l) => [l.articleId, l.quantity])).toEqual([[rig.shop.nutella.id, 3000]]);
    await rig.proxy.restore();
    await s.close();
  }, 120_000);
});
