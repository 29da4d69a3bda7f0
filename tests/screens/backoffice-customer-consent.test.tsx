// The consent toggle of the back office's customer form at 80x24: Space flips
// it, o/n (y/1/0) set it, other keys leave it; saving dates it (the form never
// types a date) and audits it under the signed-in employee; the form shows the
// date it last changed, every field on screen, in French and English.
import { cleanup, render } from 'ink-testing-library';
import { BackOfficeScreen } from '../../src/screens/backoffice/BackOfficeScreen.js';
import { BackOfficeSession, MENU } from '../../src/screens/backoffice/backoffice-session.js';
import { CUSTOMER_FIELDS } from '../../src/screens/backoffice/customer-form.js';
import { frenchDay } from '../../src/core/basics/calendar.js';
import { decodeKeys } from '../../src/screens/keys.js';
import { makeTheme } from '../../src/screens/theme.js';
import { BACKSPACE, CTRL_S, DOWN } from '../helpers/key-codes.js';
import { coreFixture } from '../helpers/shop.js';

describe('back office customer form: the consent toggle', () => {
  const fx = coreFixture();
  let id: number;
  const type = async (s: BackOfficeSession, raw: string) => {
    for (const event of decodeKeys(raw)) await s.feed([event]);
  };
  const openForm = async (s: BackOfficeSession) => {
    await type(s, DOWN.repeat(MENU.indexOf('customers')) + '\r');
    await type(s, '\r');
    expect(s.getState().customers!.form!.customerId).toBe(id);
    await type(s, DOWN.repeat(CUSTOMER_FIELDS.indexOf('consent')));
  };
  const consent = (s: BackOfficeSession) => s.getState().customers!.form!.values.consent;
  beforeAll(async () => {
    id = (await fx.core.customers.create({ code: '2900000000017', firstName: 'Hélène', lastName: 'Dupont', email: 'h@example.com' })).id;
  });
  afterAll(() => cleanup());

  test('Space flips it, n/o set it, other keys and Backspace leave it; saved, dated and audited; shown with its date at 80x24', async () => {
    const s = new BackOfficeSession(fx.core, fx.shop.manager);
    await openForm(s);
    expect(consent(s)).toBe('non');
    await type(s, ' ');
    expect(consent(s)).toBe('oui');
    await type(s, 'n');
    expect(consent(s)).toBe('non');
    await type(s, 'o');
    await type(s, 'x');
    await type(s, BACKSPACE);
    expect(consent(s)).toBe('oui');
    const app = render(<BackOfficeScreen session={s} width={80} height={24} theme={makeTheme('none')} locale="fr" shopName="Ma boutique" />);
    let frame = app.lastFrame()!;
    expect(frame).toMatch(/Offres acceptées \(Espace\)\s+oui/);
    app.unmount();

    const before = new Date().toISOString();
    await type(s, CTRL_S);
    expect(s.getState().message).toMatchObject({ kind: 'success' });
    const saved = (await fx.core.customers.get(id))!;
    expect(saved.marketingConsent).toBe(true);
    expect(saved.marketingConsentAt! >= before).toBe(true);
    const [event] = await fx.core.audit.recent(1);
    expect(event).toMatchObject({ kind: 'customer', employeeId: fx.shop.manager.id });
    expect(JSON.parse(event!.details as unknown as string)).toMatchObject({ action: 'set', customer: id, marketingConsent: true });

    // Opened again: the toggle says when it changed; every field fits the 80x24 screen.
    const again = new BackOfficeSession(fx.core, fx.shop.manager);
    await openForm(again);
    const shown = render(<BackOfficeScreen session={again} width={80} height={24} theme={makeTheme('none')} locale="fr" shopName="Ma boutique" />);
    frame = shown.lastFrame()!;
    expect(frame).toContain(`oui (changé le ${frenchDay(saved.marketingConsentAt!)})`);
    expect(frame).toContain('Notes');
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);
    expect(frame.split('\n').every((l) => l.length <= 80)).toBe(true);
    shown.unmount();
  });

  test('in English: its label and yes/no', async () => {
    const s = new BackOfficeSession(fx.core, fx.shop.manager, 'en');
    await openForm(s);
    const app = render(<BackOfficeScreen session={s} width={80} height={24} theme={makeTheme('none')} locale="en" shopName="My shop" />);
    expect(app.lastFrame()).toMatch(/Accepts offers \(Space\)\s+yes \(changed \d{4}-\d{2}-\d{2}\)/);
    app.unmount();
  });
});
