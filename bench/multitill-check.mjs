// The pure parts of the multi-till bench (bench/multitill.mjs): whether a run
// left the shop right, and the figures of its samples.
import { summarize, ratio } from './stats.mjs';

/**
 * What is wrong after one run of N tills (an empty list when all is right):
 * - every till committed its `expected` sales, numbered 1..expected once each
 *   (its own numbering, whatever the others did), as it reported them and as
 *   the database holds them (`dbSales`: { till, count, distinct, max } a till);
 * - each article's stock = its stock before − the units the tills reported
 *   selling, and its stock moves of the run say the same (`moved`: id → sum of
 *   the run's move quantities, negative for a sale);
 * - every till's journal chain verifies (`verified`: till → ok).
 */
export function runErrors({ expected, reports, dbSales, stockBefore, stockAfter, moved, verified }) {
  const errors = [];
  const sold = {};
  for (const r of reports) {
    const numbers = r.numbers ?? [];
    if (numbers.length !== expected) errors.push(`till ${r.till}: ${numbers.length} sales committed of ${expected}`);
    const sorted = [...numbers].sort((a, b) => a - b);
    if (new Set(numbers).size !== numbers.length) errors.push(`till ${r.till}: a sale number repeats`);
    else if (sorted.some((n, i) => n !== i + 1)) errors.push(`till ${r.till}: its numbers are not 1..${numbers.length}`);
    for (const [id, qty] of Object.entries(r.sold ?? {})) sold[id] = (sold[id] ?? 0) + qty;
    const db = dbSales.find((d) => d.till === r.till);
    if (!db || db.count !== expected) errors.push(`till ${r.till}: the database holds ${db?.count ?? 0} of its sales, not ${expected}`);
    else if (db.distinct !== db.count || db.max !== expected) errors.push(`till ${r.till}: the database numbers its sales wrongly (${db.distinct} distinct, up to ${db.max})`);
    if (verified[r.till] !== true) errors.push(`till ${r.till}: its journal chain does not verify`);
  }
  for (const id of Object.keys({ ...stockBefore, ...sold })) {
    const want = (stockBefore[id] ?? 0) - (sold[id] ?? 0);
    if (stockAfter[id] !== want) errors.push(`article ${id}: stock ${stockAfter[id]}, expected ${want} (${stockBefore[id]} − ${sold[id] ?? 0} sold)`);
    if ((moved[id] ?? 0) !== -(sold[id] ?? 0)) errors.push(`article ${id}: the run's stock moves say ${-(moved[id] ?? 0)} sold, the tills ${sold[id] ?? 0}`);
  }
  return errors;
}

/**
 * p50 / p99 of every commit of the runs of one kind (till or floor) at N
 * tills, and the throughput: the sales of all its runs over their wall time
 * (a run lasts until its slowest till's last commit), and per till.
 */
export function concurrentFigures(runs, tills) {
  const samples = runs.flatMap((run) => run.flatMap((r) => r.samples));
  const wallMs = runs.reduce((sum, run) => sum + Math.max(...run.map((r) => r.elapsedMs)), 0);
  const perSecond = wallMs > 0 ? (samples.length * 1000) / wallMs : NaN;
  return { ...summarize(samples), perSecond, perTill: perSecond / tills };
}

/** How a figure at N tills compares with 1 till: p50, p99 and throughput per till, each N / 1. */
export const growth = (atN, atOne) => ({ p50: ratio(atN.p50, atOne.p50), p99: ratio(atN.p99, atOne.p99), perTill: ratio(atN.perTill, atOne.perTill) });
