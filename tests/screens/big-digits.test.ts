import { bigAmount, bigText, bigWidth } from '../../src/screens/big-digits.js';

describe('big digits', () => {
  test('draws digits three rows high, one column apart', () => {
    expect(bigText('10')).toEqual(['▀█  █▀█', ' █  █ █', '▀▀▀ ▀▀▀']);
    expect(bigWidth('10')).toBe(7);
  });
  test('a decimal comma sits low and tight', () => {
    const rows = bigText('1,5')!;
    expect(rows[2]).toBe('▀▀▀█  ▀▀▀');
    expect(rows.every((r) => r.length === rows[0]!.length)).toBe(true);
  });
  test('the amount follows the locale: 21,80 in French, €21.80 in English, the point unlike the comma (#17)', () => {
    expect(bigAmount(2180, 'fr')).toBe('21,80');
    expect(bigAmount(2180, 'en')).toBe('€21.80');
    expect(bigText('21.80')).not.toEqual(bigText('21,80'));
    expect(bigText(bigAmount(2180, 'en'))).not.toBeNull();
  });
  test('refuses what it cannot draw', () => {
    expect(bigText('12a')).toBeNull();
    expect(bigWidth('abc')).toBe(3);
  });
});
