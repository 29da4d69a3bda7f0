// `pos scale test`: one weighing from the command line against the scale
// emulator, the scale's refusal as the exit code, and bad addresses refused.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PtyPair } from '../helpers/pty-pair.js';
import { runPos, runPosAsync } from '../helpers/run-pos.js';
import { ScaleEmulator } from '../helpers/scale-emulator.js';

describe('pos scale test', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pos-scale-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('Dialog: the weight and the amount the scale computed; a refusal exits 1 with its reason', async () => {
    const pair = new PtyPair(join(dir, 'scale'), join(dir, 'peer'));
    await pair.start();
    const emulator = new ScaleEmulator(pair.peer, 'dialog');
    await emulator.start();
    try {
      emulator.grams = 251;
      const env = { POS_SCALE: `serial:${pair.device}?protocol=dialog`, POS_DB: join(dir, 'pos.sqlite3') };
      const ok = await runPosAsync(['scale', 'test', '--price', '19,90'], env);
      expect(ok).toMatchObject({ code: 0, stdout: `serial:${pair.device} (dialog) : 0,251 kg × 19,90 €/kg = 4,99 € (calculé par la balance)\n` });
      emulator.plate = 'over';
      const refused = await runPosAsync(['--scale', `serial:${pair.device}?protocol=dialog`, 'scale', 'test', '--price', '19,90'], { POS_DB: join(dir, 'pos.sqlite3') });
      expect(refused.code).toBe(1);
      expect(refused.stdout).toContain('surcharge');
    } finally {
      await emulator.stop();
      await pair.stop();
    }
  });

  test('no scale, or a bad address: a usage error (exit 2)', () => {
    const env = { POS_DB: join(dir, 'pos.sqlite3') };
    expect(runPos(['scale', 'test'], env)).toMatchObject({ code: 2, stderr: expect.stringContaining('quelle balance') });
    expect(runPos(['--scale', 'serial:/dev/ttyS0?protocol=mettler', 'scale', 'test'], env)).toMatchObject({ code: 2, stderr: expect.stringContaining('protocol=toledo8217') });
    expect(runPos(['--scale', 'serial:/dev/ttyS0?protocol=dialog', 'scale', 'test', '--price', 'abc'], env)).toMatchObject({ code: 2, stderr: expect.stringContaining('--price') });
  });
});
