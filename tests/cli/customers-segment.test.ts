// pos customers segment / segments, pos promotions add --segment and the
// consent column of pos import/export customers, with the real binary on a
// shop whose sales were made at known days: table, CSV and JSON; the mailing
// list holds consenting customers only; bad arguments refused with exit 2
// and nothing saved; a saved segment in use by a promotion is kept.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { openCore } from '../../src/core/shop/core.service.js';
import { addLine, setCustomer } from '../../src/core/sales/ticket.js';
import { sellable } from '../../src/core/catalogue/article.js';
import { runPos } from '../helpers/run-pos.js';
import { smallShop } from '../helpers/shop.js';

// Local noon n days ago: whole local days apart whatever the summer time in between.
const daysAgo = (n: number) => {
  const today = new Date();
  return new Date(today.getFullYear(), today.getMonth(), today.getDate() - n, 12);
};

describe('pos customers segment', () => {
  let dir: string;
  let db: string;
  const pos = (...args: string[]) => runPos([...args, '--db', db]);
  const count = async (table: string) => {
    const core = await openCore({ db });
    try {
      return Number((await core.knex(table).count({ n: '*' }).first())!.n);
    } finally {
      await core.close();
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pos-segments-'));
    db = join(dir, 'pos.sqlite3');
    let now = daysAgo(120);
    const core = await openCore({ db, clock: () => now });
    try {
      const shop = await smallShop(core);
      const ana = await core.customers.create({ code: 'C-ANA', firstName: 'Ana', lastName: 'Alves', email: 'ana@example.com', phone: '0611111111', marketingConsent: true });
      const bob = await core.customers.create({ code: 'C-BOB', firstName: 'Bob', lastName: 'Bernard', email: 'bob@example.com' });
      await core.customers.create({ code: 'C-EVE', firstName: 'Eve', lastName: 'Etienne', marketingConsent: true });
      const sell = async (n: number, customerId: number, article: typeof shop.wine, qty: number, amount: number) => {
        now = daysAgo(n);
        await core.sales.complete(setCustomer(addLine(core.tickets.create(), sellable(article), qty), customerId), [{ method: 'card', amount }], shop.manager.id);
      };
      await sell(90, ana.id, shop.wine, 10_000, 12_900);
      await sell(80, ana.id, shop.nutella, 1000, 450);
      await sell(10, bob.id, shop.wine, 1000, 1290);
    } finally {
      await core.close();
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('table: lapsed 60 days and spent 100,00 → Ana, with visits, spending, categories and consent', () => {
    const r = pos('customers', 'segment', '--lapsed', '60', '--min-spent', '100,00');
    expect(r.code).toBe(0);
    const [header, ...rows] = r.stdout.trimEnd().split('\n');
    expect(header).toMatch(/^code\s+nom\s+email\s+telephone\s+derniere_visite\s+jours\s+visites\s+depense\s+categories\s+consentement$/);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatch(/^C-ANA\s+Ana Alves\s+ana@example.com\s+0611111111\s+\d{4}-\d{2}-\d{2}\s+80\s+2\s+133,50\s+Cave, Épicerie\s+oui$/);
  });

  test('CSV and JSON; --for-mailing keeps the consenting customers only and writes CSV', () => {
    const csv = pos('customers', 'segment', '--lapsed', '5', '--format', 'csv');
    expect(csv.code).toBe(0);
    const records = parse(csv.stdout, { delimiter: ';', columns: true }) as Array<Record<string, string>>;
    expect(records.map((x) => [x.code, x.visites, x.depense, x.consentement])).toEqual([['C-ANA', '2', '133,50', 'oui'], ['C-BOB', '1', '12,90', 'non']]);

    const mailing = pos('customers', 'segment', '--lapsed', '5', '--for-mailing');
    expect(mailing.code).toBe(0);
    expect((parse(mailing.stdout, { delimiter: ';', columns: true }) as Array<Record<string, string>>).map((x) => x.code)).toEqual(['C-ANA']);
    const everyone = pos('customers', 'segment', '--for-mailing', '--format', 'json');
    expect((JSON.parse(everyone.stdout) as Array<{ code: string; marketingConsent: boolean }>).map((x) => [x.code, x.marketingConsent])).toEqual([['C-ANA', true], ['C-EVE', true]]);

    const json = JSON.parse(pos('customers', 'segment', '--min-visits', '1', '--category', 'cave', '--format', 'json').stdout);
    expect(json).toEqual([
      expect.objectContaining({ code: 'C-ANA', visits: 2, spent: 13350, daysSinceVisit: 80, topCategories: ['Cave', 'Épicerie'], marketingConsent: true }),
      expect.objectContaining({ code: 'C-BOB', visits: 1, spent: 1290, daysSinceVisit: 10, topCategories: ['Cave'], marketingConsent: false, marketingConsentAt: null }),
    ]);
  });

  test.each([
    [['--lapsed', '-3'], '--lapsed attend un nombre entier entre 1 et 36500 (reçu « -3 »)'],
    [['--min-spent', 'abc'], '--min-spent attend un montant, ex. 100,00 (reçu « abc »)'],
    [['--min-visits', '0'], '--min-visits attend un nombre entier'],
    [['--since', '2026-02-30'], '--since attend une date AAAA-MM-JJ qui existe'],
    [['--format', 'xml'], "argument 'xml' is invalid"],
    [['--category', 'Surgelés'], 'Catégorie « Surgelés » introuvable'],
    [['--saved', 'Inconnu'], 'Segment « Inconnu » introuvable'],
    [['--saved', 'X', '--lapsed', '3'], '--saved reprend les critères'],
    [['--lapsed', '3', '--save', 'Sans PIN'], '--pin'],
  ])('%j is refused with exit 2 and nothing saved', async (args, message) => {
    const r = pos('customers', 'segment', ...args);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
    expect(await count('customer_segments')).toBe(0);
  });

  test('saved segment: --save with a PIN, listed, run again by name, used by a promotion, kept while used', async () => {
    expect(pos('customers', 'segment', '--lapsed', '60', '--save', 'Perdus', '--pin', '9999').code).toBe(1);
    const saved = pos('customers', 'segment', '--lapsed', '60', '--save', 'Perdus', '--pin', '1234');
    expect(saved.code).toBe(0);
    expect(saved.stderr).toContain('Segment « Perdus » enregistré : sans visite depuis 60 j');
    expect(pos('customers', 'segment', '--lapsed', '9', '--save', 'perdus', '--pin', '1234')).toMatchObject({ code: 2, stderr: expect.stringContaining('Le segment « Perdus » existe déjà') });
    const list = pos('customers', 'segments');
    expect(list.stdout).toMatch(/^Perdus\s+sans visite depuis 60 j\s+Marc Gérant\s+\d{4}-\d{2}-\d{2}$/m);
    expect(pos('customers', 'segment', '--saved', 'perdus', '--format', 'csv').stdout).toMatch(/^C-ANA;/m);

    const today = new Date().toISOString().slice(0, 10);
    const added = pos('promotions', 'add', '--name', 'Revenez', '--category', 'Cave', '--percent', '10', '--from', today, '--to', today, '--segment', 'Perdus', '--pin', '1234');
    expect(added.code).toBe(0);
    expect(pos('promotions', 'list').stdout).toMatch(/Revenez .* segment Perdus/);
    expect(pos('promotions', 'add', '--name', 'X', '--category', 'Cave', '--percent', '10', '--from', today, '--to', today, '--segment', 'Aucun', '--pin', '1234')).toMatchObject({ code: 2, stderr: expect.stringContaining('Segment « Aucun » introuvable') });

    const refused = pos('customers', 'segments', '--remove', 'Perdus', '--pin', '1234');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/Le segment « Perdus » sert à la promotion \d+ « Revenez » : il ne peut pas être supprimé/);
    expect(await count('customer_segments')).toBe(1);
    expect(pos('customers', 'segment', '--recent', '30', '--save', 'Récents', '--pin', '1234').code).toBe(0);
    expect(pos('customers', 'segments', '--remove', 'recents', '--pin', '1234')).toMatchObject({ code: 0, stderr: 'Segment « Récents » supprimé\n' });
    expect(await count('customer_segments')).toBe(1);
  });

  test('CSV import reads the consent (oui/non/1/0/yes/no/true/false) and dates it; a bad value refuses the file; the export writes it', async () => {
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'code;nom;consentement\nC-100;Un;oui\nC-101;Deux;peut-être\n');
    const before = await count('customers');
    const r = pos('import', 'customers', bad, '--pin', '1234');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('ligne 3 : consentement « peut-être » illisible (oui, non, 1, 0, yes, no, true ou false)');
    expect(await count('customers')).toBe(before);

    const good = join(dir, 'good.csv');
    writeFileSync(good, 'code,last_name,marketing_consent\nC-200,Oui,yes\nC-201,Non,0\nC-202,Vide,\nC-203,Vrai,TRUE\n');
    expect(pos('import', 'customers', good, '--pin', '1234').code).toBe(0);
    const exported = parse(pos('export', 'customers').stdout, { delimiter: ';', columns: true }) as Array<Record<string, string>>;
    const byCode = new Map(exported.map((x) => [x.code, x]));
    expect(['C-200', 'C-201', 'C-202', 'C-203'].map((c) => byCode.get(c)!.marketing_consent)).toEqual(['oui', 'non', 'non', 'oui']);
    expect(byCode.get('C-200')!.marketing_consent_at).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(byCode.get('C-201')!.marketing_consent_at).toBe('');
    const core = await openCore({ db });
    try {
      const [event] = await core.audit.recent(1);
      expect(event!.kind).toBe('import');
      expect(JSON.parse(event!.details as unknown as string)).toMatchObject({ what: 'customers', created: 4, marketingConsent: 2 });
    } finally {
      await core.close();
    }
    // The export imports back (its consent date column is read and ignored).
    const again = join(dir, 'again.csv');
    writeFileSync(again, pos('export', 'customers').stdout.replace(/C-20(\d)/g, 'D-20$1').replace(/C-(ANA|BOB|EVE)/g, 'D-$1'));
    expect(pos('import', 'customers', again, '--pin', '1234').code).toBe(0);
  });
});
