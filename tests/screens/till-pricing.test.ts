// Automatic pricing in the sale: a "3 pour 2" appears with the third unit; a
// customer of a discounted group brings their price level and discount; the
// committed sale and its receipt keep the discount labels.
import { localDate } from '../../src/core/basics/clock.js';
import { buildReceipt } from '../../src/core/sales/receipt.js';
import { discountLines } from '../../src/core/sales/ticket.js';
import { tillFixture } from '../helpers/shop.js';
import { CTRL_K, DELETE, F12 } from '../helpers/key-codes.js';

describe('pricing in the sale', () => {
  const fx = tillFixture();
  let promoId: number;
  beforeAll(async () => {
    await fx.core.customers.defaultGroup();
    const pros = await fx.core.customers.createGroup({ name: 'Pros', discountBp: 500, priceLevel: 'pro' });
    await fx.core.customers.create({ code: '2900000000055', lastName: 'Boulangerie Martin', groupId: pros.id });
    await fx.core.promotions.setPrice({ level: 'pro', articleId: fx.shop.wine.id, price: 1100 });
    const day = (offset: number) => localDate(new Date(Date.now() + offset * 86_400_000));
    promoId = (await fx.core.promotions.create({ name: 'Promo 3 pour 2', kind: 'n_for_m', articleId: fx.shop.nutella.id, buyQty: 3, payQty: 2, from: day(-1), to: day(1) })).id;
  });

  test('the third unit brings the 3 pour 2; the customer brings level price and group discount; the sale keeps the labels', async () => {
    const { session: s, type } = await fx.till();
    await type('0000\r');
    await type('101\r101\r');
    expect(s.getState().totals.total).toBe(900);
    expect(discountLines(s.getState().ticket, s.getState().totals)).toEqual([]);
    await type('101\r');
    expect(s.getState().ticket.lines).toHaveLength(1);
    expect(discountLines(s.getState().ticket, s.getState().totals)).toEqual([
      { lineId: 1, label: 'Promo 3 pour 2', cents: 450, promotionId: promoId, automatic: true },
    ]);
    expect(s.getState().totals.total).toBe(900);
    await type('201\r');
    expect(s.getState().totals.total).toBe(900 + 1290);

    // The Pros customer: wine at the "pro" price less 5 %; the 3 pour 2 is the better deal on the spread.
    await type('2900000000055\r');
    expect(s.getState().customer?.group).toBe('Pros');
    const wine = s.getState().ticket.lines[1]!;
    expect([wine.unitPrice, wine.listPrice, wine.priceOverridden]).toEqual([1100, 1290, false]);
    expect(discountLines(s.getState().ticket, s.getState().totals).map((d) => [d.label, d.cents])).toEqual([
      ['Promo 3 pour 2', 450],
      ['Remise Pros 5 %', 55],
    ]);
    expect(s.getState().totals.total).toBe(900 + 1100 - 55);
    // The stored open ticket is the priced one (it survives a crash as shown).
    expect((await fx.core.tickets.restore())?.lines[1]?.autoDiscount?.label).toBe('Remise Pros 5 %');

    // Removing the customer puts the catalogue price back.
    await type(`${CTRL_K}${DELETE}`);
    expect(s.getState().customer).toBeNull();
    expect(s.getState().totals.total).toBe(900 + 1290);
    await type('2900000000055\r');
    expect(s.getState().totals.total).toBe(1945);

    await type(`${F12}c`);
    const [summary] = await fx.core.sales.list({ limit: 1 });
    const sale = (await fx.core.sales.get(summary!.id))!;
    expect(sale.total).toBe(1945);
    expect(sale.discountTotal).toBe(505);
    expect(sale.lines.map((l) => [l.name, l.lineDiscount, l.discountLabel, l.promotionId])).toEqual([
      ['Pâte à tartiner noisette', 450, 'Promo 3 pour 2', promoId],
      ['Bordeaux Supérieur 2022', 55, 'Remise Pros 5 %', null],
    ]);
    expect(sale.taxes.reduce((a, t) => a + t.total, 0)).toBe(1945);
    expect((await fx.core.journal.verify()).ok).toBe(true);
    const receipt = buildReceipt((await fx.core.receipts.inputFor(sale)).input);
    expect(receipt.some((l) => /^ {2}Promo 3 pour 2 +-4,50$/.test(l))).toBe(true);
    expect(receipt.some((l) => /^ {2}Remise Pros 5 % +-0,55$/.test(l))).toBe(true);
  });
});
