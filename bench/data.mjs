// The data side of `npm run bench` (issues #10, #19), on the busy shop
// (db/seeds/busy-shop.ts) at each scale of BENCH_SCALES (default
// "0.01,0.1,1": 1,000, 10,000 then 100,000 articles, up to a million lines):
// - generating the shop (seconds);
// - completing a sale (5 lines, cash, journal and stock) through the core,
//   SQLite in WAL with synchronous=FULL, ALTERNATING sale by sale with its
//   floor: the statements the core runs, hand-written through the sqlite3
//   driver on the same file (rawSeller); on PostgreSQL (BENCH_PG_SCALE) when
//   POS_BENCH_PG_URL or 127.0.0.1:5432 answers, in a schema dropped after;
// - end to end (process start and output to a file included), alternating:
//   `pos report sales --by article` against the sqlite3 CLI running the same
//   SQL, `pos journal verify` against the sqlite3 CLI reading the same rows;
// - reports over the year in process: sales by article, by day, by customer
//   and the journal verification, against the same SQL run by the sqlite3 shell.
// Every figure is measured here; none is asserted. Run alone with
// `node bench/data.mjs` (after `npm run build`): it merges its figures into
// bench/results.json.
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sqlite3 from 'sqlite3';
import { summarize, ratio } from './stats.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dist = (path) => import(join(ROOT, 'dist', path));
const SCALES = (process.env.BENCH_SCALES ?? '0.01,0.1,1').split(',').map(Number).filter((x) => x > 0 && x <= 1);
const SALES = Number(process.env.BENCH_SALES ?? 300);
const REPORT_RUNS = 2; // best of two: the first run also warms the page cache
const E2E_RUNS = Number(process.env.BENCH_E2E_RUNS ?? 3);
const PG_SCALE = Number(process.env.BENCH_PG_SCALE ?? 0.1);
const POS = join(ROOT, 'bin/pos');
const PG_URL = process.env.POS_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
const fmtMs = (v) => `${v.toFixed(1)} ms`;
const best = async (runs, work) => {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await work();
    times.push(performance.now() - t0);
  }
  return Math.min(...times);
};

/** Five different articles a sale, tickets built before the clock starts: only complete() is timed. */
async function plannedTickets(core, count, prefix) {
  const { sellable } = await dist('src/core/catalogue/article.js');
  const { addLine, newTicket } = await dist('src/core/sales/ticket.js');
  const maxId = Number((await core.knex('articles').max({ m: 'id' }).first()).m);
  const tickets = [];
  let x = 12345;
  const next = () => (x = (x * 1103515245 + 12345) % 2147483648);
  const cache = new Map();
  for (let i = 0; i < count; i++) {
    let ticket = newTicket(`${prefix}-${i}`, new Date().toISOString());
    for (let l = 0; l < 5; l++) {
      const id = 1 + (next() % maxId);
      if (!cache.has(id)) cache.set(id, await core.catalog.getArticle(id));
      const a = cache.get(id);
      ticket = addLine(ticket, sellable(a), a.unit === 'kg' ? 250 : 1000);
    }
    tickets.push(ticket);
  }
  return tickets;
}

/** One sale through the core: core.sales.complete, as the till calls it. */
async function coreSeller(core) {
  const { computeTotals } = await dist('src/core/sales/ticket.js');
  const { cashTendered } = await dist('db/seeds/demo.js');
  const employee = Number((await core.knex('employees').where({ role: 'cashier' }).first('id')).id);
  return (ticket) => core.sales.complete(ticket, [{ method: 'cash', amount: cashTendered(computeTotals(ticket).total) }], employee);
}

const insertSql = (table, rows) => {
  const columns = Object.keys(rows[0]);
  const tuple = `(${columns.map(() => '?').join(',')})`;
  return { sql: `INSERT INTO ${table} (${columns.join(',')}) VALUES ${rows.map(() => tuple).join(',')}`, params: rows.flatMap((r) => columns.map((c) => r[c])) };
};

