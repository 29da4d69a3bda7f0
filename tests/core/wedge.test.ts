import { unwedgeAzerty } from '../../src/core/sales/wedge.js';

describe('keyboard-wedge scans on AZERTY', () => {
  test('the digit row typed by a QWERTY-configured scanner reads back as digits', () => {
    expect(unwedgeAzerty('"à&è(é-àçéééà"')).toBe('30175260922203');
    expect(unwedgeAzerty('"à&è(é-àçééà"')).toBe('3017526092203');
    expect(unwedgeAzerty('ç(\'é"-è_')).toBe('95423678');
  });
  test('anything a person types is left alone', () => {
    expect(unwedgeAzerty('-101')).toBe('-101');
    expect(unwedgeAzerty('pâté')).toBe('pâté');
    expect(unwedgeAzerty('3017620422003')).toBe('3017620422003');
    expect(unwedgeAzerty('é&')).toBe('é&');
  });
});
