// Where receipts wait when the till sells through an outage: the print queue
// lives in the server's database, so while it cannot be reached a receipt
// waits in memory instead (the sale itself is already durable in the local
// outbox, and can be reprinted). Jobs kept in memory have negative ids.
import { isConnectionLost } from '../core/basics/connection.js';
import type { JobStore, QueuedJob } from '../drivers/print-spooler.js';

export class OfflinePrintStore implements JobStore {
  private memory = new Map<number, Buffer>();
  private nextId = -1;

  constructor(private readonly server: () => JobStore, private readonly offline: () => boolean) {}

  async enqueue(kind: string, bytes: Buffer, saleId: number | null): Promise<{ id: number }> {
    if (!this.offline()) {
      try {
        return await this.server().enqueue(kind, bytes, saleId);
      } catch (err) {
        if (!isConnectionLost(err)) throw err;
      }
    }
    const id = this.nextId--;
    this.memory.set(id, bytes);
    return { id };
  }

  async pending(): Promise<QueuedJob[]> {
    const kept = [...this.memory].map(([id, bytes]) => ({ id, bytes }));
    return [...(await this.fromServer((s) => s.pending(), [])), ...kept];
  }

  async countPending(): Promise<number> {
    return (await this.fromServer((s) => s.countPending(), 0)) + this.memory.size;
  }

  async markSending(id: number): Promise<void> {
    if (id >= 0) await this.fromServer((s) => s.markSending(id), undefined);
  }

  async recoverInterrupted(): Promise<number> {
    return this.fromServer((s) => s.recoverInterrupted?.() ?? Promise.resolve(0), 0);
  }

  async markPrinted(id: number): Promise<void> {
    if (id < 0) this.memory.delete(id);
    else await this.fromServer((s) => s.markPrinted(id), undefined);
  }

  async markFailed(id: number, error: string, sent = false): Promise<void> {
    if (id >= 0) await this.fromServer((s) => s.markFailed(id, error, sent), undefined);
  }

  private async fromServer<T>(read: (store: JobStore) => Promise<T>, offlineValue: T): Promise<T> {
    if (this.offline()) return offlineValue;
    try {
      return await read(this.server());
    } catch (err) {
      if (isConnectionLost(err)) return offlineValue;
      throw err;
    }
  }
}
