// The data side of `npm run bench` (issue #10), on the busy shop
// (db/seeds/busy-shop.ts) at each scale of BENCH_SCALES (default "0.1,1":
// 10,000 then 100,000 articles, 100,000 then a million sale lines):
// - generating the shop (seconds);
// - completing a sale (5 lines, cash, journal and stock) through the core,
//   SQLite in WAL with synchronous=FULL: p50/p99 and sales per second, against
//   the floor: the same transaction in raw SQL through the sqlite3 driver, on
//   the same file, in the same run; and on PostgreSQL (first scale only) when
//   POS_BENCH_PG_URL or 127.0.0.1:5432 answers, in a schema dropped after;
// - reports over the year: sales by article, by day, by customer and the
//   journal verification, against the same SQL run by the sqlite3 shell.
// Every figure is measured here; none is asserted. Run alone with
// `node bench/data.mjs` (after `npm run build`): it merges its figures into
// bench/results.json.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sqlite3 from 'sqlite3';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dist = (path) => import(join(ROOT, 'dist', path));
const SCALES = (process.env.BENCH_SCALES ?? '0.1,1').split(',').map(Number).filter((x) => x > 0 && x <= 1);
const SALES = Number(process.env.BENCH_SALES ?? 300);
const REPORT_RUNS = 2; // best of two: the first run also warms the page cache
const PG_URL = process.env.POS_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

const pct = (values, p) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
};
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

async function completeThroughCore(core, count, prefix) {
  const { computeTotals } = await dist('src/core/sales/ticket.js');
  const { cashTendered } = await dist('db/seeds/demo.js');
  const employee = Number((await core.knex('employees').where({ role: 'cashier' }).first('id')).id);
  const tickets = await plannedTickets(core, count, prefix);
  const times = [];
  const t0 = performance.now();
  for (const ticket of tickets) {
    const s = performance.now();
    await core.sales.complete(ticket, [{ method: 'cash', amount: cashTendered(computeTotals(ticket).total) }], employee);
    times.push(performance.now() - s);
  }
  return { p50: pct(times, 50), p99: pct(times, 99), perSecond: (count * 1000) / (performance.now() - t0), samples: count };
}

/**
 * The floor: the same rows written by hand through the sqlite3 driver, one
 * transaction a sale, same pragmas, same pure rules for totals and hash. What
 * the core costs above this is knex and the service's own checks.
 */
