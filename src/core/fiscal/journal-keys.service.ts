// The tills' signing keys: the private key of each till lives in a file
// outside the database (mode 0600, in the key folder: `--key-dir`, POS_KEY_DIR,
// or `keys/` beside the SQLite file, `./data/keys` for a PostgreSQL server);
// the database records the public keys with the first link of each chain
// they sign. A till gets its first key at its first start. A key file that
// is gone is never replaced silently: the till stops and says what to do
// (restore the backup, or `pos journal key new`, itself a chained event).
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Knex } from 'knex';
import type { DbTarget } from '../basics/db.service.js';
import { PosError } from '../basics/errors.js';
import { generateTillKeyPair, keyFingerprint, signerFromPem, type LinkSigner } from './journal-signature.js';
import { num, numOrNull } from '../basics/row-values.js';
import { writeTransaction } from '../basics/transaction.service.js';

export interface TillKey {
  tillId: number;
  keyNo: number;
  publicKey: string;
  firstSaleNumber: number;
  firstClosingSeq: number;
  firstAuditSeq: number;
  employeeId: number | null;
  createdAt: string;
}

/** The till cannot sign: its key file is missing or holds another key. Exit 1 with the way out. */
export class JournalKeyError extends PosError {
  constructor(message: string) {
    super(message, 'JOURNAL_KEY');
    this.name = 'JournalKeyError';
  }
}

interface KeyState {
  keyDir: string;
  /** `${tillId}:${keyNo}` -> signer, loaded once */
  signers: Map<string, LinkSigner>;
}

// Per database handle: a transaction's client shares its config object with the handle it came from.
const states = new WeakMap<object, KeyState>();

function configOf(knex: Knex): object {
  return knex.client.config as object;
}

/** Where keys go when nothing is said: POS_KEY_DIR, else `keys/` beside the SQLite file, else ./data/keys. */
export function defaultKeyDir(target?: DbTarget): string {
  const env = (process.env.POS_KEY_DIR ?? '').trim();
  if (env) return resolve(env);
  if (target?.engine === 'sqlite') return join(dirname(target.location), 'keys');
  return resolve('data', 'keys');
}

/** Says which folder holds the key files of the tills opened through this handle. */
export function useKeyDir(knex: Knex, keyDir: string): void {
  states.set(configOf(knex), { keyDir: resolve(keyDir), signers: new Map() });
}

function stateOf(knex: Knex): KeyState {
  const config = configOf(knex);
  let state = states.get(config);
  if (!state) {
    state = { keyDir: defaultKeyDir(), signers: new Map() };
    states.set(config, state);
  }
  return state;
}

export function keyDirOf(knex: Knex): string {
  return stateOf(knex).keyDir;
}

/** The file of a till's key: one file a key, named by till and public key, so several databases or keys never collide. */
export function keyFilePath(keyDir: string, tillId: number, publicKey: string): string {
  return join(keyDir, `till-${tillId}-${keyFingerprint(publicKey)}.key`);
}

export function rowToTillKey(r: Record<string, unknown>): TillKey {
  return {
    tillId: num(r.till_id),
    keyNo: num(r.key_no),
    publicKey: String(r.public_key),
    firstSaleNumber: num(r.first_sale_number),
    firstClosingSeq: num(r.first_closing_seq),
    firstAuditSeq: num(r.first_audit_seq),
    employeeId: numOrNull(r.employee_id),
    createdAt: String(r.created_at),
  };
}

/** The recorded keys, by till then key number. */
export async function tillKeys(knex: Knex, tillId?: number): Promise<TillKey[]> {
  const q = knex('till_keys').orderBy(['till_id', 'key_no']);
  if (tillId !== undefined) q.where({ till_id: tillId });
  return (await q).map(rowToTillKey);
}

