// Small helpers that keep service code the same on SQLite and PostgreSQL.
import type { Knex } from 'knex';

/** Inserts one row and returns its generated id (both engines support RETURNING). */
export async function insertId(knex: Knex, table: string, row: Record<string, unknown>): Promise<number> {
  const result = (await knex(table).insert(row).returning('id')) as Array<{ id: number } | number>;
  const first = result[0];
  return typeof first === 'object' ? Number(first.id) : Number(first);
}

/** Inserts many rows in chunks (SQLite limits bound parameters per statement). */
export async function insertMany(knex: Knex, table: string, rows: Record<string, unknown>[], chunk = 100): Promise<void> {
  for (let i = 0; i < rows.length; i += chunk) {
    await knex(table).insert(rows.slice(i, i + chunk));
  }
}
