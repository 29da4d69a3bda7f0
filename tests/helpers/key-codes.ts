// What a terminal (xterm, as tmux and the Linux console send them) writes for
// each key, for the tests that type into the till and the back office: one
// table, so no test spells an escape sequence of its own.
export const ESC = '\u001b';
export const TAB = '\t';
export const ENTER = '\r';
export const UP = '\u001b[A';
export const DOWN = '\u001b[B';
export const RIGHT = '\u001b[C';
export const LEFT = '\u001b[D';
export const INSERT = '\u001b[2~';
export const DELETE = '\u001b[3~';
export const PGUP = '\u001b[5~';
export const PGDN = '\u001b[6~';
export const F1 = '\u001bOP';
export const F2 = '\u001bOQ';
export const F3 = '\u001bOR';
export const F4 = '\u001bOS';
export const F5 = '\u001b[15~';
export const F6 = '\u001b[17~';
export const F7 = '\u001b[18~';
export const F8 = '\u001b[19~';
export const F9 = '\u001b[20~';
export const F10 = '\u001b[21~';
export const F11 = '\u001b[23~';
export const F12 = '\u001b[24~';
export const BACKSPACE = '\u007f';
// Ctrl+letter is the letter's place in the alphabet.
export const CTRL_A = '\u0001';
export const CTRL_E = '\u0005';
export const CTRL_G = '\u0007';
export const CTRL_K = '\u000b';
export const CTRL_L = '\u000c';
export const CTRL_P = '\u0010';
export const CTRL_Q = '\u0011';
export const CTRL_R = '\u0012';
export const CTRL_S = '\u0013';
export const CTRL_T = '\u0014';
export const CTRL_U = '\u0015';
export const CTRL_V = '\u0016';
export const CTRL_W = '\u0017';
export const CTRL_X = '\u0018';
export const CTRL_Y = '\u0019';
/** Alt+letter, as a terminal sends it: Esc then the letter. */
export const alt = (letter: string): string => ESC + letter;
