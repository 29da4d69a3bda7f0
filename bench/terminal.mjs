// A program in an 80x24 pseudo-terminal (util-linux `script`) whose output is
// fed into a headless terminal emulator (@xterm/headless), so a measure stops
// when the SCREEN shows a marker of the work done (the ticket line painted, the
// list shown, the echoed key), not when the program falls quiet. The screen is
// checked after each chunk is parsed, and the time kept is the arrival of the
// chunk that completed the marker: parsing and checking are not counted.
import { spawn } from 'node:child_process';
import xterm from '@xterm/headless';

export const COLS = 80;
export const ROWS = 24;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// A bench that fails midway must not leave its programs running.
const running = new Set();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export function startInPty(args, { env: extraEnv = {} } = {}) {
  const env = { ...process.env, TERM: 'xterm-256color', COLUMNS: String(COLS), LINES: String(ROWS), ...extraEnv };
  delete env.CI;
  const command = `stty cols ${COLS} rows ${ROWS}; exec ${[process.execPath, ...args].map((a) => JSON.stringify(a)).join(' ')}`;
  const term = new xterm.Terminal({ cols: COLS, rows: ROWS, allowProposedApi: true, scrollback: 0 });
  const started = performance.now();
  const child = spawn('script', ['-qfec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
  running.add(child);
  const exited = new Promise((r) => child.on('exit', () => (running.delete(child), r(performance.now()))));
  let waiter = null;
  let bytes = 0;
  let firstChunkAt = 0;
  const screen = () => {
    const buffer = term.buffer.active;
    const lines = [];
    for (let y = 0; y < ROWS; y++) lines.push(buffer.getLine(y)?.translateToString(true) ?? '');
    return lines;
  };
  child.stdout.on('data', (chunk) => {
    const at = performance.now();
    if (!firstChunkAt) firstChunkAt = at;
    bytes += chunk.length;
    term.write(chunk, () => {
      if (waiter && waiter.marker(screen())) {
        const w = waiter;
        waiter = null;
        w.resolve(at);
      }
    });
  });
  const waitForScreen = (marker, timeout, what) =>
    new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        waiter = null;
        reject(new Error(`timed out waiting for ${what}; screen:\n${screen().join('\n')}`));
      }, timeout);
      waiter = { marker, resolve: (at) => (clearTimeout(timer), resolve(at)) };
    });
  return {
    child,
    started,
    exited,
    screen,
    /** Resolves with the arrival time of the chunk after which the screen satisfied `marker` (lines → boolean). */
    async waitFor(marker, { timeout = 120_000, what = String(marker) } = {}) {
      if (marker(screen())) return performance.now();
      return waitForScreen(marker, timeout, what);
    },
    /**
     * Writes `input` and times it until the screen satisfies `marker`. The
     * marker must be false before the input (else it would time nothing).
     */
    async measure(input, marker, what = 'marker') {
      if (marker(screen())) throw new Error(`${what} is on screen before the input:\n${screen().join('\n')}`);
      const done = waitForScreen(marker, 20_000, what);
      bytes = 0;
      const t0 = performance.now();
      child.stdin.write(input);
      const at = await done;
      return { ms: at - t0, bytes };
    },
    async stop() {
      child.kill('SIGKILL');
      await exited;
      term.dispose();
    },
  };
}

export { sleep };
