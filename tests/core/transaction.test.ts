// writeTransaction on SQLite takes the write lock as its first statement, so
// a transaction that reads before it writes waits for another writer instead
// of failing halfway with SQLITE_BUSY_SNAPSHOT.
import knexFactory, { type Knex } from 'knex';
import type { Core } from '../../src/core/shop/core.service.js';
import { writeTransaction } from '../../src/core/basics/transaction.service.js';
import { newTestDb, type TestDb } from '../helpers/engines.js';

describe('writeTransaction on SQLite', () => {
  let db: TestDb;
  let till: Core;
  let backOffice: Core;
  let impatient: Knex;
  beforeAll(async () => {
    db = newTestDb('sqlite');
    till = await db.core({ tillId: 1 });
    backOffice = await db.core({ tillId: 2 });
    // A third connection that never waits: it tells whether the lock is free.
    impatient = knexFactory({
      client: 'sqlite3',
      connection: { filename: db.spec },
      useNullAsDefault: true,
      pool: { min: 1, max: 1, afterCreate: (c: { exec: Function }, done: Function) => c.exec('PRAGMA busy_timeout = 0', (e: Error | null) => done(e, c)) },
    });
  });
  afterAll(async () => {
    await impatient.destroy();
    await till.close();
    await backOffice.close();
    await db.cleanup();
  });

  async function writeLockIsFree(): Promise<boolean> {
    try {
      await impatient.raw('BEGIN IMMEDIATE');
      await impatient.raw('ROLLBACK');
      return true;
    } catch (err) {
      expect(String(err)).toMatch(/SQLITE_BUSY/);
      return false;
    }
  }

  test('holds the write lock before the work has written anything', async () => {
    expect(await writeLockIsFree()).toBe(true);
    const seenInside = await writeTransaction(till.knex, async (trx) => {
      await trx('tills').first();
      return writeLockIsFree();
    });
    expect(seenInside).toBe(false);
    expect(await writeLockIsFree()).toBe(true);
  });

  test('a read-then-write transaction meeting another writer runs once, and the other writer waits its turn', async () => {
    let runs = 0;
    let started!: () => void;
    const insideTill = new Promise<void>((r) => (started = r));
    const sale = writeTransaction(till.knex, async (trx) => {
      runs += 1;
      const before = await trx('tills').where({ id: 1 }).first();
      started();
      // Give the back office every chance to commit in between.
      await new Promise((r) => setTimeout(r, 150));
      await trx('tills').where({ id: 1 }).update({ name: `${String(before.name)}+` });
    });
    await insideTill;
    const edit = writeTransaction(backOffice.knex, (trx) => trx('tills').where({ id: 1 }).update({ name: 'Bureau' }));
    await Promise.all([sale, edit]);
    expect(runs).toBe(1);
    // The back office waited for the till, so its edit came last.
    expect((await till.knex('tills').where({ id: 1 }).first()).name).toBe('Bureau');
  });

  test('inside a caller transaction it is a savepoint, rolled back with its caller', async () => {
    await expect(
      writeTransaction(till.knex, async (trx) => {
        await writeTransaction(trx, (inner) => inner('tills').where({ id: 1 }).update({ name: 'Jamais' }));
        throw new Error('annulé');
      }),
    ).rejects.toThrow('annulé');
    expect((await till.knex('tills').where({ id: 1 }).first()).name).toBe('Bureau');
  });
});
