// Posts a webhook delivery over HTTP(S): the request the core built (body and
// signed headers), answered by a status, with a time-out so a receiver that
// hangs never stalls the queue. No retries here: the queue in the database
// decides when to try again.
import type { WebhookRequest, WebhookSend } from '../core/shop/webhooks.service.js';

export function httpWebhookSender(timeoutMs = 10_000): WebhookSend {
  return async (request: WebhookRequest) => {
    const res = await fetch(request.url, { method: 'POST', headers: request.headers, body: request.body, redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    // The answer's body is not needed; reading it frees the connection.
    await res.arrayBuffer().catch(() => undefined);
    return res.status;
  };
}
