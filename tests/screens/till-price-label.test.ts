// A price label scanned at the till on an article sold by the kilo (issue #17,
// defect 2): the line is the weight at the price per kg, for exactly the
// label's amount, and is not a price change; two labels at once ("2*") are
// twice the weight and twice the amount.
import { join } from 'node:path';
import { DEFAULT_EMBEDDED_LAYOUTS, encodeEmbedded } from '../../src/core/sales/barcode.js';
import { computeTotals } from '../../src/core/sales/ticket.js';
import { FilePrinter } from '../../src/drivers/receipt-printer.js';
import { decodeKeys } from '../../src/screens/keys.js';
import { tillFixture } from '../helpers/shop.js';

describe('till: price labels on weighed articles', () => {
  const fx = tillFixture('sqlite');

  test('the label sets the weight and the amount; nothing says the price changed', async () => {
    const { session } = await fx.till({ printer: new FilePrinter(join(fx.dir, 'receipts.txt')), pin: '0000' });
    // Comté 18 mois at 32,90/kg, a 5,00 label: 152 g
    const label = encodeEmbedded(DEFAULT_EMBEDDED_LAYOUTS.find((l) => l.prefix === '23')!, '10001', 500);
    await session.feed(decodeKeys(`${label}\r`));
    const [line] = session.getState().ticket.lines;
    expect(line).toMatchObject({ name: 'Comté 18 mois', unit: 'kg', quantity: 152, unitPrice: 3290, priceOverridden: false, labelAmount: 500 });
    expect(computeTotals(session.getState().ticket).total).toBe(500);
    await session.feed(decodeKeys(`2*${label}\r`));
    expect(session.getState().ticket.lines[1]).toMatchObject({ unit: 'kg', quantity: 304, labelAmount: 1000, priceOverridden: false });
    expect(computeTotals(session.getState().ticket).total).toBe(1500);
  });
});
