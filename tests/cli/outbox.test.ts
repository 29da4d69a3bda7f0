// `pos outbox status|send` on a till's offline file: sales made during an
// outage are listed from the local file, then sent to the server once.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sellable } from '../../src/core/catalog.js';
import { openCore, type Core } from '../../src/core/core.js';
import { parseDbTarget } from '../../src/core/db.js';
import { openOfflineTill } from '../../src/core/offline-till.js';
import { addLine, computeTotals } from '../../src/core/ticket.js';
import { newTestDb, PG_URL, type TestDb } from '../helpers/engines.js';
import { runPos } from '../helpers/run-pos.js';
import { smallShop } from '../helpers/shop.js';
import { startTcpProxy, throughProxy } from '../helpers/tcp-proxy.js';

const maybe = PG_URL ? describe : describe.skip;

maybe('pos outbox', () => {
  let db: TestDb;
  let direct: Core;
  let dir: string;
  let file: string;
  let nutellaId: number;

  beforeAll(async () => {
    db = newTestDb('pg');
    direct = await db.core();
    const shop = await smallShop(direct);
    nutellaId = shop.nutella.id;
    const pg = new URL(PG_URL);
    const proxy = await startTcpProxy(pg.hostname, Number(pg.port || 5432));
    const server = await openCore({ db: { ...parseDbTarget(db.spec), location: throughProxy(PG_URL, proxy) }, tillId: 1 });
    dir = mkdtempSync(join(tmpdir(), 'pos-outbox-cli-'));
    file = join(dir, 'till-1-offline.sqlite3');
    const till = await openOfflineTill(server, file);
    await till.cacheReady;
    await proxy.cut();
    for (const qty of [1000, 2000]) {
      const t = addLine(till.current.tickets.create(), sellable(shop.nutella), qty);
      await till.complete(t, [{ method: 'cash', amount: computeTotals(t).total }], shop.cashier.id);
    }
    await till.close();
    await server.close();
    await proxy.close();
  }, 30_000);
  afterAll(async () => {
    await direct?.close();
    await db?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  test('status lists the waiting sales from the local file; send puts each on the server once', async () => {
    const status = runPos(['--db', db.spec, '--offline-db', file, 'outbox', 'status']);
    expect(status.stderr).toBe('');
    expect(status.stdout).toMatch(/^n° 1\t.*\t4,50 €\ten attente$/m);
    expect(status.stdout).toMatch(/^n° 2\t.*\t9,00 €\ten attente$/m);
    expect(status.stdout).toContain('2 vente(s) en attente');
    expect(await direct.sales.count(1)).toBe(0);

    const send = runPos(['--db', db.spec, '--offline-db', file, 'outbox', 'send']);
    expect(send).toMatchObject({ code: 0, stdout: '2 vente(s) hors ligne sur le serveur, 0 en attente\n' });
    expect((await direct.sales.list({ tillId: 1 })).map((s) => s.number)).toEqual([2, 1]);
    expect((await direct.journal.verify({ tillId: 1 })).ok).toBe(true);
    expect((await direct.catalog.getArticle(nutellaId))!.stockQty).toBe(17000);
  }, 60_000);

  test('a till on a SQLite file has no outbox: usage error, exit 2', () => {
    const r = runPos(['--db', join(dir, 'shop.sqlite3'), 'outbox', 'status']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('fichier SQLite local');
  });
});
