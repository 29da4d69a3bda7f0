// The back office's permission table ("Droits") on a real SQLite file, driven
// by keys: an owner cycles an action's role and the core's table has it, with
// a 'settings' audit event under the owner's name; F5 (or Suppr) puts back the
// default; a manager reads the table and every change key is refused in the
// back office's words, with nothing written; the list drawn at 80x24.
import { render } from 'ink-testing-library';
import { DEFAULT_PERMISSIONS, GUARDED_ACTIONS } from '../../src/core/staff/permissions.js';
import type { Employee } from '../../src/core/staff/staff.js';
import { BackOfficeScreen } from '../../src/screens/backoffice/BackOfficeScreen.js';
import { BackOfficeSession, MENU } from '../../src/screens/backoffice/backoffice-session.js';
import { decodeKeys } from '../../src/screens/keys.js';
import { makeTheme } from '../../src/screens/theme.js';
import { coreFixture } from '../helpers/shop.js';
import { DELETE, DOWN, ESC, F5, LEFT, PGDN, RIGHT, TAB } from '../helpers/key-codes.js';


describe('back office permission table', () => {
  const fx = coreFixture('sqlite');
  let owner: Employee;
  const type = async (s: BackOfficeSession, raw: string) => {
    for (const event of decodeKeys(raw)) await s.feed([event]);
  };
  const open = async (who: Employee, locale: 'fr' | 'en' = 'fr') => {
    const s = new BackOfficeSession(fx.core, who, locale);
    await type(s, DOWN.repeat(MENU.indexOf('permissions')) + '\r');
    expect(s.getState().view).toBe('permissions');
    return s;
  };
  /** the cursor onto one action */
  const select = (s: BackOfficeSession, action: (typeof GUARDED_ACTIONS)[number]) => type(s, DOWN.repeat(GUARDED_ACTIONS.indexOf(action)));
  const frameOf = (s: BackOfficeSession, locale: 'fr' | 'en' = 'fr') => {
    const ui = render(<BackOfficeScreen session={s} width={80} height={23} theme={makeTheme('none')} locale={locale} shopName="Épicerie" />);
    const frame = ui.lastFrame()!;
    ui.unmount();
    expect(frame.split('\n').every((l) => l.length <= 80)).toBe(true);
    expect(frame.split('\n').length).toBeLessThanOrEqual(23);
    return frame;
  };
  const auditCount = async () => Number((await fx.core.knex('audit_events').count({ n: '*' }))[0]!.n);
  const lastAudit = () =>
    fx.core.knex('audit_events').leftJoin('employees', 'employees.id', 'audit_events.employee_id').orderBy('audit_events.id', 'desc').first('audit_events.kind', 'audit_events.employee_id', 'audit_events.details', 'employees.name');

  beforeAll(async () => {
    owner = await fx.core.staff.create({ name: 'Odile Patronne', role: 'owner', pin: '9999' }, { pinRule: 'weak-allowed' });
  });

  test('an owner changes the role of an action: the core has it, an audit event names the owner, the screen confirms', async () => {
    const s = await open(owner);
    expect(s.getState().permissions!.readOnly).toBe(false);
    expect(s.getState().permissions!.rows.map((r) => [r.action, r.role, r.changed])).toEqual(GUARDED_ACTIONS.map((a) => [a, DEFAULT_PERMISSIONS[a], false]));
    await select(s, 'refund');
    await type(s, LEFT);
    expect(s.getState().message).toEqual({ text: '« Rembourser (retour) » : caissier au minimum', kind: 'success' });
    expect((await fx.core.permissions.table()).refund).toBe('cashier');
    const audit = await lastAudit();
    expect(audit).toMatchObject({ kind: 'settings', employee_id: owner.id, name: 'Odile Patronne' });
    expect(JSON.parse(audit.details)).toMatchObject({ keys: ['permissions'], action: 'refund', from: 'manager', to: 'cashier' });
    expect(s.getState().permissions!.rows.find((r) => r.action === 'refund')).toEqual({ action: 'refund', role: 'cashier', changed: true });
    expect(frameOf(s)).toMatch(/Rembourser \(retour\) +caissier \* +responsable/);
    // Enter (or →) turns on: cashier → manager, back to the default.
    await type(s, '\r');
    expect(s.getState().message?.text).toBe('« Rembourser (retour) » : responsable au minimum (par défaut)');
    await type(s, RIGHT);
    expect((await fx.core.permissions.table()).refund).toBe('owner');
    // Esc goes back to the menu; the table stays as set.
    await type(s, ESC);
    expect(s.getState().view).toBe('menu');
    expect((await open(owner)).getState().permissions!.rows.find((r) => r.action === 'refund')!.role).toBe('owner');
  });

  test('F5 (or Suppr) puts back the default; on a default role it says so and writes nothing', async () => {
    const s = await open(owner);
    await select(s, 'reprint');
    await type(s, '\r');
    expect((await fx.core.permissions.table()).reprint).toBe('manager');
    await type(s, F5);
    expect(s.getState().message).toEqual({ text: '« Réimprimer un ticket » : caissier au minimum (par défaut)', kind: 'success' });
    expect((await fx.core.permissions.table()).reprint).toBe('cashier');
    expect(s.getState().permissions!.rows.find((r) => r.action === 'reprint')!.changed).toBe(false);
    expect(JSON.parse((await lastAudit()).details)).toMatchObject({ action: 'reprint', from: 'manager', to: 'cashier' });
    const before = await auditCount();
    await type(s, F5);
    expect(s.getState().message).toEqual({ text: '« Réimprimer un ticket » est déjà au rôle par défaut', kind: 'info' });
    expect(await auditCount()).toBe(before);
    // refund was left at owner by the test above: Suppr brings it back too.
    await type(s, ESC);
    const again = await open(owner);
    await select(again, 'refund');
    await type(again, DELETE);
    expect((await fx.core.permissions.table()).refund).toBe('manager');
  });

  test('a manager sees the table read-only: every change key is refused, without PIN words, and nothing is written', async () => {
    await fx.core.permissions.set('no_sale', 'owner', owner);
    const table = await fx.core.permissions.table();
    const before = await auditCount();
    const s = await open(fx.shop.manager);
    expect(s.getState().permissions!.readOnly).toBe(true);
    await select(s, 'no_sale');
    for (const key of ['\r', RIGHT, LEFT, F5, DELETE]) {
      await type(s, key);
      expect(s.getState().message).toEqual({ text: '« Modifier les droits » demande un patron', kind: 'error' });
    }
    expect(s.getState().message!.text).not.toMatch(/PIN/);
    expect(await fx.core.permissions.table()).toEqual(table);
    expect(await auditCount()).toBe(before);
    const frame = frameOf(s);
    expect(frame).toMatch(/Ouvrir le tiroir sans vente +patron \* +responsable/);
    expect(frame).toContain('Lecture seule : seul un patron modifie les droits');
    expect(frame).toContain('↑↓ choisir · Tab jetons API · Échap revenir (lecture seule)');
  });

  test('the rendered frame lists the actions with their role and default at 80x24, a window at a time, in French and English', async () => {
    const s = await open(owner);
    const frame = frameOf(s);
    expect(frame).toContain('Épicerie · Droits · Odile Patronne');
    expect(frame).toMatch(/Action +Rôle minimum +Par défaut/);
    expect(frame).toMatch(/ 1-16\/26 ↓\n/);
    for (const label of ['Annuler une ligne', 'Annuler le ticket', 'Changer un prix', 'Remise au-delà du plafond', 'Clôturer la journée', "Sortie d'espèces", 'Saisir le fond de caisse', 'Modifier les articles']) {
      expect(frame).toMatch(new RegExp(`${label.replace(/[()]/g, '\\$&')} +responsable +responsable`));
    }
    expect(frame).toMatch(/Réimprimer un ticket +caissier +caissier/);
    expect(frame).toMatch(/Versement sur compte client +caissier +caissier/);
    expect(frame).not.toContain('Modifier les paramètres');
    // Page down to the end: the last rows come into view, the first ones go.
    await type(s, PGDN.repeat(3));
    const end = frameOf(s);
    expect(end).toMatch(/ 11-26\/26 ↑\n/);
    for (const label of ['Corriger le stock, inventaire', 'Gérer le personnel', 'Modifier les paramètres', 'Commandes fournisseurs']) {
      expect(end).toMatch(new RegExp(`${label} +responsable +responsable`));
    }
    expect(end).toMatch(/Réceptionner des marchandises +caissier +caissier/);
    expect(end).not.toContain('Annuler une ligne');
    expect(frame).toContain('* : changé par rapport au défaut');
    expect(frame).toContain('F5/Suppr défaut');
    const en = frameOf(await open(owner, 'en'), 'en');
    expect(en).toMatch(/Void a line +manager +manager/);
    expect(en).toContain('Enter/←→ role · F5/Del default · Tab API tokens · Esc back');
  });

  test('Tab shows the API tokens; an owner revokes one with Suppr twice (audited, the API refuses it); a manager only reads them', async () => {
    const actor = { employeeId: owner.id, tillId: fx.core.tillId };
    const crm = await fx.core.apiTokens.create({ name: 'crm', role: 'manager', scopes: [] }, actor);
    await fx.core.apiTokens.create({ name: 'boutique-en-ligne', role: 'cashier', scopes: ['articles', 'stock'], expiresOn: '2099-12-31' }, actor);
    const s = await open(owner);
    await type(s, TAB);
    const tokens = s.getState().permissions!.tokens!;
    expect(tokens.rows.map((r) => [r.token.name, r.state])).toEqual(expect.arrayContaining([['crm', 'active'], ['boutique-en-ligne', 'active']]));
    const frame = frameOf(s);
    expect(frame).toContain("Jetons de l'API (pos serve)");
    expect(frame).toMatch(/crm +responsable +tout +— +— +actif/);
    expect(frame).toMatch(/boutique-en-ligne +caissier +articles,stock +2099-12-31/);
    expect(frame).toContain('Suppr deux fois révoquer');
    expect(frame).not.toContain('…');
    await type(s, DOWN.repeat(tokens.rows.findIndex((r) => r.token.name === 'crm')));
    const before = await auditCount();
    await type(s, DELETE);
    expect(s.getState().message?.text).toBe("Suppr encore pour révoquer « crm » (l'API le refusera aussitôt)");
    expect(await fx.core.apiTokens.authenticate(crm.secret)).not.toBeNull();
    await type(s, DELETE);
    expect(s.getState().message).toEqual({ text: 'Jeton « crm » révoqué', kind: 'success' });
    expect(await fx.core.apiTokens.authenticate(crm.secret)).toBeNull();
    expect(await auditCount()).toBe(before + 1);
    expect(await lastAudit()).toMatchObject({ employee_id: owner.id, name: 'Odile Patronne' });
    expect(s.getState().permissions!.tokens!.rows.find((r) => r.token.name === 'crm')!.state).toBe('revoked');
    await type(s, TAB);
    expect(s.getState().permissions!.tokens).toBeNull();

    const manager = await fx.core.staff.create({ name: 'Marc Lecteur', role: 'manager', pin: '4321' }, { pinRule: 'weak-allowed' });
    const read = await open(manager, 'en');
    await type(read, TAB);
    const enFrame = frameOf(read, 'en');
    expect(enFrame).toContain('API tokens (pos serve)');
    expect(enFrame).toMatch(/boutique-en-ligne +cashier/);
    expect(enFrame).toContain('Tab rights · Esc back (read only)');
    const count = await auditCount();
    await type(read, DELETE);
    expect(read.getState().message?.kind).toBe('error');
    expect(await auditCount()).toBe(count);
  });
});
