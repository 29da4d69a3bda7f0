// Settings typed as text in the back office: read into their value, or refused
// with the reason (an InputError, so nothing is stored).
import { describe, expect, test } from '@jest/globals';
import { InputError } from '../../src/core/basics/errors.js';
import { readTypedSetting, type TypedSetting } from '../../src/core/shop/setting-input.js';

describe('a setting typed as text', () => {
  test('reads into the value the settings store', () => {
    expect(readTypedSetting('shop.name', '  Épicerie Fine ')).toEqual({ key: 'shop.name', value: 'Épicerie Fine' });
    expect(readTypedSetting('receipt.footer', 'Merci | À bientôt |  ')).toEqual({ key: 'receipt.footer', value: ['Merci', 'À bientôt'] });
    expect(readTypedSetting('tenders', 'cash, card card mobile')).toEqual({ key: 'tenders', value: ['cash', 'card', 'mobile'] });
    expect(readTypedSetting('live.pollSeconds', '0')).toEqual({ key: 'live.pollSeconds', value: 0 });
    expect(readTypedSetting('drawer.openLevel', ' LOW ')).toEqual({ key: 'drawer.openLevel', value: 'low' });
    expect(readTypedSetting('pin.minDigitsManager', '6')).toEqual({ key: 'pin.minDigitsManager', value: 6 });
    expect(readTypedSetting('till.keys', ' search=F3 ')).toEqual({ key: 'till.keys', value: 'search=F3' });
  });

  const refusals: Array<[TypedSetting['key'], string, string]> = [
    ['shop.name', '   ', 'vide'],
    ['receipt.header', 'x'.repeat(49), '48 caractères'],
    ['tenders', 'cash, bitcoin', 'bitcoin'],
    ['tenders', ' , ', 'Au moins un moyen'],
    ['live.pollSeconds', '61', '0 à 60'],
    ['live.pollSeconds', '-1', '0 à 60'],
    ['drawer.openLevel', 'medium', 'high ou low'],
    ['pin.minDigitsManager', '3', '4 à 8'],
    ['pin.minDigitsManager', '9', '4 à 8'],
  ];
  test.each(refusals)('%s « %s » is refused with the reason', (key, text, reason) => {
    expect(() => readTypedSetting(key, text)).toThrow(InputError);
    expect(() => readTypedSetting(key, text)).toThrow(reason);
  });
});
