// A supplier order by e-mail, the rules that need no database nor network:
// the message in French, when to try again after a failure, what the SMTP
// server's answer means (an order counts as e-mailed only when the server
// accepted its recipient), the reason of a failure in the shopkeeper's words,
// and the mailer a runner is given (src/drivers/smtp-mailer.ts is the real one).
// Pure: order-mails.service.ts keeps the queue.
import { frenchDay } from '../basics/calendar.js';
import { formatMoney } from '../basics/money.js';
import { stripControls } from '../basics/text-fields.js';
import type { ShopIdentity } from './purchase-order-document.js';
import type { PurchaseOrder } from './purchase-order.js';
import type { Supplier } from './suppliers.service.js';

/**
 * queued: owed, tried at next_try_at (a failure leaves it queued with its reason);
 * sent: the SMTP server accepted it; failed: given up after MAX_MAIL_ATTEMPTS
 * (`pos orders mail --retry` queues it again); no_address: the supplier had no
 * e-mail address when the order was sent (the shopkeeper sends the files);
 * cancelled: the order was cancelled before its e-mail left, so it never will.
 */
export const ORDER_MAIL_STATES = ['queued', 'sent', 'failed', 'no_address', 'cancelled'] as const;
export type OrderMailState = (typeof ORDER_MAIL_STATES)[number];

/** The e-mail of an order as the read model shows it (PurchaseOrder.mail). */
export interface OrderMailStatus {
  state: OrderMailState;
  recipient: string;
  /** why it is still waiting (or why it was given up), in French; null once sent */
  error: string | null;
  attempts: number;
  /** when the SMTP server accepted it */
  sentAt: string | null;
  /** when the next try is due (queued only) */
  nextTryAt: string | null;
  messageId: string | null;
}

/** Tries before a mail is given up as failed: about three days with the delays below. */
export const MAX_MAIL_ATTEMPTS = 20;

const MINUTE = 60_000;
/** 1, 5, 15, 30 minutes, 1 hour, then every 4 hours: a server down for lunch or a night is caught up without hammering it. */
const RETRY_DELAYS = [1, 5, 15, 30, 60].map((m) => m * MINUTE);
const LAST_DELAY = 240 * MINUTE;

/** The wait before the next try after `attempts` failed tries (attempts ≥ 1). */
export function retryDelayMs(attempts: number): number {
  return RETRY_DELAYS[Math.max(0, attempts - 1)] ?? LAST_DELAY;
}

/** How long a process trying a mail holds it: another process leaves it alone meanwhile, and takes it over after a crash. */
export const MAIL_CLAIM_MS = 5 * MINUTE;

export interface MailAttachment {
  filename: string;
  content: Buffer | string;
  contentType: string;
}

export interface OutgoingMail {
  from: string;
  to: string;
  subject: string;
  text: string;
  attachments: MailAttachment[];
}

/** What the SMTP server said of a message: the recipients it took and refused. */
export interface MailReceipt {
  accepted: string[];
  rejected: string[];
  messageId: string;
  response?: string;
}

/** The transport the delivery runner is given: SMTP in production (smtp-mailer.ts), anything in tests. */
/**
 * Renders an order's PDF (src/documents/purchase-order-pdf.ts). Handed in by
 * whoever sends, so the core names no renderer and loads no font file.
 */
export type OrderPdfRenderer = (order: PurchaseOrder, shop: ShopIdentity, supplier: Supplier) => Promise<Buffer>;

/** What an order's e-mail goes out with: the shop's mailer and the renderer of its PDF. */
export interface OrderPost {
  mailer: Mailer;
  renderPdf: OrderPdfRenderer;
}

export interface Mailer {
  /** the From address of the shop's mails */
  readonly from: string;
  send(mail: OutgoingMail): Promise<MailReceipt>;
  close(): void;
}

/** Accepted: the server took the recipient and refused nobody. Anything else leaves the order queued. */
export function acceptedBy(receipt: MailReceipt, recipient: string): boolean {
  const same = (a: string) => a.trim().toLowerCase() === recipient.trim().toLowerCase();
  return receipt.rejected.length === 0 && receipt.accepted.some(same);
}

/** A receipt that was not an acceptance, as a reason. */
export function refusalReason(receipt: MailReceipt, recipient: string): string {
  if (receipt.rejected.length > 0) return `destinataire refusé par le serveur : ${receipt.rejected.join(', ')}${receipt.response ? ` (${receipt.response})` : ''}`;
  return `le serveur n'a pas confirmé le destinataire ${recipient}${receipt.response ? ` (${receipt.response})` : ''}`;
}

