// Every timer the till runs, started and stopped here: the printer's status
// poll, due automatic orders, the live poll of changes made elsewhere, and,
// with an offline file, the probe of the server and the catalogue copy.
import type { PrintSpooler } from '../drivers/print-spooler.js';
import type { AutoSendTimer } from './auto-send.js';

export interface TimerPlan {
  statusPollMs: number;
  /** null: the shop does not send orders automatically */
  autoSendPollMs: number | null;
  /** 0 or less: no live poll */
  livePollMs: number;
  /** null: the till has no offline file */
  offlineCacheMs: number | null;
}

export class TillTimers {
  private liveTimer: NodeJS.Timeout | null = null;
  private probeTimer: NodeJS.Timeout | null = null;
  private cacheTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly spooler: PrintSpooler,
    private readonly autoSend: AutoSendTimer,
    private readonly work: { poll: () => void; probe: () => void; copyCatalogue: () => void },
    private readonly offlineProbeMs: number,
  ) {}

  start(plan: TimerPlan): void {
    this.spooler.startPolling(plan.statusPollMs);
    // Only shops that use auto-send pay for the timer (turning it on takes effect at the next start).
    if (plan.autoSendPollMs !== null) this.autoSend.start(plan.autoSendPollMs);
    if (Number.isFinite(plan.livePollMs) && plan.livePollMs > 0 && !this.liveTimer) {
      this.liveTimer = setInterval(this.work.poll, Math.max(500, plan.livePollMs));
      this.liveTimer.unref();
    }
    if (plan.offlineCacheMs !== null && !this.cacheTimer) {
      this.cacheTimer = setInterval(this.work.copyCatalogue, plan.offlineCacheMs);
      this.cacheTimer.unref();
    }
  }

  /** While offline, the server is asked every few seconds whether it answers again. */
  startProbe(): void {
    if (this.probeTimer) return;
    this.probeTimer = setInterval(this.work.probe, this.offlineProbeMs);
    this.probeTimer.unref();
  }

  stopProbe(): void {
    if (this.probeTimer) clearInterval(this.probeTimer);
    this.probeTimer = null;
  }

  stop(): void {
    this.spooler.stop();
    this.autoSend.stop();
    this.stopProbe();
    for (const timer of [this.liveTimer, this.cacheTimer]) if (timer) clearInterval(timer);
    this.liveTimer = null;
    this.cacheTimer = null;
  }
}
