// The back office's closings screen on a real SQLite file, driven by keys:
// the month or year to close chosen with ←/→ (the last finished one first),
// written as `pos closing month <period>` writes it; the core's refusals
// (day not Z-closed, period not finished or before the first sale, already closed) shown and nothing
// written; the day's float, cash in and cash out listed with their amounts
// and who made them, at 80x24.
import { render } from 'ink-testing-library';
import { BackOfficeScreen } from '../../src/screens/backoffice/BackOfficeScreen.js';
import { BackOfficeSession, MENU } from '../../src/screens/backoffice/backoffice-session.js';
import { shiftPeriod } from '../../src/screens/backoffice/closings-screen.js';
import { decodeKeys } from '../../src/screens/keys.js';
import { makeTheme } from '../../src/screens/theme.js';
import { coreFixture } from '../helpers/shop.js';
import { CTRL_S, DOWN, ESC, F4, F5, F6, F7, F8, LEFT, RIGHT } from '../helpers/key-codes.js';

describe('back office closings: any period, and the day\'s cash movements', () => {
  // Noon UTC keeps the business day the same in any shop time zone.
  let now = new Date('2026-10-15T12:00:00.000Z');
  const fx = coreFixture('sqlite', { clock: () => now });
  const type = async (s: BackOfficeSession, raw: string) => {
    for (const event of decodeKeys(raw)) await s.feed([event]);
  };
  const open = async (locale: 'fr' | 'en' = 'fr') => {
    const s = new BackOfficeSession(fx.core, fx.shop.manager, locale);
    await type(s, DOWN.repeat(MENU.indexOf('closings')) + '\r');
    expect(s.getState().view).toBe('closings');
    return s;
  };
  const frameOf = (s: BackOfficeSession, locale: 'fr' | 'en' = 'fr') => {
    const ui = render(<BackOfficeScreen session={s} width={80} height={23} theme={makeTheme('none')} locale={locale} shopName="Épicerie" />);
    const frame = ui.lastFrame()!;
    ui.unmount();
    const lines = frame.split('\n');
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    expect(lines.length).toBeLessThanOrEqual(23);
    return frame;
  };
  const periods = async (kind: 'month' | 'year') => (await fx.core.closings.list({ kind })).map((c) => c.period);

  beforeAll(async () => {
    // A sale on 2026-10-15 that nobody Z-closed, then the shop comes back on 2026-11-20.
    await fx.core.sales.complete(fx.ticketOf(['nutella', 1000]), [{ method: 'cash', amount: 450 }], fx.shop.cashier.id);
    now = new Date('2026-11-20T12:00:00.000Z');
  });

  test('periods step across years', () => {
    expect(shiftPeriod('month', '2026-01', -1)).toBe('2025-12');
    expect(shiftPeriod('month', '2025-12', 1)).toBe('2026-01');
    expect(shiftPeriod('month', '2026-11', -13)).toBe('2025-10');
    expect(shiftPeriod('year', '2026', -1)).toBe('2025');
  });

  test('a month chosen with ←/→ is closed; the core\'s refusals are shown and write nothing', async () => {
    const s = await open();
    // F4 offers the last finished month; its day of sales is not Z-closed: refused, nothing written.
    await type(s, F4);
    expect(s.getState().message?.text).toBe('Clôture mensuelle de 2026-10 · O pour confirmer');
    expect(frameOf(s)).toContain('←→ autre période');
    await type(s, 'o');
    expect(s.getState().message).toEqual({ text: "Clôturez d'abord la journée du 2026-10-15 (Z)", kind: 'error' });
    expect(s.getState().closings!.view).toBe('confirm');
    // → to the month under way: not finished.
    await type(s, RIGHT);
    expect(s.getState().message?.text).toBe('Clôture mensuelle de 2026-11 · O pour confirmer');
    await type(s, 'o');
    expect(s.getState().message).toEqual({ text: "La période 2026-11 n'est pas terminée", kind: 'error' });
    expect(await fx.core.closings.list()).toEqual([]);
    // ← ← to September: before the till's first sale (2026-10-15), refused, nothing written (issue #17, defect 9).
    await type(s, LEFT + LEFT);
    expect(s.getState().message?.text).toBe('Clôture mensuelle de 2026-09 · O pour confirmer');
    await type(s, 'o');
    expect(s.getState().message).toEqual({ text: 'La période 2026-09 précède la première vente de la caisse 1 (2026-10-15) : rien à clôturer', kind: 'error' });
    expect(await fx.core.closings.list()).toEqual([]);
    // Once its day is Z-closed, → to October: closed, as `pos closing month 2026-10` closes it.
    await fx.core.closings.zClose('2026-10-15', { cash: 450 }, fx.shop.manager.id);
    await type(s, RIGHT);
    expect(s.getState().message?.text).toBe('Clôture mensuelle de 2026-10 · O pour confirmer');
    await type(s, 'o');
    const october = (await fx.core.closings.get('month', '2026-10'))!;
    expect(october).toMatchObject({ kind: 'month', period: '2026-10', seq: 2, employeeId: fx.shop.manager.id, salesCount: 1 });
    expect(await periods('month')).toEqual(['2026-10']);
    expect(s.getState().message?.text).toContain('Clôture n° 2 (2026-10) enregistrée');
    expect(s.getState().closings!.lines[0]).toMatch(/MENSUELLE/);
    // Again: already closed, nothing more written.
    await type(s, ESC + F4 + 'o');
    expect(s.getState().message).toEqual({ text: 'La période 2026-10 est déjà clôturée (clôture n° 2)', kind: 'error' });
    expect(await fx.core.closings.list()).toHaveLength(2);
    await type(s, ESC);
    expect(s.getState().closings!.view).toBe('list');
    expect(frameOf(s)).toMatch(/2 +mois +2026-10/);
  });

  test('a year chosen with ←/→: the year under way is refused, so is one before the first sale', async () => {
    const s = await open();
    await type(s, F5);
    expect(s.getState().message?.text).toBe('Clôture annuelle de 2025 · O pour confirmer');
    await type(s, RIGHT + 'o');
    expect(s.getState().message).toEqual({ text: "La période 2026 n'est pas terminée", kind: 'error' });
    expect(await periods('year')).toEqual([]);
    // an earlier year is before the shop's first sale (2026-10-15): refused too (issue #17, defect 9)
    await type(s, LEFT + 'o');
    expect(s.getState().message).toEqual({ text: 'La période 2025 précède la première vente de la caisse 1 (2026-10-15) : rien à clôturer', kind: 'error' });
    expect(await periods('year')).toEqual([]);
  });

  test('the day\'s float, cash in and cash out are listed with their amounts and who made them', async () => {
    const s = await open();
    expect(s.getState().closings!.movements).toEqual([]);
    expect(frameOf(s)).toContain("Aucun mouvement d'espèces aujourd'hui");
    await type(s, F6 + '150' + CTRL_S);
    await type(s, F7 + '20\rMonnaie de la banque' + CTRL_S);
    await type(s, F8 + '35,50\rFacture laitier' + CTRL_S);
    expect(s.getState().message?.text).toBe("Sortie d'espèces de 35,50 € enregistré(e) le 2026-11-20");
    expect(s.getState().closings!.movements.map((m) => [m.kind, m.amount, m.reason, m.employeeName])).toEqual([
      ['float', 15000, '', 'Marc Gérant'],
      ['in', 2000, 'Monnaie de la banque', 'Marc Gérant'],
      ['out', 3550, 'Facture laitier', 'Marc Gérant'],
    ]);
    const frame = frameOf(s);
    expect(frame).toContain("Mouvements d'espèces du jour : 3");
    expect(frame).toMatch(/\d\d:\d\d +Fond de caisse +150,00 +Marc Gérant/);
    expect(frame).toMatch(/Entrée d'espèces +20,00 +Marc Gérant +Monnaie de la banque/);
    expect(frame).toMatch(/Sortie d'espèces +-35,50 +Marc Gérant +Facture laitier/);
    // A movement made elsewhere (the CLI, the till) shows when the screen opens.
    await fx.core.closings.recordMovement({ kind: 'out', amount: 1000, reason: 'Timbres', employeeId: fx.shop.cashier.id });
    expect(frameOf(await open('en'), 'en')).toMatch(/Cash out +-10\.00 +Léa Caissière +Timbres/);
    // More than the panel holds: the latest ones, and how many there are; the closings keep the rest of the screen.
    for (const n of [1, 2, 3, 4]) await fx.core.closings.recordMovement({ kind: 'in', amount: n * 100, reason: `Appoint ${n}`, employeeId: fx.shop.manager.id });
    const crowded = frameOf(await open());
    expect(crowded).toMatch(/Mouvements d'espèces du jour : 8 \(les \d derniers\)/);
    expect(crowded).toContain('Appoint 4');
    expect(crowded).not.toContain('Fond de caisse');
    expect(crowded).toMatch(/2 +mois +2026-10/);
  });
});
