// Two shops of one company for the per-shop reports, closings and FEC: the
// FEC tests' sales (helpers/fec-shop.ts) with till 2 placed in a second shop
// (« port ») before it sells: till 1 sells in shop 1 on the closed days of
// March 2026 and on an open day, till 2 sells one card sale of 4,50 in the
// port shop on 2026-03-11 and makes its Z.
import type { Core } from '../../src/core/shop/core.service.js';
import type { SmallShop } from './shop.js';
import { fecShop, type FecShop } from './fec-shop.js';
import type { TestDb } from './engines.js';

export const PORT = { code: 'port', name: 'Épicerie du Port' };

/** Opens shop 2, places till 2 in it, sells; returns till 2's core (the caller closes it). */
export async function twoShops(db: TestDb, core: Core, shop: SmallShop, setNow: (d: Date) => void, clock: () => Date): Promise<FecShop & { till2: Core }> {
  const actor = { employeeId: shop.manager.id, tillId: 1 };
  await core.shops.add(PORT, actor);
  await core.shops.placeTill(2, 2, actor);
  // The manager and the cashier work in both shops (staff per shop): the owner assigns them.
  const owner = await core.staff.create({ name: 'Anne Patronne', role: 'owner', pin: '739184' });
  for (const who of [shop.manager, shop.cashier]) await core.staff.assignShop(who.id, 2, { employeeId: owner.id, tillId: 1 });
  const till2 = await db.core({ tillId: 2, clock });
  const made = await fecShop(core, shop, setNow, till2);
  return { ...made, till2 };
}
