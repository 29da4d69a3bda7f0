// Reads the terminal's raw input through Ink and hands decoded key events to
// the session, in the order they arrived. While a TextField is focused, its
// typing goes through it instead (see TextFieldKeys); the app gives the
// returned TextFieldKeys to its TextFields through TextFieldKeysContext;
// their changes go to onFieldEdit (onKeys when not given).
import { useEffect, useMemo, useRef } from 'react';
import { useStdin } from 'ink';
import { TextFieldKeys } from './components/text-field-keys.js';
import { decodeKeys, type KeyEvent } from './keys.js';

export function useKeys(onKeys: (events: KeyEvent[]) => void, onFieldEdit = onKeys): TextFieldKeys {
  const stdin = useStdin() as ReturnType<typeof useStdin> & {
    internal_eventEmitter?: NodeJS.EventEmitter;
  };
  const { setRawMode, isRawModeSupported, internal_eventEmitter: emitter } = stdin;
  const latest = useRef(onFieldEdit);
  latest.current = onFieldEdit;
  const fields = useMemo(() => new TextFieldKeys((events) => latest.current(events)), []);
  useEffect(() => {
    if (isRawModeSupported) setRawMode(true);
    return () => {
      if (isRawModeSupported) setRawMode(false);
    };
  }, [isRawModeSupported, setRawMode]);
  useEffect(() => {
    if (!emitter) return;
    const handler = (raw: string) => {
      const events = fields.route(decodeKeys(raw));
      if (events.length > 0) onKeys(events);
    };
    // First of the listeners, whenever fields mount: TextFieldKeys must sort an input before the field hears it.
    emitter.prependListener('input', handler);
    return () => {
      emitter.removeListener('input', handler);
    };
  }, [emitter, onKeys, fields]);
  return fields;
}
