// The history panel and the back-office customers screen drawn at 80x24 by
// the real App (ink-testing-library): what the cashier and the manager see.
import { cleanup, render } from 'ink-testing-library';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sellable } from '../../src/core/catalog.js';
import type { Core } from '../../src/core/core.js';
import { addLine, setCustomer } from '../../src/core/ticket.js';
import { FilePrinter } from '../../src/drivers/receipt-printer.js';
import { App } from '../../src/screens/App.js';
import { makeTheme } from '../../src/screens/theme.js';
import { TillSession } from '../../src/screens/till-session.js';
import { newTestDb, type TestDb } from '../helpers/engines.js';
import { smallShop } from '../helpers/shop.js';
import { until } from '../helpers/until.js';

const SIZE = { columns: 80, rows: 24 };

describe('history and customers screens at 80x24', () => {
  let db: TestDb;
  let core: Core;

  beforeAll(async () => {
    db = newTestDb('sqlite');
    core = await db.core();
    const shop = await smallShop(core);
    const dupont = await core.customers.create({ code: '2900000000017', firstName: 'Hélène', lastName: 'Dupont', phone: '0612345678' });
    const t = setCustomer(addLine(addLine(core.tickets.create(), sellable(shop.wine), 2000), sellable(shop.nutella), 1000), dupont.id);
    await core.sales.complete(t, [{ method: 'card', amount: 3030 }], shop.cashier.id);
    await core.knex('account_entries').insert({ customer_id: dupont.id, amount: 4250, kind: 'on_account', created_at: new Date().toISOString() });
  });
  afterAll(async () => {
    cleanup();
    await core.close();
    await db.cleanup();
  });

  async function open() {
    const session = new TillSession(core, { printer: new FilePrinter(join(mkdtempSync(join(tmpdir(), 'pos-hr-')), 'r.txt')) });
    await session.start();
    const app = render(<App session={session} theme={makeTheme('none')} locale="fr" size={SIZE} now={() => new Date(2026, 10, 22, 10, 30)} bell={() => {}} />);
    const frame = () => app.lastFrame() ?? '';
    const type = async (raw: string) => {
      app.stdin.write(raw);
      await new Promise((r) => setTimeout(r, 5));
      await session.idle();
      if (session.backOffice) await session.backOffice.idle();
    };
    return { app, session, frame, type };
  }

  test("F4 draws the customer's sales in place of the grid, the chosen sale's lines below, the ticket still beside", async () => {
    const { app, session, frame, type } = await open();
    await type('1234\r');
    await type('2900000000017\r');
    await until(() => frame().includes('Hélène Dupont'), 'customer in header', 20_000);
    await type('\u001bOS');
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
    await type('\u0001o');
    app.unmount();
    await session.close();
  });

  test('the back office customers screen: list with balance, the form, the sales', async () => {
    const { app, session, frame, type } = await open();
    await type('1234\r');
    await type('\u001b[21~');
    await until(() => frame().includes('Clients'), 'back office menu', 20_000);
    await type('\u001b[B\u001b[B\r');
    await until(() => frame().includes('Recherche (nom, code, téléphone)'), 'customers list', 20_000);
    expect(frame()).toMatch(/Hélène Dupont\s+2900000000017\s+0612345678\s+Tous les clients\s+42,50 €/);
    await type('\r');
    await until(() => frame().includes('Modifier le client'), 'form', 20_000);
    expect(frame()).toContain('Découvert autorisé (€)');
    expect(frame()).toContain('Notes');
    expect(frame().split('\n').length).toBeLessThanOrEqual(23);
    await type('\u001b');
    await type('\u001bOS');
    await until(() => frame().includes('1 vente(s) · dépensé 30,30 € · solde du compte 42,50 €'), 'sales', 20_000);
    expect(frame()).toContain('Achats de Hélène Dupont');
    expect(frame().split('↑↓ PgPréc PgSuiv choisir une vente').length).toBe(2);
    app.unmount();
    await session.close();
  });
});
