// `pos cash …` and `pos closing …` with the real compiled program on a real
// SQLite file: float and cash out, the X report in JSON, the Z counted by
// denomination against the cash expected and printed, the closed day refusing a sale,
// `pos journal verify` over the closings chain, and bad arguments (stderr,
// exit code 2, nothing written).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localDate } from '../../src/core/basics/clock.js';
import { openCore } from '../../src/core/shop/core.service.js';
import { sellable } from '../../src/core/catalogue/article.js';
import { addLine } from '../../src/core/sales/ticket.js';
import { runPos } from '../helpers/run-pos.js';
import { smallShop, type SmallShop } from '../helpers/shop.js';

const SLOW = 240_000;

describe('pos cash and pos closing', () => {
  let dir: string;
  let db: string;
  let shop: SmallShop;
  // The CLI runs on the real clock: the sales are made today too.
  const today = localDate(new Date());

  const closingsCount = async () => {
    const core = await openCore({ db, migrate: false });
    try {
      return (await core.closings.list()).length;
    } finally {
      await core.close();
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pos-closing-cli-'));
    db = join(dir, 'pos.sqlite3');
    const core = await openCore({ db });
    try {
      shop = await smallShop(core);
      const t1 = addLine(core.tickets.create(), sellable(shop.wine), 2000); // 25,80
      await core.sales.complete(t1, [{ method: 'cash', amount: 3000 }], shop.cashier.id);
      const t2 = addLine(core.tickets.create(), sellable(shop.nutella), 1000); // 4,50
      await core.sales.complete(t2, [{ method: 'card', amount: 450 }], shop.cashier.id);
      // a voided line and an abandoned ticket, as the till records them
      await core.audit.record({ kind: 'void_line', employeeId: shop.cashier.id, details: { ticket: 'a', name: 'Vin', quantity: 1000, unitPrice: 1290 } });
      await core.audit.record({ kind: 'cancel_ticket', employeeId: shop.cashier.id, details: { ticket: 'b', lines: 1, total: 450 } });
    } finally {
      await core.close();
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('float and cash out, then the X report in JSON', () => {
    const f = runPos(['cash', 'float', '100', '--db', db], { POS_PIN: '1234' });
    expect(f.stderr).toContain('Fond de caisse de 100,00 €');
    expect(f.code).toBe(0);
    const o = runPos(['cash', 'out', '5,30', '--reason', 'Timbres', '--pin', '1234', '--db', db]);
    expect(o.code).toBe(0);
    const x = runPos(['closing', 'x', '--format', 'json', '--db', db]);
    expect(x.code).toBe(0);
    const report = JSON.parse(x.stdout) as { date: string; closed: boolean; totals: Record<string, unknown> };
    expect(report.date).toBe(today);
    expect(report.closed).toBe(false);
    expect(report.totals).toMatchObject({ salesCount: 2, total: 2580 + 450, byMethod: { card: 450, cash: 2580 }, float: 10000, cashOut: 530 });
    expect(report.totals.cashExpected).toBe(10000 + 2580 - 530);
    expect(report.totals.voids).toEqual({ voidedLines: 1, voidedAmount: 1290, cancelledTickets: 1, cancelledAmount: 450 });
  }, SLOW);

  test('bad arguments: exit code 2, a message on stderr, nothing written', async () => {
    for (const args of [
      ['cash', 'in', '10', '--pin', '0000'], // no reason
      ['cash', 'float', 'douze', '--pin', '0000'],
      ['closing', 'z', '--pin', '1234'], // nothing counted
      ['closing', 'z', '--counted', '30x1', '--pin', '1234'],
      ['closing', 'z', '--cash', '12', '--counted', '10x1', '--pin', '1234'],
      ['closing', 'x', '--date', '20/11/2026'],
      ['closing', 'month', '2026-13', '--pin', '1234'],
    ]) {
      const r = runPos([...args, '--db', db]);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).not.toBe('');
      expect(r.stdout).toBe('');
    }
    const cashier = runPos(['closing', 'z', '--cash', '100', '--pin', '0000', '--db', db]);
    expect(cashier.code).toBe(1);
    expect(cashier.stderr).toContain('responsable');
    expect(await closingsCount()).toBe(0);
  }, SLOW);

  test('a month or year before the till\'s first sale is refused: exit 1 (the till\'s state), a clear message, nothing written (issue #17, defect 9)', async () => {
    // The shop's first sale is today: last year and last month are wholly before it.
    const now = new Date();
    const lastYear = String(now.getFullYear() - 1);
    const lastMonth = localDate(new Date(now.getFullYear(), now.getMonth() - 1, 1)).slice(0, 7);
    for (const [kind, period] of [['year', lastYear], ['month', lastMonth]] as const) {
      const r = runPos(['closing', kind, period, '--pin', '1234', '--db', db]);
      expect({ kind, code: r.code }).toEqual({ kind, code: 1 });
      expect(r.stderr).toContain(`La période ${period} précède la première vente de la caisse 1 (${today})`);
      expect(r.stdout).toBe('');
    }
    expect(await closingsCount()).toBe(0);
  }, SLOW);

  test('Z counted by denomination, chained; the closed day refuses a sale; the journal verifies', async () => {
    const paper = join(dir, 'printer.bin');
    const z = runPos(['closing', 'z', '--counted', '50x2,20x1,5x1,0.50x2', '--format', 'json', '--print', '--printer', `file:${paper}`, '--pin', '1234', '--db', db]);
    expect(z.code).toBe(0);
    const closing = JSON.parse(z.stdout) as Record<string, unknown> & { totals: Record<string, unknown> };
    const expected = 10000 + 2580 - 530;
    expect(closing).toMatchObject({ kind: 'day', period: today, seq: 1, salesCount: 2, total: 3030, grandTotal: 3030, cashExpected: expected, cashCounted: 12600 });
    expect(closing.totals.difference).toBe(12600 - expected);
    expect(closing.totals.denominations).toEqual({ '5000': 2, '2000': 1, '500': 1, '50': 2 });
    expect(z.stderr).toContain('Clôture Z n° 1');
    // printed on the receipt printer (ESC/POS bytes in a file): the ASCII parts read back
    const printed = readFileSync(paper).toString('latin1');
    expect(printed).toContain('Total perp');
    expect(printed).toContain('2 x 50,00');
    expect(printed).toContain(`Caisse 1 - ${today}`);
    expect(printed).toMatch(/Lignes annul.+es \(1\) +12,90/);
    expect(printed).toMatch(/Tickets abandonn.+s \(1\) +4,50/);

    const text = runPos(['closing', 'list', '--db', db]);
    expect(text.stdout).toContain(`day   ${today}`);
    const again = runPos(['closing', 'z', '--cash', '0', '--pin', '1234', '--db', db]);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('déjà clôturée');

    const core = await openCore({ db, migrate: false });
    try {
      const t = addLine(core.tickets.create(), sellable(shop.wine), 1000);
      await expect(core.sales.complete(t, [{ method: 'card', amount: 1290 }], shop.cashier.id)).rejects.toThrow('clôturée');
    } finally {
      await core.close();
    }
    const verify = runPos(['journal', 'verify', '--format', 'json', '--db', db]);
    expect(verify.code).toBe(0);
    const chains = (JSON.parse(verify.stdout) as { chains: Array<{ chain: string; count: number; broken: unknown }> }).chains;
    expect(chains.find((c) => c.chain === 'closings')).toMatchObject({ count: 1, broken: null });
  }, SLOW);
});
