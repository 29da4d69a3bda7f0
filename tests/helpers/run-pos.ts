// Runs the real, compiled `pos` program as a child process.
import { spawnSync } from 'node:child_process';
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
    env: { ...process.env, POS_DB: '', POS_TILL: '', ...env },
    timeout: 120_000,
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
