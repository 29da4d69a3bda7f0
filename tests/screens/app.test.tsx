// Component tests: the real App over a real session and SQLite file, drawn by
// ink-testing-library, keys written to its stdin as a terminal would send them.
import { cleanup, render } from 'ink-testing-library';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Core } from '../../src/core/shop/core.service.js';
import { FilePrinter } from '../../src/drivers/receipt-printer.js';
import { App } from '../../src/screens/App.js';
import { makeTheme } from '../../src/screens/theme.js';
import { TillSession } from '../../src/till/session.js';
import { newTestDb, type TestDb } from '../helpers/engines.js';
import { smallShop } from '../helpers/shop.js';
import { BACKSPACE, CTRL_A, ESC, F1, F12 } from '../helpers/key-codes.js';

const SIZE = { columns: 80, rows: 24 };

async function waitFor(check: () => boolean, what: string, frame: () => string, timeout = 20_000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeout) throw new Error(`timed out waiting for ${what}; the screen was:\n${frame()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('till screens', () => {
  let db: TestDb;
  let core: Core;

  beforeAll(async () => {
    db = newTestDb('sqlite');
    core = await db.core();
    await smallShop(core);
    const grocery = (await core.categories.visible())[0]!;
    const rate = (await core.taxRates.list())[0]!;
    await core.catalog.createArticle({ plu: '301', name: 'Miel rare', categoryId: grocery.id, price: 990, taxRateId: rate.id, initialStock: 3000, minStock: 5000, gridPosition: 3 });
    await core.catalog.createArticle({ plu: '302', name: 'Truffe noire', categoryId: grocery.id, price: 4990, taxRateId: rate.id, initialStock: 0, minStock: 1000, gridPosition: 4 });
  });
  afterEach(async () => {
    cleanup();
    // Each test starts from an empty ticket whatever happened in the previous one.
    const open = await core.tickets.restore();
    if (open) await core.tickets.discard(open.id);
  });
  /** every session the tests open, closed (timers stopped) before the core */
  const sessions: TillSession[] = [];
  afterAll(async () => {
    for (const session of sessions) await session.close();
    await core.close();
    await db.cleanup();
  });

  async function open() {
    const receipts = join(mkdtempSync(join(tmpdir(), 'pos-app-')), 'receipts.txt');
    const session = new TillSession(core, { printer: new FilePrinter(receipts) });
    sessions.push(session);
    await session.start();
    const bells = { count: 0 };
    const app = render(
      <App session={session} theme={makeTheme('none')} locale="fr" size={SIZE} now={() => new Date(2026, 10, 22, 10, 30)} bell={() => (bells.count += 1)} />,
    );
    const frame = () => app.lastFrame() ?? '';
    const type = async (raw: string) => {
      app.stdin.write(raw);
      await new Promise((r) => setTimeout(r, 5));
      await session.idle();
    };
    return { app, session, frame, type, bells };
  }

  test('login screen masks the PIN and names no employee', async () => {
    const { app, frame, type } = await open();
    expect(frame()).toContain('Code PIN');
    await type('12');
    await waitFor(() => frame().includes('••'), 'masked PIN', frame);
    expect(frame()).not.toContain('12');
    expect(frame()).not.toContain('Léa');
    await type(`${BACKSPACE}${BACKSPACE}9999\r`);
    await waitFor(() => frame().includes('Code incorrect'), 'wrong PIN message', frame);
    app.unmount();
  });

  test('the grid shows the category, names and prices; low stock in big digits; out of stock marked', async () => {
    const { app, frame, type } = await open();
    await type('0000\r');
    await waitFor(() => frame().includes('TICKET'), 'sale screen', frame);
    const f = frame();
    expect(f).toContain('Épicerie');
    expect(f).toContain('4,50 €');
    expect(f).toContain('32,90 €/kg');
    // "Miel rare" has 3 left, below its minimum of 5: block digits for 3.
    expect(f).toContain('Miel rare');
    expect(f).toContain('▀▀█');
    expect(f).toContain(' ▀█');
    expect(f).toContain('ÉPUISÉ');
    expect(f.split('\n').length).toBeLessThanOrEqual(23);
    app.unmount();
  });

  test('a scanner burst on the input line becomes a ticket line at once', async () => {
    const { app, frame, type } = await open();
    await type('0000\r');
    await type('3017620422003\r3*201\r');
    await waitFor(() => frame().includes('43,20 €'), 'total', frame);
    expect(frame()).toContain('Pâte à tartiner');
    expect(frame()).toContain('3 Bordeaux');
    expect(frame()).toContain('Pâte à tartiner noisette ajouté'.slice(0, 10));
    await type(`${CTRL_A}1234\ro`);
    app.unmount();
  });

  test('an unknown code says so and leaves the ticket alone', async () => {
    const { app, frame, type, bells } = await open();
    await type('0000\r');
    await type('201\r');
    await waitFor(() => frame().includes('12,90 €'), 'one line', frame);
    await type('4006381333931\r');
    await waitFor(() => frame().includes('Code inconnu : 4006381333931'), 'unknown code', frame);
    expect(frame()).toContain('TOTAL                  12,90 €');
    expect(bells.count).toBe(1);
    await type(`${CTRL_A}1234\ro`);
    app.unmount();
  });

  test('F1 shows every key, Esc goes back; F12 opens the payment with the amount in big digits', async () => {
    const { app, frame, type } = await open();
    await type('0000\r');
    await type(F1);
    await waitFor(() => frame().includes('Touches de la caisse'), 'help', frame);
    expect(frame()).toContain('F12 / Ctrl+T');
    await type(ESC);
    await waitFor(() => frame().includes('TICKET'), 'back to sale', frame);
    await type(`201\r${F12}`);
    await waitFor(() => frame().includes('ENCAISSEMENT'), 'payment', frame);
    expect(frame()).toContain('À PAYER');
    expect(frame()).toContain('▀█  ▀▀█'); // "12" of 12,90 in block digits
    await type('20e');
    await waitFor(() => frame().includes('RENDU'), 'change', frame);
    expect(frame()).toMatch(/Vente n° \d+ enregistrée/);
    app.unmount();
  });

  test('returns show in the ticket with a minus sign', async () => {
    const { app, frame, type } = await open();
    await type('0000\r');
    await type('-201\r');
    await type('1234\r'); // a refund: the manager approves
    await waitFor(() => frame().includes('-12,90'), 'return line', frame);
    expect(frame()).toContain('-1 Bordeaux');
    await type(`${CTRL_A}1234\ro`);
    app.unmount();
  });
});
