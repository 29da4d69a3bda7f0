// A serial receipt printer and a customer display through socat pty pairs:
// what the till sends arrives at the far end, byte for byte.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialPort } from 'serialport';
import type { Core } from '../../src/core/shop/core.service.js';
import { displayBytes, displayLine, SerialCustomerDisplay } from '../../src/drivers/customer-display.js';
import { printerFromUri } from '../../src/drivers/receipt-printer.js';
import { decodeKeys } from '../../src/screens/keys.js';
import { TillSession } from '../../src/till/session.js';
import { decodeEscPos } from '../helpers/escpos-decoder.js';
import { newTestDb, type TestDb } from '../helpers/engines.js';
import { PtyPair } from '../helpers/pty-pair.js';
import { smallShop } from '../helpers/shop.js';
import { until } from '../helpers/until.js';
import { F12 } from '../helpers/key-codes.js';


/** Reads everything that arrives at the far end of a pty pair. */
async function listen(path: string): Promise<{ bytes: () => Buffer; close: () => Promise<void> }> {
  const port = new SerialPort({ path, baudRate: 9600, autoOpen: false });
  const chunks: Buffer[] = [];
  port.on('data', (d: Buffer) => chunks.push(d));
  await new Promise<void>((resolve, reject) => port.open((err) => (err ? reject(err) : resolve())));
  return { bytes: () => Buffer.concat(chunks), close: () => new Promise((resolve) => port.close(() => resolve())) };
}

describe('serial printer and customer display', () => {
  let dir: string;
  let db: TestDb;
  let core: Core;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pos-serial-'));
    db = newTestDb('sqlite');
    core = await db.core();
    await smallShop(core);
  });
  afterAll(async () => {
    await core.close();
    await db.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  test('a sale prints its receipt on a serial printer and shows on the display', async () => {
    const printerPair = new PtyPair(join(dir, 'printer'), join(dir, 'printer-peer'));
    const displayPair = new PtyPair(join(dir, 'display'), join(dir, 'display-peer'));
    await printerPair.start();
    await displayPair.start();
    const paper = await listen(printerPair.peer);
    const pole = await listen(displayPair.peer);
    const display = new SerialCustomerDisplay(displayPair.device);
    const s = new TillSession(core, { printer: printerFromUri(`serial:${printerPair.device}?baud=9600`), display });
    try {
      await s.start();
      await s.feed(decodeKeys('0000\r201\r'));
      await s.displayIdle();
      await until(() => pole.bytes().toString('latin1').includes('TOTAL'), 'the display');
      expect(pole.bytes().toString('latin1')).toContain(displayLine('Bordeaux Supérieur 2022', '12,90').replace('é', '\u0082'));
      await s.feed(decodeKeys(`${F12}20e`));
      await s.spooler.idle();
      await s.displayIdle();
      await until(() => decodeEscPos(paper.bytes()).commands.some((c) => c.name === 'cut'), 'the receipt');
      const receipt = decodeEscPos(paper.bytes());
      expect(receipt.commands.some((c) => c.name === 'drawerKick')).toBe(true);
      expect(receipt.lines.some((l) => /TOTAL\s+12,90 €/.test(l))).toBe(true);
      await until(() => pole.bytes().toString('latin1').includes('RENDU'), 'the change on the display');
      expect(pole.bytes().toString('latin1')).toContain(displayLine('RENDU', '7,10'));
    } finally {
      await s.close();
      await display.close();
      await paper.close();
      await pole.close();
      await printerPair.stop();
      await displayPair.stop();
    }
  });

  test('display bytes: init, clear, two lines of 20 columns', async () => {
    const bytes = await displayBytes('Comté 18 mois  8,36', 'TOTAL          32,90');
    expect(bytes.subarray(0, 3)).toEqual(Buffer.from([0x1b, 0x40, 0x0c]));
    expect(bytes.length).toBe(3 + 4 + 20 + 4 + 20);
    expect(displayLine('Un nom bien trop long pour tenir', '1 234,50')).toHaveLength(20);
  });

  test('a serial printer that is not there fails the job (it stays queued)', async () => {
    const printer = printerFromUri(`serial:${join(dir, 'nothing-here')}`);
    await expect(printer.print(Buffer.from('x'))).rejects.toThrow('imprimante');
  });
});
