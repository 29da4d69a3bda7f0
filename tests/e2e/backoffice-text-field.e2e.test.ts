// The back office's form fields are ink-text-input fields in the shipped
// binary (tmux, 80x24): a name typed one key at a time, with a letter put back
// in the middle through the field's own cursor (←), is saved as typed, each
// character once — the raw key hook does not also type it into the session.
import { join } from 'node:path';
import { runPos, seededDemoShop } from '../helpers/run-pos.js';
import { TmuxTill } from '../helpers/tmux.js';

describe('pos backoffice: a customer typed into the form', () => {
  let shop: ReturnType<typeof seededDemoShop>;
  const office = new TmuxTill('office-text-field');
  beforeAll(() => {
    shop = seededDemoShop('pos-text-field-');
  });
  afterAll(() => {
    office.stop();
    shop.remove();
  });


  test('is saved with its accents, each character once, edited in the middle', async () => {
    office.start(['--db', shop.db, '--printer', `file:${join(shop.dir, 'receipts.txt')}`, 'backoffice']);
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
    await office.typeKeys('Prénom', 'Éloïe');
    // ← moves ink-text-input's cursor onto the e (drawn inverse); the s goes in before it.
    office.press('Left');
    await office.waitFor(/Prénom.*Éloï\u001b\[7me/, 15_000, () => office.styledScreen());
    office.type('s');
    await office.waitFor(/Prénom +Éloïse *$/m);
    office.press('Down');
    await office.typeKeys('Nom', 'Dupré');
    office.press('C-s');
    await office.waitFor('Recherche');
    const exported = runPos(['export', 'customers', '--db', shop.db]);
    expect(exported.code).toBe(0);
    const header = exported.stdout.split('\n')[0]!.split(';');
    const row = exported.stdout.split('\n').find((l) => l.includes('Dupré'))?.split(';') ?? [];
    expect([row[header.indexOf('first_name')], row[header.indexOf('last_name')]]).toEqual(['Éloïse', 'Dupré']);
  }, 120_000);
});
