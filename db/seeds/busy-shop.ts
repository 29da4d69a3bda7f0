// The busy shop of the benchmark (issue #10): a big catalogue, a few thousand
// customers and a year of sales, generated FAST. The demo seed goes through
// SalesService one sale at a time; a million sale lines that way would take
// an hour, so here each sale is built with the same pure rules the till uses
// (ticket, totals, VAT, settlement, canonical form, chain hash and the till's
// signature) and the rows are written in bulk, in one transaction. What comes out is what the
// core would have written: `pos journal verify` passes, the shop's stock_qty is the sum
// of the moves, every sale's total is its lines and its payments.
import type { Knex } from 'knex';
import type { Core } from '../../src/core/shop/core.service.js';
import { buildServices } from '../../src/core/shop/core.service.js';
import { makeEan13 } from '../../src/core/sales/barcode.js';
import { customerSearchText } from '../../src/core/customers/customers.service.js';
import { engineOf, syncIdSequence, withBulkLoadSettings } from '../../src/core/basics/db.service.js';
import { ValidationError } from '../../src/core/basics/errors.js';
import { canonicalSale, chainHash, GENESIS_HASH } from '../../src/core/fiscal/journal.js';
import { currentSigner } from '../../src/core/fiscal/journal-keys.service.js';
import type { LinkSigner } from '../../src/core/fiscal/journal-signature.js';
import { settle, type PaymentMethod } from '../../src/core/sales/payment.js';
import { saleHeadOf, saleLineRow, salePaymentRow, saleRow, saleTaxRow } from '../../src/core/sales/sales.service.js';
import { QTY_ONE } from '../../src/core/basics/quantity.js';
import { foldForSearch, searchWords } from '../../src/core/basics/text.js';
import { searchPrefixRows, SEARCH_PREFIX_TABLE } from '../../src/core/catalogue/search-index.service.js';
import { addLine, computeTotals, newTicket, setLineDiscount, type SellableArticle, type Ticket } from '../../src/core/sales/ticket.js';
import { writeTransaction } from '../../src/core/basics/transaction.service.js';
import { cashTendered } from './demo.js';
import { mulberry32 } from './prng.js';

export interface BusyShopOptions {
  articles: number;
  customers: number;
  /** days of sales before `now` */
  days: number;
  /** sale lines per day on average (default: about a million a year) */
  linesPerDay?: number;
  /** tills sharing the sales, each with its own journal chain (default 2) */
  tills?: number;
  /** the end of the history (default: the core's clock, or now) */
  now?: Date;
  seed?: number;
}

export interface BusyShopSummary {
  articles: number;
  customers: number;
  sales: number;
  lines: number;
  tills: number;
}

/** The issue's sizes times `scale` (1: 100,000 articles, 2,000 customers, a year, about a million lines). */
export function busyShopSizes(scale: number): Required<Pick<BusyShopOptions, 'articles' | 'customers' | 'days' | 'linesPerDay'>> {
  return {
    articles: Math.max(10, Math.round(100_000 * scale)),
    customers: Math.max(5, Math.round(2_000 * scale)),
    days: 365,
    linesPerDay: Math.max(1, Math.round((1_000_000 / 365) * scale)),
  };
}

const RATES = [
  { code: 'C', label: 'TVA 20 %', bp: 2000 },
  { code: 'B', label: 'TVA 10 %', bp: 1000 },
  { code: 'A', label: 'TVA 5,5 %', bp: 550 },
] as const;

