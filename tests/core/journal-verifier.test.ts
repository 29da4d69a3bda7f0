// The journal verifier reads a till's sales in ranges of numbers, one range
// ahead of the hashing: with ranges of 5 sales over two tills whose sales
// interleave, every break must still be named at the sale where it is, with
// the same words, whether it falls inside a range, at its edge, or swallows a
// whole range.
import type { Core } from '../../src/core/shop/core.service.js';
import { sellable } from '../../src/core/catalogue/article.js';
import { addLine, computeTotals } from '../../src/core/sales/ticket.js';
import { ENGINES, newTestDb, type TestDb } from '../helpers/engines.js';
import { smallShop } from '../helpers/shop.js';

const SALES = 13;
const BATCH = 5;

describe.each(ENGINES)('journal verifier across batch edges on %s', (engine) => {
  let db: TestDb;
  let till1: Core;
  let till2: Core;
  /** sale ids of till 1, by number − 1 */
  const ids: number[] = [];

  beforeAll(async () => {
    db = newTestDb(engine);
    till1 = await db.core({ tillId: 1 });
    till2 = await db.core({ tillId: 2 });
    const shop = await smallShop(till1);
    for (let i = 0; i < SALES; i++) {
      for (const core of [till1, till2]) {
        let t = core.tickets.create();
        t = addLine(t, sellable(shop.nutella), 1000 * (i + 1));
        t = addLine(t, sellable(shop.wine), 1000);
        const sale = await core.sales.complete(t, [{ method: 'card', amount: computeTotals(t).total }], shop.cashier.id);
        if (core === till1) ids.push(sale.id);
      }
    }
  });
  afterAll(async () => {
    await till2.close();
    await till1.close();
    await db.cleanup();
  });

  const verify = () => till1.journal.verify({ batch: BATCH });
  const salesChain = async (tillId = 1) => (await verify()).chains.find((c) => c.chain === 'sales' && c.tillId === tillId)!;

  /** Takes sales of till 1 (by number) out with their rows, runs `check`, puts them back. */
  async function without(numbers: number[], check: () => Promise<void>): Promise<void> {
    const saleIds = numbers.map((n) => ids[n - 1]!);
    const tables = ['stock_moves', 'payments', 'sale_taxes', 'sale_lines'] as const;
    const sales = await till1.knex('sales').whereIn('id', saleIds);
    const rows = Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await till1.knex(t).whereIn('sale_id', saleIds)] as const)));
    await till1.knex.transaction(async (trx) => {
      for (const t of tables) await trx(t).whereIn('sale_id', saleIds).delete();
      await trx('sales').whereIn('id', saleIds).delete();
    });
    try {
      await check();
    } finally {
      await till1.knex.transaction(async (trx) => {
        await trx('sales').insert(sales);
        for (const t of [...tables].reverse()) if (rows[t]!.length) await trx(t).insert(rows[t]!);
      });
    }
  }

  /** Changes one column of the first row (line, VAT line, payment) of till 1's sale `number`, runs `check`, puts it back. */
  async function changed(table: string, number: number, column: string, value: unknown, check: () => Promise<void>): Promise<void> {
    const saleId = ids[number - 1]!;
    const order = table === 'sale_taxes' ? 'rate_bp' : table === 'sales' ? 'id' : 'line_no';
    const row = await till1.knex(table).where(table === 'sales' ? { id: saleId } : { sale_id: saleId }).orderBy(order).first();
    const key = table === 'sale_taxes' ? { sale_id: saleId, rate_bp: row.rate_bp } : { id: row.id };
    await till1.knex(table).where(key).update({ [column]: value });
    try {
      await check();
    } finally {
      await till1.knex(table).where(key).update({ [column]: row[column] });
    }
  }

  test('two interleaved tills, longer than several batches, verify', async () => {
    const report = await verify();
    expect(report.ok).toBe(true);
    expect(report.sales).toBe(2 * SALES);
    expect(report.chains.filter((c) => c.chain === 'sales').map((c) => [c.tillId, c.count])).toEqual([[1, SALES], [2, SALES]]);
    // the same as with one batch for all
    expect(await till1.journal.verify()).toEqual(report);
  });

  test.each([
    ['inside a batch', [7], 7, 8],
    ['at the end of a full batch', [10], 10, 11],
    ['at the start of a batch', [6], 6, 7],
    ['a whole batch', [6, 7, 8, 9, 10], 6, 11],
    ['more than a batch', [5, 6, 7, 8, 9, 10, 11], 5, 12],
  ])('a sale missing %s is named with the next one found', async (_label, numbers, missing, next) => {
    await without(numbers, async () => {
      const chain = await salesChain();
      expect(chain.broken).toEqual({ seq: missing, id: null, reason: `vente n° ${missing} manquante (suivante trouvée : n° ${next})` });
      expect(chain.count).toBe(missing - 1);
      // the other till is untouched
      expect((await salesChain(2)).broken).toBeNull();
    });
  });

  test('the last sales missing: the chain ends before the till says', async () => {
    await without([11, 12, 13], async () => {
      expect((await salesChain()).broken).toEqual({
        seq: 11,
        id: null,
        reason: `fin de chaîne différente de la caisse (dernière vente attendue n° ${SALES})`,
      });
    });
  });

  test('a sale past the end the till knows of is seen', async () => {
    await till1.knex('tills').where({ id: 1 }).update({ sale_seq: SALES - 1 });
    try {
      expect((await salesChain()).broken).toEqual({
        seq: SALES + 1,
        id: null,
        reason: `fin de chaîne différente de la caisse (dernière vente attendue n° ${SALES - 1})`,
      });
    } finally {
      await till1.knex('tills').where({ id: 1 }).update({ sale_seq: SALES });
    }
  });

  test('a line moved to the next sale is seen at the sale that lost it', async () => {
    const line = await till1.knex('sale_lines').where({ sale_id: ids[4]! }).orderBy('line_no').first();
    await till1.knex('sale_lines').where({ id: line.id }).update({ sale_id: ids[5]!, line_no: 99 });
    try {
      expect((await salesChain()).broken).toEqual({ seq: 5, id: ids[4]!, reason: 'nombre de lignes différent (1 au lieu de 2)' });
    } finally {
      await till1.knex('sale_lines').where({ id: line.id }).update({ sale_id: ids[4]!, line_no: line.line_no });
    }
  });

  test.each([
    ['sales', 'prev_hash', 'f'.repeat(64), 'lien rompu : empreinte précédente différente'],
    ['sales', 'ticket_discount', 'x', 'empreinte différente : la vente a été modifiée'],
    ['sale_lines', 'code', '999', 'empreinte différente : la vente a été modifiée'],
    ['sale_lines', 'price_overridden', true, 'empreinte différente : la vente a été modifiée'],
    ['sale_taxes', 'base', 0, 'empreinte différente : la vente a été modifiée'],
    ['payments', 'reference', 'x', 'empreinte différente : la vente a été modifiée'],
  ])('a changed %s.%s is named at its sale, at a batch edge', async (table, column, value, reason) => {
    await changed(table, 6, column, value, async () => {
      expect((await salesChain()).broken).toEqual({ seq: 6, id: ids[5]!, reason });
    });
  });

  if (engine === 'sqlite') {
    // SQLite keeps whatever it is given. A value within 1e-13 of the stored
    // amount, or bytes instead of text, are changes too.
    test('an amount changed by less than SQLite prints in JSON is seen', async () => {
      const row = await till1.knex('sale_lines').where({ sale_id: ids[2]! }).orderBy('line_no').first();
      const nearly = Number(row.total) - Number(row.total) * 2 ** -52;
      expect(nearly).not.toBe(Number(row.total));
      await changed('sale_lines', 3, 'total', nearly, async () => {
        expect((await salesChain()).broken).toEqual({ seq: 3, id: ids[2]!, reason: 'empreinte différente : la vente a été modifiée' });
      });
    });

    test('a text turned into other bytes is seen', async () => {
      await changed('sale_lines', 8, 'name', Buffer.from('Pâte à tartiner'), async () => {
        expect((await salesChain()).broken).toEqual({ seq: 8, id: ids[7]!, reason: 'empreinte différente : la vente a été modifiée' });
      });
    });
  }
});
