// The back-office articles and categories screens drawn at 80x24 by the real
// App (ink-testing-library): the list, the whole form on one screen, the tabs.
import { cleanup } from 'ink-testing-library';
import { renderApp } from '../helpers/render-app.js';
import { tillFixture } from '../helpers/shop.js';
import { until } from '../helpers/until.js';
import { ESC, F10, F2 } from '../helpers/key-codes.js';

describe('articles screens at 80x24', () => {
  afterAll(() => cleanup()); // declared first, so the apps unmount before the fixture closes the tills
  const fx = tillFixture();

  test('list, form and categories fit the screen', async () => {
    const { session } = await fx.till();
    const { app, frame, type } = renderApp(session);
    await type('1234\r');
    await type(F10);
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
    await type(ESC);
    await type(F2);
    await until(() => frame().includes('Couleur'), 'categories', 20_000);
    expect(frame()).toMatch(/1\s+Épicerie\s+yellow/);
    expect(frame()).toMatch(/2\s+Cave\s+magenta/);
    app.unmount();
  });
});
