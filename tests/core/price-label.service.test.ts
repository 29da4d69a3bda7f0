// Price-embedded scale labels (prefix 23/24) on an article sold by the kilo
// (issue #17, defect 2): the weight is the label's price over the price per
// kg, to the gram; the line's amount is exactly the label's; stock drops by
// the weight; nothing says the price was changed, on the stored sale or on
// the decoded receipt. An article by the unit keeps its labelled-item line.
import { sellable, type Article } from '../../src/core/catalogue/article.js';
import { DEFAULT_EMBEDDED_LAYOUTS, decodeEmbedded, encodeEmbedded } from '../../src/core/sales/barcode.js';
import { DEMO_ARTICLES, DEMO_LABELS } from '../../db/seeds/demo-data.js';
import { receiptDocument } from '../../src/core/sales/receipt.js';
import { addLine, changeQuantity, computeTotals, isTicket } from '../../src/core/sales/ticket.js';
import { encodeReceipt } from '../../src/drivers/escpos.js';
import { decodeEscPos } from '../helpers/escpos-decoder.js';
import { ENGINES } from '../helpers/engines.js';
import { coreFixture } from '../helpers/shop.js';

const PRICE_23 = DEFAULT_EMBEDDED_LAYOUTS.find((l) => l.prefix === '23')!;

describe.each(ENGINES)('price labels on weighed articles on %s', (engine) => {
  const fx = coreFixture(engine);
  let pate: Article;

  beforeAll(async () => {
    pate = await fx.core.catalog.createArticle({
      plu: '10013', name: 'Pâté de campagne', categoryId: fx.shop.comte.categoryId, price: 1990, taxRateId: fx.shop.comte.taxRateId,
      cost: 900, unit: 'kg', initialStock: 2500, minStock: 0,
    });
  });

  test('the lookup gives the weight (label / price per kg, to the gram) and the label\'s amount', async () => {
    const code = encodeEmbedded(PRICE_23, '10013', 500);
    expect(code).toBe('2310013005007'); // 23 · 10013 · 00500 · check digit
    const found = (await fx.core.catalog.lookup(code, DEFAULT_EMBEDDED_LAYOUTS))!;
    expect(found).toMatchObject({ quantity: 251, unit: 'kg', labelAmount: 500, embedded: 'price' });
    expect(found.unitPrice).toBeUndefined();
    // an article by the unit keeps its labelled item at the label's price
    const unitLabel = (await fx.core.catalog.lookup(encodeEmbedded(PRICE_23, '101', 399), DEFAULT_EMBEDDED_LAYOUTS))!;
    expect(unitLabel).toMatchObject({ quantity: 1000, unit: 'unit', unitPrice: 399, embedded: 'price' });
    expect(unitLabel.labelAmount).toBeUndefined();
  });

  test('the sale line: 0,251 kg x 19,90 €/kg at exactly 5,00, no price change, stock down 251 g; the receipt says so', async () => {
    const found = (await fx.core.catalog.lookup(encodeEmbedded(PRICE_23, '10013', 500), DEFAULT_EMBEDDED_LAYOUTS))!;
    const ticket = addLine(fx.core.tickets.create(), sellable(found.article, found.code), found.quantity!, { unit: found.unit, labelAmount: found.labelAmount });
    expect(isTicket(JSON.parse(JSON.stringify(ticket)))).toBe(true);
    const totals = computeTotals(ticket);
    expect(totals.total).toBe(500); // 0,251 x 19,90 would be 4,99
    const sale = await fx.core.sales.complete(ticket, [{ method: 'cash', amount: 500 }], fx.shop.cashier.id);
    const [line] = await fx.core.knex('sale_lines').where({ sale_id: sale.id });
    expect([line.unit, Number(line.quantity), Number(line.unit_price), Number(line.list_price), Number(line.gross), Number(line.total)]).toEqual(['kg', 251, 1990, 1990, 500, 500]);
    expect(Boolean(line.price_overridden)).toBe(false);
    expect((await fx.core.catalog.getArticle(pate.id))!.stockQty).toBe(2500 - 251);
    expect(await fx.core.stock.ledgerQuantity(pate.id)).toBe(2500 - 251);
    expect((await fx.core.journal.verify()).ok).toBe(true);

    const { input } = await fx.core.receipts.inputFor(sale);
    const printed = decodeEscPos(await encodeReceipt(receiptDocument(input))).lines;
    expect(printed).toContain('Pâté de campagne');
    expect(printed.some((l) => /^\s+0,251 kg x 19,90\/kg\s+5,00$/.test(l))).toBe(true);
    expect(printed.join('\n')).not.toMatch(/Prix modifié|au lieu de/);
  });

  test('a new weight typed on a label line is priced by the kilo again', () => {
    let ticket = addLine(fx.core.tickets.create(), sellable(pate), 251, { labelAmount: 500 });
    ticket = changeQuantity(ticket, ticket.lines[0]!.id, 300);
    expect(computeTotals(ticket).total).toBe(597);
    expect(ticket.lines[0]!.labelAmount).toBeNull();
  });
});

describe('the demo shop\'s scale labels', () => {
  test('each decodes to its weighed demo article, by the default layouts', () => {
    expect(DEMO_LABELS.map((l) => [l.code, l.name])).toEqual([
      ['2310013005007', 'Pâté de campagne'],
      [expect.stringMatching(/^241001001245\d$/), 'Jambon de Bayonne'],
      [expect.stringMatching(/^211000300250\d$/), 'Comté 18 mois'],
    ]);
    for (const label of DEMO_LABELS) {
      const article = DEMO_ARTICLES.find((a) => a.plu === label.plu)!;
      expect(article).toMatchObject({ name: label.name, unit: 'kg' });
      expect(decodeEmbedded(label.code)).toEqual({ itemCode: label.plu, kind: label.kind, value: label.value });
    }
  });
});
