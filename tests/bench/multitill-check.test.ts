// The multi-till bench's check of a run and its figures (bench/multitill-check.mjs,
// plain JavaScript, loaded by path). Speed itself is never asserted.
import { fileURLToPath } from 'node:url';

const load = () => import(fileURLToPath(new URL('../../bench/multitill-check.mjs', import.meta.url)));

// Two tills of two sales each, article 1 sold 3 units, article 2 one unit (in thousandths).
const rightRun = () => ({
  expected: 2,
  reports: [
    { till: 100, numbers: [1, 2], sold: { 1: 2000 } },
    { till: 101, numbers: [2, 1], sold: { 1: 1000, 2: 1000 } },
  ],
  dbSales: [
    { till: 100, count: 2, distinct: 2, max: 2 },
    { till: 101, count: 2, distinct: 2, max: 2 },
  ],
  stockBefore: { 1: 10000, 2: 500 },
  stockAfter: { 1: 7000, 2: -500 },
  moved: { 1: -3000, 2: -1000 },
  verified: { 100: true, 101: true },
});

describe('multi-till bench: the check of a run', () => {
  test('a right run has no error (stock below zero is allowed)', async () => {
    const { runErrors } = await load();
    expect(runErrors(rightRun())).toEqual([]);
  });

  test('a lost unit of stock, a repeated number, a missing sale and a broken chain are each named', async () => {
    const { runErrors } = await load();
    const lost = { ...rightRun(), stockAfter: { 1: 8000, 2: -500 } };
    expect(runErrors(lost)).toEqual(['article 1: stock 8000, expected 7000 (10000 − 3000 sold)']);

    const repeated = rightRun();
    repeated.reports[1].numbers = [1, 1];
    expect(runErrors(repeated)).toEqual(['till 101: a sale number repeats']);

    const missing = rightRun();
    missing.dbSales[0] = { till: 100, count: 1, distinct: 1, max: 1 };
    expect(runErrors(missing)).toEqual(['till 100: the database holds 1 of its sales, not 2']);

    const moves = { ...rightRun(), moved: { 1: -3000 } };
    expect(runErrors(moves)).toEqual(['article 2: the run\'s stock moves say 0 sold, the tills 1000']);

    const broken = { ...rightRun(), verified: { 100: true, 101: false } };
    expect(runErrors(broken)).toEqual(['till 101: its journal chain does not verify']);
  });

  test('figures: every commit in the percentiles, throughput over the runs\' wall time, growth against 1 till', async () => {
    const { concurrentFigures, growth } = await load();
    // Two runs of two tills: 8 sales in 1 + 3 seconds of wall time (each run lasts as long as its slowest till).
    const runs = [
      [{ samples: [10, 20], elapsedMs: 500 }, { samples: [30, 40], elapsedMs: 1000 }],
      [{ samples: [50, 60], elapsedMs: 3000 }, { samples: [70, 80], elapsedMs: 2000 }],
    ];
    const f = concurrentFigures(runs, 2);
    expect(f.samples).toBe(8);
    expect(f.p50).toBe(40);
    expect(f.p99).toBe(80);
    expect(f.perSecond).toBe(2);
    expect(f.perTill).toBe(1);
    expect(growth(f, { p50: 20, p99: 40, perTill: 4 })).toEqual({ p50: 2, p99: 2, perTill: 0.25 });
  });
});