/**
 * The floor: the statements core.sales.complete runs for a cash sale of plain
 * lines (src/core/sales/sales.service.ts, as read with knex's query events),
 * hand-written through the sqlite3 driver on its own connection to the same
 * file, same pragmas, the same pure work (totals, rows, hash, signature):
 *   BEGIN; bump the till's sale number and read the till back (it takes
 *   the write lock); duplicate-ticket and employee checks in one read; closed
 *   day/month/year check; insert the sale, its lines, taxes and payment; the
 *   till's chain head; delete the open ticket and its lines; the receipt job
 *   and the drawer kick owed; last, one stock update for every article that
 *   tracks stock (returning which do) and their stock moves in one insert
 *   (article order); COMMIT;
 *   then the auto-order setting read after the commit. (No customer: loyalty and
 *   account write nothing; no voucher, no return.)
 * What the core costs above this is knex and its own code, not extra work.
 */
async function rawSeller(file) {
  const { computeTotals } = await dist('src/core/sales/ticket.js');
  const { canonicalSale, chainHash, GENESIS_HASH } = await dist('src/core/fiscal/journal.js');
  const { generateTillKeyPair, signerFromPem } = await dist('src/core/fiscal/journal-signature.js');
  const { settle } = await dist('src/core/sales/payment.js');
  const { saleHeadOf } = await dist('src/core/sales/sales.service.js');
  const { saleRow, saleLineRow, saleTaxRow, salePaymentRow } = await dist('src/core/sales/sale-rows.js');
  const { localDate } = await dist('src/core/basics/clock.js');
  const { cashTendered } = await dist('db/seeds/demo.js');
  // The floor signs each sale as the core does (the key stays in memory here, as the core keeps it).
  const signer = signerFromPem(generateTillKeyPair().privateKeyPem);
  const tillId = 9; // its own chain, so the core's tills stay untouched
  const conn = new sqlite3.Database(file);
  const run = (sql, params = []) => new Promise((res, rej) => conn.run(sql, params, function done(err) { if (err) rej(err); else res(this); }));
  const get = (sql, params = []) => new Promise((res, rej) => conn.get(sql, params, (err, row) => (err ? rej(err) : res(row))));
  const all = (sql, params = []) => new Promise((res, rej) => conn.all(sql, params, (err, rows) => (err ? rej(err) : res(rows))));
  await new Promise((res, rej) => conn.exec('PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;', (e) => (e ? rej(e) : res())));
  await run("INSERT OR IGNORE INTO tills (id, name, sale_last_hash, closing_last_hash, audit_last_hash, created_at) VALUES (?, 'Plancher', ?, ?, ?, ?)", [tillId, GENESIS_HASH, GENESIS_HASH, GENESIS_HASH, new Date().toISOString()]);
  const employee = (await get("SELECT id FROM employees WHERE role = 'cashier' LIMIT 1")).id;
  const insert = (table, rows) => {
    const { sql, params } = insertSql(table, rows);
    return run(sql, params);
  };
  const sell = async (ticket) => {
    const totals = computeTotals(ticket);
    const settlement = settle(totals.total, [{ method: 'cash', amount: cashTendered(totals.total) }]);
    await run('BEGIN');
    const till = await get('UPDATE tills SET sale_seq = sale_seq + 1 WHERE id = ? RETURNING sale_seq, grand_total, grand_total_abs, sale_last_hash, journal_key_no', [tillId]);
    const checks = await get('SELECT (SELECT number FROM sales WHERE ticket_id = ? LIMIT 1) AS done, (SELECT active FROM employees WHERE id = ?) AS active', [ticket.id, employee]);
    if (checks.done !== null) throw new Error('ticket already sold');
    if (!checks.active) throw new Error('inactive employee');
    const now = new Date();
    const date = localDate(now);
    const closed = await get(
      'SELECT kind, period FROM closings WHERE till_id = ? AND (kind = ? AND period = ? OR (kind = ? AND period = ?) OR (kind = ? AND period = ?)) LIMIT 1',
      [tillId, 'day', date, 'month', date.slice(0, 7), 'year', date.slice(0, 4)],
    );
    if (closed) throw new Error('closed day');
    const payments = settlement.payments.map((p, i) => ({ lineNo: i + 1, ...p }));
    const head = saleHeadOf({ tillId, number: till.sale_seq, at: now, employeeId: employee, ticket, totals, settlement, payments, grandTotalBefore: till.grand_total, grandTotalAbsBefore: till.grand_total_abs });
    const prevHash = till.sale_last_hash || GENESIS_HASH;
    const hash = chainHash(prevHash, canonicalSale(head));
    const saleId = (await insert('sales', [{ ...saleRow(head, prevHash, hash), signature: signer.sign(hash), origin_uuid: null }])).lastID;
    await insert('sale_lines', head.lines.map((l) => saleLineRow(saleId, l)));
    await insert('sale_taxes', head.taxes.map((t) => saleTaxRow(saleId, t)));
    await insert('payments', head.payments.map((p) => salePaymentRow(saleId, p)));
    await run('UPDATE tills SET sale_last_hash = ?, grand_total = ?, grand_total_abs = ? WHERE id = ?', [hash, head.grandTotal, head.grandTotalAbs, tillId]);
    await run('DELETE FROM open_tickets WHERE id = ?', [ticket.id]);
    await run('DELETE FROM open_ticket_lines WHERE ticket_id = ?', [ticket.id]);
    await insert('print_jobs', [{ created_at: head.createdAt, kind: 'receipt', payload: '', sale_id: saleId, status: 'pending', till_id: tillId }]);
    await insert('drawer_kicks', [{ created_at: head.createdAt, sale_id: saleId, status: 'owed', till_id: tillId }]);
    const byArticle = new Map();
    for (const l of head.lines) byArticle.set(l.articleId, (byArticle.get(l.articleId) ?? 0) - l.quantity);
    const ids = [...byArticle.keys()].sort((x, y) => x - y);
    const tracked = new Set(
      (await all(
        `INSERT INTO shop_articles (shop_id, article_id, stock_qty, changed_at) SELECT CAST(? AS INTEGER), a.id, v.column2, ? FROM articles a ` +
          `JOIN (VALUES ${ids.map(() => '(CAST(? AS INTEGER), CAST(? AS INTEGER))').join(', ')}) v ON v.column1 = a.id WHERE a.track_stock ORDER BY a.id ` +
          `ON CONFLICT (shop_id, article_id) DO UPDATE SET stock_qty = shop_articles.stock_qty + excluded.stock_qty, changed_at = excluded.changed_at RETURNING article_id`,
        [1, head.createdAt, ...ids.flatMap((id) => [id, byArticle.get(id)])],
      )).map((r) => r.article_id),
    );
    const moves = [...head.lines].sort((a, b) => a.articleId - b.articleId).filter((l) => tracked.has(l.articleId));
    if (moves.length) {
      await insert('stock_moves', moves.map((l) => ({ shop_id: 1, article_id: l.articleId, created_at: head.createdAt, employee_id: employee, note: '', purchase_order_id: null, quantity: -l.quantity, reason: 'sale', sale_id: saleId, till_id: tillId })));
    }
    await run('COMMIT');
    await get('SELECT value FROM shop_settings WHERE shop_id = ? AND key = ? LIMIT 1', [1, 'orders.auto']);
  };
  return { sell, close: () => new Promise((res) => conn.close(res)) };
}

