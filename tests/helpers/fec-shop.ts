// The sales the FEC tests export, made through the services on the small shop
// (helpers/shop.ts) with a clock the test moves: a closed day of 2025 (outside
// 2026), two closed days of March 2026 with cash and its change, a card, a
// sale on account of a customer with accents in her name, a cash refund, a
// cheque with cash, a meal voucher, a weighed article; beside the sales an
// account payment (an entry of its own) and a cash out (never in the FEC);
// then a day of 2026 sold but not closed.
import type { Customer } from '../../src/core/customers/customers.service.js';
import { sellable } from '../../src/core/catalogue/article.js';
import type { Core } from '../../src/core/shop/core.service.js';
import { addLine, setCustomer, type Ticket } from '../../src/core/sales/ticket.js';
import type { SmallShop, ShopArticle } from './shop.js';

export const SIRET = '812 345 678 00014';
export const SIREN = '812345678';
/** the closed days of 2026, and the one sold without its Z */
export const CLOSED_2026 = ['2026-03-10', '2026-03-11'];
export const OPEN_DAY = '2026-03-12';

export interface FecShop {
  elodie: Customer;
}

/**
 * Sells, closes and moves `setNow` through the days; leaves the clock on the
 * open day. With `till2` (a core of till 2 on the same database and clock),
 * till 2 also sells on 2026-03-11 and makes its own Z.
 */
export async function fecShop(core: Core, shop: SmallShop, setNow: (d: Date) => void, till2?: Core): Promise<FecShop> {
  const ticket = (customer: Customer | null, ...items: Array<[ShopArticle, number]>): Ticket => {
    let t = core.tickets.create();
    for (const [key, qty] of items) t = addLine(t, sellable(shop[key]), qty);
    return setCustomer(t, customer?.id ?? null);
  };
  const sell = (t: Ticket, tenders: Array<{ method: 'cash' | 'card' | 'cheque' | 'meal_voucher' | 'voucher' | 'account'; amount: number }>) =>
    core.sales.complete(t, tenders, shop.cashier.id);

  setNow(new Date(2025, 11, 31, 10, 0));
  await sell(ticket(null, ['wine', 1000]), [{ method: 'cash', amount: 1290 }]);
  setNow(new Date(2025, 11, 31, 20, 0));
  await core.closings.zClose('2025-12-31', { cash: 1290 }, shop.manager.id);

  setNow(new Date(2026, 2, 10, 9, 0));
  const elodie = await core.customers.create({ code: 'ELODIE', firstName: 'Élodie', lastName: 'Dupré', overdraftLimit: 10000 });
  await sell(ticket(null, ['wine', 2000]), [{ method: 'cash', amount: 3000 }]); // 25,80, 4,20 given back
  await sell(ticket(null, ['nutella', 1000]), [{ method: 'card', amount: 450 }]);
  await sell(ticket(elodie, ['wine', 1000], ['nutella', 1000]), [{ method: 'account', amount: 1740 }]);
  await sell(ticket(null, ['wine', -1000]), [{ method: 'cash', amount: -1290 }]);
  await sell(ticket(null, ['nutella', -1000]), [{ method: 'voucher', amount: -450 }]); // refunded as a credit note
  await core.closings.recordMovement({ kind: 'out', amount: 500, reason: 'Timbres', employeeId: shop.manager.id });
  await core.accounts.receivePayment({ customerId: elodie.id, amount: 1000, method: 'cash', employeeId: shop.cashier.id });
  setNow(new Date(2026, 2, 10, 20, 0));
  await core.closings.zClose('2026-03-10', { cash: 0 }, shop.manager.id);

  setNow(new Date(2026, 2, 11, 10, 0));
  await sell(ticket(null, ['comte', 500], ['wine', 1000]), [{ method: 'cheque', amount: 2000 }, { method: 'cash', amount: 935 }]); // 16,45 + 12,90
  await sell(ticket(null, ['nutella', 2000]), [{ method: 'meal_voucher', amount: 900 }]);
  if (till2) await till2.sales.complete(addLine(till2.tickets.create(), sellable(shop.nutella), 1000), [{ method: 'card', amount: 450 }], shop.cashier.id);
  setNow(new Date(2026, 2, 11, 20, 0));
  await core.closings.zClose('2026-03-11', { cash: 935 }, shop.manager.id);
  if (till2) await till2.closings.zClose('2026-03-11', { cash: 0 }, shop.manager.id);

  setNow(new Date(2026, 2, 12, 10, 0));
  await sell(ticket(null, ['nutella', 1000]), [{ method: 'cash', amount: 450 }]);
  return { elodie };
}

/** The word each payment on account keeps as its note, written here again (not read from the program). */
const PAYMENT_NOTE_METHODS: Record<string, string> = { 'espèces': 'cash', carte: 'card', 'chèque': 'cheque', mobile: 'mobile' };

/**
 * The Z figures of the closed days of 2026, every till, as stored, with the
 * payments received on account that day at that till (read from their own
 * table): what the FEC must add up to.
 */
export async function closedDays(core: Core): Promise<Array<{ date: string; tillId: number; byMethod: Record<string, number>; byRate: Array<{ rateBp: number; base: number; tax: number }>; accountPayments: Array<{ method: string; amount: number }> }>> {
  const rows = await core.knex('closings').where({ kind: 'day' }).whereIn('period', CLOSED_2026).orderBy(['period', 'till_id']);
  const payments = await core.knex('account_entries').where({ kind: 'payment' }).select('till_id', 'amount', 'note', 'created_at');
  const localDay = (iso: string) => {
    const d = new Date(iso);
    return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
  };
  return rows.map((r) => {
    const totals = JSON.parse(String(r.totals)) as { byMethod: Record<string, number>; byRate: Array<{ rateBp: number; base: number; tax: number }> };
    const date = String(r.period);
    const tillId = Number(r.till_id);
    const accountPayments = payments
      .filter((p) => Number(p.till_id) === tillId && localDay(String(p.created_at)) === date)
      .map((p) => ({ method: PAYMENT_NOTE_METHODS[String(p.note)]!, amount: -Number(p.amount) }));
    return { date, tillId, byMethod: totals.byMethod, byRate: totals.byRate, accountPayments };
  });
}
