// The till's login screen is drawn before its database is open; what the
// cashier types meanwhile is kept and signs in once the session has started.
import { cleanup, render } from 'ink-testing-library';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FilePrinter } from '../../src/drivers/receipt-printer.js';
import { makeTheme } from '../../src/screens/theme.js';
import { TillRoot } from '../../src/screens/TillRoot.js';
import { TillStart } from '../../src/screens/till-start.js';
import { TillSession } from '../../src/till/session.js';
import { until } from '../helpers/until.js';
import { coreFixture } from '../helpers/shop.js';

describe('the till starting', () => {
  const fx = coreFixture('sqlite');
  const sessions: TillSession[] = [];
  afterEach(() => cleanup());
  afterAll(async () => {
    for (const s of sessions) await s.close();
  });

  for (const [locale, opening, header] of [['fr', 'Ouverture de la base…', 'Caisse 1'], ['en', 'Opening the database…', 'Till 1']] as const) {
    test(`draws the login screen at once and keeps the PIN typed while the database opens (${locale})`, async () => {
      const start = new TillStart();
      let quit = false;
      const app = render(<TillRoot start={start} theme={makeTheme('none')} locale={locale} tillId={1} onExit={() => (quit = true)} />);
      const frame = () => app.lastFrame() ?? '';
      await until(() => frame().includes(opening), 'the opening message');
      const lines = frame().split('\n');
      expect(lines[0]!.trim()).toBe(header); // no shop name yet, and no stray separator
      expect(lines.filter((l) => !l.includes(opening)).some((l) => l.includes('…') || l.length > 80)).toBe(false);

      app.stdin.write('0000');
      app.stdin.write('\r');
      const session = new TillSession(fx.core, { printer: new FilePrinter(join(mkdtempSync(join(tmpdir(), 'pos-start-')), 'r.txt')), locale });
      sessions.push(session);
      await session.start();
      expect(session.getState().screen).toBe('login'); // nothing reached it before it started
      start.ready(session);
      await until(() => session.getState().employee?.id === fx.shop.cashier.id, 'the kept PIN signed in');
      await until(() => frame().includes('TICKET'), 'the sale screen');
      expect(quit).toBe(false);
    });
  }

  test('Ctrl+C while it starts quits, as on the login screen', async () => {
    const start = new TillStart();
    let quit = false;
    const app = render(<TillRoot start={start} theme={makeTheme('none')} locale="fr" tillId={1} onExit={() => (quit = true)} />);
    await until(() => (app.lastFrame() ?? '').includes('Ouverture de la base…'), 'the opening message');
    app.stdin.write('\u0003');
    await until(() => quit, 'the program told to quit');
  });

  test('says when it creates the demo shop', async () => {
    const start = new TillStart();
    const app = render(<TillRoot start={start} theme={makeTheme('none')} locale="fr" tillId={2} onExit={() => undefined} />);
    start.busyWith('seeding');
    await until(() => (app.lastFrame() ?? '').includes('Création de la boutique de démo…'), 'the seeding message');
    expect((app.lastFrame() ?? '').split('\n')[0]!.trim()).toBe('Caisse 2');
  });
});
