// Keyboard input decoded from the raw bytes the terminal sends. Ink's own key
// parsing does not say which function key was pressed, and a barcode scanner
// types a whole code and its CR in one chunk, so the till reads the raw
// sequences itself: xterm, the Linux console, rxvt/PuTTY and vt100 flavours.

export type KeyName =
  | 'enter' | 'escape' | 'backspace' | 'delete' | 'insert' | 'tab' | 'backtab'
  | 'up' | 'down' | 'left' | 'right' | 'home' | 'end' | 'pageup' | 'pagedown'
  | 'f1' | 'f2' | 'f3' | 'f4' | 'f5' | 'f6' | 'f7' | 'f8' | 'f9' | 'f10' | 'f11' | 'f12';

export type KeyEvent =
  | { type: 'text'; text: string }
  | { type: 'key'; name: KeyName }
  | { type: 'ctrl'; letter: string }
  | { type: 'alt'; char: string };

const ESC = '\u001b';

/** `ESC [ n ~` sequences. */
const TILDE: Record<string, KeyName> = {
  '1': 'home', '2': 'insert', '3': 'delete', '4': 'end', '5': 'pageup', '6': 'pagedown', '7': 'home', '8': 'end',
  '11': 'f1', '12': 'f2', '13': 'f3', '14': 'f4', '15': 'f5', '17': 'f6', '18': 'f7', '19': 'f8',
  '20': 'f9', '21': 'f10', '23': 'f11', '24': 'f12',
};

/** `ESC [ X` / `ESC O X` / `ESC [ 1 ; m X` sequences. */
const FINAL: Record<string, KeyName> = {
  A: 'up', B: 'down', C: 'right', D: 'left', H: 'home', F: 'end', Z: 'backtab',
  P: 'f1', Q: 'f2', R: 'f3', S: 'f4',
};

/** The Linux console's `ESC [ [ A` … `ESC [ [ E` for F1 … F5. */
const LINUX_CONSOLE: Record<string, KeyName> = { A: 'f1', B: 'f2', C: 'f3', D: 'f4', E: 'f5' };

/** Splits raw terminal input into key events; printable runs stay together as text. */
export function decodeKeys(raw: string): KeyEvent[] {
  const events: KeyEvent[] = [];
  let text = '';
  const flush = () => {
    if (text) events.push({ type: 'text', text });
    text = '';
  };
  const key = (name: KeyName) => {
    flush();
    events.push({ type: 'key', name });
  };
  let i = 0;
  while (i < raw.length) {
    const ch = raw[i]!;
    if (ch === ESC) {
      const next = raw[i + 1];
      if (next === undefined || next === ESC || next.charCodeAt(0) < 0x20 || next === '\u007f') {
        key('escape');
        i += 1;
        continue;
      }
      if (next === '[' && raw[i + 2] === '[' && raw[i + 3] && LINUX_CONSOLE[raw[i + 3]!]) {
        key(LINUX_CONSOLE[raw[i + 3]!]!);
        i += 4;
        continue;
      }
      if (next === '[' || next === 'O') {
        // CSI / SS3: parameters (digits and ;) then one final byte.
        let j = i + 2;
        while (j < raw.length && /[0-9;]/.test(raw[j]!)) j++;
        const params = raw.slice(i + 2, j);
        const final = raw[j];
        if (final === undefined) {
          key('escape');
          i += 1;
          continue;
        }
        const first = params.split(';')[0] ?? '';
        const name = final === '~' ? TILDE[first] : FINAL[final];
        flush();
        if (name) events.push({ type: 'key', name });
        i = j + 1;
        continue;
      }
      flush();
      events.push({ type: 'alt', char: next.toLowerCase() });
      i += 2;
      continue;
    }
    if (ch === '\r' || ch === '\n') {
      key('enter');
      i += ch === '\r' && raw[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    if (ch === '\u007f' || ch === '\b') {
      key('backspace');
      i += 1;
      continue;
    }
    if (ch === '\t') {
      key('tab');
      i += 1;
      continue;
    }
    const code = ch.charCodeAt(0);
    if (code < 0x20) {
      flush();
      if (code >= 1 && code <= 26) events.push({ type: 'ctrl', letter: String.fromCharCode(code + 96) });
      i += 1;
      continue;
    }
    text += ch;
    i += 1;
  }
  flush();
  return events;
}
