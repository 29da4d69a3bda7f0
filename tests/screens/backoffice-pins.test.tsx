// The back office and PINs: its sign-in counts in the till's lockout (the
// same count as the till and the CLI), each failure audited; the menu warns
// while an employee keeps a weak PIN; and each change made there is checked
// against the permission table for the signed-in employee and audited under
// their name, in the change's transaction.
import { render } from 'ink-testing-library';
import { BackOfficeScreen } from '../../src/screens/backoffice/BackOfficeScreen.js';
import { BackOfficeSession, MENU } from '../../src/screens/backoffice/backoffice-session.js';
import { decodeKeys } from '../../src/screens/keys.js';
import { makeTheme } from '../../src/screens/theme.js';
import { coreFixture } from '../helpers/shop.js';
import { BACKSPACE, CTRL_S, DOWN, ESC, F5, F8 } from '../helpers/key-codes.js';

describe('back office PINs', () => {
  let offset = 0;
  const fx = coreFixture('sqlite', { clock: () => new Date(Date.now() + offset) });
  const type = async (s: BackOfficeSession, raw: string) => {
    for (const event of decodeKeys(raw)) await s.feed([event]);
  };
  const frameOf = (s: BackOfficeSession) => {
    const ui = render(<BackOfficeScreen session={s} width={80} height={24} theme={makeTheme('none')} locale="fr" shopName="Épicerie" />);
    const frame = ui.lastFrame()!;
    ui.unmount();
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);
    return frame;
  };
  const audit = () => fx.core.knex('audit_events').orderBy('id').select('kind', 'employee_id', 'details');

  test('five wrong PINs at the sign-in lock the till for every process; each is audited without employee', async () => {
    const s = new BackOfficeSession(fx.core);
    for (let i = 0; i < 4; i++) {
      await type(s, '5555\r');
      expect(s.getState().message).toEqual({ text: 'Code incorrect', kind: 'error' });
    }
    await type(s, '5555\r');
    expect(s.getState().message).toEqual({ text: "Trop d'essais : patientez 30 s", kind: 'error' });
    await type(s, '1234\r');
    expect(s.getState()).toMatchObject({ view: 'login', message: { kind: 'error' } });
    // The CLI (another core on the same database would do the same) is locked too.
    await expect(fx.core.permissions.authorize('1234', 'cash_out')).rejects.toThrow('Trop de codes PIN faux');
    const failed = (await audit()).filter((e) => e.kind === 'pin_failed');
    expect(failed).toHaveLength(7);
    expect(failed.every((e) => e.employee_id === null)).toBe(true);
    expect(failed.slice(0, 6).map((e) => JSON.parse(String(e.details)).attempt)).toEqual(Array(6).fill('backoffice:login'));
    offset += 30_001;
    await type(s, '1234\r');
    expect(s.getState()).toMatchObject({ view: 'menu', employee: { id: fx.shop.manager.id } });
  });

  test('the menu warns while a weak PIN remains, and names whose', async () => {
    const s = new BackOfficeSession(fx.core);
    await type(s, '1234\r');
    expect(s.getState().weakPins).toEqual(['Léa Caissière', 'Marc Gérant']);
    const frame = frameOf(s);
    expect(frame).toContain('⚠ 2 code(s) PIN trop faible(s) : changez-les (Personnel)');
    expect(frame).toContain('Léa Caissière, Marc Gérant');
    await fx.core.staff.changePin(fx.shop.cashier.id, '3907');
    await fx.core.staff.changePin(fx.shop.manager.id, '582046');
    const again = new BackOfficeSession(fx.core);
    await type(again, '582046\r');
    expect(again.getState().weakPins).toEqual([]);
    expect(frameOf(again)).not.toContain('PIN trop faible');
  });

  test('settings: the manager PIN\'s minimum of digits, 4 to 8, applies to the next PIN set', async () => {
    const s = new BackOfficeSession(fx.core, fx.shop.manager);
    await type(s, DOWN.repeat(MENU.indexOf('settings')) + '\r');
    const at = s.getState().fields.findIndex((f) => f.id === 'pin.minDigitsManager');
    expect(s.getState().fields[at]).toMatchObject({ label: 'Chiffres du PIN responsable', value: '6' });
    await type(s, DOWN.repeat(at) + `\r${BACKSPACE}9\r`);
    expect(s.getState().message?.text).toContain('4 à 8');
    await type(s, ESC + `\r${BACKSPACE}8\r`);
    expect(await fx.core.settings.get('pin.minDigitsManager')).toBe(8);
    await expect(fx.core.staff.changePin(fx.shop.manager.id, '5820461')).rejects.toThrow('au moins 8 chiffres');
    await type(s, `\r${BACKSPACE}6\r`);
    expect(await fx.core.settings.get('pin.minDigitsManager')).toBe(6);
  });

  test('a change the table gives to owners is refused to a manager and writes nothing; allowed, it is audited under their name', async () => {
    const owner = await fx.core.staff.create({ name: 'Odile Patronne', role: 'owner', pin: '739184' });
    await fx.core.permissions.set('purchase_orders', 'owner', owner);
    await fx.core.permissions.set('cash_out', 'owner', owner);
    const supplier = await fx.core.suppliers.create({ name: 'Cave Martin', contact: '', email: '', phone: '', leadTimeDays: 3, minOrderValue: 0 });
    await fx.core.knex('articles').where({ id: fx.shop.wine.id }).update({ min_stock: 30000, supplier_id: supplier.id });
    const before = await audit();
    const s = new BackOfficeSession(fx.core, fx.shop.manager);
    await type(s, DOWN.repeat(MENU.indexOf('orders')) + '\r' + F5);
    expect(s.getState().message).toEqual({ text: '« Commandes fournisseurs » demande un patron', kind: 'error' });
    expect(await fx.core.purchasing.list({ status: 'all' })).toEqual([]);
    await type(s, ESC + DOWN.repeat(MENU.indexOf('closings') - MENU.indexOf('orders')) + '\r' + F8 + '50\rBanque' + CTRL_S);
    expect(s.getState().message).toEqual({ text: "« Sortie d'espèces » demande un patron", kind: 'error' });
    expect(await fx.core.closings.movements()).toEqual([]);
    expect(await audit()).toEqual(before);

    const byOwner = new BackOfficeSession(fx.core, owner);
    await type(byOwner, DOWN.repeat(MENU.indexOf('orders')) + '\r' + F5);
    expect(byOwner.getState().message?.kind).toBe('success');
    expect(await fx.core.purchasing.list({ status: 'all' })).toHaveLength(1);
    const [event] = (await audit()).slice(before.length);
    expect(event).toMatchObject({ kind: 'purchase_order', employee_id: owner.id });
  });
});
