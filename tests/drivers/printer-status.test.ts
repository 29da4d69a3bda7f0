// DLE EOT 1's drawer bit (0x04) read with the drawer's polarity, and only
// from a real status byte: a printer answering 0x12 (the usual "all well",
// sensor low) no longer shows « Tiroir ouvert » forever.
import { drawerOpenFrom, isStatusByte, parseStatus } from '../../src/drivers/printer-status.js';

describe('the drawer sensor bit', () => {
  test('default polarity (open = high): 0x12 closed, 0x16 open', () => {
    expect(drawerOpenFrom(0x12)).toBe(false);
    expect(drawerOpenFrom(0x16)).toBe(true);
    expect(parseStatus([0x12, 0x12, 0x12]).drawerOpen).toBe(false);
    expect(parseStatus([0x16, 0x12, 0x12]).drawerOpen).toBe(true);
  });

  test('open = low (drawer.openLevel low): the other way round', () => {
    expect(drawerOpenFrom(0x12, 'low')).toBe(true);
    expect(drawerOpenFrom(0x16, 'low')).toBe(false);
    expect(parseStatus([0x16, 0x12, 0x12], 'low').drawerOpen).toBe(false);
  });

  test('only bit 2 counts: the offline bit and the other sensor-free bits do not move it', () => {
    expect(drawerOpenFrom(0x1a)).toBe(false); // offline, sensor low
    expect(drawerOpenFrom(0x1e)).toBe(true); // offline, sensor high
  });

  test('a byte that is no status answer says nothing about the drawer', () => {
    expect(isStatusByte(0x12)).toBe(true);
    for (const noise of [0x00, 0xff, 0x04, 0x13, 0x92]) {
      expect(isStatusByte(noise)).toBe(false);
      expect(drawerOpenFrom(noise)).toBeNull();
    }
    expect(drawerOpenFrom(undefined)).toBeNull();
  });
});
