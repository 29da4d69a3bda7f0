// The back office's supplier orders screen, as a small state machine the
// back office session hands its keys to: the list of open orders (F5 or
// Ctrl+P refreshes the proposals into drafts), and one order where the
// shopkeeper reviews a draft line by line (type a quantity, Enter; 0 removes
// the line), sends it (Ctrl+S), receives a delivery line by line or in full
// (Ctrl+R), or cancels it (Ctrl+X, then O to confirm). Sending queues the
// order's e-mail with it (core); the session's `deliverMail`, when the back
// office runs with e-mail set up, tries it at once and the message says
// whether it went or waits, and why. Errors thrown here reach the session,
// which shows them; nothing has changed then.
import type { Core } from '../../core/shop/core.service.js';
import { statusLabel, type PurchaseOrder } from '../../core/stock/purchase-order.js';
import { parseQuantity } from '../../core/basics/quantity.js';
import { translator, type MessageKey, type Translate } from '../i18n.js';
import type { KeyEvent } from '../keys.js';
import { clampCursor, listCursor } from '../list-cursor.js';
import type { ScreenMessage } from './customers-screen.js';
import type { Actor } from '../../core/fiscal/audit.service.js';
import type { GuardedAction } from '../../core/staff/permissions.js';
import type { Employee } from '../../core/staff/staff.js';
import { actorAllowed } from './not-allowed.js';
import { frenchDay } from '../../core/basics/calendar.js';
import { orderMailSituation, type OrderMailStatus } from '../../core/stock/order-mail.js';
import type { OrderMailOutcome } from '../../core/stock/order-mail-delivery.service.js';

/** Tries an order's queued e-mail now; given by whoever started the back office with a mailer. */
export type DeliverOrderMail = (orderId: number) => Promise<OrderMailOutcome[]>;

const MAIL_KEYS = {
  sent: 'bo.o.mailSent',
  noAddress: 'bo.o.mailNoAddress',
  cancelled: 'bo.o.mailCancelled',
  failed: 'bo.o.mailFailed',
  queued: 'bo.o.mailQueued',
  notTried: 'bo.o.mailNotTried',
} as const;

/** Where an order's e-mail stands, in the screen's language (the reason is the core's, in French). */
export function orderMailLine(mail: OrderMailStatus, t: Translate): string {
  return t(MAIL_KEYS[orderMailSituation(mail)], { recipient: mail.recipient, attempts: mail.attempts, reason: mail.error ?? '', date: frenchDay(mail.sentAt) });
}

/** An order's status as the screen says it: the core's French word, or the status itself in English. */
export function orderStatus(status: PurchaseOrder['status'], locale: 'fr' | 'en'): string {
  return locale === 'fr' ? statusLabel(status) : status;
}

export interface OrdersState {
  view: 'list' | 'order';
  orders: PurchaseOrder[];
  index: number;
  order: PurchaseOrder | null;
  lineIndex: number;
  /** quantity being typed for the selected line */
  input: string;
  /** Ctrl+X was pressed: O confirms the cancellation */
  confirmCancel: boolean;
}

export type OrdersOutcome = { close: true } | { close: false; message?: ScreenMessage };

export class OrdersScreen {
  state: OrdersState = { view: 'list', orders: [], index: 0, order: null, lineIndex: 0, input: '', confirmCancel: false };

  constructor(private readonly core: Core, private readonly locale: 'fr' | 'en', private readonly onChange: (state: OrdersState) => void) {}

  private set(patch: Partial<OrdersState>): void {
    this.state = { ...this.state, ...patch };
    this.onChange(this.state);
  }

  private say(key: MessageKey, vars: Record<string, string | number>, kind: 'info' | 'success' = 'success'): OrdersOutcome {
    return { close: false, message: { text: translator(this.locale)(key, vars), kind } };
  }

  async open(): Promise<void> {
    await this.reload();
  }

  async handle(event: KeyEvent): Promise<OrdersOutcome> {
    return this.state.view === 'order' ? this.handleOrder(event) : this.handleList(event);
  }

  private async reload(): Promise<void> {
    const orders = await this.core.purchasing.list({ status: 'open' });
    this.set({ orders, index: clampCursor(this.state.index, orders.length) });
  }

  // --- list -------------------------------------------------------------------------

  private async handleList(event: KeyEvent): Promise<OrdersOutcome> {
    const { orders, index } = this.state;
    if ((event.type === 'key' && event.name === 'f5') || (event.type === 'ctrl' && event.letter === 'p')) {
      const drafts = await this.core.purchasing.propose(undefined, await this.actor('purchase_orders'));
      await this.reload();
      return this.say('bo.o.proposed', { n: drafts.length });
    }
    if (event.type !== 'key') return { close: false };
    const moved = listCursor(event.name, index, orders.length);
    if (moved !== null) this.set({ index: moved });
    else if (event.name === 'enter' && orders[index]) {
      this.set({ view: 'order', order: orders[index], lineIndex: 0, input: '', confirmCancel: false });
      return { close: false, message: null };
    } else if (event.name === 'escape') return { close: true };
    return { close: false };
  }

