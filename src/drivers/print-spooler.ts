// The print spooler: every document goes to a persistent queue first, then to
// the printer, in the background. A failed print stays queued and is retried
// every `retryMs` until the printer takes it; the till keeps selling
// meanwhile and the status bar shows the fault and how many documents wait.
//
// A job is marked printed only once the printer confirmed it (see
// tcp-printer.ts). Just before its first byte leaves, the job is marked as
// being sent: should the till die (or the link drop) before the
// confirmation, the store requeues it as uncertain (a sale's receipt comes
// back as a numbered, audited DUPLICATA: core/sale-duties.ts). A job that
// never left prints normally.
import { bytesMayHaveLeft } from './print-delivery.js';
import { DEFAULT_DRAWER_OPEN_LEVEL, describeStatus, type DrawerOpenLevel } from './printer-status.js';
import type { ReceiptPrinter } from './receipt-printer.js';

/** A queued job as the spooler sees it; empty bytes mean "render me" (a sale's receipt, see SpoolerOptions.render). */
export interface QueuedJob {
  id: number;
  bytes: Buffer;
  kind?: string;
  saleId?: number | null;
  /** the DUPLICATA number to print, 0 for the original */
  duplicate?: number;
}

/** Where jobs wait: the database (core's PrintQueueService), never the driver's memory. */
export interface JobStore {
  enqueue(kind: string, bytes: Buffer, saleId: number | null): Promise<{ id: number }>;
  pending(): Promise<QueuedJob[]>;
  countPending(): Promise<number>;
  /** bytes of this job are about to leave */
  markSending(id: number): Promise<void>;
  markPrinted(id: number): Promise<void>;
  /** `sent`: bytes may have reached the paper */
  markFailed(id: number, error: string, sent?: boolean): Promise<void>;
  /** requeues what a killed run left half-sent; run once before printing */
  recoverInterrupted?(): Promise<number>;
}

export interface SpoolerOptions {
  /** how long after a failed print the queue is tried again (default 1 s: a connection attempt is cheap) */
  retryMs?: number;
  /** turns a job with no bytes (a sale's receipt written by the sale's transaction) into bytes */
  render?: (job: QueuedJob) => Promise<Buffer>;
  /** the drawer sensor's polarity (setting drawer.openLevel) */
  drawerOpenLevel?: DrawerOpenLevel;
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
  private readonly retryMs: number;
  private readonly render?: (job: QueuedJob) => Promise<Buffer>;
  drawerOpenLevel: DrawerOpenLevel;

  constructor(
    readonly printer: ReceiptPrinter,
    private readonly store: JobStore,
    options: SpoolerOptions = {},
  ) {
    this.retryMs = options.retryMs ?? 1000;
    this.render = options.render;
    this.drawerOpenLevel = options.drawerOpenLevel ?? DEFAULT_DRAWER_OPEN_LEVEL;
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

  /**
   * Requeues what a killed run left half-sent, then prints what an earlier
   * run left in the queue. In line with the device work, so a send of this
   * run in flight (a till back online calls start again) is never taken for
   * an interrupted one.
   */
  start(): Promise<void> {
    const run = this.chain.then(async () => {
      try {
        await this.store.recoverInterrupted?.();
        this.update({ queued: await this.store.countPending() });
      } catch (err) {
        this.update({ ok: false, error: err instanceof Error ? err.message : String(err) });
      }
    });
    this.chain = run;
    this.kick();
    return run;
  }

  /** A job was queued by someone else (the sale's own transaction, a DUPLICATA ordered through the core): print it now. */
  wake(): void {
    this.update({ queued: this.current.queued + 1 });
    this.kick();
  }

  stop(): void {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.retryTimer = null;
    this.pollTimer = null;
  }

  private get canAskStatus(): boolean {
    return !!this.printer.status && this.printer.answersStatus !== false;
  }

  /** Asks the printer for its status every `everyMs` (printers that can answer only). */
  startPolling(everyMs: number): void {
    if (!this.canAskStatus || this.pollTimer || this.stopped) return;
    this.pollTimer = setInterval(() => void this.poll(), everyMs);
    this.pollTimer.unref();
    void this.poll();
  }

  /** One status query, in line with the device work; a healthy printer also restarts a waiting queue. */
  poll(): Promise<void> {
    if (!this.canAskStatus) return Promise.resolve();
    const status = this.printer.status!.bind(this.printer);
    const run = this.chain.then(async () => {
      try {
        const s = await status(this.drawerOpenLevel);
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
      await this.drain().catch((err: unknown) => {
        this.update({ ok: false, error: err instanceof Error ? err.message : String(err) });
        this.scheduleRetry();
      });
    });
  }

  private async drain(): Promise<void> {
    const jobs = await this.store.pending();
    for (const job of jobs) {
      if (this.stopped) return;
      let bytes = job.bytes;
      if (bytes.length === 0) {
        if (!this.render) continue; // a sale's receipt: only a till renders it
        bytes = await this.render(job);
      }
      // A printer that cannot say when its first byte leaves is recorded as sending before it starts.
      if (!this.printer.reportsSending) await this.store.markSending(job.id);
      try {
        await this.printer.print(bytes, { beforeSend: () => this.store.markSending(job.id) });
        await this.store.markPrinted(job.id);
        this.update({ ok: true, error: null, queued: await this.store.countPending() });
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        // (A printer that cannot tell counts a failure as nothing sent: only a death mid-send leaves it uncertain.)
        await this.store.markFailed(job.id, error, bytesMayHaveLeft(err));
        this.update({ ok: false, error, queued: await this.store.countPending() });
        this.scheduleRetry();
        return;
      }
    }
    this.update({ queued: await this.store.countPending() });
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
   * after the sale would surprise everyone (a kick owed to a sale is opened
   * with a key instead). Resolves with the error, if any.
   */
  openDrawer(): Promise<Error | null> {
    const result = this.chain.then(async () => {
      try {
        await this.printer.openDrawer();
        if (!this.current.ok && !this.canAskStatus) this.update({ ok: true, error: null });
        return null;
      } catch (err) {
        const error = err instanceof Error ? err : new Error(String(err));
        this.update({ ok: false, error: error.message });
        this.scheduleRetry();
        return error;
      }
    });
    this.chain = result.then(() => undefined);
    return result;
  }
}
