// The rig of the outage tests (issue #9): a small shop on a real PostgreSQL
// schema, reached directly (`direct`, the test's own view of the server) and
// through a TCP proxy the test can cut (`server`, the till's view), with the
// till's offline file in a temporary folder and its catalogue copied.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Clock } from '../../src/core/basics/clock.js';
import { openCore, type Core } from '../../src/core/shop/core.service.js';
import { parseDbTarget } from '../../src/core/basics/db.service.js';
import { openOfflineTill, type OfflineOptions, type OfflineTill } from '../../src/core/shop/offline-till.service.js';
import { newTestDb, PG_URL, type TestDb } from './engines.js';
import { smallShop, type SmallShop } from './shop.js';
import { startTcpProxy, throughProxy, type TcpProxy } from './tcp-proxy.js';

export interface OutageRig {
  db: TestDb;
  direct: Core;
  server: Core;
  till: OfflineTill;
  proxy: TcpProxy;
  shop: SmallShop;
  /** the temporary folder of the offline file (and of receipts, if a test wants) */
  dir: string;
  offlineFile: string;
  close(): Promise<void>;
}

/** tillId: the till that goes offline (1 unless said); prepare: what the test sets up on the server before that till opens (a second shop…). */
export async function openOutageRig(
  options: { clock?: Clock; queryTimeoutMs?: number; tillId?: number; prepare?: (direct: Core, shop: SmallShop) => Promise<void> } & OfflineOptions = {},
): Promise<OutageRig> {
  const { clock, queryTimeoutMs, tillId = 1, prepare, ...offlineOptions } = options;
  const db = newTestDb('pg');
  const direct = await db.core({ clock });
  const shop = await smallShop(direct);
  await prepare?.(direct, shop);
  const pg = new URL(PG_URL);
  const proxy = await startTcpProxy(pg.hostname, Number(pg.port || 5432));
  const server = await openCore({ db: { ...parseDbTarget(db.spec), location: throughProxy(PG_URL, proxy), queryTimeoutMs }, tillId, clock });
  const dir = mkdtempSync(join(tmpdir(), 'pos-offline-'));
  const offlineFile = join(dir, `till-${tillId}-offline.sqlite3`);
  const till = await openOfflineTill(server, offlineFile, offlineOptions);
  await till.cacheReady;
  let closed = false;
  return {
    db, direct, server, till, proxy, shop, dir, offlineFile,
    async close() {
      if (closed) return;
      closed = true;
      // A test may have closed the till already (to hand its file to the CLI).
      await till.close().catch(() => undefined);
      await server.close().catch(() => undefined);
      await proxy.close();
      await direct.close();
      await db.cleanup();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
