// Opening the database: the only place that knows which engine runs below
// knex. SQLite gets WAL (a back office can read while the till writes), full
// sync (a committed sale survives a power cut) and a busy timeout; PostgreSQL
// gets its big integers back as numbers.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
// knex and pg are loaded when a database is opened, not when the program
// starts: `pos --help` and bad command lines never pay for them.
import type { Knex } from 'knex';
import * as schema001 from '../../../db/migrations/001_schema.js';
import * as liveChanges002 from '../../../db/migrations/002_live_changes.js';
import * as outbox003 from '../../../db/migrations/003_outbox.js';
import * as timeClockOrigin004 from '../../../db/migrations/004_time_clock_origin.js';
import * as timeClockServerCopy005 from '../../../db/migrations/005_time_clock_server_copy.js';
import * as receiptDelivery006 from '../../../db/migrations/006_receipt_delivery.js';
import * as journalSignatures007 from '../../../db/migrations/007_journal_signatures.js';
import * as pinLockouts008 from '../../../db/migrations/008_pin_lockouts.js';
import * as returnOrigin009 from '../../../db/migrations/009_return_origin.js';
import * as catalogueOnScreen010 from '../../../db/migrations/010_catalogue_on_screen.js';
import * as openTicketLines011 from '../../../db/migrations/011_open_ticket_lines.js';
import * as apiTokens012 from '../../../db/migrations/012_api_tokens.js';
import * as webSessions013 from '../../../db/migrations/013_web_sessions.js';
import * as orderMails014 from '../../../db/migrations/014_order_mails.js';
import * as customerSegments017 from '../../../db/migrations/017_customer_segments.js';
import * as shops018 from '../../../db/migrations/018_shops.js';
import * as transfers019 from '../../../db/migrations/019_transfers.js';
import * as webSessionShop022 from '../../../db/migrations/022_web_session_shop.js';

export type Engine = 'sqlite' | 'pg';

export interface DbTarget {
  engine: Engine;
  /** file path for SQLite, connection URL for PostgreSQL */
  location: string;
  /** PostgreSQL schema to work in (tests isolate themselves this way) */
  searchPath?: string;
  /**
   * PostgreSQL: how long one query may wait for the server's answer before it
   * fails (none by default). A till sets it, so a link gone silent sends it
   * offline instead of freezing it; reports and imports keep no limit.
   */
  queryTimeoutMs?: number;
}

export const DEFAULT_SQLITE_PATH = './data/pos.sqlite3';

/** How long a writer waits for another process's lock before giving up. */
export const BUSY_TIMEOUT_MS = 10000;

export class DbOpenError extends Error {}

export function parseDbTarget(spec: string | undefined): DbTarget {
  const value = (spec ?? '').trim() || DEFAULT_SQLITE_PATH;
  if (/^postgres(ql)?:\/\//i.test(value)) {
    const url = new URL(value);
    const searchPath = url.searchParams.get('schema') ?? undefined;
    url.searchParams.delete('schema');
    return { engine: 'pg', location: url.toString(), searchPath };
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) {
    throw new DbOpenError(`Adresse de base inconnue « ${value} » : donnez un chemin de fichier SQLite ou une URL postgres://`);
  }
  const path = value.replace(/^sqlite:(\/\/)?/i, '');
  return { engine: 'sqlite', location: resolve(path) };
}

let pgTypesSet = false;
async function usePlainNumbersForPg(): Promise<void> {
  if (pgTypesSet) return;
  pgTypesSet = true;
  const { default: pg } = await import('pg');
  // int8 (COUNT, bigInteger columns) and numeric (SUM of bigint): amounts
  // stay far below 2^53 cents, so plain numbers are exact.
  pg.types.setTypeParser(20, (v: string) => Number.parseInt(v, 10));
  pg.types.setTypeParser(1700, (v: string) => Number(v));
}