// [category, colour, VAT bp, nouns]
const CATEGORIES: [string, string, number, string[]][] = [
  ['Épicerie sucrée', 'yellow', 550, ['Confiture', 'Miel', 'Biscuits', 'Chocolat', 'Caramels', 'Nougat', 'Pâte de fruits']],
  ['Épicerie salée', 'green', 550, ['Pâtes', 'Riz', 'Huile', 'Moutarde', 'Vinaigre', 'Sel', 'Conserve de thon']],
  ['Fromages', 'white', 550, ['Comté', 'Brie', 'Camembert', 'Roquefort', 'Tomme', 'Chèvre', 'Beaufort']],
  ['Charcuterie', 'magenta', 550, ['Saucisson', 'Jambon', 'Pâté', 'Rillettes', 'Terrine', 'Chorizo']],
  ['Fruits et légumes', 'green', 550, ['Pommes', 'Poires', 'Tomates', 'Carottes', 'Courgettes', 'Oranges']],
  ['Boulangerie', 'yellow', 550, ['Baguette', 'Pain de campagne', 'Croissant', 'Brioche', 'Pain aux céréales']],
  ['Boissons', 'cyan', 550, ['Jus de pomme', 'Limonade', 'Eau pétillante', 'Sirop', 'Nectar']],
  ['Cave', 'blue', 2000, ['Bordeaux', 'Bourgogne', 'Côtes du Rhône', 'Champagne', 'Cidre', 'Bière blonde']],
  ['Thés et cafés', 'cyan', 550, ['Café moulu', 'Café en grains', 'Thé vert', 'Thé noir', 'Infusion']],
  ['Surgelés', 'white', 550, ['Glace vanille', 'Légumes surgelés', 'Pizza surgelée', 'Frites surgelées']],
  ['Traiteur', 'magenta', 1000, ['Quiche', 'Salade composée', 'Plat cuisiné', 'Sandwich', 'Tarte salée']],
  ['Droguerie', 'gray', 2000, ['Lessive', 'Liquide vaisselle', 'Éponges', 'Sacs poubelle', 'Savon']],
  ['Hygiène', 'gray', 2000, ['Shampooing', 'Dentifrice', 'Gel douche', 'Déodorant', 'Coton']],
  ['Cadeaux et maison', 'gray', 2000, ['Bougie', 'Coffret', 'Torchon', 'Tasse', 'Carnet']],
];
const QUALIFIERS = ['bio', 'fermier', 'artisanal', 'de Provence', 'de Bretagne', 'du Jura', 'extra', 'nature', 'fumé', 'aux herbes', 'léger', 'tradition'];
const SIZES = ['100 g', '200 g', '250 g', '500 g', '1 kg', '33 cl', '75 cl', '1 L', 'x4', 'x6'];
const FIRST_NAMES = ['Marie', 'Jean', 'Camille', 'Lucas', 'Chloé', 'Hugo', 'Léa', 'Louis', 'Manon', 'Gabriel', 'Inès', 'Arthur', 'Sarah', 'Jules', 'Emma', 'Paul'];
const LAST_NAMES = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefebvre', 'Michel', 'Garcia', 'Roux'];
const CITIES: [string, string][] = [['75004', 'Paris'], ['75011', 'Paris'], ['93100', 'Montreuil'], ['94300', 'Vincennes'], ['92100', 'Boulogne-Billancourt']];
const EMPLOYEES = [
  { name: 'Claire Gérante', role: 'manager', pin: '1234' },
  { name: 'Karim Caissier', role: 'cashier', pin: '0000' },
  { name: 'Julie Caissière', role: 'cashier', pin: '1111' },
  { name: 'Thomas Caissier', role: 'cashier', pin: '2222' },
] as const;

const OPENING_MINUTES = 8 * 60 + 30;
const CLOSING_MINUTES = 20 * 60;
/** Bound parameters per INSERT: under SQLite's 32,766 and PostgreSQL's 65,535. */
const MAX_PARAMS = 30_000;

/** The two drivers' calls used here: node-sqlite3's prepared statements, node-postgres' query. */
interface SqliteStatement {
  run(values: unknown[], cb: (err: Error | null) => void): void;
  finalize(cb: (err: Error | null) => void): void;
}
interface DriverConnection {
  prepare?(sql: string, cb: (err: Error | null) => void): SqliteStatement;
  query?(sql: string, values: unknown[]): Promise<unknown>;
}

/**
 * The bulk INSERTs, in the order they are sent, on the transaction's own
 * driver connection (knex's formatting of 30,000 bindings a statement was a
 * fifth of the generation time). A statement runs while the next rows are
 * generated: send() only waits for the one before, so the database and the
 * generator work at the same time (two cores) and at most two chunks wait in
 * memory. On SQLite the full chunks' statement, always the same text, is
 * prepared once.
 */
class InsertQueue {
  private last: Promise<void> = Promise.resolve();
  private readonly prepared = new Map<string, SqliteStatement>();
  private constructor(private readonly conn: DriverConnection, readonly pg: boolean) {}

  static async open(trx: Knex.Transaction): Promise<InsertQueue> {
    return new InsertQueue((await trx.client.acquireConnection()) as DriverConnection, engineOf(trx) === 'pg');
  }

  /** Queues one statement; resolves when the one before it is done (and throws its error). */
  async send(sql: string, values: unknown[], reuse: boolean): Promise<void> {
    const previous = this.last;
    this.last = previous.then(() => this.run(sql, values, reuse));
    // Its failure is thrown by the next send() or by drain(), not reported as unhandled.
    this.last.catch(() => undefined);
    await previous;
  }

