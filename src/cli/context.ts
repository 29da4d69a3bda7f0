// What every command shares: the global options (--db, --till, --lang) turned
// into an open core, and the one way to fail — a sentence on stderr and an
// exit code (2 for bad input — the command line, a file, a field — 1 for anything else).
import { InvalidArgumentError, type Command } from 'commander';
import { calendarDateMessage, isCalendarDate } from '../core/basics/calendar.js';
import { actorOf, type Actor } from '../core/fiscal/audit.service.js';
import type { Core } from '../core/shop/core.service.js';
import { DbOpenError } from '../core/basics/db.service.js';
import { InputError, NotFoundError, PosError } from '../core/basics/errors.js';
import { driverRefusal } from '../core/basics/db-errors.js';
import { isGuardedAction, roleAtLeast, type GuardedAction } from '../core/staff/permissions.js';
import { ROLE_LABELS, type Employee, type Role } from '../core/staff/staff.js';

export interface GlobalOptions {
  db?: string;
  till?: number;
  lang?: 'fr' | 'en';
  /** the folder of the tills' signing key files (--key-dir, env POS_KEY_DIR) */
  keyDir?: string;
  /** the shop a command acts for, by code or number (--shop, env POS_SHOP); else the till's */
  shop?: string;
}

/** A command line that can't be run as typed: exit code 2. */
export class UsageError extends Error {}

/** Runs work whose every input came from the command line: a refusal is a usage error (exit 2), a refused PIN is not (exit 1). */
export async function fromArguments<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof PosError && err.code !== 'PIN') throw new UsageError(err.message);
    throw err;
  }
}

export function parsePositiveInt(name: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 1_000_000) {
      throw new InvalidArgumentError(`${name} attend un entier positif (reçu « ${value} »)`);
    }
    return Number(value);
  };
}

/** A date argument: `AAAA-MM-JJ` naming a day that exists (2026-02-30 is a usage error, exit 2). */
export function parseCalendarDate(name: string) {
  return (value: string): string => {
    if (!isCalendarDate(value)) throw new InvalidArgumentError(calendarDateMessage(name, value));
    return value;
  };
}

export function parseLang(value: string): 'fr' | 'en' {
  if (value !== 'fr' && value !== 'en') throw new InvalidArgumentError(`langue « ${value} » inconnue (fr ou en)`);
  return value;
}

export function globalsOf(command: Command): GlobalOptions {
  const opts = command.optsWithGlobals() as GlobalOptions;
  const envTill = process.env.POS_TILL;
  let till = opts.till;
  if (till === undefined && envTill) {
    if (!/^\d+$/.test(envTill) || Number(envTill) < 1) throw new UsageError(`POS_TILL attend un entier positif (reçu « ${envTill} »)`);
    till = Number(envTill);
  }
  const keyDir = ((opts as { keyDir?: string }).keyDir ?? process.env.POS_KEY_DIR ?? '').trim() || undefined;
  const shop = ((opts as { shop?: string }).shop ?? process.env.POS_SHOP ?? '').trim() || undefined;
  return { db: opts.db ?? process.env.POS_DB, till: till ?? 1, lang: opts.lang ?? (process.env.POS_LANG === 'en' ? 'en' : 'fr'), keyDir, shop };
}

/** Opens the core for a command, runs it, and always closes the database. */
export async function withCore<T>(
  command: Command,
  work: (core: Core, globals: GlobalOptions) => Promise<T>,
  options: { registerTill?: boolean } = {},
): Promise<T> {
  const globals = globalsOf(command);
  // Loaded here, not at start-up: help and bad command lines don't need the services.
  const { openCore } = await import('../core/shop/core.service.js');
  const core = await openCore({ db: globals.db, tillId: globals.till, registerTill: options.registerTill, keyDir: globals.keyDir, shop: globals.shop }).catch((err: unknown) => {
    // An unknown --shop is a bad command line (exit 2); anything else keeps its own code (a missing key file: 1).
    if (globals.shop !== undefined && err instanceof NotFoundError) throw new UsageError(err.message);
    throw err;
  });
  try {
    return await work(core, globals);
  } finally {
    await core.close();
  }
}

/**
 * The employee behind --pin (or POS_PIN) who may do `need`: a guarded action
 * looked up in the shop's permission table, or simply a least role for what
 * the table does not cover (stock, staff). No PIN is a usage error (exit 2);
 * a refused one is a PosError (exit 1) saying which role is needed.
 */
export async function authorizeFromPin(core: Core, pin: string | undefined, need: GuardedAction | Role): Promise<Employee> {
  const given = pin ?? process.env.POS_PIN;
  const least = isGuardedAction(need) ? (await core.permissions.table())[need] : need;
  const who = least === 'cashier' ? "d'un employé" : `d'un ${ROLE_LABELS[least].fr}`;
  if (!given) throw new UsageError(`--pin : le code PIN ${who} est demandé (ou POS_PIN)`);
  // Every PIN goes through the till's lockout: wrong ones are counted in the database and audited.
  if (isGuardedAction(need)) return core.permissions.authorize(given, need, 'cli');
  const employee = await core.pins.identify(given, `cli:${least}`);
  if (!roleAtLeast(employee.role, least)) throw new PosError(`Code PIN refusé : il faut celui ${who}`, 'PIN');
  return employee;
}

/** The employee behind --pin who may do `action`, as the Actor a service names in the change's audit event. */
export async function actorFromPin(core: Core, pin: string | undefined, action: GuardedAction): Promise<Actor & { employee: Employee }> {
  const employee = await authorizeFromPin(core, pin, action);
  return { ...actorOf(employee, core.tillId), employee };
}

/** Turns any error into its message and exit code. */
export function reportError(err: unknown): number {
  // Bad input, however it was found (the command line, a file's content, a
  // service's field rules): exit 2. Everything else that is refused: exit 1.
  if (err instanceof UsageError || err instanceof InputError) {
    process.stderr.write(`pos: ${err.message}\n`);
    return 2;
  }
  if (err instanceof DbOpenError || err instanceof PosError) {
    process.stderr.write(`pos: ${err.message}\n`);
    return 1;
  }
  // Last guard: a driver's refusal is told in the user's words, never raw.
  const refusal = driverRefusal(err);
  if (refusal) {
    process.stderr.write(`pos: ${refusal.message}\n`);
    if (process.env.POS_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
    return refusal.badInput ? 2 : 1;
  }
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`pos: erreur inattendue : ${message}\n`);
  if (process.env.POS_DEBUG && err instanceof Error) process.stderr.write(`${err.stack}\n`);
  return 1;
}
