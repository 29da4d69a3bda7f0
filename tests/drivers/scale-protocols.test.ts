// The scale protocols' frames, byte for byte, and the Dialog 06 checksum
// arithmetic: pure functions, no serial line.
import {
  correctionValue,
  decodeDialogReply,
  decodeTillFrame,
  dialogChecksums,
  dialogStatusReason,
  encodeChecksumRequest,
  encodeChecksums,
  encodeStatusRecord,
  encodeUnitPrice,
  encodeWeightRecord,
  parseChecksumRecord,
  STATUS_REQUEST,
  verifyDialogChecksums,
  WEIGHT_REQUEST,
} from '../../src/drivers/dialog-protocol.js';
import {
  decodeToledoReply,
  encodeToledoStatus,
  encodeToledoWeight,
  isTransientToledoStatus,
  TOLEDO_STATUS,
  toledoStatusReason,
} from '../../src/drivers/toledo8217-protocol.js';
import { scaleFromUri } from '../../src/drivers/scale.js';

const bytes = (...parts: (string | number)[]) => Buffer.concat(parts.map((p) => (typeof p === 'number' ? Buffer.from([p]) : Buffer.from(p, 'latin1'))));

describe('Dialog frames', () => {
  test('the till sends the unit price as EOT STX 01 ESC price ESC ETX, then EOT ENQ', () => {
    expect(encodeUnitPrice(1990)).toEqual(bytes(0x04, 0x02, '01', 0x1b, '001990', 0x1b, 0x03));
    expect(WEIGHT_REQUEST).toEqual(bytes(0x04, 0x05));
    expect(STATUS_REQUEST).toEqual(bytes(0x04, 0x02, '08', 0x03));
    expect(() => encodeUnitPrice(1_000_000)).toThrow(RangeError);
    expect(() => encodeUnitPrice(-1)).toThrow(RangeError);
  });

  test('answers: ACK, NAK, weight record 02, status record 09, checksum record 11, in pieces', () => {
    expect(decodeDialogReply(bytes(0x06))?.reply).toEqual({ kind: 'ack' });
    expect(decodeDialogReply(bytes(0x04, 0x15))?.reply).toEqual({ kind: 'nak' });
    const weight = bytes(0x02, '02', 0x1b, '3', 0x1b, '00251', 0x1b, '001990', 0x1b, '000499', 0x03);
    expect(encodeWeightRecord(251, 1990, 499)).toEqual(weight);
    expect(decodeDialogReply(weight.subarray(0, 8))).toBeNull();
    expect(decodeDialogReply(Buffer.concat([weight, bytes(0x06)]))).toEqual({
      reply: { kind: 'weight', weight: 251, unitPrice: 1990, amount: 499 },
      rest: bytes(0x06),
    });
    // two decimals: 0,25 kg is 250 thousandths
    expect(decodeDialogReply(bytes(0x02, '02', 0x1b, '2', 0x1b, '00025', 0x1b, '001990', 0x1b, '000498', 0x03))?.reply).toMatchObject({ weight: 250 });
    expect(decodeDialogReply(encodeStatusRecord('20'))?.reply).toEqual({ kind: 'status', code: '20' });
    expect(decodeDialogReply(encodeChecksumRequest('2', 0x5a))?.reply).toEqual({ kind: 'checksum', state: '2', z: 0x5a });
    expect(decodeDialogReply(encodeChecksumRequest('1'))?.reply).toEqual({ kind: 'checksum', state: '1', z: null });
    expect(decodeDialogReply(bytes(0x02, '02', 0x1b, 'x', 0x03))?.reply.kind).toBe('unknown');
  });

  test('NAK reasons name the weighing problem', () => {
    expect(dialogStatusReason('20')).toBe('poids instable');
    expect(dialogStatusReason('30')).toMatch(/nul/);
    expect(dialogStatusReason('31')).toMatch(/négatif/);
    expect(dialogStatusReason('32')).toMatch(/surcharge/);
    expect(dialogStatusReason('77')).toBe('erreur 77 de la balance');
  });

  test('the till side splits its own records out of a stream (the emulator reads them)', () => {
    const stream = Buffer.concat([encodeUnitPrice(1990), WEIGHT_REQUEST]);
    const first = decodeTillFrame(stream)!;
    expect(first.frame).toEqual({ kind: 'record', text: '01\u001b001990\u001b' });
    expect(decodeTillFrame(first.rest)!.frame).toEqual({ kind: 'enq' });
  });
});