  /** Waits for every statement sent; the prepared ones are released. */
  async drain(): Promise<void> {
    try {
      await this.last;
    } finally {
      for (const statement of this.prepared.values()) await finalize(statement);
      this.prepared.clear();
    }
  }

  private async run(sql: string, values: unknown[], reuse: boolean): Promise<void> {
    if (this.pg) {
      await this.conn.query!(sql, values);
      return;
    }
    let statement = this.prepared.get(sql);
    if (!statement) {
      statement = await new Promise<SqliteStatement>((resolve, reject) => {
        const s = this.conn.prepare!(sql, (err) => (err ? reject(err) : resolve(s)));
      });
      if (reuse) this.prepared.set(sql, statement);
    }
    const once = statement;
    try {
      await new Promise<void>((resolve, reject) => once.run(values, (err) => (err ? reject(err) : resolve())));
    } finally {
      if (!reuse) await finalize(once);
    }
  }
}

const finalize = (statement: SqliteStatement) => new Promise<void>((resolve) => statement.finalize(() => resolve()));

/**
 * Buffers rows of one table and writes them as large `INSERT … VALUES (…), (…)`
 * statements (knex's multi-row insert on SQLite is a compound SELECT, limited
 * to 500 rows and slower). Every row of a table has the same columns. The
 * writers of the tables a row refers to are flushed first, so foreign keys hold.
 */
class BulkWriter {
  private values: unknown[] = [];
  private rows = 0;
  private columns: string[] = [];
  private chunk = 0;
  /** the statement of a full chunk, built once */
  private fullSql = '';
  constructor(private readonly queue: InsertQueue, private readonly table: string, private readonly parents: BulkWriter[] = []) {}

  async add(row: Record<string, unknown>): Promise<void> {
    if (this.chunk === 0) {
      this.columns = Object.keys(row);
      this.chunk = Math.max(1, Math.floor(MAX_PARAMS / this.columns.length));
    }
    for (const c of this.columns) this.values.push(row[c]);
    if (++this.rows >= this.chunk) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.rows === 0) return;
    for (const parent of this.parents) await parent.flush();
    const values = this.values;
    const rows = this.rows;
    this.values = [];
    this.rows = 0;
    const full = rows === this.chunk;
    if (full && this.fullSql) return this.queue.send(this.fullSql, values, true);
    let n = 0;
    const tuple = () => `(${this.columns.map(() => (this.queue.pg ? `$${++n}` : '?')).join(',')})`;
    const sql = `INSERT INTO ${this.table} (${this.columns.join(',')}) VALUES ${Array.from({ length: rows }, tuple).join(',')}`;
    if (full) this.fullSql = sql;
    return this.queue.send(sql, values, full);
  }
}

interface BusyArticle extends SellableArticle {
  id: number;
  weighed: boolean;
  /** 1..100: how often it sells */
  popularity: number;
}

/** Articles: names from the category's nouns, a qualifier and a size; unique PLU (the id) and EAN-13 (French prefix 37). */
function makeArticles(count: number, categoryIds: number[], random: () => number): BusyArticle[] {
  const articles: BusyArticle[] = [];
  for (let id = 1; id <= count; id++) {
    const c = (id - 1) % CATEGORIES.length;
    const [, , vatBp, nouns] = CATEGORIES[c]!;
    const noun = nouns[Math.floor(random() * nouns.length)]!;
    const weighed = (c === 2 || c === 3 || c === 4) && random() < 0.3;
    const name = `${noun} ${QUALIFIERS[Math.floor(random() * QUALIFIERS.length)]!}${weighed ? '' : ` ${SIZES[Math.floor(random() * SIZES.length)]!}`}`;
    const price = 50 + Math.floor(random() * random() * 4000);
    articles.push({
      id,
      code: makeEan13(`37${String(id).padStart(10, '0')}`),
      name,
      categoryId: categoryIds[c]!,
      unit: weighed ? 'kg' : 'unit',
      price,
      taxRateBp: vatBp,
      cost: Math.round((price * 0.55 * 10000) / (10000 + vatBp)),
      loyaltyPoints: Math.floor(price / 300),
      weighed,
      // A few articles sell a lot, most rarely (a long tail, like a real shop).
      popularity: 1 + Math.floor(100 * random() ** 6),
    });
  }
  return articles;
}

