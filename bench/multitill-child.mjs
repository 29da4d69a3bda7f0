// One till of the multi-till bench (bench/multitill.mjs), a process of its own.
// argv[2] is a JSON job: { mode: 'core' | 'floor', url, schema, keyDir,
// tillId, sales, pool (article ids), profile }. It opens the built core on the
// PostgreSQL schema as its till (`pos --till N` does the same: migrations
// checked, till registered, its signing key), plans its tickets (five
// articles of the shared pool each, so the tills contend on the same stock
// rows), says "ready" and waits for "go" on stdin; then it commits its sales
// one after the other as fast as it can, timing each commit, and prints one
// JSON line: its sale numbers, the samples (ms), the wall time from "go" to
// its last commit, and the units it sold of each article.
// mode 'core': core.sales.complete, as the till calls it; the timing stops
// when it resolved (the COMMIT answered: the sale is durable).
// mode 'floor': the same statements, hand-written through the pg driver on
// one connection of its own (see pgRawSeller), signed with the till's key.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dist = (path) => import(join(ROOT, 'dist', path));
const job = JSON.parse(process.argv[2]);

const { openCore } = await dist('src/core/shop/core.service.js');
const { sellable } = await dist('src/core/catalogue/article.js');
const { addLine, newTicket, computeTotals } = await dist('src/core/sales/ticket.js');
const { cashTendered } = await dist('db/seeds/demo.js');

const core = await openCore({ db: { engine: 'pg', location: job.url, searchPath: job.schema }, tillId: job.tillId, keyDir: job.keyDir });
const employee = Number((await core.knex('employees').where({ role: 'cashier', active: true }).first('id')).id);

// Five different articles of the pool a sale, picked by a PRNG seeded with the
// till's number: every till sells the same few articles, in its own mix.
let x = 7919 * job.tillId + 1;
const next = () => (x = (x * 1103515245 + 12345) % 2147483648);
const articles = new Map();
for (const id of job.pool) articles.set(id, sellable(await core.catalog.getArticle(id)));
const tickets = [];
const sold = {};
for (let i = 0; i < job.sales; i++) {
  const ids = [...job.pool];
  let ticket = newTicket(`mt-${job.mode}-${job.tillId}-${i}`, new Date().toISOString());
  for (let l = 0; l < 5; l++) {
    const [id] = ids.splice(next() % ids.length, 1);
    const quantity = articles.get(id).unit === 'kg' ? 250 : 1000;
    ticket = addLine(ticket, articles.get(id), quantity);
    sold[id] = (sold[id] ?? 0) + quantity;
  }
  tickets.push(ticket);
}

const tender = (ticket) => [{ method: 'cash', amount: cashTendered(computeTotals(ticket).total) }];
const seller = job.mode === 'floor' ? await pgRawSeller() : { sell: (t) => core.sales.complete(t, tender(t), employee), close: async () => {} };
const statements = job.profile ? profileStatements(core.knex) : null;

process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
process.stdin.destroy();

const samples = [];
const numbers = [];
const began = performance.now();
for (const ticket of tickets) {
  const s = performance.now();
  const sale = await seller.sell(ticket);
  samples.push(performance.now() - s);
  numbers.push(sale.number);
}
const elapsedMs = performance.now() - began;
await seller.close();
await core.close();
process.stdout.write(`${JSON.stringify({ till: job.tillId, mode: job.mode, numbers, samples, elapsedMs, sold, statements: statements?.() ?? null })}\n`);

/**
 * The floor: the statements core.sales.complete runs on PostgreSQL for a cash
 * sale of plain lines (as read with knex's query events), in the same order,
 * through the pg driver on one connection, with the same pure work (totals,
 * rows, hash, signature with the till's own key, so its chain verifies):
 * BEGIN; bump the till's sale number and read the till back (locks the till's
 * row); duplicate-ticket and employee checks in one read; closed
 * day/month/year; the sale (RETURNING id), its lines, taxes and payment; the
 * chain head; the open ticket's delete; the receipt job and the drawer kick;
 * last, the shop's stock rows moved in article order by one upsert of
 * shop_articles (the row locks the tills contend on, held until the COMMIT)
 * and the stock moves in one insert;
 * COMMIT; then the auto-order setting read. bench/data.mjs's rawSeller is the same floor on SQLite.
 */
