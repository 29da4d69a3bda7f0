// The pure rules of issue #16 §5: text fields, calendar dates, file encodings,
// driver refusals told in the user's words.
import iconv from 'iconv-lite';
import { isCalendarDate, isCalendarMonth } from '../../src/core/basics/calendar.js';
import { driverRefusal, errorMessageForScreen } from '../../src/core/basics/db-errors.js';
import { decodeFileText } from '../../src/core/basics/file-encoding.js';
import { checkTextField, stripControls, textFieldProblem, textLength } from '../../src/core/basics/text-fields.js';
import { InputError } from '../../src/core/basics/errors.js';
import { ENGINES, newTestDb } from '../helpers/engines.js';
import { coreFixture } from '../helpers/shop.js';

describe('text fields', () => {
  test('C0, DEL and C1 control characters are refused; a tab only where the field allows it', () => {
    expect(textFieldProblem('articleName', 'Crème brûlée')).toBeNull();
    expect(textFieldProblem('articleName', 'Tarte\u001b[41m')).toBe("nom d'article : caractère de contrôle U+001B (ESC) refusé (position 6)");
    expect(textFieldProblem('articleName', 'a\u009bb')).toContain('U+009B');
    expect(textFieldProblem('articleName', 'a\u007fb')).toContain('U+007F (DEL)');
    expect(textFieldProblem('articleName', 'a\tb')).toContain('U+0009 (tabulation)');
    expect(textFieldProblem('customerNotes', 'a\tb')).toBeNull();
    expect(textFieldProblem('customerNotes', 'a\nb')).toContain('saut de ligne');
    expect(() => checkTextField('cashReason', 'x\u0007')).toThrow('Motif : caractère de contrôle');
  });

  test('lengths are counted in characters, as PostgreSQL counts them', () => {
    expect(textLength('é'.repeat(60))).toBe(60);
    expect(textLength('😀')).toBe(1);
    expect(textFieldProblem('firstName', 'é'.repeat(60))).toBeNull();
    expect(textFieldProblem('firstName', 'a'.repeat(61))).toBe("prénom : 61 caractères, c'est trop (60 au plus)");
  });

  test('the output guard strips control characters and keeps the text', () => {
    expect(stripControls('Tarte\u001b[41m\u001dV\u0000 aux\tpommes\u009b')).toBe('Tarte[41mV aux pommes');
    const plain = 'Pâte à tartiner';
    expect(stripControls(plain)).toBe(plain);
  });
});

describe('calendar dates', () => {
  test.each([
    ['2026-02-28', true], ['2026-02-29', false], ['2024-02-29', true], ['2026-02-30', false], ['2026-04-31', false],
    ['2026-12-31', true], ['2026-13-01', false], ['2026-00-10', false], ['2026-01-00', false], ['26-01-01', false], ['2026-1-1', false],
  ])('%s is a day: %s', (text, ok) => {
    expect(isCalendarDate(text)).toBe(ok);
  });
  test('months', () => {
    expect(isCalendarMonth('2026-12')).toBe(true);
    expect(isCalendarMonth('2026-13')).toBe(false);
    expect(isCalendarMonth('2026-00')).toBe(false);
  });
});

describe('file encodings', () => {
  test('UTF-8 is read strictly; the first bad line is named with the option to use', async () => {
    const bytes = Buffer.concat([Buffer.from('nom;prix\nPain;1\n'), iconv.encode('Crème;2\n', 'latin1')]);
    const r = await decodeFileText(bytes);
    expect(r).toEqual({ ok: false, error: expect.stringMatching(/^ligne 3 : .*--encoding cp1252 \(ou --encoding latin1\)/) });
    expect(await decodeFileText(bytes, 'latin1')).toEqual({ ok: true, text: 'nom;prix\nPain;1\nCrème;2\n' });
  });
  test('cp1252 and latin9 read the euro sign and œ where latin1 cannot', async () => {
    expect(await decodeFileText(iconv.encode('Œuf 1€', 'windows-1252'), 'cp1252')).toEqual({ ok: true, text: 'Œuf 1€' });
    expect(await decodeFileText(iconv.encode('Œuf 1€', 'iso-8859-15'), 'latin9')).toEqual({ ok: true, text: 'Œuf 1€' });
    expect(await decodeFileText(Buffer.from('\ufeffnom\n'), 'utf8')).toEqual({ ok: true, text: 'nom\n' }); // the BOM is dropped
  });
});

