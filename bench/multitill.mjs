// The multi-till part of `npm run bench` (issue #22): several tills on one
// PostgreSQL server, each a process of its own (bench/multitill-child.mjs)
// opening its own core with its own till number, committing the same sale as
// the data bench (five lines, cash, stock, payment) as fast as it can,
// BENCH_MT_SALES sales a till, all started together (ready / go). For 1, 4 and
// 8 tills (BENCH_MT_TILLS), runs alternate floor, till, floor, till…
// (BENCH_MT_ROUNDS pairs): the floor is the same N processes running the same
// statements through the raw pg driver. After each run the shop is checked
// (every sale committed, numbers 1..n a till, stock = before − sold, moves
// alike, each till's chain verifies); a wrong run is an error in the output.
// With BENCH_MT_PROFILE=1 one more 8-till run times each statement.
// Everything happens in a schema of its own on POS_BENCH_PG_URL (default the
// local server's `test` database), dropped after. Without PostgreSQL the
// figure is skipped, with a line saying so.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { concurrentFigures, growth, runErrors } from './multitill-check.mjs';
import { ratio } from './stats.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const CHILD = fileURLToPath(new URL('./multitill-child.mjs', import.meta.url));
const PG_URL = process.env.POS_BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const TILL_COUNTS = (process.env.BENCH_MT_TILLS ?? '1,4,8').split(',').map(Number).filter((n) => n >= 1);
const SALES = Number(process.env.BENCH_MT_SALES ?? 100);
const ROUNDS = Number(process.env.BENCH_MT_ROUNDS ?? 2);
const POOL = Number(process.env.BENCH_MT_POOL ?? 10);
const PROFILE = process.env.BENCH_MT_PROFILE === '1';

const dist = (path) => import(join(ROOT, 'dist', path));

