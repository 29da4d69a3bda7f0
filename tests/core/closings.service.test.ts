import { InputError, ValidationError } from '../../src/core/basics/errors.js';
import { signLink } from '../../src/core/fiscal/journal-keys.service.js';
import { canonicalClosing, chainHash, type CanonicalClosing } from '../../src/core/fiscal/journal.js';
import { ENGINES } from '../helpers/engines.js';
import { coreFixture } from '../helpers/shop.js';

describe.each(ENGINES)('cash and closings on %s', (engine) => {
  // Noon UTC keeps the business day the same in any shop time zone.
  let now = new Date('2026-11-20T12:00:00.000Z');
  const fx = coreFixture(engine, { clock: () => now });
  const DAY1 = '2026-11-20';
  const DAY2 = '2026-11-21';

  const tick = () => {
    now = new Date(now.getTime() + 60_000);
  };

  /** The day's payments and VAT straight from SQL, independent of the service. */
  async function sqlDay(date: string) {
    const methods = await fx.core.knex('payments as p').join('sales as s', 's.id', 'p.sale_id')
      .where({ 's.till_id': fx.core.tillId, 's.business_date': date }).groupBy('p.method').select('p.method').sum({ amount: 'p.amount' });
    const rates = await fx.core.knex('sale_taxes as t').join('sales as s', 's.id', 't.sale_id')
      .where({ 's.till_id': fx.core.tillId, 's.business_date': date }).groupBy('t.rate_bp').select('t.rate_bp').sum({ total: 't.total', tax: 't.tax' });
    const total = await fx.core.knex('sales').where({ till_id: fx.core.tillId, business_date: date }).sum({ total: 'total' }).count({ n: '*' }).first();
    return {
      byMethod: Object.fromEntries((methods as Array<Record<string, unknown>>).map((m) => [String(m.method), Number(m.amount)])),
      byRate: Object.fromEntries((rates as Array<Record<string, unknown>>).map((r) => [Number(r.rate_bp), { total: Number(r.total), tax: Number(r.tax) }])),
      total: Number(total?.total ?? 0),
      count: Number(total?.n ?? 0),
    };
  }

  test('float, cash in and out: validated, then counted in the cash expected', async () => {
    await expect(fx.core.closings.recordMovement({ kind: 'in', amount: 1000, employeeId: fx.shop.cashier.id })).rejects.toThrow('motif');
    await expect(fx.core.closings.recordMovement({ kind: 'out', amount: 0, reason: 'x', employeeId: fx.shop.cashier.id })).rejects.toThrow('positif');
    await fx.core.closings.recordMovement({ kind: 'float', amount: 15000, employeeId: fx.shop.manager.id });
    await expect(fx.core.closings.recordMovement({ kind: 'float', amount: 100, employeeId: fx.shop.manager.id })).rejects.toThrow('déjà saisi');
    await fx.core.closings.recordMovement({ kind: 'in', amount: 2000, reason: 'Monnaie de la banque', employeeId: fx.shop.manager.id });
    await fx.core.closings.recordMovement({ kind: 'out', amount: 3500, reason: 'Facture laitier', employeeId: fx.shop.manager.id });
    const moves = await fx.core.closings.movements(DAY1);
    expect(moves.map((m) => [m.kind, m.amount, m.reason, m.employeeName])).toEqual([
      ['float', 15000, '', fx.shop.manager.name],
      ['in', 2000, 'Monnaie de la banque', fx.shop.manager.name],
      ['out', 3500, 'Facture laitier', fx.shop.manager.name],
    ]);
    // Another day has none of them.
    expect(await fx.core.closings.movements(DAY2)).toEqual([]);
  });

  test('X report: running totals equal to SQL, writes nothing', async () => {
    tick();
    await fx.core.sales.complete(fx.ticketOf(['nutella', 2000], ['wine', 1000]), [{ method: 'cash', amount: 5000 }], fx.shop.cashier.id); // 2190, change 2810
    tick();
    await fx.core.sales.complete(fx.ticketOf(['wine', 2000]), [{ method: 'card', amount: 2580 }], fx.shop.cashier.id);
    tick();
    await fx.core.sales.complete(fx.ticketOf(['nutella', -1000]), [{ method: 'cash', amount: -450 }], fx.shop.manager.id);
    // Two lines voided and a ticket abandoned, as the till records them; a refund is not a void.
    tick();
    await fx.core.audit.record({ kind: 'void_line', employeeId: fx.shop.cashier.id, details: { ticket: 'a', name: 'Nutella', quantity: 2000, unitPrice: 450 } });
    await fx.core.audit.record({ kind: 'void_line', employeeId: fx.shop.cashier.id, details: { ticket: 'a', name: 'Vin', quantity: 1000, unitPrice: 1290 } });
    await fx.core.audit.record({ kind: 'cancel_ticket', employeeId: fx.shop.cashier.id, details: { ticket: 'b', lines: 2, total: 3480 } });
    await fx.core.audit.record({ kind: 'refund', employeeId: fx.shop.manager.id, details: { total: 100 } });
    const x = await fx.core.closings.xReport(DAY1);
    expect(x.totals.voids).toEqual({ voidedLines: 2, voidedAmount: 900 + 1290, cancelledTickets: 1, cancelledAmount: 3480 });
    const sql = await sqlDay(DAY1);
    expect(x.closed).toBe(false);
    expect(x.totals.salesCount).toBe(3);
    expect(x.totals.total).toBe(sql.total);
    expect(x.totals.byMethod).toEqual(sql.byMethod);
    expect(x.totals.byMethod).toEqual({ card: 2580, cash: 2190 - 450 });
    expect(Object.fromEntries(x.totals.byRate.map((r) => [r.rateBp, { total: r.total, tax: r.tax }]))).toEqual(sql.byRate);
    expect(x.totals.returns).toBe(450);
    expect(x.totals.cashExpected).toBe(15000 + 2190 - 450 + 2000 - 3500);
    expect(await fx.core.closings.list()).toEqual([]);
  });

  test('Z closing: counted vs expected, chained, then no sale into the closed day', async () => {
    await expect(fx.core.closings.zClose(DAY1, { denominations: { '300': 1 } }, fx.shop.manager.id)).rejects.toThrow('Coupure inconnue');
    await expect(fx.core.closings.zClose('2026-11-22', { cash: 0 }, fx.shop.manager.id)).rejects.toThrow('à venir');
    tick();
    const expected = 15000 + 2190 - 450 + 2000 - 3500; // 15240
    const z = await fx.core.closings.zClose(DAY1, { denominations: { '5000': 2, '2000': 2, '1000': 1, '50': 4 } }, fx.shop.manager.id);
    const sql = await sqlDay(DAY1);
    expect(z).toMatchObject({ kind: 'day', period: DAY1, seq: 1, salesCount: 3, firstSaleNumber: 1, lastSaleNumber: 3, total: sql.total });
    expect(z.cashExpected).toBe(expected);
    expect(z.cashCounted).toBe(10000 + 4000 + 1000 + 200);
    expect(z.totals.difference).toBe(15200 - expected);
    expect(z.totals.byMethod).toEqual(sql.byMethod);
    expect(z.totals.voids).toEqual({ voidedLines: 2, voidedAmount: 2190, cancelledTickets: 1, cancelledAmount: 3480 });
    expect((await fx.core.closings.get('day', DAY1))!.totals.voids).toEqual(z.totals.voids);
    expect(z.grandTotal).toBe(sql.total);
    expect(z.prevHash).toBe('0'.repeat(64));
    expect(z.hash).toMatch(/^[0-9a-f]{64}$/);
    const audit = (await fx.core.audit.recent(5)).find((e) => e.kind === 'closing')!;
    expect(audit.employeeId).toBe(fx.shop.manager.id);
    expect(JSON.parse(audit.details)).toMatchObject({ kind: 'day', period: DAY1, seq: 1 });

    const saleSeq = (await fx.core.tills.get(fx.core.tillId))!.saleSeq;
    tick();
    await expect(fx.core.sales.complete(fx.ticketOf(['wine', 1000]), [{ method: 'card', amount: 1290 }], fx.shop.cashier.id)).rejects.toThrow('clôturée');
    await expect(fx.core.closings.recordMovement({ kind: 'in', amount: 100, reason: 'x', employeeId: null })).rejects.toThrow('clôturée');
    expect((await fx.core.tills.get(fx.core.tillId))!.saleSeq).toBe(saleSeq);
    expect((await sqlDay(DAY1)).count).toBe(3);
    await expect(fx.core.closings.zClose(DAY1, { cash: 0 }, fx.shop.manager.id)).rejects.toThrow('déjà clôturée');
    expect((await fx.core.closings.xReport(DAY1)).closed).toBe(true);
  });

  test('next day: new sales, a second Z carries the perpetual grand total, journal verifies', async () => {
    now = new Date('2026-11-21T12:00:00.000Z');
    await fx.core.sales.complete(fx.ticketOf(['comte', 500]), [{ method: 'cheque', amount: 1645 }], fx.shop.cashier.id);
    tick();
    await fx.core.audit.record({ kind: 'void_line', employeeId: fx.shop.cashier.id, details: { ticket: 'c', name: 'Comté', quantity: 500, unitPrice: 3290 } });
    tick();
    const z2 = await fx.core.closings.zClose(DAY2, { cash: 0 }, fx.shop.manager.id);
    // only the day's own voids
    expect(z2.totals.voids).toEqual({ voidedLines: 1, voidedAmount: 1645, cancelledTickets: 0, cancelledAmount: 0 });
    const day1 = await sqlDay(DAY1);
    const day2 = await sqlDay(DAY2);
    expect(z2).toMatchObject({ seq: 2, total: day2.total, cashExpected: 0, cashCounted: 0, firstSaleNumber: 4, lastSaleNumber: 4 });
    expect(z2.grandTotal).toBe(day1.total + day2.total);
    expect(z2.prevHash).toBe((await fx.core.closings.get('day', DAY1))!.hash);
    const report = await fx.core.journal.verify();
    expect(report.ok).toBe(true);
    expect(report.chains.find((c) => c.chain === 'closings')!.count).toBe(2);
  });

  test('month closing sums the days; refused while the month runs or a day with sales is open', async () => {
    await expect(fx.core.closings.closePeriod('month', '2026-11', fx.shop.manager.id)).rejects.toThrow("n'est pas terminée");
    now = new Date('2026-11-22T12:00:00.000Z');
    await fx.core.sales.complete(fx.ticketOf(['nutella', 1000]), [{ method: 'cash', amount: 450 }], fx.shop.cashier.id);
    now = new Date('2026-12-02T12:00:00.000Z');
    await expect(fx.core.closings.closePeriod('month', '2026-11', fx.shop.manager.id)).rejects.toThrow('2026-11-22');
    await fx.core.closings.zClose('2026-11-22', { cash: 450 }, fx.shop.manager.id);
    const month = await fx.core.closings.closePeriod('month', '2026-11', fx.shop.manager.id);
    const days = (await fx.core.closings.list({ kind: 'day' }));
    expect(days).toHaveLength(3);
    expect(month).toMatchObject({ kind: 'month', period: '2026-11', seq: 4, salesCount: 5, firstSaleNumber: 1, lastSaleNumber: 5 });
    expect(month.total).toBe(days.reduce((a, d) => a + d.total, 0));
    expect(month.grandTotal).toBe(days.find((d) => d.period === '2026-11-22')!.grandTotal);
    expect(month.totals.byMethod).toEqual({ card: 2580, cash: 2190 - 450 + 450, cheque: 1645 });
    expect(month.totals.voids).toEqual({ voidedLines: 3, voidedAmount: 2190 + 1645, cancelledTickets: 1, cancelledAmount: 3480 });
    await expect(fx.core.closings.closePeriod('year', '2026', fx.shop.manager.id)).rejects.toThrow("n'est pas terminée");
    await expect(fx.core.closings.closePeriod('month', '2026-13x', fx.shop.manager.id)).rejects.toThrow('invalide');
    expect((await fx.core.journal.verify()).ok).toBe(true);
  });

  test('a month or year before the till\'s first sale (2026-11-20) is refused and writes nothing (issue #17, defect 9)', async () => {
    const before = await fx.core.closings.list();
    const seq = (await fx.core.knex('tills').where({ id: fx.core.tillId }).first('closing_seq')).closing_seq;
    await expect(fx.core.closings.closePeriod('year', '2025', fx.shop.manager.id)).rejects.toThrow('La période 2025 précède la première vente de la caisse 1 (2026-11-20) : rien à clôturer');
    await expect(fx.core.closings.closePeriod('month', '2026-10', fx.shop.manager.id)).rejects.toThrow('La période 2026-10 précède la première vente');
    // a refusal by the till's state (exit 1), not bad input (exit 2): the period is well-formed
    const err = await fx.core.closings.closePeriod('month', '2026-10', fx.shop.manager.id).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    expect(err).not.toBeInstanceOf(InputError);
    expect(await fx.core.closings.list()).toEqual(before);
    expect((await fx.core.knex('tills').where({ id: fx.core.tillId }).first('closing_seq')).closing_seq).toBe(seq);
  });

  test('a closing stored before voids were counted still verifies and reads with voids null', async () => {
    const till = await fx.core.knex('tills').where({ id: fx.core.tillId }).first('closing_seq', 'closing_last_hash', 'journal_key_no');
    const grand = Number((await fx.core.knex('sales').where({ till_id: fx.core.tillId }).andWhere('business_date', '<=', '2026-12-01').sum({ t: 'total' }).first())!.t ?? 0);
    // The totals JSON exactly as closings were written before this change: no voids key.
    const oldTotals = {
      salesCount: 0, firstSaleNumber: null, lastSaleNumber: null, total: 0, discounts: 0, returns: 0, byMethod: {}, byRate: [],
      float: 0, cashIn: 0, cashOut: 0, cashPayments: 0, cashExpected: 0, denominations: null, difference: 0,
    };
    const old: CanonicalClosing = {
      tillId: fx.core.tillId, seq: Number(till.closing_seq) + 1, kind: 'day', period: '2026-12-01', firstSaleNumber: null, lastSaleNumber: null,
      salesCount: 0, total: 0, grandTotal: grand, cashExpected: 0, cashCounted: 0, totals: JSON.stringify(oldTotals), employeeId: fx.shop.manager.id,
      createdAt: '2026-12-01T20:00:00.000Z', lastSaleHash: null,
    };
    const prevHash = String(till.closing_last_hash);
    const hash = chainHash(prevHash, canonicalClosing(old));
    await fx.core.knex('closings').insert({
      till_id: old.tillId, seq: old.seq, kind: old.kind, period: old.period, first_sale_number: null, last_sale_number: null, sales_count: 0,
      total: 0, grand_total: grand, cash_expected: 0, cash_counted: 0, totals: old.totals, employee_id: old.employeeId, created_at: old.createdAt,
      // the till signs it: the old layout is the point here, not the signature
      prev_hash: prevHash, hash, signature: await signLink(fx.core.knex, fx.core.tillId, Number(till.journal_key_no), hash),
    });
    await fx.core.knex('tills').where({ id: fx.core.tillId }).update({ closing_seq: old.seq, closing_last_hash: hash });
    const report = await fx.core.journal.verify();
    expect(report.chains.find((c) => c.chain === 'closings')!).toMatchObject({ count: old.seq, broken: null });
    expect(report.ok).toBe(true);
    expect((await fx.core.closings.get('day', '2026-12-01'))!.totals.voids).toBeNull();
  });

  test('a changed closing breaks the chain', async () => {
    await fx.core.knex('closings').where({ till_id: fx.core.tillId, seq: 2 }).update({ total: 1 });
    const report = await fx.core.journal.verify();
    expect(report.ok).toBe(false);
    expect(report.chains.find((c) => c.chain === 'closings')!.broken).toMatchObject({ seq: 2 });
  });
});
