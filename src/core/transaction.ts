// Write transactions that retry by themselves when the database says "try
// again" (PostgreSQL serialization failure or deadlock, SQLite busy): a
// cashier never sees those, the sale simply goes through a moment later.
import type { Knex } from 'knex';

const RETRYABLE_PG_CODES = new Set(['40001', '40P01']);

export function isRetryable(err: unknown): boolean {
  const e = err as { code?: string; errno?: number; message?: string } | null;
  if (!e) return false;
  if (e.code && RETRYABLE_PG_CODES.has(e.code)) return true;
  return e.code === 'SQLITE_BUSY' || /SQLITE_BUSY|database is locked/.test(e.message ?? '');
}

export async function writeTransaction<T>(knex: Knex, work: (trx: Knex.Transaction) => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await knex.transaction(work);
    } catch (err) {
      if (attempt >= attempts || !isRetryable(err)) throw err;
      // Back off a little, with jitter, so two tills don't collide again.
      await new Promise((r) => setTimeout(r, Math.min(1000, 20 * 2 ** attempt) * (0.5 + Math.random())));
    }
  }
}
