// The back-office articles and categories screens drawn at 80x24 by the real
// App (ink-testing-library): the list, the whole form on one screen, the tabs.
import { cleanup, render } from 'ink-testing-library';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Core } from '../../src/core/core.js';
import { FilePrinter } from '../../src/drivers/receipt-printer.js';
import { App } from '../../src/screens/App.js';
import { makeTheme } from '../../src/screens/theme.js';
import { TillSession } from '../../src/screens/till-session.js';
import { newTestDb, type TestDb } from '../helpers/engines.js';
import { smallShop } from '../helpers/shop.js';
import { until } from '../helpers/until.js';

const SIZE = { columns: 80, rows: 24 };

describe('articles screens at 80x24', () => {
  let db: TestDb;
  let core: Core;

  beforeAll(async () => {
    db = newTestDb('sqlite');
    core = await db.core();
    await smallShop(core);
  });
  afterAll(async () => {
    cleanup();
    await core.close();
    await db.cleanup();
  });

  test('list, form and categories fit the screen', async () => {
    const session = new TillSession(core, { printer: new FilePrinter(join(mkdtempSync(join(tmpdir(), 'pos-ar-')), 'r.txt')) });
    await session.start();
    const app = render(<App session={session} theme={makeTheme('none')} locale="fr" size={SIZE} now={() => new Date(2026, 10, 22, 10, 30)} bell={() => {}} />);
    const frame = () => app.lastFrame() ?? '';
    const type = async (raw: string) => {
      app.stdin.write(raw);
      await new Promise((r) => setTimeout(r, 5));
      await session.idle();
      if (session.backOffice) await session.backOffice.idle();
    };
    await type('1234\r');
    await type('\u001b[21~');
    await until(() => frame().includes('Articles'), 'back office menu', 20_000);
    expect(frame()).not.toMatch(/Articles.*prochaine version/);
    await type('\r');
    await until(() => frame().includes('Recherche (nom, PLU, code-barres) [toutes les catégories]'), 'articles list', 20_000);
    expect(frame()).toMatch(/101\s+Pâte à tartiner noisette\s+Épicerie\s+4,50 €\s+20/);
    expect(frame()).toMatch(/10001\s+Comté 18 mois\s+Épicerie\s+32,90 €\s+5,000 kg/);
    expect(frame()).toContain('Entrée modifier · Inser nouveau · F3 catégorie');
    await type('comt\r');
    await until(() => frame().includes("Modifier l'article"), 'form', 20_000);
    expect(frame()).toMatch(/Vente \(unit ou kg\)\s+kg/);
    expect(frame()).toMatch(/En vente \(oui\/non\)\s+oui/);
    expect(frame().split('\n').length).toBeLessThanOrEqual(24);
    await type('\u001b');
    await type('\u001bOQ');
    await until(() => frame().includes('Couleur'), 'categories', 20_000);
    expect(frame()).toMatch(/1\s+Épicerie\s+yellow/);
    expect(frame()).toMatch(/2\s+Cave\s+magenta/);
    app.unmount();
    await session.close();
  });
});
