// `pos report sales --by payment|tax|article|hour`, `pos report top` and
// `pos export accounting` through the real program on the demo shop (SQLite
// and PostgreSQL): CSV parsed back and checked against plain rows.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { localDate } from '../../src/core/basics/clock.js';
import { ENGINES, newTestDb, type TestDb } from '../helpers/engines.js';
import { runPos } from '../helpers/run-pos.js';

const daysAgo = (n: number) => {
  const now = new Date();
  return localDate(new Date(now.getFullYear(), now.getMonth(), now.getDate() - n));
};
const cents = (text: string) => Math.round(Number(text.replace(',', '.')) * 100);

describe.each(ENGINES)('pos report dimensions and accounting export on %s', (engine) => {
  let db: TestDb;
  const pos = (...args: string[]) => runPos([...args, '--db', db.spec]);
  const from = daysAgo(5);
  const to = daysAgo(1);

  beforeAll(() => {
    db = newTestDb(engine);
    expect(pos('db', 'seed', '--demo', '--days', '6').code).toBe(0);
  }, 120_000);
  afterAll(() => db.cleanup());

  /** Plain rows of the period, read without the reports service. */
  async function rows() {
    const core = await db.core();
    try {
      const sales = await core.knex('sales').whereBetween('business_date', [from, to]).select('id', 'business_date', 'total');
      const ids = sales.map((s) => Number(s.id));
      const payments = await core.knex('payments').whereIn('sale_id', ids).select('sale_id', 'method', 'amount');
      const taxes = await core.knex('sale_taxes').whereIn('sale_id', ids).select('sale_id', 'rate_bp', 'base', 'tax', 'total');
      const lines = await core.knex('sale_lines').whereIn('sale_id', ids).select('article_id', 'quantity', 'total');
      const dayOf = new Map(sales.map((s) => [Number(s.id), String(s.business_date)]));
      return { sales, payments, taxes, lines, dayOf };
    } finally {
      await core.close();
    }
  }

  test('--by payment and --by tax in CSV parse back and match the payments and sale_taxes', async () => {
    const data = await rows();
    const pay = pos('report', 'sales', '--by', 'payment', '--from', from, '--to', to, '--format', 'csv');
    expect([pay.code, pay.stderr]).toEqual([0, '']);
    const byMethod = parse(pay.stdout, { columns: true }) as Array<Record<string, string>>;
    const expected = new Map<string, number>();
    for (const p of data.payments) expected.set(String(p.method), (expected.get(String(p.method)) ?? 0) + Number(p.amount));
    expect(byMethod.map((r) => r.payment).sort()).toEqual([...expected.keys()].sort());
    for (const r of byMethod) {
      expect(cents(r.total_ttc!)).toBe(expected.get(r.payment!));
      expect([r.items, r.total_ht]).toEqual(['', '']);
    }
    const tax = pos('report', 'sales', '--by', 'tax', '--from', from, '--to', to, '--format', 'csv');
    expect(tax.code).toBe(0);
    const byRate = parse(tax.stdout, { columns: true }) as Array<Record<string, string>>;
    expect(byRate.length).toBeGreaterThan(1);
    for (const r of byRate) {
      const mine = data.taxes.filter((t) => String(t.rate_bp) === r.tax);
      expect(cents(r.total_ttc!)).toBe(mine.reduce((a, t) => a + Number(t.total), 0));
      expect(cents(r.total_ht!)).toBe(mine.reduce((a, t) => a + Number(t.base), 0));
    }
  });

  test('the tables by hour and by article: title, header and a bar', () => {
    const hour = pos('report', 'sales', '--by', 'hour', '--from', from, '--to', to);
    expect(hour.code).toBe(0);
    const lines = hour.stdout.trimEnd().split('\n');
    expect(lines[0]).toBe(`Ventes par heure du ${from} au ${to}`);
    expect(lines[2]).toMatch(/^Heure\s+Ventes\s+Art\.\s+Total TTC/);
    expect(lines.filter((l) => /^\d{2}h\s.*█/.test(l)).length).toBeGreaterThan(1);
    const article = pos('report', 'sales', '--by', 'article', '--from', from, '--to', to, '--format', 'csv');
    expect(Object.keys((parse(article.stdout, { columns: true }) as Array<Record<string, string>>)[0]!)).toContain('quantity');
  });

  test('pos report top --limit 5: the five biggest articles by amount, with their quantity', async () => {
    const data = await rows();
    const byArticle = new Map<string, { total: number; quantity: number }>();
    for (const l of data.lines) {
      if (l.article_id === null) continue;
      const g = byArticle.get(String(l.article_id)) ?? { total: 0, quantity: 0 };
      byArticle.set(String(l.article_id), { total: g.total + Number(l.total), quantity: g.quantity + Number(l.quantity) });
    }
    const best = [...byArticle.values()].map((g) => g.total).sort((a, b) => b - a).slice(0, 5);
    const r = pos('report', 'top', '--limit', '5', '--from', from, '--to', to, '--format', 'csv');
    expect(r.code).toBe(0);
    const top = parse(r.stdout, { columns: true }) as Array<Record<string, string>>;
    expect(top.map((t) => cents(t.total_ttc!))).toEqual(best);
    for (const t of top) expect(Math.round(Number(t.quantity) * 1000)).toBe(byArticle.get(t.article!)!.quantity);
    const table = pos('report', 'top', '--limit', '3', '--from', from, '--to', to);
    const body = table.stdout.trimEnd().split('\n');
    expect(body[0]).toBe(`Meilleures ventes du ${from} au ${to}`);
    expect(body.slice(4)).toHaveLength(3);
    expect(body[4]).toMatch(/^1\s+\S.*█/);
  });

  test('pos export accounting: `;` CSV with decimal commas, one line per day x method and per day x rate, equal to the rows', async () => {
    const data = await rows();
    const r = pos('export', 'accounting', '--from', from, '--to', to);
    expect([r.code, r.stderr]).toEqual([0, '']);
    const records = parse(r.stdout, { columns: true, delimiter: ';' }) as Array<Record<string, string>>;
    expect(Object.keys(records[0]!)).toEqual(['date', 'type', 'code', 'libelle', 'nombre', 'montant_ht', 'tva', 'montant_ttc']);
    const pay = new Map<string, number>();
    for (const p of data.payments) {
      const k = `${data.dayOf.get(Number(p.sale_id))}|${String(p.method)}`;
      pay.set(k, (pay.get(k) ?? 0) + Number(p.amount));
    }
    const reglements = records.filter((x) => x.type === 'reglement');
    expect(reglements.map((x) => `${x.date}|${x.code}`).sort()).toEqual([...pay.keys()].sort());
    for (const x of reglements) expect(cents(x.montant_ttc!)).toBe(pay.get(`${x.date}|${x.code}`));
    const vat = new Map<string, { base: number; tax: number; total: number }>();
    for (const t of data.taxes) {
      const k = `${data.dayOf.get(Number(t.sale_id))}|${String(t.rate_bp)}`;
      const g = vat.get(k) ?? { base: 0, tax: 0, total: 0 };
      vat.set(k, { base: g.base + Number(t.base), tax: g.tax + Number(t.tax), total: g.total + Number(t.total) });
    }
    const tva = records.filter((x) => x.type === 'tva');
    expect(tva).toHaveLength(vat.size);
    for (const x of tva) {
      expect(x.montant_ttc).toMatch(/^-?\d+,\d{2}$/);
      expect({ base: cents(x.montant_ht!), tax: cents(x.tva!), total: cents(x.montant_ttc!) }).toEqual(vat.get(`${x.date}|${x.code}`));
    }
    expect(records.map((x) => x.date)).toEqual(records.map((x) => x.date).sort());
    const comma = pos('export', 'accounting', '--from', from, '--to', to, '--separator', ',');
    expect((parse(comma.stdout, { columns: true }) as Array<Record<string, string>>)[0]!.montant_ttc).toMatch(/^-?\d+\.\d{2}$/);
  });
});

describe('pos export accounting with bad arguments', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pos-accounting-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test.each([
    [['--month', '2026-13'], '--month attend AAAA-MM'],
    [['--month', '2026-11', '--last', '7d'], 'choisissez une seule période'],
    [['--separator', '|'], "argument '|' is invalid"],
  ])('%j exits with code 2, a message on stderr and no database', (args, message) => {
    const r = runPos(['export', 'accounting', ...args, '--db', join(dir, 'never.sqlite3')]);
    expect(existsSync(join(dir, 'never.sqlite3'))).toBe(false);
    expect([r.code, r.stdout]).toEqual([2, '']);
    expect(r.stderr).toContain(message);
  });
});
