// A serial barcode scanner through a socat pseudo-terminal pair: codes written
// at the far end arrive as scans, whatever the line ending, and the scanner
// survives the far end closing and coming back.
import { openSync, writeSync, closeSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SerialScanner, scannerFromUri } from '../../src/drivers/scanner.js';
import { PtyPair } from '../helpers/pty-pair.js';
import { until } from '../helpers/until.js';


describe('serial scanner', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pos-scanner-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const send = (peer: string, text: string) => {
    const fd = openSync(peer, 'w');
    writeSync(fd, text);
    closeSync(fd);
  };

  test('codes arrive with CR, LF or CRLF endings, split or together', async () => {
    const pair = new PtyPair(join(dir, 'scan0'), join(dir, 'peer0'));
    await pair.start();
    const scanner = new SerialScanner(pair.device, { reconnectMs: 100 });
    const codes: string[] = [];
    scanner.onScan((c) => codes.push(c));
    scanner.start();
    try {
      await until(() => scanner.state.connected, 'the port to open');
      send(pair.peer, '3017620422003\r');
      send(pair.peer, '96385074\n0036000291452\r\n');
      send(pair.peer, '2912');
      send(pair.peer, '345678906\r');
      await until(() => codes.length === 4, 'four codes');
      expect(codes).toEqual(['3017620422003', '96385074', '0036000291452', '2912345678906']);
    } finally {
      await scanner.stop();
      await pair.stop();
    }
  });

  test('the far end goes away and comes back: the scanner reconnects by itself', async () => {
    const pair = new PtyPair(join(dir, 'scan1'), join(dir, 'peer1'));
    await pair.start();
    const scanner = new SerialScanner(pair.device, { reconnectMs: 100 });
    const codes: string[] = [];
    const states: boolean[] = [];
    scanner.onScan((c) => codes.push(c));
    scanner.onState((s) => states.push(s.connected));
    scanner.start();
    try {
      await until(() => scanner.state.connected, 'the port to open');
      send(pair.peer, '101\r');
      await until(() => codes.length === 1, 'the first code');
      await pair.stop();
      await until(() => !scanner.state.connected, 'the unplug to be seen');
      await pair.start();
      await until(() => scanner.state.connected, 'the reconnection');
      send(pair.peer, '202\r');
      await until(() => codes.length === 2, 'the code after reconnecting');
      expect(codes).toEqual(['101', '202']);
      expect(states).toContain(false);
    } finally {
      await scanner.stop();
      await pair.stop();
    }
  });

  test('scanner addresses', () => {
    expect(scannerFromUri('none')).toBeNull();
    expect(scannerFromUri('serial:/dev/ttyUSB0?baud=19200')?.description).toBe('serial:/dev/ttyUSB0');
    expect(() => scannerFromUri('usb:1234')).toThrow('serial:');
    expect(() => scannerFromUri('serial:/dev/ttyS0?baud=12')).toThrow('vitesse');
  });
});
