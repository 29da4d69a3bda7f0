// A scale's reading on the ticket: the Dialog scale's own amount is the line's,
// so a reading the till would price differently adds nothing.
import { weighedQuantity } from '../../src/core/sales/scale-reading.js';

describe('weighed quantity from a scale reading', () => {
  test('a Toledo weight alone is the quantity', () => {
    expect(weighedQuantity({ weight: 251 }, 1990)).toEqual({ ok: true, quantity: 251 });
  });

  test('a Dialog reading whose amount the till computes the same way', () => {
    // 0,251 kg × 19,90 €/kg = 4,9949 € → 4,99 €
    expect(weighedQuantity({ weight: 251, unitPrice: 1990, amount: 499 }, 1990)).toEqual({ ok: true, quantity: 251 });
    // 1,250 kg × 32,90 = 41,125 → 41,13 (half away from zero on both sides)
    expect(weighedQuantity({ weight: 1250, unitPrice: 3290, amount: 4113 }, 3290)).toEqual({ ok: true, quantity: 1250 });
  });

  test('another unit price or another amount is refused with both figures', () => {
    expect(weighedQuantity({ weight: 251, unitPrice: 1890, amount: 474 }, 1990)).toMatchObject({ ok: false, reason: expect.stringContaining('18,90') });
    const r = weighedQuantity({ weight: 251, unitPrice: 1990, amount: 500 }, 1990);
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/5,00.*4,99/), fault: 'amount' });
  });

  test('no weight, no line', () => {
    expect(weighedQuantity({ weight: 0 }, 1990)).toEqual({ ok: false, reason: 'poids nul', fault: 'zero' });
    expect(weighedQuantity({ weight: -5 }, 1990).ok).toBe(false);
  });
});
