// --lang en: every screen of the till speaks English. Each screen is drawn at
// 80x24 and searched for French tell-tales (words, accents) once the shop's
// own data (article, category, staff, customer, group and shop names) is
// taken out: those stay as the shop typed them.
import { cleanup, render } from 'ink-testing-library';
import { bigText } from '../../src/screens/big-digits.js';
import { App } from '../../src/screens/App.js';
import { makeTheme } from '../../src/screens/theme.js';
import type { TillSession } from '../../src/till/session.js';
import { tillFixture } from '../helpers/shop.js';
import { BACKSPACE, CTRL_A, CTRL_V, DELETE, DOWN, ESC, F1, F12, F2, F4, F5, PGDN, TAB } from '../helpers/key-codes.js';

/** Words and letters that only French leaves on a screen. */
const FRENCH = [
  'Caisse', 'Annuler', 'Échap', 'Suppr', 'Client', 'Remise', 'Payer', 'Entrée', 'Aucun', 'Ticket vide', 'dont TVA', 'Recherche',
  'Attente', 'Quitter', 'Rendu', 'RENDU', 'ENCAISSEMENT', 'À PAYER', 'Reste', 'Espèces', 'Chèque', 'Carte bancaire', 'Imprimante', 'Base OK',
  'Tiroir', 'Prénom', 'Téléphone', 'Nouveau', 'ÉPUISÉ', 'reste ', 'n°', 'Vente', 'enregistrée', 'Touches', 'Aide', 'Grille',
  'Code PIN', 'Tapez', 'pointer', ' : ', '« ', ' »',
  'é', 'è', 'ê', 'à', 'ù', 'ç', 'ô', 'î', 'É', 'À',
];