/** Picks articles by popularity in O(log n): a cumulative table and a binary search. */
function articlePicker(articles: BusyArticle[], random: () => number): () => BusyArticle {
  const cumulative = new Float64Array(articles.length);
  let sum = 0;
  for (const [i, a] of articles.entries()) cumulative[i] = sum += a.popularity;
  return () => {
    const r = random() * sum;
    let lo = 0;
    let hi = articles.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return articles[lo]!;
  };
}

interface PlannedSale {
  at: Date;
  tillId: number;
  employee: number; // index in EMPLOYEES
  customerId: number | null;
  ticket: Ticket;
  method: PaymentMethod;
}

/** The sales of each day, in time order; the same every time for the same seed. */
function* plannedSales(
  articles: BusyArticle[],
  options: BusyShopOptions,
  now: Date,
  tillCount: number,
  linesPerDay: number,
  seed: number,
): Generator<PlannedSale[]> {
  const random = mulberry32(seed + 1);
  const pick = articlePicker(articles, random);
  let ticketNo = 0;
  for (let d = options.days; d >= 1; d--) {
    const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() - d);
    const busy = day.getDay() === 6 ? 1.4 : day.getDay() === 0 ? 0.6 : 1;
    const lineBudget = Math.round(linesPerDay * busy * (0.85 + random() * 0.3));
    let lines = 0;
    const sales: PlannedSale[] = [];
    while (lines < lineBudget) {
      const minute = OPENING_MINUTES + Math.floor(random() * (CLOSING_MINUTES - OPENING_MINUTES));
      const at = new Date(day.getFullYear(), day.getMonth(), day.getDate(), Math.floor(minute / 60), minute % 60, Math.floor(random() * 60), Math.floor(random() * 1000));
      const tillId = 1 + Math.floor(random() * tillCount);
      let ticket = newTicket(`busy-${++ticketNo}`, at.toISOString());
      const lineCount = 1 + Math.floor(random() * random() * 9);
      for (let l = 0; l < lineCount; l++) {
        const a = pick();
        const quantity = a.weighed ? 100 + Math.floor(random() * 90) * 10 : (random() < 0.85 ? 1 : 2 + Math.floor(random() * 3)) * QTY_ONE;
        ticket = addLine(ticket, a, quantity);
        if (random() < 0.03) ticket = setLineDiscount(ticket, ticket.lines[ticket.lines.length - 1]!.id, { kind: 'percent', bp: 1000 });
      }
      lines += ticket.lines.length;
      const r = random();
      const method: PaymentMethod = r < 0.6 ? 'card' : r < 0.88 ? 'cash' : r < 0.92 ? 'cheque' : r < 0.97 ? 'meal_voucher' : 'mobile';
      const customerId = options.customers > 0 && random() < 0.25 ? 1 + Math.floor(random() * options.customers) : null;
      // employees 1..3 are the cashiers (0 is the manager)
      sales.push({ at, tillId, employee: 1 + ((day.getDate() + tillId) % (EMPLOYEES.length - 1)), customerId, ticket: { ...ticket, customerId }, method });
    }
    yield sales.sort((a, b) => a.at.getTime() - b.at.getTime());
  }
}

/**
 * Fills an EMPTY database with the busy shop, in one transaction (a failed
 * seed leaves nothing). Deterministic from `seed` and `now`.
 */
