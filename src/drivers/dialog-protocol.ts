// The Dialog protocol of French retail scales (Dialog 02, 04 and 06, spoken by
// Mettler Toledo, Bizerba, Precia Molen… certified scales): pure encoding and
// decoding of its records, no I/O. The conversation (scale.ts):
//   till → EOT STX 01 ESC <unit price, 6 digits, cents> ESC ETX   (record 01)
//   scale → ACK, NAK, or record 11 (Dialog 06 asks for the checksum exchange)
//   till → EOT ENQ                                                 (weight request)
//   scale → STX 02 ESC <decimals> ESC <weight 5> ESC <unit price 6> ESC <amount 6> ETX, or NAK
//   after a NAK: till → EOT STX 08 ETX, scale → STX 09 ESC <status 2 digits> ETX
//   every answer of the scale is acknowledged by the till with EOT.
// The amount in record 02 is computed by the certified scale: it is the line's amount.

import type { ScaleFault } from '../core/sales/scale-reading.js';

export const EOT = 0x04;
export const STX = 0x02;
export const ETX = 0x03;
export const ENQ = 0x05;
export const ACK = 0x06;
export const NAK = 0x15;
export const ESC = 0x1b;

/** Highest unit price the 6-digit field carries: 9 999,99 €/kg. */
export const DIALOG_MAX_PRICE = 999_999;

function record(no: string, fields: string[]): Buffer {
  const body = fields.map((f) => `\u001b${f}`).join('');
  return Buffer.concat([Buffer.from([EOT, STX]), Buffer.from(`${no}${body}`, 'ascii'), Buffer.from([ETX])]);
}

/** Record 01: the unit price (cents per kg) the scale multiplies the weight by. */
export function encodeUnitPrice(cents: number): Buffer {
  if (!Number.isInteger(cents) || cents < 0 || cents > DIALOG_MAX_PRICE) throw new RangeError(`prix unitaire hors des 6 chiffres de la balance : ${cents}`);
  // The record ends ESC ETX: an empty last field, as the scales expect it.
  return Buffer.concat([record('01', [String(cents).padStart(6, '0')]).subarray(0, -1), Buffer.from([ESC, ETX])]);
}

export const WEIGHT_REQUEST = Buffer.from([EOT, ENQ]);
/** Record 08: why was the last answer NAK? */
export const STATUS_REQUEST = record('08', []);
/** Acknowledges any answer of the scale and resets its interface. */
export const END = Buffer.from([EOT]);

/** Record 10: the checksum and its correction value, encoded with the scale's random number. */
export function encodeChecksums(checksum: number, correction: number): Buffer {
  const hex = (n: number) => n.toString(16).toUpperCase().padStart(4, '0');
  return record('10', [`${hex(checksum)}${hex(correction)}`]);
}

export type DialogReply =
  | { kind: 'ack' }
  | { kind: 'nak' }
  /** weight in thousandths of a kg (grams), unit price and amount in cents */
  | { kind: 'weight'; weight: number; unitPrice: number; amount: number }
  | { kind: 'status'; code: string }
  /** record 11: 0 = checksums wrong, 1 = checksums right, 2 = compute them with z (two hex nibbles) */
  | { kind: 'checksum'; state: '0' | '1' | '2'; z: number | null }
  | { kind: 'unknown'; text: string };

/**
 * The first whole answer in `buffer`: ACK, NAK, or an STX … ETX record; bytes
 * before it (a stray EOT, line noise) are skipped. Null while incomplete.
 */
export function decodeDialogReply(buffer: Buffer): { reply: DialogReply; rest: Buffer } | null {
  for (let i = 0; i < buffer.length; i++) {
    const byte = buffer[i];
    if (byte === ACK) return { reply: { kind: 'ack' }, rest: buffer.subarray(i + 1) };
    if (byte === NAK) return { reply: { kind: 'nak' }, rest: buffer.subarray(i + 1) };
    if (byte !== STX) continue;
    const end = buffer.indexOf(ETX, i + 1);
    if (end < 0) return null;
    return { reply: parseRecord(buffer.subarray(i + 1, end).toString('latin1')), rest: buffer.subarray(end + 1) };
  }
  return null;
}

function parseRecord(text: string): DialogReply {
  const [no, ...fields] = text.split('\u001b');
  const unknown: DialogReply = { kind: 'unknown', text };
  const digits = (s: string | undefined) => (s !== undefined && /^\d+$/.test(s) ? Number(s) : null);
  if (no === '02') {
    const [decimals, weight, unitPrice, amount] = fields.map(digits);
    if (decimals == null || weight == null || unitPrice == null || amount == null || decimals > 3) return unknown;
    // The weight comes with `decimals` decimals of a kg (3: grams): thousandths for the till.
    return { kind: 'weight', weight: weight * 10 ** (3 - decimals), unitPrice, amount };
  }
  if (no === '09' && fields[0] && /^\d\d$/.test(fields[0])) return { kind: 'status', code: fields[0] };
  if (no === '11' && fields[0]) {
    const state = fields[0][0];
    if (state !== '0' && state !== '1' && state !== '2') return unknown;
    const z = state === '2' && /^[0-9a-fA-F]{2}$/.test(fields[0].slice(1, 3)) ? parseInt(fields[0].slice(1, 3), 16) : null;
    if (state === '2' && z === null) return unknown;
    return { kind: 'checksum', state, z };
  }
  return unknown;
}

