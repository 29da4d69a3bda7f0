// `pos report loyalty` with the real program on a real SQLite file: table,
// CSV and JSON of the rewards given, their totals, customers close to their
// reward, the period filter, and bad arguments (stderr, exit code 2).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { openCore } from '../../src/core/shop/core.service.js';
import { sellable } from '../../src/core/catalogue/article.js';
import { giveReward } from '../../src/core/customers/loyalty.js';
import { addLine, computeTotals, setCustomer, type Ticket } from '../../src/core/sales/ticket.js';
import { runPos } from '../helpers/run-pos.js';
import { smallShop } from '../helpers/shop.js';

describe('pos report loyalty', () => {
  let dir: string;
  let db: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pos-loyalty-cli-'));
    db = join(dir, 'pos.sqlite3');
    let now = new Date('2026-11-10T10:00:00.000Z');
    const core = await openCore({ db, clock: () => now });
    try {
      const shop = await smallShop(core);
      const coffee = await core.catalog.createArticle({
        plu: '301', name: 'Café en grains', categoryId: shop.nutella.categoryId, price: 800, taxRateId: shop.nutella.taxRateId, loyaltyPoints: 10, initialStock: 100_000,
      });
      const alice = await core.customers.create({ code: '2900000000017', firstName: 'Alice', lastName: 'Martin' });
      const bruno = await core.customers.create({ code: '2900000000024', firstName: 'Bruno', lastName: 'Petit' });
      const pay = async (t: Ticket, employeeId: number) => {
        now = new Date(now.getTime() + 86_400_000);
        await core.sales.complete(t, [{ method: 'card', amount: computeTotals(t).total }], employeeId);
      };
      const basket = (customerId: number, units: number) => setCustomer(addLine(core.tickets.create(), sellable(coffee), units * 1000), customerId);
      await pay(basket(alice.id, 10), shop.cashier.id); // 2026-11-11: card complete
      await pay(giveReward(basket(alice.id, 1), { kind: 'amount', value: 500, articleId: null }, 1, null), shop.manager.id); // 11-12
      await pay(basket(bruno.id, 9), shop.cashier.id); // 90/100: close to the reward
    } finally {
      await core.close();
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('table: the rewards, the totals, the customers close to their reward', () => {
    const r = runPos(['report', 'loyalty', '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/2026-11-12\s+2\s+Alice Martin\s+remise\s+5,00\s+Marc Gérant/);
    expect(r.stdout).toContain('Total : 1 récompense(s), coût 5,00 €');
    expect(r.stdout).toMatch(/2900000000024\s+Bruno Petit\s+90\/100 points\s+10 points/);
    expect(r.stdout).not.toMatch(/2900000000017 +Alice/); // her new card is at 10 points
  });

  test('CSV and JSON for other programs', () => {
    const csv = runPos(['report', 'loyalty', '--format', 'csv', '--db', db]);
    expect(csv.code).toBe(0);
    const rows = parse(csv.stdout, { columns: true, delimiter: ';' }) as Array<Record<string, string>>;
    expect(rows).toEqual([
      { date: '2026-11-12', caisse: '1', vente: '2', carte_client: '2900000000017', client: 'Alice Martin', recompense: 'amount', cout: '5,00', employe: 'Marc Gérant', carte_no: '1' },
    ]);
    const json = runPos(['report', 'loyalty', '--format', 'json', '--from', '2026-11-01', '--to', '2026-11-30', '--db', db]);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout);
    expect(report).toMatchObject({ enabled: true, criterion: 'points', threshold: 100, from: '2026-11-01', to: '2026-11-30', totals: { count: 1, cost: 500 } });
    expect(report.rewards[0]).toMatchObject({ customerName: 'Alice Martin', kind: 'amount', cost: 500, employee: 'Marc Gérant' });
    expect(report.close).toEqual([{ customerCode: '2900000000024', customerName: 'Bruno Petit', progress: 90, threshold: 100, remaining: 10 }]);
  });

  test('the period filter: days outside it show no reward', () => {
    const r = runPos(['report', 'loyalty', '--from', '2026-11-13', '--format', 'json', '--db', db]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).totals).toEqual({ count: 0, cost: 0 });
    const t = runPos(['report', 'loyalty', '--to', '2026-11-11', '--db', db]);
    expect(t.stdout).toContain('Aucune récompense sur la période.');
  });

  test.each([
    [['--from', '2026-02-30'], '--from attend une date AAAA-MM-JJ'],
    [['--to', 'hier'], '--to attend une date AAAA-MM-JJ'],
    [['--from', '2026-11-20', '--to', '2026-11-01'], '--from (2026-11-20) est après --to (2026-11-01)'],
    [['--format', 'pdf'], 'pdf'],
  ])('bad arguments %j: a message on stderr, exit code 2, nothing on stdout', (args, message) => {
    const r = runPos(['report', 'loyalty', ...args, '--db', db]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
  });
});
