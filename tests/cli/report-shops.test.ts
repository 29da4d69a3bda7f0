// Per-shop and consolidated reports, closings and FEC through the real program
// (bin/pos) on SQLite and PostgreSQL, over two shops (till 1 in shop 1, till 2
// in « port »): --shop takes a code or a number, an unknown shop or --shop with
// --by-shop is a usage error (exit 2) that prints nothing; --by-shop gives a
// column a shop adding up to the company's; the consolidated month closing is
// refused naming the till that has not closed; the FEC of one shop holds only
// its tills' Z and passes the independent checker.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENGINES, newTestDb, type TestDb } from '../helpers/engines.js';
import { runPos } from '../helpers/run-pos.js';
import { smallShop } from '../helpers/shop.js';
import { checkFec } from '../helpers/fec-check.js';
import { SIREN, SIRET } from '../helpers/fec-shop.js';
import { twoShops } from '../helpers/two-shops.js';
import type { ShopColumnsReport } from '../../src/core/fiscal/shop-columns.js';

const SLOW = 180_000;
const MARCH = ['--from', '2026-03-01', '--to', '2026-03-31'];

describe.each(ENGINES)('per-shop reports through pos on %s', (engine) => {
  let db: TestDb;
  let dir: string;
  const pos = (...args: string[]) => runPos([...args, '--db', db.spec]);

  beforeAll(async () => {
    db = newTestDb(engine);
    dir = mkdtempSync(join(tmpdir(), 'pos-shops-'));
    let now = new Date(2025, 11, 31, 10, 0);
    const clock = () => now;
    const core = await db.core({ clock });
    try {
      const shop = await smallShop(core);
      const { till2 } = await twoShops(db, core, shop, (d) => {
        now = d;
      }, clock);
      await core.settings.set('shop.siret', SIRET, { employeeId: shop.manager.id });
      // April: till 1 closes its last March day and its month; till 2 does not close its month yet.
      now = new Date(2026, 3, 2, 9, 0);
      await core.closings.zClose('2026-03-12', { cash: 450 }, shop.manager.id);
      await core.closings.closePeriod('month', '2026-03', shop.manager.id);
      await till2.close();
    } finally {
      await core.close();
    }
  }, SLOW);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await db.cleanup();
  });

  test('report sales --shop port (or 2): only till 2\'s sale; the title names the shop; without --shop, no shop in the title', () => {
    const json = pos('report', 'sales', '--by', 'day', ...MARCH, '--shop', 'port', '--format', 'json');
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as { shopId: number; totals: { total: number; sales: number } };
    expect(report.shopId).toBe(2);
    expect(report.totals).toMatchObject({ total: 450, sales: 1 });
    expect(JSON.parse(pos('report', 'sales', '--by', 'day', ...MARCH, '--shop', '2', '--format', 'json').stdout).totals.total).toBe(450);
    const table = pos('report', 'sales', '--by', 'day', ...MARCH, '--shop', 'port');
    expect(table.stdout.split('\n')[0]).toBe('Ventes par jour du 2026-03-01 au 2026-03-31 (boutique port, Épicerie du Port)');
    expect(pos('report', 'sales', '--by', 'day', ...MARCH).stdout.split('\n')[0]).toBe('Ventes par jour du 2026-03-01 au 2026-03-31');
  }, SLOW);

  test('report sales --by-shop: a column a shop, adding up to the company\'s total read without the option', () => {
    const company = JSON.parse(pos('report', 'sales', '--by', 'payment', ...MARCH, '--format', 'json').stdout) as { totals: { total: number; sales: number } };
    const r = pos('report', 'sales', '--by', 'payment', ...MARCH, '--by-shop', '--format', 'json');
    expect(r.code).toBe(0);
    const columns = JSON.parse(r.stdout) as ShopColumnsReport;
    expect(columns.shops.map((s) => s.code)).toEqual(['principal', 'port']);
    expect(columns.totals.company).toEqual({ total: company.totals.total, count: company.totals.sales });
    expect(columns.totals.byShop.reduce((a, c) => a + c.total, 0)).toBe(company.totals.total);
    for (const row of columns.rows) expect(row.byShop.reduce((a, c) => a + c.total, 0)).toBe(row.company.total);
    const table = pos('report', 'sales', '--by', 'payment', ...MARCH, '--by-shop');
    expect(table.stdout).toContain('principal : ');
    expect(table.stdout).toMatch(/Paiement\s+principal\s+port\s+Société/);
    expect(table.stdout).toMatch(/Carte bancaire\s+[\d ,]+\s+4,50\s/);
    const csv = pos('report', 'top', ...MARCH, '--by-shop', '--format', 'csv');
    expect(csv.stdout.split('\n')[0]).toBe('key,label,principal_total,port_total,company_total,principal_count,port_count,company_count');
  }, SLOW);

  test('an unknown shop, or --shop with --by-shop: exit 2 with the message, nothing on stdout', () => {
    const unknown = pos('report', 'sales', ...MARCH, '--shop', 'nowhere');
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toBe('');
    expect(unknown.stderr).toContain('Boutique « nowhere » inconnue');
    const both = pos('report', 'voids', ...MARCH, '--shop', 'port', '--by-shop');
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('--shop et --by-shop ne vont pas ensemble');
    const till = pos('report', 'sales', ...MARCH, '--shop', 'port', '--till', '1');
    expect([till.code, till.stdout]).toEqual([2, '']);
    expect(till.stderr).toContain('--till 1 : cette caisse n\'est pas dans la boutique port (ses caisses : 2)');
    for (const args of [['export', 'accounting', ...MARCH], ['report', 'hours', ...MARCH], ['report', 'loyalty'], ['report', 'stock-value'], ['closing', 'report', '--month', '2026-03'], ['export', 'fec', '--year', '2026', '--dir', dir]]) {
      const r = pos(...args, '--shop', '9');
      expect([r.code, r.stderr]).toEqual([2, expect.stringContaining('Boutique « 9 » inconnue')]);
    }
  }, SLOW);

  test('hours, voids, loyalty and stock value take --shop and --by-shop', () => {
    const hours = JSON.parse(pos('report', 'hours', ...MARCH, '--shop', 'port', '--format', 'json').stdout) as { totals: { sales: number; salesTotal: number } };
    expect(hours.totals).toMatchObject({ sales: 1, salesTotal: 450 });
    expect(pos('report', 'hours', ...MARCH, '--by-shop').stdout).toContain('Heures travaillées par boutique');
    expect(pos('report', 'voids', ...MARCH, '--by-shop').code).toBe(0);
    expect(JSON.parse(pos('report', 'voids', ...MARCH, '--shop', 'port', '--format', 'json').stdout).events).toEqual([]);
    expect(pos('report', 'loyalty', '--by-shop').code).toBe(0);
    const accounting = JSON.parse(pos('export', 'accounting', ...MARCH, '--shop', 'port', '--format', 'json').stdout) as { payments: Array<{ day: string; method: string; amount: number }> };
    expect(accounting.payments.map((p) => [p.day, p.method, p.amount])).toEqual([['2026-03-11', 'card', 450]]);
    expect(pos('report', 'stock-value', '--shop', 'port').stdout.split('\n')[0]).toBe('Valeur du stock au prix de revient HT (boutique port, Épicerie du Port)');
    expect(pos('report', 'stock-value').stdout.split('\n')[0]).toBe('Valeur du stock au prix de revient HT');
    const value = JSON.parse(pos('report', 'stock-value', '--by-shop', '--format', 'json').stdout) as ShopColumnsReport;
    const company = value.totals.company.total;
    expect(company).toBeGreaterThan(0);
    expect(value.totals.byShop.reduce((a, c) => a + c.total, 0)).toBe(company);
  }, SLOW);

  test('closing report: refused naming till 2 until it closes its month; shop 1 alone adds up till 1', () => {
    const company = pos('closing', 'report', '--month', '2026-03', '--company');
    expect(company.code).toBe(1);
    expect(company.stdout).toBe('');
    expect(company.stderr).toContain('pas encore faite pour : caisse 2');
    const shop1 = pos('closing', 'report', '--month', '2026-03', '--shop', 'principal');
    expect(shop1.code).toBe(0);
    expect(shop1.stdout).toContain('CLÔTURE MENSUELLE CONSOLIDÉE');
    expect(shop1.stdout).toContain('Boutique principal');
    expect(shop1.stdout).toMatch(/Caisse 1 \(n° \d+, \d+ ventes\)/);
    expect(pos('closing', 'report', '--month', '2026-03', '--shop', 'port', '--company').code).toBe(2);
    expect(pos('closing', 'report').code).toBe(2);
    const closed = pos('--till', '2', 'closing', 'month', '2026-03', '--pin', '1234');
    expect(closed.code).toBe(0);
    const all = JSON.parse(pos('closing', 'report', '--month', '2026-03', '--format', 'json').stdout) as { tills: Array<{ tillId: number; total: number }>; totals: { total: number } };
    expect(all.tills.map((t) => t.tillId)).toEqual([1, 2]);
    expect(all.totals.total).toBe(all.tills.reduce((a, t) => a + t.total, 0));
    const columns = JSON.parse(pos('closing', 'report', '--month', '2026-03', '--by-shop', '--format', 'json').stdout) as ShopColumnsReport;
    expect(columns.totals.byShop.map((c) => c.total)).toEqual(all.tills.map((t) => t.total));
  }, SLOW);

  test('export fec --shop port: only till 2\'s Z, the file named after the SIREN, read back by the checker', () => {
    const portDir = mkdtempSync(join(dir, 'port-'));
    const r = pos('export', 'fec', '--year', '2026', '--dir', portDir, '--shop', 'port');
    expect(r.stderr).toContain('FEC de la boutique port (Épicerie du Port)');
    expect(r.code).toBe(0);
    expect(readdirSync(portDir)).toEqual([`${SIREN}FEC20261231.txt`]);
    const { problems, rows } = checkFec(readFileSync(join(portDir, `${SIREN}FEC20261231.txt`), 'utf8'), '\t', { from: '20260101', to: '20261231' });
    expect(problems).toEqual([]);
    expect([...new Set(rows.map((row) => row.pieceRef))]).toEqual(['Z2-1']);
    const companyDir = mkdtempSync(join(dir, 'company-'));
    expect(pos('export', 'fec', '--year', '2026', '--dir', companyDir).code).toBe(0);
    const company = checkFec(readFileSync(join(companyDir, `${SIREN}FEC20261231.txt`), 'utf8'), '\t', { from: '20260101', to: '20261231' });
    expect(company.problems).toEqual([]);
    expect(new Set(company.rows.map((row) => row.pieceRef))).toContain('Z2-1');
    expect(new Set(company.rows.map((row) => row.pieceRef)).size).toBeGreaterThan(1);
  }, SLOW);
});
