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
} from '../../src/core/barcode.js';

describe('GS1 check digits', () => {
  test('real codes', () => {
    expect(isValidEan13('3017620422003')).toBe(true); // a well-known spread
    expect(isValidEan13('4006381333931')).toBe(true);
    expect(isValidEan8('96385074')).toBe(true);
    expect(isValidUpcA('036000291452')).toBe(true);
    expect(isValidGtin('00012345600012')).toBe(true);
    expect(gs1CheckDigit('301762042200')).toBe(3);
  });

  test('wrong check digit, length or characters', () => {
    expect(isValidEan13('3017620422004')).toBe(false);
    expect(isValidEan13('301762042200')).toBe(false);
    expect(isValidEan13('301762042200a')).toBe(false);
    expect(isValidEan8('96385075')).toBe(false);
    expect(isValidUpcA('036000291453')).toBe(false);
    expect(isValidGtin('12345')).toBe(false);
    expect(() => gs1CheckDigit('12a')).toThrow(RangeError);
  });

  test('makeEan13 appends the check digit', () => {
    expect(makeEan13('301762042200')).toBe('3017620422003');
    expect(() => makeEan13('123')).toThrow(RangeError);
  });

  test('classifies what was typed or scanned', () => {
    expect(classifyCode('3017620422003')).toBe('ean13');
    expect(classifyCode('3017620422004')).toBe('invalid');
    expect(classifyCode('96385074')).toBe('ean8');
    expect(classifyCode('036000291452')).toBe('upca');
    expect(classifyCode('101')).toBe('plu');
    expect(classifyCode('1234567')).toBe('invalid');
    expect(classifyCode('12-3')).toBe('invalid');
    expect(classifyCode('')).toBe('invalid');
  });
});

describe('weight- and price-embedded EAN-13', () => {
  const weight = DEFAULT_EMBEDDED_LAYOUTS.find((l) => l.prefix === '21')!;
  const price = DEFAULT_EMBEDDED_LAYOUTS.find((l) => l.prefix === '23')!;

  test('round trip: weight in grams, price in cents', () => {
    const w = encodeEmbedded(weight, '10001', 1250);
    expect(w).toMatch(/^21100010125\d{2}$/);
    expect(isValidEan13(w)).toBe(true);
    expect(decodeEmbedded(w)).toEqual({ itemCode: '10001', kind: 'weight', value: 1250 });
    const p = encodeEmbedded(price, '42', 1234);
    expect(decodeEmbedded(p)).toEqual({ itemCode: '00042', kind: 'price', value: 1234 });
  });

  test('a bad check digit or an unknown prefix decodes to nothing', () => {
    const w = encodeEmbedded(weight, '10001', 1250);
    const broken = w.slice(0, 12) + String((Number(w[12]) + 1) % 10);
    expect(decodeEmbedded(broken)).toBeNull();
    expect(decodeEmbedded('3017620422003')).toBeNull();
    expect(decodeEmbedded('123')).toBeNull();
  });

  test('the longest matching prefix wins', () => {
    const layouts = [
      { prefix: '2', kind: 'price' as const, itemLength: 5, valueLength: 5 },
      { prefix: '21', kind: 'weight' as const, itemLength: 5, valueLength: 5 },
    ];
    expect(decodeEmbedded(encodeEmbedded(weight, '10001', 500), layouts)?.kind).toBe('weight');
  });

  test('values that do not fit are refused', () => {
    expect(() => encodeEmbedded(weight, '123456', 1)).toThrow(RangeError);
    expect(() => encodeEmbedded(weight, '1', 100000)).toThrow(RangeError);
    expect(() => encodeEmbedded(weight, '1', -1)).toThrow(RangeError);
  });

  test('validates layouts from configuration', () => {
    expect(validateLayouts(DEFAULT_EMBEDDED_LAYOUTS)).toEqual({ ok: true, layouts: DEFAULT_EMBEDDED_LAYOUTS });
    expect(validateLayouts('21')).toMatchObject({ ok: false });
    expect(validateLayouts([{ prefix: 'ab', kind: 'weight', itemLength: 5, valueLength: 5 }])).toMatchObject({ ok: false });
    expect(validateLayouts([{ prefix: '21', kind: 'volume', itemLength: 5, valueLength: 5 }])).toMatchObject({ ok: false });
    expect(validateLayouts([{ prefix: '21', kind: 'weight', itemLength: 6, valueLength: 6 }])).toMatchObject({ ok: false, error: expect.stringContaining('EAN-13') });
  });
});
