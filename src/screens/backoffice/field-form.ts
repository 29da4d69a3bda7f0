// The keys of the back office's lists and forms of text fields. In a list,
// ↑↓ PgUp PgDn move the cursor. In a form, typing edits the current field,
// ↑↓ (Tab) move between fields, Enter moves on and saves on the last one,
// Ctrl+S saves from anywhere, Esc cancels; the screens decide what saving and
// cancelling do.
import type { KeyEvent, KeyName } from '../keys.js';

/** The cursor after ↑↓ PgUp PgDn in a list of `count` rows; null for any other key. */
export function listCursor(name: KeyName, index: number, count: number): number | null {
  const last = Math.max(0, count - 1);
  const steps: Partial<Record<KeyName, number>> = { up: -1, down: 1, pageup: -10, pagedown: 10 };
  const step = steps[name];
  return step === undefined ? null : Math.max(0, Math.min(last, index + step));
}

export interface FieldForm<K extends string> {
  values: Record<K, string>;
  index: number;
}

export type FormStep<F> = { kind: 'edit'; form: F } | { kind: 'save' } | { kind: 'cancel' } | { kind: 'none' };

export function formStep<K extends string, F extends FieldForm<K>>(form: F, keys: readonly K[], event: KeyEvent): FormStep<F> {
  const key = keys[form.index]!;
  const edit = (value: string): FormStep<F> => ({ kind: 'edit', form: { ...form, values: { ...form.values, [key]: value } } });
  const move = (delta: number): FormStep<F> => ({ kind: 'edit', form: { ...form, index: Math.max(0, Math.min(keys.length - 1, form.index + delta)) } });
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
