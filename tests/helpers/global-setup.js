// Decides once, before any test file runs, whether the PostgreSQL tests run:
// POS_TEST_PG_URL, or the local server if it answers. In CI (CI=true) they
// must run, so an unreachable server fails the whole run instead of skipping.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const DEFAULT_URL = 'postgres://postgres@127.0.0.1:5432/test';

export default async function globalSetup() {
  // The tests run bin/pos as a user does, through the esbuild bundle; without
  // it bin/pos would quietly run the tsc output, which no user runs.
  if (!existsSync(new URL('../../dist/bundle/main.js', import.meta.url))) {
    throw new Error('dist/bundle/main.js is missing: run `npm run build` (npm test does) before the tests');
  }
  // The tills' signing keys of the whole run go to a temporary folder (removed
  // by global-teardown.js), never to the user's data or home: every test
  // process and every pos it starts inherits POS_KEY_DIR.
  process.env.POS_KEY_DIR = mkdtempSync(join(tmpdir(), 'pos-test-keys-'));
  const url = process.env.POS_TEST_PG_URL || DEFAULT_URL;
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    process.env.POS_TEST_PG_URL = url;
  } catch (err) {
    if (process.env.CI === 'true' || process.env.POS_TEST_PG_REQUIRED === '1') {
      throw new Error(`PostgreSQL is required for the tests but ${url} does not answer: ${err.message}`);
    }
    process.stderr.write(`\n[tests] PostgreSQL at ${url} does not answer (${err.message}): PostgreSQL tests are skipped.\n`);
    process.env.POS_TEST_PG_URL = '';
  } finally {
    await client.end().catch(() => {});
  }
}
