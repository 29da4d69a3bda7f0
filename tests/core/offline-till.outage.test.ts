// The outage test of issue #9, service level: the till talks to the real
// PostgreSQL server through a TCP proxy the test cuts and restores; sales made
// during the cut go to the till's local SQLite outbox and arrive on the server
// once each, in order, with the journal chain intact and the stock caught up.
import { randomUUID } from 'node:crypto';
import { sellable } from '../../src/core/catalogue/article.js';
import { isConnectionLost } from '../../src/core/basics/connection.js';
import { openCore, type Core } from '../../src/core/shop/core.service.js';
import { parseDbTarget } from '../../src/core/basics/db.service.js';
import { openOfflineTill, type OfflineTill } from '../../src/core/shop/offline-till.service.js';
import { addLine, computeTotals, type Ticket } from '../../src/core/sales/ticket.js';
import { PG_URL } from '../helpers/engines.js';
import { openOutageRig, type OutageRig } from '../helpers/outage.js';
import type { SmallShop } from '../helpers/shop.js';
import { throughProxy, type TcpProxy } from '../helpers/tcp-proxy.js';

const maybe = PG_URL ? describe : describe.skip;

maybe('selling through an outage (PostgreSQL behind a proxy)', () => {
  let rig: OutageRig;
  let direct: Core;
  let server: Core;
  let till: OfflineTill;
  let proxy: TcpProxy;
  let shop: SmallShop;
  let now = new Date('2026-11-20T09:00:00.000Z');
  const clock = () => now;
  const tick = () => {
    now = new Date(now.getTime() + 60_000);
  };

  beforeAll(async () => {
    rig = await openOutageRig({ clock, serverTimeoutMs: 1500 });
    ({ direct, server, till, proxy, shop } = rig);
  }, 30_000);
  afterAll(() => rig?.close());

  const ticketOf = (core: Core, ...items: Array<[keyof SmallShop, number]>): Ticket => {
    let t = core.tickets.create();
    for (const [key, qty] of items) t = addLine(t, sellable(shop[key] as never), qty);
    return t;
  };
  const cash = (t: Ticket) => [{ method: 'cash' as const, amount: computeTotals(t).total }];

  test('online, cut, sell offline, reconnect: every sale once, in order, chain intact, stock caught up', async () => {
    tick();
    const first = ticketOf(till.current, ['nutella', 1000]);
    const online = await till.complete(first, cash(first), shop.cashier.id);
    expect(online.number).toBe(1);
    expect(till.status()).toEqual({ offline: false, pending: 0, problem: null, cacheProblem: null });

    await proxy.cut();
    // The sale in progress when the link drops: the server call fails, the sale completes locally.
    const offlineNumbers: number[] = [];
    for (const items of [[['nutella', 2000]], [['wine', 1000]], [['nutella', 1000], ['wine', 2000]]] as Array<Array<[keyof SmallShop, number]>>) {
      tick();
      const t = ticketOf(till.current, ...items);
      offlineNumbers.push((await till.complete(t, cash(t), shop.cashier.id)).number);
    }
    expect(offlineNumbers).toEqual([2, 3, 4]);
    expect(till.status()).toMatchObject({ offline: true, pending: 3 });
    expect(till.current).toBe(till.local);
    // The local journal carries on the server's chain: the local file verifies from sale 2 on its cached head.
    const pending = await till.outbox.pending();
    expect(pending.map((e) => e.saleNumber)).toEqual([2, 3, 4]);

    // Server-only tenders are refused offline, and change nothing.
    tick();
    const onAccount = ticketOf(till.current, ['wine', 1000]);
    await expect(till.complete(onAccount, [{ method: 'account', amount: 1290 }], shop.cashier.id)).rejects.toThrow(/Hors ligne/);
    expect(await till.outbox.pendingCount()).toBe(3);
    // What the cashier does offline is audited locally, and reaches the server's trail with the sales.
    await till.current.audit.record({ kind: 'no_sale', employeeId: shop.cashier.id });
    // So is a ticket parked offline: the till finds it on the server afterwards.
    const parked = ticketOf(till.current, ['comte', 250]);
    await till.current.tickets.park(parked, shop.cashier.id, 'Mme Offline');

    // Still cut: the probe says no, nothing moves.
    expect(await till.probe()).toBe(false);
    expect(await direct.sales.count(1)).toBe(1);

    // A crash after the server committed the first replay but before the outbox said so:
    // the server has sale 2 already (same uuid), the drain must not add it again.
    const [crashed] = pending;
    await direct.sales.complete(crashed!.payload.ticket, crashed!.payload.tenders, crashed!.payload.employeeId, {
      at: new Date(crashed!.payload.at),
      originUuid: crashed!.originUuid,
    });

    await proxy.restore();
    expect(await till.probe()).toBe(true);
    expect(till.status()).toEqual({ offline: false, pending: 0, problem: null, cacheProblem: null });
    expect(till.current).toBe(server);

    const sales = await direct.sales.list({ tillId: 1, limit: 10 });
    expect(sales.map((s) => s.number).reverse()).toEqual([1, 2, 3, 4]);
    expect(await direct.knex('sales').whereNotNull('origin_uuid').countDistinct({ n: 'origin_uuid' }).first()).toEqual({ n: 4 });
    const sent = await till.outbox.list();
    expect(sent.every((e) => e.sentAt !== null && e.serverNumber === e.saleNumber && e.serverHash === e.saleHash)).toBe(true);
    const journal = await direct.journal.verify({ tillId: 1 });
    expect(journal.ok).toBe(true);
    expect(journal.sales).toBe(4);
    // Stock on the server = initial − sold (nutella 20 − 1 − 2 − 1, wine 12 − 1 − 2).
    expect((await direct.catalog.getArticle(shop.nutella.id))!.stockQty).toBe(16000);
    expect((await direct.catalog.getArticle(shop.wine.id))!.stockQty).toBe(9000);
    // Offline sales keep their own instant on the server.
    const third = await direct.sales.getByNumber(1, 3);
    expect(third!.createdAt).toBe(pending[1]!.payload.at);

    const events = await direct.audit.recent();
    // The degraded mode's start (recorded offline, sent with the till's events) and its end (NF525 technical events).
    expect(events[0]).toMatchObject({ kind: 'offline_off' });
    expect(events.some((e) => e.kind === 'offline_on' && JSON.parse(e.details).offline)).toBe(true);
    const noSale = events.find((e) => e.kind === 'no_sale');
    expect(noSale).toMatchObject({ kind: 'no_sale', employeeId: shop.cashier.id });
    // Local event 1 is the degraded mode's start; the drawer opening is the second.
    expect(JSON.parse(noSale!.details)).toMatchObject({ offline: { seq: 2 } });

    expect((await server.tickets.listParked()).map((p) => [p.id, p.label])).toEqual([[parked.id, 'Mme Offline']]);
    expect(await till.local.tickets.listParked()).toEqual([]);

    // Draining again adds nothing.
    expect(await till.drain()).toEqual({ sent: 0, skipped: 0, mismatches: 0, pending: 0, error: null });
    expect(await direct.sales.count(1)).toBe(4);

    // Back online, the next sale follows the chain on the server.
    tick();
    const after = ticketOf(till.current, ['wine', 1000]);
    expect((await till.complete(after, cash(after), shop.cashier.id)).number).toBe(5);
    expect((await direct.journal.verify({ tillId: 1 })).ok).toBe(true);
  }, 60_000);

  test('a sale the server committed but whose answer was lost is completed locally and never doubled', async () => {
    const before = await direct.sales.count(1);
    const stockBefore = (await direct.catalog.getArticle(shop.comte.id))!.stockQty;
    const real = server.sales.complete.bind(server.sales);
    server.sales.complete = async (...args: Parameters<typeof real>) => {
      await real(...args);
      server.sales.complete = real;
      throw new Error('Connection terminated unexpectedly');
    };
    tick();
    const t = ticketOf(till.current, ['comte', 500]);
    const local = await till.complete(t, cash(t), shop.manager.id);
    expect(local.number).toBe(before + 1);
    expect(till.status()).toMatchObject({ offline: true, pending: 1 });
    expect(await direct.sales.count(1)).toBe(before + 1); // the server has it already

    expect(await till.drain()).toEqual({ sent: 0, skipped: 1, mismatches: 0, pending: 0, error: null });
    expect(await till.probe()).toBe(true);
    expect(await direct.sales.count(1)).toBe(before + 1);
    const onServer = await direct.sales.getByNumber(1, before + 1);
    expect(onServer!.hash).toBe(local.hash);
    expect((await direct.catalog.getArticle(shop.comte.id))!.stockQty).toBe(stockBefore - 500);
    expect((await direct.journal.verify({ tillId: 1 })).ok).toBe(true);
  }, 60_000);

  test('a link gone silent: the sale completes locally after the wait; the late server commit is recognised, not doubled', async () => {
    const before = await direct.sales.count(1);
    proxy.stall();
    tick();
    const t = ticketOf(till.current, ['nutella', 1000]);
    const local = await till.complete(t, cash(t), shop.cashier.id);
    expect(local.number).toBe(before + 1);
    expect(till.status()).toMatchObject({ offline: true, pending: 1 });
    expect(await till.probe()).toBe(false);

    // The link comes back: the held commit lands on the server, then the drain finds its uuid.
    proxy.resume();
    expect(await till.probe()).toBe(true);
    expect(await direct.sales.count(1)).toBe(before + 1);
    expect((await direct.sales.getByNumber(1, before + 1))!.hash).toBe(local.hash);
    expect(till.status()).toEqual({ offline: false, pending: 0, problem: null, cacheProblem: null });
    expect((await direct.journal.verify({ tillId: 1 })).ok).toBe(true);
  }, 60_000);

  test('if the server numbers a replayed sale differently, the sale is kept and the mismatch audited', async () => {
    await proxy.cut();
    tick();
    const t = ticketOf(till.current, ['wine', 1000]);
    const local = await till.complete(t, cash(t), shop.cashier.id);
    // Cannot happen when each till owns its chain; forced here: someone else takes the next number meanwhile.
    tick();
    const intruder = ticketOf(direct, ['nutella', 1000]);
    await direct.sales.complete(intruder, cash(intruder), shop.manager.id);
    await proxy.restore();

    expect(await till.probe()).toBe(true);
    expect(till.status().problem).toContain(`n° ${local.number}`);
    const replayed = await direct.knex('sales').where({ ticket_id: t.id }).first('number');
    expect(Number(replayed.number)).toBe(local.number + 1);
    const audit = (await direct.audit.recent()).find((e) => e.kind === 'offline_mismatch');
    expect(audit).toMatchObject({ kind: 'offline_mismatch' });
    expect(JSON.parse(audit!.details)).toMatchObject({ offlineNumber: local.number, serverNumber: local.number + 1 });
    expect((await direct.journal.verify({ tillId: 1 })).ok).toBe(true);
    // The local head follows the server again: the next offline sale would take the right number.
    expect((await till.local.tills.get(1))!.saleSeq).toBe(local.number + 1);
  }, 60_000);

  test('unique values swapped on the server (PLUs, category names) reach the local copy; a failed copy is reported', async () => {
    // Two articles swap PLUs and two categories swap names, as a back office would: through a spare value.
    await direct.knex.transaction(async (trx) => {
      await trx('articles').where({ id: shop.nutella.id }).update({ plu: 'swap' });
      await trx('articles').where({ id: shop.wine.id }).update({ plu: '101' });
      await trx('articles').where({ id: shop.nutella.id }).update({ plu: '201' });
      const [grocery, cellar] = [shop.nutella.categoryId, shop.wine.categoryId];
      await trx('categories').where({ id: grocery }).update({ name: 'swap' });
      await trx('categories').where({ id: cellar }).update({ name: 'Épicerie' });
      await trx('categories').where({ id: grocery }).update({ name: 'Cave' });
    });
    const statuses: Array<string | null> = [];
    const stop = till.onChange((s) => statuses.push(s.cacheProblem));
    try {
      await till.refreshCache();
      expect(till.status().cacheProblem).toBeNull();
      const plus = await till.local.knex('articles').whereIn('id', [shop.nutella.id, shop.wine.id]).orderBy('id').select('id', 'plu');
      expect(plus.map((r) => [r.id, r.plu])).toEqual([[shop.nutella.id, '201'], [shop.wine.id, '101']]);
      expect((await till.local.catalog.findByCode('101'))?.id).toBe(shop.wine.id);
      const names = await till.local.knex('categories').whereIn('id', [shop.nutella.categoryId, shop.wine.categoryId]).select('id', 'name');
      expect(Object.fromEntries(names.map((r) => [r.id, r.name]))).toEqual({ [shop.nutella.categoryId]: 'Cave', [shop.wine.categoryId]: 'Épicerie' });

      // A copy the local file refuses (forced with a trigger) keeps the older copy and says why, once; the next good copy clears it.
      await till.local.knex.raw("create trigger refuse_copy before update on articles begin select raise(abort, 'copie refusée'); end");
      await direct.catalog.updateArticle(shop.comte.id, { price: 3390 }, null);
      await till.refreshCache();
      expect(till.status().cacheProblem).toMatch(/Copie locale du catalogue impossible.*copie refusée/);
      expect((await till.local.catalog.getArticle(shop.comte.id))!.price).toBe(3290);
      await till.local.knex.raw('drop trigger refuse_copy');
      await till.refreshCache();
      expect(till.status().cacheProblem).toBeNull();
      expect((await till.local.catalog.getArticle(shop.comte.id))!.price).toBe(3390);
      expect(statuses).toEqual([expect.stringContaining('copie refusée'), null]);
    } finally {
      stop();
    }
  }, 60_000);

  test('the local copy searches names like the server: new, renamed and off-sale articles follow each copy', async () => {
    const categoryId = shop.nutella.categoryId;
    const taxRateId = (await direct.taxRates.list())[0]!.id;
    const fresh = await direct.catalog.createArticle({ name: 'Galette bretonne', categoryId, price: 300, taxRateId });
    await till.refreshCache();
    const localIds = async (q: string) => (await till.local.catalog.search(q, 30)).map((a) => a.id);
    expect(await localIds('galet bret')).toEqual([fresh.id]);
    await direct.catalog.updateArticle(fresh.id, { name: 'Palet breton' }, null);
    await direct.catalog.updateArticle(shop.wine.id, { active: false }, null);
    await till.refreshCache();
    expect(await localIds('galet')).toEqual([]);
    expect(await localIds('palet')).toEqual([fresh.id]);
    expect(await localIds('bordeaux')).toEqual([]);
    await direct.catalog.updateArticle(shop.wine.id, { active: true }, null);
    await till.refreshCache();
    expect(await localIds('bordeaux')).toEqual([shop.wine.id]);
  }, 60_000);

  test('shifts clocked during a cut reach the server once, after the link is back, and leave the local file', async () => {
    await proxy.cut();
    till.goOffline(); // (the till does so on the first call that finds the link gone)
    tick();
    const cashierIn = await till.current.timeClock.clockIn(shop.cashier);
    tick();
    const managerIn = await till.current.timeClock.clockIn(shop.manager);
    tick();
    const cashierOut = await till.current.timeClock.clockOut(shop.cashier);
    const before = Number((await direct.knex('time_clock').count({ n: '*' }).first())!.n);
    // A crash after the server committed the manager's arrival but before the till forgot it: not doubled.
    await direct.timeClock.replayShift(managerIn);

    await proxy.restore();
    expect(await till.probe()).toBe(true);
    const onServer = await direct.knex('time_clock').whereIn('origin_uuid', [cashierIn.originUuid, managerIn.originUuid]).orderBy('clock_in');
    expect(onServer.map((r) => [Number(r.employee_id), r.clock_in, r.clock_out])).toEqual([
      [shop.cashier.id, cashierIn.clockIn, cashierOut.clockOut],
      [shop.manager.id, managerIn.clockIn, null],
    ]);
    expect(Number((await direct.knex('time_clock').count({ n: '*' }).first())!.n)).toBe(before + 2);
    expect(await till.local.timeClock.listShifts()).toEqual([]);
    // Draining again adds nothing.
    await till.drain();
    expect(Number((await direct.knex('time_clock').count({ n: '*' }).first())!.n)).toBe(before + 2);
    // Online again, the manager's departure is clocked on the server, on the shift begun offline.
    tick();
    expect((await server.timeClock.clockOut(shop.manager)).originUuid).toBe(managerIn.originUuid);

    // A shift that overlaps one the server has open (clocked in at another till meanwhile) is refused, said, kept locally.
    tick();
    await direct.timeClock.clockIn(shop.cashier);
    await proxy.cut();
    till.goOffline();
    tick();
    const overlapping = await till.current.timeClock.clockIn(shop.cashier);
    await proxy.restore();
    expect(await till.probe()).toBe(true);
    expect(till.status().problem).toMatch(/Pointage hors ligne de Léa Caissière .*refusé par le serveur : déjà en service/);
    expect((await till.local.timeClock.listShifts()).map((x) => x.originUuid)).toEqual([overlapping.originUuid]);
    expect(await direct.knex('time_clock').where({ origin_uuid: overlapping.originUuid }).first()).toBeUndefined();
    await till.local.timeClock.forgetShift(overlapping.id);
    tick();
    await direct.timeClock.clockOut(shop.cashier);

    // A shift left in the file by a till that stopped before the link came back goes at the next start, sales or not.
    await proxy.cut();
    till.goOffline();
    tick();
    const leftover = await till.current.timeClock.clockIn(shop.manager);
    await proxy.restore();
    const next = await openOfflineTill(server, rig.offlineFile, { serverTimeoutMs: 1500 });
    try {
      expect(await direct.knex('time_clock').where({ origin_uuid: leftover.originUuid }).select('clock_out')).toEqual([{ clock_out: null }]);
      expect(await next.local.timeClock.listShifts()).toEqual([]);
    } finally {
      await next.cacheReady;
      await next.local.close();
    }
    expect(await till.probe()).toBe(true);
    tick();
    await direct.timeClock.clockOut(shop.manager);
  }, 60_000);

  test('a shift opened on the server is clocked out during a cut; the departure reaches the server once', async () => {
    // Clocked in online at this till: the offline file follows at once.
    tick();
    const cashierIn = await till.current.timeClock.clockIn(shop.cashier);
    expect(cashierIn.originUuid).toMatch(/^[0-9a-f-]{36}$/);
    await till.followShifts();
    // Clocked in at another till (its own row on the server): the catalogue copy brings it.
    await direct.knex('tills').insert({ id: 2, name: 'Caisse 2', created_at: now.toISOString() }).onConflict('id').ignore();
    const [old] = await direct.knex('time_clock').insert({ employee_id: shop.manager.id, till_id: 2, clock_in: now.toISOString(), clock_out: null, origin_uuid: randomUUID() }).returning('id');
    const oldId = Number(typeof old === 'object' ? old.id : old);
    await till.refreshCache();
    expect(till.status().cacheProblem).toBeNull();
    const managerUuid = String((await direct.knex('time_clock').where({ id: oldId }).first()).origin_uuid);
    expect(managerUuid).toMatch(/^[0-9a-f-]{36}$/);
    // Copies of the server's shifts are not work waiting to be sent.
    expect(await till.local.timeClock.listShifts()).toEqual([]);

    await proxy.cut();
    till.goOffline();
    tick();
    const cashierOut = await till.current.timeClock.clockOut(shop.cashier);
    expect(cashierOut.originUuid).toBe(cashierIn.originUuid);
    tick();
    const managerOut = await till.current.timeClock.clockOut(shop.manager);
    expect(managerOut).toMatchObject({ originUuid: managerUuid, tillId: 2 });
    // Nobody is in any more: a second departure is still refused, and changes nothing.
    await expect(till.current.timeClock.clockOut(shop.cashier)).rejects.toThrow(/n'a pas pointé son arrivée/);
    expect((await till.local.timeClock.listShifts()).map((x) => x.originUuid)).toEqual([cashierIn.originUuid, managerUuid]);
    const before = Number((await direct.knex('time_clock').count({ n: '*' }).first())!.n);

    await proxy.restore();
    expect(await till.probe()).toBe(true);
    const closed = async () =>
      (await direct.knex('time_clock').whereIn('origin_uuid', [cashierIn.originUuid, managerUuid]).orderBy('id')).map((r) => [Number(r.employee_id), Number(r.till_id), r.clock_in, r.clock_out]);
    const expected = [
      [shop.cashier.id, 1, cashierIn.clockIn, cashierOut.clockOut],
      [shop.manager.id, 2, managerOut.clockIn, managerOut.clockOut],
    ];
    expect(await closed()).toEqual(expected);
    expect(Number((await direct.knex('time_clock').count({ n: '*' }).first())!.n)).toBe(before);
    expect(await till.local.timeClock.listShifts()).toEqual([]);
    expect(await till.local.knex('time_clock').whereNull('clock_out')).toEqual([]);
    // Draining again adds nothing.
    await till.drain();
    expect(await closed()).toEqual(expected);
    expect(Number((await direct.knex('time_clock').count({ n: '*' }).first())!.n)).toBe(before);
  }, 60_000);

  test('a shift sent after a cut stays known locally, so a later cut can clock it out', async () => {
    await proxy.cut();
    till.goOffline();
    tick();
    const arrival = await till.current.timeClock.clockIn(shop.cashier);
    await proxy.restore();
    expect(await till.probe()).toBe(true);
    expect((await direct.knex('time_clock').where({ origin_uuid: arrival.originUuid }).first()).clock_out).toBeNull();
    expect(await till.local.timeClock.listShifts()).toEqual([]);

    await proxy.cut();
    till.goOffline();
    tick();
    const departure = await till.current.timeClock.clockOut(shop.cashier);
    expect(departure.originUuid).toBe(arrival.originUuid);
    await proxy.restore();
    expect(await till.probe()).toBe(true);
    expect(await direct.knex('time_clock').where({ origin_uuid: arrival.originUuid }).select('clock_out')).toEqual([{ clock_out: departure.clockOut }]);
    expect(await till.local.knex('time_clock').select('id')).toEqual([]);
  }, 60_000);

  test('a till opening during an outage sells from its local copy and sends when the server is back', async () => {
    await till.close();
    const before = await direct.sales.count(1);
    await proxy.cut();
    const config = { db: { ...parseDbTarget(rig.db.spec), location: throughProxy(PG_URL, proxy) }, tillId: 1, clock };
    const refused = await openCore(config).then(() => null, (err: unknown) => err);
    expect(isConnectionLost(refused)).toBe(true);

    const cold = await openCore({ ...config, offlineStart: true });
    const reopened = await openOfflineTill(cold, rig.offlineFile, { serverTimeoutMs: 1500 });
    try {
      expect(reopened.status()).toMatchObject({ offline: true, pending: 0 });
      expect(await reopened.current.staff.authenticate('0000')).toMatchObject({ id: shop.cashier.id });
      tick();
      const t = ticketOf(reopened.current, ['wine', 1000]);
      expect((await reopened.complete(t, cash(t), shop.cashier.id)).number).toBe(before + 1);

      await proxy.restore();
      expect(await reopened.probe()).toBe(true);
      expect(await direct.sales.count(1)).toBe(before + 1);
      expect((await direct.journal.verify({ tillId: 1 })).ok).toBe(true);
    } finally {
      await reopened.close();
      await cold.close();
    }
  }, 60_000);
});
