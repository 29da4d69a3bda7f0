// The command-line tools' second guard, like the screens': when stdout is a
// terminal, the control characters a stored text may hold (a name written by
// hand in the database) are stripped from what a command prints, so a table
// can't repaint the terminal or set its title. Line breaks and tabs of the
// layout stay. Pipes and files get the data exactly as stored.

const LAYOUT_SAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** The text without control characters other than line feed and tab. */
export function terminalSafe(text: string): string {
  return text.replace(LAYOUT_SAFE, '');
}

/** Installs the guard on a terminal stdout (not for the Ink screens, which paint with escapes of their own). */
export function guardTerminalText(stream: NodeJS.WriteStream = process.stdout): void {
  if (!stream.isTTY || (stream as { posTextGuard?: boolean }).posTextGuard) return;
  (stream as { posTextGuard?: boolean }).posTextGuard = true;
  const write = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  stream.write = ((chunk: unknown, ...rest: unknown[]) => write(typeof chunk === 'string' ? terminalSafe(chunk) : chunk, ...rest)) as typeof stream.write;
}