describe('Dialog 06 checksums', () => {
  // Any polynomial: the makers' own is configured by the installer (poly=), never in the code.
  const poly = 0x8005_1021;

  test('the correction value is the remainder of the long division, and the scale can check it', () => {
    expect(correctionValue(0, 0x1234)).toBe(0);
    for (const cs of [0x0000, 0x0001, 0x1234, 0xffff, 0x8000]) {
      const kw = correctionValue(poly, cs);
      expect(kw).toBeGreaterThanOrEqual(0);
      expect(kw).toBeLessThan(0x10000);
      for (const z of [0x00, 0x5a, 0xff, 0x1e]) {
        const sent = dialogChecksums(poly, z, cs);
        expect(verifyDialogChecksums(poly, z, sent)).toBe(true);
        expect(parseChecksumRecord(encodeChecksums(sent.checksum, sent.correction).subarray(2, -1).toString('latin1'))).toEqual(sent);
      }
    }
    // A wrong polynomial is caught by the scale.
    const sent = dialogChecksums(poly, 0x5a, 0x1234);
    expect(verifyDialogChecksums(0x1021, 0x5a, sent)).toBe(false);
  });

  test('rotation by z: CS left by the high nibble, KW right by the low nibble', () => {
    const plain = dialogChecksums(poly, 0x00, 0x1234);
    expect(plain).toEqual({ checksum: 0x1234, correction: correctionValue(poly, 0x1234) });
    expect(dialogChecksums(poly, 0x40, 0x1234).checksum).toBe(0x2341);
    const kw = correctionValue(poly, 0x1234);
    expect(dialogChecksums(poly, 0x04, 0x1234).correction).toBe(((kw >>> 4) | (kw << 12)) & 0xffff);
  });
});

describe('Toledo 8217 frames', () => {
  test('a weight reply is STX kg.ggg CR; a status reply is STX ? status CR', () => {
    expect(encodeToledoWeight(1250)).toEqual(bytes(0x02, '01.250', 0x0d));
    expect(decodeToledoReply(bytes('xx', 0x02, '01.250', 0x0d, 'W'))).toEqual({ reply: { kind: 'weight', weight: 1250 }, rest: bytes('W') });
    expect(decodeToledoReply(bytes(0x02, '01.2'))).toBeNull();
    expect(decodeToledoReply(encodeToledoStatus(TOLEDO_STATUS.motion))?.reply).toEqual({ kind: 'status', status: 1 });
    // a status byte that happens to be CR is still one status
    expect(decodeToledoReply(bytes(0x02, '?', 0x0d, 0x0d))?.reply).toEqual({ kind: 'status', status: 0x0d });
  });

  test('status reasons: unstable, at zero, under and over capacity, faults', () => {
    expect(toledoStatusReason(TOLEDO_STATUS.motion)).toBe('poids instable');
    expect(toledoStatusReason(TOLEDO_STATUS.zero)).toBe('poids nul');
    expect(toledoStatusReason(TOLEDO_STATUS.under)).toMatch(/négatif/);
    expect(toledoStatusReason(TOLEDO_STATUS.over | TOLEDO_STATUS.motion)).toMatch(/surcharge/);
    expect(toledoStatusReason(TOLEDO_STATUS.eeprom)).toMatch(/défaut/);
    expect(isTransientToledoStatus(TOLEDO_STATUS.motion)).toBe(true);
    expect(isTransientToledoStatus(TOLEDO_STATUS.motion | TOLEDO_STATUS.over)).toBe(false);
  });
});

describe('scale addresses', () => {
  test('protocol is required; poly only for Dialog; bad values are named', () => {
    expect(scaleFromUri('none')).toBeNull();
    expect(scaleFromUri(undefined)).toBeNull();
    const dialog = scaleFromUri('serial:/dev/ttyS0?baud=9600&protocol=dialog&poly=0x1021abcd');
    expect(dialog).toMatchObject({ description: 'serial:/dev/ttyS0', protocol: 'dialog' });
    expect(scaleFromUri('serial:/dev/ttyS0?protocol=toledo8217')?.protocol).toBe('toledo8217');
    expect(() => scaleFromUri('serial:/dev/ttyS0')).toThrow('protocol=dialog');
    expect(() => scaleFromUri('serial:/dev/ttyS0?protocol=mettler')).toThrow('protocol=dialog');
    expect(() => scaleFromUri('serial:/dev/ttyS0?protocol=toledo8217&poly=1021')).toThrow('Dialog 06');
    expect(() => scaleFromUri('serial:/dev/ttyS0?protocol=dialog&poly=xyz')).toThrow('hexadécimal');
    expect(() => scaleFromUri('serial:/dev/ttyS0?protocol=dialog&baud=12')).toThrow('vitesse');
    expect(() => scaleFromUri('serial:/dev/ttyS0?protocol=dialog&speed=9600')).toThrow('paramètre inconnu');
    expect(() => scaleFromUri('usb:1')).toThrow('serial:');
  });
});
