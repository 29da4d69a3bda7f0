// Colours as the terminal can show them: full colours in xterm, the eight
// basic ones on the Linux text console, and none at all with NO_COLOR or a
// dumb terminal, where bold and inverse carry the meaning instead.

export type ColorLevel = 'none' | 'basic' | 'full';

export function colorLevel(env: NodeJS.ProcessEnv = process.env): ColorLevel {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return 'none';
  const term = env.TERM ?? '';
  if (term === 'dumb') return 'none';
  if (term === 'linux' || term === 'vt100' || term === 'vt220' || term === 'ansi') return 'basic';
  return 'full';
}

const BASIC = new Set(['black', 'red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white']);

/** A category colour the terminal can show (gray becomes white on 8-colour terminals). */
export function categoryColor(color: string, level: ColorLevel): string | undefined {
  if (level === 'none') return undefined;
  if (level === 'basic') return BASIC.has(color) ? color : 'white';
  return color;
}

export interface Theme {
  level: ColorLevel;
  /** colour for a role, or undefined when colours are off */
  color(role: 'error' | 'success' | 'info' | 'return' | 'low' | 'accent' | 'muted'): string | undefined;
}

const ROLES = { error: 'red', success: 'green', info: 'cyan', return: 'magenta', low: 'red', accent: 'yellow', muted: 'gray' } as const;

export function makeTheme(level: ColorLevel): Theme {
  return {
    level,
    color: (role) => (level === 'none' ? undefined : level === 'basic' && role === 'muted' ? 'white' : ROLES[role]),
  };
}
