// Asking before a sensitive act: the shop's permission table says who may
// (the runner reads it afresh, so a change applies at once); the act waits,
// as data, for the employee's own role or someone else's PIN.
import type { GuardedAction } from '../core/staff/permissions.js';
import type { Act } from './acts.js';
import type { AfterTicket } from './effects.js';
import type { AuditedChange } from '../core/fiscal/audit.service.js';
import type { Ticket } from '../core/sales/ticket.js';
import { step, type Step, type TillContext } from './step.js';
import type { TillState } from './state.js';

/**
 * Asks whether `act` may go through: 'manager' is for a rule outside the
 * table (an account over its limit). `detail` is added to the prompt's label
 * ("Changer un prix (1,00 €)").
 */
export function guard(state: TillState, action: GuardedAction | 'manager', detail: string | null, act: Act, ctx: TillContext): Step {
  const name = action === 'manager' ? detail ?? '' : ctx.t(`perm.${action}`);
  const label = action !== 'manager' && detail ? `${name} (${detail})` : name;
  return step(state, { kind: 'permission', action, label, act });
}

/** A ticket change that needs nobody's approval: saved, with its audit events if any, under the employee. */
export function commitTicket(state: TillState, ticket: Ticket, after: AfterTicket, audit: AuditedChange[] = []): Step {
  const employeeId = state.employee?.id ?? null;
  return step(state, { kind: 'setTicket', ticket, save: true, audit: audit.map((c) => ({ ...c, employeeId, approverId: null })), after });
}
