// kill -9 at random moments 0–900 ms after the pay key, 20 times, on SQLite:
// every committed sale's receipt arrives exactly once (see receipt-kill.ts).
import { newTestDb, type TestDb } from '../helpers/engines.js';
import { killLoop, killSeed } from './receipt-kill.js';

describe('receipts survive kill -9 after the pay key (SQLite)', () => {
  let db: TestDb;
  beforeAll(() => {
    db = newTestDb('sqlite');
  });
  afterAll(async () => db.cleanup());

  test('20 kills, then a restart: every committed sale printed exactly once', async () => {
    await killLoop(db, killSeed());
  }, 240_000);
});
