// The FEC built from the closings on both engines, read back by a checker
// written apart from the exporter (helpers/fec-check.ts): the format rules,
// one balanced entry per EcritureNum without gaps, only the closed days of
// the period, totals equal to the Z per day and per year, the sale on account
// on 411 with the customer as auxiliary account, one entry per sale when set;
// the FEC settings refused when wrong (nothing changed), no SIRET refused
// saying how to set it, a sale changed after its Z refused.
import { fecAmount, fecEntries, fecText, type FecDay } from '../../src/core/fiscal/fec.js';
import { checkFecSetting, fecConfigOf, sirenOf } from '../../src/core/fiscal/fec-accounts.js';
import { ENGINES } from '../helpers/engines.js';
import { coreFixture } from '../helpers/shop.js';
import { checkFec, expectedNet, netByAccount } from '../helpers/fec-check.js';
import { closedDays, CLOSED_2026, fecShop, OPEN_DAY, SIREN, SIRET } from '../helpers/fec-shop.js';

const YEAR = { from: '2026-01-01', to: '2026-12-31' };
const BOUNDS = { from: '20260101', to: '20261231' };
const compact = (day: string) => day.replace(/-/g, '');

describe('FEC rules without a database', () => {
  test('amounts: decimal comma, two decimals, no thousands separator, no sign', () => {
    expect([fecAmount(0), fecAmount(5), fecAmount(123456789), fecAmount(-1290)]).toEqual(['0,00', '0,05', '1234567,89', '12,90']);
  });

  test('entries in validation order: a day closed late comes after the days closed before it', () => {
    const day = (date: string, closedOn: string, zSeq: number): FecDay => ({
      tillId: 1, date, zSeq, closedOn,
      sales: [{ tillId: 1, number: zSeq, businessDate: date, customer: null, payments: [{ method: 'cash', amount: 120 }], taxes: [{ rateBp: 2000, base: 100, tax: 20 }], loyaltyVoucher: 0 }],
      accountPayments: [],
    });
    const entries = fecEntries([day('2026-03-02', '2026-03-05', 2), day('2026-03-03', '2026-03-03', 1)], fecConfigOf({}));
    expect(entries.map((e) => [e.num, e.date, e.validDate])).toEqual([[1, '2026-03-03', '2026-03-03'], [2, '2026-03-02', '2026-03-05']]);
    expect(entries[0]!.lines.map((l) => [l.account, l.debit, l.credit])).toEqual([['530', 120, 0], ['445711', 0, 20], ['7071', 0, 100]]);
  });

  test('a loyalty voucher given with a sale: a discount granted (7097), owed on the vouchers account (4191) until spent', () => {
    const day: FecDay = {
      tillId: 1, date: '2026-03-02', zSeq: 1, closedOn: '2026-03-02',
      sales: [{ tillId: 1, number: 1, businessDate: '2026-03-02', customer: null, payments: [{ method: 'cash', amount: 120 }], taxes: [{ rateBp: 2000, base: 100, tax: 20 }], loyaltyVoucher: 500 }],
      accountPayments: [{ id: 7, tillId: 1, customer: { code: 'C1', name: 'Ana' }, method: 'cheque', amount: 3000 }],
    };
    const [sales, received] = fecEntries([day], fecConfigOf({}));
    expect(sales!.lines.map((l) => [l.account, l.debit, l.credit])).toEqual([['530', 120, 0], ['7097', 500, 0], ['4191', 0, 500], ['445711', 0, 20], ['7071', 0, 100]]);
    expect(received!.lines.map((l) => [l.account, l.auxNum, l.debit, l.credit])).toEqual([['5112', '', 3000, 0], ['411', 'C1', 0, 3000]]);
    expect(() => checkFecSetting('fec.account.loyalty', '4191')).toThrow('remises accordées');
    expect(fecConfigOf({ 'fec.account.loyalty': '6037' }).loyalty).toBe('6037');
  });

  test('the SIREN is the SIRET\'s 9 first digits; a SIRET that is not 14 digits gives none', () => {
    expect(sirenOf('812 345 678 00014')).toBe('812345678');
    expect(sirenOf('')).toBeNull();
    expect(sirenOf('812 345 678')).toBeNull();
  });

  test('the settings are checked: digits, the account class, rates given once, day or sale', () => {
    expect(checkFecSetting('fec.account.card', ' 512 ')).toBe('512');
    expect(checkFecSetting('fec.account.sales', '20=7071;5,5=7073 ; *=707')).toBe('20=7071; 5,5=7073; *=707');
    for (const [key, value, reason] of [
      ['fec.account.cash', '53A', 'chiffres'],
      ['fec.account.cash', '7071', 'trésorerie'],
      ['fec.account.account', '401', 'clients'],
      ['fec.account.sales', '20=7071; 20=7072', 'deux fois'],
      ['fec.account.sales', '20=44571', 'ventes'],
      ['fec.account.vat', '120=445711', 'taux'],
      ['fec.entryPer', 'week', 'day'],
      ['fec.journalCode', 'ventes', 'majuscules'],
      ['fec.journalLabel', 'Ven\ttes', 'tabulation'],
    ] as const) {
      expect(() => checkFecSetting(key, value)).toThrow(reason);
    }
    // A rate not named goes to the « * » account; without one, to the default's.
    const config = fecConfigOf({ 'fec.account.sales': '20=7060' });
    expect([config.sales.byRate.get(2000), config.sales.other, config.tenders.cash]).toEqual(['7060', '707', '530']);
    // Hand-edited in the database: a number still reads as its account, a bad account is refused by its key.
    expect(fecConfigOf({ 'fec.account.cash': 531 }).tenders.cash).toBe('531');
    expect(() => fecConfigOf({ 'fec.account.cash': '53 A' })).toThrow('fec.account.cash');
  });
});

