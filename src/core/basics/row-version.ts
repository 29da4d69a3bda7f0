// The version of a record as an outside system last read it, for updates
// guarded by it (the API's ETag / If-Match): a hash of the record as the core
// returns it. A hash rather than the row's updated_at, because two writes in
// the same millisecond (or a write that leaves updated_at alone, as a sale's
// stock move does) would leave a timestamp unchanged, while any change of what
// the reader saw changes the hash. Pure.
import { createHash } from 'node:crypto';
import { PosError } from './errors.js';

/** 16 hex digits of the SHA-256 of the record's JSON (keys in the order the core builds them). */
export function recordVersion(record: unknown): string {
  return createHash('sha256').update(JSON.stringify(record)).digest('hex').slice(0, 16);
}

/** The record changed since the caller read it: nothing was written. */
export class StaleVersionError extends PosError {
  constructor(readonly current: string) {
    super("L'enregistrement a changé depuis sa lecture : relisez-le avant de le modifier", 'STALE');
    this.name = 'StaleVersionError';
  }
}

/** Throws StaleVersionError when `expected` is given and differs from the record's version. */
export function checkRecordVersion(record: unknown, expected: string | undefined): void {
  if (expected === undefined) return;
  const current = recordVersion(record);
  if (current !== expected) throw new StaleVersionError(current);
}
