// Change markers: a counter per topic a till reloads whole when it moves
// (categories and VAT rates, promotions and level prices). Article changes are
// found by articles.changed_at instead (see CatalogService.changedSince).
import type { Knex } from 'knex';
import { num } from '../basics/row-values.js';

export type ChangeTopic = 'catalog' | 'pricing';

export type ChangeMarkers = Record<ChangeTopic, number>;

/** Moves a topic's marker; call it inside the write's transaction when there is one. */
export async function bumpChange(knex: Knex, topic: ChangeTopic): Promise<void> {
  await knex('change_markers').where({ topic }).increment('version', 1);
}

/** Every topic's marker, in one small read. */
export async function changeMarkers(knex: Knex): Promise<ChangeMarkers> {
  const markers: ChangeMarkers = { catalog: 0, pricing: 0 };
  for (const r of await knex('change_markers').select('topic', 'version')) {
    if (r.topic === 'catalog' || r.topic === 'pricing') markers[r.topic as ChangeTopic] = num(r.version);
  }
  return markers;
}
