// npm run bench: measures the till as a cashier feels it and prints a table,
// also written to bench/results.json. Figures are measured, never asserted
// (speed is not part of `npm test`). Each measure lives in its own module;
// this file calls them (the data side generates the shop the till measures
// use) and writes the results.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareDatabase } from './database.mjs';
import { measureTill, tillRows } from './till.mjs';
import { runDataBench } from './data.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pos-bench-'));

async function main() {
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? '', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version };
  // The busy shop's data side first: generation, sale completion and reports
  // against their floors (bench/data.mjs). Without BENCH_DB, the shop it
  // generates at BENCH_SCALE is copied for the till's measures before it
  // writes to it: each scale is generated once a run.
  const scale = Number(process.env.BENCH_SCALE ?? '1');
  const tillDb = join(dir, 'pos.sqlite3');
  const data = await runDataBench((line) => process.stderr.write(`${line}\n`), process.env.BENCH_DB ? null : { scale, file: tillDb });
  const { db, shop } = data.kept ? { db: tillDb, shop: `busy shop, scale ${scale}` } : prepareDatabase(dir);
  const results = { machine, shop, measures: {} };
  const rows = [];

  results.measures.till = await measureTill({ db, printer: join(dir, 'receipts.txt') });
  rows.push(...tillRows(results.measures.till));
  results.measures.data = data.measures;
  rows.push(...data.rows.map(([label, value]) => [label, value, '']));

  const width = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write(`Till benchmark — ${machine.cpus} × ${machine.cpu}, ${machine.memoryGb} GiB, Node ${machine.node}; ${shop}\n`);
  process.stdout.write(`(a frame is complete when the till then writes nothing for 15 ms; that wait is not counted)\n`);
  process.stdout.write(`${'measure'.padEnd(width)}  ${'p50'.padStart(10)}  ${'p99'.padStart(10)}\n`);
  for (const [label, p50, p99] of rows) process.stdout.write(`${label.padEnd(width)}  ${p50.padStart(10)}  ${p99.padStart(10)}\n`);
  writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
}

main()
  .catch((err) => {
    process.stderr.write(`bench: ${err.message}\n`);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
