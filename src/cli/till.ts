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
import { openOfflineTill } from '../core/shop/offline-till.service.js';
import { PosError } from '../core/basics/errors.js';
import { describeTarget, parseDbTarget } from '../core/basics/db.service.js';
import { printerFromUri } from '../drivers/receipt-printer.js';
import { scannerFromUri } from '../drivers/scanner.js';
import { scaleFromUri } from '../drivers/scale.js';
import { displayFromUri } from '../drivers/customer-display.js';
import { App } from '../screens/App.js';
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
  let core;
  let startsOffline = false;
  try {
    core = await openCore({ db: target, tillId: globals.till, keyDir: globals.keyDir });
  } catch (err) {
    // The server is out of reach at opening time: a till that already has its local copy opens on it.
    if (!offlinePath || !existsSync(offlinePath) || !isConnectionLost(err)) throw err;
    core = await openCore({ db: target, tillId: globals.till, offlineStart: true, keyDir: globals.keyDir });
    startsOffline = true;
  }
  let closeOffline: () => Promise<void> | undefined = () => undefined;
  try {
    if (!startsOffline && (await core.catalog.countArticles()) === 0 && (await core.sales.count()) === 0) {
      process.stderr.write('Première ouverture : création de la boutique de démonstration…\n');
      await seedDemo(core);
    }
    const locale = globals.lang ?? 'fr';
    const offline = offlinePath ? await openOfflineTill(core, offlinePath) : null;
    closeOffline = () => offline?.close();
    // The grid's shape from the terminal now, so the first page read at start is the one the screen shows.
    const grid = saleLayout({ columns: process.stdout.columns || MIN_SIZE.columns, rows: process.stdout.rows || MIN_SIZE.rows });
    const session = new TillSession(core, {
      locale, printer, scanner, scale, display, databaseDescription: describeTarget(target), offline,
      gridColumns: grid.columns, gridPageSize: grid.columns * grid.cellRows,
    });
    await session.start();
    const theme = makeTheme(colorLevel());
    const instance = render(createElement(App, { session, theme, locale }), {
      exitOnCtrlC: false,
      patchConsole: true,
      // Ink throttles frames to 30 per second by default: a key typed within
      // 33 ms of the last frame would wait for the next one.
      maxFps: 60,
      incrementalRendering: inkDrawsChangedLines,
    });
    await instance.waitUntilExit();
    await session.idle();
    await scanner?.stop();
    await scale?.stop();
    await session.close();
    await display?.close();
  } finally {
    await closeOffline();
    await core.close();
  }
}
