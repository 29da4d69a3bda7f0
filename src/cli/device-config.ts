// Which devices this till drives: flags first (--printer, --scanner,
// --display, --scale), then the environment (POS_PRINTER, POS_SCANNER, POS_DISPLAY, POS_SCALE),
// then pos.config.json beside the database, then the defaults.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Command } from 'commander';
import { parseDbTarget } from '../core/basics/db.service.js';
import { UsageError } from './context.js';

export interface DeviceConfig {
  printer?: string;
  scanner?: string;
  display?: string;
  scale?: string;
}

const KEYS = ['printer', 'scanner', 'display', 'scale'] as const;
type DeviceKind = (typeof KEYS)[number];
const ENV: Record<DeviceKind, string> = { printer: 'POS_PRINTER', scanner: 'POS_SCANNER', display: 'POS_DISPLAY', scale: 'POS_SCALE' };

export function configPath(db: string | undefined): string {
  const target = parseDbTarget(db);
  return target.engine === 'sqlite' ? join(dirname(target.location), 'pos.config.json') : join(process.cwd(), 'pos.config.json');
}

/** Reads pos.config.json; a malformed file is refused with its path and the reason. */
export function readDeviceConfig(db: string | undefined): DeviceConfig {
  const path = configPath(db);
  if (!existsSync(path)) return {};
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`${path} : JSON illisible (${(err as Error).message})`);
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`${path} : un objet JSON est attendu`);
  const config: DeviceConfig = {};
  for (const [key, v] of Object.entries(value)) {
    if (!(KEYS as readonly string[]).includes(key)) throw new UsageError(`${path} : clé inconnue « ${key} » (${KEYS.join(', ')})`);
    if (typeof v !== 'string') throw new UsageError(`${path} : « ${key} » doit être une chaîne`);
    config[key as DeviceKind] = v;
  }
  return config;
}

/** The address of one device for this command. */
export function deviceUri(kind: DeviceKind, command: Command, fallback?: string): string | undefined {
  const opts = command.optsWithGlobals() as Record<string, string | undefined>;
  return opts[kind] ?? process.env[ENV[kind]] ?? readDeviceConfig(opts.db ?? process.env.POS_DB)[kind] ?? fallback;
}

/** Receipts go to a file beside the SQLite database until a printer is named. */
export function defaultPrinterUri(db: string | undefined, tillId: number): string {
  const target = parseDbTarget(db);
  const dir = target.engine === 'sqlite' ? dirname(target.location) : join(process.cwd(), 'data');
  return `file:${join(dir, tillId === 1 ? 'receipts.txt' : `receipts-till-${tillId}.txt`)}`;
}
