// `pos loyalty`, `pos groups` and `pos import customers --create-groups` with
// the real program: show, a preview that changes nothing, --yes with a
// manager's PIN (refusals: no PIN, a cashier's, bad values), groups added,
// changed, refused removal while used, and the import with and without the flag.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../../src/core/shop/core.service.js';
import { runPos } from '../helpers/run-pos.js';
import { smallShop } from '../helpers/shop.js';

describe('pos loyalty, pos groups', () => {
  let dir: string;
  let db: string;
  const pos = (...args: string[]) => runPos([...args, '--db', db]);
  const withCore = async <T>(work: (core: Awaited<ReturnType<typeof openCore>>) => Promise<T>): Promise<T> => {
    const core = await openCore({ db });
    try {
      return await work(core);
    } finally {
      await core.close();
    }
  };
  const loyaltyRows = () => withCore(async (core) => (await core.knex('settings').where('key', 'like', 'loyalty.%').orderBy('key')).map((r) => `${r.key}=${r.value}`));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pos-loyalty-groups-'));
    db = join(dir, 'pos.sqlite3');
    await withCore(async (core) => {
      const shop = await smallShop(core);
      // Two customers with points: 90 and 40 (nutella earns nothing: points given by hand in the ledger's own terms)
      const a = await core.customers.create({ code: 'C-001', firstName: 'Alice', lastName: 'Martin' });
      const b = await core.customers.create({ code: 'C-002', firstName: 'Bruno', lastName: 'Petit' });
      await core.knex('loyalty_entries').insert([
        { customer_id: a.id, kind: 'adjust', criterion: 'points', amount: 90, card_no: 1, employee_id: shop.manager.id, created_at: '2026-11-20T09:00:00.000Z' },
        { customer_id: b.id, kind: 'adjust', criterion: 'points', amount: 40, card_no: 1, employee_id: shop.manager.id, created_at: '2026-11-20T09:00:00.000Z' },
      ]);
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('loyalty show: the programme and the cards in progress', () => {
    const r = pos('loyalty', 'show');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('Programme   actif\nCritère     points (points)\nSeuil       100 points\nRécompense  remise de 5,00 €\nCartes      2 en cours, 0 complète(s)\n');
    expect(pos('loyalty', 'show', '--lang', 'en').stdout).toContain('Cards       2 in progress, 0 complete');
  });

  test('loyalty set without --yes shows the effect and changes nothing', async () => {
    const before = await loyaltyRows();
    const r = pos('loyalty', 'set', '--threshold', '80');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Seuil       80 points');
    expect(r.stdout).toContain('Seuil 100 points → 80 points : 2 cartes en cours, 1 devient complète, 0 ne l’est plus');
    expect(r.stderr).toBe('Aperçu : rien n’est changé. Relancez avec --yes (et --pin) pour appliquer.\n');
    expect(await loyaltyRows()).toEqual(before);
  });

  test('loyalty set --yes: no PIN, a cashier’s PIN or a bad value are refused and change nothing', async () => {
    const before = await loyaltyRows();
    const noPin = pos('loyalty', 'set', '--threshold', '80', '--yes');
    expect([noPin.code, noPin.stderr]).toEqual([2, "pos: --pin : le code PIN d'un responsable est demandé (ou POS_PIN)\n"]);
    const cashier = pos('loyalty', 'set', '--threshold', '80', '--yes', '--pin', '0000');
    expect(cashier.code).toBe(1);
    expect(cashier.stderr).toContain('Code PIN refusé');
    const bad = pos('loyalty', 'set', '--threshold', '-3', '--yes', '--pin', '1234');
    expect([bad.code, bad.stderr]).toEqual([2, 'pos: seuil « -3 » : un nombre entier de 1 à 1000000\n']);
    const kind = pos('loyalty', 'set', '--reward', 'hug', '--yes', '--pin', '1234');
    expect(kind.code).toBe(2);
    expect(kind.stderr).toContain('récompense « hug » inconnue');
    const article = pos('loyalty', 'set', '--reward', 'article', '--article', '424242', '--yes', '--pin', '1234');
    expect([article.code, article.stderr]).toEqual([2, 'pos: article « 424242 » introuvable (PLU ou code-barres)\n']);
    const english = pos('loyalty', 'set', '--criterion', 'spent', '--threshold', '0', '--lang', 'en');
    expect([english.code, english.stderr]).toEqual([2, 'pos: threshold "0": an amount in euros above zero (e.g. 150 or 150.00)\n']);
    const nothing = pos('loyalty', 'set', '--yes', '--pin', '1234');
    expect(nothing.code).toBe(2);
    expect(nothing.stderr).toContain('rien à changer');
    expect(await loyaltyRows()).toEqual(before);
  });

  test('loyalty set --yes with a manager’s PIN applies it, audited under their name', async () => {
    const r = pos('loyalty', 'set', '--threshold', '80', '--reward', 'article', '--article', '201', '--yes', '--pin', '1234');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('programme de fidélité enregistré (Marc Gérant)\n');
    expect(r.stdout).toContain('Récompense  article offert : Bordeaux Supérieur 2022 (201)');
    expect(pos('loyalty', 'show').stdout).toContain('Cartes      2 en cours, 1 complète(s)');
    const events = await withCore(async (core) => core.knex('audit_events').where({ kind: 'settings' }));
    expect(events).toHaveLength(1);
    expect(JSON.parse(events[0].details)).toMatchObject({ action: 'loyalty', values: { 'loyalty.threshold': 80, 'loyalty.reward.kind': 'article' }, effect: { becomeComplete: 1 } });
  });

  test('groups add, set, list; a used group is not removed and the message says by whom', async () => {
    const add = pos('groups', 'add', 'Professionnels', '--discount', '5', '--price-level', 'pro', '--pin', '1234');
    expect(add.code).toBe(0);
    expect(add.stdout).toBe('Professionnels\tremise 5 %\tniveau de prix pro\n');
    const noPin = pos('groups', 'add', 'VIP');
    expect(noPin.code).toBe(2);
    const cashier = pos('groups', 'add', 'VIP', '--pin', '0000');
    expect(cashier.code).toBe(1);
    const badDiscount = pos('groups', 'add', 'VIP', '--discount', '150', '--pin', '1234');
    expect([badDiscount.code, badDiscount.stderr]).toEqual([2, 'pos: --discount attend un pourcentage de 0 à 100 (ex. 5 ou 2,5), reçu « 150 »\n']);
    const taken = pos('groups', 'add', 'professionnels', '--pin', '1234');
    expect([taken.code, taken.stderr]).toEqual([2, 'pos: Le groupe « Professionnels » existe déjà\n']);
    const set = pos('groups', 'set', 'professionnels', '--name', 'Pros', '--discount', '7,5', '--pin', '1234');
    expect(set.code).toBe(0);
    expect(set.stdout).toBe('Pros\tremise 7,5 %\tniveau de prix pro\n');
    const unknown = pos('groups', 'set', 'Fantômes', '--discount', '1', '--pin', '1234');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Groupe de clients « Fantômes » introuvable (Tous les clients, Pros)');

    await withCore(async (core) => {
      const pros = (await core.customers.groups()).find((g) => g.name === 'Pros')!;
      const alice = (await core.customers.byCode('C-001'))!;
      await core.customers.update(alice.id, { code: alice.code, groupId: pros.id });
    });
    const used = pos('groups', 'remove', 'Pros', '--pin', '1234');
    expect([used.code, used.stderr]).toEqual([2, "pos: Le groupe « Pros » sert encore à 1 client (Alice Martin C-001) : changez-les de groupe d'abord\n"]);
    const byDefault = pos('groups', 'remove', 'Tous les clients', '--pin', '1234');
    expect(byDefault.code).toBe(2);
    expect(byDefault.stderr).toContain('est le groupe par défaut');
    const list = pos('groups', 'list');
    expect(list.stdout).toMatch(/Tous les clients \(défaut\)\s+1\s+0\n/);
    expect(list.stdout).toMatch(/Pros\s+7,5 %\s+pro\s+1\s+0\n/);

    const control = pos('groups', 'add', 'V\u0007IP', '--pin', '1234');
    expect(control.code).toBe(2);
    expect(control.stderr).toMatch(/^pos: Nom de groupe .*contrôle/);
    const long = pos('groups', 'add', 'x'.repeat(10_000), '--pin', '1234');
    expect(long.code).toBe(2);
    expect(long.stderr).toMatch(/^pos: Nom de groupe .*60/);
    expect(long.stderr.length).toBeLessThan(200);
    expect(await withCore(async (core) => (await core.customers.groups()).length)).toBe(2);

    expect(pos('groups', 'add', 'Éphémère', '--pin', '1234').code).toBe(0);
    const removed = pos('groups', 'remove', 'ephemere', '--pin', '1234');
    expect([removed.code, removed.stdout]).toEqual([0, 'groupe « Éphémère » supprimé (Marc Gérant)\n']);
  });

  test('import customers: without --create-groups the refusal names the missing groups and the flag; with it they are created', async () => {
    const file = join(dir, 'clients.csv');
    writeFileSync(file, 'code;prenom;nom;groupe\nI-001;Arnaud;Blanc;Voisins\nI-002;Berthe;Noir;Pros\nI-003;Claude;Vert;Associations\n');
    const refused = pos('import', 'customers', file, '--pin', '1234');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('ligne 2 : groupe « Voisins » inconnu');
    expect(refused.stderr).toContain('groupe(s) absent(s) : Voisins, Associations — relancez avec --create-groups pour les créer');
    expect(refused.stderr).toContain('aucun client importé');
    expect(await withCore(async (core) => (await core.customers.groups()).length)).toBe(2);

    const done = pos('import', 'customers', file, '--create-groups', '--pin', '1234');
    expect(done.code).toBe(0);
    expect(done.stdout).toBe(`3 client(s) importé(s) depuis ${file}, 2 groupe(s) créé(s) : Voisins, Associations\n`);
    // A Latin-1 file names its groups with accents: read as such, created as such.
    const latin1 = join(dir, 'clients-latin1.csv');
    writeFileSync(latin1, Buffer.from('code;nom;groupe\nL-001;Élodie;Comité d\'entreprise\n', 'latin1'));
    const fromLatin1 = pos('import', 'customers', latin1, '--encoding', 'latin1', '--create-groups', '--pin', '1234');
    expect([fromLatin1.code, fromLatin1.stdout]).toEqual([0, `1 client(s) importé(s) depuis ${latin1}, 1 groupe(s) créé(s) : Comité d'entreprise\n`]);
    const list = pos('groups', 'list', '--format', 'json');
    expect((JSON.parse(list.stdout) as Array<{ name: string; customers: number }>).map((g) => [g.name, g.customers])).toEqual([
      ['Tous les clients', 1], ['Associations', 1], ["Comité d'entreprise", 1], ['Pros', 2], ['Voisins', 1],
    ]);
  });
});
