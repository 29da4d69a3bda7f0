// Nothing the cashier must read is cut at 80x24: the VAT per rate (three
// rates), a refusal on the status bar (the device summary gives way), and the
// F1 help in French and English (paged, with its page number).
import { cleanup, render } from 'ink-testing-library';
import { formatMoney } from '../../src/core/basics/money.js';
import { DEFAULT_KEY_MAP } from '../../src/core/shop/key-map.js';
import { formatRate } from '../../src/core/catalogue/vat.js';
import { StatusBar } from '../../src/screens/components/StatusBar.js';
import { helpEntries, HelpScreen } from '../../src/screens/HelpScreen.js';
import { translator } from '../../src/screens/i18n.js';
import { textWidth } from '../../src/screens/layout.js';
import { makeTheme } from '../../src/screens/theme.js';
import { renderApp } from '../helpers/render-app.js';
import { tillFixture } from '../helpers/shop.js';
import { DELETE, ESC, F1, PGDN } from '../helpers/key-codes.js';


const plain = (frame: string) => frame.replace(/\u001b\[[0-9;]*m/g, '');

/** Every row at most 80 columns wide. */
function expectFits(frame: string, width = 80): void {
  for (const row of plain(frame).split('\n')) expect({ row, width: textWidth(row) }).toEqual({ row, width: Math.min(textWidth(row), width) });
}

describe('80x24: nothing to read is cut', () => {
  const fx = tillFixture();
  // A failed expectation leaves its screen mounted: unmount it, or Jest never exits.
  afterEach(cleanup);

  test('three VAT rates: every rate and its amount whole under the total', async () => {
    const rate = await fx.core.taxRates.create({ code: 'B', label: 'TVA 10 %', rateBp: 1000 });
    const category = (await fx.core.categories.visible())[0]!;
    await fx.core.catalog.createArticle({ plu: '555', name: 'Plat du jour', categoryId: category.id, price: 1450, taxRateId: rate.id, initialStock: 10000 });
    const { session: s } = await fx.till({ pin: '0000' });
    const { frame, type, app } = renderApp(s);
    await type('101\r201\r555\r');
    expect(s.getState().totals.vat).toHaveLength(3);
    const screen = plain(frame());
    expectFits(screen);
    for (const v of s.getState().totals.vat) expect(screen).toContain(`${formatRate(v.rateBp, 'fr')} ${formatMoney(v.tax, 'fr', { symbol: false })}`);
    const vatRows = screen.split('\n').filter((r) => /dont TVA| % /.test(r) && !/Ticket|TICKET/.test(r));
    expect(vatRows.join('\n')).not.toContain('…');
    app.unmount();
  });

  test('a refusal on the status bar is whole: the device summary gives way', async () => {
    const { session: s } = await fx.till({ pin: '0000' });
    const { frame, type, app } = renderApp(s);
    await type('101\r');
    await type(DELETE);
    expect(s.getState().screen).toBe('manager-pin');
    await type('0000\r');
    const refusal = s.getState().message?.text ?? '';
    expect(refusal).toContain('« Annuler une ligne » demande un responsable');
    const screen = plain(frame());
    expectFits(screen);
    expect(screen).toContain(refusal);
    app.unmount();
    // Once the message is gone, the devices show again.
    const bar = render(<StatusBar printer={s.getState().printer} databaseOk message={null} width={80} theme={makeTheme('none')} t={translator('fr')} />);
    expect(bar.lastFrame()).toContain('Imprimante OK');
    bar.unmount();
  });

  test('a long message beside a long device summary: the message wins, whole', () => {
    const t = translator('fr');
    const text = t('sale.approvalRefused', { action: t('perm.void_line'), role: t('role.manager') });
    const bar = render(
      <StatusBar
        printer={{ description: 'tcp://192.168.1.50:9100', ok: false, error: 'connexion refusée', queued: 2, drawerOpen: false }}
        databaseOk
        scanner={{ connected: true }}
        message={{ text, kind: 'error' }}
        width={80}
        theme={makeTheme('none')}
        t={t}
      />,
    );
    expect(plain(bar.lastFrame() ?? '')).toContain(text);
    expect(plain(bar.lastFrame() ?? '')).not.toContain('…');
    bar.unmount();
  });

  for (const locale of ['fr', 'en'] as const) {
    test(`F1 help in ${locale}: every key and label whole, page by page, with the page number`, () => {
      const t = translator(locale);
      const seen: string[] = [];
      let pages = 0;
      for (let page = 0; page < 5; page++) {
        const help = render(<HelpScreen width={80} height={23} t={t} locale={locale} keys={DEFAULT_KEY_MAP} page={page} />);
        const screen = plain(help.lastFrame() ?? '');
        help.unmount();
        expectFits(screen);
        expect(screen).not.toContain('…');
        expect(screen.split('\n').length).toBeLessThanOrEqual(23);
        const indicator = /page (\d)\/(\d)/.exec(screen);
        expect(indicator).not.toBeNull();
        pages = Number(indicator![2]);
        if (page < pages) seen.push(screen);
      }
      expect(pages).toBeGreaterThan(1);
      const all = seen.join('\n');
      for (const [key, label] of helpEntries(t, DEFAULT_KEY_MAP, locale)) {
        expect(all).toContain(key);
        expect(all).toContain(label);
      }
    });
  }

  test('F1 then PgSuiv turns the page in the till, Échap closes', async () => {
    const { session: s } = await fx.till({ pin: '0000' });
    const { frame, type, app } = renderApp(s);
    await type(F1);
    expect(plain(frame())).toContain('page 1/');
    await type(PGDN);
    expect(plain(frame())).toContain('page 2/');
    await type(ESC);
    expect(s.getState().screen).toBe('sale');
    app.unmount();
  });
});
