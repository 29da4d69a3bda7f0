// The keys of the back office's forms of text fields (a list's cursor is
// ../list-cursor.ts). In a form, typing edits the current field,
// ↑↓ (Tab) move between fields, Enter moves on and saves on the last one,
// Ctrl+S saves from anywhere, Esc cancels; the screens decide what saving and
// cancelling do.
import type { KeyEvent } from '../keys.js';
import { moveCursor } from '../list-cursor.js';

export interface FieldForm<K extends string> {
  values: Record<K, string>;
  index: number;
}

export type FormStep<F> = { kind: 'edit'; form: F } | { kind: 'save' } | { kind: 'cancel' } | { kind: 'none' };

export function formStep<K extends string, F extends FieldForm<K>>(form: F, keys: readonly K[], event: KeyEvent): FormStep<F> {
  const key = keys[form.index]!;
  const edit = (value: string): FormStep<F> => ({ kind: 'edit', form: { ...form, values: { ...form.values, [key]: value } } });
  const move = (delta: number): FormStep<F> => ({ kind: 'edit', form: { ...form, index: moveCursor(form.index, delta, keys.length) } });
  if (event.type === 'text') return edit(form.values[key] + event.text.replace(/[\r\n]/g, ''));
  if (event.type === 'ctrl' && event.letter === 's') return { kind: 'save' };
  if (event.type !== 'key') return { kind: 'none' };
  switch (event.name) {
    case 'backspace':
      return edit(form.values[key].slice(0, -1));
    case 'up':
    case 'backtab':
      return move(-1);
    case 'down':
    case 'tab':
      return move(1);
    case 'enter':
      return form.index < keys.length - 1 ? move(1) : { kind: 'save' };
    case 'escape':
      return { kind: 'cancel' };
    default:
      return { kind: 'none' };
  }
}
