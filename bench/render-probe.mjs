// What the till writes to its terminal, key by key (issue #19, "draw only what
// changed"): the bundled `pos` in a real 80x24 pseudo-terminal on a demo shop,
// a 40-line ticket, then N digits typed on the input line and M scans. For
// each key and scan: bytes written, frames (Ink wraps each frame in a
// synchronized-update pair, ESC[?2026h … ESC[?2026l), time to the first
// complete frame and to the last byte before the terminal goes quiet.
//
//   node bench/render-probe.mjs [path/to/bin/pos …]
//
// With several programs (e.g. a copy of bin/pos and dist/bundle from before a
// change), rounds alternate between them so the machine's load falls on all
// alike. PROBE_KEYS (200), PROBE_SCANS (60), PROBE_ROUNDS (3); PROBE_PROFILE=dir
// runs each program under --cpu-prof and writes its profile there.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pct } from './till.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const PROGRAMS = process.argv.slice(2).length ? process.argv.slice(2).map((p) => resolve(p)) : [join(ROOT, 'bin/pos')];
const KEYS = Number(process.env.PROBE_KEYS ?? 200);
const SCANS = Number(process.env.PROBE_SCANS ?? 60);
const ROUNDS = Number(process.env.PROBE_ROUNDS ?? 3);
const PROFILE_DIR = process.env.PROBE_PROFILE;
const QUIET_MS = 40; // the till has finished with a key when it has written nothing for this long
const BSU = '\u001b[?2026h';
const ESU = '\u001b[?2026l';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const count = (text, part) => text.split(part).length - 1;

function startTill(pos, db, printer) {
  const env = { ...process.env, TERM: 'xterm-256color', COLUMNS: '80', LINES: '24' };
  delete env.CI;
  const nodeArgs = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
  const argv = [process.execPath, ...nodeArgs, pos, '--db', db, '--printer', `file:${printer}`];
  const child = spawn('script', ['-qfec', `stty cols 80 rows 24; exec ${argv.map((a) => JSON.stringify(a)).join(' ')}`, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise((r) => child.on('exit', r));
  let text = '';
  let bytes = 0;
  let lastAt = 0;
  let firstFrameAt = 0;
  child.stdout.on('data', (chunk) => {
    const now = performance.now();
    lastAt = now;
    bytes += chunk.length;
    text += chunk.toString('latin1');
    if (!firstFrameAt && text.includes(ESU)) firstFrameAt = now;
  });
  return {
    exited,
    child,
    async waitFor(marker, timeout = 60_000) {
      const t0 = performance.now();
      while (!text.includes(marker)) {
        if (performance.now() - t0 > timeout) throw new Error(`timed out waiting for « ${marker} »`);
        await sleep(2);
      }
    },
    /** Sends input and waits until the till has been quiet for QUIET_MS after its first frame. */
    async measure(input) {
      text = '';
      bytes = 0;
      firstFrameAt = 0;
      lastAt = 0;
      const t0 = performance.now();
      child.stdin.write(input);
      while (!firstFrameAt || performance.now() - lastAt < QUIET_MS) {
        if (performance.now() - t0 > 10_000) break;
        await sleep(1);
      }
      return { bytes, frames: count(text, BSU), firstFrame: firstFrameAt - t0, last: lastAt - t0 };
    },
  };
}

function pos(program, args) {
  const r = spawnSync(process.execPath, [program, ...args], { encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`pos ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

async function round(program, dir) {
  const db = join(dir, `shop-${Math.random().toString(36).slice(2)}.sqlite`);
  pos(program, ['db', 'seed', '--demo', '--db', db]);
  const plus = JSON.parse(pos(program, ['articles', 'list', '--format', 'json', '--db', db]))
    .filter((a) => a.active && a.unit === 'unit' && a.price > 0)
    .map((a) => a.plu);
  const till = startTill(program, db, join(dir, 'printer.out'));
  await till.waitFor('Code PIN');
  await sleep(300);
  await till.measure('0000\r');
  await till.waitFor('TICKET');
  for (let i = 0; i < 40; i++) await till.measure(`${plus[i % plus.length]}\r`);
  const keys = [];
  for (let i = 0; i < KEYS; i++) {
    keys.push(await till.measure(String(i % 10)));
    if (i % 10 === 9) await till.measure('\u001b');
  }
  const scans = [];
  for (let i = 0; i < SCANS; i++) scans.push(await till.measure(`${plus[(i + 40) % plus.length]}\r`));
  if (PROFILE_DIR) {
    // A clean exit writes the profile: log out (Ctrl+L), then Ctrl+C on the login screen.
    await till.measure('\u000c');
    till.child.stdin.write('\u0003');
    await Promise.race([till.exited, sleep(5000)]);
  }
  till.child.kill('SIGKILL');
  await till.exited;
  return { keys, scans };
}

const summary = (samples) => ({
  bytesP50: pct(samples.map((s) => s.bytes), 50),
  framesMean: +(samples.reduce((a, s) => a + s.frames, 0) / samples.length).toFixed(2),
  firstFrameP50: +pct(samples.map((s) => s.firstFrame), 50).toFixed(1),
  firstFrameP99: +pct(samples.map((s) => s.firstFrame), 99).toFixed(1),
  lastByteP50: +pct(samples.map((s) => s.last), 50).toFixed(1),
  lastByteP99: +pct(samples.map((s) => s.last), 99).toFixed(1),
  samples: samples.length,
});

const dir = mkdtempSync(join(tmpdir(), 'pos-render-probe-'));
const results = new Map(PROGRAMS.map((p) => [p, { keys: [], scans: [] }]));
try {
  for (let r = 0; r < ROUNDS; r++) {
    for (const program of r % 2 ? [...PROGRAMS].reverse() : PROGRAMS) {
      const { keys, scans } = await round(program, dir);
      results.get(program).keys.push(...keys);
      results.get(program).scans.push(...scans);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
for (const [program, { keys, scans }] of results) {
  console.log(program);
  console.log('  key  ', JSON.stringify(summary(keys)));
  console.log('  scan ', JSON.stringify(summary(scans)));
}
