// Acts a PIN may have to let through: prepared by a reducer before anyone is
// asked, carried as data while the approval prompt is open, and performed
// with the approver's name once allowed. Nothing changes before that.
import type { AccountPaymentMethod } from '../core/customers/account-payment.js';
import type { AuditedChange } from '../core/fiscal/audit.service.js';
import type { Ticket } from '../core/sales/ticket.js';
import type { Employee } from '../core/staff/staff.js';
import type { AfterTicket, LineToAdd } from './effects.js';
import { addArticle } from './sale-lines.js';
import { addTender } from './payment.js';
import { patch, step, type Step, type TillContext } from './step.js';
import type { TillState } from './state.js';

export type Act =
  /** a ticket change prepared in advance (void, refund, price, discount, typed weight), saved with its audit events */
  | { kind: 'ticket'; ticket: Ticket; audit: AuditedChange[]; after: AfterTicket }
  /** a line whose weight was typed by hand on a till with a scale */
  | { kind: 'addLine'; line: LineToAdd }
  | { kind: 'askCancel' }
  | { kind: 'noSale' }
  | { kind: 'reprint'; saleId: number; saleNumber: number }
  | { kind: 'accountPayment'; amount: number; method: AccountPaymentMethod }
  /** a tender on account over the customer's limit, allowed by a manager */
  | { kind: 'accountOverLimit' };

/** Performs an allowed act; `approver` is whoever typed their PIN for it (null: the employee's own role sufficed). */
export function perform(state: TillState, act: Act, approver: Employee | null, ctx: TillContext): Step {
  const employeeId = state.employee?.id ?? null;
  const approverId = approver?.id ?? null;
  switch (act.kind) {
    case 'ticket':
      return step(state, {
        kind: 'setTicket',
        ticket: act.ticket,
        save: true,
        audit: act.audit.map((change) => ({ ...change, employeeId, approverId })),
        after: act.after,
      });
    case 'addLine':
      return addArticle(state, act.line, ctx);
    case 'askCancel':
      return step(patch(state, { cancelApprover: approverId, screen: 'confirm-cancel', message: { text: ctx.t('sale.cancelAsk'), kind: 'info' } }));
    case 'noSale':
      // Opening the drawer without a sale is always audited: the approver, or the employee themself.
      return step(state, { kind: 'noSale', employeeId, approverId: approverId ?? employeeId });
    case 'reprint':
      return step(state, { kind: 'reprint', saleId: act.saleId, saleNumber: act.saleNumber, employeeId, approverId });
    case 'accountPayment':
      return step(state, {
        kind: 'accountPayment',
        customer: state.customer!.customer,
        employee: state.employee!,
        amount: act.amount,
        method: act.method,
        approverId,
      });
    case 'accountOverLimit':
      return addTender(patch(state, { accountApprover: approverId ?? employeeId, screen: 'payment' }), 'account', ctx);
  }
}
