// The till's short new-customer form asks for the consent to offers too:
// Ctrl+O flips it (shown at 80x24), the new customer is created with it,
// dated by the service and audited under the cashier; left alone, it is no.
import { renderApp } from '../helpers/render-app.js';
import { CTRL_K } from '../helpers/key-codes.js';
import { tillFixture } from '../helpers/shop.js';

const CTRL_O = '\u000f';

describe("the till's new-customer form: consent to offers", () => {
  const fx = tillFixture();

  test('Ctrl+O says yes: shown on the form, saved with its date, audited under the cashier', async () => {
    const { session } = await fx.till();
    const { app, frame, type } = renderApp(session);
    await type('0000\r');
    for (const keys of [CTRL_K, 'Roux', '\r']) await type(keys);
    expect(session.getState().newCustomer).toMatchObject({ fields: ['', 'Roux', ''] });
    expect(frame()).toMatch(/Offres \(\^O\)\s+non/);
    await type(CTRL_O);
    expect(session.getState().newCustomer!.consent).toBe(true);
    expect(frame()).toMatch(/Offres \(\^O\)\s+oui/);
    expect(frame().split('\n').every((l) => l.length <= 80)).toBe(true);
    // One key or word at a time: a word and its Entrée in one read would be a scan.
    for (const keys of ['Léa', '\r', '\r', '0611223344', '\r']) await type(keys);
    const created = session.getState().customer!.customer;
    expect(created).toMatchObject({ firstName: 'Léa', lastName: 'Roux', marketingConsent: true, marketingConsentAt: expect.stringMatching(/^\d{4}-/) });
    const [event] = await fx.core.audit.recent(1);
    expect(event).toMatchObject({ kind: 'customer', employeeId: fx.shop.cashier.id });
    expect(JSON.parse(event!.details as unknown as string)).toMatchObject({ action: 'add', marketingConsent: true });

    // Twice Ctrl+O is no again; a card made without it says no, undated.
    for (const keys of [CTRL_K, 'Blanc', '\r', CTRL_O, CTRL_O, '\r', '\r', '\r']) await type(keys);
    expect(session.getState().customer!.customer).toMatchObject({ lastName: 'Blanc', marketingConsent: false, marketingConsentAt: null });
    app.unmount();
  });
});
