// Drives the real `pos` binary in a real terminal: tmux at a fixed size, keys
// sent as a terminal sends them, the screen read back as text.
import { execFileSync } from 'node:child_process';
import { ROOT } from './run-pos.js';

export class TmuxTill {
  private readonly socket: string;
  constructor(readonly name: string, private readonly size = { columns: 80, rows: 24 }) {
    this.socket = `pos-e2e-${process.pid}-${name}`;
  }

  private tmux(...args: string[]): string {
    return execFileSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }

  /** The shell line running `pos` with these arguments (CI unset: Ink draws nothing interactive under CI=true). */
  private command(args: string[], env: Record<string, string>): string {
    const vars = Object.entries({ TERM: 'xterm-256color', LANG: 'C.UTF-8', ...env }).map(([k, v]) => `${k}=${v}`);
    const quoted = [process.execPath, `${ROOT}bin/pos`, ...args].map((a) => `'${a.replace(/'/g, "'\\''")}'`).join(' ');
    return `env -u CI ${vars.join(' ')} ${quoted}`;
  }

  /** Starts `pos` with these arguments in the terminal. */
  start(args: string[], env: Record<string, string> = {}): void {
    this.tmux('new-session', '-d', '-s', this.name, '-x', String(this.size.columns), '-y', String(this.size.rows), `cd '${ROOT}' && exec ${this.command(args, env)}`);
  }

  /** Starts `pos` like start(), but keeps the terminal after it ends, with "[exit N]" below: to read what a refused start printed. */
  startAndHold(args: string[], env: Record<string, string> = {}): void {
    this.tmux('new-session', '-d', '-s', this.name, '-x', String(this.size.columns), '-y', String(this.size.rows), `cd '${ROOT}' && ${this.command(args, env)}; echo "[exit $?]"; sleep 600`);
  }

  screen(): string {
    try {
      return this.tmux('capture-pane', '-p', '-t', this.name);
    } catch {
      return '';
    }
  }

  /** The screen with its SGR attributes (ESC [7m for inverse…): where a cursor is drawn. */
  styledScreen(): string {
    try {
      return this.tmux('capture-pane', '-p', '-e', '-t', this.name);
    } catch {
      return '';
    }
  }

  /** Literal text, written to the terminal in one go (a scanner's burst when it ends in \r). */
  type(text: string): void {
    this.tmux('send-keys', '-t', this.name, '-l', '--', text);
  }

  /** Named keys: Enter, Escape, F5, F12, Tab, Up, Down, BSpace, C-a … */
  press(...keys: string[]): void {
    this.tmux('send-keys', '-t', this.name, ...keys);
  }

  pid(): number {
    return Number(this.tmux('display-message', '-p', '-t', this.name, '#{pane_pid}').trim());
  }

  /** Types like a person into a labelled field: one key, then the field shows the text so far (once), then the next. */
  async typeKeys(label: string, text: string): Promise<void> {
    for (let i = 1; i <= text.length; i++) {
      this.type(text[i - 1]!);
      await this.waitFor(new RegExp(`${label} +${text.slice(0, i)}(?!\\S)`));
    }
  }

  async waitFor(text: string | RegExp, timeout = 15_000, read = () => this.screen()): Promise<string> {
    const start = Date.now();
    for (;;) {
      const screen = read();
      if (typeof text === 'string' ? screen.includes(text) : text.test(screen)) return screen;
      if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${String(text)}; the screen was:\n${screen}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  stop(): void {
    try {
      this.tmux('kill-server');
    } catch {
      /* already gone */
    }
  }
}
