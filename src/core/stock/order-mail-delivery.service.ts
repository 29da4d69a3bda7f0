// Sends the supplier orders owed by e-mail (the order_mails queue) through a
// OrderPost (the mailer and the PDF renderer): `pos orders send` right after the send's commit, `pos orders mail`
// and `orders auto-send` for what waits, and startOrderMailRetries, the loop
// `pos serve` runs. Each due mail is claimed, built afresh from the order
// (French message, PDF and CSV attached, the supplier's current address) and
// counts as sent only when the SMTP server accepted its recipient; anything
// else leaves it queued with the reason and a later try (order-mail.ts).
import type { Core } from '../shop/core.service.js';
import { acceptedBy, mailErrorReason, orderAttachmentNames, orderMailMessage, refusalReason, type OrderMailState, type OrderPost } from './order-mail.js';
import type { QueuedOrderMail } from './order-mails.service.js';

export type MailDeliveryCore = Pick<Core, 'orderMails' | 'purchasing' | 'suppliers' | 'settings' | 'clock'>;

/** What one try did. */
export interface OrderMailOutcome {
  orderId: number;
  reference: string;
  recipient: string;
  sent: boolean;
  /** queued (tried again later) or failed (given up) when not sent */
  state: OrderMailState;
  error: string | null;
  nextTryAt: string | null;
}

/** Tries every due mail (or one order's) once; never throws for a mail that fails, it is recorded. */
export async function deliverOrderMails(core: MailDeliveryCore, post: OrderPost, options: { orderId?: number } = {}): Promise<OrderMailOutcome[]> {
  const due = await core.orderMails.claimDue({ orderId: options.orderId });
  const outcomes: OrderMailOutcome[] = [];
  for (const mail of due) outcomes.push(await deliverOne(core, post, mail));
  return outcomes;
}

async function deliverOne(core: MailDeliveryCore, { mailer, renderPdf }: OrderPost, mail: QueuedOrderMail): Promise<OrderMailOutcome> {
  let recipient = mail.recipient;
  let reason: string;
  try {
    const { order, csv } = await core.purchasing.documents(mail.orderId);
    if (order.status === 'cancelled') {
      await core.orderMails.markCancelled(mail.id);
      return { orderId: mail.orderId, reference: mail.reference, recipient, sent: false, state: 'cancelled', error: null, nextTryAt: null };
    }
    const supplier = (await core.suppliers.get(order.supplierId))!;
    // an address corrected after a refusal is the one to use
    if (supplier.email.trim()) recipient = supplier.email.trim();
    const settings = await core.settings.all();
    const shop = { name: settings['shop.name'], address: settings['shop.address'], siret: settings['shop.siret'] };
    const { subject, text } = orderMailMessage(order, shop, supplier);
    const pdf = await renderPdf(order, shop, supplier);
    const names = orderAttachmentNames(order);
    const receipt = await mailer.send({
      from: mailer.from,
      to: recipient,
      subject,
      text,
      attachments: [
        { filename: names.pdf, content: pdf, contentType: 'application/pdf' },
        { filename: names.csv, content: csv, contentType: 'text/csv; charset=utf-8' },
      ],
    });
    if (acceptedBy(receipt, recipient)) {
      await core.orderMails.markSent(mail.id, recipient, receipt.messageId);
      return { orderId: mail.orderId, reference: mail.reference, recipient, sent: true, state: 'sent', error: null, nextTryAt: null };
    }
    reason = refusalReason(receipt, recipient);
  } catch (err) {
    reason = mailErrorReason(err);
  }
  const status = await core.orderMails.markFailed(mail.id, recipient, reason);
  return { orderId: mail.orderId, reference: mail.reference, recipient, sent: false, state: status.state, error: status.error, nextTryAt: status.nextTryAt };
}

export interface OrderMailRetries {
  /** stops the loop, after the try under way if any */
  stop(): Promise<void>;
}

/**
 * The loop `pos serve` starts: every `intervalMs` (a minute by default) it
 * sends what is due — mails queued by any till, back office or command, and
 * retries after their delay. A failing database or mailer is reported to
 * `onError` and tried again at the next turn; the loop never throws.
 */
export function startOrderMailRetries(
  core: MailDeliveryCore,
  post: OrderPost,
  options: { intervalMs?: number; onOutcome?: (outcome: OrderMailOutcome) => void; onError?: (err: unknown) => void } = {},
): OrderMailRetries {
  const intervalMs = options.intervalMs ?? 60_000;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();
  const turn = async () => {
    try {
      for (const outcome of await deliverOrderMails(core, post)) options.onOutcome?.(outcome);
    } catch (err) {
      options.onError?.(err);
    }
  };
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      running = turn().then(schedule);
    }, intervalMs);
    timer.unref();
  };
  running = turn().then(schedule);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