/** A transport error (nodemailer's codes) in the shopkeeper's words, with the server's own answer when there is one. */
export function mailErrorReason(err: unknown): string {
  const e = (err ?? {}) as { code?: string; responseCode?: number; response?: string; message?: string; rejected?: string[] };
  const server = e.response ? ` : ${e.response}` : '';
  // nodemailer reports a socket's failure as ESOCKET or ECONNECTION, the system's code in the message
  const system = /\b(ECONNREFUSED|ECONNRESET|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|ENOTFOUND)\b/.exec(e.message ?? '')?.[1];
  const code = e.code === 'ESOCKET' || e.code === 'ECONNECTION' ? (system ?? e.code) : e.code;
  let reason: string;
  switch (code) {
    case 'ECONNREFUSED':
    case 'ECONNRESET':
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      reason = `serveur d'e-mail injoignable (${code})`;
      break;
    case 'ETIMEDOUT':
      reason = "serveur d'e-mail injoignable (pas de réponse)";
      break;
    case 'EDNS':
    case 'ENOTFOUND':
      reason = "serveur d'e-mail introuvable (nom inconnu)";
      break;
    case 'EAUTH':
      reason = `identifiant ou mot de passe d'e-mail refusé${server}`;
      break;
    case 'EENVELOPE':
      reason = e.rejected && e.rejected.length > 0 ? `destinataire refusé par le serveur : ${e.rejected.join(', ')}${server}` : `enveloppe refusée${server}`;
      break;
    case 'ETLS':
      reason = `connexion sécurisée impossible${server || ` : ${e.message ?? ''}`}`;
      break;
    case 'EMESSAGE':
      reason = `message refusé par le serveur${server}`;
      break;
    case 'ENOCONFIG':
      reason = e.message ?? "envoi par e-mail non réglé";
      break;
    default:
      reason = `${e.message ?? String(err)}${e.code ? ` (${e.code})` : ''}`;
  }
  return stripControls(reason.replace(/\s+/g, ' ')).trim().slice(0, 500);
}

const money = (cents: number) => formatMoney(cents, 'fr', { symbol: false });

/** Why a cancelled order's e-mail will not leave. */
export const CANCELLED_BEFORE_MAIL = "commande annulée avant le départ de l'e-mail";


/** The file names of the attachments: the order's reference. */
export function orderAttachmentNames(order: PurchaseOrder): { pdf: string; csv: string } {
  return { pdf: `${order.reference}.pdf`, csv: `${order.reference}.csv` };
}

/** The subject and the body of an order's e-mail, in French. */
export function orderMailMessage(order: PurchaseOrder, shop: ShopIdentity, supplier: Supplier): { subject: string; text: string } {
  const subject = `Bon de commande ${order.reference} - ${shop.name}`;
  const lines = order.lines.length;
  const body = [
    supplier.contact ? `Bonjour ${supplier.contact},` : 'Bonjour,',
    '',
    `Veuillez trouver ci-joint notre bon de commande ${order.reference} du ${frenchDay(order.sentAt ?? order.createdAt)} : ${lines} ligne${lines > 1 ? 's' : ''}, ${money(order.value)} EUR HT.`,
    ...(order.expectedAt ? [`Livraison souhaitée le ${frenchDay(order.expectedAt)}.`] : []),
    '',
    'Le bon est joint en PDF (à lire ou imprimer) et en CSV (pour votre logiciel).',
    ...(order.notes ? ['', `Remarques : ${order.notes}`] : []),
    '',
    "Merci de nous confirmer la commande en répondant à ce message.",
    '',
    'Cordialement,',
    shop.name,
    ...shop.address,
    ...(shop.siret ? [`SIRET ${shop.siret}`] : []),
  ];
  return { subject, text: `${body.join('\n')}\n` };
}

/** Where an order's e-mail stands, as each screen words it from its own table (the back office, the phone page). */
export type OrderMailSituation = 'sent' | 'noAddress' | 'cancelled' | 'failed' | 'queued' | 'notTried';

export function orderMailSituation(mail: OrderMailStatus): OrderMailSituation {
  switch (mail.state) {
    case 'no_address':
      return 'noAddress';
    case 'queued':
      return mail.attempts === 0 ? 'notTried' : 'queued';
    default:
      return mail.state;
  }
}

/** An e-mail that did not go and needs someone (waiting after a failure, given up, or no address): the lists flag it. */
export function orderMailWaits(mail: OrderMailStatus | undefined): boolean {
  if (!mail) return false;
  const situation = orderMailSituation(mail);
  return situation === 'queued' || situation === 'failed' || situation === 'noAddress';
}

/** One line saying where an order's e-mail stands, for `orders list` and the back office. */
export function describeOrderMail(mail: OrderMailStatus): string {
  switch (mail.state) {
    case 'sent':
      return `e-mail envoyé à ${mail.recipient} le ${frenchDay(mail.sentAt)}`;
    case 'no_address':
      return `pas d'e-mail : ${mail.error ?? "le fournisseur n'a pas d'adresse"}`;
    case 'cancelled':
      return `pas d'e-mail : ${mail.error ?? 'commande annulée avant son départ'}`;
    case 'failed':
      return `E-MAIL ABANDONNÉ après ${mail.attempts} essais (${mail.error ?? 'erreur inconnue'}) : pos orders mail --retry`;
    case 'queued':
      return mail.attempts === 0
        ? `e-mail à ${mail.recipient} en attente d'envoi`
        : `E-MAIL EN ATTENTE (${mail.attempts} essai${mail.attempts > 1 ? 's' : ''}) : ${mail.error ?? ''}${mail.nextTryAt ? `, nouvel essai à ${clock(mail.nextTryAt)}` : ''}`;
  }
}

function clock(iso: string): string {
  const d = new Date(iso);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}
