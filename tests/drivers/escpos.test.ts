// Receipts as a printer receives them: ESC/POS bytes decoded back into text
// and commands. Accents and € survive the CP858 code page, the VAT lines add
// up, the cut is last, and the drawer kick comes only when asked for.
import type { Core } from '../../src/core/shop/core.service.js';
import { sellable } from '../../src/core/catalogue/article.js';
import { receiptDocument, saleBarcode } from '../../src/core/sales/receipt.js';
import { addLine, setLineDiscount, computeTotals } from '../../src/core/sales/ticket.js';
import { drawerKick, encodeReceipt } from '../../src/drivers/escpos.js';
import type { Sale } from '../../src/core/sales/sales.service.js';
import { decodeEscPos } from '../helpers/escpos-decoder.js';
import { newTestDb, type TestDb } from '../helpers/engines.js';
import { smallShop } from '../helpers/shop.js';

describe('ESC/POS receipts', () => {
  let db: TestDb;
  let core: Core;
  let sale: Sale;

  beforeAll(async () => {
    db = newTestDb('sqlite');
    core = await db.core();
    const shop = await smallShop(core);
    let t = core.tickets.create();
    t = addLine(t, sellable(shop.nutella), 2000);
    t = addLine(t, sellable(shop.comte), 254);
    t = addLine(t, sellable(shop.wine), 1000);
    t = setLineDiscount(t, t.lines[2]!.id, { kind: 'percent', bp: 1000 });
    t = addLine(t, sellable(shop.nutella), -1000);
    const total = computeTotals(t).total;
    sale = await core.sales.complete(t, [{ method: 'cash', amount: Math.ceil(total / 1000) * 1000 }], shop.cashier.id);
  });
  afterAll(async () => {
    await core.close();
    await db.cleanup();
  });

  const shopInfo = {
    name: 'Épicerie Fine du Marais',
    address: ['12 rue des Rosiers', '75004 Paris'],
    header: ['Produits du terroir & vins'],
    footer: ['Merci, à bientôt !', 'Échange sous 15 jours'],
    siret: '812 345 678 00014',
    vatNumber: 'FR32812345678',
  };
  const doc = (columns = 42, duplicate?: number) =>
    receiptDocument({ sale, shop: shopInfo, cashierName: 'Léa Caissière', tillName: 'Caisse 1', columns, duplicate });

  test('init, CP858, then text with its accents and the euro sign', async () => {
    const decoded = decodeEscPos(await encodeReceipt(doc()));
    expect(decoded.commands[0]).toEqual({ name: 'init' });
    expect(decoded.commands[1]).toEqual({ name: 'codePage', table: 19 });
    const text = decoded.lines.join('\n');
    for (const word of ['Épicerie Fine du Marais', 'Pâte à tartiner noisette', 'Comté 18 mois', 'Caissière', 'Merci, à bientôt !', 'Échange']) {
      expect(text).toContain(word);
    }
    expect(decoded.lines.find((l) => l.startsWith('TOTAL'))).toMatch(/TOTAL\s+\d+,\d\d €$/);
  });

  test('quantities, the discount, the return, the VAT per rate that adds up', async () => {
    const decoded = decodeEscPos(await encodeReceipt(doc()));
    const lines = decoded.lines;
    expect(lines).toContain('RETOUR Pâte à tartiner noisette');
    expect(lines.some((l) => /^\s+2 x 4,50\s+9,00$/.test(l))).toBe(true);
    expect(lines.some((l) => /^\s+0,254 kg x 32,90\/kg\s+8,36$/.test(l))).toBe(true);
    // the cashier's F6 discount keeps its label (issue #17, defect 4)
    expect(lines.some((l) => /^\s+Remise 10 %\s+-1,29$/.test(l))).toBe(true);
    const vatRows = lines.filter((l) => /^\d+(,\d+)? %/.test(l));
    expect(vatRows).toHaveLength(2);
    const ttc = vatRows.map((l) => Number(l.trim().split(/\s+/).at(-1)!.replace(',', '.')));
    expect(Math.round(ttc.reduce((a, b) => a + b, 0) * 100)).toBe(sale.total);
    expect(lines.some((l) => l.startsWith('Rendu'))).toBe(true);
  });

  test('an EAN-13 of the till and sale number, then the cut, last; no drawer kick in a receipt', async () => {
    const decoded = decodeEscPos(await encodeReceipt(doc()));
    const barcode = decoded.commands.find((c) => c.name === 'barcode');
    expect(barcode).toMatchObject({ type: 2, data: expect.stringMatching(/^2701\d{8,9}$/) });
    expect(saleBarcode(1, sale.number)!.startsWith((barcode as { data: string }).data.slice(0, 12))).toBe(true);
    expect(decoded.commands.at(-1)).toEqual({ name: 'cut', partial: false });
    expect(decoded.commands.some((c) => c.name === 'drawerKick')).toBe(false);
  });

  test('32 and 48 columns; a duplicate says so', async () => {
    for (const columns of [32, 48]) {
      const decoded = decodeEscPos(await encodeReceipt(doc(columns)));
      expect(decoded.lines.filter((l) => l.length > columns)).toEqual([]);
    }
    const dup = decodeEscPos(await encodeReceipt(doc(42, 2)));
    expect(dup.lines.some((l) => l.includes('DUPLICATA 2'))).toBe(true);
  });

  test('other code pages, and unknown ones refused', async () => {
    const cp1252 = decodeEscPos(await encodeReceipt(doc(), { codePage: 'cp1252' }));
    expect(cp1252.commands[1]).toEqual({ name: 'codePage', table: 16 });
    expect(cp1252.lines.join('\n')).toContain('Épicerie');
    await expect(encodeReceipt(doc(), { codePage: 'klingon' })).rejects.toThrow('page de codes inconnue');
  });

  test('the customer is named on the receipt', async () => {
    const withCustomer = receiptDocument({ sale, shop: shopInfo, cashierName: 'Léa', tillName: 'Caisse 1', columns: 42, customerName: 'Hélène Dupont' });
    const decoded = decodeEscPos(await encodeReceipt(withCustomer));
    expect(decoded.lines).toContain('Client : Hélène Dupont');
  });

  test('the drawer kick: pin and pulse times', () => {
    expect(decodeEscPos(drawerKick()).commands).toEqual([{ name: 'drawerKick', pin: 2, onMs: 100, offMs: 500 }]);
    expect(decodeEscPos(drawerKick({ pin: 5, onMs: 50, offMs: 250 })).commands).toEqual([{ name: 'drawerKick', pin: 5, onMs: 50, offMs: 250 }]);
  });
});
