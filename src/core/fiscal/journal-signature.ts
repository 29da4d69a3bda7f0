// Ed25519 signatures of journal links (NF525 « sécurisation »). A link's hash
// already covers its content and the link before it; the till signs that
// hash with its private key, which never enters the database. Recomputing a
// hash after an edit is easy with the project's own functions; signing it
// again needs the key file. Pure: keys in, signatures out (node:crypto only).
import * as crypto from 'node:crypto';
import type { TillKey } from './journal-keys.service.js';

export interface TillKeyPair {
  /** the raw 32-byte public key, hex (what the database records and the Z prints) */
  publicKey: string;
  /** PKCS#8 PEM: what the key file holds */
  privateKeyPem: string;
}

export interface LinkSigner {
  publicKey: string;
  /** the signature (hex) of a link's hash (hex) */
  sign(hash: string): string;
}

export function generateTillKeyPair(): TillKeyPair {
  const { publicKey, privateKey } = crypto.generateKeyPairSync('ed25519');
  return { publicKey: rawPublicKey(publicKey), privateKeyPem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString() };
}

function rawPublicKey(key: crypto.KeyObject): string {
  const x = key.export({ format: 'jwk' }).x;
  if (!x) throw new Error('clé publique Ed25519 illisible');
  return Buffer.from(x, 'base64url').toString('hex');
}

/** The signer of a key file's text; throws on a file that holds no Ed25519 private key. */
export function signerFromPem(pem: string): LinkSigner {
  const privateKey = crypto.createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== 'ed25519') throw new Error('ce fichier ne contient pas une clé Ed25519');
  return {
    publicKey: rawPublicKey(crypto.createPublicKey(privateKey)),
    sign: (hash) => crypto.sign(null, Buffer.from(hash, 'hex'), privateKey).toString('hex'),
  };
}

/** Checks signatures against a recorded public key; a malformed key or signature is simply not valid. */
export function signatureChecker(publicKeyHex: string): (hash: string, signature: string | null) => boolean {
  let key: crypto.KeyObject | null = null;
  try {
    key = crypto.createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKeyHex, 'hex').toString('base64url') }, format: 'jwk' });
  } catch {
    key = null;
  }
  return (hash, signature) => {
    if (!key || !signature || !/^[0-9a-f]{128}$/.test(signature)) return false;
    return crypto.verify(null, Buffer.from(hash, 'hex'), key, Buffer.from(signature, 'hex'));
  };
}

/** A public key's short name, for file names and messages: its first 16 hex digits. */
export function keyFingerprint(publicKeyHex: string): string {
  return publicKeyHex.slice(0, 16);
}

/** Which key signs which link of a till: the last key whose first link is at or before it. */
export class TillKeyRing {
  private readonly checkers = new Map<number, (hash: string, signature: string | null) => boolean>();
  constructor(readonly keys: TillKey[]) {}

  keyAt(chain: 'sales' | 'closings' | 'audit', n: number): TillKey | null {
    let found: TillKey | null = null;
    for (const k of this.keys) {
      const first = chain === 'sales' ? k.firstSaleNumber : chain === 'closings' ? k.firstClosingSeq : k.firstAuditSeq;
      if (first <= n) found = k;
    }
    return found;
  }

  /** null when the link is rightly signed (or comes before the till's first key), else why not. */
  problem(chain: 'sales' | 'closings' | 'audit', n: number, hash: string, signature: string | null): string | null {
    const key = this.keyAt(chain, n);
    if (!key) return null;
    if (!signature) return `non signé(e) alors que la clé n° ${key.keyNo} de la caisse était en service`;
    let check = this.checkers.get(key.keyNo);
    if (!check) {
      check = signatureChecker(key.publicKey);
      this.checkers.set(key.keyNo, check);
    }
    return check(hash, signature) ? null : `signature invalide (clé n° ${key.keyNo}) : réécrit sans la clé de la caisse`;
  }
}
