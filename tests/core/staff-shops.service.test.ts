// Staff per shop (issue #22) on both engines: a manager of shop 1 is refused
// at a till of shop 2, by the PIN path (till login, approvals, ordering page)
// and the permission path (authorize), with the French sentence, counted in
// that till's lockout and audited naming them; assigned, they pass; an owner
// passes everywhere. Assignments are audited under who made them, and every
// refusal (unknown shop, already there, last shop, a manager staffing a shop
// they do not work in) changes nothing.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { actorOf, type Actor } from '../../src/core/fiscal/audit.service.js';
import { openOfflineTill } from '../../src/core/shop/offline-till.service.js';
import type { Core } from '../../src/core/shop/core.service.js';
import type { Shop } from '../../src/core/shop/shops.service.js';
import { mayActInShop, remainingShopsRefusal, staffingRefusal } from '../../src/core/staff/shop-assignment.js';
import type { Employee } from '../../src/core/staff/staff.js';
import { ENGINES, newTestDb, type TestDb } from '../helpers/engines.js';
import { smallShop, type SmallShop } from '../helpers/shop.js';

describe('the shop-assignment rule', () => {
  test('an owner acts in every shop, anyone else only where assigned', () => {
    expect(mayActInShop('owner', [], 2)).toBe(true);
    expect(mayActInShop('manager', [1], 2)).toBe(false);
    expect(mayActInShop('manager', [1, 2], 2)).toBe(true);
    expect(mayActInShop('cashier', [], 1)).toBe(false);
  });
  test('nobody but an owner is left without a shop; only an owner or someone of the shop staffs it', () => {
    expect(remainingShopsRefusal('Léa', 'cashier', [])).toBe('Léa doit rester affecté à au moins une boutique');
    expect(remainingShopsRefusal('Anne', 'owner', [])).toBeNull();
    expect(staffingRefusal('manager', [1], 2, 'Port')).toBe("Seul un patron ou quelqu'un de la boutique « Port » y affecte du personnel");
    expect(staffingRefusal('manager', [1, 2], 2, 'Port')).toBeNull();
    expect(staffingRefusal('owner', [], 2, 'Port')).toBeNull();
  });
});

