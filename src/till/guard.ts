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
 * Asks whether `act` may go through. The prompt names the action, with
 * `detail` added ("Changer un prix (1,00 €)"), or says `label` instead.
 */
export function guard(state: TillState, action: GuardedAction, detail: string | null, act: Act, ctx: TillContext, label?: string): Step {
  const name = ctx.t(`perm.${action}`);
  return step(state, { kind: 'permission', action, label: label ?? (detail ? `${name} (${detail})` : name), act });
}

/** A ticket change that needs nobody's approval: saved, with its audit events if any, under the employee. */
export function commitTicket(state: TillState, ticket: Ticket, after: AfterTicket, audit: AuditedChange[] = []): Step {
  const employeeId = state.employee?.id ?? null;
  return step(state, { kind: 'setTicket', ticket, save: true, audit: audit.map((c) => ({ ...c, employeeId, approverId: null })), after });
}
