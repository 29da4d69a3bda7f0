// `pos staff shops`, `pos staff add --shop` and the shops column of `pos staff
// list` with the real program, on both engines: a manager of the first shop
// is refused at a till of the second (his --pin goes through the same core
// check as the till's), is assigned there by the owner (audited under her
// name), then closes its day; bad input exits 2 and changes nothing, a
// refusal for who typed the PIN exits 1.
import { parse } from 'csv-parse/sync';
import { openCore } from '../../src/core/shop/core.service.js';
import { actorOf } from '../../src/core/fiscal/audit.service.js';
import { ENGINES, newTestDb, type TestDb } from '../helpers/engines.js';
import { runPos } from '../helpers/run-pos.js';

describe.each(ENGINES)('pos staff shops on %s', (engine) => {
  let db: TestDb;
  const pos = (args: string[], env: Record<string, string> = {}) => runPos([...args, '--db', db.spec], env);
  const atPort = { POS_TILL: '2' };
  const MARC_REFUSED = "pos: Code PIN refusé : Marc n'est pas affecté à la boutique « Épicerie du Port »\n";

  const read = async <T>(work: (core: Awaited<ReturnType<typeof openCore>>) => Promise<T>): Promise<T> => {
    const core = await db.core({ registerTill: false });
    try {
      return await work(core);
    } finally {
      await core.close();
    }
  };
  const assignments = () => read(async (core) => core.knex('employee_shops').orderBy(['employee_id', 'shop_id']).select('employee_id', 'shop_id'));
  const staffEvents = () => read(async (core) => (await core.knex('audit_events').where({ kind: 'settings' }).orderBy(['till_id', 'seq']).select('employee_id', 'details')).map((r) => ({ by: r.employee_id === null ? null : Number(r.employee_id), ...JSON.parse(String(r.details)) })));

  beforeAll(async () => {
    db = newTestDb(engine);
    expect(pos(['staff', 'add', '--name', 'Anne Patronne', '--role', 'owner', '--new-pin', '739184']).code).toBe(0);
    expect(pos(['staff', 'add', '--name', 'Marc', '--role', 'manager', '--new-pin', '582046', '--pin', '739184']).code).toBe(0);
    // The second shop and its till, as `pos shops` would make them.
    await read(async (core) => {
      const anne = await core.staff.resolve('Anne Patronne');
      const port = await core.shops.add({ code: 'port', name: 'Épicerie du Port' }, actorOf(anne, 1));
      await core.shops.placeTill(2, port.id, actorOf(anne, 1));
    });
  });
  afterAll(() => db.cleanup());

  test('a manager of the first shop is refused at the second; assigned by the owner, he closes its day', async () => {
    const refused = pos(['closing', 'z', '--cash', '0', '--pin', '582046'], atPort);
    expect([refused.code, refused.stderr]).toEqual([1, MARC_REFUSED]);
    expect(await read(async (core) => Number((await core.knex('closings').count({ n: '*' }).first())?.n))).toBe(0);

    expect(pos(['staff', 'shops', 'Marc'])).toMatchObject({ code: 0, stdout: '2\tMarc\tprincipal\n' });
    // Marc cannot open the second shop to himself.
    const himself = pos(['staff', 'shops', 'marc', '--add', 'port', '--pin', '582046']);
    expect([himself.code, himself.stderr]).toEqual([1, "pos: Seul un patron ou quelqu'un de la boutique « Épicerie du Port » y affecte du personnel\n"]);
    const before = { assigned: await assignments(), events: (await staffEvents()).length };

    const assigned = pos(['staff', 'shops', 'Marc', '--add', 'port', '--pin', '739184']);
    expect([assigned.code, assigned.stdout, assigned.stderr]).toEqual([0, '2\tMarc\tprincipal, port\n', '']);
    expect(await assignments()).toEqual([...before.assigned, { employee_id: 2, shop_id: 2 }]);
    const events = await staffEvents();
    expect(events).toHaveLength(before.events + 1);
    expect(events.at(-1)).toMatchObject({ by: 1, field: 'employee:2', action: 'shops', added: [2], removed: [], shops: [1, 2] });

    const closed = pos(['closing', 'z', '--cash', '0', '--pin', '582046'], atPort);
    expect(closed.code).toBe(0);
    expect(closed.stderr).toContain('(Marc)');
  });

  test('pos staff add --shop, and the shops column of pos staff list', async () => {
    expect(pos(['staff', 'add', '--name', 'Nina', '--role', 'cashier', '--new-pin', '5829', '--shops', 'port,principal', '--pin', '739184']).code).toBe(0);
    expect(pos(['staff', 'add', '--name', 'Hugo', '--role', 'cashier', '--new-pin', '6073', '--shops', '2', '--shops', 'principal', '--pin', '739184']).code).toBe(0);
    // Without --shop: the shop of the till the command runs as.
    expect(pos(['staff', 'add', '--name', 'Zoé', '--role', 'cashier', '--new-pin', '4718', '--pin', '739184'], atPort).code).toBe(0);

    const csv = pos(['staff', 'list', '--format', 'csv']);
    expect((parse(csv.stdout, { columns: true }) as Array<Record<string, string>>).map((r) => [r.name, r.shops])).toEqual([
      ['Anne Patronne', 'principal'],
      ['Hugo', 'principal port'],
      ['Marc', 'principal port'],
      ['Nina', 'principal port'],
      ['Zoé', 'port'],
    ]);
    const table = pos(['staff', 'list']).stdout;
    expect(table.split('\n')[0]).toMatch(/N°\s+Nom\s+Rôle\s+Actif\s+Boutiques$/);
    expect(table).toMatch(/1\s+Anne Patronne\s+patron\s+oui\s+toutes \(principal\)\n/);
    expect(table).toMatch(/5\s+Zoé\s+caissier\s+oui\s+port\n/);
    const json = JSON.parse(pos(['staff', 'list', '--format', 'json']).stdout);
    expect(json.find((e: { name: string }) => e.name === 'Zoé')).toEqual({ id: 5, name: 'Zoé', role: 'cashier', active: true, shops: ['port'], allShops: false });
  });

  test('bad input exits 2 and changes nothing; the last shop stays', async () => {
    const before = { assigned: await assignments(), events: (await staffEvents()).length };
    const cases: Array<[string[], string]> = [
      [['staff', 'shops', 'Marc', '--add', 'nulle-part', '--pin', '739184'], 'pos: Boutique « nulle-part » inconnue (pos shops list les donne)\n'],
      [['staff', 'shops', 'Marc', '--add', 'port', '--pin', '739184'], 'pos: Marc est déjà affecté à la boutique « Épicerie du Port »\n'],
      [['staff', 'shops', 'Zoé', '--remove', 'principal', '--pin', '739184'], "pos: Zoé n'est pas affecté à la boutique « Ma boutique »\n"],
      [['staff', 'shops', 'Zoé', '--remove', 'port', '--pin', '739184'], 'pos: Zoé doit rester affecté à au moins une boutique\n'],
      [['staff', 'shops', 'Marc', '--remove', 'principal,port', '--pin', '739184'], 'pos: Marc doit rester affecté à au moins une boutique\n'],
      [['staff', 'shops', 'Personne', '--add', 'port', '--pin', '739184'], 'pos: Employé « Personne » inconnu (pos staff list les donne)\n'],
      [['staff', 'shops', '99'], 'pos: Employé 99 inconnu\n'],
      [['staff', 'add', '--name', 'Paul', '--role', 'cashier', '--new-pin', '3907', '--shops', 'port,', '--pin', '739184'], "pos: --shops : code de boutique vide dans « port, »\n"],
      [['staff', 'add', '--name', 'Paul', '--role', 'cashier', '--new-pin', '3907', '--shops', 'loin', '--pin', '739184'], 'pos: Boutique « loin » inconnue (pos shops list les donne)\n'],
    ];
    for (const [args, stderr] of cases) {
      const r = pos(args);
      expect([args.join(' '), r.code, r.stderr]).toEqual([args.join(' '), 2, stderr]);
    }
    // No PIN for a change: a usage error too.
    const noPin = pos(['staff', 'shops', 'Zoé', '--add', 'principal']);
    expect([noPin.code, noPin.stderr]).toEqual([2, "pos: --pin : le code PIN d'un responsable est demandé (ou POS_PIN)\n"]);
    expect(await assignments()).toEqual(before.assigned);
    expect((await staffEvents()).length).toBe(before.events);
    expect(await read(async (core) => (await core.staff.list()).map((e) => e.name))).not.toContain('Paul');

    // Taken out of the second shop, Marc is refused there again.
    expect(pos(['staff', 'shops', '2', '--remove', 'port', '--pin', '739184']).stdout).toBe('2\tMarc\tprincipal\n');
    const again = pos(['closing', 'x'], atPort);
    expect(again.code).toBe(0);
    const refused = pos(['closing', 'z', '--cash', '0', '--pin', '582046'], atPort);
    expect([refused.code, refused.stderr]).toEqual([1, MARC_REFUSED]);
  });
});
