// A real database failure at a chosen write: a temporary trigger makes one
// kind of statement on one table raise, on SQLite and on PostgreSQL alike, so
// a test can break an operation halfway (before or after its audit event)
// and check that the transaction left nothing behind.
import type { Knex } from 'knex';
import { engineOf } from '../../src/core/basics/db.service.js';

export const REFUSED = 'refused by the test trigger';

let serial = 0;

/** Makes every `op` on `table` fail until the returned function is called (it drops the trigger). */
export async function refuseWrites(knex: Knex, table: string, op: 'INSERT' | 'UPDATE' | 'DELETE'): Promise<() => Promise<void>> {
  serial += 1;
  const name = `test_refuse_${table}_${op.toLowerCase()}_${serial}`;
  if (engineOf(knex) === 'sqlite') {
    await knex.raw(`CREATE TRIGGER ${name} BEFORE ${op} ON ${table} BEGIN SELECT RAISE(ABORT, '${REFUSED}'); END`);
    return async () => void (await knex.raw(`DROP TRIGGER ${name}`));
  }
  await knex.raw(`CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${REFUSED}'; END $$`);
  await knex.raw(`CREATE TRIGGER ${name} BEFORE ${op} ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}()`);
  return async () => {
    await knex.raw(`DROP TRIGGER ${name} ON ${table}`);
    await knex.raw(`DROP FUNCTION ${name}()`);
  };
}

/** Runs `work` while `op` on `table` is refused, and expects it to fail with the trigger's error. */
export async function expectRefused(knex: Knex, table: string, op: 'INSERT' | 'UPDATE' | 'DELETE', work: () => Promise<unknown>): Promise<void> {
  const allow = await refuseWrites(knex, table, op);
  try {
    await expect(work()).rejects.toThrow(REFUSED);
  } finally {
    await allow();
  }
}
