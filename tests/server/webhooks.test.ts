// Outgoing webhooks on both engines, against a real HTTP receiver on
// loopback: events found by the scan are queued once, posted signed (HMAC
// checked here with the secret), retried after a failure once their delay has
// passed, and posted by pos serve's own loop.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { actorOf } from '../../src/core/fiscal/audit.service.js';
import { signWebhook } from '../../src/core/shop/webhook.js';
import { httpWebhookSender } from '../../src/drivers/webhook-sender.js';
import { buildServer } from '../../src/server/app.js';
import { ENGINES } from '../helpers/engines.js';
import { coreFixture } from '../helpers/shop.js';

interface Received {
  headers: IncomingMessage['headers'];
  body: string;
}

describe.each(ENGINES)('outgoing webhooks on %s', (engine) => {
  let now = Date.now();
  const fx = coreFixture(engine, { clock: () => new Date(now) });
  const received: Received[] = [];
  let failNext = 0;
  let receiver: Server;
  let url: string;

  beforeAll(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => (body += String(d)));
      req.on('end', () => {
        if (failNext > 0) {
          failNext -= 1;
          res.writeHead(500).end();
          return;
        }
        received.push({ headers: req.headers, body });
        res.writeHead(204).end();
      });
    });
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  });
  afterAll(() => new Promise<void>((r) => receiver.close(() => r())));

  test('sale, customer and low stock are queued once, posted signed, retried after a failure', async () => {
    const owner = await fx.core.staff.create({ name: 'Claire Patronne', role: 'owner', pin: '9999' }, { pinRule: 'weak-allowed' });
    const { webhook, secret } = await fx.core.webhooks.add({ url, events: ['sale.completed', 'customer.updated', 'stock.low'] }, actorOf(owner, fx.core.tillId));
    await expect(fx.core.webhooks.add({ url: 'ftp://example.fr/', events: ['stock.low'] }, actorOf(owner, fx.core.tillId))).rejects.toThrow(/http ou https/);
    await expect(fx.core.webhooks.add({ url, events: ['sale.deleted'] }, actorOf(owner, fx.core.tillId))).rejects.toThrow(/Événement inconnu/);

    now += 10_000;
    const sale = await fx.core.sales.complete(fx.ticketOf(['nutella', 16000]), [{ method: 'card', amount: 7200 }], fx.shop.cashier.id); // 4 left, minimum 5
    await fx.core.customers.create({ code: 'C0001', lastName: 'Dupont' });
    expect(await fx.core.webhooks.collect()).toBe(3);
    expect(await fx.core.webhooks.collect()).toBe(0); // the same states are never queued twice

    failNext = 3;
    const first = await fx.core.webhooks.deliverDue(httpWebhookSender(5000));
    expect(first.map((d) => [d.status, d.attempts, d.lastError])).toEqual([['pending', 1, 'HTTP 500'], ['pending', 1, 'HTTP 500'], ['pending', 1, 'HTTP 500']]);
    expect(await fx.core.webhooks.deliverDue(httpWebhookSender(5000))).toEqual([]); // not due yet
    expect((await fx.core.webhooks.list())[0]).toMatchObject({ id: webhook.id, pending: 3, failed: 0 });

    now += 60_000;
    const second = await fx.core.webhooks.deliverDue(httpWebhookSender(5000));
    expect(second.map((d) => d.status)).toEqual(['delivered', 'delivered', 'delivered']);
    expect(received.map((r) => r.headers['x-pos-event']).sort()).toEqual(['customer.updated', 'sale.completed', 'stock.low']);
    for (const r of received) {
      expect(r.headers['x-pos-signature']).toBe(signWebhook(secret, String(r.headers['x-pos-timestamp']), r.body));
      expect(r.headers['content-type']).toBe('application/json');
    }
    const saleBody = JSON.parse(received.find((r) => r.headers['x-pos-event'] === 'sale.completed')!.body);
    expect(saleBody).toMatchObject({ event: 'sale.completed', data: { sale: { id: sale.id, total: 7200 } } });
    const low = JSON.parse(received.find((r) => r.headers['x-pos-event'] === 'stock.low')!.body);
    expect(low.data.article).toMatchObject({ id: fx.shop.nutella.id, stockQty: 4000, minStock: 5000 });
    expect(signWebhook('another secret', String(received[0]!.headers['x-pos-timestamp']), received[0]!.body)).not.toBe(received[0]!.headers['x-pos-signature']);

    // Removed: nothing more is queued for it.
    await fx.core.webhooks.remove(webhook.id, actorOf(owner, fx.core.tillId));
    await fx.core.customers.create({ code: 'C0002', lastName: 'Martin' });
    expect(await fx.core.webhooks.collect()).toBe(0);
  });

  test('two servers posting at once post each delivery once', async () => {
    const owner = await fx.core.staff.create({ name: 'Paul Patron', role: 'owner', pin: '8642' }, { pinRule: 'weak-allowed' });
    const { webhook } = await fx.core.webhooks.add({ url, events: ['customer.updated'] }, actorOf(owner, fx.core.tillId));
    now += 10_000;
    for (const code of ['C0101', 'C0102', 'C0103']) await fx.core.customers.create({ code, lastName: 'Lefèvre' });
    const queued = await fx.core.webhooks.collect(); // the three, and any customer changed just before
    expect(queued).toBeGreaterThanOrEqual(3);
    const posted: string[] = [];
    // A slow receiver: both turns read the same due rows before either post ends.
    const slow = async (request: { headers: Record<string, string> }) => {
      posted.push(request.headers['x-pos-delivery']!);
      await new Promise((r) => setTimeout(r, 50));
      return 204;
    };
    const [a, b] = await Promise.all([fx.core.webhooks.deliverDue(slow), fx.core.webhooks.deliverDue(slow)]);
    expect(a.length + b.length).toBe(queued);
    expect(posted).toHaveLength(queued);
    expect(new Set(posted).size).toBe(queued);
    expect((await fx.core.webhooks.deliveries(webhook.id)).map((d) => d.status)).toEqual(Array(queued).fill('delivered'));
    await fx.core.webhooks.remove(webhook.id, actorOf(owner, fx.core.tillId));
  });

  test("pos serve's loop queues and posts by itself", async () => {
    const owner = (await fx.core.staff.list()).find((e) => e.role === 'owner')!;
    now += 1_000; // registered after the first test's customers: it gets none of them
    await fx.core.webhooks.add({ url, events: ['customer.updated'] }, actorOf(owner, fx.core.tillId));
    const app = await buildServer(fx.core, { webhooks: { intervalMs: 50, send: httpWebhookSender(5000) } });
    try {
      const before = received.length;
      now += 10_000;
      await fx.core.customers.create({ code: 'C0003', firstName: 'Zoé', lastName: 'Leroy' });
      for (let i = 0; i < 300 && received.length === before; i++) await new Promise((r) => setTimeout(r, 50));
      expect(JSON.parse(received.at(-1)!.body).data.customer).toMatchObject({ code: 'C0003', lastName: 'Leroy' });
    } finally {
      await app.close();
    }
  });
});
