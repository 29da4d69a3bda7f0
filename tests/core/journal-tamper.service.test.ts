// Issue #16 § 3: an attacker with the database (but not the till's key file)
// edits, deletes, inserts, renumbers or re-hashes the journal with the
// project's own exported functions. Each change must be detected AND named
// where it is: at its sale, closing, audit event or the tills row. What the
// database alone cannot show (a cut tail with the tills row rewound) is
// caught against the paper: the fingerprint of the last receipt printed.
//
// Run against main before the signatures (410bdb4, on both engines): every
// case the issue says verify passed fails there (re-hashed sale, dropped
// signatures, renumbered, forged, deleted day under a Z, cut tail, cut Z,
// re-hashed closing and audit event, tills grand total); the plain edits and
// the hole in the middle were already caught and are kept here as the baseline.
//
// The shop: day 1 (sales 1-3) closed by a Z, day 2 (sales 4-6) closed by a Z,
// day 3 (sales 7-8) still open, with a reprint audit event and a print job
// pointing at sale 8. Every test starts from a fresh copy of it.
import type { Core } from '../../src/core/shop/core.service.js';
import { sellable } from '../../src/core/catalogue/article.js';
import { canonicalAuditEvent, canonicalClosing, canonicalSale, chainHash, GENESIS_HASH, receiptFingerprint } from '../../src/core/fiscal/journal.js';
import { rowToAuditEvent } from '../../src/core/fiscal/audit.service.js';
import { rowToCanonicalClosing } from '../../src/core/fiscal/journal.js';
import type { BrokenLink, ChainKind, JournalReport } from '../../src/core/fiscal/journal-report.js';
import { addLine, computeTotals } from '../../src/core/sales/ticket.js';
import { ENGINES, newTestDb, type TestDb } from '../helpers/engines.js';
import { smallShop, type SmallShop } from '../helpers/shop.js';

const DAY1 = '2026-11-20';
const DAY2 = '2026-11-21';
const DAY3 = '2026-11-22';

