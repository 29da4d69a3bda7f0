// Outgoing webhooks as rules: which events there are, what a registration
// may hold, how a payload is signed (HMAC-SHA256 over "timestamp.body", the
// receiver recomputes it with the shared secret and refuses old timestamps),
// and when a failed delivery is tried again. Pure: webhooks.service.ts keeps
// the queue, a driver posts.
import { createHmac, randomBytes } from 'node:crypto';
import { InputError } from '../basics/errors.js';

export const WEBHOOK_EVENTS = ['sale.completed', 'customer.updated', 'stock.low'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** After this many failed attempts a delivery is given up (status failed, kept for `pos api webhook list`). */
export const MAX_ATTEMPTS = 10;

export interface Webhook {
  id: number;
  url: string;
  events: WebhookEvent[];
  active: boolean;
  createdAt: string;
}

export function newWebhookSecret(): string {
  return `whsec_${randomBytes(24).toString('base64url')}`;
}

/** A URL a webhook may post to (http or https, no credentials in it) and known events. */
export function checkWebhookInput(input: { url: string; events: string[] }): { url: string; events: WebhookEvent[] } {
  let url: URL;
  try {
    url = new URL(input.url.trim());
  } catch {
    throw new InputError(`URL « ${input.url} » illisible (http://… ou https://…)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InputError(`URL « ${input.url} » : http ou https seulement`);
  if (url.username || url.password) throw new InputError("URL : pas d'identifiants dans l'adresse (le secret signe chaque envoi)");
  if (url.href.length > 500) throw new InputError('URL trop longue (500 caractères au plus)');
  const events = [...new Set(input.events)];
  if (events.length === 0) throw new InputError(`Au moins un événement : ${WEBHOOK_EVENTS.join(', ')}`);
  for (const e of events) if (!(WEBHOOK_EVENTS as readonly string[]).includes(e)) throw new InputError(`Événement inconnu : « ${e} » (${WEBHOOK_EVENTS.join(', ')})`);
  return { url: url.href, events: events as WebhookEvent[] };
}

/** The `X-Pos-Signature` header: `sha256=` and the hex HMAC of `${timestamp}.${body}`. */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** When attempt n+1 may run after n failures: 30 s doubling, at most an hour apart. */
export function nextAttemptAt(failures: number, now: Date): Date {
  const delay = Math.min(3_600_000, 30_000 * 2 ** Math.max(0, failures - 1));
  return new Date(now.getTime() + delay);
}
