// pos transfers through the real compiled program: a draft from the main shop
// to « port » is filled, sent (the main shop's stock goes down), listed in
// transit, received in part at a till of « port » by a cashier, closed short
// with the missing goods valued at cost; bad command lines exit 2 and change
// nothing, a PIN the permission table refuses exits 1.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { openCore, type Core } from '../../src/core/shop/core.service.js';
import { actorOf } from '../../src/core/fiscal/audit.service.js';
import { shopStockQuantity } from '../../src/core/stock/stock.service.js';
import { runPos } from '../helpers/run-pos.js';
import { smallShop } from '../helpers/shop.js';

describe('pos transfers', () => {
  let dir: string;
  let db: string;
  let portId = 0;
  let ids: { nutella: number; comte: number } = { nutella: 0, comte: 0 };
  // the manager's PIN unless a test gives another
  const pos = (args: string[], pin = '1234') => runPos([...args, '--db', db], { POS_PIN: pin });
  const read = async <T>(work: (core: Core) => Promise<T>): Promise<T> => {
    const core = await openCore({ db });
    try {
      return await work(core);
    } finally {
      await core.close();
    }
  };
  const stocks = () =>
    read(async (core) => ({
      main: { nutella: await shopStockQuantity(core.knex, 1, ids.nutella), comte: await shopStockQuantity(core.knex, 1, ids.comte) },
      port: { nutella: await shopStockQuantity(core.knex, portId, ids.nutella), comte: await shopStockQuantity(core.knex, portId, ids.comte) },
    }));
  const audits = () => read(async (core) => Number((await core.knex('audit_events').count({ n: '*' }).first())?.n));
  const transferAudits = () => read(async (core) => Number((await core.knex('audit_events').where({ kind: 'transfer' }).count({ n: '*' }).first())?.n));
  let ref = '';

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pos-transfers-'));
    db = join(dir, 'pos.sqlite3');
    await read(async (core) => {
      const shop = await smallShop(core);
      ids = { nutella: shop.nutella.id, comte: shop.comte.id };
      const actor = actorOf(shop.manager, core.tillId);
      portId = (await core.shops.add({ code: 'port', name: 'Épicerie du Port' }, actor)).id;
      await core.shops.placeTill(2, portId, actor);
      // Léa unpacks at the port too: she is assigned there (staff per shop).
      const owner = actorOf(await core.staff.create({ name: 'Anne Patronne', role: 'owner', pin: '739184' }), core.tillId);
      await core.staff.assignShop(shop.cashier.id, portId, owner);
      await core.staff.assignShop(shop.manager.id, portId, owner);
    });
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('new, add, set: a draft from the main shop to « port »; bad lines exit 2 and change nothing', async () => {
    const made = pos(['transfers', 'new', '--to', 'port', '--notes', 'pour le marché']);
    expect(made.stderr).toContain('de Ma boutique vers Épicerie du Port');
    expect(made.code).toBe(0);
    ref = made.stdout.trim();
    expect(ref).toMatch(/^TR-\d{4}-0001$/);
    expect(pos(['transfers', 'add', ref, '101', '6']).code).toBe(0);
    expect(pos(['transfers', 'add', ref, '10001', '1,5']).code).toBe(0);
    const set = pos(['transfers', 'set', ref, '3017620422003', '5']);
    expect(set.code).toBe(0);
    expect(set.stdout).toMatch(/Pâte à tartiner noisette +5 +0 +0/);
    expect(set.stdout).toMatch(/Comté 18 mois +1,500 kg/);

    const before = await transferAudits();
    const refusals: Array<[string[], RegExp]> = [
      [['transfers', 'add', ref, '101', '1,5'], /quantité entière attendue pour un article à l'unité/],
      [['transfers', 'add', ref, '999', '1'], /article inconnu : « 999 »/],
      [['transfers', 'add', ref, '101', 'deux'], /quantité « deux »/],
      [['transfers', 'add', 'TR-1999-0042', '101', '1'], /Transfert « TR-1999-0042 » introuvable/],
      [['transfers', 'new', '--to', 'principal'], /départ et arrivée sont la même boutique/],
      [['transfers', 'new', '--to', 'nulle-part'], /Boutique « nulle-part » inconnue/],
      [['transfers', 'receive', ref], /est en brouillon : on ne reçoit que des transferts envoyés/],
      [['transfers', 'receive', ref, '101'], /« PLU QUANTITÉ » attendu/],
    ];
    for (const [args, message] of refusals) {
      const r = pos(args);
      expect({ args, code: r.code }).toEqual({ args, code: 2 });
      expect(r.stderr).toMatch(message);
    }
    const noPin = runPos(['transfers', 'send', ref, '--db', db], { POS_PIN: '' });
    expect(noPin.code).toBe(2);
    expect(noPin.stderr).toMatch(/--pin : le code PIN d'un responsable est demandé/);
    // the cashier may not send: the permission table says a manager
    const cashier = pos(['transfers', 'send', ref], '0000');
    expect(cashier.code).toBe(1);
    expect(cashier.stderr).toMatch(/« Transferts entre boutiques » demande un responsable/);
    expect(await transferAudits()).toBe(before);
    expect((await stocks()).main).toEqual({ nutella: 20000, comte: 5000 });
    const shown = pos(['transfers', 'show', ref, '--format', 'json']);
    expect(JSON.parse(shown.stdout)).toMatchObject({ status: 'draft', lines: [{ quantity: 5000 }, { quantity: 1500 }] });
  });

  test('send, in transit, a partial receipt at « port » by a cashier, close short with the difference at cost', async () => {
    const sent = pos(['transfers', 'send', ref]);
    expect(sent.code).toBe(0);
    expect(sent.stderr).toContain(`Transfert ${ref} envoyé : 2 ligne(s) sorties du stock de Ma boutique`);
    expect(await stocks()).toEqual({ main: { nutella: 15000, comte: 3500 }, port: { nutella: 0, comte: 0 } });
    expect(pos(['transfers', 'cancel', ref]).code).toBe(2);

    const transit = parse(pos(['transfers', 'in-transit', '--format', 'csv']).stdout, { delimiter: ';', columns: true }) as Array<Record<string, string>>;
    expect(transit.map((r) => [r.plu, r.from, r.to, r.in_transit, r.value, r.transfers])).toEqual([
      ['10001', 'principal', 'port', '1.500', '27.00', ref],
      ['101', 'principal', 'port', '5.000', '10.50', ref],
    ]);

    // at a till of « port », the cashier unpacks 3 jars (receive_goods is a cashier's)
    const part = runPos(['transfers', 'receive', ref, '101', '3', '--pin', '0000', '--till', '2', '--db', db]);
    expect(part.stderr).toContain(`Transfert ${ref} reçu en partie à Épicerie du Port`);
    expect(part.code).toBe(0);
    expect((await stocks()).port).toEqual({ nutella: 3000, comte: 0 });
    const portList = runPos(['transfers', 'list', '--till', '2', '--db', db]);
    expect(portList.stdout).toMatch(new RegExp(`${ref} +principal +port +reçu en partie +2`));

    const before = { stocks: await stocks(), audits: await audits() };
    const tooMany = pos(['transfers', 'receive', ref, '101', '3']);
    expect(tooMany.code).toBe(2);
    expect(tooMany.stderr).toMatch(/Pâte à tartiner noisette : 3 reçu\(s\) mais seulement 2 attendu\(s\)/);
    expect(await stocks()).toEqual(before.stocks);
    expect(await audits()).toBe(before.audits);

    const closed = pos(['transfers', 'close', ref, '--note', 'carton perdu', '--format', 'csv']);
    expect(closed.code).toBe(0);
    const missing = parse(closed.stdout, { delimiter: ';', columns: true }) as Array<Record<string, string>>;
    expect(missing.map((r) => [r.plu, r.sent, r.received, r.missing, r.value])).toEqual(
      expect.arrayContaining([['101', '5.000', '3.000', '2.000', '4.20'], ['10001', '1.500', '0.000', '1.500', '27.00']]),
    );
    expect(missing).toHaveLength(2);
    // closing moves no stock
    expect(await stocks()).toEqual(before.stocks);
    expect(pos(['transfers', 'in-transit']).stdout).toBe('Rien en route\n');
    const show = pos(['transfers', 'show', ref]);
    expect(show.stdout).toContain('clos avec écart');
    expect(show.stdout).toMatch(/TOTAL +31,20/);
    const all = JSON.parse(pos(['transfers', 'list', '--status', 'all', '--format', 'json']).stdout) as Array<{ reference: string; status: string }>;
    expect(all.map((t) => [t.reference, t.status])).toEqual([[ref, 'closed']]);

    await read(async (core) => {
      const events = await core.knex('audit_events').where({ kind: 'transfer' }).orderBy('id').select('details', 'employee_id');
      expect(events.map((e) => JSON.parse(String(e.details)).action)).toEqual(['create', 'add', 'add', 'set', 'send', 'receive', 'close']);
      expect((await core.journal.verify()).ok).toBe(true);
    });
  });
});
