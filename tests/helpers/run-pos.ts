// Runs the real, compiled `pos` program as a child process.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const POS_BIN = `${ROOT}bin/pos`;

export interface PosResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runPos(args: string[], env: Record<string, string> = {}): PosResult {
  const result = spawnSync(process.execPath, [POS_BIN, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, POS_DB: '', POS_TILL: '', POS_SHOP: '', ...env },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** The same, without blocking the test's event loop (needed when the test itself serves a device). */
export function runPosAsync(args: string[], env: Record<string, string> = {}): Promise<PosResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [POS_BIN, ...args], { cwd: ROOT, env: { ...process.env, POS_DB: '', POS_TILL: '', POS_SHOP: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A demo shop (one day of sales) in a fresh temporary folder, made by `pos db seed --demo`; `remove()` deletes the folder. */
export function seededDemoShop(prefix: string): { dir: string; db: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const db = join(dir, 'shop.sqlite3');
  const r = runPos(['db', 'seed', '--demo', '--days', '1', '--db', db]);
  if (r.code !== 0) throw new Error(r.stderr);
  return { dir, db, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
