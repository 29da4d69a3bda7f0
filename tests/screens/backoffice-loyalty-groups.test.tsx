// The back office's « Fidélité » and « Groupes de clients » screens and the
// customer profile, on a real SQLite file, driven by keys and drawn at 80x24:
// a threshold change previewed with its effect on the cards in progress, Esc
// changing nothing, Enter applying it audited under the manager; a cashier
// refused; groups created, edited, refused removal while used; the profile
// with balance, loyalty card and store credit. French and English.
import { render } from 'ink-testing-library';
import type { Customer } from '../../src/core/customers/customers.service.js';
import type { Employee } from '../../src/core/staff/staff.js';
import { BackOfficeScreen } from '../../src/screens/backoffice/BackOfficeScreen.js';
import { BackOfficeSession, MENU } from '../../src/screens/backoffice/backoffice-session.js';
import { LOYALTY_FIELDS } from '../../src/screens/backoffice/loyalty-screen.js';
import { decodeKeys } from '../../src/screens/keys.js';
import { makeTheme } from '../../src/screens/theme.js';
import { coreFixture } from '../helpers/shop.js';
import { BACKSPACE, CTRL_S, DELETE, DOWN, ESC, F4, INSERT, LEFT, RIGHT } from '../helpers/key-codes.js';

describe('back office loyalty, groups and customer profile', () => {
  const fx = coreFixture('sqlite');
  let alice: Customer;
  let cashierBoss: Employee;
  const type = async (s: BackOfficeSession, raw: string) => {
    for (const event of decodeKeys(raw)) await s.feed([event]);
  };
  const open = async (entry: (typeof MENU)[number], who: Employee = fx.shop.manager, locale: 'fr' | 'en' = 'fr') => {
    const s = new BackOfficeSession(fx.core, who, locale);
    await type(s, DOWN.repeat(MENU.indexOf(entry)) + '\r');
    expect(s.getState().view).toBe(entry);
    return s;
  };
  const frameOf = (s: BackOfficeSession, locale: 'fr' | 'en' = 'fr') => {
    const ui = render(<BackOfficeScreen session={s} width={80} height={24} theme={makeTheme('none')} locale={locale} shopName="Épicerie" />);
    const frame = ui.lastFrame()!;
    ui.unmount();
    expect(frame.split('\n').every((l) => l.length <= 80)).toBe(true);
    expect(frame.split('\n').length).toBeLessThanOrEqual(24);
    return frame;
  };
  /** Moves the loyalty form to a field and replaces its text. */
  const fill = async (s: BackOfficeSession, key: (typeof LOYALTY_FIELDS)[number], value: string) => {
    const state = s.getState().loyalty!;
    const delta = LOYALTY_FIELDS.indexOf(key) - state.index;
    await type(s, (delta > 0 ? DOWN : '\u001b[A').repeat(Math.abs(delta)) + BACKSPACE.repeat(state.values[key].length));
    if (value) await s.feed([{ type: 'text', text: value }]);
  };
  const loyaltyRows = async () => (await fx.core.knex('settings').where('key', 'like', 'loyalty.%')).length;

  beforeAll(async () => {
    alice = await fx.core.customers.create({ code: '2900000000017', firstName: 'Alice', lastName: 'Martin' });
    const bruno = await fx.core.customers.create({ code: '2900000000024', firstName: 'Bruno', lastName: 'Petit' });
    const at = '2026-11-20T09:00:00.000Z';
    await fx.core.knex('loyalty_entries').insert([
      { customer_id: alice.id, kind: 'adjust', criterion: 'points', amount: 72, card_no: 1, created_at: at },
      { customer_id: bruno.id, kind: 'adjust', criterion: 'points', amount: 40, card_no: 1, created_at: at },
    ]);
    await fx.core.knex('account_entries').insert({ customer_id: alice.id, amount: 4250, kind: 'on_account', created_at: at });
    await fx.core.vouchers.issue({ kind: 'gift', amount: 1250, customerId: alice.id });
    cashierBoss = fx.shop.cashier;
  });

  test('Fidélité: today’s programme; a lower threshold shows its effect before it is confirmed; Esc changes nothing', async () => {
    const s = await open('loyalty');
    const first = frameOf(s);
    expect(first).toContain('Aujourd’hui : programme actif, points, seuil 100 points · remise de 5,00 €');
    expect(first).toContain('Cartes : 2 en cours, 0 complète(s)');
    expect(first).toMatch(/Seuil +100/);
    // The choices in French words, not the codes: ←→ on the reward goes pourcentage → montant → bon
    expect(first).toMatch(/Récompense +montant/);
    expect(first).toMatch(/Critère +points/);
    await type(s, DOWN + DOWN + DOWN + RIGHT);
    expect(s.getState().loyalty!.values.rewardKind).toBe('bon');
    await type(s, LEFT + LEFT);
    expect(s.getState().loyalty!.values.rewardKind).toBe('pourcentage');
    await fill(s, 'rewardKind', 'montant');
    await fill(s, 'threshold', '70');
    await type(s, CTRL_S);
    expect(s.getState().loyalty!.step).toBe('confirm');
    const confirm = frameOf(s);
    expect(confirm).toContain('Confirmer ce changement du programme de fidélité ?');
    expect(confirm).toContain('Après le changement : programme actif, points, seuil 70 points');
    expect(confirm).toContain('Seuil 100 points → 70 points : 2 cartes en cours, 1 devient complète,');
    expect(confirm).toContain('Entrée confirmer · Échap revenir au formulaire');
    await type(s, ESC);
    expect(s.getState().loyalty!.step).toBe('form');
    expect(await loyaltyRows()).toBe(0);
  });

  test('Enter on the confirmation applies it, audited under the manager; a bad value is refused in place', async () => {
    const s = await open('loyalty');
    await fill(s, 'threshold', 'beaucoup');
    await type(s, CTRL_S);
    expect(s.getState().message).toEqual({ text: 'seuil « beaucoup » : un nombre entier de 1 à 1000000', kind: 'error' });
    expect(s.getState().loyalty!.step).toBe('form');
    await fill(s, 'threshold', '70');
    await type(s, CTRL_S + '\r');
    expect(s.getState().message).toEqual({ text: 'Programme de fidélité enregistré', kind: 'success' });
    expect((await fx.core.loyalty.settings()).threshold).toBe(70);
    const event = await fx.core.knex('audit_events').where({ kind: 'settings' }).orderBy('id', 'desc').first();
    expect(event.employee_id).toBe(fx.shop.manager.id);
    expect(JSON.parse(event.details)).toMatchObject({ action: 'loyalty', effect: { becomeComplete: 1 } });
    expect(frameOf(s)).toContain('Cartes : 2 en cours, 1 complète(s)');
  });

  test('in English, a new criterion: the confirmation says the points cards are set aside', async () => {
    const s = await open('loyalty', fx.shop.manager, 'en');
    expect(frameOf(s, 'en')).toContain('Now: programme on, points, threshold 70 points · €5.00 off');
    // ←→ on the criterion gives the next choice: points → spent → visits
    await fill(s, 'criterion', 'points');
    await type(s, RIGHT + RIGHT);
    expect(s.getState().loyalty!.values.criterion).toBe('visits');
    await fill(s, 'threshold', '10');
    await type(s, CTRL_S);
    const confirm = frameOf(s, 'en');
    expect(confirm).toContain('After the change: programme on, visits, threshold 10 visits');
    expect(confirm).toContain('Criterion points → visits: 2 cards in progress in points set');
    expect(confirm).toContain('1 complete loses its pending reward');
    await type(s, ESC + ESC);
    expect(s.getState().view).toBe('menu');
    expect((await fx.core.loyalty.settings()).criterion).toBe('points');
  });

  test('a cashier (when the table lets them into the back office) is refused the change, nothing written', async () => {
    const s = await open('loyalty', cashierBoss);
    await fill(s, 'enabled', 'non');
    await type(s, CTRL_S);
    expect(s.getState().message).toEqual({ text: '« Modifier les paramètres » demande un responsable', kind: 'error' });
    expect((await fx.core.loyalty.settings()).enabled).toBe(true);
  });

  test('Groupes: create, edit, the default marked; removing a used group is refused with who uses it; an unused one goes', async () => {
    const s = await open('groups');
    await type(s, INSERT);
    await s.feed([{ type: 'text', text: 'Professionnels' }]);
    await type(s, DOWN);
    await s.feed([{ type: 'text', text: '5' }]);
    await type(s, DOWN);
    await s.feed([{ type: 'text', text: 'pro' }]);
    expect(frameOf(s)).toContain('Nouveau groupe');
    await type(s, CTRL_S);
    expect(s.getState().message).toEqual({ text: 'Groupe créé : Professionnels', kind: 'success' });
    const pros = (await fx.core.customers.groups()).find((g) => g.name === 'Professionnels')!;
    expect(pros).toMatchObject({ discountBp: 500, priceLevel: 'pro' });
    await fx.core.customers.update(alice.id, { code: alice.code, groupId: pros.id });
    await s.feed([]);
    await type(s, ESC);
    const again = await open('groups');
    const list = frameOf(again);
    expect(list).toMatch(/Tous les clients \(défaut\) +1 +0/);
    expect(list).toMatch(/Professionnels +5 % +pro +1 +0/);
    // Enter edits the chosen group (Professionnels, second after the default)
    await type(again, DOWN + '\r' + DOWN + BACKSPACE + '7,5' + CTRL_S);
    expect(again.getState().message).toEqual({ text: 'Groupe enregistré : Professionnels', kind: 'success' });
    expect((await fx.core.customers.groups()).find((g) => g.id === pros.id)!.discountBp).toBe(750);
    await type(again, DELETE);
    expect(again.getState().message).toEqual({ text: 'Suppr encore pour supprimer « Professionnels »', kind: 'info' });
    await type(again, DELETE);
    expect(again.getState().message).toEqual({ text: "Le groupe « Professionnels » sert encore à 1 client (Alice Martin 2900000000017) : changez-les de groupe d'abord", kind: 'error' });
    expect((await fx.core.customers.groups()).some((g) => g.id === pros.id)).toBe(true);
    await type(again, INSERT);
    await again.feed([{ type: 'text', text: 'Éphémère' }]);
    await type(again, '\r\r\r');
    await type(again, DELETE + DELETE);
    expect(again.getState().message).toEqual({ text: 'Groupe supprimé : Éphémère', kind: 'success' });
    expect((await fx.core.customers.groups()).map((g) => g.name)).toEqual(['Tous les clients', 'Professionnels']);
    const en = await open('groups', fx.shop.manager, 'en');
    const frameEn = frameOf(en, 'en');
    expect(frameEn).toMatch(/Group +Discount +Price level +Customers +Promos/);
    expect(frameEn).toMatch(/Tous les clients \(default\) +1 +0/);
    expect(frameEn).toContain('↑↓ choose · Enter edit · Ins/Ctrl+N new · Del remove · Esc back');
  });

  test('the customer profile (F4) shows the account balance, the loyalty card and the store credit, in both languages', async () => {
    const s = await open('customers');
    await type(s, 'alice');
    await type(s, F4);
    const frame = frameOf(s);
    expect(frame).toContain('solde du compte 42,50 €');
    expect(frame).toContain('Carte fidélité 72/70 points · complète : récompense à donner · avoir 12,50 €');
    const en = await open('customers', fx.shop.manager, 'en');
    await type(en, 'alice' + F4);
    const frameEn = frameOf(en, 'en');
    expect(frameEn).toContain('account balance €42.50');
    expect(frameEn).toContain('Loyalty card 72/70 points · complete: reward to give · credit €12.50');
  });
});
