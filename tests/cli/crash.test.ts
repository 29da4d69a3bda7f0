// SIGKILL while completing sales in a loop: afterwards there is no partial
// sale, the journal verifies, and stock equals its ledger.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Core } from '../../src/core/shop/core.service.js';
import { ENGINES, newTestDb, type TestDb } from '../helpers/engines.js';
import { smallShop } from '../helpers/shop.js';

const SELL_LOOP = fileURLToPath(new URL('../fixtures/sell-loop.mjs', import.meta.url));

function sellUntilKilled(spec: string, killAfter: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SELL_LOOP, spec], { stdio: ['ignore', 'pipe', 'pipe'] });
    let seen = 0;
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.stdout.on('data', (d: Buffer) => {
      seen += (String(d).match(/sold /g) ?? []).length;
      if (seen >= killAfter && !child.killed) child.kill('SIGKILL');
    });
    child.on('exit', (_code, signal) => {
      if (signal === 'SIGKILL') resolve(seen);
      else reject(new Error(`sell loop ended without being killed: ${stderr}`));
    });
  });
}

describe.each(ENGINES)('killed mid-sale on %s', (engine) => {
  let db: TestDb;
  let core: Core;
  beforeAll(async () => {
    db = newTestDb(engine);
    const setup = await db.core();
    await smallShop(setup);
    await setup.close();
  });
  afterAll(async () => {
    await core?.close();
    await db.cleanup();
  });

  test('no partial sale, a valid journal, stock equal to its moves', async () => {
    const reported = await sellUntilKilled(db.spec, 25);
    core = await db.core();
    const sales = await core.knex('sales').orderBy('number');
    // Every sale reported as done is there; one more may have committed before the kill.
    expect(sales.length).toBeGreaterThanOrEqual(reported);
    expect(sales.length).toBeLessThanOrEqual(reported + 1);
    for (const sale of sales) {
      const lines = await core.knex('sale_lines').where({ sale_id: sale.id });
      const payments = await core.knex('payments').where({ sale_id: sale.id });
      const moves = await core.knex('stock_moves').where({ sale_id: sale.id });
      expect(lines).toHaveLength(Number(sale.line_count));
      expect(lines.reduce((a, l) => a + Number(l.total), 0)).toBe(Number(sale.total));
      expect(payments.reduce((a, p) => a + Number(p.amount), 0)).toBe(Number(sale.total));
      expect(moves).toHaveLength(lines.length);
    }
    const report = await core.journal.verify();
    expect(report.ok).toBe(true);
    expect(report.sales).toBe(sales.length);
    for (const name of ['pate', 'bordeaux']) {
      const [article] = await core.catalog.search(name);
      expect(article!.stockQty).toBe(await core.stock.ledgerQuantity(article!.id));
    }
    // The ticket being rung up when the process died is still there (or was completed).
    const open = await core.knex('open_tickets').where({ status: 'open' });
    expect(open.length).toBeLessThanOrEqual(1);
  });
});
