// The Mettler Toledo 8217 protocol (also spoken by many checkout scales in
// "8217 mode"): pure encoding and decoding, no I/O.
//   till → W
//   scale → STX <weight, kg with 3 decimals, e.g. 01.250> CR   when stable and in range
//   scale → STX ? <status byte> CR                             otherwise
// Status byte bits: 0 in motion, 1 at zero, 2 RAM error, 3 EEPROM error,
// 4 under capacity (negative), 5 over capacity, 6 ROM error, 7 calibration fault.
// The scale sends no price: the till computes the amount from its own unit price.

import type { ScaleFault } from '../core/sales/scale-reading.js';

export const STX = 0x02;
export const CR = 0x0d;
export const WEIGHT_REQUEST = Buffer.from('W', 'ascii');

export type ToledoReply = { kind: 'weight'; weight: number } | { kind: 'status'; status: number } | { kind: 'unknown'; text: string };

export const TOLEDO_STATUS = {
  motion: 1 << 0,
  zero: 1 << 1,
  ram: 1 << 2,
  eeprom: 1 << 3,
  under: 1 << 4,
  over: 1 << 5,
  rom: 1 << 6,
  calibration: 1 << 7,
} as const;

/** The first whole STX … CR answer in `buffer` (bytes before STX skipped), or null while incomplete. */
export function decodeToledoReply(buffer: Buffer): { reply: ToledoReply; rest: Buffer } | null {
  const start = buffer.indexOf(STX);
  if (start < 0) return null;
  // A status answer is fixed-length: its status byte may itself be 0x0D.
  if (buffer[start + 1] === 0x3f /* ? */) {
    if (buffer.length < start + 4) return null;
    if (buffer[start + 3] === CR) return { reply: { kind: 'status', status: buffer[start + 2]! }, rest: buffer.subarray(start + 4) };
  }
  const end = buffer.indexOf(CR, start + 1);
  if (end < 0) return null;
  const rest = buffer.subarray(end + 1);
  const text = buffer.subarray(start + 1, end).toString('latin1').trim();
  const m = /^(\d{1,3})\.(\d{3})$/.exec(text);
  if (!m) return { reply: { kind: 'unknown', text }, rest };
  return { reply: { kind: 'weight', weight: Number(m[1]) * 1000 + Number(m[2]) }, rest };
}

/** Why a status answer gave no weight, as the cashier reads it. */
export function toledoStatusReason(status: number): string {
  const s = TOLEDO_STATUS;
  if (status & (s.ram | s.eeprom | s.rom | s.calibration)) return 'balance en défaut (mémoire ou étalonnage)';
  if (status & s.over) return 'balance en surcharge (au-delà de sa portée)';
  if (status & s.under) return 'poids négatif (sous zéro)';
  if (status & s.motion) return 'poids instable';
  if (status & s.zero) return 'poids nul';
  return `état ${status} de la balance`;
}

export function toledoStatusFault(status: number): ScaleFault {
  const s = TOLEDO_STATUS;
  if (status & (s.ram | s.eeprom | s.rom | s.calibration)) return 'fault';
  if (status & s.over) return 'over';
  if (status & s.under) return 'negative';
  if (status & s.motion) return 'unstable';
  return status & s.zero ? 'zero' : 'fault';
}

/** Only motion settles by itself. */
export function isTransientToledoStatus(status: number): boolean {
  return (status & ~TOLEDO_STATUS.motion & 0xff) === 0 && (status & TOLEDO_STATUS.motion) !== 0;
}

// --- the scale's side (the emulator in the tests) ---

export function encodeToledoWeight(thousandths: number): Buffer {
  const kg = Math.floor(thousandths / 1000);
  const frac = String(thousandths % 1000).padStart(3, '0');
  return Buffer.from(`\u0002${String(kg).padStart(2, '0')}.${frac}\r`, 'latin1');
}

export function encodeToledoStatus(status: number): Buffer {
  return Buffer.from([STX, 0x3f, status & 0xff, CR]);
}
