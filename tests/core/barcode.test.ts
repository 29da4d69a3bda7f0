import {
  classifyCode,
  decodeEmbedded,
  DEFAULT_EMBEDDED_LAYOUTS,
  encodeEmbedded,
  gs1CheckDigit,
  isValidEan13,
  isValidEan8,
  isValidGtin,
  isValidUpcA,
  makeEan13,
  validateLayouts,
  type EmbeddedLayout,
} from '../../src/core/sales/barcode.js';

/** The same code with its last digit changed. */
function breakCheck(code: string): string {
  return code.slice(0, -1) + String((Number(code[code.length - 1]) + 1) % 10);
}

describe('gs1CheckDigit', () => {
  test('known codes', () => {
    expect(gs1CheckDigit('301762042200')).toBe(3); // EAN-13 3017620422003
    expect(gs1CheckDigit('400638133393')).toBe(1); // EAN-13 4006381333931
    expect(gs1CheckDigit('9638507')).toBe(4); // EAN-8 96385074
    expect(gs1CheckDigit('03600029145')).toBe(2); // UPC-A 036000291452
    expect(gs1CheckDigit('0001234560001')).toBe(2); // GTIN-14 00012345600012
  });

  test('weights 3,1 from the right; a sum multiple of 10 gives 0', () => {
    expect(gs1CheckDigit('1')).toBe(7); // 1x3 = 3 -> 7
    expect(gs1CheckDigit('10')).toBe(9); // 1x1 + 0x3 = 1 -> 9
    expect(gs1CheckDigit('0')).toBe(0);
    expect(gs1CheckDigit('000000000000')).toBe(0);
    expect(gs1CheckDigit('5')).toBe(5); // 15 -> 5
    expect(gs1CheckDigit('999999999999')).toBe(4); // 6 x 27 + 6 x 9 = 216 -> 4
  });

  test('throws on anything but digits', () => {
    expect(() => gs1CheckDigit('12a')).toThrow(RangeError);
    expect(() => gs1CheckDigit('')).toThrow(RangeError);
    expect(() => gs1CheckDigit(' 123')).toThrow(RangeError);
    expect(() => gs1CheckDigit('-123')).toThrow(RangeError);
    expect(() => gs1CheckDigit('１２３')).toThrow(RangeError); // full-width digits
  });
});

describe('validity by format', () => {
  test('real codes are valid', () => {
    expect(isValidEan13('3017620422003')).toBe(true); // a well-known spread
    expect(isValidEan13('4006381333931')).toBe(true);
    expect(isValidEan8('96385074')).toBe(true);
    expect(isValidUpcA('036000291452')).toBe(true);
    expect(isValidGtin('00012345600012')).toBe(true);
    expect(isValidGtin('3017620422003')).toBe(true);
    expect(isValidGtin('96385074')).toBe(true);
    expect(isValidGtin('036000291452')).toBe(true);
  });

  test('a wrong check digit is refused', () => {
    for (const code of ['3017620422003', '4006381333931']) expect(isValidEan13(breakCheck(code))).toBe(false);
    expect(isValidEan8(breakCheck('96385074'))).toBe(false);
    expect(isValidUpcA(breakCheck('036000291452'))).toBe(false);
    expect(isValidGtin(breakCheck('00012345600012'))).toBe(false);
  });

  test('every wrong check digit is refused, exactly one is accepted', () => {
    const accepted = [...'0123456789'].filter((d) => isValidEan13(`301762042200${d}`));
    expect(accepted).toEqual(['3']);
  });

  test('wrong length or characters', () => {
    expect(isValidEan13('301762042200')).toBe(false);
    expect(isValidEan13('30176204220030')).toBe(false);
    expect(isValidEan13('301762042200a')).toBe(false);
    expect(isValidEan13(' 3017620422003')).toBe(false);
    expect(isValidEan13('')).toBe(false);
    expect(isValidEan8('3017620422003')).toBe(false); // a valid EAN-13 is not an EAN-8
    expect(isValidUpcA('3017620422003')).toBe(false);
    expect(isValidEan13('036000291452')).toBe(false); // a UPC-A is not an EAN-13 as such…
    expect(isValidEan13('0036000291452')).toBe(true); // …but is one with a leading zero
    expect(isValidGtin('12345')).toBe(false);
    expect(isValidGtin('9638507')).toBe(false);
    expect(isValidGtin('000000000000000')).toBe(false); // 15 digits
    expect(isValidGtin('')).toBe(false);
  });
});

describe('makeEan13', () => {
  test('appends the check digit', () => {
    expect(makeEan13('301762042200')).toBe('3017620422003');
    expect(makeEan13('000000000000')).toBe('0000000000000');
    expect(isValidEan13(makeEan13('210001012500'))).toBe(true);
  });
  test('throws unless given exactly 12 digits', () => {
    expect(() => makeEan13('123')).toThrow(RangeError);
    expect(() => makeEan13('3017620422003')).toThrow(RangeError);
    expect(() => makeEan13('30176204220a')).toThrow(RangeError);
    expect(() => makeEan13('')).toThrow(RangeError);
  });
});

