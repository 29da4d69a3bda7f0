// A tiny shop for service tests: three tax rates, two categories, a few
// articles (one weighed), two employees. Built through the services only.
// coreFixture and tillFixture open it for a describe block (a core on a real
// SQLite file or PostgreSQL schema, till sessions) and close all after it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sellable, type Article } from '../../src/core/catalogue/article.js';
import type { Core, CoreConfig } from '../../src/core/shop/core.service.js';
import type { Engine } from '../../src/core/basics/db.service.js';
import type { Employee } from '../../src/core/staff/staff.js';
import { addLine, type Ticket } from '../../src/core/sales/ticket.js';
import { FilePrinter } from '../../src/drivers/receipt-printer.js';
import { decodeKeys } from '../../src/screens/keys.js';
import { TillSession, type TillSessionOptions } from '../../src/till/session.js';
import { newTestDb, type TestDb } from './engines.js';

export interface SmallShop {
  nutella: Article;
  wine: Article;
  comte: Article;
  cashier: Employee;
  manager: Employee;
}

export async function smallShop(core: Core): Promise<SmallShop> {
  const r20 = await core.taxRates.create({ code: 'C', label: 'TVA 20 %', rateBp: 2000 });
  const r55 = await core.taxRates.create({ code: 'A', label: 'TVA 5,5 %', rateBp: 550 });
  const grocery = await core.categories.create({ name: 'Épicerie', color: 'yellow', sortOrder: 1 });
  const cellar = await core.categories.create({ name: 'Cave', color: 'magenta', sortOrder: 2 });
  const nutella = await core.catalog.createArticle({
    plu: '101', name: 'Pâte à tartiner noisette', categoryId: grocery.id, price: 450, taxRateId: r55.id,
    cost: 210, barcodes: ['3017620422003'], initialStock: 20000, minStock: 5000, gridPosition: 1,
  });
  const wine = await core.catalog.createArticle({
    plu: '201', name: 'Bordeaux Supérieur 2022', categoryId: cellar.id, price: 1290, taxRateId: r20.id,
    cost: 620, barcodes: ['3760123450010'], initialStock: 12000, minStock: 3000,
  });
  const comte = await core.catalog.createArticle({
    plu: '10001', name: 'Comté 18 mois', categoryId: grocery.id, price: 3290, taxRateId: r55.id,
    cost: 1800, unit: 'kg', initialStock: 5000, minStock: 1000, gridPosition: 2,
  });
  const cashier = await core.staff.create({ name: 'Léa Caissière', role: 'cashier', pin: '0000' }, { pinRule: 'weak-allowed' });
  const manager = await core.staff.create({ name: 'Marc Gérant', role: 'manager', pin: '1234' }, { pinRule: 'weak-allowed' });
  return { nutella, wine, comte, cashier, manager };
}

/** A core with the small shop, opened for one describe block. Read its fields inside hooks and tests. */
export interface CoreFixture {
  readonly db: TestDb;
  readonly core: Core;
  readonly shop: SmallShop;
  /** a fresh ticket on this core with the shop's articles: ticketOf(['nutella', 2000], ['wine', -1000]) */
  ticketOf(...items: Array<[ShopArticle, number]>): Ticket;
}

/** the small shop's articles, by their key in SmallShop */
export type ShopArticle = 'nutella' | 'wine' | 'comte';

/**
 * Registers, in the calling describe block, a core on `engine` (its own
 * SQLite file or PostgreSQL schema) with the small shop built before the
 * block's tests, then closed and removed after them.
 */
export function coreFixture(engine: Engine = 'sqlite', config: Omit<CoreConfig, 'db'> = {}): CoreFixture {
  let opened: { db: TestDb; core: Core; shop: SmallShop } | null = null;
  const get = () => {
    if (!opened) throw new Error('coreFixture: read it inside a hook or a test (it opens in beforeAll)');
    return opened;
  };
  beforeAll(async () => {
    const db = newTestDb(engine);
    const core = await db.core(config);
    opened = { db, core, shop: await smallShop(core) };
  });
  afterAll(async () => {
    if (!opened) return;
    await opened.core.close();
    await opened.db.cleanup();
    opened = null;
  });
  return {
    get db() {
      return get().db;
    },
    get core() {
      return get().core;
    },
    get shop() {
      return get().shop;
    },
    ticketOf(...items) {
      const { core, shop } = get();
      let ticket = core.tickets.create();
      for (const [key, qty] of items) ticket = addLine(ticket, sellable(shop[key]), qty);
      return ticket;
    },
  };
}

/** A till session started on the fixture's core, printing to its own file. */
export interface OpenTill {
  session: TillSession;
  /** feeds raw terminal input (keys, escape sequences) and waits until it is handled */
  type(raw: string): Promise<void>;
  /** the file the session's receipts are written to */
  receipts: string;
}

export interface TillFixture extends CoreFixture {
  /** a temporary folder for this block, removed after it */
  readonly dir: string;
  /**
   * Starts a till session (options over a file printer in `dir`), signed in
   * with `pin` when given. Every session opened is closed after the block,
   * before its core, so no timer outlives the tests.
   */
  till(options?: Partial<TillSessionOptions> & { pin?: string }): Promise<OpenTill>;
}

/** coreFixture, plus a temporary folder and till sessions, all closed after the block. */
export function tillFixture(engine: Engine = 'sqlite', config: Omit<CoreConfig, 'db'> = {}): TillFixture {
  let dir: string | null = null;
  const sessions: TillSession[] = [];
  // Declared before the core's hooks: Jest runs afterAll hooks in the order declared,
  // so the sessions (and their timers) stop before the core they read closes.
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pos-till-'));
  });
  afterAll(async () => {
    for (const session of sessions.splice(0)) await session.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = null;
  });
  const fixture = coreFixture(engine, config);
  const folder = () => {
    if (!dir) throw new Error('tillFixture: read it inside a hook or a test (it opens in beforeAll)');
    return dir;
  };
  return {
    get db() {
      return fixture.db;
    },
    get core() {
      return fixture.core;
    },
    get shop() {
      return fixture.shop;
    },
    ticketOf: fixture.ticketOf,
    get dir() {
      return folder();
    },
    async till({ pin, ...options } = {}) {
      const receipts = join(folder(), `receipts-${sessions.length + 1}.bin`);
      const session = new TillSession(fixture.core, { printer: new FilePrinter(receipts), ...options });
      sessions.push(session);
      await session.start();
      const type = (raw: string) => session.feed(decodeKeys(raw));
      if (pin !== undefined) await type(`${pin}\r`);
      return { session, type, receipts };
    },
  };
}
