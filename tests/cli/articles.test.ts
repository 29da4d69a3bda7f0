// pos articles and pos categories with the real binary on a seeded shop:
// listing, showing, adding and changing (audited under the manager's PIN),
// and bad command lines refused with exit code 2 and nothing changed.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { openCore } from '../../src/core/shop/core.service.js';
import { runPos } from '../helpers/run-pos.js';

describe('pos articles / pos categories', () => {
  let dir: string;
  let db: string;
  const pos = (args: string[], env: Record<string, string> = {}) => runPos([...args, '--db', db], env);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pos-articles-'));
    db = join(dir, 'pos.sqlite3');
    expect(runPos(['db', 'seed', '--demo', '--days', '1', '--db', db]).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('list: search, category filter, csv and json', () => {
    const table = pos(['articles', 'list', '--search', 'miel']);
    expect(table.code).toBe(0);
    expect(table.stdout).toContain('Miel acacia 500g');
    expect(table.stdout).toContain('Miel de lavande 250g');
    expect(table.stdout).not.toContain('Comté');
    const csv = parse(pos(['articles', 'list', '--category', 'fromages', '--format', 'csv']).stdout, { columns: true, delimiter: ';' }) as Array<Record<string, string>>;
    expect(csv.length).toBeGreaterThan(3);
    expect(csv.every((r) => r.categorie === 'Fromages')).toBe(true);
    const json = JSON.parse(pos(['articles', 'list', '--search', '3760451001045', '--format', 'json']).stdout) as Array<{ name: string }>;
    expect(json.map((a) => a.name)).toEqual(['Miel acacia 500g']);
    const unknown = pos(['articles', 'list', '--category', 'Poissonnerie']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('catégorie « Poissonnerie » introuvable');
  });

  test('show: by PLU or barcode; unknown code exits 2', () => {
    const byPlu = pos(['articles', 'show', '104']);
    expect(byPlu.stdout).toMatch(/Article\s+Miel acacia 500g/);
    expect(byPlu.stdout).toMatch(/Prix TTC\s+14,90 €/);
    expect(pos(['articles', 'show', '3760451001045']).stdout).toBe(byPlu.stdout);
    const missing = pos(['articles', 'show', '999999']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('article « 999999 » introuvable');
  });

  test('set: a price change is audited under the manager given by POS_PIN, and shows at the till lookup', async () => {
    const r = pos(['articles', 'set', '104', '--price', '15,50', '--min-stock', '6', '--supplier-ref', 'TDF-9'], { POS_PIN: '1234' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/Prix TTC\s+15,50 €/);
    const core = await openCore({ db });
    try {
      expect((await core.catalog.lookup('3760451001045'))!.article).toMatchObject({ price: 1550, minStock: 6000, supplierRef: 'TDF-9' });
      const event = await core.knex('audit_events').where({ kind: 'price_change' }).orderBy('id', 'desc').first();
      const manager = await core.staff.authenticate('1234');
      expect(Number(event.employee_id)).toBe(manager!.id);
      expect(JSON.parse(event.details)).toMatchObject({ oldPrice: 1490, newPrice: 1550 });
    } finally {
      await core.close();
    }
  });

  test('set and add refuse without a manager PIN, and bad values exit 2 changing nothing', () => {
    const noPin = pos(['articles', 'set', '104', '--price', '1,00']);
    expect(noPin.code).toBe(2);
    expect(noPin.stderr).toContain('--pin');
    const cashier = pos(['articles', 'set', '104', '--price', '1,00', '--pin', '0000']);
    expect(cashier.code).toBe(1);
    expect(cashier.stderr).toContain('Code PIN refusé');
    for (const [args, message] of [
      [['--price', 'cher'], '--price : montant « cher » illisible'],
      [['--vat', '7'], '--vat : taux « 7 » inconnu'],
      [['--plu', '103'], 'Le PLU 103 est déjà celui de « Miel de lavande 250g »'],
      [['--add-barcode', '3760451001046'], 'clé de contrôle'],
      [['--min-stock', '1,5'], 'quantité entière attendue'],
    ] as const) {
      const r = pos(['articles', 'set', '104', ...args, '--pin', '1234']);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain(message);
    }
    expect(pos(['articles', 'show', '104']).stdout).toMatch(/Prix TTC\s+15,50 €/);
    expect(pos(['articles', 'set', '104', '--pin', '1234']).code).toBe(2);
  });

  test('add: a weighed article with a barcode-less PLU, then a barcode and a grid place', () => {
    const r = pos(['articles', 'add', '--name', 'Brie de Meaux', '--price', '26,90', '--category', 'Fromages', '--vat', '5,5', '--unit', 'kg', '--plu', '10100', '--min-stock', '0,5', '--pin', '1234']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/Vente\s+au poids \(kg\)/);
    expect(r.stdout).toMatch(/Stock minimum\s+0,500 kg/);
    const set = pos(['articles', 'set', '10100', '--add-barcode', '4006381333931', '--grid-position', '1', '--pin', '1234']);
    expect(set.stdout).toMatch(/Codes-barres\s+4006381333931/);
    expect(set.stdout).toMatch(/Position grille\s+1/);
    const dup = pos(['articles', 'add', '--name', 'Autre', '--price', '1', '--category', 'Fromages', '--plu', '10100', '--pin', '1234']);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toContain('PLU 10100');
    expect(pos(['articles', 'add', '--name', 'Sans prix', '--category', 'Fromages', '--pin', '1234']).code).toBe(2);
  });

  test('categories: add, rename, recolour, reorder; a bad colour exits 2', () => {
    expect(pos(['categories', 'add', 'Boulangerie', '--color', 'red', '--order', '1', '--pin', '1234']).stdout).toContain('Catégorie créée : Boulangerie');
    const list = pos(['categories', 'list', '--format', 'csv']).stdout.trim().split('\n');
    expect(list[1]).toBe('1;Boulangerie;red');
    const set = pos(['categories', 'set', 'boulangerie', '--name', 'Pains', '--color', 'yellow', '--order', '3', '--pin', '1234']);
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/3\s+Pains\s+yellow/);
    const bad = pos(['categories', 'set', 'Pains', '--color', 'orange', '--pin', '1234']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Couleur « orange » inconnue');
    expect(pos(['categories', 'add', 'cave', '--pin', '1234']).code).toBe(2);
  });

  test('vat: add a rate, change it, refuse bad ones; new articles can use it', () => {
    const added = pos(['vat', 'add', '--code', 'd', '--rate', '2,1', '--pin', '1234']);
    expect(added.stderr).toBe('');
    expect(added.stdout).toMatch(/D\s+TVA 2,1 %\s+2,1 %/);
    expect(pos(['vat', 'add', '--code', 'D', '--rate', '2,1', '--pin', '1234']).stderr).toContain('existe déjà');
    expect(pos(['vat', 'add', '--code', 'E', '--rate', '120', '--pin', '1234']).code).toBe(2);
    const set = pos(['vat', 'set', 'd', '--rate', '2,2', '--label', 'TVA presse', '--pin', '1234']);
    expect(set.stdout).toMatch(/D\s+TVA presse\s+2,2 %/);
    expect(pos(['vat', 'set', 'Z', '--rate', '1', '--pin', '1234']).code).toBe(2);
    expect(pos(['vat', 'set', 'D', '--rate', '1']).code).toBe(2);
    const article = pos(['articles', 'add', '--name', 'Journal', '--price', '1,50', '--category', 'Cadeaux & maison', '--vat', '2,2', '--pin', '1234']);
    expect(article.stdout).toMatch(/TVA\s+2,2 %/);
  });
});
