// A return against the original receipt on the real till in a real terminal
// (tmux, 80x24): a sale of two spreads made at till 2 with 10 % off the
// ticket, paid by card; at till 1 the receipt's code is scanned, one of the
// two units is returned and refunded by card (proposed from the sale). Then
// the database and the decoded receipt are checked.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sellable } from '../../src/core/catalogue/article.js';
import { openCore } from '../../src/core/shop/core.service.js';
import { saleBarcode } from '../../src/core/sales/receipt.js';
import { addLine, computeTotals, setTicketDiscount } from '../../src/core/sales/ticket.js';
import { DEMO_ARTICLES } from '../../db/seeds/demo-data.js';
import { decodeEscPos } from '../helpers/escpos-decoder.js';
import { runPos } from '../helpers/run-pos.js';
import { TmuxTill } from '../helpers/tmux.js';
import { until } from '../helpers/until.js';

const WAIT = 30_000;

describe('a return against the receipt, end to end', () => {
  let dir: string;
  let dbFile: string;
  let receipts: string;
  let till: TmuxTill | null = null;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pos-e2e-return-'));
    const seeded = join(dir, 'seeded.sqlite3');
    const r = runPos(['db', 'seed', '--demo', '--days', '1', '--db', seeded]);
    if (r.code !== 0) throw new Error(r.stderr);
    dbFile = join(dir, 'pos.sqlite3');
    receipts = join(dir, 'receipts.bin');
    copyFileSync(seeded, dbFile);
  }, 120_000);
  afterAll(() => {
    till?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  test('scan the receipt, return one of two units, refund by card', async () => {
    const spread = DEMO_ARTICLES.find((a) => a.name === 'Pâte à tartiner noisette')!;
    // The sale, at another till of the shop.
    const till2 = await openCore({ db: dbFile, tillId: 2 });
    let saleNumber: number;
    let paidForTwo: number;
    try {
      const found = (await till2.catalog.lookup(spread.ean13!))!;
      const cashier = (await till2.knex('employees').where({ role: 'cashier' }).first('id')) as { id: number };
      let t = addLine(till2.tickets.create(), sellable(found.article), 2000);
      t = setTicketDiscount(t, { kind: 'percent', bp: 1000 });
      const total = computeTotals(t).total;
      const sale = await till2.sales.complete(t, [{ method: 'card', amount: total }], Number(cashier.id));
      saleNumber = sale.number;
      paidForTwo = sale.lines[0]!.total;
      expect(paidForTwo).toBe(Math.round(spread.priceCents * 2 * 0.9));
    } finally {
      await till2.close();
    }

    till = new TmuxTill('receipt-return');
    till.start(['--db', dbFile, '--printer', `file:${receipts}`]);
    await till.waitFor('Code PIN', WAIT);
    till.type('0000');
    till.press('Enter');
    await till.waitFor('TICKET', WAIT);

    till.type(`${saleBarcode(2, saleNumber)}\r`); // a scanner's burst
    await till.waitFor('RETOUR SUR TICKET', WAIT);
    await till.waitFor(new RegExp(`Ticket n° ${saleNumber} · caisse 2`), WAIT);
    await till.waitFor(/Pâte à tartiner noisette\s+2\s+0\s+2/, WAIT);
    till.type('1');
    till.press('Enter');
    await till.waitFor('À rembourser', WAIT);
    till.press('F12');
    await till.waitFor('-1 Pâte à tartiner', WAIT);
    till.press('F12');
    await till.waitFor('Remboursement proposé : Carte', WAIT);
    till.press('Enter');

    const core = await openCore({ db: dbFile });
    try {
      let refundId = 0;
      await until(async () => {
        const row = await core.knex('sales').where({ till_id: 1 }).where('total', '<', 0).orderBy('id', 'desc').first('id');
        refundId = row ? Number(row.id) : 0;
        return refundId > 0;
      }, 'the refund in the database', WAIT);
      const refund = (await core.sales.get(refundId))!;
      const half = Math.round(paidForTwo / 2);
      expect(refund.total).toBe(-half);
      expect(refund.payments.map((p) => [p.method, p.amount])).toEqual([['card', -half]]);
      const original = await core.knex('sales').where({ till_id: 2, number: saleNumber }).first('id');
      const line = await core.knex('sale_lines').where({ sale_id: refundId }).first();
      expect([Number(line.origin_sale_id), Number(line.origin_line_no), Number(line.quantity)]).toEqual([Number(original.id), 1, -1000]);
      expect((await core.journal.verify()).ok).toBe(true);

      const printedRefund = () =>
        existsSync(receipts) && decodeEscPos(readFileSync(receipts)).lines.some((l) => l.startsWith(`Vente n° ${refund.number} `));
      await until(printedRefund, 'the refund receipt', WAIT);
      await until(() => decodeEscPos(readFileSync(receipts)).commands.some((c) => c.name === 'cut'), 'the receipt cut', WAIT);
      const printed = decodeEscPos(readFileSync(receipts));
      expect(printed.lines).toContain(`Retour du ticket n° ${saleNumber} (caisse 2)`);
      expect(printed.lines).toContain('RETOUR Pâte à tartiner noisette');
      expect(printed.lines.some((l) => /^TOTAL\s+-/.test(l) && l.includes((half / 100).toFixed(2).replace('.', ',')))).toBe(true);
    } finally {
      await core.close();
    }
  }, 120_000);
});