describe('classifyCode', () => {
  test.each([
    ['3017620422003', 'ean13'],
    ['3017620422004', 'invalid'], // 13 digits, bad check digit
    ['96385074', 'ean8'],
    ['96385075', 'invalid'],
    ['036000291452', 'upca'],
    ['036000291453', 'invalid'],
    ['1', 'plu'],
    ['101', 'plu'],
    ['000101', 'plu'],
    ['123456', 'plu'],
    ['1234567', 'invalid'],
    ['00012345600012', 'invalid'], // GTIN-14 is not sold over the counter
    ['12-3', 'invalid'],
    ['12 3', 'invalid'],
    [' 101', 'invalid'],
    ['abc', 'invalid'],
    ['', 'invalid'],
  ])('%p -> %p', (code, kind) => {
    expect(classifyCode(code)).toBe(kind);
  });
});

describe('weight- and price-embedded EAN-13', () => {
  const weight = DEFAULT_EMBEDDED_LAYOUTS.find((l) => l.prefix === '21')!;
  const price = DEFAULT_EMBEDDED_LAYOUTS.find((l) => l.prefix === '23')!;

  test('the default layouts', () => {
    expect(DEFAULT_EMBEDDED_LAYOUTS).toEqual([
      { prefix: '21', kind: 'weight', itemLength: 5, valueLength: 5 },
      { prefix: '22', kind: 'weight', itemLength: 5, valueLength: 5 },
      { prefix: '23', kind: 'price', itemLength: 5, valueLength: 5 },
      { prefix: '24', kind: 'price', itemLength: 5, valueLength: 5 },
    ]);
  });

  test('encodes prefix + padded item + padded value + check digit', () => {
    expect(encodeEmbedded(weight, '10001', 1250)).toBe(makeEan13('211000101250'));
    expect(encodeEmbedded(price, '42', 1234)).toBe(makeEan13('230004201234'));
    expect(encodeEmbedded(price, '0', 0)).toBe(makeEan13('230000000000'));
  });

  test('decodes a real-looking scale label', () => {
    // 21 | 10001 | 01250 | check: 1,250 kg of article 10001.
    const code = makeEan13('211000101250');
    expect(decodeEmbedded(code)).toEqual({ itemCode: '10001', kind: 'weight', value: 1250 });
    expect(decodeEmbedded(makeEan13('240004299999'))).toEqual({ itemCode: '00042', kind: 'price', value: 99999 });
    expect(decodeEmbedded(makeEan13('220000000000'))).toEqual({ itemCode: '00000', kind: 'weight', value: 0 });
  });

  test('round trip on every default layout', () => {
    for (const layout of DEFAULT_EMBEDDED_LAYOUTS) {
      for (const [item, value] of [['1', 1], ['99999', 99999], ['12345', 500], ['7', 0]] as const) {
        const code = encodeEmbedded(layout, item, value);
        expect(code).toHaveLength(13);
        expect(isValidEan13(code)).toBe(true);
        expect(code.startsWith(layout.prefix)).toBe(true);
        expect(decodeEmbedded(code)).toEqual({ itemCode: item.padStart(5, '0'), kind: layout.kind, value });
      }
    }
  });

  test('layouts shorter than 12 digits leave filler digits that are ignored', () => {
    const short: EmbeddedLayout = { prefix: '2', kind: 'price', itemLength: 4, valueLength: 4 };
    const code = encodeEmbedded(short, '12', 345);
    expect(code).toBe(makeEan13('200120345000'));
    expect(decodeEmbedded(code, [short])).toEqual({ itemCode: '0012', kind: 'price', value: 345 });
    // Some scales put an internal check digit in the filler: still ignored.
    expect(decodeEmbedded(makeEan13('200120345789'), [short])).toEqual({ itemCode: '0012', kind: 'price', value: 345 });
  });

  test('a bad check digit, an unknown prefix or a non-EAN-13 decodes to nothing', () => {
    const w = encodeEmbedded(weight, '10001', 1250);
    expect(decodeEmbedded(breakCheck(w))).toBeNull();
    expect(decodeEmbedded('3017620422003')).toBeNull(); // valid, but an ordinary product
    expect(decodeEmbedded(makeEan13('200001012500'))).toBeNull(); // 20 is not configured
    expect(decodeEmbedded(makeEan13('250001012500'))).toBeNull();
    expect(decodeEmbedded('123')).toBeNull();
    expect(decodeEmbedded('96385074')).toBeNull();
    expect(decodeEmbedded('')).toBeNull();
    expect(decodeEmbedded(w, [])).toBeNull();
  });

  test('the longest matching prefix wins, in any order', () => {
    const broad: EmbeddedLayout = { prefix: '2', kind: 'price', itemLength: 5, valueLength: 5 };
    const narrow: EmbeddedLayout = { prefix: '21', kind: 'weight', itemLength: 5, valueLength: 5 };
    const code = encodeEmbedded(weight, '10001', 500);
    expect(decodeEmbedded(code, [broad, narrow])?.kind).toBe('weight');
    expect(decodeEmbedded(code, [narrow, broad])?.kind).toBe('weight');
    // A code that only the broad layout matches: item starts right after the '2'.
    expect(decodeEmbedded(makeEan13('231234500999'), [broad, narrow])).toEqual({ itemCode: '31234', kind: 'price', value: 50099 });
  });

  test('values that do not fit are refused', () => {
    expect(() => encodeEmbedded(weight, '123456', 1)).toThrow(RangeError);
    expect(() => encodeEmbedded(weight, '', 1)).toThrow(RangeError);
    expect(() => encodeEmbedded(weight, '12a', 1)).toThrow(RangeError);
    expect(() => encodeEmbedded(weight, '1', 100000)).toThrow(RangeError);
    expect(() => encodeEmbedded(weight, '1', -1)).toThrow(RangeError);
    expect(() => encodeEmbedded(weight, '1', 1.5)).toThrow(RangeError);
    expect(() => encodeEmbedded(weight, '1', Number.NaN)).toThrow(RangeError);
    expect(() => encodeEmbedded({ prefix: '21', kind: 'weight', itemLength: 6, valueLength: 6 }, '1', 1)).toThrow(RangeError);
  });
});

