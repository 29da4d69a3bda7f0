// pos promotions / pos prices, through the real compiled program on a demo
// shop: what the seed put there, adding and ending promotions, level prices,
// and bad command lines (message on stderr, exit 2, nothing changed).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { localDate } from '../../src/core/basics/clock.js';
import { openCore } from '../../src/core/shop/core.service.js';
import { runPos } from '../helpers/run-pos.js';

const day = (offset: number) => {
  const now = new Date();
  return localDate(new Date(now.getFullYear(), now.getMonth(), now.getDate() + offset));
};

describe('pos promotions and pos prices', () => {
  let dir: string;
  let db: string;
  // the demo manager's PIN, for the commands that now ask for one
  const pos = (...args: string[]) => runPos([...args, '--db', db], { POS_PIN: '1234' });
  /** Every promotion and level price, read in-process (cheaper than two more runs of the program). */
  const snapshot = async () => {
    const core = await openCore({ db });
    try {
      return JSON.stringify([await core.promotions.list({ all: true }), await core.promotions.prices()]);
    } finally {
      await core.close();
    }
  };
  const listJson = (...extra: string[]) => JSON.parse(pos('promotions', 'list', '--format', 'json', ...extra).stdout) as Array<Record<string, unknown>>;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pos-promo-'));
    db = join(dir, 'pos.sqlite3');
    expect(runPos(['db', 'seed', '--demo', '--days', '1', '--db', db]).code).toBe(0);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('the demo shop has its promotions and professional prices', () => {
    expect(listJson().map((p) => p.name)).toEqual(['Sablés 3 pour 2', 'Pros : Chablis à 18,50', 'Thés & cafés -20 %']);
    const r = pos('prices', 'list', '--level', 'wholesale', '--format', 'csv');
    expect(r.code).toBe(0);
    const rows = parse(r.stdout, { delimiter: ';', columns: true }) as Array<Record<string, string>>;
    expect(rows).toHaveLength(5);
    expect(rows.find((x) => x.article === 'Comté 18 mois')).toMatchObject({ prix_catalogue: '32,90', prix: '29,50' });
  });

  test('add each kind, list them, end one', () => {
    const a = pos('promotions', 'add', '--name', 'Confiture 3 pour 2', '--article', '101', '--buy', '3', '--pay', '2', '--from', day(0), '--to', day(10));
    expect(a.stderr).toBe('');
    expect(a.code).toBe(0);
    const id = Number(a.stdout.split('\t')[0]);
    expect(a.stdout).toBe(`${id}\tConfiture 3 pour 2\t3 pour 2\t${day(0)}\t${day(10)}\n`);
    const b = pos('promotions', 'add', '--name', 'Fromages -10 %', '--category', 'fromages', '--percent', '12,5', '--from', day(1), '--to', day(8), '--group', 'fidèles');
    expect(b.code).toBe(0);
    const c = pos('promotions', 'add', '--name', 'Huile à 12', '--article', '113', '--price', '12,00', '--from', day(0), '--to', day(0));
    expect(c.code).toBe(0);
    const listed = listJson();
    expect(listed.find((p) => p.name === 'Fromages -10 %')).toMatchObject({ kind: 'percent', value: 1250, categoryName: 'Fromages', groupName: 'Fidèles', from: day(1), to: day(8) });
    expect(listed.find((p) => p.name === 'Huile à 12')).toMatchObject({ kind: 'fixed_price', value: 1200, articleName: "Huile d'olive vierge 50cl" });
    const table = pos('promotions', 'list');
    expect(table.stdout).toMatch(/Confiture 3 pour 2 +3 pour 2 +Confiture abricot 370g/);

    const end = pos('promotions', 'end', String(id));
    expect(end.code).toBe(0);
    expect(end.stderr).toContain('terminée');
    expect(listJson().map((p) => p.id)).not.toContain(id);
    expect(listJson('--all').find((p) => p.id === id)).toMatchObject({ active: false });
  });

  test.each([
    [['promotions', 'add', '--name', 'X', '--article', '101', '--category', 'Cave', '--percent', '10', '--from', day(0), '--to', day(1)], 'un seul des deux'],
    [['promotions', 'add', '--name', 'X', '--percent', '10', '--from', day(0), '--to', day(1)], 'un seul des deux'],
    [['promotions', 'add', '--name', 'X', '--article', '101', '--percent', '10', '--price', '2', '--from', day(0), '--to', day(1)], 'une seule remise'],
    [['promotions', 'add', '--name', 'X', '--article', '101', '--buy', '3', '--from', day(0), '--to', day(1)], '--buy et --pay'],
    [['promotions', 'add', '--name', 'X', '--article', '101', '--percent', '150', '--from', day(0), '--to', day(1)], '--percent attend'],
    [['promotions', 'add', '--name', 'X', '--article', '101', '--price', 'gratuit', '--from', day(0), '--to', day(1)], '--price attend'],
    [['promotions', 'add', '--name', 'X', '--article', '999999', '--percent', '10', '--from', day(0), '--to', day(1)], 'article « 999999 » introuvable'],
    [['promotions', 'add', '--name', 'X', '--category', 'Boulangerie', '--percent', '10', '--from', day(0), '--to', day(1)], 'catégorie « Boulangerie » introuvable'],
    [['promotions', 'add', '--name', 'X', '--article', '101', '--percent', '10', '--from', day(0), '--to', day(1), '--group', 'Amis'], 'groupe de clients « Amis »'],
    [['promotions', 'add', '--name', 'X', '--article', '101', '--percent', '10', '--from', '31/12/2026', '--to', day(1)], 'Date de début invalide'],
    [['promotions', 'add', '--name', 'X', '--article', '101', '--percent', '10', '--from', day(3), '--to', day(1)], 'précède'],
    [['promotions', 'end', '99999'], 'Promotion 99999 inconnue'],
    [['promotions', 'end', 'abc'], 'entier positif'],
    [['prices', 'set', '--level', 'wholesale', '--article', '101', '--price', '-1'], '--price attend'],
    [['prices', 'set', '--level', 'whole sale', '--article', '101', '--price', '1'], 'Niveau de prix'],
    [['prices', 'set', '--level', 'wholesale', '--article', '999999', '--price', '1'], 'introuvable'],
    [['prices', 'remove', '--level', 'nope', '--article', '101'], 'Aucun prix « nope »'],
  ])('bad arguments %j: message on stderr, exit 2, nothing changed', async (args, message) => {
    const before = await snapshot();
    const r = pos(...(args as string[]));
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stdout).toBe('');
    expect(await snapshot()).toBe(before);
  });

  test('prices set, change, remove', () => {
    const set = pos('prices', 'set', '--level', 'wholesale', '--article', '101', '--price', '5,90');
    expect(set.code).toBe(0);
    expect(set.stdout).toBe('wholesale\t101\tConfiture abricot 370g\t5,90\n');
    expect(pos('prices', 'set', '--level', 'wholesale', '--article', '101', '--price', '5,50').code).toBe(0);
    const list = JSON.parse(pos('prices', 'list', '--level', 'wholesale', '--format', 'json').stdout) as Array<{ plu: string; price: number }>;
    expect(list.find((p) => p.plu === '101')?.price).toBe(550);
    expect(list).toHaveLength(6);
    expect(pos('prices', 'remove', '--level', 'wholesale', '--article', '101').code).toBe(0);
    expect(JSON.parse(pos('prices', 'list', '--level', 'wholesale', '--format', 'json').stdout)).toHaveLength(5);
  });
});
