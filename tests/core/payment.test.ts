import { settle } from '../../src/core/sales/payment.js';

describe('settling payments', () => {
  test('cash gives change', () => {
    const s = settle(1234, [{ method: 'cash', amount: 2000 }]);
    expect(s).toEqual({ ok: true, change: 766, tendered: 2000, payments: [{ method: 'cash', amount: 1234, tendered: 2000, reference: '' }] });
  });

  test('split tender: card then cash with change', () => {
    const s = settle(5000, [
      { method: 'card', amount: 3000 },
      { method: 'cash', amount: 2500 },
    ]);
    expect(s.ok && s.change).toBe(500);
    expect(s.ok && s.payments.map((p) => p.amount)).toEqual([3000, 2000]);
  });

  test('not enough: says what is left to pay', () => {
    const s = settle(5000, [{ method: 'cash', amount: 2000 }]);
    expect(s).toEqual({ ok: false, error: 'Reste à payer 30,00 €' });
  });

  test('a card is never charged more than the amount due', () => {
    expect(settle(1000, [{ method: 'card', amount: 1200 }]).ok).toBe(false);
    expect(settle(1000, [{ method: 'meal_voucher', amount: 1200 }]).ok).toBe(false);
  });

  test('a refund is paid out exactly, in negative amounts', () => {
    expect(settle(-1290, [{ method: 'cash', amount: -1290 }])).toMatchObject({ ok: true, change: 0 });
    expect(settle(-1290, [{ method: 'cash', amount: -1000 }]).ok).toBe(false);
    expect(settle(-1290, [{ method: 'cash', amount: 1290 }]).ok).toBe(false);
    expect(settle(-1290, [{ method: 'meal_voucher', amount: -1290 }]).ok).toBe(false);
  });

  test('a zero total (even exchange) needs no tender', () => {
    expect(settle(0, [])).toMatchObject({ ok: true, change: 0, payments: [] });
  });

  test('rejects unknown methods and zero or fractional amounts', () => {
    expect(settle(100, [{ method: 'bitcoin' as never, amount: 100 }]).ok).toBe(false);
    expect(settle(100, [{ method: 'cash', amount: 0 }]).ok).toBe(false);
    expect(settle(100, [{ method: 'cash', amount: 10.5 }]).ok).toBe(false);
  });
});
