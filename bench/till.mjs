// The terminal-side measures of `npm run bench`: the real `pos` binary in a
// real pseudo-terminal (util-linux `script`) at 80x24, as a cashier feels it.
// Every figure is measured here; run.mjs only prints and saves them.
//
// - start-up: process start to the till's first frame (the login screen), with
//   two floors measured the same way in the same run: `node -e 0` (to its
//   exit) and a minimal Ink program (floor-ink.mjs, to its first frame), as
//   is and bundled by scripts/bundle.mjs like the till;
// - resident memory of the till (VmRSS of the node process under `script`)
//   after start, after 1,000 scans and after the till then sat idle (BENCH_IDLE_S);
// - keystroke to frame on the sale screen with a 40-line ticket, bytes per key;
// - name search as you type: a key to the frame of the search list;
// - scan to line: a barcode burst (code + CR) to the painted ticket line.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundle } from '../scripts/bundle.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const POS = join(ROOT, 'bin/pos');
const FLOOR_INK = join(ROOT, 'bench/floor-ink.mjs');
const QUIET_MS = 15; // a frame is over when the program has written nothing for this long
const STARTS = 5;
const KEYS = Number(process.env.BENCH_KEYS ?? 300);
const SCANS = Number(process.env.BENCH_SCANS ?? 1000);
const PIN = process.env.BENCH_PIN ?? '0000';
// Right after a burst, RSS is mostly garbage V8 has not collected yet; an idle
// till gives it back when V8's memory reducer runs (about 40 s measured).
const IDLE_S = Number(process.env.BENCH_IDLE_S ?? 45);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** A program in an 80x24 pseudo-terminal, with helpers to wait for and time its output. */
function startInPty(args) {
  const env = { ...process.env, TERM: 'xterm-256color', COLUMNS: '80', LINES: '24' };
  delete env.CI;
  const command = `stty cols 80 rows 24; exec ${[process.execPath, ...args].map((a) => JSON.stringify(a)).join(' ')}`;
  const started = performance.now();
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((r) => child.on('exit', () => r(performance.now())));
  let buffer = '';
  let lastChunkAt = 0;
  let firstChunkAt = 0;
  let bytes = 0;
  child.stdout.on('data', (chunk) => {
    const now = performance.now();
    if (!firstChunkAt) firstChunkAt = now;
    lastChunkAt = now;
    bytes += chunk.length;
    buffer += chunk.toString('utf8');
    if (buffer.length > 200_000) buffer = buffer.slice(-100_000);
  });
  const waitQuiet = async (t0) => {
    while (!firstChunkAt || performance.now() - lastChunkAt < QUIET_MS) {
      if (performance.now() - t0 > 10_000) break;
      await sleep(1);
    }
  };
  return {
    child,
    started,
    exited,
    async waitFor(text, timeout = 120_000) {
      const t0 = performance.now();
      while (!buffer.includes(text)) {
        if (performance.now() - t0 > timeout) throw new Error(`timed out waiting for « ${text} »`);
        await sleep(1);
      }
      return performance.now();
    },
    /** Writes input and times it until the output (containing `marker`, if given) has been quiet for QUIET_MS. */
    async measure(input, marker) {
      buffer = '';
      firstChunkAt = 0;
      bytes = 0;
      const t0 = performance.now();
      child.stdin.write(input);
      if (marker) await this.waitFor(marker, 10_000);
      await waitQuiet(t0);
      return { first: firstChunkAt ? firstChunkAt - t0 : NaN, end: lastChunkAt - t0, bytes };
    },
    async settle() {
      await sleep(QUIET_MS * 4);
    },
    async stop() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

/** Resident memory (MiB) of the node process that `script` runs (script's own child). */
function tillRssMiB(scriptPid) {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const status = readFileSync(`/proc/${entry}/status`, 'utf8');
      if (!new RegExp(`^PPid:\\s+${scriptPid}$`, 'm').test(status)) continue;
      const kb = Number(/^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]);
      if (kb) return kb / 1024;
    } catch {
      // the process went away while we looked
    }
  }
  return NaN;
}

export const pct = (values, p) => {
  const sorted = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
};
const summary = (samples, key = 'end') => ({
  p50: pct(samples.map((s) => s[key]), 50),
  p99: pct(samples.map((s) => s[key]), 99),
  samples: samples.length,
});

/**
 * Articles to scan and words to search, read from the shop itself through the CLI,
 * spread over the whole catalogue (unit articles with a price: a scan adds them at once).
 */
function pickArticles(db) {
  const r = spawnSync(process.execPath, [POS, 'articles', 'list', '--format', 'json', '--db', db], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`pos articles list: ${r.stderr}`);
  const articles = JSON.parse(r.stdout).filter((a) => a.active && a.unit === 'unit' && a.price > 0);
  const step = Math.max(1, Math.floor(articles.length / 200));
  const sample = articles.filter((_, i) => i % step === 0).slice(0, 200);
  const words = [...new Set(sample.flatMap((a) => a.name.toLowerCase().split(/\s+/)).filter((w) => /^[a-z]{4,}$/.test(w)).map((w) => w.slice(0, 4)))];
  return { catalogueSize: articles.length, plus: sample.map((a) => a.plu), words };
}

