// The shop the till's measures run on when the data side (bench/data.mjs) did
// not generate it: BENCH_DB (a prepared SQLite file, copied so the bench never
// changes it), else the busy shop (`pos db seed --busy`, 100,000 articles at
// BENCH_SCALE=1, when BENCH_SCALE is not one of BENCH_SCALES) when this build
// has it, else the demo shop.
import { spawnSync } from 'node:child_process';
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const POS = fileURLToPath(new URL('../bin/pos', import.meta.url));

function pos(args) {
  const r = spawnSync(process.execPath, [POS, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  if (r.status !== 0) throw new Error(`pos ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** Returns { db, shop } where shop says in words which data the figures come from. */
export function prepareDatabase(dir) {
  const db = join(dir, 'pos.sqlite3');
  if (process.env.BENCH_DB) {
    copyFileSync(process.env.BENCH_DB, db);
    return { db, shop: `BENCH_DB ${process.env.BENCH_DB}` };
  }
  if (/--busy\b/.test(pos(['db', 'seed', '--help']))) {
    const scale = process.env.BENCH_SCALE ?? '1';
    pos(['db', 'seed', '--busy', '--size', scale, '--db', db]);
    return { db, shop: `busy shop, scale ${scale}` };
  }
  pos(['db', 'seed', '--demo', '--days', '14', '--db', db]);
  return { db, shop: 'demo shop (this build has no `pos db seed --busy` yet)' };
}
