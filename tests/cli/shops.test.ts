// `pos shops` and the global --shop with the real program (issue #22): a
// shop opened by an owner, a till placed in it, its own price and minimum
// for an article, stock received for it with --shop, a new till started
// in it; refusals (no PIN, a manager's, unknown shop, a till that has sold)
// exit with a sentence and change nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../../src/core/shop/core.service.js';
import { CatalogService } from '../../src/core/catalogue/catalog.service.js';
import { runPos } from '../helpers/run-pos.js';
import { smallShop } from '../helpers/shop.js';

describe('pos shops', () => {
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
  const shopRows = () => withCore(async (core) => core.knex('shops').orderBy('id').select('id', 'code'));

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pos-shops-'));
    db = join(dir, 'pos.sqlite3');
    await withCore(async (core) => {
      await smallShop(core);
      await core.staff.create({ name: 'Anne Patronne', role: 'owner', pin: '7391' }, { pinRule: 'weak-allowed' });
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('add and list: an owner opens a shop; no PIN, a manager, a bad code are refused and change nothing', async () => {
    const before = await shopRows();
    const noPin = pos('shops', 'add', 'port', '--name', 'Épicerie du Port');
    expect([noPin.code, noPin.stderr]).toEqual([2, "pos: --pin : le code PIN d'un patron est demandé (ou POS_PIN)\n"]);
    const manager = pos('shops', 'add', 'port', '--name', 'Épicerie du Port', '--pin', '1234');
    expect(manager.code).toBe(1);
    expect(manager.stderr).toContain('Code PIN refusé');
    const badCode = pos('shops', 'add', 'le port', '--name', 'Épicerie du Port', '--pin', '7391');
    expect([badCode.code, badCode.stderr]).toEqual([2, 'pos: Code de boutique invalide : « le port » (lettres, chiffres et tirets, 20 au plus)\n']);
    expect(await shopRows()).toEqual(before);

    const added = pos('shops', 'add', 'port', '--name', 'Épicerie du Port', '--address', '2 quai Est | 29900 Concarneau', '--siret', '732 829 320 00074', '--pin', '7391');
    expect(added.code).toBe(0);
    expect(added.stdout).toBe('2\tport\tÉpicerie du Port\n');
    expect(added.stderr).toBe('boutique « Épicerie du Port » ouverte, n° 2, code port (Anne Patronne)\n');
    const listed = pos('shops', 'list', '--format', 'csv');
    expect(listed.stdout).toBe('id;code;name;siret;vat_number;address;tills;active\n1;principal;Ma boutique;;;;1;1\n2;port;Épicerie du Port;732 829 320 00074;;2 quai Est / 29900 Concarneau;;1\n');
  });

  test('set: what a shop prints of itself, audited; an empty name or a bad SIRET changes nothing', async () => {
    const set = pos('shops', 'set', 'port', '--footer', 'Merci, à bientôt au port ! | Ouvert le dimanche', '--vat-number', 'FR12732829320', '--pin', '7391');
    expect(set.code).toBe(0);
    expect(set.stderr).toBe('boutique « Épicerie du Port » modifiée (Anne Patronne)\n');
    const own = () => withCore(async (core) => (await core.knex('shop_settings').where({ shop_id: 2 }).orderBy('key').select('key', 'value')).map((r) => `${r.key}=${r.value}`));
    const after = await own();
    expect(after).toContain('receipt.footer=["Merci, à bientôt au port !","Ouvert le dimanche"]');
    expect(after).toContain('shop.vatNumber="FR12732829320"');
    expect(await withCore(async (core) => core.knex('shop_settings').where({ shop_id: 1, key: 'receipt.footer' }).first('value'))).toBeUndefined();
    const empty = pos('shops', 'set', 'port', '--name', '  ', '--pin', '7391');
    expect([empty.code, empty.stderr]).toEqual([2, 'pos: Nom de boutique obligatoire\n']);
    const siret = pos('shops', 'set', 'port', '--siret', '123', '--pin', '7391');
    expect(siret.code).toBe(2);
    const nothing = pos('shops', 'set', 'port', '--pin', '7391');
    expect(nothing.code).toBe(2);
    expect(await own()).toEqual(after);
    const event = await withCore(async (core) => core.knex('audit_events').where({ kind: 'settings' }).orderBy('id', 'desc').first('details'));
    expect(JSON.parse(String(event!.details))).toMatchObject({ keys: ['shop.vatNumber', 'receipt.footer'], shopId: 2 });
  });

  test('place-till, then a new till started with --shop: it sells in its shop; a till that has sold stays', async () => {
    expect(pos('shops', 'place-till', '2', 'port', '--pin', '7391').code).toBe(0);
    const sold = pos('shops', 'place-till', '1', 'port', '--pin', '7391');
    expect(sold.code).toBe(0); // till 1 has not sold yet in this file: it may move…
    expect(pos('shops', 'place-till', '1', 'principal', '--pin', '7391').code).toBe(0); // …and come back
    const unknown = pos('shops', 'place-till', '3', 'nord', '--pin', '7391');
    expect([unknown.code, unknown.stderr]).toEqual([2, 'pos: Boutique « nord » inconnue (pos shops list les donne)\n']);
    // A command run for a new till with --shop registers it there.
    expect(pos('--till', '5', '--shop', 'port', 'stock', 'low').code).toBe(0);
    expect(await withCore(async (core) => (await core.tills.get(5))!.shopId)).toBe(2);
  });

  test('stock and prices per shop: --shop receives into that shop only; set-article gives its own price and minimum', async () => {
    // Marc manages the main shop only: he can neither receive nor price for the port…
    const notHis = pos('--shop', 'port', 'stock', 'receive', '101', '6', '--pin', '1234');
    expect([notHis.code, notHis.stderr]).toEqual([1, 'pos: Code PIN refusé : Marc Gérant n\'est pas affecté à la boutique « Épicerie du Port »\n']);
    const notHisPrice = pos('shops', 'set-article', 'port', '201', '--price', '13,50', '--pin', '1234');
    expect([notHisPrice.code, notHisPrice.stderr]).toEqual([1, 'pos: Marc Gérant n\'est pas affecté à la boutique « Épicerie du Port »\n']);
    expect(await withCore(async (core) => core.knex('shop_articles').where({ shop_id: 2 }).count({ c: '*' }).first().then((r) => Number(r!.c)))).toBe(0);
    // …until the owner assigns him there.
    expect(pos('staff', 'shops', 'Marc Gérant', '--add', 'port', '--pin', '7391').code).toBe(0);
    const received = pos('--shop', 'port', 'stock', 'receive', '101', '6', '--pin', '1234');
    expect(received.code).toBe(0);
    expect(await withCore(async (core) => core.knex('shop_articles').where({ article_id: (await core.catalog.findByCode('101'))!.id }).orderBy('shop_id').select('shop_id', 'stock_qty')))
      .toEqual([{ shop_id: 1, stock_qty: 20000 }, { shop_id: 2, stock_qty: 6000 }]);

    const set = pos('shops', 'set-article', 'port', '201', '--price', '13,50', '--min-stock', '4', '--pin', '1234');
    expect(set.code).toBe(0);
    expect(set.stderr).toBe('« Bordeaux Supérieur 2022 » dans la boutique « Épicerie du Port » (Marc Gérant)\n');
    const listed = pos('shops', 'articles', 'port', '--format', 'csv');
    expect(listed.stdout).toContain('Bordeaux Supérieur 2022;0;1290;1350;4000;\n');
    const bad = pos('shops', 'set-article', 'port', '201', '--price', 'douze', '--pin', '1234');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--price attend un prix TTC');
    const cashier = pos('shops', 'set-article', 'port', '201', '--price', '1', '--pin', '0000');
    expect(cashier.code).toBe(1);
    expect(pos('shops', 'articles', 'port', '--format', 'csv').stdout).toBe(listed.stdout);
    // The shop's low stock is its own: the wine is under shop 2's minimum, not shop 1's.
    expect(pos('--shop', 'port', 'stock', 'low').stdout).toContain('Bordeaux Supérieur 2022');
    expect(pos('stock', 'low').stdout).not.toContain('Bordeaux Supérieur 2022');
    // Its own grid of a category: a move for the port leaves the catalogue's grid alone.
    const plus = (core: Awaited<ReturnType<typeof openCore>>, shopId: number) => new CatalogService(core.knex, core.clock, core.tillId, shopId);
    const gridOf = (shopId: number) => withCore(async (core) => (await plus(core, shopId).articlesOfCategory((await core.categories.byName('Épicerie'))!.id)).map((a) => a.plu));
    const catalogueGrid = await gridOf(1);
    expect([pos('shops', 'grid', 'port', 'Épicerie', '--pin', '1234').code, pos('shops', 'grid', 'port', 'Rayon X', '--own', '--pin', '1234').code]).toEqual([2, 2]);
    const own = pos('shops', 'grid', 'port', 'Épicerie', '--own', '--pin', '1234');
    expect([own.code, own.stderr]).toEqual([0, '« Épicerie » dans la boutique « Épicerie du Port » : sa propre grille (Marc Gérant)\n']);
    expect(pos('--shop', 'port', 'articles', 'set', '10001', '--grid-position', '1', '--pin', '1234').code).toBe(0);
    expect((await gridOf(2))[0]).toBe('10001');
    expect(await gridOf(1)).toEqual(catalogueGrid);
    const unknown = pos('--shop', 'nord', 'stock', 'low');
    expect([unknown.code, unknown.stderr]).toEqual([2, 'pos: Boutique « nord » inconnue (pos shops list les donne)\n']);
    expect(pos('journal', 'verify').code).toBe(0);
  });
});
