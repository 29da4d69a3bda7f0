// Copying a past sale into the open ticket: today's article (price, name,
// tax), the same quantity (returns stay returns), articles no longer sold or
// sold differently skipped and named; the ticket's own lines are kept.
import { repeatSale, type PastLine } from '../../src/core/sales/repeat-sale.js';
import { addLine, computeTotals, newTicket, setCustomer, type SellableArticle } from '../../src/core/sales/ticket.js';

const art = (over: Partial<SellableArticle> = {}): SellableArticle => ({
  id: 1,
  code: '101',
  name: 'Pâte à tartiner',
  categoryId: 1,
  unit: 'unit',
  price: 450,
  taxRateBp: 550,
  cost: 200,
  loyaltyPoints: 1,
  ...over,
});
const spread = art();
const wine = art({ id: 2, code: '201', name: 'Bordeaux', price: 1290, taxRateBp: 2000 });
const comte = art({ id: 3, code: '10001', name: 'Comté 18 mois', unit: 'kg', price: 3290 });
const past = (over: Partial<PastLine> = {}): PastLine => ({ articleId: 1, code: '3017620422003', name: 'Pâte à tartiner (ancien nom)', unit: 'unit', quantity: 2000, ...over });
const catalogue = (...articles: SellableArticle[]) => new Map(articles.map((a) => [a.id!, a]));
const empty = () => newTicket('t1', '2026-11-23T10:00:00.000Z');

describe('repeatSale', () => {
  test('lines come back with the current price, name and tax, the same quantity and the scanned code', () => {
    const now = art({ price: 480, name: 'Pâte à tartiner noisette', taxRateBp: 2000 });
    const r = repeatSale(empty(), [past()], catalogue(now));
    expect(r).toMatchObject({ added: 1, skipped: [] });
    expect(r.ticket.lines).toEqual([
      expect.objectContaining({ articleId: 1, code: '3017620422003', name: 'Pâte à tartiner noisette', quantity: 2000, unitPrice: 480, listPrice: 480, taxRateBp: 2000, priceOverridden: false, discount: null }),
    ]);
    expect(computeTotals(r.ticket).total).toBe(960);
  });

  test('a return stays a return; a weighed line keeps its weight', () => {
    const r = repeatSale(empty(), [past({ quantity: -1000 }), past({ articleId: 3, unit: 'kg', quantity: 250, name: 'Comté' })], catalogue(spread, comte));
    expect(r.ticket.lines.map((l) => [l.articleId, l.quantity, l.unit])).toEqual([[1, -1000, 'unit'], [3, 250, 'kg']]);
    expect(computeTotals(r.ticket).total).toBe(-450 + 823);
  });

  test('articles no longer sold (or a free line) are skipped and reported, the others still added', () => {
    const r = repeatSale(empty(), [past({ articleId: 2, name: 'Bordeaux 2019' }), past(), past({ articleId: null, name: 'Divers' })], catalogue(spread));
    expect(r.added).toBe(1);
    expect(r.skipped).toEqual([{ name: 'Bordeaux 2019', reason: 'not_sold' }, { name: 'Divers', reason: 'not_sold' }]);
    expect(r.ticket.lines.map((l) => l.articleId)).toEqual([1]);
  });

  test('a price-label line of a weighed article (sold as one item) cannot be priced again: skipped', () => {
    const r = repeatSale(empty(), [past({ articleId: 3, unit: 'unit', quantity: 1000, name: 'Comté (étiquette)' })], catalogue(comte));
    expect(r).toMatchObject({ added: 0, skipped: [{ name: 'Comté (étiquette)', reason: 'unit_changed' }] });
    expect(r.ticket.lines).toEqual([]);
  });

  test("the open ticket's lines, customer and ids are kept; new lines get fresh ids", () => {
    let ticket = setCustomer(addLine(empty(), wine, 1000), 7);
    ticket = repeatSale(ticket, [past(), past({ articleId: 2, quantity: 3000 })], catalogue(spread, wine)).ticket;
    expect(ticket.customerId).toBe(7);
    expect(ticket.lines.map((l) => [l.id, l.articleId, l.quantity])).toEqual([[1, 2, 1000], [2, 1, 2000], [3, 2, 3000]]);
    expect(ticket.nextLineId).toBe(4);
  });

  test('an empty past sale or an empty catalogue changes nothing', () => {
    const ticket = addLine(empty(), wine, 1000);
    expect(repeatSale(ticket, [], catalogue(spread)).ticket).toBe(ticket);
    const r = repeatSale(ticket, [past()], new Map());
    expect(r.ticket).toBe(ticket);
    expect(r.added).toBe(0);
  });

  test('a bad past quantity is refused by the ticket rules, not copied', () => {
    expect(() => repeatSale(empty(), [past({ quantity: 0 })], catalogue(spread))).toThrow('Quantité invalide');
  });
});
