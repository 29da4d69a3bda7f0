// `pos accounts statement|balances|pay` on a real SQLite file with the real
// compiled program: the printable text, CSV parsed back, JSON, and bad
// arguments (exit code 2, nothing written).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { sellable } from '../../src/core/catalogue/article.js';
import { openCore } from '../../src/core/shop/core.service.js';
import { addLine, setCustomer } from '../../src/core/sales/ticket.js';
import { runPos } from '../helpers/run-pos.js';
import { smallShop } from '../helpers/shop.js';

describe('pos accounts', () => {
  let dir: string;
  let db: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pos-accounts-'));
    db = join(dir, 'pos.sqlite3');
    let now = new Date('2026-10-15T10:00:00.000Z');
    const core = await openCore({ db, clock: () => now });
    try {
      const shop = await smallShop(core);
      await core.settings.set('shop.name', 'Épicerie du Port');
      await core.settings.set('shop.address', ['1 quai des Pêcheurs', '29900 Concarneau']);
      const ana = await core.customers.create({ code: 'ANA', firstName: 'Ana', lastName: 'Silva', overdraftLimit: 10000, address: '5 rue Neuve', postalCode: '29900', city: 'Concarneau' });
      await core.customers.create({ code: 'BOB', firstName: 'Bob', lastName: 'Martin', overdraftLimit: 2000 });
      const sell = (qty: number, amount: number) =>
        core.sales.complete(setCustomer(addLine(core.tickets.create(), sellable(shop.wine), qty), ana.id), [{ method: 'account', amount }], shop.cashier.id);
      await sell(2000, 2580); // October: 25,80 owed
      now = new Date('2026-11-05T10:00:00.000Z');
      await sell(1000, 1290); // November: +12,90
      now = new Date('2026-11-20T10:00:00.000Z');
      await core.accounts.receivePayment({ customerId: ana.id, amount: 3000, method: 'cheque', employeeId: shop.cashier.id });
    } finally {
      await core.close();
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('statement as printable text: shop header, customer, opening, entries, closing', () => {
    const r = runPos(['accounts', 'statement', '--month', '2026-11', '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Épicerie du Port\n1 quai des Pêcheurs\n29900 Concarneau');
    expect(r.stdout).toContain('RELEVÉ DE COMPTE CLIENT - NOVEMBRE 2026');
    expect(r.stdout).toContain('Client : Ana Silva (ANA)');
    expect(r.stdout).toMatch(/Solde au 01\/11\/2026 +25,80/);
    expect(r.stdout).toMatch(/05\/11\/2026 +2  Achat en compte +12,90 +38,70/);
    expect(r.stdout).toMatch(/20\/11\/2026 +Versement chèque +30,00 +8,70/);
    expect(r.stdout).toMatch(/Solde au 30\/11\/2026 +8,70/);
    expect(r.stdout).toContain('Reste dû : 8,70 €');
    expect(r.stdout).not.toContain('BOB');
  });

  test('statement as CSV parses back; as JSON it adds up', () => {
    const csv = runPos(['accounts', 'statement', '--month', '2026-11', '--customer', 'ANA', '--format', 'csv', '--db', db]);
    expect(csv.code).toBe(0);
    const rows = parse(csv.stdout, { delimiter: ';', columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => [r.date, r.vente, r.libelle, r.debit, r.credit, r.solde])).toEqual([
      ['2026-11-01', '', 'Solde initial', '', '', '25,80'],
      ['2026-11-05', '2', 'Achat en compte', '12,90', '', '38,70'],
      ['2026-11-20', '', 'Versement chèque', '', '30,00', '8,70'],
      ['', '', 'Solde final', '12,90', '30,00', '8,70'],
    ]);
    const json = runPos(['accounts', 'statement', '--month', '2026-11', '--format', 'json', '--db', db]);
    expect(json.code).toBe(0);
    const [st] = JSON.parse(json.stdout) as Array<{ opening: number; totalDebit: number; totalCredit: number; closing: number; customer: { code: string } }>;
    expect(st).toMatchObject({ customer: { code: 'ANA' }, opening: 2580, totalDebit: 1290, totalCredit: 3000, closing: 870 });
  });

  test('balances in text, CSV and JSON', () => {
    const text = runPos(['accounts', 'balances', '--db', db]);
    expect(text.code).toBe(0);
    expect(text.stdout).toMatch(/ANA +Ana Silva +8,70 +100,00/);
    expect(text.stdout).toMatch(/BOB +Bob Martin +0,00 +20,00/);
    const rows = parse(runPos(['accounts', 'balances', '--format', 'csv', '--db', db]).stdout, { delimiter: ';', columns: true }) as Array<Record<string, string>>;
    expect(rows).toEqual([
      { code_client: 'BOB', client: 'Bob Martin', solde: '0,00', limite: '20,00' },
      { code_client: 'ANA', client: 'Ana Silva', solde: '8,70', limite: '100,00' },
    ]);
    const json = JSON.parse(runPos(['accounts', 'balances', '--format', 'json', '--db', db]).stdout) as Array<{ code: string; balance: number }>;
    expect(json.find((b) => b.code === 'ANA')?.balance).toBe(870);
  });

  test('pay records a payment; bad arguments exit 2 and change nothing', () => {
    const bad = [
      ['accounts', 'statement', '--month', '2026-13'],
      ['accounts', 'statement'],
      ['accounts', 'pay', '--customer', 'ANA', '--amount', 'vingt'],
      ['accounts', 'pay', '--customer', 'ANA', '--amount', '-5'],
      ['accounts', 'pay', '--customer', 'ANA', '--amount', '5', '--method', 'troc'],
    ];
    for (const args of bad) {
      const r = runPos([...args, '--db', db]);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).not.toBe('');
    }
    const unknown = runPos(['accounts', 'pay', '--customer', 'NOBODY', '--amount', '5', '--db', db], { POS_PIN: '0000' });
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Client NOBODY introuvable');
    const ok = runPos(['accounts', 'pay', '--customer', 'ANA', '--amount', '8,70', '--method', 'cash', '--db', db], { POS_PIN: '0000' });
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toContain('Versement de 8,70 € enregistré pour ANA ; solde 0,00 €');
  });
});
