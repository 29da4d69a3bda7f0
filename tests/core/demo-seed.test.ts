// The demo shop's history is closed as a shop closes it: each past day with
// sales has its Z (the cash counted as expected, no difference), each finished
// month its closing, today is left open for the user's own sales, and the
// journal still verifies. The archive and FEC examples of the README rely on it.
import { seedDemo } from '../../db/seeds/demo.js';
import type { Core } from '../../src/core/shop/core.service.js';
import { ENGINES, newTestDb, type TestDb } from '../helpers/engines.js';

describe.each(ENGINES)('the demo history on %s', (engine) => {
  let db: TestDb;
  let core: Core;
  const now = new Date(2026, 11, 3, 9, 0, 0); // 3 Dec 2026: eight days back reach November

  beforeAll(async () => {
    db = newTestDb(engine);
    core = await db.core({ clock: () => now });
    await seedDemo(core, { days: 8, now });
  }, 120_000);
  afterAll(async () => {
    await core.close();
    await db.cleanup();
  });

  test('every past day with sales has its Z with no difference; November is closed; today is open', async () => {
    const days = (await core.knex('sales').distinct('business_date').orderBy('business_date')).map((r) => String(r.business_date));
    expect(days.length).toBeGreaterThan(4);
    const closings = await core.closings.list({});
    const dayClosings = closings.filter((c) => c.kind === 'day');
    expect(dayClosings.map((c) => c.period).sort()).toEqual(days);
    for (const c of dayClosings) expect([c.period, c.totals.difference]).toEqual([c.period, 0]);
    expect(closings.filter((c) => c.kind === 'month').map((c) => c.period)).toEqual(['2026-11']);
    expect(days).not.toContain('2026-12-03');
    expect((await core.closings.xReport('2026-12-03')).closed).toBe(false);
    const verified = await core.journal.verify();
    expect(verified.ok).toBe(true);
  });
});
