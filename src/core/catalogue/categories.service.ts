// The categories: the till's tabs (name, colour, order). Every change bumps
// the catalogue marker, so the tills reload their tabs.
import type { Knex } from 'knex';
import { checkTextField } from '../basics/text-fields.js';
import { InputError, NotFoundError, ValidationError } from '../basics/errors.js';
import { insertId } from '../basics/rows.service.js';
import { num } from '../basics/row-values.js';
import { foldForSearch } from '../basics/text.js';
import { writeTransaction } from '../basics/transaction.service.js';
import { bumpChange } from '../shop/live-changes.service.js';
import { checkCategoryColour, moveInList } from './article-rules.js';
import { systemClock, type Clock } from '../basics/clock.js';
import { checkRecordVersion } from '../basics/row-version.js';
import { audited, type Actor } from '../fiscal/audit.service.js';
import type { Category } from './article.js';

function toCategory(r: Record<string, unknown>): Category {
  return { id: num(r.id), name: String(r.name), color: String(r.color), sortOrder: num(r.sort_order) };
}

export class CategoriesService {
  constructor(private readonly knex: Knex, private readonly clock: Clock = systemClock) {}

  /** `actor` (the HTTP API's): audited under it, in the same transaction. */
  async create(input: { name: string; color: string; sortOrder?: number }, actor?: Actor): Promise<Category> {
    if (actor) return audited(this.knex, actor, this.clock, (trx) => new CategoriesService(trx, this.clock).create(input), (c) => ({ kind: 'category', details: { action: 'add', category: c.id, name: c.name } }));
    if (!input.name.trim()) throw new InputError('Nom de catégorie obligatoire');
    checkTextField('categoryName', input.name.trim());
    const color = checkCategoryColour(input.color);
    if (await this.byName(input.name)) throw new ValidationError(`La catégorie « ${input.name.trim()} » existe déjà`);
    const sortOrder = input.sortOrder ?? 0;
    const id = await insertId(this.knex, 'categories', { name: input.name.trim(), color, sort_order: sortOrder });
    await bumpChange(this.knex, 'catalog');
    return { id, name: input.name.trim(), color, sortOrder };
  }

  /** The tabs the till shows (hidden categories left out), in their order. */
  async visible(): Promise<Category[]> {
    return (await this.knex('categories').where({ active: true }).orderBy(['sort_order', 'name'])).map(toCategory);
  }

  /** Every category, hidden ones included (the back office shows them all). */
  async all(): Promise<Category[]> {
    return (await this.knex('categories').orderBy(['sort_order', 'name'])).map(toCategory);
  }

  /** The category of that name, accents and case ignored. */
  async byName(name: string): Promise<Category | null> {
    const wanted = foldForSearch(name);
    return (await this.all()).find((c) => foldForSearch(c.name) === wanted) ?? null;
  }

  async get(id: number): Promise<Category | null> {
    const r = await this.knex('categories').where({ id }).first();
    return r ? toCategory(r) : null;
  }

  /**
   * Renames, recolours or moves a category; a name already taken is refused.
   * `guard`: audited under its actor, refused (StaleVersionError) if the
   * category is no longer the version the writer read.
   */
  async update(id: number, patch: { name?: string; color?: string; sortOrder?: number }, guard: { actor?: Actor; ifVersion?: string } = {}): Promise<Category> {
    if (guard.actor) {
      return audited(this.knex, guard.actor, this.clock, (trx) => new CategoriesService(trx, this.clock).update(id, patch, { ifVersion: guard.ifVersion }), (c) => ({ kind: 'category', details: { action: 'set', category: c.id, fields: Object.keys(patch) } }));
    }
    if (guard.ifVersion !== undefined) {
      return writeTransaction(this.knex, async (trx) => {
        const current = await new CategoriesService(trx, this.clock).get(id);
        if (!current) throw new NotFoundError(`Catégorie ${id} introuvable`);
        checkRecordVersion(current, guard.ifVersion);
        return new CategoriesService(trx, this.clock).update(id, patch);
      });
    }
    const row: Record<string, unknown> = {};
    if (patch.name !== undefined) {
      const name = patch.name.trim();
      if (!name) throw new ValidationError('Nom de catégorie obligatoire');
      checkTextField('categoryName', name);
      const same = await this.byName(name);
      if (same && same.id !== id) throw new ValidationError(`La catégorie « ${same.name} » existe déjà`);
      row.name = name;
    }
    if (patch.color !== undefined) row.color = checkCategoryColour(patch.color);
    if (patch.sortOrder !== undefined) {
      if (!Number.isInteger(patch.sortOrder) || patch.sortOrder < 0 || patch.sortOrder > 10_000) throw new InputError(`Ordre invalide : ${patch.sortOrder}`);
      row.sort_order = patch.sortOrder;
    }
    if (Object.keys(row).length) {
      const updated = await this.knex('categories').where({ id }).update(row);
      if (updated !== 1) throw new NotFoundError(`Catégorie ${id} introuvable`);
      await bumpChange(this.knex, 'catalog');
    }
    const r = await this.knex('categories').where({ id }).first();
    if (!r) throw new NotFoundError(`Catégorie ${id} introuvable`);
    return toCategory(r);
  }

  /** Moves a category to a place among the tabs (0 first) and renumbers them all 1, 2, 3… */
  async move(id: number, toIndex: number): Promise<Category[]> {
    const ids = moveInList((await this.all()).map((c) => c.id), id, toIndex);
    await writeTransaction(this.knex, async (trx) => {
      for (const [i, categoryId] of ids.entries()) await trx('categories').where({ id: categoryId }).update({ sort_order: i + 1 });
      await bumpChange(trx, 'catalog');
    });
    return this.all();
  }
}
