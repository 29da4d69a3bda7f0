// The till's dialog fields are ink-text-input fields in the shipped binary
// (tmux, 80x24): the new customer's form, typed one key at a time with a
// letter put back in the middle through the field's own cursor (←), creates
// the customer as typed, each character once, and attaches them to the sale.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPos } from '../helpers/run-pos.js';
import { TmuxTill } from '../helpers/tmux.js';

describe('pos: a new customer typed into the till', () => {
  let dir: string;
  let db: string;
  const till = new TmuxTill('till-text-field');
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pos-till-text-field-'));
    db = join(dir, 'shop.sqlite3');
    const r = runPos(['db', 'seed', '--demo', '--days', '1', '--db', db]);
    if (r.code !== 0) throw new Error(r.stderr);
  });
  afterAll(() => {
    till.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Types like a person: one key, then the field shows it (once), then the next. */
  const typeKeys = async (label: string, text: string) => {
    for (let i = 1; i <= text.length; i++) {
      till.type(text[i - 1]!);
      await till.waitFor(new RegExp(`${label} +${text.slice(0, i)}(?!\\S)`));
    }
  };

  test('is created with its accents, each character once, edited in the middle, and attached', async () => {
    till.start(['--db', db, '--printer', `file:${join(dir, 'receipts.txt')}`]);
    await till.waitFor('PIN', 30_000);
    till.type('1234');
    till.press('Enter');
    await till.waitFor('TICKET', 30_000);
    till.press('F2');
    await till.waitFor('Client');
    till.type('Ondine');
    await till.waitFor('Ajouter « Ondine » comme nouveau client');
    till.press('Enter');
    await till.waitFor('Nouveau client');
    // The form opens on the first name; the typed word is the last name.
    await typeKeys('Prénom', 'Éloïe');
    // ← moves ink-text-input's cursor onto the e (drawn inverse); the s goes in before it.
    till.press('Left');
    await till.waitFor(/Prénom.*Éloï\u001b\[7me/, 15_000, () => till.styledScreen());
    till.type('s');
    await till.waitFor(/Prénom +Éloïse(?!\S)/);
    till.press('Enter');
    await till.waitFor(/Nom +Ondine(?!\S)/);
    till.press('Enter');
    await typeKeys('Téléphone', '0612345678');
    till.press('Enter');
    await till.waitFor('Client : Éloïse Ondine', 30_000);
    const exported = runPos(['export', 'customers', '--db', db]);
    expect(exported.code).toBe(0);
    const header = exported.stdout.split('\n')[0]!.split(';');
    const row = exported.stdout.split('\n').find((l) => l.includes('Ondine'))?.split(';') ?? [];
    expect([row[header.indexOf('first_name')], row[header.indexOf('last_name')], row[header.indexOf('phone')]]).toEqual(['Éloïse', 'Ondine', '0612345678']);
  }, 120_000);
});
