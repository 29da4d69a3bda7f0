// The till's start-up, as the screen sees it. The login screen is drawn as
// soon as the program has loaded, before the database is open (on an old PC
// that opening is most of the start): the keys typed meanwhile are kept and
// given to the session, in order, once it has started. Until then the screen
// says what the till is doing.
import type { KeyEvent } from './keys.js';
import type { TillSession } from '../till/session.js';

export type StartingStep = 'opening' | 'seeding';

export class TillStart {
  private session: TillSession | null = null;
  private step: StartingStep = 'opening';
  private kept: KeyEvent[] = [];
  private readonly listeners = new Set<() => void>();

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getSession = (): TillSession | null => this.session;

  getStep = (): StartingStep => this.step;

  /** Keys typed at the till: kept while it starts, the session's once it has started. */
  keys(events: KeyEvent[]): void {
    if (this.session) void this.session.feed(events);
    else this.kept.push(...events);
  }

  /** What the start is busy with, said on the login screen. */
  busyWith(step: StartingStep): void {
    this.step = step;
    this.tell();
  }

  /** The session has started: the screen becomes the till's, and the keys kept go to it. */
  ready(session: TillSession): void {
    this.session = session;
    const kept = this.kept;
    this.kept = [];
    this.tell();
    if (kept.length > 0) void session.feed(kept);
  }

  private tell(): void {
    for (const l of this.listeners) l();
  }
}
