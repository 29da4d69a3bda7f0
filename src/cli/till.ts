// `pos` with no command: prepares the database (migrations, and the demo shop
// on a brand-new one) and opens the till in this terminal.
import type { Command } from 'commander';
import { render } from 'ink';
import { createElement } from 'react';
import { seedDemo } from '../../db/seeds/demo.js';
import { openCore } from '../core/shop/core.service.js';
import { existsSync } from 'node:fs';
import { isConnectionLost } from '../core/basics/connection.js';
import { offlinePathOf } from './offline-path.js';
import { localTillShop, openOfflineTill } from '../core/shop/offline-till.service.js';
import { TECHNICAL_EVENTS } from '../core/fiscal/technical-events.js';
import { PosError } from '../core/basics/errors.js';
import { describeTarget, parseDbTarget } from '../core/basics/db.service.js';
import { printerFromUri } from '../drivers/receipt-printer.js';
import { scannerFromUri } from '../drivers/scanner.js';
import { scaleFromUri } from '../drivers/scale.js';
import { displayFromUri } from '../drivers/customer-display.js';
import { TillRoot } from '../screens/TillRoot.js';
import { TillStart } from '../screens/till-start.js';
import { MIN_SIZE, saleLayout } from '../screens/layout.js';
import { colorLevel, makeTheme } from '../screens/theme.js';
import { TillSession } from '../till/session.js';
import { globalsOf, UsageError } from './context.js';
import { defaultPrinterUri, deviceUri } from './device-config.js';
import { inkDrawsChangedLines } from './ink-options.js';

/** Longer than any query the till makes, far shorter than a TCP give-up (minutes). */
const TILL_QUERY_TIMEOUT_MS = 15_000;

export async function startTill(command: Command): Promise<void> {
  const globals = globalsOf(command);
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new PosError("la caisse s'ouvre dans un terminal ; sans terminal, utilisez les commandes (pos --help)");
  }
  const printerUri = deviceUri('printer', command, defaultPrinterUri(globals.db, globals.till ?? 1));
  const scannerUri = deviceUri('scanner', command);
  const displayUri = deviceUri('display', command);
  const scaleUri = deviceUri('scale', command);
  let printer;
  let scanner;
  let display;
  let scale;
  try {
    printer = printerFromUri(printerUri);
    scanner = scannerFromUri(scannerUri);
    display = displayFromUri(displayUri);
    scale = scaleFromUri(scaleUri);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  // A till never waits long on a silent server: past 15 s a query fails and the till goes offline.
  const target = { ...parseDbTarget(globals.db), queryTimeoutMs: TILL_QUERY_TIMEOUT_MS };
  // On a PostgreSQL server, the till keeps a local file to sell through an outage (issue #9).
  const offlinePath = offlinePathOf(command, target, globals.till ?? 1);
  const locale = globals.lang ?? 'fr';
  // The login screen first (till-start.ts): opening the database is most of
  // the start on an old PC, and the keys typed meanwhile are kept.
  const start = new TillStart();
  let quit = false;
  const instance = render(
    createElement(TillRoot, { start, theme: makeTheme(colorLevel()), locale, tillId: globals.till ?? 1, onExit: () => (quit = true) }),
    {
      exitOnCtrlC: false,
      patchConsole: true,
      // Ink throttles frames to 30 per second by default: a key typed within
      // 33 ms of the last frame would wait for the next one.
      maxFps: 60,
      incrementalRendering: inkDrawsChangedLines,
    },
  );
  const closed = instance.waitUntilExit();
  /** A start that fails takes its login screen away, so the error is read on a clean terminal. */
  const failed = (err: unknown): never => {
    instance.clear();
    instance.unmount();
    throw err;
  };
  let core;
  let startsOffline = false;
  try {
    core = await openCore({ db: target, tillId: globals.till, keyDir: globals.keyDir, shop: globals.shop });
    // A till sells in its own shop: --shop places a new one, it never lends a till to another shop.
    const own = await core.shops.ofTill(core.tillId);
    if (own !== core.shopId) {
      await core.close();
      throw new UsageError(`La caisse ${core.tillId} est de la boutique n° ${own} : elle y vend (pos shops list)`);
    }
  } catch (err) {
    // The server is out of reach at opening time: a till that already has its local copy opens on it.
    if (!offlinePath || !existsSync(offlinePath) || !isConnectionLost(err)) failed(err);
    // Its shop is the one its local file last knew.
    const shopId = await localTillShop(offlinePath!, globals.till ?? 1).catch(() => 1);
    core = await openCore({ db: target, tillId: globals.till, offlineStart: true, keyDir: globals.keyDir, shopId }).catch(failed);
    startsOffline = true;
  }
  let closeOffline: () => Promise<void> | undefined = () => undefined;
  try {
    const c = core;
    const brandNew = async () => (await c.catalog.countArticles()) === 0 && (await c.sales.count()) === 0;
    if (!startsOffline && (await brandNew().catch(failed))) {
      start.busyWith('seeding');
      await seedDemo(core).catch(failed);
    }
    const offline = offlinePath ? await openOfflineTill(core, offlinePath).catch(failed) : null;
    closeOffline = () => offline?.close();
    // The grid's shape from the terminal now, so the first page read at start is the one the screen shows.
    const grid = saleLayout({ columns: process.stdout.columns || MIN_SIZE.columns, rows: process.stdout.rows || MIN_SIZE.rows });
    const session = new TillSession(core, {
      locale, printer, scanner, scale, display, databaseDescription: describeTarget(target), offline,
      // Orders e-mailed from the till (automatic send, back office); loaded only when one is sent.
      deliverOrderMail: async (orderId) => (await import('./order-mail.js')).deliverQuietly(c, orderId),
      gridColumns: grid.columns, gridPageSize: grid.columns * grid.cellRows,
    });
    await session.start().catch(failed);
    // Quit while it started: nothing more is shown, and everything started is closed below.
    if (!quit) start.ready(session);
    // NF525 technical events: the till's start and stop on its audit chain (the local one during an outage).
    // One event, written once the screen is ready, so the start is not held by it; never fatal.
    const recordTechnical = (kind: string) =>
      (offline?.current ?? c).audit.record({ kind, details: { offline: offline?.status().offline ?? false } }).then(() => undefined, () => undefined);
    const started = recordTechnical(TECHNICAL_EVENTS.TILL_START);
    await closed;
    await session.idle();
    await scanner?.stop();
    await scale?.stop();
    await session.close();
    await started;
    await recordTechnical(TECHNICAL_EVENTS.TILL_STOP);
    await display?.close();
  } finally {
    await closeOffline();
    await core.close();
  }
}
