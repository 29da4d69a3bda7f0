// The back office's « Transferts » screen on a real SQLite file, driven by
// keys and drawn at 80x24: a manager prepares a transfer to « port », adds
// and removes lines, sends it (the shop's stock goes down), receives part of
// it, closes it short (the difference shown at cost); a cashier is refused by
// the permission table and nothing is written. French and English.
import { render } from 'ink-testing-library';
import type { Employee } from '../../src/core/staff/staff.js';
import { actorOf } from '../../src/core/fiscal/audit.service.js';
import { shopStockQuantity } from '../../src/core/stock/stock.service.js';
import { BackOfficeScreen } from '../../src/screens/backoffice/BackOfficeScreen.js';
import { BackOfficeSession, MENU } from '../../src/screens/backoffice/backoffice-session.js';
import { decodeKeys } from '../../src/screens/keys.js';
import { makeTheme } from '../../src/screens/theme.js';
import { coreFixture } from '../helpers/shop.js';
import { CTRL_S, DELETE, DOWN, ESC, INSERT } from '../helpers/key-codes.js';

const CTRL_X = '\u0018';

describe('back office « Transferts »', () => {
  const fx = coreFixture('sqlite');
  let portId = 0;
  const type = async (s: BackOfficeSession, raw: string) => {
    for (const event of decodeKeys(raw)) await s.feed([event]);
  };
  const open = async (who: Employee = fx.shop.manager, locale: 'fr' | 'en' = 'fr') => {
    const s = new BackOfficeSession(fx.core, who, locale);
    await type(s, DOWN.repeat(MENU.indexOf('transfers')) + '\r');
    expect(s.getState().view).toBe('transfers');
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
  const transferCount = async () => Number((await fx.core.knex('transfers').count({ n: '*' }).first())?.n);

  beforeAll(async () => {
    portId = (await fx.core.shops.add({ code: 'port', name: 'Épicerie du Port' }, actorOf(fx.shop.manager, fx.core.tillId))).id;
    // Marc manages both ends of the transfers here (a shop's staff act for it: issue #22).
    const owner = await fx.core.staff.create({ name: 'Anne Patronne', role: 'owner', pin: '739184' });
    await fx.core.staff.assignShop(fx.shop.manager.id, portId, actorOf(owner, fx.core.tillId));
  });

  test('a cashier is refused by the permission table, and nothing is written', async () => {
    const s = await open(fx.shop.cashier);
    expect(frameOf(s)).toContain('Aucun transfert : Inser (ou ^N) en prépare un');
    await type(s, INSERT + 'port\r');
    expect(s.getState().message).toMatchObject({ kind: 'error', text: expect.stringContaining('« Transferts entre boutiques » demande un responsable') });
    expect(await transferCount()).toBe(0);
  });

  test('prepare, fill, send, receive part, close short with the difference at cost', async () => {
    const { nutella } = fx.shop;
    const s = await open();
    await type(s, INSERT);
    expect(frameOf(s)).toContain("Boutique d'arrivée (code ou numéro)");
    await type(s, 'nulle-part\r');
    expect(s.getState().message).toMatchObject({ kind: 'error', text: expect.stringContaining('Boutique « nulle-part » inconnue') });
    expect(await transferCount()).toBe(0);
    await type(s, '\u007f'.repeat(10) + 'port\r');
    const ref = s.getState().transfers!.transfer!.reference;
    expect(s.getState().message?.text).toBe(`Transfert ${ref} préparé vers Épicerie du Port`);

    await type(s, '3*101\r');
    await type(s, '10001\r');
    await type(s, '999\r');
    expect(s.getState().message).toMatchObject({ kind: 'error', text: 'Article inconnu : « 999 »' });
    expect(s.getState().transfers!.transfer!.lines.map((l) => [l.plu, l.quantity])).toEqual([['101', 3000], ['10001', 1000]]);
    await type(s, DOWN + DELETE);
    expect(s.getState().message?.text).toBe('Comté 18 mois retiré');
    const draft = frameOf(s);
    expect(draft).toContain(`${ref} · principal → port · en brouillon`);
    expect(draft).toMatch(/101 Pâte à tartiner noisette +3 +0 +0/);
    expect(draft).toContain('Article à ajouter (code, ou 3*code)');
    expect(draft).toContain('code + Entrée ajouter · Suppr retirer · ^S envoyer · ^X annuler · Échap');

    await type(s, CTRL_S);
    expect(s.getState().message?.text).toBe(`Transfert ${ref} envoyé : sorti du stock de Ma boutique`);
    expect(await shopStockQuantity(fx.core.knex, 1, nutella.id)).toBe(17000);
    expect(frameOf(s)).toMatch(/101 Pâte à tartiner noisette +3 +0 +3/);

    await type(s, '2\r');
    expect(s.getState().message?.text).toBe('Pâte à tartiner noisette reçu · transfert reçu en partie');
    expect(await shopStockQuantity(fx.core.knex, portId, nutella.id)).toBe(2000);
    // more than is on the road: refused, nothing moves
    await type(s, '5\r');
    expect(s.getState().message).toMatchObject({ kind: 'error', text: expect.stringContaining('5 reçu(s) mais seulement 1 attendu(s)') });
    expect(await shopStockQuantity(fx.core.knex, portId, nutella.id)).toBe(2000);

    // Ctrl+X asks; anything but O leaves it open
    await type(s, CTRL_X + ESC);
    expect(s.getState().transfers!.transfer!.status).toBe('partial');
    await type(s, CTRL_X);
    expect(frameOf(s)).toContain(`Clore ${ref} avec écart (ce qui manque ne viendra plus) ? O pour confirmer`);
    await type(s, 'o');
    expect(s.getState().message?.text).toBe(`Transfert ${ref} clos avec écart : 2,10 € HT de perte en transit`);
    const closed = frameOf(s);
    expect(closed).toContain('clos avec écart');
    expect(closed).toContain('Écart (perte en transit) : 2,10 € HT au prix de revient');
    expect(await shopStockQuantity(fx.core.knex, portId, nutella.id)).toBe(2000);
    expect(await shopStockQuantity(fx.core.knex, 1, nutella.id)).toBe(17000);

    await type(s, ESC);
    expect(frameOf(s)).toMatch(new RegExp(`${ref} +principal → port +clos avec écart +1`));
    const actions = (await fx.core.knex('audit_events').where({ kind: 'transfer' }).orderBy('id').select('details', 'employee_id')).map((r) => [JSON.parse(String(r.details)).action, Number(r.employee_id)]);
    expect(actions.map(([a]) => a)).toEqual(['create', 'add', 'add', 'remove', 'send', 'receive', 'close']);
    expect(actions.every(([, who]) => who === fx.shop.manager.id)).toBe(true);
    expect((await fx.core.journal.verify()).ok).toBe(true);
  });

  test('in English', async () => {
    const s = await open(fx.shop.manager, 'en');
    const frame = frameOf(s, 'en');
    expect(frame).toContain('Épicerie · Transfers · Marc Gérant');
    expect(frame).toMatch(/principal → port +closed +1/);
    expect(frame).toContain('↑↓ choose · Enter open · Ins/^N new · Esc');
  });
});