async function completeRawSqlite(core, file, count) {
  const { computeTotals, describeDiscount } = await dist('src/core/sales/ticket.js');
  const { canonicalSale, chainHash, GENESIS_HASH } = await dist('src/core/fiscal/journal.js');
  const { generateTillKeyPair, signerFromPem } = await dist('src/core/fiscal/journal-signature.js');
  const { settle } = await dist('src/core/sales/payment.js');
  // The floor signs each sale as the core does (the key stays in memory here: reading it is a start-up cost).
  const signer = signerFromPem(generateTillKeyPair().privateKeyPem);
  const { cashTendered } = await dist('db/seeds/demo.js');
  const { localDate, localDateTime } = await dist('src/core/basics/clock.js');
  const tickets = await plannedTickets(core, count, 'floor');
  const employee = Number((await core.knex('employees').where({ role: 'cashier' }).first('id')).id);
  const tillId = 9; // its own chain, so the core's tills stay untouched
  const conn = new sqlite3.Database(file);
  const run = (sql, params = []) => new Promise((res, rej) => conn.run(sql, params, function done(err) { if (err) rej(err); else res(this); }));
  const get = (sql, params = []) => new Promise((res, rej) => conn.get(sql, params, (err, row) => (err ? rej(err) : res(row))));
  await new Promise((res, rej) => conn.exec('PRAGMA busy_timeout = 10000; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;', (e) => (e ? rej(e) : res())));
  await run("INSERT OR IGNORE INTO tills (id, name, sale_last_hash, closing_last_hash, audit_last_hash, created_at) VALUES (?, 'Plancher', ?, ?, ?, ?)", [tillId, GENESIS_HASH, GENESIS_HASH, GENESIS_HASH, new Date().toISOString()]);
  const times = [];
  const t0 = performance.now();
  for (const ticket of tickets) {
    const s = performance.now();
    const totals = computeTotals(ticket);
    const settlement = settle(totals.total, [{ method: 'cash', amount: cashTendered(totals.total) }]);
    await run('BEGIN IMMEDIATE');
    await run('UPDATE tills SET sale_seq = sale_seq + 1 WHERE id = ?', [tillId]);
    const till = await get('SELECT sale_seq, sale_last_hash, grand_total, grand_total_abs, journal_key_no FROM tills WHERE id = ?', [tillId]);
    const now = new Date();
    const head = {
      tillId, number: till.sale_seq, ticketId: ticket.id, createdAt: now.toISOString(), businessDate: localDate(now), localTime: localDateTime(now),
      employeeId: employee, customerId: null, lineCount: ticket.lines.length, grossTotal: totals.grossTotal, discountTotal: totals.discountTotal,
      total: totals.total, taxTotal: totals.taxTotal, tenderedTotal: settlement.tendered, changeGiven: settlement.change,
      ticketDiscount: describeDiscount(ticket.discount), grandTotal: till.grand_total + totals.total, grandTotalAbs: till.grand_total_abs + Math.abs(totals.total),
      lines: ticket.lines.map((l, i) => ({ ...l, lineNo: i + 1, gross: totals.lines[i].gross, lineDiscount: totals.lines[i].lineDiscount, ticketDiscount: totals.lines[i].ticketDiscount, total: totals.lines[i].total })),
      taxes: totals.vat, payments: settlement.payments.map((p, i) => ({ lineNo: i + 1, ...p })),
    };
    const hash = chainHash(till.sale_last_hash, canonicalSale(head));
    const sale = await run(
      'INSERT INTO sales (till_id, number, ticket_id, created_at, business_date, local_time, employee_id, customer_id, line_count, gross_total, discount_total, total, tax_total, tendered_total, change_given, ticket_discount, grand_total, grand_total_abs, prev_hash, hash, signature) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)',
      [tillId, head.number, head.ticketId, head.createdAt, head.businessDate, head.localTime, employee, null, head.lineCount, head.grossTotal, head.discountTotal, head.total, head.taxTotal, head.tenderedTotal, head.changeGiven, head.ticketDiscount, head.grandTotal, head.grandTotalAbs, till.sale_last_hash, hash, signer.sign(hash)],
    );
    const saleId = sale.lastID;
    await run(
      `INSERT INTO sale_lines (sale_id, line_no, article_id, code, name, category_id, unit, quantity, unit_price, list_price, tax_rate_bp, gross, line_discount, ticket_discount, total, cost, price_overridden, loyalty_points) VALUES ${head.lines.map(() => '(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)').join(',')}`,
      head.lines.flatMap((l) => [saleId, l.lineNo, l.articleId, l.code, l.name, l.categoryId, l.unit, l.quantity, l.unitPrice, l.listPrice, l.taxRateBp, l.gross, l.lineDiscount, l.ticketDiscount, l.total, l.cost, 0, l.loyaltyPoints]),
    );
    await run(`INSERT INTO sale_taxes (sale_id, rate_bp, total, tax, base) VALUES ${head.taxes.map(() => '(?,?,?,?,?)').join(',')}`, head.taxes.flatMap((t) => [saleId, t.rateBp, t.total, t.tax, t.base]));
    await run(`INSERT INTO payments (sale_id, line_no, method, amount, tendered, reference) VALUES ${head.payments.map(() => '(?,?,?,?,?,?)').join(',')}`, head.payments.flatMap((p) => [saleId, p.lineNo, p.method, p.amount, p.tendered, p.reference]));
    for (const l of [...head.lines].sort((a, b) => a.articleId - b.articleId)) {
      await run("INSERT INTO stock_moves (article_id, quantity, reason, sale_id, employee_id, till_id, note, created_at) VALUES (?,?,'sale',?,?,?,'',?)", [l.articleId, -l.quantity, saleId, employee, tillId, head.createdAt]);
      await run('UPDATE articles SET stock_qty = stock_qty - ?, changed_at = ? WHERE id = ?', [l.quantity, head.createdAt, l.articleId]);
    }
    await run('UPDATE tills SET sale_last_hash = ?, grand_total = ?, grand_total_abs = ? WHERE id = ?', [hash, head.grandTotal, head.grandTotalAbs, tillId]);
    await run('COMMIT');
    times.push(performance.now() - s);
  }
  const perSecond = (count * 1000) / (performance.now() - t0);
  await new Promise((res) => conn.close(res));
  return { p50: pct(times, 50), p99: pct(times, 99), perSecond, samples: count };
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
 * ({ scale, file }): right after the shop of that scale is generated, before
 * any measure writes to it, a copy goes to `file` (the till's measures run on
 * it: each scale is generated once a run); `kept` says whether it was made.
 */
export async function runDataBench(log = (line) => process.stdout.write(`${line}\n`), keep = null) {
  const { openCore } = await dist('src/core/shop/core.service.js');
  const { openDb } = await dist('src/core/basics/db.service.js');
  const { seedBusyShop, busyShopSizes } = await dist('db/seeds/busy-shop.js');
  const started = performance.now();
  const measures = { scales: {} };
  const rows = [];
  let kept = false;
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
      if (keep && keep.scale === scale) {
        // Everything into the main file first, then copied by another process:
        // closing a descriptor of the file here would drop this process's
        // SQLite locks on it (POSIX locks are per process).
        await core.knex.raw('PRAGMA wal_checkpoint(TRUNCATE)');
        const cp = spawnSync('cp', [file, keep.file], { stdio: ['ignore', 'ignore', 'pipe'] });
        if (cp.status !== 0) throw new Error(`cp ${file} ${keep.file}: ${cp.error?.message ?? cp.stderr}`);
        // The copy's tills sign with the same keys: their files go beside it (its default key folder), or the till would refuse to start.
        const keysBeside = join(dirname(keep.file), 'keys');
        if (core.journal.keyDir() !== keysBeside) {
          mkdirSync(keysBeside, { recursive: true, mode: 0o700 });
          const cpKeys = spawnSync('cp', ['-R', `${core.journal.keyDir()}/.`, keysBeside], { stdio: ['ignore', 'ignore', 'pipe'] });
          if (cpKeys.status !== 0) throw new Error(`cp keys: ${cpKeys.error?.message ?? cpKeys.stderr}`);
        }
        kept = true;
      }
      m.reports = await reports(core, file);
      m.saleSqlite = await completeThroughCore(core, SALES, `bench-${scale}`);
      m.saleSqliteRaw = await completeRawSqlite(core, file, SALES);
      await core.close();
      core = null;
      const label = `${summary.articles} articles, ${summary.lines} lines`;
      rows.push([`busy shop ×${scale} (${label}): generated in`, seconds(seedMs)]);
      rows.push([`  sale (5 lines, cash) SQLite FULL, core p50 / p99, sales/s`, `${fmtMs(m.saleSqlite.p50)} / ${fmtMs(m.saleSqlite.p99)}, ${m.saleSqlite.perSecond.toFixed(0)}/s`]);
      rows.push([`  same sale, raw SQL via sqlite3 driver (floor)`, `${fmtMs(m.saleSqliteRaw.p50)} / ${fmtMs(m.saleSqliteRaw.p99)}, ${m.saleSqliteRaw.perSecond.toFixed(0)}/s`]);
      for (const [name, r] of Object.entries(m.reports)) {
        rows.push([`  ${name === 'journal' ? 'journal verify' : `sales by ${name}`} (year): core / sqlite3 shell`, `${seconds(r.coreMs)} / ${seconds(r.shellMs)}`]);
      }
      if (scale === SCALES[0]) {
        if (await pgAvailable(openDb)) {
          const schema = `bench_${process.pid}`;
          const pg = await openCore({ db: { engine: 'pg', location: PG_URL, searchPath: schema }, keyDir: join(dir, 'pg-keys') });
          try {
            t0 = performance.now();
            await seedBusyShop(pg, sizes);
            m.pgSeedMs = performance.now() - t0;
            m.salePg = await completeThroughCore(pg, SALES, `bench-pg-${scale}`);
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
