// The till's dialog fields are ink-text-input fields in the shipped binary
// (tmux, 80x24): the new customer's form, typed one key at a time with a
// letter put back in the middle through the field's own cursor (←), creates
// the customer as typed, each character once, and attaches them to the sale.
import { join } from 'node:path';
import { runPos, seededDemoShop } from '../helpers/run-pos.js';
import { TmuxTill } from '../helpers/tmux.js';

describe('pos: a new customer typed into the till', () => {
  let shop: ReturnType<typeof seededDemoShop>;
  const till = new TmuxTill('till-text-field');
  beforeAll(() => {
    shop = seededDemoShop('pos-till-text-field-');
  });
  afterAll(() => {
    till.stop();
    shop.remove();
  });


  test('is created with its accents, each character once, edited in the middle, and attached', async () => {
    till.start(['--db', shop.db, '--printer', `file:${join(shop.dir, 'receipts.txt')}`]);
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
    await till.typeKeys('Prénom', 'Éloïe');
    // ← moves ink-text-input's cursor onto the e (drawn inverse); the s goes in before it.
    till.press('Left');
    await till.waitFor(/Prénom.*Éloï\u001b\[7me/, 15_000, () => till.styledScreen());
    till.type('s');
    await till.waitFor(/Prénom +Éloïse(?!\S)/);
    till.press('Enter');
    await till.waitFor(/Nom +Ondine(?!\S)/);
    till.press('Enter');
    await till.typeKeys('Téléphone', '0612345678');
    till.press('Enter');
    await till.waitFor('Client : Éloïse Ondine', 30_000);
    const exported = runPos(['export', 'customers', '--db', shop.db]);
    expect(exported.code).toBe(0);
    const header = exported.stdout.split('\n')[0]!.split(';');
    const row = exported.stdout.split('\n').find((l) => l.includes('Ondine'))?.split(';') ?? [];
    expect([row[header.indexOf('first_name')], row[header.indexOf('last_name')], row[header.indexOf('phone')]]).toEqual(['Éloïse', 'Ondine', '0612345678']);
  }, 120_000);
});
