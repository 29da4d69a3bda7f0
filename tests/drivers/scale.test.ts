// The serial scale driver against a scale emulator on a socat pseudo-terminal
// pair, in each protocol: a stable weight, every refusal with its reason, an
// unstable plate that settles, Dialog 06's checksum exchange, and the scale
// unplugged and plugged back.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialScale, type ScaleProtocol } from '../../src/drivers/scale.js';
import { PtyPair } from '../helpers/pty-pair.js';
import { ScaleEmulator } from '../helpers/scale-emulator.js';
import { until } from '../helpers/until.js';

describe('serial scale', () => {
  let dir: string;
  let n = 0;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pos-scale-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function rig(protocol: ScaleProtocol, options: { polynomial?: number | null } = {}) {
    n++;
    const pair = new PtyPair(join(dir, `scale${n}`), join(dir, `peer${n}`));
    await pair.start();
    const emulator = new ScaleEmulator(pair.peer, protocol);
    await emulator.start();
    // Generous reply timeout: the machine may be busy with other tests, and no test waits on it succeeding quickly.
    const scale = new SerialScale(pair.device, { protocol, reconnectMs: 100, replyTimeoutMs: 5000, stableTries: 3, stableDelayMs: 50, ...options });
    scale.start();
    await until(() => scale.state.connected, 'the scale port to open', 30_000);
    const close = async () => {
      await scale.stop();
      await emulator.stop();
      await pair.stop();
    };
    return { pair, emulator, scale, close };
  }

  test('Dialog: the unit price goes out, the weight, price and amount come back', async () => {
    const { emulator, scale, close } = await rig('dialog');
    try {
      emulator.grams = 251;
      expect(await scale.weigh(1990)).toEqual({ ok: true, reading: { weight: 251, unitPrice: 1990, amount: 499 } });
      expect(emulator.heard).toEqual(['01 001990', 'ENQ']);
    } finally {
      await close();
    }
  });

  test('Dialog: every NAK comes back with its reason (record 08 → 09); an unstable plate is asked again', async () => {
    const { emulator, scale, close } = await rig('dialog');
    try {
      emulator.grams = 0;
      expect(await scale.weigh(1990)).toMatchObject({ ok: false, reason: expect.stringMatching(/nul/), fault: 'zero' });
      emulator.grams = 500;
      emulator.plate = 'negative';
      expect(await scale.weigh(1990)).toMatchObject({ ok: false, reason: expect.stringMatching(/négatif/), fault: 'negative' });
      emulator.plate = 'over';
      expect(await scale.weigh(1990)).toMatchObject({ ok: false, reason: expect.stringMatching(/surcharge/), fault: 'over' });
      emulator.plate = 'unstable';
      expect(await scale.weigh(1990)).toEqual({ ok: false, reason: 'poids instable', fault: 'unstable' });
      expect(emulator.heard.filter((h) => h === '08').length).toBeGreaterThanOrEqual(6);
      // Unstable twice, then settled: one weighing for the cashier.
      emulator.plate = 'stable';
      emulator.unstableAnswers = 2;
      expect(await scale.weigh(1990)).toMatchObject({ ok: true, reading: { weight: 500, amount: 995 } });
    } finally {
      await close();
    }
  });

  test('Dialog 06: the checksum exchange with the configured polynomial, then the weighing', async () => {
    const poly = 0x8005_1021;
    const { emulator, scale, close } = await rig('dialog', { polynomial: poly });
    try {
      emulator.polynomial = poly;
      emulator.checksumsNeeded = true;
      emulator.grams = 1250;
      expect(await scale.weigh(3290)).toEqual({ ok: true, reading: { weight: 1250, unitPrice: 3290, amount: 4113 } });
      expect(emulator.heard[0]).toBe('01 003290');
      expect(emulator.heard[1]).toMatch(/^10 [0-9A-F]{8}$/);
      expect(emulator.checksumsNeeded).toBe(false);
    } finally {
      await close();
    }
  });

  test('Dialog 06: without the polynomial, or with a wrong one, the scale is refused with the reason', async () => {
    const none = await rig('dialog', { polynomial: null });
    try {
      none.emulator.polynomial = 0x8005_1021;
      none.emulator.checksumsNeeded = true;
      none.emulator.grams = 250;
      expect(await none.scale.weigh(1990)).toMatchObject({ ok: false, reason: expect.stringContaining('poly='), fault: 'checksum' });
    } finally {
      await none.close();
    }
    const wrong = await rig('dialog', { polynomial: 0x1234_5678 });
    try {
      wrong.emulator.polynomial = 0x8005_1021;
      wrong.emulator.checksumsNeeded = true;
      wrong.emulator.grams = 250;
      expect(await wrong.scale.weigh(1990)).toMatchObject({ ok: false, reason: expect.stringContaining('refusées') });
    } finally {
      await wrong.close();
    }
  });

  test('Toledo 8217: W gives the weight, or a status with its reason', async () => {
    const { emulator, scale, close } = await rig('toledo8217');
    try {
      emulator.grams = 1250;
      expect(await scale.weigh(3290)).toEqual({ ok: true, reading: { weight: 1250 } });
      emulator.plate = 'unstable';
      expect(await scale.weigh(3290)).toMatchObject({ ok: false, reason: 'poids instable' });
      emulator.plate = 'over';
      expect(await scale.weigh(3290)).toEqual({ ok: false, reason: expect.stringMatching(/surcharge/), fault: 'over' });
      emulator.plate = 'negative';
      expect(await scale.weigh(3290)).toMatchObject({ ok: false, reason: expect.stringMatching(/négatif/) });
      emulator.plate = 'stable';
      emulator.grams = 0;
      expect(await scale.weigh(3290)).toMatchObject({ ok: false, reason: 'poids nul' });
    } finally {
      await close();
    }
  });

  test.each(['dialog', 'toledo8217'] as const)('%s: a silent scale, then unplugged, then plugged back', async (protocol) => {
    const { pair, emulator, scale, close } = await rig(protocol);
    const states: boolean[] = [];
    scale.onState((s) => states.push(s.connected));
    try {
      await emulator.stop();
      // Nobody answers at the far end: the cashier reads why.
      expect(await scale.weigh(1990)).toEqual({ ok: false, reason: 'la balance ne répond pas', fault: 'silent' });
      await pair.stop();
      await until(() => !scale.state.connected, 'the unplug to be seen', 30_000);
      expect(await scale.weigh(1990)).toMatchObject({ ok: false, reason: expect.stringMatching(/^balance débranchée/), fault: 'unplugged' });
      await pair.start();
      await until(() => scale.state.connected, 'the reconnection', 30_000);
      await emulator.start();
      emulator.grams = 300;
      expect(await scale.weigh(1990)).toMatchObject({ ok: true, reading: { weight: 300 } });
      expect(states).toContain(false);
      expect(scale.state.error).toBeNull();
    } finally {
      await close();
    }
  });
});
