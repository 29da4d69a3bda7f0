// What a report, a consolidated closing or a FEC covers (issue #22): one shop
// — the sales, closings and events of its tills — or the company, every till.
// A sale's shop is its till's (sales.till_id → tills.shop_id): the till, not
// the sale, carries the shop, so a filter is "till in the shop's tills".
import type { Knex } from 'knex';

/** One shop (its id) or the whole company. */
export type ShopScope = number | 'company';

/** The ids of a shop's tills, as a subquery for whereIn (no round trip). */
export function tillsOfShop(knex: Knex, shopId: number): Knex.QueryBuilder {
  return knex('tills').where('shop_id', shopId).select('id');
}

/** Restricts a query to one shop's tills through its till column; the company keeps every row. */
export function whereTillInShop<Q extends Knex.QueryBuilder>(knex: Knex, q: Q, tillColumn: string, shopId: number | undefined): Q {
  if (shopId !== undefined) q.whereIn(tillColumn, tillsOfShop(knex, shopId));
  return q;
}
