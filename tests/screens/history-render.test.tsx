// The history panel and the back-office customers screen drawn at 80x24 by
// the real App (ink-testing-library): what the cashier and the manager see.
import { cleanup } from 'ink-testing-library';
import { sellable } from '../../src/core/catalogue/article.js';
import { addLine, setCustomer } from '../../src/core/sales/ticket.js';
import { renderApp } from '../helpers/render-app.js';
import { tillFixture } from '../helpers/shop.js';
import { until } from '../helpers/until.js';
import { CTRL_A, DOWN, ESC, F10, F4 } from '../helpers/key-codes.js';

describe('history and customers screens at 80x24', () => {
  afterAll(() => cleanup()); // declared first, so the apps unmount before the fixture closes the tills
  const fx = tillFixture();

  beforeAll(async () => {
    const dupont = await fx.core.customers.create({ code: '2900000000017', firstName: 'Hélène', lastName: 'Dupont', phone: '0612345678' });
    const t = setCustomer(addLine(addLine(fx.core.tickets.create(), sellable(fx.shop.wine), 2000), sellable(fx.shop.nutella), 1000), dupont.id);
    await fx.core.sales.complete(t, [{ method: 'card', amount: 3030 }], fx.shop.cashier.id);
    await fx.core.knex('account_entries').insert({ customer_id: dupont.id, amount: 4250, kind: 'on_account', created_at: new Date().toISOString() });
  });

  const open = async () => renderApp((await fx.till()).session);

  test("F4 draws the customer's sales in place of the grid, the chosen sale's lines below, the ticket still beside", async () => {
    const { app, frame, type } = await open();
    await type('1234\r');
    await type('2900000000017\r');
    await until(() => frame().includes('Hélène Dupont'), 'customer in header', 20_000);
    await type(F4);
    await until(() => frame().includes('Achats de Hélène Dupont'), 'history panel', 20_000);
    const f = frame();
    expect(f).toMatch(/n° 1 {2}2 l\.\s+30,30 €/);
    expect(f).toMatch(/2 Bordeaux Supérieur 2022\s+25,80/);
    expect(f).toContain('↑↓ choisir · Entrée copier · Échap fermer');
    expect(f).toContain('TICKET');
    expect(f.split('\n').length).toBeLessThanOrEqual(23);
    await type('\r');
    await until(() => frame().includes('Vente n° 1 recopiée'), 'copied', 20_000);
    expect(frame()).toContain('TOTAL                  30,30 €');
    await type(`${CTRL_A}o`);
    app.unmount();
  });

  test('the back office customers screen: list with balance, the form, the sales', async () => {
    const { app, frame, type } = await open();
    await type('1234\r');
    await type(F10);
    await until(() => frame().includes('Clients'), 'back office menu', 20_000);
    await type(`${DOWN}${DOWN}\r`);
    await until(() => frame().includes('Recherche (nom, code, téléphone)'), 'customers list', 20_000);
    expect(frame()).toMatch(/Hélène Dupont\s+2900000000017\s+0612345678\s+Tous les clients\s+42,50 €/);
    await type('\r');
    await until(() => frame().includes('Modifier le client'), 'form', 20_000);
    expect(frame()).toContain('Découvert autorisé (€)');
    expect(frame()).toContain('Notes');
    expect(frame().split('\n').length).toBeLessThanOrEqual(23);
    await type(ESC);
    await type(F4);
    await until(() => frame().includes('1 vente(s) · dépensé 30,30 € · solde du compte 42,50 €'), 'sales', 20_000);
    expect(frame()).toContain('Achats de Hélène Dupont');
    expect(frame().split('↑↓ PgPréc PgSuiv choisir une vente').length).toBe(2);
    app.unmount();
  });
});
