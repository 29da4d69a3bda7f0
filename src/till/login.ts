// The login screen: a PIN then Entrée signs in; a PIN then F2/F3 clocks in or
// out and stays here. A wrong PIN counts in the till's lockout, shared with
// its back office and the command line (the runner asks the core). Only
// those assigned to the till's shop (and owners) get in (issue #22).
import { formatDuration } from '../core/staff/durations.js';
import type { KeyEvent } from '../screens/keys.js';
import type { PinOutcome, ResultEvent } from './effects.js';
import { fail, patch, step, type Step, type TillContext } from './step.js';
import type { TillState } from './state.js';

/** Digits typed into the PIN (at most 8), Backspace and Échap; other keys change nothing. */
export function typePin(state: TillState, event: KeyEvent, clearMessage: boolean): TillState {
  if (event.type === 'text') {
    const pin = (state.pin + event.text.replace(/\D/g, '')).slice(0, 8);
    return clearMessage ? patch(state, { pin, message: null }) : patch(state, { pin });
  }
  if (event.type !== 'key') return state;
  if (event.name === 'backspace') return patch(state, { pin: state.pin.slice(0, -1) });
  if (event.name === 'escape') return patch(state, { pin: '' });
  return state;
}

export function pinRefused(state: TillState, outcome: Extract<PinOutcome, { ok: false }>, ctx: TillContext): TillState {
  if (outcome.locked) return fail(patch(state, { lockedUntil: outcome.locked.until }), ctx.t('login.locked', { s: outcome.locked.seconds }));
  // A right PIN of someone from another shop: say so, the wrong-PIN words would send them guessing.
  if (outcome.notAssigned) return fail(patch(state, { lockedUntil: null }), ctx.t('login.notAssigned', outcome.notAssigned));
  return fail(patch(state, { lockedUntil: null }), ctx.t('login.wrong'));
}

export function loginKey(state: TillState, event: KeyEvent): Step {
  if (event.type === 'key' && (event.name === 'enter' || event.name === 'f2' || event.name === 'f3')) {
    const purpose = event.name === 'enter' ? 'login' : event.name === 'f2' ? 'clock_in' : 'clock_out';
    return step(patch(state, { pin: '' }), { kind: 'checkPin', pin: state.pin, purpose });
  }
  return step(typePin(state, event, true));
}

/** The PIN was checked (and, for a login, the login audited in the same go). */
export function onLoginPin(state: TillState, event: Extract<ResultEvent, { type: 'pinChecked' }>, ctx: TillContext): Step {
  const { outcome } = event;
  if (!outcome.ok) return step(pinRefused(state, outcome, ctx));
  const employee = outcome.employee;
  const signedIn = patch(state, { lockedUntil: null });
  if (event.purpose === 'login') return step(patch(signedIn, { employee, screen: 'sale', message: { text: employee.name, kind: 'info' } }));
  return step(signedIn, { kind: 'clock', employee, direction: event.purpose === 'clock_in' ? 'in' : 'out' });
}

const hhmm = (iso: string) => new Date(iso).toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' });

/** The arrival or departure was recorded, or refused (it changed nothing): the status line says which. */
export function onClocked(state: TillState, event: Extract<ResultEvent, { type: 'clocked' }>, ctx: TillContext): Step {
  const { employee, result } = event;
  const name = employee.name;
  if (!result.ok) {
    return step(fail(state, result.reason === 'already-in' ? ctx.t('login.alreadyIn', { name, time: hhmm(result.open.clockIn) }) : ctx.t('login.notIn', { name })));
  }
  const { clockIn, clockOut } = result.shift;
  const text =
    event.direction === 'in' || clockOut === null
      ? ctx.t('login.clockedIn', { name, time: hhmm(clockIn) })
      : ctx.t('login.clockedOut', { name, time: hhmm(clockOut), duration: formatDuration(Math.floor((Date.parse(clockOut) - Date.parse(clockIn)) / 1000)) });
  // Online, the offline file learns the shift now: an outage right after still lets this employee clock out.
  return step(patch(state, { message: { kind: 'success', text } }), { kind: 'followShifts' });
}

export function onLoggedOut(state: TillState): Step {
  return step(patch(state, { employee: null, screen: 'login', pin: '', input: '', search: null, message: null }));
}
