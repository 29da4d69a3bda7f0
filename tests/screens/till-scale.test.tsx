// Issue #17: a weighing scale on the till. A scale emulator on a socat pty
// pair speaks Dialog or Toledo 8217; choosing a weighed article (PLU, scan,
// search) asks it for the weight, a Dialog scale's amount is the line's, every
// refusal is shown with its reason and adds nothing, a typed weight needs the
// permission table's role, and the status bar shows the scale.
import { join } from 'node:path';
import { SerialScale, type ScaleProtocol } from '../../src/drivers/scale.js';
import { lineAmount } from '../../src/core/basics/quantity.js';
import { PtyPair } from '../helpers/pty-pair.js';
import { renderApp } from '../helpers/render-app.js';
import { ScaleEmulator } from '../helpers/scale-emulator.js';
import { tillFixture } from '../helpers/shop.js';
import { until } from '../helpers/until.js';
import { CTRL_A, ESC, F12 } from '../helpers/key-codes.js';

const WAIT = 30_000;

describe('a scale on the till', () => {
  const fx = tillFixture();
  let n = 0;

  async function rig(protocol: ScaleProtocol) {
    n++;
    const pair = new PtyPair(join(fx.dir, `scale${n}`), join(fx.dir, `scale-peer${n}`));
    await pair.start();
    const emulator = new ScaleEmulator(pair.peer, protocol);
    await emulator.start();
    const scale = new SerialScale(pair.device, { protocol, reconnectMs: 100, replyTimeoutMs: 5000, stableTries: 2, stableDelayMs: 50 });
    const till = await fx.till({ scale });
    await until(() => till.session.getState().scale?.connected === true, 'the scale', WAIT);
    const close = async () => {
      await till.type(`${CTRL_A}1234\ro`);
      await scale.stop();
      await emulator.stop();
      await pair.stop();
    };
    return { pair, emulator, scale, ...till, close };
  }

  test('Dialog: the PLU of a weighed article adds the scale\'s weight, its amount is the line\'s and the sale\'s; on screen at 80x24', async () => {
    const { session: s, emulator, close } = await rig('dialog');
    const { frame, type, app } = renderApp(s);
    try {
      await type('0000\r');
      expect(frame()).toMatch(/Balance OK/);
      emulator.grams = 251;
      await type('10001\r');
      // 0,251 kg × 32,90 €/kg = 8,2579 € → 8,26 €, as the scale computed it
      expect(emulator.heard).toEqual(['01 003290', 'ENQ']);
      const line = s.getState().ticket.lines[0]!;
      expect(line).toMatchObject({ name: 'Comté 18 mois', quantity: 251, unit: 'kg', unitPrice: 3290, priceOverridden: false });
      expect(lineAmount(line.unitPrice, line.quantity)).toBe(826);
      expect(frame()).toContain('0,251 kg');
      expect(frame()).toContain('8,26');
      expect(frame().split('\n').every((l) => l.length <= 80)).toBe(true);
      // Paid in cash: the stored line is the scale's amount.
      await type(`${F12}e`);
      const sale = (await fx.core.sales.getByNumber(fx.core.tillId, s.getState().lastSale!.number))!;
      const stored = await fx.core.knex('sale_lines').where({ sale_id: sale.id });
      expect(stored.map((l: { quantity: number; total: number }) => [Number(l.quantity), Number(l.total)])).toEqual([[251, 826]]);
    } finally {
      app.unmount();
      await close();
    }
  });

  test('Dialog: every refusal is shown with its reason and adds nothing; a scale amount the till would not compute adds nothing', async () => {
    const { session: s, type, emulator, close } = await rig('dialog');
    try {
      await type('0000\r');
      for (const [plate, grams, reason] of [
        ['unstable', 300, 'poids instable'],
        ['stable', 0, 'poids nul'],
        ['negative', 300, 'poids négatif'],
        ['over', 300, 'surcharge'],
      ] as const) {
        emulator.plate = plate;
        emulator.grams = grams;
        const bell = s.getState().bell;
        await type('10001\r');
        expect(s.getState().ticket.lines).toHaveLength(0);
        expect(s.getState().message).toEqual({ kind: 'error', text: expect.stringContaining(reason) });
        expect(s.getState().message?.text).toContain('Comté 18 mois non ajouté');
        expect(s.getState().bell).toBe(bell + 1);
      }
      emulator.plate = 'stable';
      emulator.grams = 251;
      emulator.amountOverride = 900;
      await type('10001\r');
      expect(s.getState().ticket.lines).toHaveLength(0);
      expect(s.getState().message?.text).toMatch(/montant de la balance 9,00 .*8,26/);
      // By name: the search result goes to the scale too, and stays on a refusal so Enter asks again.
      emulator.amountOverride = null;
      emulator.unstableAnswers = 2; // both tries of the first Enter
      await type('comt');
      await type('\r');
      expect(s.getState().ticket.lines).toHaveLength(0);
      expect(s.getState().search?.results.map((a) => a.name)).toEqual(['Comté 18 mois']);
      await type('\r');
      expect(s.getState().ticket.lines).toMatchObject([{ name: 'Comté 18 mois', quantity: 251 }]);
      expect(s.getState().search).toBeNull();
    } finally {
      await close();
    }
  });

  test('Toledo 8217: the weight alone, priced by the till; a typed weight needs a manager while a scale is on the till', async () => {
    const { session: s, type, emulator, close } = await rig('toledo8217');
    try {
      await type('0000\r');
      emulator.grams = 1250;
      await type('10001\r');
      expect(emulator.heard).toEqual(['W']);
      expect(s.getState().ticket.lines).toMatchObject([{ quantity: 1250, unitPrice: 3290 }]);
      // Typed by a cashier: the permission table's default asks for a manager.
      await type('0,250*10001\r');
      expect(s.getState()).toMatchObject({ screen: 'manager-pin', pending: { label: 'Poids tapé (balance branchée) (Comté 18 mois)', role: 'manager' } });
      await type('1234\r');
      expect(s.getState().ticket.lines.map((l) => l.quantity)).toEqual([1250, 250]);
      // A unit article with a quantity typed is no weight: nothing asked.
      await type('2*101\r');
      expect(s.getState().screen).toBe('sale');
      // The shop may let cashiers type weights.
      const owner = await fx.core.staff.create({ name: 'Paul Patron', role: 'owner', pin: '9999' }, { pinRule: 'weak-allowed' });
      await fx.core.permissions.set('typed_weight', 'cashier', owner);
      await type('0,100*10001\r');
      expect(s.getState().screen).toBe('sale');
      expect(s.getState().ticket.lines.map((l) => l.quantity)).toEqual([1250, 250, 2000, 100]);
      await fx.core.permissions.set('typed_weight', 'manager', owner);
      // Retyping the weight of the last (weighed) line is a typed weight too.
      await type('0,300*\r');
      expect(s.getState()).toMatchObject({ screen: 'manager-pin', pending: { role: 'manager' } });
      await type(ESC);
      expect(s.getState().ticket.lines.map((l) => l.quantity)).toEqual([1250, 250, 2000, 100]);
    } finally {
      await close();
    }
  });

  test('the scale unplugged: the status bar says so, the article is refused with the reason, a typed weight still sells; plugged back, it weighs again', async () => {
    const { session: s, pair, emulator, close } = await rig('dialog');
    const { frame, type, app } = renderApp(s);
    try {
      await type('0000\r');
      await emulator.stop();
      await pair.stop();
      await until(() => s.getState().scale?.connected === false, 'the unplug', WAIT);
      await type('');
      expect(frame()).toContain('Balance débranchée');
      await type('10001\r');
      expect(s.getState().ticket.lines).toHaveLength(0);
      expect(s.getState().message?.text).toMatch(/^Balance : débranchée\. Comté 18 mois non ajouté/);
      // Faulty scale: the cashier types the weight, with the manager's PIN the table asks for.
      await type('0,250*10001\r1234\r');
      expect(s.getState().ticket.lines).toMatchObject([{ quantity: 250 }]);
      await pair.start();
      await emulator.start();
      await until(() => s.getState().scale?.connected === true, 'the scale plugged back', WAIT);
      emulator.grams = 400;
      await type('10001\r');
      expect(s.getState().ticket.lines.map((l) => l.quantity)).toEqual([250, 400]);
      expect(frame()).toContain('Balance OK');
    } finally {
      app.unmount();
      await close();
    }
  });
});

describe('a scale on the till, in English', () => {
  const fx = tillFixture();

  test('the refusal reads in English', async () => {
    const pair = new PtyPair(join(fx.dir, 'scale-en'), join(fx.dir, 'scale-en-peer'));
    await pair.start();
    const emulator = new ScaleEmulator(pair.peer, 'toledo8217');
    await emulator.start();
    const scale = new SerialScale(pair.device, { protocol: 'toledo8217', reconnectMs: 100, replyTimeoutMs: 5000, stableTries: 1 });
    const { session: s, type } = await fx.till({ scale, locale: 'en', pin: '0000' });
    try {
      await until(() => s.getState().scale?.connected === true, 'the scale', WAIT);
      emulator.plate = 'over';
      await type('10001\r');
      expect(s.getState().message?.text).toBe('Scale: overloaded (over capacity). Comté 18 mois not added');
    } finally {
      await type(`${CTRL_A}1234\ro`);
      await scale.stop();
      await emulator.stop();
      await pair.stop();
    }
  });
});
