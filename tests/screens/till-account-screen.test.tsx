// The customer account drawn at 80x24: what the customer owes and their store
// credit in the header, the "Versement sur compte" panel, K on the payment screen.
import { cleanup } from 'ink-testing-library';
import { sellable } from '../../src/core/catalogue/article.js';
import { addLine, setCustomer } from '../../src/core/sales/ticket.js';
import { renderApp } from '../helpers/render-app.js';
import { tillFixture } from '../helpers/shop.js';
import { until } from '../helpers/until.js';
import { CTRL_T, CTRL_V, ESC } from '../helpers/key-codes.js';

describe('the customer account on screen', () => {
  afterAll(() => cleanup()); // declared first, so the apps unmount before the fixture closes the tills
  const fx = tillFixture();

  beforeAll(async () => {
    const lou = await fx.core.customers.create({ code: '2900000000048', firstName: 'Lou', lastName: 'Marchand', overdraftLimit: 5000 });
    const ticket = setCustomer(addLine(fx.core.tickets.create(), sellable(fx.shop.wine), 1000), lou.id);
    await fx.core.sales.complete(ticket, [{ method: 'account', amount: 1290 }], fx.shop.cashier.id);
    await fx.core.vouchers.issue({ kind: 'credit_note', amount: 500, customerId: lou.id });
  });

  test('header badge, Ctrl+V panel and the K tender fit 80x24', async () => {
    const { session } = await fx.till();
    const { app, frame, type } = renderApp(session);
    await type('0000\r');
    await type('2900000000048\r');
    await until(() => frame().includes('doit 12,90 €'), 'the balance in the header');
    expect(frame()).toContain('Avoir 5,00 €');
    await type(CTRL_V);
    await until(() => frame().includes('VERSEMENT SUR COMPTE'), 'the payment on account panel');
    expect(frame()).toContain('E espèces');
    await type(ESC);
    await type('201\r');
    await type(CTRL_T);
    await until(() => frame().includes('ENCAISSEMENT'), 'the payment screen');
    const shown = frame();
    expect(shown).toContain(' K ');
    expect(shown).toContain('En compte');
    for (const line of frame().split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(frame().split('\n').length).toBeLessThanOrEqual(24);
    app.unmount();
  });
});
