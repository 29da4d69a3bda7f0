// The back office's staff screen and the shops (issue #22), on both engines:
// each employee's shops in the list (an owner: all), F5 to change them by
// code, audited under who is at the back office; an unknown code or leaving
// someone without a shop is refused and changes nothing.
import { render } from 'ink-testing-library';
import { actorOf } from '../../src/core/fiscal/audit.service.js';
import type { Employee } from '../../src/core/staff/staff.js';
import { BackOfficeScreen } from '../../src/screens/backoffice/BackOfficeScreen.js';
import { BackOfficeSession, MENU } from '../../src/screens/backoffice/backoffice-session.js';
import { decodeKeys } from '../../src/screens/keys.js';
import { makeTheme } from '../../src/screens/theme.js';
import { ENGINES } from '../helpers/engines.js';
import { coreFixture } from '../helpers/shop.js';
import { BACKSPACE, CTRL_S, DOWN, ESC, F5 } from '../helpers/key-codes.js';

describe.each(ENGINES)('back office staff and shops on %s', (engine) => {
  const fx = coreFixture(engine);
  let owner: Employee;
  const type = async (s: BackOfficeSession, raw: string) => {
    for (const event of decodeKeys(raw)) await s.feed([event]);
  };
  const open = async (who: Employee) => {
    const s = new BackOfficeSession(fx.core, who);
    await type(s, DOWN.repeat(MENU.indexOf('staff')) + '\r');
    expect(s.getState().view).toBe('staff');
    return s;
  };
  const frameOf = (s: BackOfficeSession) => {
    const ui = render(<BackOfficeScreen session={s} width={80} height={23} theme={makeTheme('none')} locale="fr" shopName="Épicerie" />);
    const frame = ui.lastFrame()!;
    ui.unmount();
    expect(frame.split('\n').every((l) => l.length <= 80)).toBe(true);
    return frame;
  };
  const assignments = async () => fx.core.knex('employee_shops').orderBy(['employee_id', 'shop_id']).select('employee_id', 'shop_id');

  beforeAll(async () => {
    owner = await fx.core.staff.create({ name: 'Anne Patronne', role: 'owner', pin: '739184' }, { pinRule: 'weak-allowed' });
    await fx.core.shops.add({ code: 'port', name: 'Épicerie du Port' }, actorOf(owner, fx.core.tillId));
  });

  test('the list shows each one’s shops; F5 changes them, audited under who is at the back office', async () => {
    const s = await open(owner);
    const frame = frameOf(s);
    expect(frame).toMatch(/Nom\s+Rôle\s+Actif\s+Pointé\s+Boutiques/);
    expect(frame).toMatch(/Anne Patronne\s+patron\s+oui\s+toutes/);
    expect(frame).toMatch(/Marc Gérant\s+responsable\s+oui\s+principal/);

    // Marc is the third (by name): F5 shows his shops, to edit.
    await type(s, DOWN + DOWN + F5);
    expect(s.getState().staff!.form).toMatchObject({ mode: 'shops', values: { shops: 'principal' } });
    expect(frameOf(s)).toContain('Boutiques de Marc Gérant');
    await type(s, ', port' + CTRL_S);
    expect(s.getState().message).toEqual({ kind: 'success', text: 'Marc Gérant travaille à : principal, port' });
    expect(await fx.core.staff.shopsOf(fx.shop.manager.id)).toEqual([1, 2]);
    const event = await fx.core.knex('audit_events').where({ kind: 'settings' }).orderBy('id', 'desc').first();
    expect(event.employee_id).toBe(owner.id);
    expect(JSON.parse(event.details)).toMatchObject({ field: `employee:${fx.shop.manager.id}`, action: 'shops', added: [2], removed: [] });
    expect(frameOf(s)).toMatch(/Marc Gérant\s+responsable\s+oui\s+principal, port/);
  });

  test('an unknown code, or no shop left, is refused and changes nothing', async () => {
    const s = await open(owner);
    const before = { assigned: await assignments(), events: await fx.core.knex('audit_events').where({ kind: 'settings' }).count({ n: '*' }).first() };
    // Léa is the second.
    await type(s, DOWN + F5 + ' nulle-part' + CTRL_S);
    expect(s.getState().message).toEqual({ kind: 'error', text: 'Boutique « nulle-part » inconnue (pos shops list les donne)' });
    await type(s, ESC + F5 + BACKSPACE.repeat(20) + CTRL_S);
    expect(s.getState().message).toEqual({ kind: 'error', text: 'Léa Caissière doit rester affecté à au moins une boutique' });
    expect(await assignments()).toEqual(before.assigned);
    expect(await fx.core.knex('audit_events').where({ kind: 'settings' }).count({ n: '*' }).first()).toEqual(before.events);
    // Moved from one shop to the other in one change.
    await type(s, ESC + F5 + BACKSPACE.repeat(20) + 'port' + CTRL_S);
    expect(s.getState().message).toEqual({ kind: 'success', text: 'Léa Caissière travaille à : port' });
    expect(await fx.core.staff.shopsOf(fx.shop.cashier.id)).toEqual([2]);
  });
});
