// The till's signing key through the real program (issue #16 § 3): made at
// the first start in the key folder (mode 0600) with its public key in the
// database; the receipt's fingerprint and the Z's head and public key on
// paper, checked by `pos journal verify --head`; a missing key file stops
// writing commands with what to do and no new key; `pos journal key new`
// (owner PIN) is a chained change that verify lists.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localDate } from '../../src/core/basics/clock.js';
import { openCore } from '../../src/core/shop/core.service.js';
import { sellable } from '../../src/core/catalogue/article.js';
import { JournalKeyError } from '../../src/core/fiscal/journal-keys.service.js';
import { signerFromPem } from '../../src/core/fiscal/journal-signature.js';
import { addLine } from '../../src/core/sales/ticket.js';
import { ROOT, runPos } from '../helpers/run-pos.js';
import { smallShop } from '../helpers/shop.js';

const SLOW = 240_000;

describe('pos journal keys, paper anchors and verify --head', () => {
  let dir: string;
  let db: string;
  let keyDir: string;
  const env = () => ({ POS_KEY_DIR: keyDir });
  const pos = (...args: string[]) => runPos([...args, '--db', db], env());
  const keyFiles = () => readdirSync(keyDir).filter((f) => f.endsWith('.key'));
  const tillKeyCount = async () => {
    const core = await openCore({ db, migrate: false, keyDir });
    try {
      return (await core.journal.keys()).length;
    } finally {
      await core.close();
    }
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pos-keys-cli-'));
    db = join(dir, 'pos.sqlite3');
    keyDir = join(dir, 'keys');
    const core = await openCore({ db, keyDir });
    try {
      const shop = await smallShop(core);
      await core.staff.create({ name: 'Paule Patronne', role: 'owner', pin: '135790' });
      for (const qty of [1000, 2000]) {
        await core.sales.complete(addLine(core.tickets.create(), sellable(shop.wine), qty), [{ method: 'card', amount: 1290 * (qty / 1000) }], shop.cashier.id);
      }
    } finally {
      await core.close();
    }
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('the first start wrote the key file, readable by this user only, and recorded its public key', () => {
    const files = keyFiles();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^till-1-[0-9a-f]{16}\.key$/);
    expect(statSync(join(keyDir, files[0]!)).mode & 0o777).toBe(0o600);
    const listed = pos('journal', 'key', 'list', '--format', 'json');
    expect(listed.code).toBe(0);
    const keys = JSON.parse(listed.stdout) as Array<{ tillId: number; keyNo: number; publicKey: string; fileFound: boolean }>;
    expect(keys).toEqual([expect.objectContaining({ tillId: 1, keyNo: 1, fileFound: true })]);
    expect(keys[0]!.publicKey).toBe(signerFromPem(readFileSync(join(keyDir, files[0]!), 'utf8')).publicKey);
  }, SLOW);

  test('the receipt prints its fingerprint, and verify --head finds it in the verified journal', () => {
    const receipt = pos('receipt', 'show', '2');
    expect(receipt.code).toBe(0);
    const fingerprint = /Empreinte : ([0-9a-f]{12})/.exec(receipt.stdout)?.[1];
    expect(fingerprint).toBeDefined();
    const ok = pos('journal', 'verify', '--head', fingerprint!);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain(`Empreinte ${fingerprint} : vente n° 2 de la caisse 1, dans le journal vérifié`);
    const unknown = pos('journal', 'verify', '--head', '0123456789ab');
    expect(unknown.code).toBe(1);
    expect(unknown.stdout).toContain('ERREUR empreinte 0123456789ab : empreinte introuvable');
    const bad = pos('journal', 'verify', '--head', 'xyz');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--head');
  }, SLOW);

  test('a missing key file stops the till and writing commands with what to do, and makes no key; key new (owner) is a chained change verify lists', async () => {
    const file = keyFiles()[0]!;
    renameSync(join(keyDir, file), join(dir, 'backup.key'));
    const refused = pos('cash', 'in', '1', '--reason', 'monnaie', '--pin', '1234');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('introuvable');
    expect(refused.stderr).toContain('Restaurez');
    expect(refused.stderr).toContain('pos journal key new');
    await expect(openCore({ db, keyDir })).rejects.toThrow(JournalKeyError);
    // the till itself, in a terminal (script gives it one): the same sentence, exit 1, nothing drawn
    const till = spawnSync('script', ['-qec', `${process.execPath} ${ROOT}bin/pos --db ${db}`, '/dev/null'], {
      env: { ...process.env, ...env(), TERM: 'xterm', POS_DB: '', POS_TILL: '' },
      input: '',
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(till.status).toBe(1);
    expect(till.stdout).toContain('est introuvable');
    expect(till.stdout).toContain('pos journal key new');
    expect(await tillKeyCount()).toBe(1);
    expect(keyFiles()).toEqual([]);

    expect(pos('journal', 'key', 'new', '--pin', '1234').code).toBe(1); // a manager is not enough
    const made = pos('journal', 'key', 'new', '--pin', '135790', '--reason', 'fichier perdu');
    expect(made.code).toBe(0);
    expect(made.stdout.trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(keyFiles()).toHaveLength(1);
    expect(pos('cash', 'in', '1', '--reason', 'monnaie', '--pin', '1234').code).toBe(0);
    const verified = pos('journal', 'verify', '--deep');
    expect(verified.code).toBe(0);
    expect(verified.stdout).toContain('Changement de clé : caisse 1, clé n° 2');
    expect(verified.stdout).toContain('OK 2 sales');
  }, SLOW);

  test('the Z prints the chain head and the public key that signed it; the head checks with verify --head', () => {
    const z = pos('closing', 'z', '--date', localDate(new Date()), '--cash', '0', '--pin', '1234');
    expect(z.code).toBe(0);
    const keys = JSON.parse(pos('journal', 'key', 'list', '--format', 'json').stdout) as Array<{ publicKey: string }>;
    const current = keys[keys.length - 1]!.publicKey;
    expect(z.stdout).toContain('Clé publique de la caisse :');
    expect(z.stdout).toContain(`  ${current.slice(0, 32)}\n  ${current.slice(32)}`);
    const head = /Empreinte \(tête du journal\) :\n {2}([0-9a-f]{32})\n {2}([0-9a-f]{32})/.exec(z.stdout);
    expect(head).not.toBeNull();
    const checked = pos('journal', 'verify', '--head', `${head![1]}${head![2]}`);
    expect(checked.code).toBe(0);
    expect(checked.stdout).toContain('clôture n° 1 de la caisse 1');
  }, SLOW);
});