export async function seedBusyShop(target: Core | Knex, options: BusyShopOptions): Promise<BusyShopSummary> {
  const knex: Knex = typeof target === 'function' ? target : target.knex;
  const now = options.now ?? (typeof target === 'function' ? new Date() : target.clock());
  const tillCount = options.tills ?? 2;
  const linesPerDay = options.linesPerDay ?? Math.round(1_000_000 / 365);
  const seed = options.seed ?? 20261123;
  const createdAt = new Date(now.getTime() - (options.days + 1) * 86400000).toISOString();

  const summary = await withBulkLoadSettings(knex, () => writeTransaction(knex, async (trx) => {
    const random = mulberry32(seed);
    const s = buildServices(trx, 1, () => new Date(createdAt));
    if ((await s.catalog.countArticles()) > 0 || (await s.sales.count()) > 0) {
      throw new ValidationError('La base contient déjà des articles ou des ventes : la boutique chargée va dans une base vide');
    }
    for (let t = 1; t <= tillCount; t++) await s.tills.ensure(t);
    // Each till signs its sales with its own key, as SalesService.complete does (about 35 µs a sale).
    const signers: LinkSigner[] = [];
    for (let t = 1; t <= tillCount; t++) signers[t] = await currentSigner(trx, t);
    await s.settings.set('shop.name', 'Supérette du Faubourg');
    // No loyalty cards here: the generated sales carry no loyalty entries.
    await s.settings.set('loyalty.enabled', false);
    const rateIds = new Map<number, number>();
    for (const r of RATES) rateIds.set(r.bp, (await s.taxRates.create({ code: r.code, label: r.label, rateBp: r.bp })).id);
    const categoryIds: number[] = [];
    for (const [i, [name, color]] of CATEGORIES.entries()) categoryIds.push((await s.categories.create({ name, color, sortOrder: i + 1 })).id);
    const supplier = await s.suppliers.create({ name: 'Centrale du Faubourg', contact: 'Service commandes', email: 'commandes@centrale-faubourg.fr', phone: '01 40 00 00 00', leadTimeDays: 2, minOrderValue: 20000 });
    const group = await s.customers.createGroup({ name: 'Tous', discountBp: 0, priceLevel: null, isDefault: true });
    const employeeIds: number[] = [];
    for (const e of EMPLOYEES) employeeIds.push((await s.staff.create({ ...e }, { pinRule: 'weak-allowed' })).id);

    // Each article's opening stock must cover what it will sell: a first pass
    // over the planned sales counts it (the plan is replayed, not kept: a
    // million ticket lines would not fit in a small machine's memory).
    const articles = makeArticles(options.articles, categoryIds, random);
    const sold = new Float64Array(articles.length + 1);
    for (const day of plannedSales(articles, options, now, tillCount, linesPerDay, seed)) {
      for (const p of day) for (const l of p.ticket.lines) sold[l.articleId!]! += l.quantity;
    }

    // The rows go through one queue of bulk INSERTs; nothing may still run on
    // the connection when the transaction commits or rolls back.
    const queue = await InsertQueue.open(trx);
    const tills = Array.from({ length: tillCount + 1 }, () => ({ seq: 0, hash: GENESIS_HASH, grandTotal: 0, grandTotalAbs: 0 }));
    let lineTotal = 0;
    let saleId = 0;
    try {
      // Articles, their codes, search words and opening stock.
      const articleRows = new BulkWriter(queue, 'articles');
      const barcodeRows = new BulkWriter(queue, 'article_barcodes', [articleRows]);
      const termRows = new BulkWriter(queue, 'article_search_terms', [articleRows]);
      const prefixRows = new BulkWriter(queue, SEARCH_PREFIX_TABLE, [articleRows]);
      const saleRows = new BulkWriter(queue, 'sales');
      const shopStockRows = new BulkWriter(queue, 'shop_articles', [articleRows]);
      const moveRows = new BulkWriter(queue, 'stock_moves', [articleRows, saleRows]);
      for (const a of articles) {
        const endStock = (a.weighed ? 2 + Math.floor(random() * 20) : 5 + Math.floor(random() * 60)) * QTY_ONE;
        await articleRows.add({
          id: a.id,
          plu: String(a.id),
          name: a.name,
          name_search: foldForSearch(a.name).slice(0, 100),
          category_id: a.categoryId,
          price: a.price,
          tax_rate_id: rateIds.get(a.taxRateBp)!,
          cost: a.cost,
          unit: a.unit,
          loyalty_points: a.loyaltyPoints,
          track_stock: true,
          min_stock: 3 * QTY_ONE,
          supplier_id: supplier.id,
          supplier_ref: `CF-${a.id}`,
          grid_position: a.id <= 20 * CATEGORIES.length ? Math.ceil(a.id / CATEGORIES.length) : null,
          created_at: createdAt,
          updated_at: createdAt,
          changed_at: createdAt,
        });
        await shopStockRows.add({ shop_id: 1, article_id: a.id, stock_qty: endStock, changed_at: createdAt });
        await barcodeRows.add({ article_id: a.id, code: a.code });
        for (const term of searchWords(a.name)) await termRows.add({ article_id: a.id, term: term.slice(0, 100) });
        for (const row of searchPrefixRows({ id: a.id, nameSearch: foldForSearch(a.name).slice(0, 100), active: true })) await prefixRows.add(row);
        await moveRows.add({ article_id: a.id, quantity: endStock + sold[a.id]!, reason: 'initial', sale_id: null, employee_id: null, till_id: null, created_at: createdAt });
      }
      await articleRows.flush();
      await shopStockRows.flush();
      await barcodeRows.flush();
      await termRows.flush();
      await prefixRows.flush();

      const customerRows = new BulkWriter(queue, 'customers');
      for (let id = 1; id <= options.customers; id++) {
        const firstName = FIRST_NAMES[Math.floor(random() * FIRST_NAMES.length)]!;
        const lastName = LAST_NAMES[Math.floor(random() * LAST_NAMES.length)]!;
        const code = `C${String(id).padStart(6, '0')}`;
        const phone = `06 ${String(10_000_000 + Math.floor(random() * 89_999_999)).replace(/(\d\d)(?=\d)/g, '$1 ')}`;
        const [postalCode, city] = CITIES[Math.floor(random() * CITIES.length)]!;
        await customerRows.add({
          id,
          code,
          first_name: firstName,
          last_name: lastName,
          search_text: customerSearchText({ firstName, lastName, code, phone }),
          phone,
          email: `${foldForSearch(firstName)}.${foldForSearch(lastName)}${id}@exemple.fr`,
          address: `${1 + Math.floor(random() * 120)} rue du Faubourg`,
          postal_code: postalCode,
          city,
          group_id: group.id,
          created_at: createdAt,
        });
      }
      await customerRows.flush();

      // The sales, in time order: each till's chain, numbers and grand totals as SalesService.complete writes them.
      const lineRows = new BulkWriter(queue, 'sale_lines', [saleRows]);
      const taxRows = new BulkWriter(queue, 'sale_taxes', [saleRows]);
      const paymentRows = new BulkWriter(queue, 'payments', [saleRows]);
      for (const day of plannedSales(articles, options, now, tillCount, linesPerDay, seed)) for (const p of day) {
        saleId++;
        const till = tills[p.tillId]!;
        const totals = computeTotals(p.ticket);
        const tendered = p.method === 'cash' ? cashTendered(totals.total) : totals.total;
        const settlement = settle(totals.total, [{ method: p.method, amount: tendered }]);
        if (!settlement.ok) throw new Error(`busy shop: sale ${saleId} does not settle: ${settlement.error}`);
        const head = saleHeadOf({
          tillId: p.tillId,
          number: till.seq + 1,
          at: p.at,
          employeeId: employeeIds[p.employee]!,
          ticket: p.ticket,
          totals,
          settlement,
          payments: settlement.payments.map((pay, n) => ({ lineNo: n + 1, ...pay })),
          grandTotalBefore: till.grandTotal,
          grandTotalAbsBefore: till.grandTotalAbs,
        });
        const hash = chainHash(till.hash, canonicalSale(head));
        await saleRows.add({ id: saleId, ...saleRow(head, till.hash, hash), signature: signers[p.tillId]!.sign(hash) });
        for (const l of head.lines) {
          await lineRows.add(saleLineRow(saleId, l));
          await moveRows.add({
            article_id: l.articleId,
            quantity: -l.quantity,
            reason: 'sale',
            sale_id: saleId,
            employee_id: head.employeeId,
            till_id: head.tillId,
            created_at: head.createdAt,
          });
        }
        for (const t of head.taxes) await taxRows.add(saleTaxRow(saleId, t));
        for (const pay of head.payments) await paymentRows.add(salePaymentRow(saleId, pay));
        till.seq = head.number;
        till.hash = hash;
        till.grandTotal = head.grandTotal;
        till.grandTotalAbs = head.grandTotalAbs;
        lineTotal += head.lines.length;
      }
      for (const w of [saleRows, lineRows, taxRows, paymentRows, moveRows]) await w.flush();
    } catch (err) {
      await queue.drain().catch(() => undefined);
      throw err;
    }
    await queue.drain();
    for (let t = 1; t <= tillCount; t++) {
      const till = tills[t]!;
      await trx('tills').where({ id: t }).update({ sale_seq: till.seq, sale_last_hash: till.hash, grand_total: till.grandTotal, grand_total_abs: till.grandTotalAbs });
    }
    // Explicit ids were written: PostgreSQL's sequences must continue after them.
    for (const table of ['articles', 'customers', 'sales']) await syncIdSequence(trx, table);
    return { articles: articles.length, customers: options.customers, sales: saleId, lines: lineTotal, tills: tillCount };
  }));
  // Fresh statistics, so the query planners see a year of sales, not an empty shop.
  await knex.raw('ANALYZE');
  return summary;
}
