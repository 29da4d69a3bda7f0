// The webhook loop of `pos serve`: every few seconds, queue the new events
// and post what is due (see src/core/shop/webhooks.service.ts). One tick at a
// time; a failed tick (database busy) is silent and the next one catches up,
// since the queue and the scan positions are in the database.
import type { FastifyInstance } from 'fastify';
import type { Core } from '../core/shop/core.service.js';
import type { WebhookSend } from '../core/shop/webhooks.service.js';

export interface WebhookLoopOptions {
  intervalMs: number;
  send: WebhookSend;
}

export function startWebhookLoop(app: FastifyInstance, core: Core, options: WebhookLoopOptions): void {
  let running: Promise<void> | null = null;
  let stopped = false;
  const tick = async () => {
    try {
      await core.webhooks.collect();
      await core.webhooks.deliverDue(options.send);
    } catch (err) {
      app.log.warn({ err }, 'webhooks: tick failed');
    }
  };
  const timer = setInterval(() => {
    if (running || stopped) return;
    running = tick().finally(() => {
      running = null;
    });
  }, options.intervalMs);
  timer.unref();
  app.addHook('onClose', async () => {
    stopped = true;
    clearInterval(timer);
    await running;
  });
}
