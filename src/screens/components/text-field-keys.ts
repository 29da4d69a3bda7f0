// Who types into a text field: the focused TextField (ink-text-input) or the
// raw key hook. Both hear every input Ink reads; the raw hook hears it first
// (its listener is put before the others). While a field is focused, an input that
// is only typing (one run of text, or one Backspace/Delete) is the field's:
// the hook keeps it from the session and the field's change reaches the
// session as the same key events, so the session's own reducer stays the one
// that edits. Anything else (Enter, Esc, Tab, arrows, F-keys, Ctrl/Alt
// letters, a scanner's burst ending in CR) goes to the session as before, and
// the field's change for it, if any, is dropped: ink-text-input would insert
// a Ctrl/Alt letter, or a burst with its CR, as text.
import { createContext } from 'react';
import type { KeyEvent } from '../keys.js';

export class TextFieldKeys {
  private focused = 0;
  private inputIsTyping = false;

  constructor(private readonly send: (events: KeyEvent[]) => void) {}

  /** The raw hook's share of one input: all of it, unless it is typing into a focused field. */
  route(events: KeyEvent[]): KeyEvent[] {
    this.inputIsTyping = events.length === 1 && isTyping(events[0]!);
    return this.focused > 0 && this.inputIsTyping ? [] : events;
  }

  /** A field takes the typing while it is focused; the returned function gives it back. */
  focus(): () => void {
    this.focused += 1;
    return () => {
      this.focused -= 1;
    };
  }

  /** The focused field's change from `before` to `after`, sent as keys if the input was typing. */
  change(before: string, after: string): void {
    if (!this.inputIsTyping) return;
    const events = editKeys(before, after);
    if (events.length > 0) this.send(events);
  }
}

function isTyping(event: KeyEvent): boolean {
  return event.type === 'text' || (event.type === 'key' && (event.name === 'backspace' || event.name === 'delete'));
}

/**
 * The keys that turn `before` into `after` for a reducer that edits at the
 * end only: Backspaces back to where they part, then the rest of `after`.
 * Relative, so a field drawn one input late still edits the session's value.
 */
export function editKeys(before: string, after: string): KeyEvent[] {
  let same = 0;
  while (same < before.length && same < after.length && before[same] === after[same]) same += 1;
  const events: KeyEvent[] = Array.from({ length: before.length - same }, () => ({ type: 'key', name: 'backspace' }));
  if (after.length > same) events.push({ type: 'text', text: after.slice(same) });
  return events;
}

/** Given by the app that reads the keys (see useKeys); without it a TextField only draws. */
export const TextFieldKeysContext = createContext<TextFieldKeys | null>(null);
