// The commands' side of orders by e-mail: the mailer this process sends with
// (the shop's mail.smtpUrl / mail.from, or POS_SMTP_URL / POS_MAIL_FROM), one
// delivery run with each outcome said on stderr, and the queue as a table.
import type { Core } from '../core/shop/core.service.js';
import { deliverOrderMails, type OrderMailOutcome } from '../core/stock/order-mail-delivery.service.js';
import { frenchDay } from '../core/basics/calendar.js';
import type { Mailer, OrderPost } from '../core/stock/order-mail.js';
import type { QueuedOrderMail } from '../core/stock/order-mails.service.js';
import { textTable } from './suppliers.js';

/** The mailer of this process; null when e-mail is off; `problem` when it is on but can't send (no From). */
export async function mailerOf(core: Core): Promise<{ mailer: Mailer } | { problem: string } | null> {
  const { smtpMailerFor } = await import('../drivers/smtp-mailer.js');
  return smtpMailerFor({ smtpUrl: await core.settings.get('mail.smtpUrl'), from: await core.settings.get('mail.from') }, process.env);
}

/** The mailer with the order PDF's renderer, loaded only when a mail is built (pdfkit reads its fonts). */
export function orderPost(mailer: Mailer): OrderPost {
  return {
    mailer,
    renderPdf: async (order, shop, supplier) => (await import('../documents/purchase-order-pdf.js')).renderPurchaseOrderPdf(order, shop, supplier),
  };
}

const hhmm = (iso: string | null) => (iso ? new Date(iso).toTimeString().slice(0, 5) : '');
const when = (iso: string | null) => (iso ? `${frenchDay(iso)} ${hhmm(iso)}` : '');

/** One outcome in words, for stderr. */
export function outcomeLine(o: OrderMailOutcome): string {
  if (o.sent) return `${o.reference} envoyée par e-mail à ${o.recipient}\n`;
  if (o.state === 'cancelled') return `${o.reference} : commande annulée, e-mail abandonné\n`;
  if (o.state === 'failed') return `${o.reference} : E-MAIL ABANDONNÉ (${o.error}) ; pos orders mail --retry pour réessayer\n`;
  return `${o.reference} : e-mail à ${o.recipient} pas envoyé (${o.error}) ; il reste en file, nouvel essai à ${hhmm(o.nextTryAt)} (ou pos orders mail --retry)\n`;
}

/**
 * Sends what is due now (one order's mail, or everything) and says each
 * outcome. Returns false when a mail could not go (the caller sets exit 1).
 * With e-mail on but no way to send, says why: the mails wait in the queue.
 */
export async function deliverNow(core: Core, options: { orderId?: number } = {}): Promise<boolean> {
  const found = await mailerOf(core);
  if (found === null) return true;
  if ('problem' in found) {
    process.stderr.write(`pos: e-mail pas envoyé : ${found.problem} ; il reste en file\n`);
    return false;
  }
  try {
    const outcomes = await deliverOrderMails(core, orderPost(found.mailer), options);
    for (const o of outcomes) process.stderr.write(outcomeLine(o));
    return outcomes.every((o) => o.sent);
  } finally {
    found.mailer.close();
  }
}

/** The same for a screen: nothing written to the terminal Ink draws on; the outcomes are in the queue. */
export async function deliverQuietly(core: Core, orderId: number): Promise<OrderMailOutcome[]> {
  const found = await mailerOf(core);
  if (found === null || 'problem' in found) return [];
  try {
    return await deliverOrderMails(core, orderPost(found.mailer), { orderId });
  } finally {
    found.mailer.close();
  }
}

const STATE_WORDS: Record<QueuedOrderMail['state'], string> = { queued: 'en attente', sent: 'envoyé', failed: 'abandonné', no_address: "pas d'adresse", cancelled: 'annulé' };

export function mailQueueTable(rows: QueuedOrderMail[]): string {
  return textTable(
    ['commande', 'fournisseur', 'destinataire', 'etat', 'essais', 'prochain_essai', 'envoye_le', 'raison'],
    rows.map((r) => [r.reference, r.supplierName, r.recipient, STATE_WORDS[r.state], String(r.attempts), r.state === 'queued' ? when(r.nextTryAt) : '', when(r.sentAt), r.error ?? '']),
  );
}
