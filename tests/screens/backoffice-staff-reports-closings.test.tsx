// The back office's Staff, Reports and Closings screens on a real SQLite
// file, driven by keys: staff created, a role changed, PIN and owner-rule
// refusals changing nothing; a report's rows equal to the core service's for
// the same period; the X report, a Z counted by notes and coins written with
// its expected, counted and difference and queued for printing, a second Z
// refused; each view drawn at 80x24.
import { render } from 'ink-testing-library';
import { sellable } from '../../src/core/catalogue/article.js';
import { addLine } from '../../src/core/sales/ticket.js';
import { BackOfficeScreen } from '../../src/screens/backoffice/BackOfficeScreen.js';
import { BackOfficeSession, MENU } from '../../src/screens/backoffice/backoffice-session.js';
import { REPORT_KINDS } from '../../src/screens/backoffice/report-table.js';
import { decodeKeys } from '../../src/screens/keys.js';
import { makeTheme } from '../../src/screens/theme.js';
import { coreFixture } from '../helpers/shop.js';
import { BACKSPACE, CTRL_P, CTRL_S, DOWN, ESC, F2, F3, F4, F7, F8, INSERT, RIGHT } from '../helpers/key-codes.js';

describe('back office staff, reports and closings', () => {
  // Noon UTC keeps the business day the same in any shop time zone.
  const now = new Date('2026-11-20T12:00:00.000Z');
  const fx = coreFixture('sqlite', { clock: () => now });
  const type = async (s: BackOfficeSession, raw: string) => {
    for (const event of decodeKeys(raw)) await s.feed([event]);
  };
  const open = async (entry: (typeof MENU)[number], who = fx.shop.manager) => {
    const s = new BackOfficeSession(fx.core, who);
    await type(s, DOWN.repeat(MENU.indexOf(entry)) + '\r');
    expect(s.getState().view).toBe(entry);
    return s;
  };
  const frameOf = (s: BackOfficeSession) => {
    const ui = render(<BackOfficeScreen session={s} width={80} height={23} theme={makeTheme('none')} locale="fr" shopName="Épicerie" />);
    const frame = ui.lastFrame()!;
    ui.unmount();
    expect(frame.split('\n').every((l) => l.length <= 80)).toBe(true);
    return frame;
  };

  beforeAll(async () => {
    let t = fx.core.tickets.create();
    t = addLine(t, sellable(fx.shop.nutella), 2000);
    t = addLine(t, sellable(fx.shop.wine), 1000);
    await fx.core.sales.complete(t, [{ method: 'cash', amount: 5000 }], fx.shop.cashier.id);
    t = addLine(fx.core.tickets.create(), sellable(fx.shop.wine), 2000);
    await fx.core.sales.complete(t, [{ method: 'card', amount: 2580 }], fx.shop.manager.id);
  });

  test('staff: create with the PIN typed twice; mismatched or taken PINs and the owner rule change nothing', async () => {
    const s = await open('staff');
    expect(s.getState().staff!.rows.map((r) => [r.name, r.role, r.active])).toEqual([
      ['Léa Caissière', 'cashier', true],
      ['Marc Gérant', 'manager', true],
    ]);
    const before = (await fx.core.staff.list()).length;
    // The PINs differ: refused, the form stays open.
    await type(s, INSERT + 'Paul Vendeur\r' + '\r' + '5829\r5820' + CTRL_S);
    expect(s.getState().message).toEqual({ text: 'Les deux codes PIN diffèrent', kind: 'error' });
    expect(s.getState().staff!.form).not.toBeNull();
    expect(frameOf(s)).toContain('••••');
    // An obvious PIN (here also Marc's) is refused before anything else.
    await type(s, ESC + INSERT + 'Paul Vendeur\r\r1234\r1234' + CTRL_S);
    expect(s.getState().message).toEqual({ text: 'Code PIN trop facile à deviner (chiffres tous identiques ou qui se suivent)', kind: 'error' });
    // A manager does not make an owner.
    await type(s, ESC + INSERT + 'Paul Vendeur\r' + BACKSPACE.repeat(20) + 'patron\r5829\r5829' + CTRL_S);
    expect(s.getState().message?.text).toBe('Seul un patron donne, retire ou modifie le rôle de patron');
    expect((await fx.core.staff.list()).length).toBe(before);
    await type(s, ESC + INSERT + 'Paul Vendeur\r\r5829\r5829' + CTRL_S);
    expect(s.getState().message).toEqual({ text: 'Paul Vendeur créé (caissier)', kind: 'success' });
    const paul = (await fx.core.staff.authenticate('5829'))!;
    expect(paul).toMatchObject({ name: 'Paul Vendeur', role: 'cashier' });
    const audit = await fx.core.knex('audit_events').where({ kind: 'settings' }).orderBy('id', 'desc').first();
    expect(audit.employee_id).toBe(fx.shop.manager.id);
    expect(JSON.parse(audit.details)).toMatchObject({ field: `employee:${paul.id}`, action: 'add' });
    // F3: cashier -> manager, then back (a manager never turns anyone into an owner).
    await type(s, F3);
    expect((await fx.core.staff.get(paul.id))!.role).toBe('manager');
    await type(s, F3);
    expect((await fx.core.staff.get(paul.id))!.role).toBe('cashier');
    // F4: a new PIN, typed twice.
    await type(s, F4 + '4812\r4812\r');
    expect(s.getState().message?.text).toBe('Code PIN de Paul Vendeur changé');
    expect((await fx.core.staff.authenticate('4812'))?.id).toBe(paul.id);
    const frame = frameOf(s);
    expect(frame).toMatch(/Paul Vendeur +caissier +oui/);
    // F8 asks first; any other key leaves Paul active; O deactivates him.
    await type(s, F8);
    expect(s.getState().message?.text).toBe('Désactiver Paul Vendeur ? O pour confirmer');
    await type(s, 'n');
    expect((await fx.core.staff.get(paul.id))!.active).toBe(true);
    await type(s, F8 + 'o');
    expect((await fx.core.staff.get(paul.id))!.active).toBe(false);
    expect(await fx.core.staff.authenticate('4812')).toBeNull();
    // F8 again reactivates him with a new PIN, typed twice.
    await type(s, F8 + '9753\r9753\r');
    expect(s.getState().message?.text).toBe('Paul Vendeur réactivé');
    expect((await fx.core.staff.authenticate('9753'))?.id).toBe(paul.id);
  });

  test('reports: each row is the core service figure for the same period; ←→ changes the period', async () => {
    const s = await open('reports');
    await type(s, DOWN.repeat(REPORT_KINDS.indexOf('article')) + '\r');
    const table = s.getState().reports!.table!;
    const direct = await fx.core.reports.salesBy('article', { from: '2026-11-20', to: '2026-11-20' });
    expect(direct.rows.length).toBeGreaterThan(0);
    expect(table.rows.map((r) => [r.cells[0], r.value])).toEqual(direct.rows.map((r) => [r.label, r.total]));
    expect(table.foot![3]).toBe('47,70');
    expect(direct.totals.total).toBe(4770);
    const frame = frameOf(s);
    expect(frame).toContain('Ventes par article du 2026-11-20 au 2026-11-20');
    expect(frame).toMatch(/Bordeaux Supérieur 2022 .*█{5,}/);
    // → yesterday: nothing sold then.
    await type(s, RIGHT);
    expect(s.getState().reports!.table!.title).toContain('2026-11-19');
    expect(s.getState().reports!.table!.rows).toEqual([]);
    // A typed period that can't be read says so and changes nothing.
    await type(s, ESC);
    await type(s, '2026-13');
    await type(s, '\r');
    expect(s.getState().message?.kind).toBe('error');
    expect(s.getState().reports!.view).toBe('pick');
  });

  test('closings: X, a cash in, then a Z counted by notes and coins, printed once; a second Z is refused', async () => {
    const s = await open('closings');
    await type(s, F2);
    expect(s.getState().closings!.lines[0]).toBe('RAPPORT X');
    expect(s.getState().closings!.lines).toContain(`Total TTC${' '.repeat(42 - 9 - 7)}47,70 €`);
    expect(await fx.core.closings.list()).toEqual([]);
    await type(s, ESC + F7 + '20\rMonnaie de la banque' + CTRL_S);
    expect(s.getState().message?.text).toBe("Entrée d'espèces de 20,00 € enregistré(e) le 2026-11-20");
    const x = await fx.core.closings.xReport('2026-11-20');
    expect(x.totals.cashExpected).toBe(2190 + 2000);
    // F3: the count. 41,80 € counted: 2x20, 1x1, 1x0,50, 1x0,20, 1x0,10 -> 10 cents short.
    await type(s, F3);
    expect(s.getState().view).toBe('closings');
    const idx = (cents: number) => [50000, 20000, 10000, 5000, 2000, 1000, 500, 200, 100, 50, 20, 10, 5, 2, 1].indexOf(cents);
    await type(s, DOWN.repeat(idx(2000)) + '2' + DOWN.repeat(idx(100) - idx(2000)) + '1' + DOWN + '1' + DOWN + '1' + DOWN + '1');
    const frame = frameOf(s);
    expect(frame).toMatch(/Espèces attendues +41,90/);
    expect(frame).toMatch(/Écart +-0,10/);
    await type(s, CTRL_S);
    expect(s.getState().closings!.view).toBe('confirm');
    expect(s.getState().message?.text).toBe('Z du 2026-11-20 : attendu 41,90 €, compté 41,80 €, écart -0,10 € · O pour clôturer');
    expect(await fx.core.closings.list()).toEqual([]);
    await type(s, 'o');
    const z = (await fx.core.closings.get('day', '2026-11-20'))!;
    expect(z).toMatchObject({ seq: 1, cashExpected: 4190, cashCounted: 4180, employeeId: fx.shop.manager.id });
    expect(z.totals.difference).toBe(-10);
    expect(z.totals.denominations).toEqual({ '2000': 2, '100': 1, '50': 1, '20': 1, '10': 1 });
    expect(s.getState().message?.text).toContain('Clôture n° 1 (2026-11-20) enregistrée, écart -0,10 €');
    const jobs = (await fx.core.printQueue.pending()).filter((j) => j.kind === 'closing');
    expect(jobs).toHaveLength(1);
    expect(jobs[0]!.bytes.toString('latin1')).toContain('Total perp');
    expect(s.getState().closings!.lines[0]).toBe('CLÔTURE JOURNALIÈRE (Z)');
    // Back to the list: the Z is there; F3 again is refused and nothing is written.
    await type(s, ESC);
    expect(frameOf(s)).toMatch(/1 +Z jour +2026-11-20 +47,70 +47,70 +-0,10/);
    await type(s, F3);
    expect(s.getState().message).toEqual({ text: 'La journée 2026-11-20 est déjà clôturée', kind: 'error' });
    expect(await fx.core.closings.list()).toHaveLength(1);
    // Enter shows it; Ctrl+P reprints it.
    await type(s, `\r${CTRL_P}`);
    expect((await fx.core.printQueue.pending()).filter((j) => j.kind === 'closing')).toHaveLength(2);
  });

  test('closings: refusals change nothing; from the till (F10) a reprint goes to its spooler', async () => {
    const s = await open('closings');
    // A bad amount for cash out: refused, nothing recorded, the form stays.
    await type(s, F8 + 'abc\rFacture' + CTRL_S);
    expect(s.getState().message).toEqual({ text: 'Montant invalide : « abc » (par ex. 150 ou 12,50)', kind: 'error' });
    expect(s.getState().closings!.view).toBe('cash');
    await type(s, ESC);
    // The month closing asks first; Esc leaves it unwritten.
    await type(s, F4);
    expect(s.getState().message?.text).toBe('Clôture mensuelle de 2026-10 · O pour confirmer');
    await type(s, ESC);
    expect(s.getState().closings!.view).toBe('list');
    expect(await fx.core.closings.get('month', '2026-10')).toBeNull();
    // A shop that keeps closings for its owner: the manager's O is refused and nothing is written;
    // no PIN was typed, so the refusal says what is needed without the PIN prompt's words.
    const owner = await fx.core.staff.create({ name: 'Claire Patronne', role: 'owner', pin: '9898' }, { pinRule: 'weak-allowed' });
    await fx.core.permissions.set('close_day', 'owner', owner);
    await type(s, F4 + 'o');
    expect(s.getState().message).toMatchObject({ kind: 'error', text: '« Clôturer la journée » demande un patron' });
    expect(await fx.core.closings.get('month', '2026-10')).toBeNull();
    await fx.core.permissions.set('close_day', 'manager', owner);
    await type(s, ESC);
    expect((await fx.core.closings.movements('2026-11-20')).map((m) => m.kind)).toEqual(['in']);
    // The till hands its spooler: the reprint goes there, not to the queue.
    const sent: string[] = [];
    const fromTill = new BackOfficeSession(fx.core, fx.shop.manager);
    fromTill.submitPrint = async (kind) => void sent.push(kind);
    await type(fromTill, DOWN.repeat(MENU.indexOf('closings')) + '\r' + `\r${CTRL_P}`);
    expect(sent).toEqual(['closing']);
    expect((await fx.core.printQueue.pending()).filter((j) => j.kind === 'closing')).toHaveLength(2);
  });

  test('staff: nobody changes their own role here; the owner role is an owner\'s', async () => {
    const s = await open('staff');
    const marc = s.getState().staff!.rows.findIndex((r) => r.id === fx.shop.manager.id);
    await type(s, DOWN.repeat(marc) + F3);
    expect(s.getState().message).toEqual({ text: 'Vous ne pouvez pas changer votre propre rôle', kind: 'error' });
    expect((await fx.core.staff.get(fx.shop.manager.id))!.role).toBe('manager');
    const anne = await fx.core.staff.create({ name: 'Anne Patronne', role: 'owner', pin: '8642' }, { pinRule: 'weak-allowed' });
    const byOwner = await open('staff', anne);
    const owner = byOwner.getState().staff!.rows.findIndex((r) => r.id === anne.id);
    await type(s, ESC);
    const again = await open('staff');
    await type(again, DOWN.repeat(owner) + F3);
    expect(again.getState().message?.text).toBe('Seul un patron donne, retire ou modifie le rôle de patron');
    await type(again, F8);
    expect((await fx.core.staff.get(anne.id))!).toMatchObject({ role: 'owner', active: true });
    // The owner gives the owner role: manager -> owner for Marc.
    const marcNow = byOwner.getState().staff!.rows.findIndex((r) => r.id === fx.shop.manager.id);
    await type(byOwner, DOWN.repeat(marcNow) + F3);
    expect((await fx.core.staff.get(fx.shop.manager.id))!.role).toBe('owner');
    await type(byOwner, F3);
    expect((await fx.core.staff.get(fx.shop.manager.id))!.role).toBe('cashier');
    await fx.core.staff.update(fx.shop.manager.id, { role: 'manager' });
  });
});
