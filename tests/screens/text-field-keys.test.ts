// How one input is shared between the raw key hook and a focused TextField.
import { editKeys, TextFieldKeys } from '../../src/screens/components/text-field-keys.js';
import type { KeyEvent } from '../../src/screens/keys.js';

const text = (t: string): KeyEvent => ({ type: 'text', text: t });
const key = (name: 'enter' | 'backspace' | 'escape' | 'f2' | 'up'): KeyEvent => ({ type: 'key', name });

describe('TextFieldKeys', () => {
  const setup = () => {
    const sent: KeyEvent[][] = [];
    return { keys: new TextFieldKeys((events) => sent.push(events)), sent };
  };

  test('with no field focused, the raw hook keeps every input', () => {
    const { keys } = setup();
    expect(keys.route([text('é')])).toEqual([text('é')]);
    expect(keys.route([key('backspace')])).toEqual([key('backspace')]);
  });

  test('a focused field takes typing; its change reaches the session as keys, once', () => {
    const { keys, sent } = setup();
    keys.focus();
    expect(keys.route([text('é')])).toEqual([]);
    keys.change('Dupr', 'Dupré');
    expect(keys.route([key('backspace')])).toEqual([]);
    keys.change('Dupré', 'Dupr');
    expect(sent).toEqual([[text('é')], [key('backspace')]]);
  });

  test('navigation, Ctrl letters and a burst ending in Enter stay with the session; the field’s change for them is dropped', () => {
    const { keys, sent } = setup();
    keys.focus();
    for (const input of [[key('enter')], [key('escape')], [key('f2')], [key('up')], [{ type: 'ctrl', letter: 's' } as KeyEvent], [text('3760001'), key('enter')]]) {
      expect(keys.route(input)).toEqual(input);
      keys.change('', 's');
    }
    expect(sent).toEqual([]);
  });

  test('a field that gave its focus back no longer takes typing', () => {
    const { keys } = setup();
    const release = keys.focus();
    release();
    expect(keys.route([text('a')])).toEqual([text('a')]);
  });
});

describe('editKeys', () => {
  test('typing at the end is the typed text; Backspace is one Backspace', () => {
    expect(editKeys('Élo', 'Éloï')).toEqual([text('ï')]);
    expect(editKeys('Éloï', 'Élo')).toEqual([key('backspace')]);
  });

  test('an edit in the middle goes back to it and types the rest again', () => {
    expect(editKeys('Éloïe', 'Éloïse')).toEqual([key('backspace'), text('se')]);
    expect(editKeys('abc', 'abc')).toEqual([]);
  });
});
