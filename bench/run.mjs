// npm run bench: measures the till as a cashier feels it, each figure against
// its floor measured in the same run, alternating, and prints the table
// (bench/table.mjs), also written to bench/results.json; `node
// bench/table.mjs` then writes that table into docs/developer.md. Figures are
// measured, never asserted (speed is not part of `npm test`). Then several
// tills on one PostgreSQL server (bench/multitill.mjs, issue #22);
// BENCH_ONLY=multitill runs that part alone and merges it into results.json.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareDatabase } from './database.mjs';
import { measureTill } from './till.mjs';
import { runDataBench } from './data.mjs';
import { runMultiTillBench } from './multitill.mjs';
import { plainTable } from './table.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pos-bench-'));

const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? '', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version };

/** The multi-till figures (PostgreSQL), with their own date and machine: BENCH_ONLY=multitill runs them alone. */
async function multiTill() {
  process.stderr.write('multi-till measures (PostgreSQL)…\n');
  const began = performance.now();
  let measures;
  let rows;
  try {
    ({ measures, rows } = await runMultiTillBench());
  } catch (err) {
    // A broken multi-till run is an error of this figure, not the loss of the others.
    measures = { failed: err.message, errors: [err.message] };
    rows = [['multi-till (PostgreSQL)', `ERROR: ${err.stack ?? err.message}`]];
  }
  return { measures: { ...measures, date: new Date().toISOString(), durationS: (performance.now() - began) / 1000, machine }, rows };
}

const printRows = (title, rows) => {
  const width = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write(`${title}\n`);
  for (const [label, value] of rows) process.stdout.write(`${label.padEnd(width)}  ${value}\n`);
};

/** BENCH_ONLY=multitill: only the multi-till figures, merged into bench/results.json (the other figures stay those of the last full run). */
async function onlyMultiTill() {
  const path = join(ROOT, 'bench/results.json');
  let results = {};
  try {
    results = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    // no earlier run: a file with this figure only
  }
  const { measures, rows } = await multiTill();
  results.measures = { ...(results.measures ?? {}), multiTill: { ...measures, alone: true } };
  printRows(`Multi-till benchmark — ${machine.cpus} × ${machine.cpu}, ${machine.memoryGb} GiB, Node ${machine.node}`, rows);
  // Skipped (no PostgreSQL): the last measured figures stay.
  if (!measures.skipped) writeFileSync(path, `${JSON.stringify(results, null, 2)}\n`);
  if (measures.errors?.length) process.exitCode = 1;
}

async function main() {
  if (process.env.BENCH_ONLY === 'multitill') return onlyMultiTill();
  if (process.env.BENCH_ONLY) throw new Error(`BENCH_ONLY=${process.env.BENCH_ONLY}: only "multitill" is known`);
  const began = performance.now();
  // The data side first: it generates the busy shop at each scale of
  // BENCH_SCALES; a copy of each, made before any measure writes to it, is
  // what the till's measures run on (the name search on each, the rest on the
  // largest). With BENCH_DB, the till runs on that file only.
  const keep = (scale) => {
    if (process.env.BENCH_DB) return null;
    mkdirSync(join(dir, `shop-${scale}`));
    return join(dir, `shop-${scale}`, 'pos.sqlite3');
  };
  const data = await runDataBench((line) => process.stderr.write(`${line}\n`), keep);
  const kept = Object.entries(data.kept).sort(([a], [b]) => Number(a) - Number(b));
  const shops = kept.length
    ? kept.map(([, k]) => ({ label: `${k.articles.toLocaleString('en')} articles`, db: k.file }))
    : [{ label: 'till shop', db: prepareDatabase(dir).db }];
  const shop = kept.length ? `busy shop at ${kept.map(([s]) => s).join(', ')}` : process.env.BENCH_DB ? `BENCH_DB ${process.env.BENCH_DB}` : 'prepared shop';
  process.stderr.write('till measures…\n');
  const till = await measureTill({ shops, printer: join(dir, 'receipts.txt') });
  const multi = await multiTill();
  const results = { date: new Date().toISOString(), durationS: (performance.now() - began) / 1000, machine, shop, measures: { till, data: data.measures, multiTill: multi.measures } };

  process.stdout.write(`Till benchmark — ${machine.cpus} × ${machine.cpu}, ${machine.memoryGb} GiB, Node ${machine.node}; ${shop}\n`);
  process.stdout.write('(each timing stops when the screen shows the work done; floor and till samples alternate)\n');
  process.stdout.write(`${plainTable(results)}\n\nData side:\n`);
  const width = Math.max(...data.rows.map((r) => r[0].length));
  for (const [label, value] of data.rows) process.stdout.write(`${label.padEnd(width)}  ${value}\n`);
  printRows('\nSeveral tills on one PostgreSQL server:', multi.rows);
  writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  if (multi.measures.errors?.length) process.exitCode = 1;
}

main()
  .catch((err) => {
    process.stderr.write(`bench: ${err.stack ?? err.message}\n`);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