function missingKeyMessage(tillId: number, key: TillKey, path: string): string {
  return (
    `la clé de signature de la caisse ${tillId} (clé n° ${key.keyNo}, ${keyFingerprint(key.publicKey)}) est introuvable : ${path}. ` +
    `Restaurez ce fichier depuis sa sauvegarde (ou donnez son dossier avec --key-dir / POS_KEY_DIR), ` +
    `ou créez une nouvelle clé avec « pos journal key new --pin <PIN du patron> » (le changement est inscrit au journal). ` +
    `/ Till ${tillId}'s signing key file is missing: restore it from its backup (or point --key-dir / POS_KEY_DIR at it), ` +
    `or run \`pos journal key new --pin <owner PIN>\` (the change is recorded in the journal).`
  );
}

/** Reads a recorded key's file; throws JournalKeyError when it is missing or holds another key. */
function loadSigner(keyDir: string, key: TillKey): LinkSigner {
  const path = keyFilePath(keyDir, key.tillId, key.publicKey);
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new JournalKeyError(missingKeyMessage(key.tillId, key, path));
    throw new JournalKeyError(`fichier de clé illisible ${path} : ${(err as Error).message}`);
  }
  let signer: LinkSigner;
  try {
    signer = signerFromPem(pem);
  } catch (err) {
    throw new JournalKeyError(`fichier de clé illisible ${path} : ${(err as Error).message}`);
  }
  if (signer.publicKey !== key.publicKey) {
    throw new JournalKeyError(
      `le fichier ${path} ne contient pas la clé enregistrée pour la caisse ${key.tillId} (clé n° ${key.keyNo}) : ` +
        `la clé publique de la base a été changée, ou le fichier remplacé ; lancez pos journal verify. ` +
        `/ The key file does not hold the key the database records for till ${key.tillId}.`,
    );
  }
  return signer;
}