async function pgRawSeller() {
  const { default: pg } = await import('pg');
  const { canonicalSale, chainHash, GENESIS_HASH } = await dist('src/core/fiscal/journal.js');
  const { currentSigner } = await dist('src/core/fiscal/journal-keys.service.js');
  const { settle } = await dist('src/core/sales/payment.js');
  const { saleHeadOf } = await dist('src/core/sales/sales.service.js');
  const { saleRow, saleLineRow, saleTaxRow, salePaymentRow } = await dist('src/core/sales/sale-rows.js');
  const { localDate } = await dist('src/core/basics/clock.js');
  const signer = await currentSigner(core.knex, job.tillId);
  const client = new pg.Client({ connectionString: job.url });
  await client.connect();
  await client.query(`SET search_path TO "${job.schema}"`);
  const q = async (sql, params = []) => (await client.query(sql, params)).rows;
  const insert = (table, rows, returning = '') => {
    const columns = Object.keys(rows[0]);
    let n = 0;
    const tuples = rows.map(() => `(${columns.map(() => `$${++n}`).join(',')})`);
    return q(`INSERT INTO ${table} (${columns.map((c) => `"${c}"`).join(',')}) VALUES ${tuples.join(',')}${returning}`, rows.flatMap((r) => columns.map((c) => r[c])));
  };
  const tillId = job.tillId;
  const sell = async (ticket) => {
    const totals = computeTotals(ticket);
    const settlement = settle(totals.total, tender(ticket));
    await q('BEGIN');
    try {
      const [till] = await q('UPDATE tills SET sale_seq = sale_seq + $1 WHERE id = $2 RETURNING sale_seq, grand_total, grand_total_abs, sale_last_hash, journal_key_no', [1, tillId]);
      const [checks] = await q('SELECT (SELECT number FROM sales WHERE ticket_id = $1 LIMIT $2) AS done, (SELECT active FROM employees WHERE id = $3) AS active LIMIT $4', [ticket.id, 1, employee, 1]);
      if (checks.done !== null) throw new Error('ticket already sold');
      if (!checks.active) throw new Error('inactive employee');
      const now = new Date();
      const date = localDate(now);
      const closed = await q(
        'SELECT kind, period FROM closings WHERE till_id = $1 AND (kind = $2 AND period = $3 OR (kind = $4 AND period = $5) OR (kind = $6 AND period = $7)) LIMIT $8',
        [tillId, 'day', date, 'month', date.slice(0, 7), 'year', date.slice(0, 4), 1],
      );
      if (closed.length) throw new Error('closed day');
      const payments = settlement.payments.map((p, i) => ({ lineNo: i + 1, ...p }));
      const head = saleHeadOf({
        tillId, number: Number(till.sale_seq), at: now, employeeId: employee, ticket, totals, settlement, payments,
        grandTotalBefore: Number(till.grand_total), grandTotalAbsBefore: Number(till.grand_total_abs),
      });
      const prevHash = till.sale_last_hash || GENESIS_HASH;
      const hash = chainHash(prevHash, canonicalSale(head));
      const [{ id: saleId }] = await insert('sales', [{ ...saleRow(head, prevHash, hash), signature: signer.sign(hash), origin_uuid: null }], ' RETURNING id');
      await insert('sale_lines', head.lines.map((l) => saleLineRow(saleId, l)));
      await insert('sale_taxes', head.taxes.map((t) => saleTaxRow(saleId, t)));
      await insert('payments', head.payments.map((p) => salePaymentRow(saleId, p)));
      await q('UPDATE tills SET sale_last_hash = $1, grand_total = $2, grand_total_abs = $3 WHERE id = $4', [hash, head.grandTotal, head.grandTotalAbs, tillId]);
      await q('DELETE FROM open_tickets WHERE id = $1', [ticket.id]);
      await q('DELETE FROM open_ticket_lines WHERE ticket_id = $1', [ticket.id]);
      await insert('print_jobs', [{ created_at: head.createdAt, kind: 'receipt', payload: '', sale_id: saleId, status: 'pending', till_id: tillId }]);
      await insert('drawer_kicks', [{ created_at: head.createdAt, sale_id: saleId, status: 'owed', till_id: tillId }]);
      const lines = [...head.lines].sort((a, b) => a.articleId - b.articleId);
      const byArticle = new Map();
      for (const l of lines) byArticle.set(l.articleId, (byArticle.get(l.articleId) ?? 0) - l.quantity);
      const ids = [...byArticle.keys()];
      let n = 2;
      const locked = (await q(
        `INSERT INTO shop_articles (shop_id, article_id, stock_qty, changed_at) SELECT CAST($1 AS INTEGER), a.id, v.column2, $2 FROM articles a ` +
          `JOIN (VALUES ${ids.map(() => `(CAST($${++n} AS INTEGER), CAST($${++n} AS INTEGER))`).join(', ')}) v ON v.column1 = a.id WHERE a.track_stock ORDER BY a.id ` +
          `ON CONFLICT (shop_id, article_id) DO UPDATE SET stock_qty = shop_articles.stock_qty + excluded.stock_qty, changed_at = excluded.changed_at RETURNING article_id`,
        [1, head.createdAt, ...ids.flatMap((id) => [id, byArticle.get(id)])],
      )).map((r) => r.article_id);
      const tracked = lines.filter((l) => locked.includes(l.articleId));
      if (tracked.length) {
        await insert('stock_moves', tracked.map((l) => ({ shop_id: 1, article_id: l.articleId, created_at: head.createdAt, employee_id: employee, note: '', purchase_order_id: null, quantity: -l.quantity, reason: 'sale', sale_id: saleId, till_id: tillId })));
      }
      await q('COMMIT');
      await q('SELECT value FROM shop_settings WHERE shop_id = $1 AND key = $2 LIMIT $3', [1, 'orders.auto', 1]);
      return head;
    } catch (err) {
      await q('ROLLBACK');
      throw err;
    }
  };
  return { sell, close: () => client.end() };
}

/**
 * Time by statement (knex's query and query-response events, matched by their
 * query id), for the profile run only: listening costs a little. Returns, for
 * each statement's first words, its count and total milliseconds.
 */
function profileStatements(knex) {
  const open = new Map();
  const by = new Map();
  const key = (sql) => sql.replace(/\$\d+/g, '?').replace(/\s+/g, ' ').slice(0, 60);
  knex.on('query', (q) => open.set(q.__knexQueryUid, { sql: key(q.sql), t: performance.now() }));
  const done = (_r, q) => {
    const o = open.get(q.__knexQueryUid);
    if (!o) return;
    open.delete(q.__knexQueryUid);
    const s = by.get(o.sql) ?? { count: 0, ms: 0 };
    s.count += 1;
    s.ms += performance.now() - o.t;
    by.set(o.sql, s);
  };
  knex.on('query-response', done);
  knex.on('query-error', (_e, q) => done(null, q));
  return () => Object.fromEntries(by);
}
