// The tills' signing keys in the core, on both engines: the default folder,
// a till's own key per database, and the database-side attacks on the keys
// themselves (a key of one's own slipped into till_keys, the recorded public
// key replaced, the keys table emptied), each refused or reported.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Core } from '../../src/core/shop/core.service.js';
import { sellable } from '../../src/core/catalogue/article.js';
import { defaultKeyDir, JournalKeyError } from '../../src/core/fiscal/journal-keys.service.js';
import { generateTillKeyPair } from '../../src/core/fiscal/journal-signature.js';
import { addLine, computeTotals } from '../../src/core/sales/ticket.js';
import { ENGINES, newTestDb, type TestDb } from '../helpers/engines.js';
import { smallShop, type SmallShop } from '../helpers/shop.js';

test('keys go to POS_KEY_DIR, else beside the SQLite file, else ./data/keys', () => {
  const saved = process.env.POS_KEY_DIR;
  try {
    process.env.POS_KEY_DIR = '/srv/pos-keys';
    expect(defaultKeyDir({ engine: 'sqlite', location: '/shop/data/pos.sqlite3' })).toBe('/srv/pos-keys');
    process.env.POS_KEY_DIR = '';
    expect(defaultKeyDir({ engine: 'sqlite', location: '/shop/data/pos.sqlite3' })).toBe('/shop/data/keys');
    expect(defaultKeyDir({ engine: 'pg', location: 'postgres://x/y' })).toBe(join(process.cwd(), 'data', 'keys'));
  } finally {
    process.env.POS_KEY_DIR = saved;
  }
});

test('a key folder the till cannot write to stops it with a sentence, not a raw error', async () => {
  const db = newTestDb('sqlite');
  try {
    await expect(db.core({ keyDir: '/dev/null/keys' })).rejects.toThrow(/impossible d'écrire la clé de signature .*--key-dir/);
  } finally {
    await db.cleanup();
  }
});

describe.each(ENGINES)('till keys on %s', (engine) => {
  let db: TestDb;
  let core: Core;
  let shop: SmallShop;
  let keyDir: string;

  const sell = async () => {
    const t = addLine(core.tickets.create(), sellable(shop.nutella), 1000);
    await core.sales.complete(t, [{ method: 'card', amount: computeTotals(t).total }], shop.cashier.id);
  };

  beforeEach(async () => {
    keyDir = mkdtempSync(join(tmpdir(), 'pos-keys-'));
    db = newTestDb(engine);
    core = await db.core({ keyDir });
    shop = await smallShop(core);
    await sell();
    await sell();
  });
  afterEach(async () => {
    await core.close();
    await db.cleanup();
    rmSync(keyDir, { recursive: true, force: true });
  });

  test('a key slipped into till_keys without the chained event is reported, and the till refuses it', async () => {
    const mine = generateTillKeyPair();
    await core.knex('till_keys').insert({
      till_id: 1, key_no: 2, public_key: mine.publicKey, first_sale_number: 3, first_closing_seq: 1, first_audit_seq: 1, employee_id: null, created_at: new Date().toISOString(),
    });
    await core.knex('tills').where({ id: 1 }).update({ journal_key_no: 2 });
    const report = await core.journal.verify();
    expect(report.ok).toBe(false);
    expect(report.chains.find((c) => c.chain === 'audit')!.broken!.reason).toContain('clé n° 2');
    // no file for it here: the till stops rather than sign with something else
    await expect(db.core({ keyDir })).rejects.toThrow(JournalKeyError);
  });

  test('the recorded public key replaced: the till refuses its key file, verify fails the signatures', async () => {
    await core.knex('till_keys').where({ till_id: 1, key_no: 1 }).update({ public_key: generateTillKeyPair().publicKey });
    await expect(db.core({ keyDir })).rejects.toThrow(/introuvable|ne contient pas/);
    const report = await core.journal.verify();
    expect(report.chains.find((c) => c.chain === 'sales')!.broken!.reason).toContain('signature invalide');
  });

  test('the keys table emptied: no new key is made in silence', async () => {
    await core.knex('till_keys').delete();
    await core.knex('tills').update({ journal_key_no: 0 });
    await expect(db.core({ keyDir })).rejects.toThrow('aucune nouvelle clé');
    expect(Number((await core.knex('till_keys').count({ n: '*' }).first())!.n)).toBe(0);
    // nor does verify take the signed links for old unsigned ones
    const report = await core.journal.verify();
    expect(report.ok).toBe(false);
    expect(report.chains.find((c) => c.chain === 'audit')!.broken!.reason).toContain('aucune clé de la caisse n\'est enregistrée');
  });

  test('the first key\'s start moved past the signed links is reported', async () => {
    await core.knex('till_keys').where({ till_id: 1, key_no: 1 }).update({ first_sale_number: 99 });
    const report = await core.journal.verify();
    expect(report.ok).toBe(false);
    expect(report.chains.find((c) => c.chain === 'audit')!.broken!.reason).toContain('la clé n° 1 ne commence qu\'au n° 99');
  });

  test('a key change: old links keep verifying with the old key, new ones with the new, the change is listed', async () => {
    const key = await core.journal.changeKey(shop.manager.id, 'rotation');
    expect(key).toMatchObject({ keyNo: 2, firstSaleNumber: 3 });
    await sell();
    const deep = await core.journal.verify({ deep: true });
    expect(deep.ok).toBe(true);
    expect(deep.keys.map((k) => [k.keyNo, k.firstSaleNumber])).toEqual([[1, 1], [2, 3]]);
    const event = await core.knex('audit_events').where({ till_id: 1, kind: 'journal_key' }).first();
    expect(JSON.parse(event.details)).toMatchObject({ keyNo: 2, publicKey: key.publicKey, reason: 'rotation' });
  });
});
