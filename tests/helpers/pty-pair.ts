// A pair of connected pseudo-terminals made by socat: the till opens one end
// as its serial device, the test writes to (or reads from) the other, exactly
// as a scanner or a printer on a serial cable would.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export class PtyPair {
  private proc: ChildProcess | null = null;
  constructor(readonly device: string, readonly peer: string) {}

  async start(): Promise<void> {
    this.proc = spawn('socat', [`pty,raw,echo=0,link=${this.device}`, `pty,raw,echo=0,link=${this.peer}`], { stdio: 'ignore' });
    const start = Date.now();
    while (!(existsSync(this.device) && existsSync(this.peer))) {
      if (Date.now() - start > 5000) throw new Error('socat did not create the pty pair');
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  async stop(): Promise<void> {
    const proc = this.proc;
    this.proc = null;
    if (!proc || proc.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      proc.once('exit', () => resolve());
      proc.kill('SIGTERM');
    });
    // socat removes its links when it exits.
    const start = Date.now();
    while (existsSync(this.device) && Date.now() - start < 2000) await new Promise((r) => setTimeout(r, 20));
  }
}
