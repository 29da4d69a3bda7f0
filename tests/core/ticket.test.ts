import {
  addLine,
  changeQuantity,
  computeTotals,
  isTicket,
  newTicket,
  overridePrice,
  repeatLine,
  setLineDiscount,
  setTicketDiscount,
  toggleReturn,
  voidLine,
  TicketError,
  type SellableArticle,
  type Ticket,
} from '../../src/core/sales/ticket.js';

const art = (over: Partial<SellableArticle> = {}): SellableArticle => ({
  id: 1,
  code: '3017620422003',
  name: 'Pâte à tartiner',
  categoryId: 1,
  unit: 'unit',
  price: 450,
  taxRateBp: 550,
  cost: 200,
  loyaltyPoints: 1,
  ...over,
});
const wine = art({ id: 2, code: '3760001', name: 'Bordeaux', price: 1290, taxRateBp: 2000 });
const comte = art({ id: 3, code: '10001', name: 'Comté 18 mois', unit: 'kg', price: 3290, taxRateBp: 550 });
const empty = (): Ticket => newTicket('t-1', '2026-11-22T10:00:00.000Z');

describe('ticket model', () => {
  test('adds lines and totals them', () => {
    let t = addLine(empty(), art(), 2000);
    t = addLine(t, wine, 1000);
    const totals = computeTotals(t);
    expect(totals.total).toBe(900 + 1290);
    expect(totals.grossTotal).toBe(2190);
    expect(totals.discountTotal).toBe(0);
    expect(totals.itemCount).toBe(3);
  });

  test('scanning the same article again adds to the last line', () => {
    let t = addLine(empty(), art(), 1000);
    t = addLine(t, art(), 1000);
    expect(t.lines).toHaveLength(1);
    expect(t.lines[0]!.quantity).toBe(2000);
    t = addLine(t, wine, 1000);
    t = addLine(t, art(), 1000);
    expect(t.lines).toHaveLength(3);
  });

  test('a return is never merged into a sale line', () => {
    let t = addLine(empty(), art(), 1000);
    t = addLine(t, art(), -1000);
    expect(t.lines).toHaveLength(2);
    expect(computeTotals(t).total).toBe(0);
  });

  test('weighed articles price by the gram, rounded half away from zero', () => {
    const t = addLine(empty(), comte, 255); // 0.255 kg x 32.90 = 8.3895 -> 8.39
    expect(computeTotals(t).total).toBe(839);
    const r = addLine(empty(), comte, -255);
    expect(computeTotals(r).total).toBe(-839);
  });

  test('changes quantity and refuses fractions of a unit article', () => {
    let t = addLine(empty(), art(), 1000);
    t = changeQuantity(t, 1, 5000);
    expect(computeTotals(t).total).toBe(2250);
    expect(() => changeQuantity(t, 1, 1500)).toThrow(TicketError);
    expect(() => changeQuantity(t, 1, 0)).toThrow(TicketError);
    expect(() => changeQuantity(t, 99, 1000)).toThrow(TicketError);
  });

  test('refuses absurd quantities and prices without changing the ticket', () => {
    const t = addLine(empty(), art(), 1000);
    expect(() => addLine(t, art(), 100_000_000)).toThrow(TicketError);
    expect(() => addLine(t, art(), 1.5)).toThrow(TicketError);
    expect(() => overridePrice(t, 1, -5)).toThrow(TicketError);
    expect(t.lines).toHaveLength(1);
  });

  test('voids a line', () => {
    let t = addLine(empty(), art(), 1000);
    t = addLine(t, wine, 1000);
    t = voidLine(t, 1);
    expect(t.lines.map((l) => l.name)).toEqual(['Bordeaux']);
    expect(computeTotals(t).total).toBe(1290);
  });

  test('toggles a line into a return and back', () => {
    let t = addLine(empty(), wine, 1000);
    t = toggleReturn(t, 1);
    expect(computeTotals(t).total).toBe(-1290);
    t = toggleReturn(t, 1);
    expect(computeTotals(t).total).toBe(1290);
  });

  test('line discount in percent and in amount', () => {
    let t = addLine(empty(), wine, 1000);
    t = setLineDiscount(t, 1, { kind: 'percent', bp: 1000 });
    expect(computeTotals(t).lines[0]).toMatchObject({ gross: 1290, lineDiscount: 129, total: 1161 });
    t = setLineDiscount(t, 1, { kind: 'amount', cents: 290 });
    expect(computeTotals(t).total).toBe(1000);
    expect(() => setLineDiscount(t, 1, { kind: 'amount', cents: 1291 })).toThrow(TicketError);
    expect(() => setLineDiscount(t, 1, { kind: 'percent', bp: 10001 })).toThrow(TicketError);
    t = setLineDiscount(t, 1, null);
    expect(computeTotals(t).total).toBe(1290);
  });

  test('a line discount on a return reduces the refund', () => {
    let t = addLine(empty(), wine, -1000);
    t = setLineDiscount(t, 1, { kind: 'amount', cents: 290 });
    expect(computeTotals(t).total).toBe(-1000);
  });

  test('ticket discount is shared over sale lines and sums exactly', () => {
    let t = addLine(empty(), art({ price: 333 }), 1000);
    t = addLine(t, wine, 1000);
    t = addLine(t, art({ id: 9, price: 101, taxRateBp: 1000 }), 1000);
    t = setTicketDiscount(t, { kind: 'percent', bp: 1000 });
    const totals = computeTotals(t);
    const sale = 333 + 1290 + 101;
    expect(totals.discountTotal).toBe(Math.round(sale * 0.1)); // 172.4 -> 172
    expect(totals.lines.reduce((a, l) => a + l.ticketDiscount, 0)).toBe(totals.discountTotal);
    expect(totals.total).toBe(sale - totals.discountTotal);
    expect(totals.vat.reduce((a, v) => a + v.total, 0)).toBe(totals.total);
  });

  test('ticket discount leaves return lines at their own price', () => {
    let t = addLine(empty(), wine, 1000);
    t = addLine(t, art(), -1000);
    t = setTicketDiscount(t, { kind: 'amount', cents: 290 });
    const totals = computeTotals(t);
    expect(totals.lines[1]!.ticketDiscount).toBe(0);
    expect(totals.total).toBe(1290 - 290 - 450);
  });

  test('an amount ticket discount larger than the sale is refused', () => {
    const t = addLine(empty(), wine, 1000);
    expect(() => setTicketDiscount(t, { kind: 'amount', cents: 1291 })).toThrow(TicketError);
    expect(() => setTicketDiscount(t, { kind: 'amount', cents: 0 })).toThrow(TicketError);
  });

  test('VAT is derived per rate and is always consistent with the total', () => {
    let t = addLine(empty(), art(), 3000); // 13.50 at 5.5 %
    t = addLine(t, wine, 1000); // 12.90 at 20 %
    const totals = computeTotals(t);
    expect(totals.vat).toEqual([
      { rateBp: 2000, total: 1290, tax: 215, base: 1075 },
      { rateBp: 550, total: 1350, tax: 70, base: 1280 },
    ]);
    expect(totals.taxTotal).toBe(285);
  });

  test('price override is flagged and can be undone', () => {
    let t = addLine(empty(), wine, 1000);
    t = overridePrice(t, 1, 1000);
    expect(t.lines[0]).toMatchObject({ unitPrice: 1000, listPrice: 1290, priceOverridden: true });
    t = overridePrice(t, 1, 1290);
    expect(t.lines[0]!.priceOverridden).toBe(false);
  });

  test('an override below a line amount discount is refused', () => {
    let t = addLine(empty(), wine, 1000);
    t = setLineDiscount(t, 1, { kind: 'amount', cents: 500 });
    expect(() => overridePrice(t, 1, 400)).toThrow(TicketError);
  });

  test('repeat copies the last line with a new id', () => {
    let t = addLine(empty(), comte, 250);
    t = repeatLine(t);
    expect(t.lines).toHaveLength(2);
    expect(t.lines[1]).toMatchObject({ id: 2, quantity: 250, name: 'Comté 18 mois' });
    expect(() => repeatLine(empty())).toThrow(TicketError);
  });

  test('edits never mutate the previous ticket', () => {
    const a = addLine(empty(), wine, 1000);
    const b = changeQuantity(a, 1, 3000);
    expect(a.lines[0]!.quantity).toBe(1000);
    expect(b.lines[0]!.quantity).toBe(3000);
  });

  test('isTicket recognises a stored ticket and rejects garbage', () => {
    const t = addLine(empty(), wine, 1000);
    expect(isTicket(JSON.parse(JSON.stringify(t)))).toBe(true);
    expect(isTicket({ id: 'x' })).toBe(false);
    expect(isTicket(null)).toBe(false);
    expect(isTicket({ ...t, lines: [{ id: 1, name: 'x', quantity: 'a' }] })).toBe(false);
  });
});
