// The pure rules of returns against the receipt: the receipt's code and
// number, cumulative refunds that add up to what was paid, the return line's
// exact price, and the tender proposed.
import { saleBarcode } from '../../src/core/sales/receipt.js';
import {
  decodeSaleBarcode,
  paidUnitAmounts,
  parseReceiptReference,
  proposedRefundMethod,
  refundAmount,
  returnPricing,
} from '../../src/core/sales/returns.js';
import { lineAmount } from '../../src/core/basics/quantity.js';
import { addReceiptReturn } from '../../src/core/sales/returns.js';
import { changeQuantity, computeTotals, newTicket, addLine, overridePrice, setLineDiscount, setTicketDiscount, toggleReturn, type SellableArticle } from '../../src/core/sales/ticket.js';

const article = (id: number, price: number, unit: 'unit' | 'kg' = 'unit'): SellableArticle => ({
  id, code: String(id), name: `A${id}`, categoryId: null, unit, price, taxRateBp: 550, cost: 0, loyaltyPoints: 0,
});

describe('returns against the receipt (rules)', () => {
  test("a receipt's EAN-13 gives back its till and number; typed numbers too", () => {
    expect(decodeSaleBarcode(saleBarcode(2, 15)!)).toEqual({ tillId: 2, number: 15 });
    expect(decodeSaleBarcode('2702000000150')).toBeNull(); // wrong check digit
    expect(decodeSaleBarcode('3017620422003')).toBeNull(); // an article
    expect(parseReceiptReference('15', 3)).toEqual({ tillId: 3, number: 15 });
    expect(parseReceiptReference('2/15', 3)).toEqual({ tillId: 2, number: 15 });
    expect(parseReceiptReference('2-15', 3)).toEqual({ tillId: 2, number: 15 });
    expect(parseReceiptReference(saleBarcode(1, 7)!, 3)).toEqual({ tillId: 1, number: 7 });
    expect(parseReceiptReference('abc', 3)).toBeNull();
  });

  test('paid amounts per line sum to the sale total to the cent, whatever the ticket discount', () => {
    let t = newTicket('t', '2026-11-20T09:00:00Z');
    t = addLine(t, article(1, 333), 3000);
    t = addLine(t, article(2, 1999), 1000);
    t = addLine(t, article(3, 3290, 'kg'), 251);
    t = setTicketDiscount(t, { kind: 'amount', cents: 101 });
    const totals = computeTotals(t);
    const lines = t.lines.map((l, i) => ({ lineNo: i + 1, quantity: l.quantity, total: totals.lines[i]!.total }));
    const paid = paidUnitAmounts(lines);
    expect(paid.reduce((a, p) => a + p.total, 0)).toBe(totals.total);
    expect(paid[0]!.unitPaid).toBe(Math.round((lines[0]!.total * 1000) / 3000));
  });

  test('returns of a line, in any number of goes, add up to exactly what was paid for it', () => {
    const line = { quantity: 7000, total: 1000 };
    const goes = [1000, 2000, 1000, 3000];
    let done = 0;
    let sum = 0;
    for (const q of goes) {
      sum += refundAmount(line, done, q);
      done += q;
    }
    expect(sum).toBe(1000);
    expect(() => refundAmount(line, 7000, 1000)).toThrow();
  });

  test('the return line is priced at the paid unit price, rounding in a discount of a few cents', () => {
    for (const [refund, q] of [[359, 1000], [718, 2000], [1001, 3000], [823, 250], [1, 3000]] as const) {
      const { unitPrice, discountCents } = returnPricing(refund, q);
      expect(lineAmount(unitPrice, q) - discountCents).toBe(refund);
      expect(discountCents).toBeLessThan(Math.max(1, q / 1000));
    }
  });

  test('the refund goes back by the largest tender of the sale', () => {
    expect(proposedRefundMethod([{ method: 'cash', amount: 500 }, { method: 'card', amount: 2000 }])).toBe('card');
    expect(proposedRefundMethod([])).toBeNull();
  });

  test('a return line against a receipt keeps what it was given: no quantity, price, discount or toggle change', () => {
    const receipt = {
      saleId: 9, tillId: 2, number: 15, customerId: null,
      lines: [{ lineNo: 1, articleId: 1, code: '1', name: 'A1', categoryId: null, unit: 'unit' as const, quantity: 2000, total: 814, taxRateBp: 550, cost: 0, loyaltyPoints: 5, returned: 0, returnable: 2000 }],
    };
    const t = addReceiptReturn(newTicket('t', '2026-11-20T09:00:00Z'), receipt, new Map([[1, 1000]]));
    const line = t.lines[0]!;
    expect(line).toMatchObject({ quantity: -1000, unitPrice: 407, loyaltyPoints: 0, origin: { saleId: 9, lineNo: 1, tillId: 2, saleNumber: 15 } });
    expect(computeTotals(t).total).toBe(-407);
    expect(() => changeQuantity(t, line.id, -2000)).toThrow(/refaites le retour/);
    expect(() => toggleReturn(t, line.id)).toThrow(/refaites le retour/);
    expect(() => overridePrice(t, line.id, 500)).toThrow(/refaites le retour/);
    expect(() => setLineDiscount(t, line.id, { kind: 'percent', bp: 1000 })).toThrow(/refaites le retour/);
    // The same line again on the same ticket counts what the ticket already returns.
    const both = addReceiptReturn(t, receipt, new Map([[1, 1000]]));
    expect(computeTotals(both).total).toBe(-814);
    expect(() => addReceiptReturn(both, receipt, new Map([[1, 1000]]))).toThrow(/au plus 0/);
    // A sale made without a customer never moved a card: a ticket for a customer may not take its return.
    expect(() => addReceiptReturn({ ...newTicket('u', '2026-11-20T09:00:00Z'), customerId: 4 }, receipt, new Map([[1, 1000]]))).toThrow(/sans client/);
  });
});
