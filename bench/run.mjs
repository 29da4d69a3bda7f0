// npm run bench: measures the till as a cashier feels it, on the real `pos`
// binary in a real pseudo-terminal (util-linux `script`), and prints a table
// (also written to bench/results.json). Figures are measured, never asserted.
//
// Measured today:
// - start-up: process start to the first frame of the login screen;
// - keystroke to frame on the sale screen (80x24, a 40-line ticket): time from
//   a key written to the terminal to the first byte of the new frame and to
//   the end of that frame, and the bytes written per key;
// - scan to line: a whole barcode burst (digits + CR) to the end of the frame
//   that shows the new ticket line.
// These run on the demo shop; the busy shop (100,000 articles, a year of
// sales) and its measures are in bench/data.mjs, called at the end.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runDataBench } from './data.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const POS = join(ROOT, 'bin/pos');
const QUIET_MS = 15; // a frame is over when the till has written nothing for this long
const KEYS = Number(process.env.BENCH_KEYS ?? 300);

const dir = mkdtempSync(join(tmpdir(), 'pos-bench-'));
const db = join(dir, 'pos.sqlite3');

function seed() {
  const r = spawnSync(process.execPath, [POS, 'db', 'seed', '--demo', '--days', '14', '--db', db], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr);
}

/** The till in a pseudo-terminal, with helpers to wait for output. */
function startTill() {
  const env = { ...process.env, TERM: 'xterm-256color', COLUMNS: '80', LINES: '24' };
  delete env.CI;
  const command = `stty cols 80 rows 24; exec ${JSON.stringify(process.execPath)} ${JSON.stringify(POS)} --db ${JSON.stringify(db)} --printer ${JSON.stringify(`file:${join(dir, 'receipts.txt')}`)}`;
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'inherit'] });
  let buffer = '';
  let lastChunkAt = 0;
  let firstChunkAt = 0;
  let bytes = 0;
  const started = performance.now();
  child.stdout.on('data', (chunk) => {
    const now = performance.now();
    if (!firstChunkAt) firstChunkAt = now;
    lastChunkAt = now;
    bytes += chunk.length;
    buffer += chunk.toString('utf8');
    if (buffer.length > 200_000) buffer = buffer.slice(-100_000);
  });
  const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
  return {
    child,
    started,
    async waitFor(text, timeout = 20000) {
      const t0 = performance.now();
      while (!buffer.includes(text)) {
        if (performance.now() - t0 > timeout) throw new Error(`timed out waiting for ${text}`);
        await sleep(2);
      }
      return performance.now();
    },
    /** Writes input and measures until the output has been quiet for QUIET_MS. */
    async measure(input) {
      firstChunkAt = 0;
      bytes = 0;
      const t0 = performance.now();
      child.stdin.write(input);
      while (!firstChunkAt || performance.now() - lastChunkAt < QUIET_MS) {
        if (performance.now() - t0 > 5000) break;
        await sleep(1);
      }
      return { first: firstChunkAt ? firstChunkAt - t0 : NaN, end: lastChunkAt - t0, bytes };
    },
    clear() {
      buffer = '';
    },
    async settle() {
      await sleep(QUIET_MS * 4);
    },
  };
}

const pct = (values, p) => {
  const sorted = [...values].filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
};
const ms = (v) => `${v.toFixed(1)} ms`;

async function main() {
  seed();
  const results = { machine: { cpus: cpus().length, cpu: cpus()[0]?.model ?? '', memoryGb: Math.round(totalmem() / 2 ** 30), node: process.version }, measures: {} };

  // Start-up: median of several runs, to the login screen.
  const startups = [];
  for (let i = 0; i < 5; i++) {
    const till = startTill();
    const at = await till.waitFor('Code PIN');
    startups.push(at - till.started);
    till.child.kill('SIGKILL');
    await new Promise((r) => till.child.on('exit', r));
  }
  results.measures.startupMs = { p50: pct(startups, 50), runs: startups };

  const till = startTill();
  await till.waitFor('Code PIN');
  till.child.stdin.write('0000\r');
  await till.waitFor('TICKET');
  await till.settle();
  // A 40-line ticket: alternate PLUs so lines don't merge.
  for (let i = 0; i < 40; i++) await till.measure(`${i % 2 ? 101 : 102}\r`);
  await till.settle();

  const typing = [];
  for (let i = 0; i < KEYS; i++) {
    typing.push(await till.measure(String(i % 10)));
    if (i % 10 === 9) typing.push(await till.measure('\u001b')); // Esc clears the line again
  }
  const scans = [];
  for (let i = 0; i < 50; i++) scans.push(await till.measure(`${i % 2 ? '103' : '104'}\r`));
  till.child.kill('SIGKILL');

  results.measures.keystroke = {
    firstByteP50: pct(typing.map((t) => t.first), 50),
    firstByteP99: pct(typing.map((t) => t.first), 99),
    frameEndP50: pct(typing.map((t) => t.end), 50),
    frameEndP99: pct(typing.map((t) => t.end), 99),
    bytesPerKeyP50: pct(typing.map((t) => t.bytes), 50),
    samples: typing.length,
  };
  results.measures.scanToLine = {
    frameEndP50: pct(scans.map((t) => t.end), 50),
    frameEndP99: pct(scans.map((t) => t.end), 99),
    samples: scans.length,
  };

  const k = results.measures.keystroke;
  const s = results.measures.scanToLine;
  const rows = [
    ['start-up to login screen (p50 of 5)', ms(results.measures.startupMs.p50)],
    ['keystroke → first byte of frame p50 / p99', `${ms(k.firstByteP50)} / ${ms(k.firstByteP99)}`],
    ['keystroke → frame complete p50 / p99', `${ms(k.frameEndP50)} / ${ms(k.frameEndP99)}`],
    ['bytes written per key (p50)', String(k.bytesPerKeyP50)],
    ['scan (burst + CR) → ticket line painted p50 / p99', `${ms(s.frameEndP50)} / ${ms(s.frameEndP99)}`],
  ];
  // The busy shop: generation, sale completion and reports (bench/data.mjs).
  const data = await runDataBench((line) => process.stderr.write(`${line}\n`));
  results.measures.data = data.measures;
  rows.push(...data.rows);

  const width = Math.max(...rows.map((r) => r[0].length));
  process.stdout.write(`Till benchmark — ${results.machine.cpus} × ${results.machine.cpu}, ${results.machine.memoryGb} GiB, Node ${results.machine.node}\n`);
  process.stdout.write(`(a frame is complete when the till then writes nothing for ${QUIET_MS} ms; that wait is not counted)\n`);
  for (const [label, value] of rows) process.stdout.write(`${label.padEnd(width)}  ${value}\n`);
  writeFileSync(join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
}

main()
  .catch((err) => {
    process.stderr.write(`bench: ${err.message}\n`);
    process.exitCode = 1;
  })
  .finally(() => rmSync(dir, { recursive: true, force: true }));
