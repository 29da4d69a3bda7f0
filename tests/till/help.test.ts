// The F1 help as pure transitions: opened on its first page, paged, closed.
import { describe, expect, it } from '@jest/globals';
import type { KeyName } from '../../src/screens/keys.js';
import { feed, key, signedIn, text } from './fixtures.js';

describe('help reducer (F1)', () => {
  it('F1 opens the help on its first page', () => {
    const { state, effects } = feed(signedIn({ helpPage: 3 }), [key('f1')]);
    expect(state.screen).toBe('help');
    expect(state.helpPage).toBe(0);
    expect(effects).toEqual([]);
  });

  it('↓, → and Page↓ turn forward; ↑, ← and Page↑ back (the screen wraps the number round)', () => {
    const open = feed(signedIn(), [key('f1')]).state;
    expect(feed(open, [key('pagedown'), key('down'), key('right')]).state.helpPage).toBe(3);
    expect(feed(open, [key('pageup')]).state.helpPage).toBe(-1);
    expect(feed(open, [key('pagedown'), key('left'), key('up')]).state.helpPage).toBe(-1);
  });

  it('other keys change nothing', () => {
    const open = feed(signedIn(), [key('f1')]).state;
    expect(feed(open, [text('x'), key('f5')])).toEqual({ state: open, effects: [] });
  });

  it.each<KeyName>(['escape', 'f1', 'enter'])('%s closes it', (name) => {
    const { state, effects } = feed(signedIn(), [key('f1'), key('pagedown'), key(name)]);
    expect(state.screen).toBe('sale');
    expect(effects).toEqual([]);
  });

  it('Alt+1, the help key of terminals that eat F1, closes it too', () => {
    expect(feed(signedIn(), [key('f1'), { type: 'alt', char: '1' }]).state.screen).toBe('sale');
  });
});
