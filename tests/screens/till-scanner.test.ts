// Scans reaching the till: from a serial scanner (a socat pty pair), in line
// with what the cashier typed before, and from a keyboard-wedge scanner typing
// on an AZERTY keyboard.
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { SerialScanner } from '../../src/drivers/scanner.js';
import { decodeKeys } from '../../src/screens/keys.js';
import { PtyPair } from '../helpers/pty-pair.js';
import { tillFixture } from '../helpers/shop.js';
import { until } from '../helpers/until.js';
import { CTRL_A, CTRL_L } from '../helpers/key-codes.js';

describe('scans in the till', () => {
  const fx = tillFixture();

  test('a serial scan adds the article; a quantity typed first applies; unplugging shows', async () => {
    const pair = new PtyPair(join(fx.dir, 'scanner'), join(fx.dir, 'peer'));
    await pair.start();
    const scanner = new SerialScanner(pair.device, { reconnectMs: 100 });
    const { session: s } = await fx.till({ scanner });
    const send = (text: string) => {
      const fd = openSync(pair.peer, 'w');
      writeSync(fd, text);
      closeSync(fd);
    };
    try {
      await s.feed(decodeKeys('0000\r'));
      await until(() => s.getState().scanner?.connected === true, 'the scanner');
      send('3017620422003\r');
      await until(() => s.getState().ticket.lines.length === 1, 'the scanned line');
      await s.feed(decodeKeys('3*'));
      send('3760123450010\r');
      await until(() => s.getState().ticket.lines.length === 2, 'the second line');
      expect(s.getState().ticket.lines[1]).toMatchObject({ name: 'Bordeaux Supérieur 2022', quantity: 3000 });
      expect(s.getState().input).toBe('');
      await pair.stop();
      await until(() => s.getState().scanner?.connected === false, 'the unplug');
    } finally {
      await s.feed(decodeKeys(`${CTRL_A}1234\ro`));
      await scanner.stop();
      await pair.stop();
    }
  });

  test('a keyboard-wedge scanner on AZERTY types the digit row: still a scan', async () => {
    const { session: s } = await fx.till();
    await s.feed(decodeKeys('0000\r'));
    // 3017620422003 as a QWERTY-configured scanner types it on an AZERTY keyboard.
    await s.feed(decodeKeys('"à&è-éà\'ééàà"\r'));
    expect(s.getState().ticket.lines.map((l) => l.name)).toEqual(['Pâte à tartiner noisette']);
    await s.feed(decodeKeys(`${CTRL_A}1234\ro`));
  });
});

describe('keyboard-wedge bursts', () => {
  const fx = tillFixture();

  test('a burst while a name search is typed is a scan, not more search letters', async () => {
    const { session: s } = await fx.till();
    await s.feed(decodeKeys('0000\r'));
    await s.feed(decodeKeys('bord'));
    expect(s.getState().search?.results).toHaveLength(1);
    await s.feed(decodeKeys('3017620422003\r'));
    expect(s.getState().ticket.lines.map((l) => l.name)).toEqual(['Pâte à tartiner noisette']);
    // Keys typed one by one are a person: digits then Enter look the code up the same way.
    for (const ch of '201') await s.feed(decodeKeys(ch));
    await s.feed(decodeKeys('\r'));
    expect(s.getState().ticket.lines).toHaveLength(2);
    // A long PIN pasted on the login screen stays a PIN.
    await s.feed(decodeKeys(CTRL_L));
    await s.feed(decodeKeys('12345678\r'));
    expect(s.getState()).toMatchObject({ screen: 'login', message: { text: 'Code incorrect' } });
  });
});
