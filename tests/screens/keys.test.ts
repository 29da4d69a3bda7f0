import { decodeKeys } from '../../src/screens/keys.js';

describe('raw key decoding', () => {
  test('a scanner burst is text then Enter, in order', () => {
    expect(decodeKeys('3017620422003\r')).toEqual([{ type: 'text', text: '3017620422003' }, { type: 'key', name: 'enter' }]);
    expect(decodeKeys('101\r\n202\r')).toEqual([
      { type: 'text', text: '101' },
      { type: 'key', name: 'enter' },
      { type: 'text', text: '202' },
      { type: 'key', name: 'enter' },
    ]);
  });

  test.each([
    ['\u001bOP', 'f1'], ['\u001b[11~', 'f1'], ['\u001b[[A', 'f1'], ['\u001bOS', 'f4'], ['\u001b[[E', 'f5'], ['\u001b[15~', 'f5'],
    ['\u001b[17~', 'f6'], ['\u001b[19~', 'f8'], ['\u001b[21~', 'f10'], ['\u001b[24~', 'f12'], ['\u001b[1;2P', 'f1'], ['\u001b[24;5~', 'f12'],
    ['\u001b[A', 'up'], ['\u001bOB', 'down'], ['\u001b[C', 'right'], ['\u001b[D', 'left'], ['\u001b[H', 'home'], ['\u001b[4~', 'end'],
    ['\u001b[5~', 'pageup'], ['\u001b[6~', 'pagedown'], ['\u001b[3~', 'delete'], ['\u001b[Z', 'backtab'], ['\u001b', 'escape'],
    ['\r', 'enter'], ['\n', 'enter'], ['\u007f', 'backspace'], ['\b', 'backspace'], ['\t', 'tab'],
  ])('%j is %s', (raw, name) => {
    expect(decodeKeys(raw)).toEqual([{ type: 'key', name }]);
  });

  test('control and alt keys', () => {
    expect(decodeKeys('\u0010')).toEqual([{ type: 'ctrl', letter: 'p' }]);
    expect(decodeKeys('\u0014')).toEqual([{ type: 'ctrl', letter: 't' }]);
    expect(decodeKeys('\u001bh')).toEqual([{ type: 'alt', char: 'h' }]);
    expect(decodeKeys('\u001b1')).toEqual([{ type: 'alt', char: '1' }]);
    expect(decodeKeys('\u001b\u0001')).toEqual([{ type: 'key', name: 'escape' }, { type: 'ctrl', letter: 'a' }]);
    expect(decodeKeys('\u001b\r')).toEqual([{ type: 'key', name: 'escape' }, { type: 'key', name: 'enter' }]);
  });

  test('mixed input keeps its order; unknown sequences are dropped', () => {
    expect(decodeKeys('ab\u001b[Acd\u001b[99~e')).toEqual([
      { type: 'text', text: 'ab' },
      { type: 'key', name: 'up' },
      { type: 'text', text: 'cd' },
      { type: 'text', text: 'e' },
    ]);
    expect(decodeKeys('é€')).toEqual([{ type: 'text', text: 'é€' }]);
    expect(decodeKeys('')).toEqual([]);
  });
});
