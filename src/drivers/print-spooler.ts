// The print spooler: every document goes to a persistent queue first, then to
// the printer, in the background. A failed print stays queued and is retried
// until the printer answers again; the till keeps selling meanwhile and the
// status bar shows the fault and how many documents wait.
import { describeStatus } from './printer-status.js';
import type { ReceiptPrinter } from './receipt-printer.js';

/** Where jobs wait: the database (core's PrintQueueService), never the driver's memory. */
export interface JobStore {
  enqueue(kind: string, bytes: Buffer, saleId: number | null): Promise<{ id: number }>;
  pending(): Promise<Array<{ id: number; bytes: Buffer }>>;
  countPending(): Promise<number>;
  markPrinted(id: number): Promise<void>;
  markFailed(id: number, error: string): Promise<void>;
}

export interface SpoolerState {
  description: string;
  ok: boolean;
  error: string | null;
  queued: number;
  /** from the printer's status, where it reports the drawer sensor */
  drawerOpen: boolean | null;
}

export class PrintSpooler {
  private current: SpoolerState;
  private listeners = new Set<(state: SpoolerState) => void>();
  /** Device work runs one thing at a time, in order: drains and drawer kicks. */
  private chain: Promise<void> = Promise.resolve();
  private drainQueued = false;
  private retryTimer: NodeJS.Timeout | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    readonly printer: ReceiptPrinter,
    private readonly store: JobStore,
    private readonly retryMs = 5000,
  ) {
    this.current = { description: printer.description, ok: true, error: null, queued: 0, drawerOpen: null };
  }

  get state(): SpoolerState {
    return this.current;
  }

  onChange(listener: (state: SpoolerState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private update(patch: Partial<SpoolerState>): void {
    this.current = { ...this.current, ...patch };
    for (const l of this.listeners) l(this.current);
  }

  /** Prints what an earlier run left in the queue. */
  async start(): Promise<void> {
    this.update({ queued: await this.store.countPending() });
    this.kick();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.retryTimer = null;
    this.pollTimer = null;
  }

  /** Asks the printer for its status every `everyMs` (printers that can answer only). */
  startPolling(everyMs: number): void {
    if (!this.printer.status || this.pollTimer || this.stopped) return;
    this.pollTimer = setInterval(() => void this.poll(), everyMs);
    this.pollTimer.unref();
    void this.poll();
  }

  /** One status query, in line with the device work; a healthy printer also restarts a waiting queue. */
  poll(): Promise<void> {
    const status = this.printer.status?.bind(this.printer);
    if (!status) return Promise.resolve();
    const run = this.chain.then(async () => {
      try {
        const s = await status();
        const problem = describeStatus(s);
        this.update({ ok: problem === null, error: problem, drawerOpen: s.drawerOpen });
        if (problem === null && this.current.queued > 0) this.kick();
      } catch (err) {
        this.update({ ok: false, error: err instanceof Error ? err.message : String(err) });
      }
    });
    this.chain = run;
    return run;
  }

  /** Queues a document (durably) and returns; printing happens in the background. */
  async submit(kind: string, bytes: Buffer, saleId: number | null = null): Promise<void> {
    await this.store.enqueue(kind, bytes, saleId);
    this.update({ queued: this.current.queued + 1 });
    this.kick();
  }

  /** Resolves when the device work asked for so far is done (tests, shutdown). */
  async idle(): Promise<void> {
    let seen: Promise<void> | null = null;
    while (seen !== this.chain) {
      seen = this.chain;
      await seen;
    }
  }

  private kick(): void {
    if (this.stopped || this.drainQueued) return;
    this.drainQueued = true;
    this.chain = this.chain.then(async () => {
      this.drainQueued = false;
      await this.drain().catch((err: unknown) => this.update({ ok: false, error: err instanceof Error ? err.message : String(err) }));
    });
  }

  private async drain(): Promise<void> {
    const jobs = await this.store.pending();
    for (const job of jobs) {
      try {
        await this.printer.print(job.bytes);
        await this.store.markPrinted(job.id);
        this.update({ ok: true, error: null, queued: Math.max(0, (await this.store.countPending())) });
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        await this.store.markFailed(job.id, error);
        this.update({ ok: false, error, queued: await this.store.countPending() });
        this.scheduleRetry();
        return;
      }
    }
    if (jobs.length === 0) this.update({ queued: 0 });
  }

  private scheduleRetry(): void {
    if (this.stopped || this.retryTimer) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.kick();
    }, this.retryMs);
    this.retryTimer.unref();
  }

  /**
   * Kicks the drawer now, in line with the device work (so before a receipt
   * submitted after it). Never queued for later: a drawer opening minutes
   * after the sale would surprise everyone. Resolves with the error, if any.
   */
  openDrawer(): Promise<Error | null> {
    const result = this.chain.then(async () => {
      try {
        await this.printer.openDrawer();
        return null;
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        this.update({ ok: false, error: error.message });
        return error;
      }
    });
    this.chain = result.then(() => undefined);
    return result;
  }
}