describe.each(ENGINES)('the FEC on %s', (engine) => {
  let now = new Date(2025, 11, 31, 10, 0);
  const fx = coreFixture(engine, { clock: () => now });
  const by = () => ({ employeeId: fx.shop.manager.id });

  beforeAll(async () => {
    const till2 = await fx.db.core({ tillId: 2, clock: () => now });
    try {
      await fecShop(fx.core, fx.shop, (d) => {
        now = d;
      }, till2);
    } finally {
      await till2.close();
    }
  });

  test('no SIRET: refused, saying how to set it', async () => {
    await expect(fx.core.fec.build(YEAR)).rejects.toThrow('pos settings set shop.siret');
    await expect(fx.core.settings.set('shop.siret', '812 345', by())).rejects.toThrow('14 chiffres');
    expect(await fx.core.settings.get('shop.siret')).toBe('');
    await fx.core.settings.set('shop.siret', SIRET, by());
  });

  test('per day: the closed days of the period only, in the format, each entry balanced and equal to its Z', async () => {
    const fec = await fx.core.fec.build(YEAR);
    expect(fec.fileName).toBe(`${SIREN}FEC20261231.txt`);
    expect(fec.closings.map((c) => `${c.date}/${c.tillId}`)).toEqual(['2026-03-10/1', '2026-03-11/1', '2026-03-11/2']);
    expect(fec.openDays).toEqual([{ tillId: 1, date: OPEN_DAY, sales: 1, total: 450 }]);
    // Élodie's cash payment on account is in the FEC (its own entry), so not left out as a cash entry too.
    expect(fec.leftOut).toEqual({ accountPayments: { count: 0, amount: 0 }, cashIn: { count: 0, amount: 0 }, cashOut: { count: 1, amount: 500 }, floats: { count: 0, amount: 0 } });

    const { problems, rows } = checkFec(fecText(fec.entries, fec.config), '\t', BOUNDS);
    expect(problems).toEqual([]);
    // One entry a Z, and one for the first day's payment on account (same piece, its Z); the second day has two Z, one for each till.
    expect([...new Set(rows.map((r) => r.num))]).toEqual([1, 2, 3, 4]);
    expect([...new Set(rows.filter((r) => r.num === 2).map((r) => r.label))]).toEqual(['Versements clients caisse 1 du 10/03/2026 (Z n° 2)']);
    expect([...new Set(rows.map((r) => r.pieceRef))]).toEqual(['Z1-2', 'Z1-3', 'Z2-1']);
    expect(new Set(rows.map((r) => r.date))).toEqual(new Set(CLOSED_2026.map(compact)));
    // ValidDate: the day each Z was made.
    expect(new Set(rows.map((r) => `${r.date}:${r.validDate}`))).toEqual(new Set(CLOSED_2026.map((d) => `${compact(d)}:${compact(d)}`)));

    const zs = await closedDays(fx.core);
    for (const day of CLOSED_2026) {
      expect(Object.fromEntries(netByAccount(rows, compact(day)))).toEqual(Object.fromEntries(expectedNet(zs.filter((z) => z.date === day))));
    }
    expect(Object.fromEntries(netByAccount(rows))).toEqual(Object.fromEntries(expectedNet(zs)));
    // The cash of the first day: 25,80 taken, 12,90 refunded, 10,00 paid on her account by Élodie.
    expect(netByAccount(rows, '20260310').get('530')).toBe(2580 - 1290 + 1000);
  });

  test('the sale on account goes to 411 with the customer as auxiliary account', async () => {
    const { rows } = checkFec(fecText((await fx.core.fec.build(YEAR)).entries, (await fx.core.fec.build(YEAR)).config), '\t', BOUNDS);
    // Her sale on account, then her payment: 411 is settled as the customer's account is.
    expect(rows.filter((r) => r.account === '411').map((r) => [r.auxNum, r.auxLabel, r.debit, r.credit])).toEqual([['ELODIE', 'Élodie Dupré', 1740, 0], ['ELODIE', 'Élodie Dupré', 0, 1000]]);
  });

  test('per sale (fec.entryPer = sale): one entry a sale, numbered without gaps, the same totals', async () => {
    await fx.core.settings.set('fec.entryPer', 'sale', by());
    try {
      const fec = await fx.core.fec.build(YEAR);
      const { problems, rows } = checkFec(fecText(fec.entries, fec.config, '|'), '|', BOUNDS);
      expect(problems).toEqual([]);
      expect([...new Set(rows.map((r) => r.num))]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
      // The payment on account: an entry of its own after the day's sales, its piece the account entry.
      expect(rows.filter((r) => r.num === 6).map((r) => [r.pieceRef.replace(/\d+$/, 'n'), r.account, r.debit, r.credit])).toEqual([['V1-n', '530', 1000, 0], ['V1-n', '411', 0, 1000]]);
      expect(Object.fromEntries(netByAccount(rows))).toEqual(Object.fromEntries(expectedNet(await closedDays(fx.core))));
      // The refund's entry: the sale and its VAT on the debit side, the cash on the credit side.
      const refund = rows.filter((r) => r.num === 4);
      expect(refund.find((r) => r.account === '530')).toMatchObject({ debit: 0, credit: 1290 });
      expect(refund.find((r) => r.account === '7071')).toMatchObject({ debit: 1075, credit: 0 });
      // The credit note: owed to the customer on the vouchers account.
      expect(rows.filter((r) => r.num === 5 && r.account === '4191').map((r) => [r.debit, r.credit])).toEqual([[0, 450]]);
    } finally {
      await fx.core.settings.set('fec.entryPer', '', by());
    }
    expect(await fx.core.settings.get('fec.entryPer')).toBe('day');
  });

  test('accounts from the settings; a bad one is refused and changes nothing', async () => {
    await fx.core.settings.set('fec.account.card', '5116', by());
    await fx.core.settings.set('fec.account.meal_voucher', '5118', by());
    await expect(fx.core.settings.set('fec.account.card', '5A', by())).rejects.toThrow('chiffres');
    await expect(fx.core.settings.set('fec.account.vat', '20=7071', by())).rejects.toThrow('TVA collectée');
    expect(await fx.core.settings.get('fec.account.card')).toBe('5116');
    const { rows } = checkFec(fecText((await fx.core.fec.build(YEAR)).entries, fecConfigOf(await fx.core.settings.all())), '\t', BOUNDS);
    expect(rows.filter((r) => r.account === '5116').map((r) => r.debit)).toEqual([450, 450]);
    expect(rows.filter((r) => r.account === '5118').map((r) => r.debit)).toEqual([900]);
    // Two tenders on one account: one line a day for both, under one label in the whole file.
    await fx.core.settings.set('fec.account.meal_voucher', '5116', by());
    const shared = checkFec(fecText((await fx.core.fec.build(YEAR)).entries, fecConfigOf(await fx.core.settings.all())), '\t', BOUNDS);
    expect(shared.problems).toEqual([]);
    expect(shared.rows.filter((r) => r.account === '5116').map((r) => r.debit)).toEqual([450, 900, 450]);
    await fx.core.settings.set('fec.account.card', '', by());
    await fx.core.settings.set('fec.account.meal_voucher', '', by());
  });

  test('bad periods are refused', async () => {
    await expect(fx.core.fec.build({ from: '2026-02-30', to: '2026-12-31' })).rejects.toThrow('2026-02-30');
    await expect(fx.core.fec.build({ from: '2026-12-31', to: '2026-01-01' })).rejects.toThrow('après sa fin');
  });

  test('a sale changed by hand after its Z: the FEC is refused, not made to disagree with the closing', async () => {
    const sale = await fx.core.knex('sales').where({ business_date: '2026-03-11', till_id: 1 }).orderBy('number').first('id');
    expect(await fx.core.knex('payments').where({ sale_id: sale.id, method: 'cash' }).update({ amount: 1035 })).toBe(1);
    await expect(fx.core.fec.build(YEAR)).rejects.toThrow('ne correspondent plus à leur Z');
  });
});