describe.each(ENGINES)('staff per shop on %s', (engine) => {
  let db: TestDb;
  let core: Core;
  let portCore: Core;
  let shop: SmallShop;
  let owner: Employee;
  let port: Shop;
  let byOwner: Actor;
  const now = Date.parse('2026-12-07T10:00:00Z');
  const clock = () => new Date(now);
  const MARC_REFUSED = "Marc Gérant n'est pas affecté à la boutique « Épicerie du Port »";

  beforeAll(async () => {
    db = newTestDb(engine);
    core = await db.core({ clock });
    shop = await smallShop(core);
    owner = await core.staff.create({ name: 'Anne Patronne', role: 'owner', pin: '739184' }, { pinRule: 'weak-allowed' });
    byOwner = actorOf(owner, core.tillId);
    port = await core.shops.add({ code: 'port', name: 'Épicerie du Port' }, byOwner);
    await core.shops.placeTill(2, port.id, byOwner);
    portCore = await db.core({ clock, tillId: 2 });
  });
  afterAll(async () => {
    await portCore.close();
    await core.close();
    await db.cleanup();
  });

  const countOf = async (table: string, where: Record<string, unknown> = {}) => Number((await core.knex(table).where(where).count({ n: '*' }).first())?.n);
  const auditOf = async (kind: string) =>
    (await core.knex('audit_events').where({ kind }).orderBy([{ column: 'till_id' }, { column: 'seq' }]).select('till_id', 'employee_id', 'details')).map((r) => ({
      till: Number(r.till_id),
      employee: r.employee_id === null ? null : Number(r.employee_id),
      ...JSON.parse(String(r.details)),
    }));
  const failuresAtPort = async () => Number((await core.knex('pin_lockouts').where({ till_id: 2 }).first('failures'))?.failures ?? 0);

  test('the till of the second shop is in that shop; everyone made before is in shop 1', async () => {
    expect([core.shopId, portCore.shopId]).toEqual([1, port.id]);
    expect(port.id).toBe(2);
    const list = await core.staff.list();
    expect(list.map((e) => [e.name, e.shops])).toEqual([
      ['Anne Patronne', [1]],
      ['Léa Caissière', [1]],
      ['Marc Gérant', [1]],
    ]);
    expect(await core.staff.shopsOf(shop.manager.id)).toEqual([1]);
  });

  test('a manager of shop 1 is refused at the till of shop 2 on every PIN path, counted and audited; at home he passes', async () => {
    const before = { logins: await countOf('audit_events', { kind: 'login' }), sessions: await countOf('web_sessions'), assigned: await countOf('employee_shops') };
    // The till's login and approvals.
    expect(await portCore.pins.signIn('1234', 'till')).toEqual({
      ok: false, reason: 'not-assigned', lockedMs: 0, employee: shop.manager, shopName: 'Épicerie du Port', message: MARC_REFUSED,
    });
    expect(await portCore.pins.check('1234', 'till:void_line')).toMatchObject({ ok: false, reason: 'not-assigned', message: MARC_REFUSED });
    // The permission path (the CLI's --pin, the back office's approvals).
    await expect(portCore.permissions.authorize('1234', 'close_day', 'cli')).rejects.toThrow(`Code PIN refusé : ${MARC_REFUSED}`);
    // The ordering page of `pos serve` run as till 2.
    expect(await portCore.webSessions.signIn('1234')).toMatchObject({ ok: false, reason: 'not-assigned', employeeName: 'Marc Gérant', shopName: 'Épicerie du Port' });

    // Counted in till 2's lockout like any refused PIN, audited naming him and the shop.
    expect(await failuresAtPort()).toBe(4);
    const refusals = (await auditOf('pin_failed')).filter((e) => e.notAssigned !== undefined);
    expect(refusals.map((e) => [e.till, e.employee, e.attempt, e.notAssigned, e.failures])).toEqual([
      [2, shop.manager.id, 'till:login', port.id, 1],
      [2, shop.manager.id, 'till:void_line', port.id, 2],
      [2, shop.manager.id, 'cli:close_day', port.id, 3],
      [2, shop.manager.id, 'web:login', port.id, 4],
    ]);
    // Nothing else happened: no login, no web session, no assignment.
    expect(await countOf('audit_events', { kind: 'login' })).toBe(before.logins);
    expect(await countOf('web_sessions')).toBe(before.sessions);
    expect(await countOf('employee_shops')).toBe(before.assigned);

    // In his own shop, the same PIN passes and counts nothing there.
    expect((await core.permissions.authorize('1234', 'close_day', 'cli')).id).toBe(shop.manager.id);
    expect(await core.pins.signIn('1234', 'till')).toMatchObject({ ok: true, employee: { id: shop.manager.id } });
    // A cashier of shop 1 is refused at shop 2 too.
    expect(await portCore.pins.check('0000', 'till:login')).toMatchObject({ ok: false, reason: 'not-assigned', message: "Léa Caissière n'est pas affecté à la boutique « Épicerie du Port »" });
    expect(await failuresAtPort()).toBe(5);
  });

  test('an owner acts in every shop whatever the assignments (and resets the count like any right PIN)', async () => {
    expect(await portCore.pins.check('739184', 'till:login')).toMatchObject({ ok: false, reason: 'locked' });
    // Five refusals locked till 2 for 30 s: wait it out on a clock of its own.
    const lateCore = await db.core({ clock: () => new Date(now + 31_000), tillId: 2 });
    try {
      expect((await lateCore.permissions.authorize('739184', 'close_day', 'cli')).id).toBe(owner.id);
      expect(await failuresAtPort()).toBe(0);
      // An owner with no shop at all works everywhere too.
      const paul = await lateCore.staff.create({ name: 'Paul Associé', role: 'owner', pin: '806142', shops: [] }, { by: actorOf(owner, 2) });
      expect(await core.staff.shopsOf(paul.id)).toEqual([]);
      expect((await lateCore.permissions.authorize('806142', 'settings', 'cli')).id).toBe(paul.id);
      expect((await core.permissions.authorize('806142', 'settings', 'cli')).id).toBe(paul.id);
      // …and may not be made a manager before having a shop to work in.
      await expect(core.staff.update(paul.id, { role: 'manager' }, byOwner)).rejects.toThrow('Paul Associé doit rester affecté à au moins une boutique');
      expect((await core.staff.get(paul.id))?.role).toBe('owner');
    } finally {
      await lateCore.close();
    }
  });

  test('assigned by the owner, the manager passes at shop 2; the event names who assigned', async () => {
    const marc = await core.staff.assignShop(shop.manager.id, port.id, byOwner);
    expect(marc.shops).toEqual([1, port.id]);
    expect(await core.staff.shopsOf(shop.manager.id)).toEqual([1, port.id]);
    const event = (await auditOf('settings')).filter((e) => e.field === `employee:${shop.manager.id}`).at(-1);
    expect(event).toMatchObject({ till: 1, employee: owner.id, action: 'shops', name: 'Marc Gérant', added: [port.id], removed: [], shops: [1, port.id] });
    const lateCore = await db.core({ clock: () => new Date(now + 60_000), tillId: 2 });
    try {
      expect((await lateCore.permissions.authorize('1234', 'close_day', 'cli')).id).toBe(shop.manager.id);
      expect(await lateCore.pins.signIn('1234', 'till')).toMatchObject({ ok: true });
      expect(await lateCore.webSessions.signIn('1234')).toMatchObject({ ok: true, employee: { id: shop.manager.id } });
    } finally {
      await lateCore.close();
    }
    expect((await core.journal.verify()).ok).toBe(true);
  });

  test('refusals change nothing: unknown shop, already there, not there, last shop, a manager staffing a shop he does not work in', async () => {
    const julie = await core.staff.create({ name: 'Julie Responsable', role: 'manager', pin: '482917' }, { by: byOwner });
    expect(await core.staff.shopsOf(julie.id)).toEqual([1]);
    const before = { assigned: await core.knex('employee_shops').orderBy(['employee_id', 'shop_id']).select('*'), settings: await countOf('audit_events', { kind: 'settings' }), staff: await countOf('employees') };
    const byJulie = actorOf(julie, core.tillId);
    await expect(core.staff.assignShop(shop.cashier.id, 99, byOwner)).rejects.toThrow('Boutique 99 inconnue');
    await expect(core.staff.unassignShop(shop.cashier.id, 99, byOwner)).rejects.toThrow('Boutique 99 inconnue');
    await expect(core.staff.assignShop(shop.cashier.id, 1, byOwner)).rejects.toThrow("Léa Caissière est déjà affecté à la boutique « Ma boutique »");
    await expect(core.staff.unassignShop(shop.cashier.id, port.id, byOwner)).rejects.toThrow("Léa Caissière n'est pas affecté à la boutique « Épicerie du Port »");
    await expect(core.staff.unassignShop(shop.cashier.id, 1, byOwner)).rejects.toThrow('Léa Caissière doit rester affecté à au moins une boutique');
    await expect(core.staff.changeShops(shop.cashier.id, { add: [port.id], remove: [port.id] }, byOwner)).rejects.toThrow('à la fois ajoutée et retirée');
    await expect(core.staff.changeShops(shop.cashier.id, {}, byOwner)).rejects.toThrow('Rien à changer');
    // A manager of shop 1 neither opens shop 2 to himself nor to anyone else.
    const notHers = "Seul un patron ou quelqu'un de la boutique « Épicerie du Port » y affecte du personnel";
    await expect(core.staff.assignShop(julie.id, port.id, byJulie)).rejects.toThrow(notHers);
    await expect(core.staff.assignShop(shop.cashier.id, port.id, byJulie)).rejects.toThrow(notHers);
    await expect(core.staff.unassignShop(shop.manager.id, port.id, byJulie)).rejects.toThrow(notHers);
    await expect(core.staff.create({ name: 'Zoé', role: 'cashier', pin: '5185', shops: [port.id] }, { by: byJulie })).rejects.toThrow(notHers);
    await expect(core.staff.create({ name: 'Zoé', role: 'cashier', pin: '5185', shops: [99] }, { by: byOwner })).rejects.toThrow('Boutique 99 inconnue');
    // Only an owner changes an owner's shops.
    await expect(core.staff.assignShop(owner.id, port.id, byJulie)).rejects.toThrow('Seul un patron');
    expect(await core.knex('employee_shops').orderBy(['employee_id', 'shop_id']).select('*')).toEqual(before.assigned);
    expect(await countOf('audit_events', { kind: 'settings' })).toBe(before.settings);
    expect(await countOf('employees')).toBe(before.staff);
    // Within her shop she staffs: Léa's second shop is given by Marc, who works in both.
    const lea = await core.staff.assignShop(shop.cashier.id, port.id, actorOf(shop.manager, core.tillId));
    expect(lea.shops).toEqual([1, port.id]);
    const lea2 = await core.staff.unassignShop(shop.cashier.id, 1, actorOf(julie, core.tillId));
    expect(lea2.shops).toEqual([port.id]);
    const events = (await auditOf('settings')).filter((e) => e.field === `employee:${shop.cashier.id}`);
    expect(events.map((e) => [e.employee, e.added, e.removed])).toEqual([
      [shop.manager.id, [port.id], []],
      [julie.id, [], [1]],
    ]);
  });

  test('a new employee works in the shop of the core that creates them, or in the shops given', async () => {
    const nina = await portCore.staff.create({ name: 'Nina Vendeuse', role: 'cashier', pin: '5829' }, { by: actorOf(owner, 2) });
    expect(await core.staff.shopsOf(nina.id)).toEqual([port.id]);
    const both = await core.staff.create({ name: 'Hugo Volant', role: 'cashier', pin: '6073', shops: [port.id, 1] }, { by: byOwner });
    expect(await core.staff.shopsOf(both.id)).toEqual([1, port.id]);
    const event = (await auditOf('settings')).find((e) => e.field === `employee:${both.id}`);
    expect(event).toMatchObject({ employee: owner.id, action: 'add', shops: [1, port.id] });
    expect((await core.staff.list()).find((e) => e.id === nina.id)?.shops).toEqual([port.id]);
    // Nina is not of shop 1.
    expect(await core.pins.check('5829', 'till:login')).toMatchObject({ ok: false, reason: 'not-assigned', message: "Nina Vendeuse n'est pas affecté à la boutique « Ma boutique »" });
  });

  test('the offline copy of the till of shop 2 knows its shop and who works there', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pos-staff-shops-offline-'));
    const offline = await openOfflineTill(portCore, join(dir, 'till-2-offline.sqlite3'));
    try {
      await offline.cacheReady;
      expect(offline.status().cacheProblem).toBeNull();
      const local = offline.local;
      expect(local.shopId).toBe(port.id);
      // Marc was given shop 2 above: taken out of it on the server, the refreshed copy refuses him as the server would; Nina of shop 2 passes.
      expect(await core.staff.shopsOf(shop.manager.id)).toEqual([1, port.id]);
      await core.staff.unassignShop(shop.manager.id, port.id, byOwner);
      await offline.cache.refreshCatalogue();
      expect(await local.pins.check('1234', 'till:login')).toMatchObject({ ok: false, reason: 'not-assigned', message: MARC_REFUSED });
      expect(await local.pins.check('5829', 'till:login')).toMatchObject({ ok: true, employee: { name: 'Nina Vendeuse' } });
      expect((await local.permissions.authorize('739184', 'close_day', 'cli')).id).toBe(owner.id);
    } finally {
      await offline.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
