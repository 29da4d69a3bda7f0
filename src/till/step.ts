// The contract every reducer of the till keeps: from a state and an event to
// the next state and the effects to run, with nothing else touched. The
// helpers below say things on the status line the same way everywhere.
import type { Locale } from '../core/basics/money.js';
import type { Translate } from '../screens/i18n.js';
import type { Effect } from './effects.js';
import type { Message, TillState } from './state.js';

/** What a reducer may read besides the state: fixed for the session, or set by the screen. */
export interface TillContext {
  t: Translate;
  locale: Locale;
  tillId: number;
  /** a serial scale is configured: weighed articles without a typed weight go to it */
  hasScale: boolean;
  /** grid columns, set by the screen from the terminal width */
  gridColumns: number;
}

export interface Step {
  state: TillState;
  effects: Effect[];
}

export const step = (state: TillState, ...effects: Effect[]): Step => ({ state, effects });

export const patch = (state: TillState, changes: Partial<TillState>): TillState => ({ ...state, ...changes });

/** Puts a message on the status line; an error rings the bell. */
export function say(state: TillState, message: Message): TillState {
  return { ...state, message, bell: message.kind === 'error' ? state.bell + 1 : state.bell };
}

export const fail = (state: TillState, text: string): TillState => say(state, { text, kind: 'error' });
export const info = (state: TillState, text: string): TillState => say(state, { text, kind: 'info' });
export const success = (state: TillState, text: string): TillState => say(state, { text, kind: 'success' });

/** True while the till sells through an outage. */
export const isOffline = (state: TillState): boolean => state.offline?.offline ?? false;