/** Sale completion, core and raw floor ALTERNATING sale by sale on the same file: p50/p99 and sales per second of each. */
async function saleCommits(core, file, count, prefix) {
  const core1 = await coreSeller(core);
  const raw = await rawSeller(file);
  const tickets = { core: await plannedTickets(core, count, `${prefix}-core`), raw: await plannedTickets(core, count, `${prefix}-raw`) };
  const times = { core: [], raw: [] };
  try {
    for (let i = 0; i < count; i++) {
      for (const [name, sell] of [['raw', raw.sell], ['core', core1]]) {
        const s = performance.now();
        await sell(tickets[name][i]);
        times[name].push(performance.now() - s);
      }
    }
  } finally {
    await raw.close();
  }
  const figures = (t) => ({ ...summarize(t), perSecond: (t.length * 1000) / t.reduce((a, b) => a + b, 0) });
  return { core: figures(times.core), raw: figures(times.raw) };
}

/** Sales through the core alone (PostgreSQL, which has no raw floor here). */
async function coreOnly(core, count, prefix) {
  const sell = await coreSeller(core);
  const tickets = await plannedTickets(core, count, prefix);
  const times = [];
  for (const ticket of tickets) {
    const s = performance.now();
    await sell(ticket);
    times.push(performance.now() - s);
  }
  return { ...summarize(times), perSecond: (count * 1000) / times.reduce((a, b) => a + b, 0) };
}

