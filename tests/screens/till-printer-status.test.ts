// The till polls a network printer's status and shows it: paper out, cover
// open, the drawer; and a sale goes through whatever the printer says.
import type { Core } from '../../src/core/shop/core.service.js';
import { printerFromUri } from '../../src/drivers/receipt-printer.js';
import { decodeKeys } from '../../src/screens/keys.js';
import { TillSession } from '../../src/till/session.js';
import { newTestDb, type TestDb } from '../helpers/engines.js';
import { PrinterEmulator } from '../helpers/printer-emulator.js';
import { smallShop } from '../helpers/shop.js';
import { until } from '../helpers/until.js';
import { F12 } from '../helpers/key-codes.js';


describe('printer status in the till', () => {
  let db: TestDb;
  let core: Core;
  let emulator: PrinterEmulator;
  beforeAll(async () => {
    db = newTestDb('sqlite');
    core = await db.core();
    await smallShop(core);
    emulator = new PrinterEmulator();
    await emulator.start();
  });
  afterAll(async () => {
    await emulator.stop();
    await core.close();
    await db.cleanup();
  });

  test('paper out and the drawer show in the status; the sale is committed anyway', async () => {
    const s = new TillSession(core, { printer: printerFromUri(`tcp://127.0.0.1:${emulator.port}?timeout=1000`), statusPollMs: 50, printRetryMs: 50 });
    await s.start();
    try {
      await until(() => s.getState().printer.drawerOpen !== null, 'a first status');
      // 0x12: the sensor bit (0x04) clear: closed with the default polarity (open = high)
      expect(s.getState().printer).toMatchObject({ ok: true, error: null, drawerOpen: false });
      emulator.status.paper = 0x72;
      emulator.status.printer = 0x16; // drawer sensor bit set: open for this drawer model
      await until(() => s.getState().printer.error === 'plus de papier', 'paper out');
      expect(s.getState().printer.drawerOpen).toBe(true);
      const count = await core.sales.count();
      await s.feed(decodeKeys(`0000\r201\r${F12}c`));
      expect(await core.sales.count()).toBe(count + 1);
      emulator.status.paper = 0x12;
      await until(() => s.getState().printer.ok, 'paper back');
      await until(() => emulator.jobs.some((j) => j.includes(Buffer.from('TOTAL'))), 'the receipt');
    } finally {
      await s.close();
    }
  });
});
