// Two till processes (two cores of the machine) selling and receiving the
// same article at the same moment, on SQLite and PostgreSQL: the atomic
// update loses no unit, and the stock still equals the sum of its moves.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ENGINES, newTestDb, type TestDb } from '../helpers/engines.js';
import { smallShop } from '../helpers/shop.js';

const STOCK_LOOP = fileURLToPath(new URL('../fixtures/stock-loop.mjs', import.meta.url));
const ROUNDS = 25;

function runLoop(spec: string, tillId: number): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [STOCK_LOOP, spec, String(tillId), String(ROUNDS)]);
    let out = '';
    child.stdout.on('data', (d) => (out += String(d)));
    child.stderr.on('data', (d) => (out += String(d)));
    child.on('close', (code) => resolve({ code, out }));
  });
}

describe.each(ENGINES)('concurrent stock moves on %s', (engine) => {
  let db: TestDb;
  beforeAll(() => {
    db = newTestDb(engine);
  });
  afterAll(() => db.cleanup());

  test('two processes selling 1 and receiving 2, each 25 times: +50 units, in step with the ledger', async () => {
    let articleId = 0;
    let before = 0;
    for (const tillId of [1, 2]) {
      const core = await db.core({ tillId });
      try {
        if (tillId === 1) {
          const shop = await smallShop(core);
          articleId = shop.nutella.id;
          before = await core.stock.quantity(articleId);
        }
      } finally {
        await core.close();
      }
    }
    const results = await Promise.all([runLoop(db.spec, 1), runLoop(db.spec, 2)]);
    for (const r of results) expect(r).toEqual({ code: 0, out: 'done\n' });
    const core = await db.core();
    try {
      const after = await core.stock.quantity(articleId);
      expect(after).toBe(before + 2 * ROUNDS * 1000);
      expect(await core.stock.ledgerQuantity(articleId)).toBe(after);
      const moves = await core.stock.moves(articleId);
      expect(moves.filter((m) => m.reason === 'sale' && m.tillId === 2)).toHaveLength(ROUNDS);
    } finally {
      await core.close();
    }
  });
});