/** Record 09 status codes, as the cashier reads them. */
const STATUS_REASONS: Record<string, string> = {
  '00': 'pas d’erreur signalée',
  '01': 'erreur générale de la balance',
  '02': 'erreur de parité ou de tampon sur la liaison',
  '10': 'enregistrement inconnu de la balance',
  '11': 'prix unitaire refusé par la balance',
  '12': 'tare refusée',
  '13': 'texte refusé',
  '20': 'poids instable',
  '21': 'la balance n’a pas bougé depuis la dernière pesée (reposez l’article)',
  '22': 'pesée en cours',
  '30': 'poids nul ou sous le minimum',
  '31': 'poids négatif (sous zéro)',
  '32': 'balance en surcharge (au-delà de sa portée)',
};

export function dialogStatusReason(code: string): string {
  return STATUS_REASONS[code] ?? `erreur ${code} de la balance`;
}

/** The kind of refusal, for the till's message. */
export function dialogStatusFault(code: string): ScaleFault {
  const faults: Record<string, ScaleFault> = { '20': 'unstable', '22': 'unstable', '21': 'unmoved', '30': 'zero', '31': 'negative', '32': 'over' };
  return faults[code] ?? 'fault';
}

/** A weight that will settle by itself: worth asking again for a moment. */
export function isTransientStatus(code: string): boolean {
  return code === '20' || code === '22';
}

// --- Dialog 06 checksum exchange -------------------------------------------
// Every so often (power-on, after an error, every 50 weighings) a Dialog 06
// scale answers record 01 with record 11 and a random number z. The till then
// picks a 16-bit checksum CS, divides it (shifted up 16 bits) by the scale
// maker's generator polynomial to get the correction value KW, and sends
// CS rotated left by z's high nibble and KW rotated right by its low nibble.
// The polynomial is given to certified integrators under agreement: it is a
// configuration value here (the `poly` parameter of --scale), never a constant.

const rotl16 = (v: number, n: number) => ((v << n) | (v >>> (16 - n))) & 0xffff;
const rotr16 = (v: number, n: number) => ((v >>> n) | (v << (16 - n))) & 0xffff;

/** KW: the remainder of CS·2^16 divided by the generator, by the scale makers' long division. */
export function correctionValue(generator: number, checksum: number): number {
  if (!generator) return 0;
  let g = generator >>> 0;
  while (!(g & 0x80000000)) g = (g << 1) >>> 0;
  let kw = (((checksum & 0xffff) << 16) >>> 0) ^ g;
  kw >>>= 0;
  let shifts = 0;
  const align = () => {
    while (!(kw & 0x80000000) && shifts < 16) {
      kw = (kw << 1) >>> 0;
      shifts++;
    }
  };
  align();
  while (shifts < 16) {
    kw = (kw ^ g) >>> 0;
    align();
  }
  return kw >>> 16;
}

/** The two values record 10 carries, encoded with the scale's z. */
export function dialogChecksums(generator: number, z: number, checksum: number): { checksum: number; correction: number } {
  return { checksum: rotl16(checksum & 0xffff, (z >> 4) & 0xf), correction: rotr16(correctionValue(generator, checksum), z & 0xf) };
}

/** What the scale checks: decodes record 10's values with z and verifies them (used by the scale emulator). */
export function verifyDialogChecksums(generator: number, z: number, encoded: { checksum: number; correction: number }): boolean {
  const checksum = rotr16(encoded.checksum, (z >> 4) & 0xf);
  const correction = rotl16(encoded.correction, z & 0xf);
  return correctionValue(generator, checksum) === correction;
}

/** Record 10 as the scale receives it: `ESC CCCCKKKK` (hex), or null. */
export function parseChecksumRecord(text: string): { checksum: number; correction: number } | null {
  const m = /^10\u001b([0-9A-Fa-f]{4})([0-9A-Fa-f]{4})$/.exec(text);
  return m ? { checksum: parseInt(m[1]!, 16), correction: parseInt(m[2]!, 16) } : null;
}

// --- the scale's side (the emulator in the tests, `pos scale` has no use of it) ---

/** Record 02 as a scale sends it: weight in grams (3 decimals), unit price and amount in cents. */
export function encodeWeightRecord(grams: number, unitPrice: number, amount: number): Buffer {
  const r = record('02', ['3', String(grams).padStart(5, '0'), String(unitPrice).padStart(6, '0'), String(amount).padStart(6, '0')]);
  return r.subarray(1); // a scale's answers start at STX
}

export function encodeStatusRecord(code: string): Buffer {
  return record('09', [code]).subarray(1);
}

export function encodeChecksumRequest(state: '0' | '1' | '2', z = 0): Buffer {
  return record('11', [state === '2' ? `2${z.toString(16).toUpperCase().padStart(2, '0')}` : state]).subarray(1);
}

/** The records a till sends, split out of a byte stream: `01`, `08`, `10` with their text, or `ENQ`. */
export function decodeTillFrame(buffer: Buffer): { frame: { kind: 'enq' } | { kind: 'record'; text: string }; rest: Buffer } | null {
  for (let i = 0; i < buffer.length; i++) {
    if (buffer[i] === ENQ) return { frame: { kind: 'enq' }, rest: buffer.subarray(i + 1) };
    if (buffer[i] !== STX) continue;
    const end = buffer.indexOf(ETX, i + 1);
    if (end < 0) return null;
    return { frame: { kind: 'record', text: buffer.subarray(i + 1, end).toString('latin1') }, rest: buffer.subarray(end + 1) };
  }
  return null;
}
