// pos import customers / pos export customers, on real files: a good file, a
// file with bad rows (nothing imported, every error with its line), French
// spreadsheets (`;`, accents, BOM), and an export that imports back.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../../src/core/shop/core.service.js';
import { parse } from 'csv-parse/sync';
import { runPos } from '../helpers/run-pos.js';

describe('customer CSV import and export', () => {
  let dir: string;
  let db: string;
  const count = async (file = db) => {
    const core = await openCore({ db: file });
    try {
      return await core.customers.count();
    } finally {
      await core.close();
    }
  };

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pos-csv-'));
    db = join(dir, 'pos.sqlite3');
    expect(runPos(['db', 'seed', '--demo', '--days', '1', '--db', db]).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('a good comma-separated file with English headers', async () => {
    const file = join(dir, 'good.csv');
    writeFileSync(file, 'code,first_name,last_name,phone,email,group,discount,overdraft_limit\n1001001,Ana,Silva,0612345678,ana@example.com,Fidèles,5,"150,00"\n1001002,Bob,Martin,,,,,\n');
    const before = await count();
    const r = runPos(['import', 'customers', file, '--pin', '1234', '--db', db]);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('2 client(s) importé(s)');
    expect(await count()).toBe(before + 2);
    const core = await openCore({ db });
    try {
      const ana = await core.customers.byCode('1001001');
      expect(ana).toMatchObject({ firstName: 'Ana', discountBp: 500, overdraftLimit: 15000 });
      expect((await core.customers.groupOf(ana!))?.name).toBe('Fidèles');
      const bob = await core.customers.byCode('1001002');
      expect((await core.customers.groupOf(bob!))?.name).toBe('Tous les clients');
    } finally {
      await core.close();
    }
  });

  test('a file with bad rows: refused whole, every error with its line number', async () => {
    const file = join(dir, 'bad.csv');
    writeFileSync(
      file,
      [
        'code;prenom;nom;email;groupe;decouvert',
        '2002001;Élise;Durand;elise@example.com;;',
        '2002002;;;;;',
        '2002003;Marc;Petit;pas-un-mail;Inconnus;',
        '2002001;Jean;Doublon;;;',
        '2002004;Luc;Blanc;;;cent euros',
      ].join('\n'),
    );
    const before = await count();
    const r = runPos(['import', 'customers', file, '--pin', '1234', '--db', db]);
    expect(r.code).toBe(2); // a refused file is bad input
    expect(r.stderr).toContain('ligne 3 : nom ou prénom obligatoire');
    expect(r.stderr).toContain('ligne 4 : adresse e-mail « pas-un-mail » invalide');
    expect(r.stderr).toContain('ligne 4 : groupe « Inconnus » inconnu');
    expect(r.stderr).toContain('ligne 5 : code client 2002001 déjà à la ligne 2');
    expect(r.stderr).toContain('ligne 6 : découvert « cent euros » illisible');
    expect(r.stderr).toContain('aucun client importé');
    expect(await count()).toBe(before);
  });

  test('structure errors: wrong column count, unknown column, missing code column, missing file', async () => {
    const ragged = join(dir, 'ragged.csv');
    writeFileSync(ragged, 'code;nom\n3003001;Roux\n3003002;Noir;en trop\n');
    const r1 = runPos(['import', 'customers', ragged, '--pin', '1234', '--db', db]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toContain('ligne 3 : 3 colonne(s) au lieu de 2');
    const unknown = join(dir, 'unknown.csv');
    writeFileSync(unknown, 'code;nom;pointure\n3003003;Vert;42\n');
    expect(runPos(['import', 'customers', unknown, '--pin', '1234', '--db', db]).stderr).toContain('ligne 1 : colonne inconnue « pointure »');
    const noCode = join(dir, 'nocode.csv');
    writeFileSync(noCode, 'nom;prenom\nGris;Léo\n');
    expect(runPos(['import', 'customers', noCode, '--pin', '1234', '--db', db]).stderr).toContain('colonne obligatoire « code » absente');
    const missing = runPos(['import', 'customers', join(dir, 'absent.csv'), '--pin', '1234', '--db', db]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('fichier introuvable');
  });

  test('a French spreadsheet: semicolons, accents, BOM, quoted fields, French headers', async () => {
    const file = join(dir, 'fr.csv');
    writeFileSync(
      file,
      '\uFEFFCode client;Prénom;Nom;Téléphone;Adresse;Code postal;Ville;Remarques\n' +
        '4004001;Hélène;Lefèvre;06 11 22 33 44;"12, rue de l\'Église";75004;Paris;"Aime le comté ; et le café"\n' +
        '4004002;Zoë;Brûlé;;;;Besançon;\n',
    );
    const r = runPos(['import', 'customers', file, '--pin', '1234', '--db', db]);
    expect(r.stderr).toBe('');
    const core = await openCore({ db });
    try {
      expect(await core.customers.byCode('4004001')).toMatchObject({
        firstName: 'Hélène',
        lastName: 'Lefèvre',
        address: "12, rue de l'Église",
        notes: 'Aime le comté ; et le café',
      });
      expect((await core.customers.search('brule besancon'))).toHaveLength(0);
      expect((await core.customers.search('zoe brule')).map((c) => c.code)).toEqual(['4004002']);
    } finally {
      await core.close();
    }
  });

  test('export: CSV that imports back into another shop, and JSON', async () => {
    const csv = runPos(['export', 'customers', '--db', db]);
    expect(csv.code).toBe(0);
    const rows = parse(csv.stdout, { delimiter: ';', columns: true }) as Array<Record<string, string>>;
    expect(rows.length).toBe(await count());
    expect(rows.find((r) => r.code === '4004001')).toMatchObject({ first_name: 'Hélène', city: 'Paris' });
    const other = join(dir, 'other.sqlite3');
    expect(runPos(['db', 'migrate', '--db', other]).code).toBe(0);
    // The other shop needs the same groups: the demo shop has them.
    expect(runPos(['db', 'seed', '--demo', '--days', '1', '--db', other]).code).toBe(0);
    const onlyNew = join(dir, 'only-new.csv');
    writeFileSync(onlyNew, [csv.stdout.split('\n')[0], ...csv.stdout.split('\n').filter((l) => /^(1001|4004)/.test(l))].join('\n'));
    const back = runPos(['import', 'customers', onlyNew, '--pin', '1234', '--db', other]);
    expect(back.stderr).toBe('');
    expect(back.stdout).toContain('4 client(s) importé(s)');
    const json = JSON.parse(runPos(['export', 'customers', '--format', 'json', '--db', db]).stdout) as Array<{ code: string; group: string }>;
    expect(json.find((c) => c.code === '1001001')?.group).toBe('Fidèles');
    expect(runPos(['export', 'customers', '--format', 'xml', '--db', db]).code).toBe(2);
  });
});
