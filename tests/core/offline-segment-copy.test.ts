// A till's local offline copy of the catalogue holds the promotions limited to
// a customer segment, and so the saved segments they point to: without them
// the local file (foreign keys on) would refuse the whole copy.
import { LocalCache } from '../../src/core/shop/local-cache.service.js';
import { NO_CRITERIA } from '../../src/core/customers/segment.js';
import type { Core } from '../../src/core/shop/core.service.js';
import { newTestDb, type TestDb } from '../helpers/engines.js';
import { smallShop } from '../helpers/shop.js';

describe('the offline copy and customer segments', () => {
  const dbs: TestDb[] = [];
  const cores: Core[] = [];
  afterAll(async () => {
    for (const core of cores) await core.close();
    for (const db of dbs) await db.cleanup();
  });

  test('a promotion for a segment and its segment reach the local copy', async () => {
    const [serverDb, localDb] = [newTestDb('sqlite'), newTestDb('sqlite')];
    dbs.push(serverDb, localDb);
    const server = await serverDb.core();
    const local = await localDb.core();
    cores.push(server, local);
    const shop = await smallShop(server);
    const segment = await server.segments.save('Habitués', { ...NO_CRITERIA, minVisits: 2 });
    const promo = await server.promotions.create({ name: 'Habitués -10 %', kind: 'percent', articleId: shop.wine.id, value: 1000, from: '2026-01-01', to: '2030-12-31', customerSegmentId: segment.id });
    await new LocalCache(server.knex, local.knex, server.tillId).refreshCatalogue();
    expect((await local.promotions.get(promo.id))).toMatchObject({ customerSegmentId: segment.id, segmentName: 'Habitués' });
    expect((await local.segments.byName('Habitués')).criteria.minVisits).toBe(2);
    // Offline, nobody is on the ticket: the promotion is not applied to a ticket without customer.
    expect((await local.promotions.pricingFor(null, new Date())).promotions.map((p) => p.id)).not.toContain(promo.id);
  });
});
