// A shop's own keys at the till (#18): the settings till.keys and
// till.tenderKeys change what the keys do, the key hints under the ticket,
// the tender letters of the payment screen and of a payment on account.
import { cleanup } from 'ink-testing-library';
import type { Customer } from '../../src/core/customers/customers.service.js';
import { describeKeys } from '../../src/core/shop/key-map.js';
import { ESC, F10, F12 } from '../helpers/key-codes.js';
import { renderApp } from '../helpers/render-app.js';
import { tillFixture } from '../helpers/shop.js';

const ALT_P = '\u001bp';
const CTRL_V = '\u0016';

describe("the shop's keys at the till", () => {
  const fx = tillFixture();
  let eva: Customer;
  beforeAll(async () => {
    // A keyboard without F-keys for paying and parking; other tender letters.
    await fx.core.settings.setMany({ 'till.keys': 'park=Ctrl+P,Alt+5; pay=Alt+P,Ctrl+T', 'till.tenderKeys': 'cash=B; cheque=H' });
    eva = await fx.core.customers.create({ code: '2900000000031', firstName: 'Eva', lastName: 'Roux' });
  });
  afterEach(() => cleanup());

  test('the keys and the hints follow the settings; the tender letters too', async () => {
    const { session: s } = await fx.till({ pin: '0000' });
    const { frame, type } = renderApp(s);
    await type('101\r');
    expect(frame()).toMatch(/\^P\s+Attente/);
    expect(frame()).toMatch(/Alt\+p\s+Payer/);
    expect(frame()).not.toContain('F12');
    await type(F12);
    expect(s.getState().screen).toBe('sale');
    await type(ALT_P);
    expect(s.getState().screen).toBe('payment');
    expect(frame()).toMatch(/ B +Espèces/);
    expect(frame()).toMatch(/ H +Chèque/);
    const sales = await fx.core.sales.count();
    await type('e');
    expect(s.getState().screen).toBe('payment');
    await type('b');
    expect(await fx.core.sales.count()).toBe(sales + 1);
    const last = await fx.core.knex('sales').orderBy('id', 'desc').first('id');
    expect((await fx.core.sales.get(Number(last.id)))!.payments).toEqual([expect.objectContaining({ method: 'cash' })]);
  });

  test('a payment on account takes the shop’s letters, and its hint names them', async () => {
    const { session: s } = await fx.till({ pin: '0000' });
    const { frame, type } = renderApp(s);
    await type(`${eva.code}\r`);
    await type(CTRL_V);
    expect(s.getState().screen).toBe('account-payment');
    expect(frame()).toContain('Montant puis B espèces · C carte · H chèque');
    await type('5q');
    expect(s.getState().screen).toBe('account-payment');
    await type('h');
    expect(s.getState().screen).toBe('sale');
    expect(await fx.core.accounts.balance(eva.id)).toBe(-500);
  });

  test('keys changed while the back office is open are the till’s when it closes', async () => {
    const { session: s, type } = await fx.till({ pin: '1234' });
    await type(F10);
    expect(s.getState().screen).toBe('backoffice');
    await fx.core.settings.set('till.keys', 'search=F3,Ctrl+S', { employeeId: null });
    while (s.getState().screen === 'backoffice') await type(ESC);
    expect(describeKeys(s.getState().keys, 'search')).toBe('F3 / Ctrl+S');
  });
});