describe.each(ENGINES)('journal tampering, detected and located, on %s', (engine) => {
  let db: TestDb;
  let core: Core;
  let shop: SmallShop;
  let now: Date;
  /** sale ids by number − 1 */
  let ids: number[];

  async function sell(method: 'card' | 'cash', quantity: number): Promise<void> {
    let t = core.tickets.create();
    t = addLine(t, sellable(shop.nutella), quantity);
    t = addLine(t, sellable(shop.wine), 1000);
    const total = computeTotals(t).total;
    const sale = await core.sales.complete(t, [{ method, amount: method === 'cash' ? total + 100 : total }], shop.cashier.id);
    ids.push(sale.id);
    now = new Date(now.getTime() + 60_000);
  }

  beforeEach(async () => {
    ids = [];
    now = new Date(`${DAY1}T12:00:00.000Z`);
    db = newTestDb(engine);
    core = await db.core({ clock: () => now });
    shop = await smallShop(core);
    for (const [day, count, next] of [[DAY1, 3, DAY2], [DAY2, 3, DAY3], [DAY3, 2, null]] as const) {
      now = new Date(`${day}T12:00:00.000Z`);
      for (let i = 0; i < count; i++) await sell(i % 2 ? 'cash' : 'card', 1000 * (i + 1));
      if (next) {
        now = new Date(`${next}T08:00:00.000Z`);
        await core.closings.zClose(day, { cash: 0 }, shop.manager.id);
      }
    }
    await core.audit.record({ kind: 'reprint', employeeId: shop.cashier.id, saleId: ids[7]! });
    await core.printQueue.enqueue('receipt', Buffer.from('ticket 8'), ids[7]!);
  });
  afterEach(async () => {
    await core.close();
    await db.cleanup();
  });

  const verify = (options: { deep?: boolean; head?: string } = {}) => core.journal.verify(options);
  const brokenOf = (report: JournalReport, chain: ChainKind): BrokenLink | null => report.chains.find((c) => c.chain === chain && c.tillId === 1)!.broken;
  const saleRow = async (number: number) => core.knex('sales').where({ till_id: 1, number }).first();

  /** Deletes sales (by number) with every row that points at them, as an attacker who cleans up would. */
  async function deleteSales(numbers: number[]): Promise<void> {
    const saleIds = numbers.map((n) => ids[n - 1]!);
    await core.knex.transaction(async (trx) => {
      for (const t of ['stock_moves', 'payments', 'sale_taxes', 'sale_lines', 'loyalty_entries', 'account_entries', 'print_jobs', 'drawer_kicks', 'audit_events']) {
        await trx(t).whereIn('sale_id', saleIds).delete();
      }
      await trx('sales').whereIn('id', saleIds).delete();
    });
  }

  /** Rewinds the tills row to the sale `number` (its number, hash and grand totals), as if the later ones never were. */
  async function rewindTillTo(number: number): Promise<void> {
    const s = await saleRow(number);
    await core.knex('tills').where({ id: 1 }).update({ sale_seq: number, sale_last_hash: s.hash, grand_total: s.grand_total, grand_total_abs: s.grand_total_abs });
  }

  /**
   * Re-hashes the sales chain from sale `from` to the end with the project's
   * own functions (canonicalSale, chainHash), grand totals included, and
   * points the tills row at the new head: everything but the signatures.
   */
  async function rehashSalesFrom(from: number): Promise<void> {
    const last = Number((await core.knex('sales').where({ till_id: 1 }).max({ n: 'number' }).first())!.n);
    const before = from > 1 ? await core.sales.getByNumber(1, from - 1) : null;
    let prevHash = before?.hash ?? GENESIS_HASH;
    let grand = before?.grandTotal ?? 0;
    let grandAbs = before?.grandTotalAbs ?? 0;
    for (let n = from; n <= last; n++) {
      const sale = (await core.sales.getByNumber(1, n))!;
      grand += sale.total;
      grandAbs += Math.abs(sale.total);
      const forged = { ...sale, grandTotal: grand, grandTotalAbs: grandAbs };
      const hash = chainHash(prevHash, canonicalSale(forged));
      await core.knex('sales').where({ id: sale.id }).update({ prev_hash: prevHash, hash, grand_total: grand, grand_total_abs: grandAbs });
      prevHash = hash;
    }
    await core.knex('tills').where({ id: 1 }).update({ sale_last_hash: prevHash, grand_total: grand, grand_total_abs: grandAbs });
  }

  test('the untouched journal verifies, heads and every signature', async () => {
    const report = await verify();
    expect(report.ok).toBe(true);
    expect(report.sales).toBe(8);
    expect((await verify({ deep: true })).ok).toBe(true);
    const signed = await core.knex('sales').whereNull('signature').count({ n: '*' }).first();
    expect(Number(signed!.n)).toBe(0);
    // each Z binds its sales: count, numbers and the last one's hash
    const z2 = await core.closings.get('day', DAY2);
    expect(z2).toMatchObject({ salesCount: 3, firstSaleNumber: 4, lastSaleNumber: 6, lastSaleHash: (await saleRow(6)).hash });
  });

  test.each([
    ["a line's price", 'sale_lines', 'unit_price', 5, (v: unknown) => Number(v) - 100],
    ["a line's quantity", 'sale_lines', 'quantity', 2, (v: unknown) => Number(v) + 1000],
    ['a sale total', 'sales', 'total', 6, (v: unknown) => Number(v) - 1],
    ['a payment tender', 'payments', 'method', 4, () => 'cash'],
    ['an edited hash', 'sales', 'hash', 3, () => 'e'.repeat(64)],
  ] as const)('%s is named at its sale', async (_label, table, column, number, change) => {
    const saleId = ids[number - 1]!;
    const row = await core.knex(table).where(table === 'sales' ? { id: saleId } : { sale_id: saleId }).orderBy('id').first();
    await core.knex(table).where({ id: row.id }).update({ [column]: change(row[column]) });
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(brokenOf(report, 'sales')).toEqual({ seq: number, id: saleId, reason: 'empreinte différente : la vente a été modifiée' });
  });

  test('an edited sale re-hashed with the project\'s own functions is caught by the signature, at that sale', async () => {
    // card becomes cash on sale 7 (open day), then the chain is re-hashed to the end
    await core.knex('payments').where({ sale_id: ids[6]! }).update({ method: 'cash' });
    await rehashSalesFrom(7);
    let report = await verify();
    expect(report.ok).toBe(false);
    expect(brokenOf(report, 'sales')).toMatchObject({ seq: 7, id: ids[6]! });
    expect(brokenOf(report, 'sales')!.reason).toContain('signature invalide');
    // the same under a Z: sale 2, re-hashed through every later sale
    await core.knex('payments').where({ sale_id: ids[1]! }).update({ method: 'card' });
    await rehashSalesFrom(2);
    report = await verify();
    expect(brokenOf(report, 'sales')).toMatchObject({ seq: 2, id: ids[1]! });
    expect(brokenOf(report, 'sales')!.reason).toContain('signature');
  });

  test('an edited sale whose signature is dropped is named too', async () => {
    await core.knex('sales').where({ id: ids[4]! }).update({ ticket_discount: 'x' });
    await rehashSalesFrom(5);
    await core.knex('sales').whereIn('id', ids.slice(4)).update({ signature: null });
    const report = await verify();
    expect(brokenOf(report, 'sales')).toMatchObject({ seq: 5, id: ids[4]! });
    expect(brokenOf(report, 'sales')!.reason).toContain('non signé');
  });

  test('a deleted sale in the middle is named by its number', async () => {
    await deleteSales([5]);
    const report = await verify();
    expect(brokenOf(report, 'sales')).toEqual({ seq: 5, id: null, reason: 'vente n° 5 manquante (suivante trouvée : n° 6)' });
  });

  test('renumbered sales (one cut, the later ones renumbered and re-hashed) are named at the first renumbered one', async () => {
    await deleteSales([5]);
    for (const n of [6, 7, 8]) await core.knex('sales').where({ id: ids[n - 1]! }).update({ number: n - 1 });
    await core.knex('tills').where({ id: 1 }).update({ sale_seq: 7 });
    await rehashSalesFrom(5);
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(brokenOf(report, 'sales')).toMatchObject({ seq: 5, id: ids[5]! });
    expect(brokenOf(report, 'sales')!.reason).toContain('signature');
  });

  test('a forged sale appended with the project\'s functions is named', async () => {
    const last = (await core.sales.getByNumber(1, 8))!;
    const forged = { ...last, number: 9, ticketId: 'forged-9', grandTotal: last.grandTotal + last.total, grandTotalAbs: last.grandTotalAbs + Math.abs(last.total) };
    const hash = chainHash(last.hash, canonicalSale(forged));
    await core.knex.transaction(async (trx) => {
      const row = await trx('sales').where({ id: last.id }).first();
      const { id: _id, ...copy } = row;
      const [inserted] = await trx('sales')
        .insert({ ...copy, number: 9, ticket_id: 'forged-9', grand_total: forged.grandTotal, grand_total_abs: forged.grandTotalAbs, prev_hash: last.hash, hash, origin_uuid: null })
        .returning('id');
      const newId = Number(typeof inserted === 'object' ? inserted.id : inserted);
      for (const t of ['sale_lines', 'sale_taxes', 'payments']) {
        const rows = await trx(t).where({ sale_id: last.id });
        await trx(t).insert(rows.map(({ id: _rowId, ...r }: Record<string, unknown>) => ({ ...r, sale_id: newId })));
      }
      await trx('tills').where({ id: 1 }).update({ sale_seq: 9, sale_last_hash: hash, grand_total: forged.grandTotal, grand_total_abs: forged.grandTotalAbs });
    });
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(brokenOf(report, 'sales')).toMatchObject({ seq: 9 });
    expect(brokenOf(report, 'sales')!.reason).toContain('signature invalide');
  });

  test('a deleted day: in the middle it is a hole; under a Z at the end, with the tills row rewound, the Z names it', async () => {
    await deleteSales([4, 5, 6]);
    let report = await verify();
    expect(brokenOf(report, 'sales')).toEqual({ seq: 4, id: null, reason: 'vente n° 4 manquante (suivante trouvée : n° 7)' });
    // day 3 cut too and the tills row rewound to sale 3: the sales chain is whole, the Z of day 2 is not
    await deleteSales([7, 8]);
    await rewindTillTo(3);
    report = await verify();
    expect(brokenOf(report, 'sales')).toBeNull();
    const z = brokenOf(report, 'closings')!;
    expect(z).toMatchObject({ seq: 2 });
    expect(z.reason).toContain(`clôture n° 2 (Z ${DAY2}) : 0 vente(s) trouvée(s) (aucune) au lieu des 3 qu'elle a scellées (n° 4 à 6)`);
  });

  test('a deleted tail with the tills row rewound: rows left pointing at it, or the receipt\'s fingerprint, show it', async () => {
    const lastReceipt = receiptFingerprint((await saleRow(8)).hash);
    expect((await verify({ head: lastReceipt })).ok).toBe(true);
    // cut 7 and 8 but leave the reprint event and the print job that name sale 8
    await core.knex.transaction(async (trx) => {
      for (const t of ['stock_moves', 'payments', 'sale_taxes', 'sale_lines']) await trx(t).whereIn('sale_id', [ids[6]!, ids[7]!]).delete();
      await trx('sales').whereIn('id', [ids[6]!, ids[7]!]).delete();
    });
    await rewindTillTo(6);
    let report = await verify();
    expect(brokenOf(report, 'sales')).toBeNull();
    // every sale owes its receipt job (written in its own transaction): the first one left names a cut sale
    expect(report.references.broken).toMatchObject({ table: 'print_jobs' });
    expect(report.references.broken!.reason).toMatch(new RegExp(`vente id (${ids[6]!}|${ids[7]!}),`));
    // every trace cut: the database alone has nothing left to contradict (README), the paper has
    for (const t of ['print_jobs', 'drawer_kicks']) await core.knex(t).whereIn('sale_id', [ids[6]!, ids[7]!]).delete();
    await core.knex('audit_events').whereIn('sale_id', [ids[6]!, ids[7]!]).update({ sale_id: null });
    report = await verify({ head: lastReceipt });
    expect(report.ok).toBe(false);
    expect(report.head!.reason).toContain('introuvable');
  });

  test('a deleted Z at the end with the tills row rewound is caught against the Z ticket\'s head', async () => {
    const z2 = (await core.closings.get('day', DAY2))!;
    await core.knex('closings').where({ id: z2.id }).delete();
    const z1 = (await core.closings.get('day', DAY1))!;
    await core.knex('tills').where({ id: 1 }).update({ closing_seq: 1, closing_last_hash: z1.hash });
    expect(brokenOf(await verify(), 'closings')).toBeNull();
    const report = await verify({ head: z2.hash.slice(0, 16) });
    expect(report.ok).toBe(false);
    expect(report.head!.reason).toContain('introuvable');
  });

  test('an edited closing is named, plain or re-hashed', async () => {
    const z1 = (await core.closings.get('day', DAY1))!;
    await core.knex('closings').where({ id: z1.id }).update({ total: z1.total + 500 });
    let report = await verify();
    expect(brokenOf(report, 'closings')).toEqual({ seq: 1, id: z1.id, reason: 'empreinte différente : l\'entrée a été modifiée' });
    // re-hashed through the chain with the project's functions: the signature does not follow
    let prev = GENESIS_HASH;
    for (const row of await core.knex('closings').where({ till_id: 1 }).orderBy('seq')) {
      const hash = chainHash(prev, canonicalClosing(rowToCanonicalClosing(row)));
      await core.knex('closings').where({ id: row.id }).update({ prev_hash: prev, hash });
      prev = hash;
    }
    await core.knex('tills').where({ id: 1 }).update({ closing_last_hash: prev });
    report = await verify();
    expect(brokenOf(report, 'closings')).toMatchObject({ seq: 1, id: z1.id });
    expect(brokenOf(report, 'closings')!.reason).toContain('signature invalide');
  });

  test('an edited audit event is named, plain or re-hashed', async () => {
    const event = await core.knex('audit_events').where({ till_id: 1, kind: 'closing' }).orderBy('seq').first();
    await core.knex('audit_events').where({ id: event.id }).update({ details: '{"edited":true}' });
    let report = await verify();
    expect(brokenOf(report, 'audit')).toEqual({ seq: Number(event.seq), id: event.id, reason: 'empreinte différente : l\'entrée a été modifiée' });
    let prev = GENESIS_HASH;
    for (const row of await core.knex('audit_events').where({ till_id: 1 }).orderBy('seq')) {
      const hash = chainHash(prev, canonicalAuditEvent(rowToAuditEvent(row)));
      await core.knex('audit_events').where({ id: row.id }).update({ prev_hash: prev, hash });
      prev = hash;
    }
    await core.knex('tills').where({ id: 1 }).update({ audit_last_hash: prev });
    report = await verify();
    expect(brokenOf(report, 'audit')).toMatchObject({ seq: Number(event.seq), id: event.id });
    expect(brokenOf(report, 'audit')!.reason).toContain('signature invalide');
  });

  test('a changed tills grand total is blamed on the tills row, before and after the next honest sale', async () => {
    await core.knex('tills').where({ id: 1 }).increment('grand_total', 100000);
    let report = await verify();
    expect(brokenOf(report, 'sales')!.reason).toContain('ligne de la caisse (tills) modifiée : grand total');
    now = new Date(`${DAY3}T15:00:00.000Z`);
    await sell('card', 1000);
    report = await verify();
    const broken = brokenOf(report, 'sales')!;
    expect(broken).toMatchObject({ seq: 9, id: ids[8]! });
    expect(broken.reason).toContain('écart 100000');
    expect(broken.reason).toContain('ligne de la caisse (tills)');
  });
});
