// Where a till keeps its offline file (issue #9): only a till on a PostgreSQL
// server needs one (a SQLite till is its own local file). `--offline-db none`
// turns selling through an outage off.
import type { Command } from 'commander';
import type { DbTarget } from '../core/basics/db.service.js';

export function offlinePathOf(command: Command, target: DbTarget, tillId: number): string | null {
  if (target.engine !== 'pg') return null;
  const opts = command.optsWithGlobals() as { offlineDb?: string };
  const chosen = (opts.offlineDb ?? process.env.POS_OFFLINE_DB ?? '').trim();
  if (chosen.toLowerCase() === 'none') return null;
  return chosen || defaultOfflinePath(tillId);
}

/** The local offline file in the till's data folder, unless one is named. */
export function defaultOfflinePath(tillId: number): string {
  return `./data/till-${tillId}-offline.sqlite3`;
}
