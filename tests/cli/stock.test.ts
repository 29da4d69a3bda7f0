// `pos stock …`, the stock reports and `pos labels print` with the real
// compiled program on a real SQLite file: receipts, adjustments, an inventory
// count from a CSV file (all or nothing) and from piped lines, CSV and JSON
// parsed back, bad arguments (exit code 2, nothing written), labels decoded
// from what a network printer received.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { openCore } from '../../src/core/shop/core.service.js';
import { decodeEscPos } from '../helpers/escpos-decoder.js';
import { PrinterEmulator } from '../helpers/printer-emulator.js';
import { POS_BIN, ROOT, runPos, runPosAsync } from '../helpers/run-pos.js';
import { smallShop, type SmallShop } from '../helpers/shop.js';

// Each test runs the real program several times: on a loaded machine that takes a while.
const SLOW = 240_000;

describe('pos stock and stock reports', () => {
  let dir: string;
  let db: string;
  let shop: SmallShop;

  // Read-only look at the file: no migration, so no lock held while a child `pos` runs.
  const stockOf = async (articleId: number) => {
    const core = await openCore({ db, migrate: false });
    try {
      return [await core.stock.quantity(articleId), await core.stock.ledgerQuantity(articleId)];
    } finally {
      await core.close();
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pos-stock-'));
    db = join(dir, 'pos.sqlite3');
    const core = await openCore({ db });
    try {
      shop = await smallShop(core);
    } finally {
      await core.close();
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('receive by barcode and by PLU, weighed in kg with a comma, with a new cost', async () => {
    const r = runPos(['stock', 'receive', '3017620422003', '6', '--cost', '2,30', '--note', 'BL 12', '--pin', '0000', '--db', db]);
    expect(r.stderr).toContain('Pâte à tartiner noisette : +6 reçu(s), stock 26');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('26\n');
    const kg = runPos(['stock', 'receive', '10001', '1,250', '--db', db], { POS_PIN: '0000' });
    expect(kg.code).toBe(0);
    expect(kg.stdout).toBe('6,250 kg\n');
    expect(await stockOf(shop.comte.id)).toEqual([6250, 6250]);
  }, SLOW);

  test('bad arguments exit with 2 and move nothing', async () => {
    const cases = [
      ['stock', 'receive', '999', '1', '--pin', '0000'],
      ['stock', 'receive', '101', '1,5', '--pin', '0000'],
      ['stock', 'receive', '101', 'abc', '--pin', '0000'],
      ['stock', 'receive', '101', '2', '--cost', 'cher', '--pin', '0000'],
      ['stock', 'receive', '101', '2'],
      ['stock', 'adjust', '101', '-1', '--pin', '1234'],
      ['stock', 'adjust', '101', '-1', '--reason', 'theft', '--pin', '1234'],
      ['stock', 'adjust', '101', '2', '--reason', 'loss', '--pin', '1234'],
      ['stock', 'moves', '101', '--from', '20/11/2026'],
      ['report', 'slow-movers', '--days', '0'],
    ];
    for (const args of cases) {
      const r = runPos([...args, '--db', db]);
      expect([args.join(' '), r.code]).toEqual([args.join(' '), 2]);
      expect(r.stderr).not.toBe('');
      expect(r.stdout).toBe('');
    }
    expect(await stockOf(shop.nutella.id)).toEqual([26000, 26000]);
  }, SLOW);

  test('adjustments need a manager; a loss is a move with its reason, author and note', async () => {
    const cashier = runPos(['stock', 'adjust', '101', '-1', '--reason', 'loss', '--pin', '0000', '--db', db]);
    expect(cashier.code).toBe(1);
    expect(cashier.stderr).toContain('« Corriger le stock, inventaire » demande un responsable');
    const r = runPos(['stock', 'adjust', '101', '-2', '--reason', 'loss', '--note', 'pots cassés', '--pin', '1234', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('24\n');
    const csv = runPos(['stock', 'moves', '101', '--format', 'csv', '--db', db]);
    expect(csv.code).toBe(0);
    const rows = parse(csv.stdout, { delimiter: ';', columns: true }) as Array<Record<string, string>>;
    expect(rows.map((m) => [m.reason, m.quantity, m.employee])).toEqual([
      ['initial', '20.000', ''], ['receipt', '6.000', 'Léa Caissière'], ['loss', '-2.000', 'Marc Gérant'],
    ]);
    expect(rows[2]!.note).toBe('pots cassés');
    const table = runPos(['stock', 'moves', '101', '--db', db]);
    expect(table.stdout).toMatch(/Perte +-2 +24 +Marc Gérant +pots cassés/);
  }, SLOW);

  test('a count file with one bad line is refused whole; a good one posts the differences', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'plu;quantite\n101;20\n999;4\n10001;1,2345\n201;-1\n');
    const refused = runPos(['stock', 'count', bad, '--pin', '1234', '--db', db]);
    expect(refused.code).toBe(2); // a refused file is bad input
    expect(refused.stderr).toContain('ligne 3 : article inconnu « 999 »');
    expect(refused.stderr).toContain('ligne 4 : trois décimales au plus');
    expect(refused.stderr).toContain('ligne 5 : quantité comptée sans signe attendue');
    expect(refused.stderr).toContain('aucun mouvement de stock écrit');
    expect(await stockOf(shop.nutella.id)).toEqual([24000, 24000]);

    const good = join(dir, 'good.csv');
    writeFileSync(good, 'code,quantity\n3017620422003,15\n10001,"4,800"\n101,5\n201,0\n');
    const ok = runPos(['stock', 'count', good, '--pin', '1234', '--format', 'json', '--db', db]);
    expect(ok.stderr).toContain('Inventaire validé : 3 article(s) compté(s), 3 écart(s)');
    expect(ok.code).toBe(0);
    const lines = JSON.parse(ok.stdout) as Array<{ name: string; expected: number; counted: number; difference: number }>;
    expect(lines.map((l) => [l.name, l.expected, l.counted, l.difference])).toEqual([
      ['Pâte à tartiner noisette', 24000, 20000, -4000],
      ['Comté 18 mois', 6250, 4800, -1450],
      ['Bordeaux Supérieur 2022', 12000, 0, -12000],
    ]);
    expect(await stockOf(shop.nutella.id)).toEqual([20000, 20000]);
    expect(await stockOf(shop.wine.id)).toEqual([0, 0]);
  }, SLOW);

  test('a count from piped lines "CODE QUANTITY"', async () => {
    const r = spawnSync(process.execPath, [POS_BIN, 'stock', 'count', '--pin', '1234', '--db', db], {
      cwd: ROOT, encoding: 'utf8', input: '201 3\n101 21\n', env: { ...process.env, POS_DB: '', POS_TILL: '' },
    });
    expect(r.stderr).toContain('Inventaire validé : 2 article(s)');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/Bordeaux Supérieur 2022 +0 +3 +\+3/);
    expect(await stockOf(shop.wine.id)).toEqual([3000, 3000]);
  }, SLOW);

  test('low stock, valuation and slow movers as CSV and JSON', () => {
    const low = runPos(['stock', 'low', '--format', 'json', '--db', db]);
    expect(low.code).toBe(0);
    const rows = JSON.parse(low.stdout) as Array<{ name: string; stockQty: number; minStock: number }>;
    expect(rows.map((r) => [r.name, r.stockQty, r.minStock])).toEqual([['Bordeaux Supérieur 2022', 3000, 3000]]);
    const lowCsv = parse(runPos(['report', 'low-stock', '--format', 'csv', '--db', db]).stdout, { delimiter: ';', columns: true }) as Array<Record<string, string>>;
    expect(lowCsv).toEqual([expect.objectContaining({ plu: '201', stock: '3.000', min_stock: '3.000', on_order: '0.000', category: 'Cave' })]);

    const value = runPos(['report', 'stock-value', '--format', 'csv', '--db', db]);
    expect(value.code).toBe(0);
    const v = parse(value.stdout, { delimiter: ';', columns: true }) as Array<Record<string, string>>;
    // nutella 21 x 2,30 = 48,30 + comté 4,8 kg x 18,00 = 86,40; wine 3 x 6,20 = 18,60
    expect(v).toEqual([
      { category: 'Épicerie', articles: '2', value: '134.70' },
      { category: 'Cave', articles: '1', value: '18.60' },
      { category: 'TOTAL', articles: '3', value: '153.30' },
    ]);
    const slow = runPos(['report', 'slow-movers', '--days', '30', '--format', 'csv', '--db', db]);
    const s = parse(slow.stdout, { delimiter: ';', columns: true }) as Array<Record<string, string>>;
    expect(s.map((r) => [r.name, r.last_sale])).toEqual([['Comté 18 mois', ''], ['Pâte à tartiner noisette', ''], ['Bordeaux Supérieur 2022', '']]);
  }, SLOW);

  test('shelf labels reach a network printer: big price, price per kg, EAN-13', async () => {
    const emulator = new PrinterEmulator();
    await emulator.start();
    try {
      const r = await runPosAsync(['labels', 'print', '101', '--category', 'épicerie', '--copies', '2', '--db', db, '--printer', `tcp://127.0.0.1:${emulator.port}`]);
      expect(r.stderr).toContain('6 étiquette(s) imprimée(s)');
      expect(r.code).toBe(0);
      const page = decodeEscPos(Buffer.concat(emulator.jobs));
      expect(page.commands.filter((c) => c.name === 'cut')).toHaveLength(6);
      const text = page.lines.map((l) => l.trim());
      expect(text.filter((l) => l === 'Pâte à tartiner noisette')).toHaveLength(4);
      expect(text).toContain('4,50 €');
      expect(text).toContain('32,90 €/kg');
      expect(text).toContain('Prix au kg : 32,90 €');
      expect(page.commands).toContainEqual({ name: 'barcode', type: 2, data: expect.stringMatching(/^3017620422003?$/) });
      expect(page.commands).toContainEqual({ name: 'size', value: 0x11 });
    } finally {
      await emulator.stop();
    }
    const none = runPos(['labels', 'print', '--db', db, '--printer', 'none']);
    expect(none.code).toBe(2);
  }, SLOW);
});
