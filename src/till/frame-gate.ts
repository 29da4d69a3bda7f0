// When the screen hears that the till's state changed. A key or a scan walks
// through several states (the code on the input line, the lookup's answer,
// the priced ticket); drawing each costs a frame, and Ink spaces frames at
// least 1/60 s apart, so the frame that matters (the new line) waited behind
// the ones nobody reads. While the till works on a key, changes are held and
// told once, when the work is done, or after `patienceMs` of work still
// running (a slow server, a printer), so a wait always shows. Changes made
// between keys (a timer, a device) are told at once.

export class FrameGate {
  private working = 0;
  private held = false;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly tell: () => void,
    private readonly patienceMs: number,
  ) {}

  changed(): void {
    if (this.working === 0) return this.tell();
    this.held = true;
    this.timer ??= setTimeout(() => {
      this.timer = null;
      this.release();
    }, this.patienceMs);
  }

  /** Holds the changes made by `work` until it ends (or the patience runs out). */
  async around<T>(work: () => Promise<T>): Promise<T> {
    this.working++;
    try {
      return await work();
    } finally {
      this.working--;
      if (this.working === 0) this.release();
    }
  }

  private release(): void {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (!this.held) return;
    this.held = false;
    this.tell();
  }
}
