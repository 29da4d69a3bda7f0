// Reads the terminal's raw input through Ink and hands decoded key events to
// the till session, in the order they arrived.
import { useEffect } from 'react';
import { useStdin } from 'ink';
import { decodeKeys, type KeyEvent } from './keys.js';

export function useKeys(onKeys: (events: KeyEvent[]) => void): void {
  const stdin = useStdin() as ReturnType<typeof useStdin> & {
    internal_eventEmitter?: NodeJS.EventEmitter;
  };
  const { setRawMode, isRawModeSupported, internal_eventEmitter: emitter } = stdin;
  useEffect(() => {
    if (isRawModeSupported) setRawMode(true);
    return () => {
      if (isRawModeSupported) setRawMode(false);
    };
  }, [isRawModeSupported, setRawMode]);
  useEffect(() => {
    if (!emitter) return;
    const handler = (raw: string) => {
      const events = decodeKeys(raw);
      if (events.length > 0) onKeys(events);
    };
    emitter.on('input', handler);
    return () => {
      emitter.removeListener('input', handler);
    };
  }, [emitter, onKeys]);
}
