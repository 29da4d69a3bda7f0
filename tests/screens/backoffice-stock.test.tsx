// The back office's stock screens on a real SQLite file, driven by keys as a
// person (and a scanner) would: goods received, a loss, an inventory count
// with its differences shown then posted, a refused quantity changing
// nothing, and the low-stock list drawn at 80x24.
import { render } from 'ink-testing-library';
import { BackOfficeScreen } from '../../src/screens/backoffice/BackOfficeScreen.js';
import { BackOfficeSession, MENU } from '../../src/screens/backoffice/backoffice-session.js';
import { STOCK_MODES } from '../../src/screens/backoffice/stock-screen.js';
import { decodeKeys } from '../../src/screens/keys.js';
import { makeTheme } from '../../src/screens/theme.js';
import { coreFixture } from '../helpers/shop.js';
import { CTRL_S, DOWN, ESC, F2 } from '../helpers/key-codes.js';

describe('back office stock screens', () => {
  const fx = coreFixture();
  const type = async (s: BackOfficeSession, raw: string) => {
    for (const event of decodeKeys(raw)) await s.feed([event]);
  };
  const openMode = async (mode: (typeof STOCK_MODES)[number]) => {
    const s = new BackOfficeSession(fx.core, fx.shop.manager);
    await type(s, DOWN.repeat(MENU.indexOf('stock')) + '\r');
    expect(s.getState().view).toBe('stock');
    await type(s, DOWN.repeat(STOCK_MODES.indexOf(mode)) + '\r');
    expect(s.getState().stock!.view).toBe(mode);
    return s;
  };
  const inStep = async (articleId: number) => {
    const kept = await fx.core.stock.quantity(articleId);
    expect(kept).toBe(await fx.core.stock.ledgerQuantity(articleId));
    return kept;
  };

  test('receiving goods: a typed PLU, then a scanned barcode, each with its quantity', async () => {
    const s = await openMode('receive');
    await type(s, '10001\r');
    expect(s.getState().message?.text).toBe('Comté 18 mois : stock 5,000 kg · quantité reçue ?');
    await type(s, '1,5\r');
    expect(s.getState().message).toEqual({ text: 'Comté 18 mois : +1,500 kg reçu(s), stock 6,500 kg', kind: 'success' });
    await s.feed([{ type: 'text', text: '3017620422003' }]); // a serial scan arrives whole, without Enter
    expect(s.getState().stock!.article?.name).toBe('Pâte à tartiner noisette');
    await type(s, '12\r');
    expect(await inStep(fx.shop.nutella.id)).toBe(32000);
    expect(await inStep(fx.shop.comte.id)).toBe(6500);
    const moves = await fx.core.stock.moves(fx.shop.comte.id);
    expect(moves.at(-1)).toMatchObject({ reason: 'receipt', quantity: 1500, employeeName: 'Marc Gérant' });
  });

  test('a refused quantity or code changes nothing; a loss takes stock off with its reason', async () => {
    const s = await openMode('adjust');
    await type(s, '999\r');
    expect(s.getState().message).toEqual({ text: 'Code inconnu : 999', kind: 'error' });
    await type(s, '201\r1,5\r');
    expect(s.getState().message?.kind).toBe('error');
    expect(await inStep(fx.shop.wine.id)).toBe(12000);
    expect(s.getState().stock!.input).toBe('1,5'); // kept, to be corrected
    await type(s, ESC);
    expect(s.getState().stock!.step).toBe('code');
    await type(s, '201\r');
    await type(s, F2);
    expect(s.getState().stock!.reason).toBe('loss');
    await type(s, '2\r');
    expect(s.getState().message?.text).toBe('Bordeaux Supérieur 2022 : -2 (perte), stock 10');
    expect((await fx.core.stock.moves(fx.shop.wine.id)).at(-1)).toMatchObject({ reason: 'loss', quantity: -2000 });
  });

  test('an inventory count shows each difference, then Ctrl+S posts them as count moves', async () => {
    const s = await openMode('count');
    await type(s, '101\r30\r');
    await type(s, '201\r0\r');
    await type(s, '10001\r6,500\r');
    expect(s.getState().stock!.countLines.map((l) => [l.name, l.expected, l.counted, l.difference])).toEqual([
      ['Pâte à tartiner noisette', 32000, 30000, -2000],
      ['Bordeaux Supérieur 2022', 10000, 0, -10000],
      ['Comté 18 mois', 6500, 6500, 0],
    ]);
    const ui = render(<BackOfficeScreen session={s} width={80} height={23} theme={makeTheme('none')} locale="fr" shopName="Épicerie" />);
    const frame = ui.lastFrame()!;
    ui.unmount();
    expect(frame).toMatch(/Bordeaux Supérieur 2022 +10 +0 +-10/);
    expect(frame).toContain('Ctrl+S valider');
    // nothing moves before posting
    expect(await inStep(fx.shop.nutella.id)).toBe(32000);
    await type(s, ESC);
    expect(s.getState().message?.text).toContain('Échap encore pour l\'abandonner');
    await type(s, CTRL_S);
    expect(s.getState().message).toEqual({ text: 'Inventaire validé : 3 article(s) compté(s), 2 écart(s) passé(s) en stock', kind: 'success' });
    expect(s.getState().stock!.view).toBe('menu');
    expect(await inStep(fx.shop.nutella.id)).toBe(30000);
    expect(await inStep(fx.shop.wine.id)).toBe(0);
    expect((await fx.core.stock.moves(fx.shop.wine.id)).at(-1)).toMatchObject({ reason: 'count', quantity: -10000, employeeName: 'Marc Gérant' });
  });

  test('the low-stock list at 80x24', async () => {
    const s = await openMode('low');
    expect(s.getState().stock!.low.map((r) => r.name)).toEqual(['Bordeaux Supérieur 2022']);
    const ui = render(<BackOfficeScreen session={s} width={80} height={23} theme={makeTheme('none')} locale="fr" shopName="Épicerie" />);
    const frame = ui.lastFrame()!;
    ui.unmount();
    expect(frame).toMatch(/Bordeaux Supérieur 2022 +0 +3 +0/);
    expect(frame.split('\n').every((l) => l.length <= 80)).toBe(true);
    await type(s, ESC);
    await type(s, ESC);
    expect(s.getState().view).toBe('menu');
  });
});
