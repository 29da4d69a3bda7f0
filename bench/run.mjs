// npm run bench: measures the till as a cashier feels it, each figure against
// its floor measured in the same run, alternating, and prints the table
// (bench/table.mjs), also written to bench/results.json; `node
// bench/table.mjs` then writes that table into docs/developer.md. Figures are
// measured, never asserted (speed is not part of `npm test`).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { prepareDatabase } from './database.mjs';
import { measureTill } from './till.mjs';
import { runDataBench } from './data.mjs';
import { plainTable } from './table.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'pos-bench-'));

async function main() {
  const began = performance.now();
  const machine = { cpus: cpus().length, cpu: cpus()[0]?.model ?? '', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version };
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
  const results = { date: new Date().toISOString(), durationS: (performance.now() - began) / 1000, machine, shop, measures: { till, data: data.measures } };

  process.stdout.write(`Till benchmark — ${machine.cpus} × ${machine.cpu}, ${machine.memoryGb} GiB, Node ${machine.node}; ${shop}\n`);
  process.stdout.write('(each timing stops when the screen shows the work done; floor and till samples alternate)\n');
  process.stdout.write(`${plainTable(results)}\n\nData side:\n`);
  const width = Math.max(...data.rows.map((r) => r[0].length));
  for (const [label, value] of data.rows) process.stdout.write(`${label.padEnd(width)}  ${value}\n`);
  writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
}

main()
  .catch((err) => {
    process.stderr.write(`bench: ${err.stack ?? err.message}\n`);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
