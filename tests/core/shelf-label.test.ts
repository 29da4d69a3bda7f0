// Shelf labels as pure documents, then as the ESC/POS bytes a printer gets,
// decoded back: name, category, big price, price per kg, PLU, EAN-13.
import { shelfLabel } from '../../src/core/catalogue/shelf-label.js';
import { parseCountedQuantity } from '../../src/core/stock/stock-count.js';
import { encodeReceipt } from '../../src/drivers/escpos.js';
import { decodeEscPos } from '../helpers/escpos-decoder.js';

describe('shelf labels', () => {
  const jam = { name: 'Confiture abricot 370g', plu: '101', price: 450, unit: 'unit' as const, category: 'Épicerie sucrée', barcodes: ['12345', '3017620422003'] };

  test('an article by the unit: name, category, big centred price, PLU and its EAN-13', () => {
    const doc = shelfLabel(jam);
    expect(doc.lines.map((l) => l.text.trim())).toEqual(['Confiture abricot 370g', 'Épicerie sucrée', '', '4,50 €', '', 'PLU 101']);
    const big = doc.lines.find((l) => l.big)!;
    expect(big.text).toBe(`${' '.repeat(7)}4,50 €`); // centred on 21 double-width columns
    expect(doc.lines[0]!.bold).toBe(true);
    expect(doc.barcode).toBe('3017620422003');
  });

  test('a weighed article says per kg; a long name wraps on two lines; no EAN-13 means no barcode', () => {
    const doc = shelfLabel({ name: 'Comté AOP affiné dix-huit mois chez le fromager', plu: '10001', price: 3290, unit: 'kg', category: 'Fromages', barcodes: [] }, 32);
    expect(doc.lines.map((l) => l.text.trim())).toEqual(['Comté AOP affiné dix-huit mois', 'chez le fromager', 'Fromages', '', '32,90 €/kg', 'Prix au kg : 32,90 €', '', 'PLU 10001']);
    expect(doc.lines.every((l) => l.text.length <= (l.big ? 16 : 32))).toBe(true);
    expect(doc.barcode).toBeNull();
    expect(shelfLabel({ ...jam, unit: 'kg' }, 42, 'en').lines.map((l) => l.text.trim())).toContain('Price per kg: €4.50');
  });

  test('encoded: double size around the price only, the barcode, a cut', async () => {
    const decoded = decodeEscPos(await encodeReceipt(shelfLabel(jam)));
    const at = decoded.sequence.findIndex((c) => c.name === 'line' && c.text.trim() === '4,50 €');
    expect(decoded.sequence[at - 1]).toEqual({ name: 'size', value: 0x11 });
    expect(decoded.sequence[at + 1]).toEqual({ name: 'size', value: 0 });
    expect(decoded.lines.map((l) => l.trim())).toContain('Épicerie sucrée');
    expect(decoded.commands).toContainEqual({ name: 'barcode', type: 2, data: expect.stringMatching(/^3017620422003?$/) });
    expect(decoded.commands.at(-1)?.name).toBe('cut');
  });
});

describe('counted quantities', () => {
  test('zero is an empty shelf; signs, fractions of units and garbage are refused', () => {
    expect(parseCountedQuantity('0', 'unit')).toEqual({ ok: true, value: 0 });
    expect(parseCountedQuantity('0,000', 'kg')).toEqual({ ok: true, value: 0 });
    expect(parseCountedQuantity('12', 'unit')).toEqual({ ok: true, value: 12000 });
    expect(parseCountedQuantity('1,250', 'kg')).toEqual({ ok: true, value: 1250 });
    expect(parseCountedQuantity('-1', 'unit')).toMatchObject({ ok: false });
    expect(parseCountedQuantity('+1', 'unit')).toMatchObject({ ok: false });
    expect(parseCountedQuantity('1,5', 'unit')).toMatchObject({ ok: false });
    expect(parseCountedQuantity('douze', 'unit')).toMatchObject({ ok: false });
  });
});
