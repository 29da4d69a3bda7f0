// The network printer adapter and the print spooler against a printer
// emulator on 127.0.0.1: receipts arrive, status queries are answered, and a
// printer that goes away (or runs out of paper) never loses a receipt.
import type { Core } from '../../src/core/shop/core.service.js';
import { PrintSpooler } from '../../src/drivers/print-spooler.js';
import { printerFromUri } from '../../src/drivers/receipt-printer.js';
import { TcpPrinter } from '../../src/drivers/tcp-printer.js';
import { describeStatus } from '../../src/drivers/printer-status.js';
import { decodeEscPos } from '../helpers/escpos-decoder.js';
import { newTestDb, type TestDb } from '../helpers/engines.js';
import { PrinterEmulator } from '../helpers/printer-emulator.js';
import { until } from '../helpers/until.js';

const receipt = (n: number) => Buffer.concat([Buffer.from([0x1b, 0x40]), Buffer.from(`Vente n ${n}\n`, 'latin1'), Buffer.from([0x1d, 0x56, 0x00])]);


describe('network printer', () => {
  let emulator: PrinterEmulator;
  let db: TestDb;
  let core: Core;

  beforeEach(async () => {
    emulator = new PrinterEmulator();
    await emulator.start();
  });
  afterEach(async () => {
    await emulator.stop();
  });
  beforeAll(async () => {
    db = newTestDb('sqlite');
    core = await db.core();
  });
  afterAll(async () => {
    await core.close();
    await db.cleanup();
  });

  test('a receipt and a drawer kick reach the printer', async () => {
    const printer = new TcpPrinter('127.0.0.1', emulator.port);
    await printer.print(receipt(1));
    await printer.openDrawer();
    await until(() => emulator.jobs.length === 2, 'two jobs');
    expect(decodeEscPos(emulator.jobs[0]!).lines).toEqual(['Vente n 1']);
    // Each is framed by status requests (ready? then: taken?), answered by the printer.
    expect(decodeEscPos(emulator.jobs[1]!).commands).toEqual([
      { name: 'statusQuery', n: 1 },
      { name: 'drawerKick', pin: 2, onMs: 100, offMs: 500 },
      { name: 'statusQuery', n: 1 },
    ]);
  });

  test('status: online, then paper out, cover open, offline', async () => {
    const printer = new TcpPrinter('127.0.0.1', emulator.port);
    expect(await printer.status()).toMatchObject({ online: true, paperOut: false, coverOpen: false });
    emulator.status.paper = 0x72;
    expect(describeStatus(await printer.status())).toBe('plus de papier');
    emulator.status.paper = 0x1e;
    expect(describeStatus(await printer.status())).toBe('papier bientôt fini');
    emulator.status = { printer: 0x1a, offline: 0x16, paper: 0x12 };
    expect(describeStatus(await printer.status())).toBe('capot ouvert');
    emulator.status.offline = 0x12;
    expect(describeStatus(await printer.status())).toBe('hors ligne');
  });

  test('a printer that does not answer times out instead of hanging', async () => {
    emulator.silent = true;
    const printer = new TcpPrinter('127.0.0.1', emulator.port, { timeoutMs: 200 });
    await expect(printer.status()).rejects.toThrow('pas de réponse');
  });

  test('printer stopped: the receipt waits in the queue and prints once when it is back', async () => {
    const spooler = new PrintSpooler(printerFromUri(`tcp://127.0.0.1:${emulator.port}?timeout=1000`), core.printQueue, { retryMs: 50 });
    await spooler.start();
    const port = emulator.port;
    await emulator.stop();
    await spooler.submit('receipt', receipt(2), null);
    await spooler.idle();
    expect(spooler.state).toMatchObject({ ok: false, queued: 1 });
    expect(spooler.state.error).toContain('injoignable');
    expect(await core.printQueue.countPending()).toBe(1);
    await emulator.start(port);
    await until(async () => (await core.printQueue.countPending()) === 0, 'the queue to empty');
    await until(() => spooler.state.ok, 'the spooler to recover');
    expect(emulator.jobs.map((j) => decodeEscPos(j).lines[0])).toEqual(['Vente n 2']);
    spooler.stop();
  });

  test('connection dropped mid-receipt: the job stays queued and prints whole afterwards', async () => {
    const spooler = new PrintSpooler(printerFromUri(`tcp://127.0.0.1:${emulator.port}?timeout=1000`), core.printQueue, { retryMs: 50 });
    await spooler.start();
    emulator.dropAfter = 3;
    await spooler.submit('receipt', Buffer.concat([receipt(3), Buffer.alloc(256 * 1024, 0x20)]), null);
    await until(async () => (await core.printQueue.countPending()) === 0, 'the queue to empty');
    const whole = emulator.jobs.filter((j) => j.length > 256 * 1024);
    expect(whole).toHaveLength(1);
    spooler.stop();
  });

  test('bad printer addresses are refused', () => {
    expect(() => printerFromUri('tcp://:0')).toThrow();
    expect(() => printerFromUri('lpt://x')).toThrow('tcp://HÔTE:PORT');
    expect(printerFromUri('tcp://192.168.1.50').description).toBe('tcp://192.168.1.50:9100');
  });
});

describe('drawer settings on the printer address', () => {
  test('pin and pulse times from ?drawer=5&on=50&off=250; bad values refused', async () => {
    const { mkdtempSync, readFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const file = join(mkdtempSync(join(tmpdir(), 'pos-drawer-')), 'd.bin');
    await printerFromUri(`file:${file}?drawer=5&on=50&off=250`).openDrawer();
    expect(decodeEscPos(readFileSync(file)).commands).toEqual([{ name: 'drawerKick', pin: 5, onMs: 50, offMs: 250 }]);
    expect(() => printerFromUri('file:/tmp/x?drawer=3')).toThrow('drawer=2 ou drawer=5');
    expect(() => printerFromUri('tcp://127.0.0.1:9100?on=9999')).toThrow('millisecondes');
    expect(printerFromUri('tcp://127.0.0.1:9100?timeout=100&drawer=5').description).toBe('tcp://127.0.0.1:9100');
  });
});

describe('a printer that accepts, never reads, then drops the link', () => {
  let db: TestDb;
  let core: Core;
  beforeAll(async () => {
    db = newTestDb('sqlite');
    core = await db.core();
  });
  afterAll(async () => {
    await core.close();
    await db.cleanup();
  });

  test('the job is not marked printed: it stays queued', async () => {
    const { createServer } = await import('node:net');
    const sockets: import('node:net').Socket[] = [];
    // Accepts, never reads a byte, and drops the link a second later (after the old 300 ms grace).
    const server = createServer((socket) => {
      socket.pause();
      sockets.push(socket);
      setTimeout(() => socket.destroy(), 1000).unref();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    const port = (server.address() as { port: number }).port;
    const spooler = new PrintSpooler(printerFromUri(`tcp://127.0.0.1:${port}?timeout=3000`), core.printQueue, { retryMs: 60_000 });
    try {
      await spooler.start();
      await spooler.submit('receipt', receipt(4), null);
      await spooler.idle();
      expect(spooler.state.ok).toBe(false);
      const [job] = await core.printQueue.pending();
      expect(job).toMatchObject({ attempts: 1, sentAt: null });
      expect(job!.bytes.equals(receipt(4))).toBe(true);
      expect(await core.knex('print_jobs').where({ status: 'printed' })).toHaveLength(0);
    } finally {
      spooler.stop();
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });
});