  // --- one order ----------------------------------------------------------------------

  private async refresh(orderId: number): Promise<PurchaseOrder> {
    const order = (await this.core.purchasing.get(orderId))!;
    this.set({ order, lineIndex: clampCursor(this.state.lineIndex, order.lines.length), input: '', confirmCancel: false });
    return order;
  }

  private async handleOrder(event: KeyEvent): Promise<OrdersOutcome> {
    const { order, lineIndex, input, confirmCancel } = this.state;
    if (!order) return { close: false };
    if (confirmCancel) {
      if (event.type === 'text' && /^[oy]$/i.test(event.text)) {
        await this.core.purchasing.cancel(order.id, await this.actor('purchase_orders'));
        await this.back();
        return this.say('bo.o.cancelled', { reference: order.reference });
      }
      this.set({ confirmCancel: false });
      return { close: false, message: null };
    }
    if (event.type === 'text') {
      if (/^[\d,.]+$/.test(event.text)) this.set({ input: (input + event.text).slice(0, 10) });
      return { close: false };
    }
    if (event.type === 'ctrl') {
      if (event.letter === 's') {
        const sent = await this.core.purchasing.send(order.id, await this.actor('purchase_orders'));
        const mail = sent.order.mail;
        if (mail?.state === 'queued' && this.deliverMail) await this.deliverMail(order.id);
        const after = await this.refresh(order.id);
        const reference = sent.order.reference;
        if (after.mail?.state === 'sent') return this.say('bo.o.sentMailed', { reference, recipient: after.mail.recipient });
        if (after.mail?.state === 'no_address') return this.say('bo.o.sentNoAddress', { reference, supplier: after.supplierName }, 'info');
        if (after.mail && after.mail.attempts > 0) return this.say('bo.o.sentMailWaits', { reference, reason: after.mail.error ?? '' }, 'info');
        return this.say('bo.o.sent', { reference });
      }
      if (event.letter === 'r') {
        const received = await this.core.purchasing.receive(order.id, [], this.employeeId, await this.actor('receive_goods'));
        await this.refresh(order.id);
        return this.say('bo.o.allReceived', { reference: received.reference });
      }
      if (event.letter === 'x') {
        this.set({ confirmCancel: true });
        return this.say('bo.o.askCancel', { reference: order.reference }, 'info');
      }
      return { close: false };
    }
    if (event.type !== 'key') return { close: false };
    const moved = listCursor(event.name, lineIndex, order.lines.length);
    if (moved !== null) {
      this.set({ lineIndex: moved, input: '' });
      return { close: false };
    }
    switch (event.name) {
      case 'backspace':
        this.set({ input: input.slice(0, -1) });
        break;
      case 'enter':
        return this.applyQuantity(order);
      case 'escape':
        if (input) this.set({ input: '' });
        else await this.back();
        return { close: false, message: null };
      default:
        break;
    }
    return { close: false };
  }

  /** Enter with a typed quantity: a draft's new quantity (0 removes), or what arrived of a sent order's line. */
  private async applyQuantity(order: PurchaseOrder): Promise<OrdersOutcome> {
    const line = order.lines[this.state.lineIndex];
    if (!line || !this.state.input) return { close: false };
    const zero = /^0+([.,]0*)?$/.test(this.state.input);
    let quantity = 0;
    if (!zero) {
      const parsed = parseQuantity(this.state.input, line.unit);
      if (!parsed.ok || parsed.value < 0) {
        this.set({ input: '' });
        return { close: false, message: { text: parsed.ok ? 'quantité positive attendue' : parsed.error, kind: 'error' } };
      }
      quantity = parsed.value;
    }
    if (order.status === 'draft') {
      await this.core.purchasing.setLine(order.id, line.articleId, quantity, await this.actor('purchase_orders'));
      await this.refresh(order.id);
      return this.say(zero ? 'bo.o.lineRemoved' : 'bo.o.lineSaved', { name: line.name });
    }
    await this.core.purchasing.receive(order.id, [{ articleId: line.articleId, quantity }], this.employeeId, await this.actor('receive_goods'));
    const after = await this.refresh(order.id);
    return this.say('bo.o.lineReceived', { name: line.name, status: orderStatus(after.status, this.locale) });
  }

  private async back(): Promise<void> {
    this.set({ view: 'list', order: null, input: '', confirmCancel: false });
    await this.reload();
  }

  /** tries a sent order's e-mail at once (set by the session when the back office has a mailer) */
  deliverMail: DeliverOrderMail | null = null;
  /** who receives the goods, for the stock moves (set by the session) */
  employeeId: number | null = null;
  /** who is signed in (set by the session): the permission table is checked against them and changes are audited under their name */
  employee: Employee | null = null;

  private actor(action: GuardedAction): Promise<Actor> {
    return actorAllowed(this.core, this.employee, action, this.locale);
  }
}
