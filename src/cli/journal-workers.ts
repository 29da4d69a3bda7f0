// `pos journal verify` on two cores: the sales are checked in ranges
// (core/fiscal/journal-sale-ranges.service.ts) by worker threads, each on its
// own connection to the database, while the main thread joins the ranges in
// order. A worker is this same program (bin/pos) started in a thread with a
// task (main.ts hands it to serveJournalRanges). A range a worker cannot
// check (it failed to start, or to open the database) is checked on the
// main thread's connection: the verdict never depends on the threads.
import { availableParallelism } from 'node:os';
import { parentPort, Worker } from 'node:worker_threads';
import type { SaleRangeRunner } from '../core/fiscal/journal-chains.service.js';
import { openSaleRangeChecker } from '../core/fiscal/journal-range-checker.service.js';
import type { SaleRangeResult, SaleRangeTask } from '../core/fiscal/journal-sale-ranges.service.js';
import { JOURNAL_RANGES_TASK } from './journal-task.js';


/** Sales below which the threads' start (about a tenth of a second each) costs more than they save. */
const WORTH_IT_FROM_SALES = 10_000;

interface Request {
  id: number;
  task: SaleRangeTask;
}
type Answer = { id: number; result: SaleRangeResult } | { id: number; error: string };

export interface RangeWorkers {
  run(task: SaleRangeTask): Promise<SaleRangeResult>;
  /** ranges in flight at once: two per thread, so none waits between two */
  parallel: number;
  close(): Promise<void>;
}

/**
 * How many threads for a journal of `sales`: POS_VERIFY_WORKERS when set (0:
 * none), else two when the machine has two cores and the journal is big
 * enough to repay their start.
 */
export function verifyWorkerCount(sales: number): number {
  const asked = process.env.POS_VERIFY_WORKERS;
  if (asked !== undefined && asked !== '') return Math.max(0, Math.min(8, Math.trunc(Number(asked)) || 0));
  return availableParallelism() > 1 && sales >= WORTH_IT_FROM_SALES ? 2 : 0;
}

/** `count` threads running `script` (bin/pos), each opening `db` (the --db given to the command); `onMain` checks a range they cannot. */
export function startRangeWorkers(script: string, db: string | undefined, count: number, onMain: SaleRangeRunner): RangeWorkers {
  let nextId = 0;
  let turn = 0;
  const waiting = new Map<number, { worker: Worker; task: SaleRangeTask; resolve: (r: SaleRangeResult) => void; reject: (e: unknown) => void }>();
  const alive = new Set<Worker>();
  /** A thread that failed: its ranges go to the main thread. */
  const retire = (worker: Worker) => {
    if (!alive.delete(worker)) return;
    for (const [id, w] of waiting) {
      if (w.worker !== worker) continue;
      waiting.delete(id);
      onMain(w.task).then(w.resolve, w.reject);
    }
    void worker.terminate();
  };
  for (let i = 0; i < count; i++) {
    const worker = new Worker(script, { workerData: { posTask: JOURNAL_RANGES_TASK, db }, stdout: false, stderr: true });
    alive.add(worker);
    worker.on('message', (answer: Answer) => {
      const w = waiting.get(answer.id);
      if (!w) return;
      waiting.delete(answer.id);
      if ('result' in answer) w.resolve(answer.result);
      else onMain(w.task).then(w.resolve, w.reject); // its connection failed: the main thread's holds
    });
    worker.on('error', () => retire(worker));
    worker.on('exit', () => retire(worker));
  }
  return {
    parallel: Math.max(2, count * 2),
    run(task) {
      const workers = [...alive];
      if (workers.length === 0) return onMain(task);
      const worker = workers[turn++ % workers.length]!;
      return new Promise((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { worker, task, resolve, reject });
        worker.postMessage({ id, task } satisfies Request);
      });
    },
    async close() {
      const workers = [...alive];
      alive.clear();
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

/** In a worker thread: checks the ranges the main thread sends, on a connection of its own. */
export async function serveJournalRanges(db: string | undefined): Promise<void> {
  const port = parentPort;
  if (!port) throw new Error('serveJournalRanges runs in a worker thread');
  const checker = await openSaleRangeChecker(db);
  port.on('message', (request: Request) => {
    checker.check(request.task).then(
      (result) => port.postMessage({ id: request.id, result } satisfies Answer),
      (err: unknown) => port.postMessage({ id: request.id, error: (err as Error).message } satisfies Answer),
    );
  });
}
