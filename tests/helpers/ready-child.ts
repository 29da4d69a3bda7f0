// A fixture process that opens its core, says "ready" and waits for "go" on
// stdin: the test starts several, waits until all are ready, then lets them
// loose together, so they really work at the same moment (start-up takes
// longer than the work itself).
import { spawn } from 'node:child_process';

export interface ChildResult {
  code: number | null;
  /** what it printed after "ready" */
  stdout: string;
  stderr: string;
}

export interface ReadyChild {
  ready: Promise<void>;
  go(): void;
  done: Promise<ChildResult>;
}

export function startReadyChild(script: string, args: string[]): ReadyChild {
  const child = spawn(process.execPath, [script, ...args]);
  let stdout = '';
  let stderr = '';
  let ready!: () => void;
  const isReady = new Promise<void>((r) => (ready = r));
  child.stdout.on('data', (d) => {
    stdout += String(d);
    if (stdout.startsWith('ready\n')) ready();
  });
  child.stderr.on('data', (d) => (stderr += String(d)));
  const done = new Promise<ChildResult>((resolve) =>
    child.on('close', (code) => {
      ready(); // a child that died before "ready" must not hang the test
      resolve({ code, stdout: stdout.replace(/^ready\n/, ''), stderr });
    }),
  );
  return { ready: isReady, go: () => child.stdin.end('go\n'), done };
}

/** Starts them all, waits until each is ready, lets them go together and returns their results. */
export async function runTogether(children: ReadyChild[]): Promise<ChildResult[]> {
  await Promise.all(children.map((c) => c.ready));
  for (const c of children) c.go();
  return Promise.all(children.map((c) => c.done));
}
