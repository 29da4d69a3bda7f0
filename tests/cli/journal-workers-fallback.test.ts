// The threads of `pos journal verify` (the real program, bin/pos, started as
// worker threads) check the ranges of sales on their own connections, on both
// engines; they are a help, never a condition: a thread that cannot start, or
// that does not see the database the check reads (a wrong or empty file),
// leaves its ranges to the main thread's connection.
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeTotals } from '../../src/core/sales/ticket.js';
import { startRangeWorkers } from '../../src/cli/journal-workers.js';
import { coreFixture } from '../helpers/shop.js';
import { POS_BIN } from '../helpers/run-pos.js';
import { ENGINES } from '../helpers/engines.js';

describe.each(ENGINES)('journal verify threads on %s', (engine) => {
  const fx = coreFixture(engine);
  beforeAll(async () => {
    for (let i = 0; i < 5; i++) {
      const sale = fx.ticketOf(['nutella', 1000]);
      await fx.core.sales.complete(sale, [{ method: 'cash', amount: computeTotals(sale).total }], fx.shop.cashier.id);
    }
  });

  test('check the ranges on their own connections (the main one here cannot)', async () => {
    const workers = startRangeWorkers(POS_BIN, fx.db.spec, 2, () => Promise.reject(new Error('the main thread was asked')));
    try {
      const report = await fx.core.journal.verify({ batch: 2, ranges: workers });
      expect(report.ok).toBe(true);
      expect(report.sales).toBe(5);
      // And a change is found by them: the third sale's line rewritten.
      const third = await fx.core.knex('sales').where({ number: 3 }).first('id');
      await fx.core.knex('sale_lines').where({ sale_id: third.id }).update({ name: 'Réécrit' });
      const tampered = await fx.core.journal.verify({ batch: 2, ranges: workers });
      expect(tampered.ok).toBe(false);
      expect(tampered.chains.find((c) => c.chain === 'sales')?.broken?.seq).toBe(3);
    } finally {
      await workers.close();
    }
  });
});

describe('journal verify threads that fail', () => {
  const fx = coreFixture('sqlite');
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pos-workers-fallback-'));
    for (let i = 0; i < 5; i++) {
      const sale = fx.ticketOf(['nutella', 1000]);
      await fx.core.sales.complete(sale, [{ method: 'cash', amount: computeTotals(sale).total }], fx.shop.cashier.id);
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a thread that cannot start: the main thread checks its ranges', async () => {
    const workers = startRangeWorkers(join(dir, 'no-such-program.mjs'), undefined, 2, fx.core.journal.checkSaleRange);
    try {
      const report = await fx.core.journal.verify({ batch: 2, ranges: workers });
      expect(report.ok).toBe(true);
      expect(report.sales).toBe(5);
    } finally {
      await workers.close();
    }
  });

  test('a thread on another database (here a new empty one) is not believed', async () => {
    const other = join(dir, 'other.sqlite3');
    writeFileSync(other, '');
    const workers = startRangeWorkers(POS_BIN, other, 2, fx.core.journal.checkSaleRange);
    try {
      const report = await fx.core.journal.verify({ batch: 2, ranges: workers });
      expect(report.ok).toBe(true);
      expect(report.sales).toBe(5);
    } finally {
      await workers.close();
    }
  });

  test("a thread on an older copy of the shop's database (its till head differs) is not believed", async () => {
    // The copy holds the 5 sales; the shop then makes 2 more. A thread reading the copy would find
    // the journal cut short at sale 6; its ranges are checked on the main connection instead.
    await fx.core.knex.raw('PRAGMA wal_checkpoint(TRUNCATE)');
    const older = join(dir, 'older.sqlite3');
    copyFileSync(fx.db.spec, older);
    for (let i = 0; i < 2; i++) {
      const sale = fx.ticketOf(['wine', 1000]);
      await fx.core.sales.complete(sale, [{ method: 'cash', amount: computeTotals(sale).total }], fx.shop.cashier.id);
    }
    const workers = startRangeWorkers(POS_BIN, older, 2, fx.core.journal.checkSaleRange);
    try {
      const report = await fx.core.journal.verify({ batch: 2, ranges: workers });
      expect(report.ok).toBe(true);
      expect(report.sales).toBe(7);
    } finally {
      await workers.close();
    }
  });
});