/** Median time to the first frame (or exit) of a program in the pseudo-terminal. */
export async function startup(args, readyText, starts = STARTS) {
  const runs = [];
  for (let i = 0; i < starts; i++) {
    const p = startInPty(args);
    const at = readyText ? await p.waitFor(readyText) : await p.exited;
    runs.push(at - p.started);
    if (readyText) await p.stop();
  }
  return { p50: pct(runs, 50), runs };
}

export async function measureTill({ db, printer }) {
  const { catalogueSize, plus, words } = pickArticles(db);
  const tillArgs = [POS, '--db', db, '--printer', `file:${printer}`];
  const measures = { catalogueArticles: catalogueSize };

  // The till runs bundled (scripts/bundle.mjs): its fair Ink floor is the minimal program bundled the same way.
  const floorDir = mkdtempSync(join(tmpdir(), 'pos-floor-ink-'));
  await bundle(FLOOR_INK, floorDir);
  measures.startupMs = {
    nodeFloor: await startup(['-e', '0']),
    inkFloor: await startup([FLOOR_INK], 'floor-ink ready'),
    inkFloorBundled: await startup([join(floorDir, 'main.js')], 'floor-ink ready'),
    till: await startup(tillArgs, 'Code PIN'),
  };
  rmSync(floorDir, { recursive: true, force: true });

  const till = startInPty(tillArgs);
  await till.waitFor('Code PIN');
  await sleep(500);
  const rssAfterStart = tillRssMiB(till.child.pid);
  till.child.stdin.write(`${PIN}\r`);
  await till.waitFor('TICKET');
  await till.settle();
  // A 40-line ticket: different articles so lines don't merge.
  for (let i = 0; i < 40; i++) await till.measure(`${plus[i % plus.length]}\r`);
  await till.settle();

  const typing = [];
  for (let i = 0; i < KEYS; i++) {
    typing.push(await till.measure(String(i % 10)));
    if (i % 10 === 9) await till.measure('\u001b'); // Esc clears the line again
  }

  // Search as you type: from the second letter on, each key shows the list « query ».
  const searching = [];
  for (const word of words.slice(0, 40)) {
    await till.measure(word[0]);
    for (let n = 2; n <= word.length; n++) searching.push(await till.measure(word[n - 1], `« ${word.slice(0, n)} »`));
    await till.measure('\u001b');
  }

  const scans = [];
  for (let i = 0; i < SCANS; i++) scans.push(await till.measure(`${plus[(i + 40) % plus.length]}\r`));
  await till.settle();
  const rssAfterScans = tillRssMiB(till.child.pid);
  await sleep(IDLE_S * 1000);
  const rssAfterIdle = tillRssMiB(till.child.pid);
  await till.stop();

  measures.rssMiB = { afterStart: rssAfterStart, afterScans: rssAfterScans, afterIdle: rssAfterIdle, idleSeconds: IDLE_S, scans: SCANS };
  measures.keystroke = {
    firstByte: summary(typing, 'first'),
    frame: summary(typing),
    bytesPerKeyP50: pct(typing.map((t) => t.bytes), 50),
  };
  measures.search = summary(searching);
  measures.scanToLine = summary(scans.slice(0, 100));
  measures.scanToLineLongTicket = summary(scans.slice(-100));
  return measures;
}

const ms = (v) => (Number.isNaN(v) ? '—' : `${v.toFixed(1)} ms`);
const mib = (v) => (Number.isNaN(v) ? '—' : `${v.toFixed(0)} MiB`);

/** The table rows for these measures: [label, p50 or value, p99]. */
export function tillRows(m) {
  const s = m.startupMs;
  return [
    ['start-up: node -e 0 (floor, p50 of 5)', ms(s.nodeFloor.p50), ''],
    ['start-up: minimal Ink program (floor, p50 of 5)', ms(s.inkFloor.p50), ''],
    ['start-up: same, bundled like the till (floor, p50 of 5)', ms(s.inkFloorBundled?.p50 ?? NaN), ''],
    ['start-up: till to login screen (p50 of 5)', ms(s.till.p50), ''],
    ['resident memory after start', mib(m.rssMiB.afterStart), ''],
    [`resident memory after ${m.rssMiB.scans} scans`, mib(m.rssMiB.afterScans), ''],
    [`same, after ${m.rssMiB.idleSeconds} s idle`, mib(m.rssMiB.afterIdle), ''],
    ['keystroke → first byte of frame', ms(m.keystroke.firstByte.p50), ms(m.keystroke.firstByte.p99)],
    ['keystroke → frame complete (40-line ticket)', ms(m.keystroke.frame.p50), ms(m.keystroke.frame.p99)],
    ['bytes written per key', String(m.keystroke.bytesPerKeyP50), ''],
    ['name search: key → search list frame', ms(m.search.p50), ms(m.search.p99)],
    ['scan (burst + CR) → ticket line painted', ms(m.scanToLine.p50), ms(m.scanToLine.p99)],
    [`same, last 100 of ${m.rssMiB.scans} scans (long ticket)`, ms(m.scanToLineLongTicket.p50), ms(m.scanToLineLongTicket.p99)],
  ];
}
