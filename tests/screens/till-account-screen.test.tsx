// The customer account drawn at 80x24: what the customer owes and their store
// credit in the header, the "Versement sur compte" panel, K on the payment screen.
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

describe('the customer account on screen', () => {
  let db: TestDb;
  let core: Core;

  beforeAll(async () => {
    db = newTestDb('sqlite');
    core = await db.core();
    const shop = await smallShop(core);
    const lou = await core.customers.create({ code: '2900000000048', firstName: 'Lou', lastName: 'Marchand', overdraftLimit: 5000 });
    const ticket = setCustomer(addLine(core.tickets.create(), sellable(shop.wine), 1000), lou.id);
    await core.sales.complete(ticket, [{ method: 'account', amount: 1290 }], shop.cashier.id);
    await core.vouchers.issue({ kind: 'credit_note', amount: 500, customerId: lou.id });
  });
  afterAll(async () => {
    cleanup();
    await core.close();
    await db.cleanup();
  });

  test('header badge, Ctrl+V panel and the K tender fit 80x24', async () => {
    const session = new TillSession(core, { printer: new FilePrinter(join(mkdtempSync(join(tmpdir(), 'pos-acct-scr-')), 'r.txt')) });
    await session.start();
    const app = render(<App session={session} theme={makeTheme('none')} locale="fr" size={{ columns: 80, rows: 24 }} now={() => new Date(2026, 10, 22, 10, 30)} bell={() => {}} />);
    const frame = () => app.lastFrame() ?? '';
    const type = async (raw: string) => {
      app.stdin.write(raw);
      await new Promise((r) => setTimeout(r, 5));
      await session.idle();
    };
    await type('0000\r');
    await type('2900000000048\r');
    await until(() => frame().includes('doit 12,90 €'), 'the balance in the header');
    expect(frame()).toContain('Avoir 5,00 €');
    await type('\u0016');
    await until(() => frame().includes('VERSEMENT SUR COMPTE'), 'the payment on account panel');
    expect(frame()).toContain('E espèces');
    await type('\u001b');
    await type('201\r');
    await type('\u0014');
    await until(() => frame().includes('ENCAISSEMENT'), 'the payment screen');
    const shown = frame();
    expect(shown).toContain(' K ');
    expect(shown).toContain('En compte');
    for (const line of frame().split('\n')) expect(line.length).toBeLessThanOrEqual(80);
    expect(frame().split('\n').length).toBeLessThanOrEqual(24);
    app.unmount();
    await session.close();
  });
});
