// `pos report sales` through the real program on the demo shop (SQLite and
// PostgreSQL): CSV and JSON parsed back and checked against plain SQL, the
// aligned table, the period options, and bad arguments exiting with code 2.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { localDate } from '../../src/core/basics/clock.js';
import type { SalesByReport } from '../../src/core/fiscal/reports.service.js';
import { ENGINES, newTestDb, type TestDb } from '../helpers/engines.js';
import { runPos } from '../helpers/run-pos.js';

const daysAgo = (n: number) => {
  const now = new Date();
  return localDate(new Date(now.getFullYear(), now.getMonth(), now.getDate() - n));
};

describe.each(ENGINES)('pos report sales on %s', (engine) => {
  let db: TestDb;
  const pos = (...args: string[]) => runPos([...args, '--db', db.spec]);

  beforeAll(() => {
    db = newTestDb(engine);
    const seeded = pos('db', 'seed', '--demo', '--days', '6');
    expect(seeded.code).toBe(0);
  }, 120_000);
  afterAll(() => db.cleanup());

  /** Totals per customer straight from the sales table, for the period. */
  async function sqlTotals(from: string, to: string): Promise<Map<string, { sales: number; total: number }>> {
    const core = await db.core();
    try {
      const rows = await core.knex('sales').whereBetween('business_date', [from, to]).select('customer_id', 'total');
      const out = new Map<string, { sales: number; total: number }>();
      for (const r of rows) {
        const key = r.customer_id === null ? 'none' : String(r.customer_id);
        const g = out.get(key) ?? { sales: 0, total: 0 };
        out.set(key, { sales: g.sales + 1, total: g.total + Number(r.total) });
      }
      return out;
    } finally {
      await core.close();
    }
  }

  test('--format csv parses back and matches the sales table', async () => {
    const from = daysAgo(6);
    const to = daysAgo(1);
    const r = pos('report', 'sales', '--by', 'customer', '--from', from, '--to', to, '--format', 'csv');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const records = parse(r.stdout, { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(records[0]!)).toEqual(['customer', 'code', 'label', 'sales', 'items', 'total_ttc', 'total_ht', 'average_basket', 'last_visit']);
    const expected = await sqlTotals(from, to);
    expect(records).toHaveLength(expected.size);
    for (const rec of records) {
      const g = expected.get(rec.customer!)!;
      expect([Number(rec.sales), Math.round(Number(rec.total_ttc) * 100)]).toEqual([g.sales, g.total]);
      expect(rec.total_ttc).toMatch(/^-?\d+\.\d{2}$/);
    }
    expect(records[records.length - 1]).toMatchObject({ customer: 'none', label: 'sans client', code: '' });
  });

  test('--format json: rows and totals; --last 7d covers today and the six days before', async () => {
    const r = pos('report', 'sales', '--last', '7d', '--format', 'json');
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as SalesByReport;
    expect([report.from, report.to, report.dimension]).toEqual([daysAgo(6), daysAgo(0), 'customer']);
    const expected = await sqlTotals(report.from, report.to);
    expect(report.totals.sales).toBe([...expected.values()].reduce((a, g) => a + g.sales, 0));
    expect(report.totals.total).toBe([...expected.values()].reduce((a, g) => a + g.total, 0));
    expect(report.rows.reduce((a, row) => a + row.total, 0)).toBe(report.totals.total);
  });

  test('the table: a title, aligned columns, a bar per row and the totals; today by default', () => {
    const month = daysAgo(1).slice(0, 7);
    const r = pos('report', 'sales', '--by', 'customer', '--month', month);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(new RegExp(`^Ventes par client du ${month}-01 au ${month}-(28|29|30|31)$`));
    expect(lines[2]).toMatch(/^Client\s+Ventes\s+Art\.\s+Total TTC\s+Total HT\s+Panier\s+Dernière visite/);
    expect(lines.find((l) => l.startsWith('sans client'))).toMatch(/█/);
    expect(lines[lines.length - 1]).toMatch(/^TOTAL\s+\d+/);
    const today = pos('report', 'sales');
    expect(today.code).toBe(0);
    expect(today.stdout).toContain(`du ${daysAgo(0)} au ${daysAgo(0)}`);
    expect(today.stdout).toContain('Aucune vente sur la période');
    const byDay = pos('report', 'sales', '--by', 'day', '--from', daysAgo(3), '--to', daysAgo(1), '--format', 'csv', '--till', '1');
    const days = (parse(byDay.stdout, { columns: true }) as Array<Record<string, string>>).map((d) => d.day);
    expect(days.every((d) => d! >= daysAgo(3) && d! <= daysAgo(1))).toBe(true);
    expect(days.length).toBeGreaterThan(0);
  });

  test('--till filters one till, and a till that does not exist gives an empty report without being created', async () => {
    const r = pos('report', 'sales', '--last', '7d', '--till', '9', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ tillId: 9, rows: [], totals: { sales: 0 } });
    const core = await db.core();
    try {
      expect(await core.knex('tills').where({ id: 9 }).first()).toBeUndefined();
    } finally {
      await core.close();
    }
  });

  test('--customer CODE: one customer\'s sales, by day unless --by says otherwise, in JSON, CSV and the table (issue #17)', async () => {
    const from = daysAgo(6);
    const to = daysAgo(0);
    const expected = await sqlTotals(from, to);
    const [id, own] = [...expected.entries()].filter(([k]) => k !== 'none').sort((a, b) => b[1].sales - a[1].sales)[0]!;
    const core = await db.core();
    let code = '';
    let name = '';
    try {
      const c = (await core.customers.get(Number(id)))!;
      [code, name] = [c.code, `${c.firstName} ${c.lastName}`.trim()];
    } finally {
      await core.close();
    }
    const json = pos('report', 'sales', '--customer', code, '--last', '7d', '--format', 'json');
    expect(json.stderr).toBe('');
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as SalesByReport;
    expect(report).toMatchObject({ dimension: 'day', from, to, customer: { id: Number(id), code, name } });
    expect([report.totals.sales, report.totals.total]).toEqual([own.sales, own.total]);
    expect(report.rows.reduce((a, r) => a + r.total, 0)).toBe(own.total);

    const csv = pos('report', 'sales', '--customer', code, '--by', 'article', '--from', from, '--to', to, '--format', 'csv');
    expect(csv.code).toBe(0);
    const records = parse(csv.stdout, { columns: true }) as Array<Record<string, string>>;
    expect(Object.keys(records[0]!)[0]).toBe('article');
    expect(records.reduce((a, r) => a + Math.round(Number(r.total_ttc) * 100), 0)).toBe(own.total);

    const table = pos('report', 'sales', '--customer', code, '--last', '7d');
    expect(table.code).toBe(0);
    expect(table.stdout.split('\n')[0]).toBe(`Ventes de ${name} (client ${code}) par jour du ${from} au ${to}`);

    const unknown = pos('report', 'sales', '--customer', '0000000000000', '--last', '7d');
    expect([unknown.code, unknown.stdout]).toEqual([2, '']);
    expect(unknown.stderr).toContain('--customer : client « 0000000000000 » introuvable');
  });
});

// The arguments are checked before any database is opened: once is enough.
describe('pos report sales with bad arguments', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pos-report-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each([
    [['--from', '2026-02-30'], '--from attend une date AAAA-MM-JJ (reçu « 2026-02-30 »)'],
    [['--month', '2026-13'], '--month attend AAAA-MM'],
    [['--last', 'sept'], '--last attend un nombre de jours, ex. 7d'],
    [['--from', '2026-11-20', '--to', '2026-11-01'], 'la période commence (2026-11-20) après sa fin (2026-11-01)'],
    [['--month', '2026-11', '--last', '7d'], 'choisissez une seule période'],
    [['--format', 'xml'], "argument 'xml' is invalid"],
  ])('bad arguments %j exit with code 2 and a message on stderr', (args, message) => {
    const r = runPos(['report', 'sales', ...args, '--db', join(dir, 'never.sqlite3')]);
    expect(existsSync(join(dir, 'never.sqlite3'))).toBe(false);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
  });
});