/** Starts one till process; resolves `ready` when it printed "ready", `done` with its JSON report. */
function startTill(job) {
  // BENCH_MT_CPU_PROF=<folder>: each till writes its V8 CPU profile there (Node refuses --cpu-prof in NODE_OPTIONS).
  const prof = process.env.BENCH_MT_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_MT_CPU_PROF}`] : [];
  const child = spawn(process.execPath, [...prof, CHILD, JSON.stringify(job)], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  let ready;
  const isReady = new Promise((r) => (ready = r));
  child.stdout.on('data', (d) => {
    stdout += String(d);
    if (stdout.startsWith('ready\n')) ready();
  });
  child.stderr.on('data', (d) => (stderr += String(d)));
  const done = new Promise((resolve) =>
    child.on('close', (code) => {
      ready(); // a till that died before "ready" must not hang the bench
      const text = stdout.replace(/^ready\n/, '').trim();
      if (code !== 0 || !text) resolve({ till: job.tillId, error: `till ${job.tillId} (${job.mode}) exited ${code}: ${stderr.trim().split('\n').slice(-3).join(' | ')}` });
      else resolve(JSON.parse(text));
    }),
  );
  return { ready: isReady, go: () => child.stdin.end('go\n'), done };
}

/**
 * Samples, every few milliseconds until stop(), what each till's server
 * process is doing (pg_stat_activity of the connections named `appName`):
 * running, waiting on a lock (which), on the WAL flush, or idle in its
 * transaction (the server waits for the till's next statement: the round
 * trip and the till's own work). Returns the share of samples of each.
 */
function sampleWaits(appName) {
  let running = true;
  const counts = {};
  const loop = (async () => {
    const { default: pg } = await import('pg');
    const client = new pg.Client({ connectionString: PG_URL });
    await client.connect();
    try {
      while (running) {
        const { rows } = await client.query("select state, wait_event_type, wait_event from pg_stat_activity where application_name = $1 and state <> 'idle'", [appName]);
        for (const r of rows) {
          const what = r.state === 'active' ? (r.wait_event_type ? `waiting: ${r.wait_event_type}/${r.wait_event}` : 'running') : r.state;
          counts[what] = (counts[what] ?? 0) + 1;
        }
        await new Promise((res) => setTimeout(res, 2));
      }
    } finally {
      await client.end();
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      return Object.fromEntries(Object.entries(counts).sort(([, a], [, b]) => b - a).map(([k, n]) => [k, n / total]));
    },
  };
}

async function pgAnswers() {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return null;
  } catch (err) {
    return err.message;
  } finally {
    await client.end().catch(() => {});
  }
}

/** Runs the multi-till measures; returns { measures, rows }. */
export async function runMultiTillBench(log = (line) => process.stderr.write(`${line}\n`)) {
  const unreachable = await pgAnswers();
  if (unreachable !== null) {
    return { measures: { skipped: `PostgreSQL not reachable at ${PG_URL}: ${unreachable}` }, rows: [['multi-till (PostgreSQL)', `not reachable at ${PG_URL}: skipped`]] };
  }
  const { openCore } = await dist('src/core/shop/core.service.js');
  const { seedDemo } = await dist('db/seeds/demo.js');
  const schema = `bench_mt_${process.pid}`;
  const keyDir = mkdtempSync(join(tmpdir(), 'pos-bench-mt-keys-'));
  const started = performance.now();
  const core = await openCore({ db: { engine: 'pg', location: PG_URL, searchPath: schema }, keyDir });
  const errors = [];
  try {
    await seedDemo(core, { days: 1 });
    // The shared pool: the first tracked, sold-by-unit articles.
    const pool = (await core.knex('articles').where({ track_stock: true, unit: 'unit', active: true }).orderBy('id').limit(POOL).select('id')).map((a) => Number(a.id));
    const stockOf = async () => Object.fromEntries((await core.knex('shop_articles').where({ shop_id: 1 }).whereIn('article_id', pool).select('article_id', 'stock_qty')).map((a) => [String(a.article_id), Number(a.stock_qty)]));
    let nextTill = 100;
    // The tills' connections carry a name of their own, so the profile's samples of pg_stat_activity see only them.
    const appName = `pos_bench_mt_${process.pid}`;
    const tillUrl = `${PG_URL}${PG_URL.includes('?') ? '&' : '?'}application_name=${appName}`;
    let waits = null;
    const oneRun = async (mode, tills, profile = false) => {
      const ids = Array.from({ length: tills }, () => nextTill++);
      const stockBefore = await stockOf();
      const children = ids.map((tillId) => startTill({ mode, url: tillUrl, schema, keyDir, tillId, sales: SALES, pool, profile }));
      await Promise.all(children.map((c) => c.ready));
      const sampling = profile ? sampleWaits(appName) : null;
      for (const c of children) c.go();
      const reports = await Promise.all(children.map((c) => c.done));
      if (sampling) waits = await sampling.stop();
      const failed = reports.filter((r) => r.error);
      const dbSales = (await core.knex('sales').whereIn('till_id', ids).groupBy('till_id')
        .select('till_id', core.knex.raw('count(*) as count'), core.knex.raw('count(distinct number) as distinct'), core.knex.raw('max(number) as max')))
        .map((r) => ({ till: Number(r.till_id), count: Number(r.count), distinct: Number(r.distinct), max: Number(r.max) }));
      const moved = Object.fromEntries((await core.knex('stock_moves').whereIn('till_id', ids).groupBy('article_id').select('article_id', core.knex.raw('sum(quantity) as q')))
        .map((r) => [String(r.article_id), Number(r.q)]));
      const verified = {};
      for (const id of ids) verified[id] = (await core.journal.verify({ tillId: id })).ok;
      const runErrs = [
        ...failed.map((r) => r.error),
        ...runErrors({ expected: SALES, reports: reports.map((r) => (r.error ? { till: r.till, numbers: [] } : r)), dbSales, stockBefore, stockAfter: await stockOf(), moved, verified }),
      ].map((e) => `${mode}, ${tills} till${tills > 1 ? 's' : ''}: ${e}`);
      errors.push(...runErrs);
      const wall = Math.max(...reports.map((r) => r.elapsedMs ?? 0));
      log(`  ${mode.padEnd(5)} ${tills} till(s): ${(reports.length * SALES * 1000 / wall).toFixed(0)} sales/s${runErrs.length ? `, ${runErrs.length} ERROR(S)` : ', checked'}`);
      return reports.filter((r) => !r.error);
    };
    const byTills = {};
    for (const tills of TILL_COUNTS) {
      log(`multi-till on PostgreSQL: ${tills} till(s), ${SALES} sales each, ${ROUNDS} rounds…`);
      const runs = { floor: [], till: [] };
      for (let round = 0; round < ROUNDS; round++) {
        runs.floor.push(await oneRun('floor', tills));
        runs.till.push(await oneRun('core', tills));
      }
      const till = concurrentFigures(runs.till, tills);
      const floor = concurrentFigures(runs.floor, tills);
      byTills[tills] = { till, floor, throughputRatio: ratio(till.perSecond, floor.perSecond) };
    }
    const one = byTills[Math.min(...TILL_COUNTS)];
    for (const figures of Object.values(byTills)) figures.growth = { till: growth(figures.till, one.till), floor: growth(figures.floor, one.floor) };
    let profile = null;
    if (PROFILE) {
      const tills = Math.max(...TILL_COUNTS);
      log(`profile: ${tills} tills, each statement timed…`);
      const reports = await oneRun('core', tills, true);
      profile = { tills, sales: reports.length * SALES, statements: {}, waits };
      for (const r of reports) {
        for (const [sql, s] of Object.entries(r.statements ?? {})) {
          const t = (profile.statements[sql] ??= { count: 0, ms: 0 });
          t.count += s.count;
          t.ms += s.ms;
        }
      }
      profile.commitMs = reports.flatMap((r) => r.samples).reduce((a, b) => a + b, 0);
    }
    const measures = { url: PG_URL.replace(/\/\/[^@/]*@/, '//'), salesPerTill: SALES, rounds: ROUNDS, pool: pool.length, byTills, errors, profile, totalMs: performance.now() - started };
    return { measures, rows: multiTillRows(measures) };
  } finally {
    await core.knex.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schema]).catch(() => undefined);
    await core.close().catch(() => undefined);
    rmSync(keyDir, { recursive: true, force: true });
  }
}

const fmt = (v) => (Number.isFinite(v) ? `${v < 100 ? v.toFixed(1) : v.toFixed(0)} ms` : '—');
const times = (v) => (Number.isFinite(v) ? `${v.toFixed(2)}×` : '—');

/** Printable lines of the multi-till figures (the table's rows are in bench/table.mjs). */
export function multiTillRows(m) {
  if (m.skipped) return [['multi-till (PostgreSQL)', `${m.skipped}: skipped`]];
  const rows = [];
  for (const [tills, f] of Object.entries(m.byTills)) {
    const one = (s) => `${fmt(s.p50)} / ${fmt(s.p99)}, ${s.perSecond.toFixed(0)}/s (${s.perTill.toFixed(0)}/s a till)`;
    rows.push([`${tills} till(s), PostgreSQL: core p50 / p99, sales/s`, one(f.till)]);
    rows.push([`  same, raw pg (floor)`, one(f.floor)]);
    rows.push([`  till / floor: p50, p99, throughput`, `${times(ratio(f.till.p50, f.floor.p50))}, ${times(ratio(f.till.p99, f.floor.p99))}, ${times(f.throughputRatio)}`]);
    rows.push([`  vs 1 till (core): p50, p99, throughput a till`, `${times(f.growth.till.p50)}, ${times(f.growth.till.p99)}, ${times(f.growth.till.perTill)}`]);
  }
  if (m.profile) {
    const total = m.profile.commitMs;
    const top = Object.entries(m.profile.statements).sort(([, a], [, b]) => b.ms - a.ms).slice(0, 8);
    rows.push([`profile, ${m.profile.tills} tills: share of commit time`, '']);
    for (const [sql, s] of top) rows.push([`  ${sql}`, `${((100 * s.ms) / total).toFixed(1)} % (${(s.ms / s.count).toFixed(2)} ms × ${s.count})`]);
    // BEGIN and COMMIT answer no query-response event: their wait is in the rest, with knex's and the core's own work.
    const statements = Object.values(m.profile.statements).reduce((a, s) => a + s.ms, 0);
    rows.push(['  the rest: BEGIN, COMMIT (its WAL flush), knex, pure work', `${((100 * (total - statements)) / total).toFixed(1)} %`]);
    if (m.profile.waits) {
      rows.push([`the tills' server processes, share of samples (pg_stat_activity)`, '']);
      for (const [what, share] of Object.entries(m.profile.waits).slice(0, 6)) rows.push([`  ${what}`, `${(100 * share).toFixed(1)} %`]);
    }
  }
  rows.push(['multi-till correctness', m.errors.length ? `ERROR: ${m.errors.length} problem(s): ${m.errors.slice(0, 5).join('; ')}` : 'every run checked: all sales, numbers 1..n a till, stock = before − sold, chains verify']);
  return rows;
}

// Alone: `node bench/multitill.mjs` (after `npm run build`) prints its rows.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  runMultiTillBench()
    .then(({ rows }) => {
      const width = Math.max(...rows.map((r) => r[0].length));
      for (const [label, value] of rows) process.stdout.write(`${label.padEnd(width)}  ${value}\n`);
    })
    .catch((err) => {
      process.stderr.write(`bench: ${err.stack ?? err.message}\n`);
      process.exitCode = 1;
    });
}