const plain = (frame: string) => frame.replace(/\u001b\[[0-9;]*m/g, '');

describe('--lang en: no French left on the till screens', () => {
  const fx = tillFixture();
  afterEach(cleanup);
  let dataWords: Set<string>;

  beforeAll(async () => {
    await fx.core.customers.create({ code: '2900000000017', firstName: 'Hélène', lastName: 'Dupont', phone: '0612345678' });
    const names: string[] = [
      ...(await fx.core.knex('articles').select('name')).map((r) => String(r.name)),
      ...(await fx.core.knex('categories').select('name')).map((r) => String(r.name)),
      ...(await fx.core.knex('employees').select('name')).map((r) => String(r.name)),
      ...(await fx.core.knex('customer_groups').select('name')).map((r) => String(r.name)),
      'Hélène', 'Dupont',
      (await fx.core.settings.all())['shop.name'],
    ];
    dataWords = new Set(names.flatMap((n) => n.split(/\s+/)).filter(Boolean));
  });

  /** The frame without the shop's data words (whole words, wherever a grid cell wrapped them). */
  const withoutData = (frame: string) =>
    plain(frame)
      .split('\n')
      .map((row) => row.split(/(\s+)/).map((w) => (dataWords.has(w.replace(/[()…,]/g, '')) ? '' : w)).join(''))
      .join('\n');

  function expectEnglish(frame: string, screen: string): void {
    const text = withoutData(frame);
    const found = FRENCH.filter((w) => text.includes(w));
    expect({ screen, found, text }).toEqual({ screen, found: [], text });
  }

  async function open(): Promise<{ s: TillSession; type: (raw: string) => Promise<void>; frame: () => string }> {
    const { session: s } = await fx.till({ locale: 'en' });
    const app = render(<App session={s} theme={makeTheme('none')} locale="en" size={{ columns: 80, rows: 24 }} now={() => new Date(2026, 10, 22, 10, 30)} bell={() => {}} />);
    const type = async (raw: string) => {
      app.stdin.write(raw);
      await new Promise((r) => setTimeout(r, 5));
      await s.idle();
    };
    return { s, type, frame: () => app.lastFrame() ?? '' };
  }

  test('login, sale, help (every page), search, parked, payment, change, cancel and PIN prompts', async () => {
    const { s, type, frame } = await open();
    expectEnglish(frame(), 'login');
    expect(plain(frame())).toContain('Till 1');
    await type('0000\r');
    expectEnglish(frame(), 'sale, empty ticket');
    await type('101\r201\r');
    expectEnglish(frame(), 'sale with lines');
    expect(plain(frame())).toContain('Customer: no customer');
    await type(TAB);
    expectEnglish(frame(), 'ticket focused');
    await type(TAB);
    await type(F1);
    expectEnglish(frame(), 'help page 1');
    await type(PGDN);
    expectEnglish(frame(), 'help page 2');
    await type(ESC);
    await type('bo');
    expect(s.getState().search).not.toBeNull();
    expectEnglish(frame(), 'search results');
    await type(ESC);
    await type('xyzzy');
    expectEnglish(frame(), 'search, nothing found');
    await type(ESC);
    await type(DELETE);
    expect(s.getState().screen).toBe('manager-pin');
    expectEnglish(frame(), 'manager PIN prompt');
    await type('0000\r');
    expectEnglish(frame(), 'PIN refused');
    await type(ESC);
    await type(CTRL_A);
    await type('1234\r');
    expect(s.getState().screen).toBe('confirm-cancel');
    expectEnglish(frame(), 'cancel the ticket?');
    await type('n');
    await type(F5);
    expectEnglish(frame(), 'ticket parked');
    await type(F5);
    expect(s.getState().screen).toBe('parked');
    expectEnglish(frame(), 'parked tickets');
    await type('\r');
    await type(F12);
    expect(s.getState().screen).toBe('payment');
    expectEnglish(frame(), 'payment');
    // The big digits write the amount as the text does: €17.40, with a point.
    const due = bigText('€17.40')!;
    expect(plain(frame())).toContain(due[0]);
    expect(plain(frame())).toContain(due[2]);
    await type('20e');
    expect(s.getState().lastSale).not.toBeNull();
    expectEnglish(frame(), 'sale done, change');
    expect(plain(frame())).toContain(bigText('€2.60')![2]);
  });

  test('customer search, new customer form, history, account payment', async () => {
    const { s, type, frame } = await open();
    await type('0000\r');
    await type(F2);
    expect(s.getState().screen).toBe('customer');
    expectEnglish(frame(), 'customer search, empty');
    await type('zzz');
    expectEnglish(frame(), 'customer search, nobody');
    await type(`${BACKSPACE}${BACKSPACE}${BACKSPACE}`);
    await type('dupont');
    await new Promise((r) => setTimeout(r, 50));
    await s.idle();
    expectEnglish(frame(), 'customer search, found');
    await type('\r');
    expect(s.getState().customer).not.toBeNull();
    expectEnglish(frame(), 'sale with a customer');
    // A first purchase, so the history has something to show.
    await type('101\r');
    await type(F12);
    await type('5e');
    expect(s.getState().lastSale).not.toBeNull();
    if (!s.getState().customer) {
      await type(F2);
      await type('dupont');
      await new Promise((r) => setTimeout(r, 50));
      await s.idle();
      await type('\r');
    }
    expect(s.getState().customer).not.toBeNull();
    await type(F4);
    expect(s.getState().screen).toBe('history');
    expectEnglish(frame(), 'history');
    await type(ESC);
    await type(CTRL_V);
    if (s.getState().screen === 'manager-pin') await type('1234\r');
    expect(s.getState().screen).toBe('account-payment');
    expectEnglish(frame(), 'account payment');
    await type(ESC);
    await type(F2);
    await type('Newname');
    await new Promise((r) => setTimeout(r, 50));
    await s.idle();
    // Down to "+ Add … as a new customer", Enter opens the form.
    for (let i = 0; i < 5 && s.getState().screen === 'customer' && !s.getState().newCustomer; i++) await type(`${DOWN}\r`);
    expect(s.getState().newCustomer).not.toBeNull();
    expectEnglish(frame(), 'new customer form');
  });
});
