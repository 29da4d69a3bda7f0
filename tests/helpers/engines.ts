// Runs the same service tests on a real SQLite file and on a real PostgreSQL
// server. Each core gets its own SQLite file or its own PostgreSQL schema, so
// test files can run in parallel and leave nothing behind.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import knexFactory from 'knex';
import { openCore, type Core, type CoreConfig } from '../../src/core/shop/core.service.js';
import type { Engine } from '../../src/core/basics/db.service.js';

export const PG_URL = process.env.POS_TEST_PG_URL ?? '';

/** The engines to run on: SQLite always, PostgreSQL when global-setup found it. */
export const ENGINES: Engine[] = PG_URL ? ['sqlite', 'pg'] : ['sqlite'];

let counter = 0;

export interface TestDb {
  engine: Engine;
  /** what `--db` would be for the CLI */
  spec: string;
  core(config?: Omit<CoreConfig, 'db'>): Promise<Core>;
  cleanup(): Promise<void>;
}

export function newTestDb(engine: Engine): TestDb {
  counter += 1;
  if (engine === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'pos-test-'));
    const file = join(dir, 'pos.sqlite3');
    return {
      engine,
      spec: file,
      core: (config = {}) => openCore({ ...config, db: file }),
      cleanup: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const schema = `t_${process.pid}_${counter}_${Math.random().toString(36).slice(2, 8)}`;
  const url = new URL(PG_URL);
  url.searchParams.set('schema', schema);
  return {
    engine,
    spec: url.toString(),
    core: (config = {}) => openCore({ ...config, db: { engine: 'pg', location: PG_URL, searchPath: schema } }),
    cleanup: async () => {
      const knex = knexFactory({ client: 'pg', connection: PG_URL });
      try {
        await knex.raw('DROP SCHEMA IF EXISTS ?? CASCADE', [schema]);
      } finally {
        await knex.destroy();
      }
    },
  };
}
