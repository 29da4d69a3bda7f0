// `pos journal verify` on two cores (src/cli/journal-workers.ts): ranges of
// sales checked by worker threads of the real program, each on its own
// connection, joined in order by the main thread. Its verdict must be the
// main thread's alone, whole or tampered, inside a range or where two join.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory, { type Knex } from 'knex';
import { runPos } from '../helpers/run-pos.js';

describe('pos journal verify with worker threads (SQLite)', () => {
  let dir: string;
  let shop: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pos-verify-workers-'));
    shop = join(dir, 'shop', 'pos.sqlite3');
    // About 1,900 sales a till: two ranges of 1,000 each.
    const seeded = runPos(['db', 'seed', '--busy', '--size', '0.01', '--db', shop]);
    expect(seeded.code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** A copy of the shop (with its keys), changed by `tamper`. */
  async function copyOf(name: string, tamper?: (knex: Knex) => Promise<unknown>): Promise<string> {
    const copy = join(dir, name, 'pos.sqlite3');
    cpSync(join(dir, 'shop'), join(dir, name), { recursive: true });
    if (tamper) {
      const knex = knexFactory({ client: 'sqlite3', connection: { filename: copy }, useNullAsDefault: true });
      try {
        await tamper(knex);
      } finally {
        await knex.destroy();
      }
    }
    return copy;
  }

  const verify = (db: string, workers: string) => {
    const r = runPos(['journal', 'verify', '--format', 'json', '--db', db], { POS_VERIFY_WORKERS: workers });
    return { code: r.code, report: JSON.parse(r.stdout) as { ok: boolean; sales: number; chains: Array<{ chain: string; tillId: number; count: number; broken: { seq: number; reason: string } | null }> } };
  };

  test('a whole journal: the same verdict with threads as without', async () => {
    const db = await copyOf('whole');
    const alone = verify(db, '0');
    const threads = verify(db, '2');
    expect(alone.code).toBe(0);
    expect(threads.code).toBe(0);
    expect(threads.report.sales).toBeGreaterThan(3000);
    expect(threads.report).toEqual(alone.report);
  });

  test.each([
    ['a line changed inside the second range', 1500, async (k: Knex) => {
      const sale = await k('sales').where({ till_id: 1, number: 1500 }).first('id');
      await k('sale_lines').where({ sale_id: sale.id }).update({ name: 'Réécrit' });
    }, 'empreinte différente'],
    ['the link of the first sale of the second range', 1001, async (k: Knex) => {
      await k('sales').where({ till_id: 1, number: 1001 }).update({ prev_hash: '0'.repeat(64) });
    }, 'lien rompu'],
    ['the first sale of the second range deleted', 1001, async (k: Knex) => {
      await k.raw('PRAGMA foreign_keys = OFF');
      await k('sales').where({ till_id: 1, number: 1001 }).del();
    }, 'manquante'],
  ])('%s: named at its sale, with threads as without', async (_what, number, tamper, reason) => {
    const db = await copyOf(`tampered-${number}-${reason.replace(/\W/g, '')}`, tamper);
    const alone = verify(db, '0');
    const threads = verify(db, '2');
    expect(threads.code).toBe(1);
    const broken = threads.report.chains.find((c) => c.chain === 'sales' && c.tillId === 1)?.broken;
    expect(broken?.seq).toBe(number);
    expect(broken?.reason).toContain(reason);
    expect(threads.report).toEqual(alone.report);
  });
});
