// The till killed at random moments right after the pay key, through the real
// `bin/pos` in tmux, printing to a TCP printer emulator: after a restart,
// every committed sale's receipt has arrived exactly once. A kill that fell
// while a receipt was on the wire (sent, not yet confirmed) may leave a part
// or all of it on paper: that receipt comes back as a numbered DUPLICATA
// (each interrupted send audited, reason uncertain-send), and never as a
// second original. Used by receipt-kill-sqlite and receipt-kill-pg.
import { mulberry32 } from '../../db/seeds/prng.js';
import { DEMO_ARTICLES } from '../../db/seeds/demo-data.js';
import type { Core } from '../../src/core/shop/core.service.js';
import { decodeEscPos } from '../helpers/escpos-decoder.js';
import type { TestDb } from '../helpers/engines.js';
import { PrinterEmulator } from '../helpers/printer-emulator.js';
import { runPosAsync } from '../helpers/run-pos.js';
import { TmuxTill } from '../helpers/tmux.js';
import { until } from '../helpers/until.js';

// Eight kills a run and engine; RECEIPT_KILL_COUNT=40 for a longer hunt. The
// delays are stratified (one in each eighth of 0-900 ms, at a random point in
// it), so every run covers the whole window that twenty uniform draws covered
// only on average: the send before, during and after the wire.
const KILLS = Math.max(1, Number(process.env.RECEIPT_KILL_COUNT) || 8);
const WINDOW_MS = 900;
const WAIT = 30_000;

export interface PrintedReceipt {
  sale: number;
  duplicate: boolean;
  /** ends with the paper cut: the whole receipt arrived */
  complete: boolean;
}

/** The receipts in the emulator's connections, by sale number. */
export function receiptsIn(jobs: Buffer[]): PrintedReceipt[] {
  const found: PrintedReceipt[] = [];
  for (const job of jobs) {
    const decoded = decodeEscPos(job);
    const head = decoded.lines.map((l) => /^Vente n° (\d+) /.exec(l)).find((m) => m !== null);
    if (!head) continue;
    found.push({
      sale: Number(head[1]),
      duplicate: decoded.lines.some((l) => l.includes('*** DUPLICATA')),
      complete: decoded.commands.some((c) => c.name === 'cut'),
    });
  }
  return found;
}

export async function killLoop(db: TestDb, seed: number): Promise<void> {
  const random = mulberry32(seed);
  // eslint-disable-next-line no-console
  console.log(`receipt kill loop on ${db.engine}: seed ${seed} (RECEIPT_KILL_SEED=${seed} replays it)`);
  const seeded = await runPosAsync(['db', 'seed', '--demo', '--days', '1', '--db', db.spec]);
  if (seeded.code !== 0) throw new Error(seeded.stderr);
  const emulator = new PrinterEmulator();
  await emulator.start();
  const article = DEMO_ARTICLES.find((a) => a.unit === 'unit' && a.plu)!;
  const core: Core = await db.core();
  const args = ['--db', db.spec, '--printer', `tcp://127.0.0.1:${emulator.port}?timeout=2000`, '--offline-db', 'none'];
  const tills: TmuxTill[] = [];
  const open = async (name: string) => {
    const till = new TmuxTill(name);
    tills.push(till);
    till.start(args);
    await till.waitFor('Code PIN', WAIT);
    return till;
  };
  try {
    const before = Number((await core.knex('sales').max({ n: 'number' }).first())?.n ?? 0);
    const delays: number[] = [];
    for (let i = 0; i < KILLS; i++) {
      const till = await open(`kill-${process.pid}-${i}`);
      till.type('0000');
      till.press('Enter');
      await till.waitFor('TICKET', WAIT);
      till.type(`${article.plu}\r`);
      await till.waitFor(article.name.slice(0, 12), WAIT);
      till.press('F12');
      await till.waitFor('À PAYER', WAIT);
      const delay = Math.floor(((i + random()) * WINDOW_MS) / KILLS);
      delays.push(delay);
      till.type('e'); // cash, the exact amount: the pay key
      await new Promise((r) => setTimeout(r, delay));
      process.kill(till.pid(), 'SIGKILL');
      till.stop();
    }
    // The last restart: it prints what the kills left.
    const last = await open(`kill-${process.pid}-last`);
    const committed = (await core.knex('sales').where('number', '>', before).orderBy('number').select('id', 'number')).map((r) => ({
      id: Number(r.id),
      number: Number(r.number),
    }));
    const pendingJobs = () => core.knex('print_jobs').whereIn('sale_id', committed.map((s) => s.id)).where({ status: 'pending' }).count({ n: '*' }).first();
    await until(async () => Number((await pendingJobs())?.n ?? 0) === 0, 'every receipt job printed', 60_000);
    last.stop();

    // A job for every committed sale, written with it.
    const jobs = await core.knex('print_jobs').whereIn('sale_id', committed.map((s) => s.id)).select('sale_id');
    expect(new Set(jobs.map((j) => Number(j.sale_id)))).toEqual(new Set(committed.map((s) => s.id)));
    const uncertain = new Map<number, number>();
    for (const e of await core.knex('audit_events').where({ kind: 'reprint' }).whereIn('sale_id', committed.map((s) => s.id)).select('sale_id', 'details')) {
      if (JSON.parse(String(e.details)).reason === 'uncertain-send') uncertain.set(Number(e.sale_id), (uncertain.get(Number(e.sale_id)) ?? 0) + 1);
    }
    const printed = receiptsIn(emulator.jobs);
    const report = committed.map((s) => {
      const mine = printed.filter((p) => p.sale === s.number && p.complete);
      return { sale: s.number, originals: mine.filter((p) => !p.duplicate).length, duplicates: mine.filter((p) => p.duplicate).length, uncertain: uncertain.get(s.id) ?? 0 };
    });
    // eslint-disable-next-line no-console
    console.log(`${db.engine}: ${committed.length} of ${KILLS} sales committed; delays ${delays.join(',')}; interrupted sends ${[...uncertain.values()].reduce((a, b) => a + b, 0)}`);
    expect(committed.length).toBeGreaterThan(0);
    for (const r of report) {
      const why = JSON.stringify(r);
      // Never two originals; the whole receipt reached the paper at least once.
      expect([why, r.originals <= 1]).toEqual([why, true]);
      expect([why, r.originals + r.duplicates >= 1]).toEqual([why, true]);
      // A DUPLICATA only after an audited interrupted send, at most one whole copy per such send
      // (a send cut again may leave only part of its copy); with none, exactly one original and no copy.
      expect([why, r.duplicates <= r.uncertain]).toEqual([why, true]);
      if (r.uncertain === 0) expect([why, r.originals, r.duplicates]).toEqual([why, 1, 0]);
    }
    // No receipt for a sale that did not commit.
    const numbers = new Set(committed.map((s) => s.number));
    expect(printed.filter((p) => p.sale > before && !numbers.has(p.sale))).toEqual([]);
  } finally {
    for (const t of tills) t.stop();
    await emulator.stop();
    await core.close();
  }
}

export function killSeed(): number {
  const fixed = Number(process.env.RECEIPT_KILL_SEED);
  return Number.isInteger(fixed) && fixed > 0 ? fixed : Math.floor(Math.random() * 2 ** 31) + 1;
}