/** Writes a new key file, readable by this user only; never overwrites one. */
export function writeKeyFile(keyDir: string, tillId: number, publicKey: string, privateKeyPem: string): string {
  const path = keyFilePath(keyDir, tillId, publicKey);
  try {
    mkdirSync(keyDir, { recursive: true, mode: 0o700 });
    writeFileSync(path, privateKeyPem, { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
  } catch (err) {
    throw new JournalKeyError(
      `impossible d'écrire la clé de signature de la caisse ${tillId} dans ${path} : ${(err as Error).message} ; ` +
        `donnez un dossier où la caisse peut écrire avec --key-dir ou POS_KEY_DIR. / Cannot write the till's signing key: choose a writable folder with --key-dir or POS_KEY_DIR.`,
    );
  }
  return path;
}

async function keyRow(knex: Knex, tillId: number, keyNo: number): Promise<TillKey | null> {
  const row = await knex('till_keys').where({ till_id: tillId, key_no: keyNo }).first();
  return row ? rowToTillKey(row) : null;
}

/** The signer of a recorded key, from its file (cached for the handle). */
async function signerOf(knex: Knex, tillId: number, keyNo: number): Promise<LinkSigner> {
  const state = stateOf(knex);
  const cacheKey = `${tillId}:${keyNo}`;
  const cached = state.signers.get(cacheKey);
  if (cached) return cached;
  const key = await keyRow(knex, tillId, keyNo);
  if (!key) throw new JournalKeyError(`clé n° ${keyNo} de la caisse ${tillId} absente de la base (till_keys) : lancez pos journal verify`);
  const signer = loadSigner(state.keyDir, key);
  state.signers.set(cacheKey, signer);
  return signer;
}

/**
 * Records a new key for the till, valid from its next sale, closing and audit
 * event, inside the caller's transaction (which holds the till's row). The
 * key file is written first: a key the database names always has its file.
 */
export async function recordNewKey(trx: Knex, tillId: number, employeeId: number | null, at: Date): Promise<TillKey> {
  const till = await trx('tills').where({ id: tillId }).first('sale_seq', 'closing_seq', 'audit_seq', 'journal_key_no');
  if (!till) throw new PosError(`Caisse ${tillId} inconnue`, 'NOT_FOUND');
  const pair = generateTillKeyPair();
  const state = stateOf(trx);
  writeKeyFile(state.keyDir, tillId, pair.publicKey, pair.privateKeyPem);
  const key: TillKey = {
    tillId,
    keyNo: num(till.journal_key_no) + 1,
    publicKey: pair.publicKey,
    firstSaleNumber: num(till.sale_seq) + 1,
    firstClosingSeq: num(till.closing_seq) + 1,
    firstAuditSeq: num(till.audit_seq) + 1,
    employeeId,
    createdAt: at.toISOString(),
  };
  await trx('till_keys').insert({
    till_id: tillId,
    key_no: key.keyNo,
    public_key: key.publicKey,
    first_sale_number: key.firstSaleNumber,
    first_closing_seq: key.firstClosingSeq,
    first_audit_seq: key.firstAuditSeq,
    employee_id: employeeId,
    created_at: key.createdAt,
  });
  await trx('tills').where({ id: tillId }).update({ journal_key_no: key.keyNo });
  state.signers.set(`${tillId}:${key.keyNo}`, signerFromPem(pair.privateKeyPem));
  return key;
}

/** True when some link of the till is signed: its keys were recorded once, so none may be made up now. */
async function hasSignedLinks(knex: Knex, tillId: number): Promise<boolean> {
  for (const table of ['sales', 'closings', 'audit_events']) {
    if (await knex(table).where({ till_id: tillId }).whereNotNull('signature').first('id')) return true;
  }
  return false;
}

/**
 * At a till's start: its current key, read from its file (JournalKeyError if
 * the file is gone), or, for a till that never had one, its first key.
 */
export async function ensureTillKey(knex: Knex, tillId: number, at: Date): Promise<TillKey> {
  const till = await knex('tills').where({ id: tillId }).first('journal_key_no');
  if (!till) throw new PosError(`Caisse ${tillId} inconnue`, 'NOT_FOUND');
  let keyNo = num(till.journal_key_no);
  if (keyNo === 0) {
    if (await hasSignedLinks(knex, tillId)) {
      throw new JournalKeyError(
        `la caisse ${tillId} a des maillons signés mais aucune clé enregistrée (table till_keys vidée ?) : lancez pos journal verify ; ` +
          `aucune nouvelle clé n'est créée en silence. / Till ${tillId} has signed links but no recorded key: run pos journal verify.`,
      );
    }
    // First start: one process makes the key; another starting at the same moment finds it.
    keyNo = await writeTransaction(knex, async (trx) => {
      const bumped = await trx('tills').where({ id: tillId, journal_key_no: 0 }).update({ journal_key_no: 0 });
      if (bumped === 0) return num((await trx('tills').where({ id: tillId }).first('journal_key_no')).journal_key_no);
      return (await recordNewKey(trx, tillId, null, at)).keyNo;
    });
  }
  await signerOf(knex, tillId, keyNo);
  return (await keyRow(knex, tillId, keyNo))!;
}

/**
 * The signature of a new link of the till, by the key the till's row names
 * (read in the caller's transaction). A till that has no key yet gets its
 * first one here: every link is signed.
 */
export async function signLink(trx: Knex, tillId: number, keyNo: number, hash: string): Promise<string> {
  let no = keyNo;
  if (no === 0) {
    if (await hasSignedLinks(trx, tillId)) {
      throw new JournalKeyError(`la caisse ${tillId} a des maillons signés mais aucune clé enregistrée : lancez pos journal verify`);
    }
    no = (await recordNewKey(trx, tillId, null, new Date())).keyNo;
  }
  return (await signerOf(trx, tillId, no)).sign(hash);
}

/**
 * The signer of the till's current key, making the till's first key when it
 * has none (inside the caller's transaction): for writers that sign many
 * links at once (the busy-shop seed).
 */
export async function currentSigner(trx: Knex, tillId: number): Promise<LinkSigner> {
  const till = await trx('tills').where({ id: tillId }).first('journal_key_no');
  if (!till) throw new PosError(`Caisse ${tillId} inconnue`, 'NOT_FOUND');
  const keyNo = num(till.journal_key_no) || (await recordNewKey(trx, tillId, null, new Date())).keyNo;
  return signerOf(trx, tillId, keyNo);
}

/** Whether the key file of a recorded key is in the key folder (for `pos journal key list`). */
export function keyFileExists(knex: Knex, key: TillKey): boolean {
  return existsSync(keyFilePath(keyDirOf(knex), key.tillId, key.publicKey));
}
