// Changing one stored byte of a completed sale, by raw SQL, must make
// `pos journal verify` fail at exactly that sale.
import type { Core } from '../../src/core/shop/core.service.js';
import { sellable } from '../../src/core/catalogue/article.js';
import { addLine, computeTotals } from '../../src/core/sales/ticket.js';
import { ENGINES, newTestDb, type TestDb } from '../helpers/engines.js';
import { runPos } from '../helpers/run-pos.js';
import { smallShop } from '../helpers/shop.js';

describe.each(ENGINES)('journal tampering on %s', (engine) => {
  let db: TestDb;
  let core: Core;
  const saleIds: number[] = [];

  beforeAll(async () => {
    db = newTestDb(engine);
    core = await db.core();
    const shop = await smallShop(core);
    for (let i = 0; i < 5; i++) {
      let t = core.tickets.create();
      t = addLine(t, sellable(shop.nutella), 1000 * (i + 1));
      t = addLine(t, sellable(shop.wine), 1000);
      const sale = await core.sales.complete(t, [{ method: 'card', amount: computeTotals(t).total }], shop.cashier.id);
      saleIds.push(sale.id);
    }
  });
  afterAll(async () => {
    await core.close();
    await db.cleanup();
  });

  const verify = () => runPos(['journal', 'verify', '--db', db.spec]);

  test('an untouched journal verifies', () => {
    const r = verify();
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('OK 5 sales');
  });

  test('--till filters one till and never registers a till that does not exist', async () => {
    const one = runPos(['journal', 'verify', '--till', '1', '--format', 'json', '--db', db.spec]);
    expect(one.code).toBe(0);
    expect(new Set(JSON.parse(one.stdout).chains.map((c: { tillId: number }) => c.tillId))).toEqual(new Set([1]));
    const none = runPos(['journal', 'verify', '--till', '7', '--format', 'json', '--db', db.spec]);
    expect(none.code).toBe(0);
    expect(JSON.parse(none.stdout).sales).toBe(0);
    expect(await core.knex('tills').where({ id: 7 }).first()).toBeUndefined();
  });

  test.each([
    ['the amount of sale 3', 'sales', 'total', 3, (v: unknown) => Number(v) + 1],
    ['a line name of sale 2', 'sale_lines', 'name', 2, (v: unknown) => `${String(v)}x`],
    ['the date of sale 4', 'sales', 'created_at', 4, (v: unknown) => `1999${String(v).slice(4)}`],
    ['a payment of sale 5', 'payments', 'method', 5, () => 'cash'],
    ['a VAT line of sale 1', 'sale_taxes', 'tax', 1, (v: unknown) => Number(v) - 1],
  ] as const)('changing %s breaks the chain at that sale', async (_label, table, column, number, change) => {
    const saleId = saleIds[number - 1]!;
    // One row only: the sale itself, or the first of its lines/payments/VAT lines.
    const key = table === 'sale_taxes' ? 'rate_bp' : table === 'sales' ? 'id' : 'line_no';
    const row = await core.knex(table).where(table === 'sales' ? { id: saleId } : { sale_id: saleId }).orderBy(key).first();
    const where = table === 'sales' ? { id: saleId } : { sale_id: saleId, [key]: row[key] };
    const original = row[column];
    await core.knex(table).where(where).update({ [column]: change(original) });
    try {
      const r = verify();
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(`ERREUR caisse 1, ventes : n° ${number} (id ${saleId})`);
      expect(r.stdout).not.toContain('OK ');
    } finally {
      await core.knex(table).where(where).update({ [column]: original });
    }
    expect(verify().code).toBe(0);
  });

  test('deleting the last sale is seen too', async () => {
    const lastId = saleIds[4]!;
    const snapshot = {
      sale: await core.knex('sales').where({ id: lastId }).first(),
      lines: await core.knex('sale_lines').where({ sale_id: lastId }),
      taxes: await core.knex('sale_taxes').where({ sale_id: lastId }),
      payments: await core.knex('payments').where({ sale_id: lastId }),
      moves: await core.knex('stock_moves').where({ sale_id: lastId }),
    };
    await core.knex.transaction(async (trx) => {
      for (const t of ['stock_moves', 'payments', 'sale_taxes', 'sale_lines']) await trx(t).where({ sale_id: lastId }).delete();
      await trx('sales').where({ id: lastId }).delete();
    });
    const r = verify();
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('fin de chaîne');
    await core.knex.transaction(async (trx) => {
      await trx('sales').insert(snapshot.sale);
      for (const [t, rows] of [['sale_lines', snapshot.lines], ['sale_taxes', snapshot.taxes], ['payments', snapshot.payments], ['stock_moves', snapshot.moves]] as const) {
        if (rows.length) await trx(t).insert(rows);
      }
    });
    expect(verify().code).toBe(0);
  });
});