export function knexConfig(target: DbTarget): Knex.Config {
  if (target.engine === 'pg') {
    return {
      client: 'pg',
      connection: {
        connectionString: target.location,
        connectionTimeoutMillis: 5000,
        ...(target.queryTimeoutMs ? { query_timeout: target.queryTimeoutMs, keepAlive: true } : {}),
      },
      searchPath: target.searchPath ? [target.searchPath] : undefined,
      pool: { min: 0, max: 4 },
      acquireConnectionTimeout: 10000,
      log: {
        // A dropped connection is reported by the query that meets it (a till
        // selling through an outage shows it in its status bar): knex's own
        // console line would only scribble over the till's screen.
        warn(message: unknown) {
          if (!/^Connection Error/.test(String(message))) console.warn(message);
        },
      },
    };
  }
  return {
    client: 'sqlite3',
    connection: { filename: target.location },
    useNullAsDefault: true,
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: { exec(sql: string, cb: (err: Error | null) => void): void }, done: (err: Error | null, conn: unknown) => void) {
        conn.exec(
          `PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}; PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;`,
          (err) => done(err, conn),
        );
      },
    },
    acquireConnectionTimeout: 20000,
  };
}

/**
 * Opens the database and checks it answers; throws DbOpenError with one clear
 * sentence (its cause is the driver's error). `check: false` only builds the
 * handle: a till starting during an outage connects when the server is back.
 */
export async function openDb(target: DbTarget, options: { check?: boolean } = {}): Promise<Knex> {
  if (target.engine === 'sqlite') {
    try {
      mkdirSync(dirname(target.location), { recursive: true });
    } catch (err) {
      throw new DbOpenError(`Impossible de créer le dossier de la base ${dirname(target.location)} : ${(err as Error).message}`);
    }
  }
  if (target.engine === 'pg') await usePlainNumbersForPg();
  const { default: knexFactory } = await import('knex');
  const knex = knexFactory(knexConfig(target));
  if (options.check === false) return knex;
  try {
    if (target.engine === 'pg' && target.searchPath) {
      await knex.raw('CREATE SCHEMA IF NOT EXISTS ??', [target.searchPath]);
    }
    await knex.raw('select 1 as ok');
  } catch (err) {
    await knex.destroy().catch(() => undefined);
    throw new DbOpenError(`Impossible d'ouvrir la base ${describeTarget(target)} : ${(err as Error).message}`, { cause: err });
  }
  return knex;
}

export function describeTarget(target: DbTarget): string {
  if (target.engine === 'sqlite') return target.location;
  const url = new URL(target.location);
  if (url.password) url.password = '***';
  return url.toString() + (target.searchPath ? ` (schéma ${target.searchPath})` : '');
}

export function engineOf(knex: Knex): Engine {
  const client = String((knex.client as { config: Knex.Config }).config.client);
  return client === 'pg' ? 'pg' : 'sqlite';
}

