// `pos outbox status|send` on a till's offline file: sales made during an
// outage are listed from the local file, then sent to the server once.
import { join } from 'node:path';
import { sellable } from '../../src/core/catalogue/article.js';
import type { Core } from '../../src/core/shop/core.service.js';
import { addLine, computeTotals } from '../../src/core/sales/ticket.js';
import { PG_URL, type TestDb } from '../helpers/engines.js';
import { openOutageRig, type OutageRig } from '../helpers/outage.js';
import { runPos } from '../helpers/run-pos.js';

const maybe = PG_URL ? describe : describe.skip;

maybe('pos outbox', () => {
  let rig: OutageRig;
  let db: TestDb;
  let direct: Core;
  let dir: string;
  let file: string;
  let nutellaId: number;
  let cashierId: number;

  beforeAll(async () => {
    rig = await openOutageRig();
    ({ db, direct, dir, offlineFile: file } = rig);
    const { till, shop, server } = rig;
    nutellaId = shop.nutella.id;
    cashierId = shop.cashier.id;
    await rig.proxy.cut();
    for (const qty of [1000, 2000]) {
      const t = addLine(till.current.tickets.create(), sellable(shop.nutella), qty);
      await till.complete(t, [{ method: 'cash', amount: computeTotals(t).total }], shop.cashier.id);
    }
    // The cashier clocks in during the cut too: the shift waits in the same file.
    await till.current.timeClock.clockIn(shop.cashier);
    // The till closes with its sales waiting; the CLI takes over from its file.
    await till.close();
    await server.close();
  }, 30_000);
  afterAll(() => rig?.close());

  test('status lists the waiting sales from the local file; send puts each on the server once', async () => {
    const status = runPos(['--db', db.spec, '--offline-db', file, 'outbox', 'status']);
    expect(status.stderr).toBe('');
    expect(status.stdout).toMatch(/^n° 1\t.*\t4,50 €\ten attente$/m);
    expect(status.stdout).toMatch(/^n° 2\t.*\t9,00 €\ten attente$/m);
    expect(status.stdout).toContain('2 vente(s) en attente');
    expect(status.stdout).toMatch(/^pointage\tLéa Caissière\tarrivée .*\tdépart -\ten attente$/m);
    expect(status.stdout).toContain('1 pointage(s) en attente');
    expect(await direct.sales.count(1)).toBe(0);
    const shifts = async () => (await direct.knex('time_clock').select('employee_id', 'clock_out')).map((r) => [Number(r.employee_id), r.clock_out]);
    expect(await shifts()).toEqual([]);

    const send = runPos(['--db', db.spec, '--offline-db', file, 'outbox', 'send']);
    expect(send).toMatchObject({ code: 0, stdout: '2 vente(s) hors ligne sur le serveur, 0 en attente\n' });
    expect((await direct.sales.list({ tillId: 1 })).map((s) => s.number)).toEqual([2, 1]);
    expect((await direct.journal.verify({ tillId: 1 })).ok).toBe(true);
    expect((await direct.catalog.getArticle(nutellaId))!.stockQty).toBe(17000);
    expect(await shifts()).toEqual([[cashierId, null]]);

    // Sending again adds nothing; the status says nothing waits.
    expect(runPos(['--db', db.spec, '--offline-db', file, 'outbox', 'send'])).toMatchObject({ code: 0 });
    expect(await shifts()).toEqual([[cashierId, null]]);
    // The shift, still open on the server, stays in the file as its copy (a cut could clock it out): not listed as waiting.
    const after = runPos(['--db', db.spec, '--offline-db', file, 'outbox', 'status']).stdout;
    expect(after).toContain('0 pointage(s) en attente');
    expect(after).not.toMatch(/^pointage/m);
  }, 60_000);

  test('a till on a SQLite file has no outbox: usage error, exit 2', () => {
    const r = runPos(['--db', join(dir, 'shop.sqlite3'), 'outbox', 'status']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('fichier SQLite local');
  });
});
