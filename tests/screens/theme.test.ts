import { categoryColor, colorLevel, makeTheme } from '../../src/screens/theme.js';

describe('terminal colours', () => {
  test('NO_COLOR and dumb terminals get no colour, the Linux console eight', () => {
    expect(colorLevel({ NO_COLOR: '1', TERM: 'xterm-256color' })).toBe('none');
    expect(colorLevel({ TERM: 'dumb' })).toBe('none');
    expect(colorLevel({ TERM: 'linux' })).toBe('basic');
    expect(colorLevel({ TERM: 'xterm-256color' })).toBe('full');
    expect(colorLevel({ NO_COLOR: '', TERM: 'xterm' })).toBe('full');
  });
  test('category colours degrade to what the terminal has', () => {
    expect(categoryColor('gray', 'basic')).toBe('white');
    expect(categoryColor('magenta', 'basic')).toBe('magenta');
    expect(categoryColor('gray', 'full')).toBe('gray');
    expect(categoryColor('red', 'none')).toBeUndefined();
    expect(makeTheme('none').color('error')).toBeUndefined();
    expect(makeTheme('basic').color('muted')).toBe('white');
    expect(makeTheme('full').color('error')).toBe('red');
  });
});
