// The till's once-a-minute check for automatic orders due to be sent
// (settings 'orders.autoSend' / 'orders.autoSendAt'): the same work as
// `pos orders auto-send` for shops without cron. It never disturbs the sale:
// a failure is swallowed (the next minute tries again), two checks never
// overlap, and the timer does not keep the process alive.
export class AutoSendTimer {
  private timer: ReturnType<typeof setInterval> | null = null;
  private running = false;

  constructor(
    private readonly sendDue: () => Promise<Array<{ order: { reference: string } }>>,
    private readonly onSent: (references: string[]) => void,
  ) {}

  start(everyMs: number): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.check(), everyMs);
    this.timer.unref();
  }

  /** One check; returns the references sent (and tells onSent when there are some). */
  async check(): Promise<string[]> {
    if (this.running) return [];
    this.running = true;
    try {
      const references = (await this.sendDue()).map((s) => s.order.reference);
      if (references.length > 0) this.onSent(references);
      return references;
    } catch {
      return [];
    } finally {
      this.running = false;
    }
  }

  /** whether the once-a-minute check is scheduled */
  get active(): boolean {
    return this.timer !== null;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }
}
