// The back office state machine on a real SQLite file: manager-only sign-in,
// settings edited and validated (audited), and the read-only journal browser.
import { sellable } from '../../src/core/catalogue/article.js';
import { addLine } from '../../src/core/sales/ticket.js';
import { BackOfficeSession, MENU, MENU_LABELS } from '../../src/screens/backoffice/backoffice-session.js';
import { decodeKeys } from '../../src/screens/keys.js';
import { coreFixture } from '../helpers/shop.js';
import { BACKSPACE, DOWN, ESC, UP } from '../helpers/key-codes.js';

describe('back office session', () => {
  const fx = coreFixture();
  const type = (s: BackOfficeSession, raw: string) => s.feed(decodeKeys(raw));
  const goTo = async (s: BackOfficeSession, entry: (typeof MENU)[number]) => {
    await type(s, DOWN.repeat(MENU.indexOf(entry)) + '\r');
  };

  beforeAll(async () => {
    for (let i = 1; i <= 3; i++) {
      const t = addLine(fx.core.tickets.create(), sellable(fx.shop.wine), i * 1000);
      await fx.core.sales.complete(t, [{ method: 'card', amount: 1290 * i }], fx.shop.cashier.id);
    }
  });

  test('a cashier cannot sign in; a manager can', async () => {
    const s = new BackOfficeSession(fx.core);
    await type(s, '0000\r');
    expect(s.getState()).toMatchObject({ view: 'login', message: { kind: 'error', text: 'La gestion est réservée aux responsables' } });
    await type(s, '1234\r');
    expect(s.getState()).toMatchObject({ view: 'menu', employee: { id: fx.shop.manager.id } });
  });

  test('the permission table gates the settings and the articles: a refusal names the role, the view stays on the menu', async () => {
    const owner = await fx.core.staff.create({ name: 'Claire Patronne', role: 'owner', pin: '9999' }, { pinRule: 'weak-allowed' });
    await fx.core.permissions.set('settings', 'owner', owner);
    await fx.core.permissions.set('edit_articles', 'owner', owner);
    const s = new BackOfficeSession(fx.core, fx.shop.manager);
    await goTo(s, 'settings');
    expect(s.getState()).toMatchObject({ view: 'menu', message: { kind: 'error', text: '« Modifier les paramètres » demande un patron' } });
    await type(s, UP.repeat(MENU.indexOf('settings')) + '\r');
    expect(s.getState()).toMatchObject({ view: 'menu', message: { kind: 'error', text: '« Modifier les articles » demande un patron' } });
    const byOwner = new BackOfficeSession(fx.core, owner);
    await goTo(byOwner, 'settings');
    expect(byOwner.getState().view).toBe('settings');
    await fx.core.permissions.set('settings', 'manager', owner);
    await fx.core.permissions.set('edit_articles', 'manager', owner);
  });

  test('every menu entry is built: the staff screen opens and Esc comes back', async () => {
    expect(Object.values(MENU_LABELS).every((l) => l.ready)).toBe(true);
    const s = new BackOfficeSession(fx.core, fx.shop.manager);
    await goTo(s, 'staff');
    expect(s.getState().view).toBe('staff');
    await type(s, ESC);
    expect(s.getState().view).toBe('menu');
  });

  test('a TextField’s edit (Backspaces, then text) is published once, applied whole', async () => {
    const s = new BackOfficeSession(fx.core, fx.shop.manager);
    await goTo(s, 'settings');
    await type(s, '\r');
    const before = s.getState().editing!;
    const shown: (string | null)[] = [];
    const stop = s.subscribe(() => shown.push(s.getState().editing));
    await s.editField([...decodeKeys(BACKSPACE.repeat(2)), { type: 'text', text: 'é!' }]);
    stop();
    expect(shown).toEqual([`${before.slice(0, -2)}é!`]);
  });

  test('settings: edit the shop name and the receipt footer; bad values change nothing', async () => {
    const s = new BackOfficeSession(fx.core, fx.shop.manager);
    await goTo(s, 'settings');
    expect(s.getState().view).toBe('settings');
    // Shop name: clear it, type a new one.
    await type(s, '\r' + BACKSPACE.repeat(40) + 'Épicerie Test\r');
    expect(await fx.core.settings.get('shop.name')).toBe('Épicerie Test');
    await type(s, '\r' + BACKSPACE.repeat(40) + '\r');
    expect(s.getState().message).toMatchObject({ kind: 'error' });
    expect(await fx.core.settings.get('shop.name')).toBe('Épicerie Test');
    await type(s, ESC);
    // Footer: third field down.
    await type(s, `${DOWN}${DOWN}${DOWN}\r` + BACKSPACE.repeat(80) + 'Merci ! | À bientôt\r');
    expect(await fx.core.settings.get('receipt.footer')).toEqual(['Merci !', 'À bientôt']);
    const audit = await fx.core.audit.recent();
    expect(audit[0]).toMatchObject({ kind: 'settings', employeeId: fx.shop.manager.id });
  });

  test('settings: tenders are validated; a VAT rate can change', async () => {
    const s = new BackOfficeSession(fx.core, fx.shop.manager);
    await goTo(s, 'settings');
    await type(s, `${DOWN.repeat(4)}\r` + BACKSPACE.repeat(80) + 'cash, bitcoin\r');
    expect(s.getState().message?.text).toContain('bitcoin');
    expect(await fx.core.settings.get('tenders')).toContain('card');
    await type(s, ESC);
    await type(s, '\r' + BACKSPACE.repeat(80) + 'cash, card\r');
    expect(await fx.core.settings.get('tenders')).toEqual(['cash', 'card']);
    await type(s, `${DOWN}\r` + BACKSPACE.repeat(10) + '5,5x\r');
    expect(s.getState().message?.kind).toBe('error');
    await type(s, `${ESC}\r` + BACKSPACE.repeat(10) + '21\r');
    const rates = await fx.core.taxRates.list();
    expect(rates.map((r) => r.rateBp)).toContain(2100);
    await type(s, `\r${BACKSPACE.repeat(10)}20\r`);
    expect((await fx.core.taxRates.list()).map((r) => r.rateBp)).toContain(2000);
  });

  test('settings: how often the tills poll for changes (last field), 0 to 60 seconds', async () => {
    const s = new BackOfficeSession(fx.core, fx.shop.manager);
    await goTo(s, 'settings');
    expect(s.getState().fields.at(-1)).toMatchObject({ id: 'live.pollSeconds', value: '2' });
    await type(s, `${DOWN.repeat(30)}\r` + BACKSPACE.repeat(10) + '90\r');
    expect(s.getState().message?.text).toContain('0 à 60');
    expect(await fx.core.settings.get('live.pollSeconds')).toBe(2);
    await type(s, `${ESC}\r` + BACKSPACE.repeat(10) + '5\r');
    expect(await fx.core.settings.get('live.pollSeconds')).toBe(5);
    expect(s.getState().fields.at(-1)).toMatchObject({ value: '5' });
  });

  test("settings: the till's keys (#18), refused with the reason when they clash", async () => {
    const s = new BackOfficeSession(fx.core, fx.shop.manager);
    await goTo(s, 'settings');
    await type(s, `${DOWN.repeat(30)}${UP}${UP}`);
    expect(s.getState().fields[s.getState().fieldIndex]).toMatchObject({ id: 'till.keys', value: '' });
    await type(s, '\rsearch=Ctrl+K\r');
    expect(s.getState().message).toMatchObject({ kind: 'error', text: expect.stringContaining('Ctrl+K sert à la fois à « customer » et à « search »') });
    expect(await fx.core.settings.get('till.keys')).toBe('');
    await type(s, '\u001b\r' + '\u007f'.repeat(20) + 'search=F3,Ctrl+S\r');
    expect(await fx.core.settings.get('till.keys')).toBe('search=F3,Ctrl+S');
    expect(s.getState().fields[s.getState().fieldIndex]).toMatchObject({ id: 'till.keys', value: 'search=F3,Ctrl+S' });
  });

  test('journal: newest first, search by number, open a sale; nothing can be changed', async () => {
    const s = new BackOfficeSession(fx.core, fx.shop.manager);
    await goTo(s, 'journal');
    expect(s.getState().sales.map((x) => x.number)).toEqual([3, 2, 1]);
    await type(s, '2');
    expect(s.getState().sales.map((x) => x.number)).toEqual([2]);
    await type(s, '\r');
    expect(s.getState().view).toBe('sale');
    expect(s.getState().sale).toMatchObject({ number: 2, total: 2580 });
    await type(s, `${ESC}${BACKSPACE}${UP}`);
    expect(s.getState().view).toBe('journal');
    expect(s.getState().sales).toHaveLength(3);
    const today = (await fx.core.sales.get(s.getState().sales[0]!.id))!.businessDate;
    await type(s, today);
    expect(s.getState().sales).toHaveLength(3);
    await type(s, `${ESC}${ESC}${ESC}`);
    expect(s.getState().closed).toBe(true);
    expect((await fx.core.journal.verify()).ok).toBe(true);
  });
});

describe('back office in English', () => {
  const fx = coreFixture();
  test('labels and messages follow --lang en', async () => {
    const s = new BackOfficeSession(fx.core, null, 'en');
    await s.feed(decodeKeys('0000\r'));
    expect(s.getState().message?.text).toBe('The back office is for managers');
    await s.feed(decodeKeys('1234\r'));
    await s.feed(decodeKeys(`${DOWN.repeat(MENU.indexOf('settings'))}\r`));
    expect(s.getState().fields[0]!.label).toBe('Shop name');
    expect(s.getState().fields.find((f) => f.id.startsWith('tax:'))?.value).toBe('20%');
  });
});