/** Runs a program to its exit, its output into a file: milliseconds from spawn to exit (process start included). */
function timedProcess(command, args, outFile) {
  const out = openSync(outFile, 'w');
  try {
    const t0 = performance.now();
    const r = spawnSync(command, args, { stdio: ['ignore', out, 'pipe'], maxBuffer: 1 << 26 });
    const ms = performance.now() - t0;
    if (r.error || r.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${r.error?.message ?? r.stderr}`);
    return ms;
  } finally {
    closeSync(out);
  }
}

/**
 * End to end, floor and pos ALTERNATING (E2E_RUNS each), output to a file:
 * - `pos report sales --by article --format csv` over the whole period
 *   against the sqlite3 CLI (`-csv`) running the very SQL the core runs for
 *   it (read with knex's query events during core.reports.salesBy, bindings
 *   inlined);
 * - `pos journal verify` against the sqlite3 CLI reading the same rows
 *   (sales, lines, taxes, payments: it does not hash).
 * Needs Debian's `sqlite3` on PATH.
 */
async function endToEnd(core, file) {
  const range = await core.knex('sales').min({ from: 'business_date' }).max({ to: 'business_date' }).first();
  const period = { from: String(range.from), to: String(range.to) };
  const queries = [];
  const listen = (q) => queries.push(q);
  core.knex.on('query', listen);
  await core.reports.salesBy('article', period);
  core.knex.off('query', listen);
  const reportSql = queries
    .filter((q) => /^\s*(select|with)\b/i.test(q.sql))
    .map((q) => `${core.knex.raw(q.sql, q.bindings ?? []).toQuery()};`)
    .join('\n');
  const dir = mkdtempSync(join(tmpdir(), 'pos-bench-e2e-'));
  try {
    const reportFile = join(dir, 'report.sql');
    const journalFile = join(dir, 'journal.sql');
    writeFileSync(reportFile, `${reportSql}\n`);
    writeFileSync(journalFile, `${floorSql(period.from, period.to).journal}\n`);
    const out = join(dir, 'out');
    const pairs = {
      report: {
        floor: () => timedProcess('sqlite3', ['-batch', '-csv', file, `.read ${reportFile}`], out),
        pos: () => timedProcess(process.execPath, [POS, 'report', 'sales', '--by', 'article', '--from', period.from, '--to', period.to, '--format', 'csv', '--db', file], out),
      },
      verify: {
        floor: () => timedProcess('sqlite3', ['-batch', file, `.read ${journalFile}`], out),
        pos: () => timedProcess(process.execPath, [POS, 'journal', 'verify', '--db', file], out),
      },
    };
    const result = { reportStatements: reportSql.split(';\n').length };
    for (const [name, { floor, pos }] of Object.entries(pairs)) {
      const times = { floor: [], pos: [] };
      for (let i = 0; i < E2E_RUNS; i++) {
        times.floor.push(floor());
        times.pos.push(pos());
      }
      result[name] = { floor: summarize(times.floor), pos: summarize(times.pos) };
    }
    return result;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The SQL each report runs (the queries of src/core/fiscal/reports.service.ts and the rows the verifier reads), for the sqlite3 shell. */
function floorSql(from, to) {
  const scope = `FROM sale_lines l JOIN sales s ON s.id = l.sale_id WHERE s.business_date BETWEEN '${from}' AND '${to}'`;
  const itemColumns = "sum(CASE WHEN l.unit = 'unit' THEN l.quantity ELSE 0 END), sum(CASE WHEN l.unit = 'kg' AND l.quantity > 0 THEN 1 WHEN l.unit = 'kg' THEN -1 ELSE 0 END), sum(l.quantity)";
  const items = (col) => `SELECT ${col} AS k, ${itemColumns} ${scope} GROUP BY ${col};`;
  const heads = (col) => `SELECT ${col} AS k, count(*), sum(s.total), sum(s.tax_total), max(s.local_time) FROM sales s WHERE s.business_date BETWEEN '${from}' AND '${to}' GROUP BY ${col};`;
  return {
    article:
      `SELECT g.*, a.name, a.plu FROM (SELECT l.article_id AS k, l.tax_rate_bp, count(DISTINCT l.sale_id), sum(l.total), max(s.local_time), ${itemColumns} ${scope} ` +
      'GROUP BY l.article_id, l.tax_rate_bp) g LEFT JOIN articles a ON a.id = g.k;',
    day: heads('s.business_date') + items('s.business_date'),
    customer: heads('s.customer_id') + items('s.customer_id') + 'SELECT id, code, first_name, last_name FROM customers;',
    journal:
      'SELECT * FROM sales ORDER BY till_id, number; SELECT * FROM sale_lines ORDER BY sale_id, line_no;' +
      'SELECT * FROM sale_taxes ORDER BY sale_id; SELECT * FROM payments ORDER BY sale_id, line_no;',
  };
}

async function reports(core, file) {
  const range = await core.knex('sales').min({ from: 'business_date' }).max({ to: 'business_date' }).first();
  const period = { from: String(range.from), to: String(range.to) };
  const sql = floorSql(period.from, period.to);
  const shell = (text) => {
    const r = spawnSync('sqlite3', ['-batch', file, text], { stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.error || r.status !== 0) throw new Error(`sqlite3 shell: ${r.error?.message ?? r.stderr}`);
  };
  const out = {};
  for (const dimension of ['article', 'day', 'customer']) {
    out[dimension] = {
      coreMs: await best(REPORT_RUNS, () => core.reports.salesBy(dimension, period)),
      shellMs: await best(REPORT_RUNS, async () => shell(sql[dimension])),
    };
  }
  let verified = null;
  out.journal = {
    coreMs: await best(1, async () => (verified = await core.journal.verify())),
    shellMs: await best(1, async () => shell(sql.journal)),
  };
  if (!verified.ok) throw new Error('the busy shop journal does not verify');
  return out;
}

async function pgAvailable(openDb) {
  try {
    const knex = await openDb({ engine: 'pg', location: PG_URL });
    await knex.destroy();
    return true;
  } catch {
    return false;
  }
}

/**
 * Runs the data measures; returns the figures and the table rows. `keep`
 * (scale → file or null): right after the shop of that scale is generated,
 * before any measure writes to it, a copy goes to that file (the till's
 * measures run on it: each scale is generated once a run); `kept` maps each
 * copied scale to { file, articles }.
 */
export async function runDataBench(log = (line) => process.stdout.write(`${line}\n`), keep = null) {
  const { openCore } = await dist('src/core/shop/core.service.js');
  const { openDb } = await dist('src/core/basics/db.service.js');
  const { seedBusyShop, busyShopSizes } = await dist('db/seeds/busy-shop.js');
  const started = performance.now();
  const measures = { scales: {} };
  const rows = [];
  const kept = {};
  for (const scale of SCALES) {
    const dir = mkdtempSync(join(tmpdir(), 'pos-bench-busy-'));
    const file = join(dir, 'pos.sqlite3');
    let core = null;
    try {
      core = await openCore({ db: file });
      const sizes = busyShopSizes(scale);
      log(`busy shop ×${scale}: generating ${sizes.articles} articles, ${sizes.customers} customers, ${sizes.days} days…`);
      let t0 = performance.now();
      const summary = await seedBusyShop(core, sizes);
      const seedMs = performance.now() - t0;
      const m = { sizes: summary, seedMs };
      const keepFile = keep?.(scale);
      if (keepFile) {
        // Everything into the main file first, then copied by another process:
        // closing a descriptor of the file here would drop this process's
        // SQLite locks on it (POSIX locks are per process).
        await core.knex.raw('PRAGMA wal_checkpoint(TRUNCATE)');
        const cp = spawnSync('cp', [file, keepFile], { stdio: ['ignore', 'ignore', 'pipe'] });
        if (cp.status !== 0) throw new Error(`cp ${file} ${keepFile}: ${cp.error?.message ?? cp.stderr}`);
        // The copy's tills sign with the same keys: their files go beside it (its default key folder), or the till would refuse to start.
        const keysBeside = join(dirname(keepFile), 'keys');
        if (core.journal.keyDir() !== keysBeside) {
          mkdirSync(keysBeside, { recursive: true, mode: 0o700 });
          const cpKeys = spawnSync('cp', ['-R', `${core.journal.keyDir()}/.`, keysBeside], { stdio: ['ignore', 'ignore', 'pipe'] });
          if (cpKeys.status !== 0) throw new Error(`cp keys: ${cpKeys.error?.message ?? cpKeys.stderr}`);
        }
        kept[String(scale)] = { file: keepFile, articles: summary.articles };
      }
      m.reports = await reports(core, file);
      // Before the sales below: the raw floor's chain (till 9) is signed with a key the shop does not know, so verify would fail after.
      m.endToEnd = await endToEnd(core, file);
      const commits = await saleCommits(core, file, SALES, `bench-${scale}`);
      m.saleSqlite = commits.core;
      m.saleSqliteRaw = commits.raw;
      await core.close();
      core = null;
      const label = `${summary.articles} articles, ${summary.lines} lines`;
      rows.push([`busy shop ×${scale} (${label}): generated in`, seconds(seedMs)]);
      rows.push([`  sale (5 lines, cash) SQLite FULL, core p50 / p99, sales/s`, `${fmtMs(m.saleSqlite.p50)} / ${fmtMs(m.saleSqlite.p99)}, ${m.saleSqlite.perSecond.toFixed(0)}/s`]);
      rows.push([`  same sale, raw SQL via sqlite3 driver (floor)`, `${fmtMs(m.saleSqliteRaw.p50)} / ${fmtMs(m.saleSqliteRaw.p99)}, ${m.saleSqliteRaw.perSecond.toFixed(0)}/s`]);
      const e2e = m.endToEnd;
      const pair = (r) => `${seconds(r.pos.p50)} / ${seconds(r.floor.p50)} (${ratio(r.pos.p50, r.floor.p50).toFixed(2)}×)`;
      rows.push(['  end to end, pos report sales --by article / sqlite3 CLI, same SQL (p50)', pair(e2e.report)]);
      rows.push(['  end to end, pos journal verify / sqlite3 CLI reading the rows (p50)', pair(e2e.verify)]);
      for (const [name, r] of Object.entries(m.reports)) {
        rows.push([`  ${name === 'journal' ? 'journal verify' : `sales by ${name}`} (year): core / sqlite3 shell`, `${seconds(r.coreMs)} / ${seconds(r.shellMs)}`]);
      }
      if (scale === (SCALES.includes(PG_SCALE) ? PG_SCALE : SCALES[0])) {
        if (await pgAvailable(openDb)) {
          const schema = `bench_${process.pid}`;
          const pg = await openCore({ db: { engine: 'pg', location: PG_URL, searchPath: schema }, keyDir: join(dir, 'pg-keys') });
          try {
            t0 = performance.now();
            await seedBusyShop(pg, sizes);
            m.pgSeedMs = performance.now() - t0;
            m.salePg = await coreOnly(pg, SALES, `bench-pg-${scale}`);
            rows.push([`  PostgreSQL: generated in; sale core p50 / p99, sales/s`, `${seconds(m.pgSeedMs)}; ${fmtMs(m.salePg.p50)} / ${fmtMs(m.salePg.p99)}, ${m.salePg.perSecond.toFixed(0)}/s`]);
          } finally {
            await pg.knex.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schema]);
            await pg.close();
          }
        } else {
          rows.push(['  PostgreSQL', `not reachable at ${PG_URL}: skipped`]);
        }
      }
      measures.scales[String(scale)] = m;
    } finally {
      // A failed measure must not leave the database open (the process would not end).
      await core?.close().catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  }
  measures.totalMs = performance.now() - started;
  rows.push(['data measures, whole run', seconds(measures.totalMs)]);
  return { measures, rows, kept };
}

// Alone: print the rows and merge the figures into bench/results.json.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runDataBench()
    .then(({ measures, rows }) => {
      const width = Math.max(...rows.map((r) => r[0].length));
      for (const [label, value] of rows) process.stdout.write(`${label.padEnd(width)}  ${value}\n`);
      const path = join(ROOT, 'bench/results.json');
      let results = {};
      try {
        results = JSON.parse(readFileSync(path, 'utf8'));
      } catch {
        // no earlier results: start a new file
      }
      results.measures = { ...(results.measures ?? {}), data: measures };
      writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
    })
    .catch((err) => {
      process.stderr.write(`bench: ${err.stack ?? err.message}\n`);
      process.exitCode = 1;
    });
}
