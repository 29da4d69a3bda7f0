// kill -9 at random moments 0–900 ms after the pay key, 20 times, on
// PostgreSQL: every committed sale's receipt arrives exactly once (see receipt-kill.ts).
import { newTestDb, PG_URL, type TestDb } from '../helpers/engines.js';
import { killLoop, killSeed } from './receipt-kill.js';

const onPg = PG_URL ? describe : describe.skip;

onPg('receipts survive kill -9 after the pay key (PostgreSQL)', () => {
  let db: TestDb;
  beforeAll(() => {
    db = newTestDb('pg');
  });
  afterAll(async () => db.cleanup());

  test('20 kills, then a restart: every committed sale printed exactly once', async () => {
    await killLoop(db, killSeed());
  }, 240_000);
});