describe('validateLayouts', () => {
  const ok = { prefix: '21', kind: 'weight', itemLength: 5, valueLength: 5 };

  test('accepts the defaults, custom layouts and an empty list', () => {
    expect(validateLayouts(DEFAULT_EMBEDDED_LAYOUTS)).toEqual({ ok: true, layouts: DEFAULT_EMBEDDED_LAYOUTS });
    expect(validateLayouts([])).toEqual({ ok: true, layouts: [] });
    const custom = [{ prefix: '2', kind: 'price', itemLength: 6, valueLength: 5 }];
    expect(validateLayouts(custom)).toEqual({ ok: true, layouts: custom });
  });

  test('returns clean copies without extra properties', () => {
    const result = validateLayouts([{ ...ok, comment: 'scale' }]);
    expect(result).toEqual({ ok: true, layouts: [ok] });
  });

  test.each([
    ['not an array', '21', 'une liste de formats est attendue'],
    ['null', null, 'une liste de formats est attendue'],
    ['an object', { ...ok }, 'une liste de formats est attendue'],
    ['a non-object entry', [ok, 21], 'format 2 : objet attendu'],
    ['a null entry', [null], 'format 1 : objet attendu'],
    ['an array entry', [['21']], 'format 1 : objet attendu'],
    ['letters in the prefix', [{ ...ok, prefix: 'ab' }], 'format 1 : préfixe en chiffres attendu'],
    ['an empty prefix', [{ ...ok, prefix: '' }], 'format 1 : préfixe en chiffres attendu'],
    ['a numeric prefix', [{ ...ok, prefix: 21 }], 'format 1 : préfixe en chiffres attendu'],
    ['an unknown kind', [{ ...ok, kind: 'volume' }], 'format 1 : type « weight » ou « price » attendu'],
    ['a zero item length', [{ ...ok, itemLength: 0 }], 'format 1 : longueur du code article invalide'],
    ['a fractional item length', [{ ...ok, itemLength: 4.5 }], 'format 1 : longueur du code article invalide'],
    ['a string item length', [{ ...ok, itemLength: '5' }], 'format 1 : longueur du code article invalide'],
    ['a negative value length', [{ ...ok, valueLength: -1 }], 'format 1 : longueur de la valeur invalide'],
    ['a missing value length', [{ prefix: '21', kind: 'weight', itemLength: 5 }], 'format 1 : longueur de la valeur invalide'],
    ['too long for an EAN-13', [{ ...ok, itemLength: 6, valueLength: 6 }], 'format 1 : ne tient pas dans un EAN-13'],
    ['a duplicate prefix', [ok, { ...ok, kind: 'price' }], 'format 2 : préfixe 21 en double'],
  ])('refuses %s', (_label, value, error) => {
    expect(validateLayouts(value)).toEqual({ ok: false, error });
  });

  test('exactly 12 data digits fit', () => {
    expect(validateLayouts([{ prefix: '21', kind: 'weight', itemLength: 5, valueLength: 5 }]).ok).toBe(true);
    expect(validateLayouts([{ prefix: '2', kind: 'weight', itemLength: 6, valueLength: 5 }]).ok).toBe(true);
    expect(validateLayouts([{ prefix: '2', kind: 'weight', itemLength: 6, valueLength: 6 }]).ok).toBe(false);
  });
});