/** A SQLite REAL in JSON text: SQLite always prints one with a point ("5.0", "1.0e+20"). */
const JSON_REAL = /[[,]-?\d+\./;

/**
 * Runs a select and gives each row as an array of the listed columns' values,
 * in that order: for reading hundreds of thousands of rows. Both drivers
 * build an object per row, naming (sqlite3) or parsing (pg) every column;
 * on a year of sales that cost several times the database's own reading, so
 * each row comes packed in one JSON array instead. SQLite's JSON prints a
 * REAL with 15 digits (and refuses a BLOB): rows holding one are read again
 * column by column, so the values are exactly the driver's either way.
 * PostgreSQL's columns are typed: its JSON holds the same values.
 * Columns may be qualified ('l.name'): the value read is the column's.
 */
export async function selectRowArrays(knex: Knex, query: Knex.QueryBuilder, columns: readonly string[]): Promise<unknown[][]> {
  const byColumn = async (): Promise<unknown[][]> => {
    const names = columns.map((c) => c.slice(c.lastIndexOf('.') + 1));
    const rows = (await query.clone().select(columns as string[])) as Record<string, unknown>[];
    return rows.map((r) => names.map((n) => r[n]));
  };
  const pg = engineOf(knex) === 'pg';
  const packRow = `${pg ? 'json_build_array' : 'json_array'}(${columns.map(() => '??').join(', ')}) as r`;
  let packed: Array<{ r: unknown }>;
  try {
    packed = await query.clone().select(knex.raw(packRow, columns as string[]));
  } catch (err) {
    if (!pg && /JSON cannot hold BLOB/i.test((err as Error).message)) return byColumn();
    throw err;
  }
  const rows: unknown[][] = new Array(packed.length);
  for (let i = 0; i < packed.length; i++) {
    const r = packed[i]!.r;
    if (typeof r !== 'string') {
      rows[i] = r as unknown[]; // pg parses json itself
      continue;
    }
    if (r.includes('.') && JSON_REAL.test(r)) return byColumn();
    rows[i] = JSON.parse(r) as unknown[];
  }
  return rows;
}

/**
 * After rows were written with explicit ids (the benchmark's bulk seed),
 * PostgreSQL's id sequence must continue after the largest one; SQLite's
 * autoincrement already does.
 */
export async function syncIdSequence(knex: Knex, table: string): Promise<void> {
  if (engineOf(knex) !== 'pg') return;
  await knex.raw(`SELECT setval(pg_get_serial_sequence(?, 'id'), GREATEST((SELECT MAX(id) FROM ??), 1))`, [table, table]);
}

/**
 * Runs a bulk load (the benchmark's busy shop: a million rows in one
 * transaction) with SQLite set for it, then puts the usual settings back, even
 * when the load fails: the rollback journal instead of WAL (in WAL every page
 * is written twice, to the log then to the file at the checkpoint; a rollback
 * journal only keeps the pages that existed before, few in a new shop, and a
 * failed load still leaves nothing) and a page cache of BULK_CACHE_KIB (the
 * indexes being filled stay in memory instead of spilling to disk and being
 * read back). PostgreSQL: as is.
 */
export async function withBulkLoadSettings<T>(knex: Knex, work: () => Promise<T>): Promise<T> {
  if (engineOf(knex) !== 'sqlite') return work();
  // One connection in the pool (knexConfig): these pragmas hold for the load's transaction.
  await knex.raw(`PRAGMA cache_size = -${BULK_CACHE_KIB}`);
  await knex.raw('PRAGMA journal_mode = DELETE');
  try {
    return await work();
  } finally {
    await knex.raw('PRAGMA journal_mode = WAL');
    await knex.raw(`PRAGMA cache_size = ${DEFAULT_CACHE_SIZE}`);
  }
}

/** The bulk load's page cache, in KiB: well under the 2 GB of a small till. */
const BULK_CACHE_KIB = 128 * 1024;
/** SQLite's own default (2 MiB, written as a negative number of KiB). */
const DEFAULT_CACHE_SIZE = -2000;

/** Migrations are listed here, not read from a folder, so they work from sources and from the build alike. */
/** The migration that makes the tables: applied only on a brand-new database (the NF525 « data initialised » event). */
export const FIRST_MIGRATION = '001_schema';

const MIGRATIONS: Record<string, { up(k: Knex): Promise<void>; down(k: Knex): Promise<void> }> = {
  '001_schema': schema001,
  '002_live_changes': liveChanges002,
  '003_outbox': outbox003,
  '004_time_clock_origin': timeClockOrigin004,
  '005_time_clock_server_copy': timeClockServerCopy005,
  '006_receipt_delivery': receiptDelivery006,
  '007_journal_signatures': journalSignatures007,
  '008_pin_lockouts': pinLockouts008,
  '009_return_origin': returnOrigin009,
  '010_catalogue_on_screen': catalogueOnScreen010,
  '011_open_ticket_lines': openTicketLines011,
  '012_api_tokens': apiTokens012,
  '013_web_sessions': webSessions013,
  '014_order_mails': orderMails014,
  '017_customer_segments': customerSegments017,
  '018_shops': shops018,
  '019_transfers': transfers019,
  '022_web_session_shop': webSessionShop022,
};

const migrationSource: Knex.MigrationSource<string> = {
  getMigrations: async () => Object.keys(MIGRATIONS).sort(),
  getMigrationName: (name) => name,
  getMigration: async (name) => MIGRATIONS[name]!,
};

export async function migrate(knex: Knex): Promise<string[]> {
  // Every till and command start comes here. With nothing pending, only read:
  // knex's latest() would still take its migration lock in a read-then-write
  // transaction, which a till committing a sale on the same SQLite file can
  // fail at once (SQLITE_BUSY), and which queues every start on PostgreSQL.
  const [, pending] = (await knex.migrate.list({ migrationSource })) as [unknown[], unknown[]];
  if (pending.length === 0) return [];
  const [, names] = (await knex.migrate.latest({ migrationSource })) as [number, string[]];
  return names;
}

/** Undoes the newest migration: how an upgrade is tested from the schema before it. */
export async function rollbackLast(knex: Knex): Promise<void> {
  await knex.migrate.down({ migrationSource });
}

export async function rollbackAll(knex: Knex): Promise<void> {
  await knex.migrate.rollback({ migrationSource }, true);
}
