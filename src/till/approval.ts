// The approval prompt: an act the employee's role may not do waits here for
// the PIN of someone who may, then goes through with both names.
import { roleAtLeast } from '../core/staff/permissions.js';
import type { KeyEvent } from '../screens/keys.js';
import { perform, type Act } from './acts.js';
import type { PinOutcome, ResultEvent } from './effects.js';
import { pinRefused, typePin } from './login.js';
import { fail, patch, step, type Step, type TillContext } from './step.js';
import type { TillState } from './state.js';

/** The table answered: the employee may, or the prompt opens. */
export function onPermission(state: TillState, event: Extract<ResultEvent, { type: 'permission' }>, ctx: TillContext): Step {
  const employee = state.employee;
  if (employee && roleAtLeast(employee.role, event.least)) return perform(state, event.act, null, ctx);
  return step(
    patch(state, {
      screen: 'manager-pin',
      pin: '',
      pending: { label: event.label, role: event.least, act: event.act },
      message: { text: ctx.t('sale.approvalNeeded', { action: event.label, role: ctx.t(`role.${event.least}`) }), kind: 'info' },
    }),
  );
}

export function approvalKey(state: TillState, event: KeyEvent): Step {
  if (event.type === 'key' && event.name === 'escape') return step(patch(state, { screen: 'sale', pin: '', pending: null, message: null }));
  if (event.type === 'key' && event.name === 'enter') return step(patch(state, { pin: '' }), { kind: 'checkPin', pin: state.pin, purpose: 'approval' });
  return step(typePin(state, event, false));
}

/** Unknown PIN or not enough rights: the prompt stays and nothing changes. */
export function onApprovalPin(state: TillState, outcome: PinOutcome, ctx: TillContext): Step {
  if (!outcome.ok) return step(pinRefused(state, outcome, ctx));
  const pending = state.pending;
  const cleared = patch(state, { lockedUntil: null });
  if (!pending || !roleAtLeast(outcome.employee.role, pending.role)) {
    return step(fail(cleared, ctx.t('sale.approvalRefused', { action: pending?.label ?? '', role: ctx.t(`role.${pending?.role ?? 'manager'}`) })));
  }
  return perform(patch(cleared, { screen: 'sale', pending: null }), pending.act, outcome.employee, ctx);
}
