// Write transactions that retry by themselves when the database says "try
// again" (PostgreSQL serialization failure or deadlock, SQLite busy): a
// cashier never sees those, the sale simply goes through a moment later.
import type { Knex } from 'knex';
import { engineOf } from './db.service.js';

const RETRYABLE_PG_CODES = new Set(['40001', '40P01']);

export function isRetryable(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; message?: string } | null;
  if (!e) return false;
  if (e.code && RETRYABLE_PG_CODES.has(e.code)) return true;
  return e.code === 'SQLITE_BUSY' || /SQLITE_BUSY|database is locked/.test(e.message ?? '');
}

/**
 * A write that matches no row, run as the first statement of a SQLite write
 * transaction. knex opens SQLite transactions with a deferred BEGIN, so a
 * transaction that reads first only holds a read snapshot; if another process
 * (the back office, another till) commits in between, the later write fails at
 * once with SQLITE_BUSY_SNAPSHOT and the busy timeout cannot help. Any UPDATE
 * takes the write lock when it starts, even when it changes nothing, and while
 * it waits for that lock SQLite honours the busy timeout: the transaction then
 * behaves as BEGIN IMMEDIATE, waiting its turn instead of failing halfway.
 * (tests/core/transaction.test.ts checks that it really holds the lock.)
 */
export const SQLITE_TAKE_WRITE_LOCK = 'UPDATE tills SET id = id WHERE 0';

export interface WriteTransactionOptions {
  /** tries before a "try again" reaches the caller (default 8) */
  attempts?: number;
  /**
   * The work's first statement writes (an UPDATE that takes SQLite's write
   * lock itself, waiting its turn): the lock-taking statement is not needed,
   * one round trip less (the sale's transaction).
   */
  startsWithWrite?: boolean;
}

export async function writeTransaction<T>(knex: Knex, work: (trx: Knex.Transaction) => Promise<T>, options: WriteTransactionOptions = {}): Promise<T> {
  const attempts = options.attempts ?? 8;
  // Inside a caller's transaction: a savepoint, no lock (the outer one holds
  // it) and no retry (a failed outer transaction must be retried as a whole).
  if (knex.isTransaction) return knex.transaction(work);
  const takeWriteLockFirst = engineOf(knex) === 'sqlite' && !options.startsWithWrite;
  for (let attempt = 1; ; attempt++) {
    try {
      return await knex.transaction(async (trx) => {
        if (takeWriteLockFirst) await trx.raw(SQLITE_TAKE_WRITE_LOCK);
        return work(trx);
      });
    } catch (err) {
      if (attempt >= attempts || !isRetryable(err)) throw err;
      // Back off a little, with jitter, so two tills don't collide again.
      await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt) * (0.5 + Math.random())));
    }
  }
}
