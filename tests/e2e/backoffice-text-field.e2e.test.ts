// The back office's form fields are ink-text-input fields in the shipped
// binary (tmux, 80x24): a name typed one key at a time, with a letter put back
// in the middle through the field's own cursor (←), is saved as typed, each
// character once — the raw key hook does not also type it into the session.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPos } from '../helpers/run-pos.js';
import { TmuxTill } from '../helpers/tmux.js';

describe('pos backoffice: a customer typed into the form', () => {
  let dir: string;
  let db: string;
  const office = new TmuxTill('office-text-field');
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pos-text-field-'));
    db = join(dir, 'shop.sqlite3');
    const r = runPos(['db', 'seed', '--demo', '--days', '1', '--db', db]);
    if (r.code !== 0) throw new Error(r.stderr);
  });
  afterAll(() => {
    office.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Types like a person: one key, then the field shows it (once), then the next. */
  const typeKeys = async (label: string, text: string) => {
    for (let i = 1; i <= text.length; i++) {
      office.type(text[i - 1]!);
      await office.waitFor(new RegExp(`^${label} +${text.slice(0, i)} *$`, 'm'));
    }
  };

  test('is saved with its accents, each character once, edited in the middle', async () => {
    office.start(['--db', db, '--printer', `file:${join(dir, 'receipts.txt')}`, 'backoffice']);
    await office.waitFor('PIN', 30_000);
    office.type('1234');
    await office.waitFor('PIN ••••');
    office.press('Enter');
    await office.waitFor('Clôtures', 30_000);
    office.press('Down', 'Down', 'Enter');
    await office.waitFor('Recherche');
    office.press('IC');
    await office.waitFor('Nouveau client');
    // A new customer's form opens on the first name.
    await typeKeys('Prénom', 'Éloïe');
    // ← moves ink-text-input's cursor onto the e (drawn inverse); the s goes in before it.
    office.press('Left');
    await office.waitFor(/Prénom.*Éloï\u001b\[7me/, 15_000, () => office.styledScreen());
    office.type('s');
    await office.waitFor(/Prénom +Éloïse *$/m);
    office.press('Down');
    await typeKeys('Nom', 'Dupré');
    office.press('C-s');
    await office.waitFor('Recherche');
    const exported = runPos(['export', 'customers', '--db', db]);
    expect(exported.code).toBe(0);
    const header = exported.stdout.split('\n')[0]!.split(';');
    const row = exported.stdout.split('\n').find((l) => l.includes('Dupré'))?.split(';') ?? [];
    expect([row[header.indexOf('first_name')], row[header.indexOf('last_name')]]).toEqual(['Éloïse', 'Dupré']);
  }, 120_000);
});