describe.each(ENGINES)('driver refusals on %s', (engine) => {
  const db = newTestDb(engine);
  afterAll(() => db.cleanup());

  test('a value too long and a duplicate are told without the driver message', async () => {
    const core = await db.core();
    try {
      await core.knex('categories').insert({ name: 'Cave', color: 'red', sort_order: 1 });
      const duplicate = await core.knex('categories').insert({ name: 'Cave', color: 'red', sort_order: 2 }).catch((e: unknown) => e);
      expect(driverRefusal(duplicate)).toEqual({ message: expect.stringContaining('existe déjà'), badInput: false });
      if (engine === 'pg') {
        const tooLong = await core.knex('categories').insert({ name: 'x'.repeat(61), color: 'red', sort_order: 3 }).catch((e: unknown) => e);
        expect(String((tooLong as Error).message)).toContain('value too long');
        const refusal = driverRefusal(tooLong)!;
        expect(refusal.badInput).toBe(true);
        expect(refusal.message).toContain('valeur trop longue');
        expect(refusal.message).not.toMatch(/varying|insert/);
        // The screens show it the same way, as a sentence.
        expect(errorMessageForScreen(tooLong)).toMatch(/^Valeur trop longue pour la base/);
      }
      expect(driverRefusal(new Error('anything else'))).toBeNull();
      expect(errorMessageForScreen(new Error('anything else'))).toBe('anything else');
    } finally {
      await core.close();
    }
  });
});

describe.each(ENGINES)('services refuse bad text before writing, on %s', (engine) => {
  const fx = coreFixture(engine);
  const WITH_ESCAPE = 'Tarte\u001b[41m';
  const count = async (table: string) => Number((await fx.core.knex(table).count({ n: '*' }).first())!.n);

  test('every entry point meets the same rules: InputError, nothing written', async () => {
    const { core, shop } = fx;
    const before = await Promise.all(['articles', 'customers', 'suppliers', 'employees', 'cash_movements', 'categories', 'settings'].map(count));
    const refusals: Array<Promise<unknown>> = [
      core.catalog.createArticle({ name: WITH_ESCAPE, categoryId: shop.nutella.categoryId, price: 100, taxRateId: shop.nutella.taxRateId }),
      core.catalog.updateArticle(shop.nutella.id, { name: 'x'.repeat(101) }, shop.manager.id),
      core.categories.create({ name: WITH_ESCAPE, color: 'red' }),
      core.customers.create({ code: 'C9001', firstName: 'A'.repeat(10_000) }),
      core.customers.create({ code: 'C9002', lastName: 'Nom', city: 'Lyon\u0085' }),
      core.suppliers.create({ name: WITH_ESCAPE, contact: '', email: '', phone: '', leadTimeDays: 2, minOrderValue: 0 }),
      core.staff.create({ name: WITH_ESCAPE, role: 'cashier', pin: '482915' }),
      core.closings.recordMovement({ kind: 'in', amount: 500, reason: 'y'.repeat(201), employeeId: shop.manager.id }),
      core.settings.set('shop.name', `Ma boutique${WITH_ESCAPE}`),
      core.settings.set('receipt.footer', ['Merci', '\u001bp\u0000\u0019\u00fa']),
    ];
    for (const refusal of refusals) await expect(refusal).rejects.toBeInstanceOf(InputError);
    expect(await Promise.all(['articles', 'customers', 'suppliers', 'employees', 'cash_movements', 'categories', 'settings'].map(count))).toEqual(before);
    expect((await core.catalog.getArticle(shop.nutella.id))!.name).toBe('Pâte à tartiner noisette');
    // A tab is fine in free notes.
    await expect(core.customers.create({ code: 'C9003', lastName: 'Nom', notes: 'allergie\tarachide' })).resolves.toMatchObject({ notes: 'allergie\tarachide' });
  });
});
