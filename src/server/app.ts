// `pos serve`'s HTTP server: the API v1 under /api/v1 (token auth, rate limit
// per token, problem+json errors, schemas on every route, OpenAPI document),
// over the same core as the tills, so what it writes shows on them like any
// other change. Extra plugins (the phone ordering page…) are registered after
// the API, each in its own encapsulated context.
import rateLimit from '@fastify/rate-limit';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { createHash } from 'node:crypto';
import type { Core } from '../core/shop/core.service.js';
import { bearerOf, useTokenAuth } from './auth.js';
import { registerOpenApi } from './openapi.js';
import { ApiProblem, useProblems } from './problem.js';
import { startWebhookLoop, type WebhookLoopOptions } from './webhooks.js';
import { articleRoutes } from './routes/articles.js';
import { categoryRoutes } from './routes/categories.js';
import { stockRoutes } from './routes/stock.js';
import { customerRoutes } from './routes/customers.js';
import { segmentRoutes } from './routes/segments.js';
import { saleRoutes } from './routes/sales.js';
import { reportRoutes } from './routes/reports.js';
import { orderRoutes } from './routes/orders.js';
import { shopRoutes } from './routes/shops.js';
import type { RouteContext } from './routes/common.js';
import { ShopServicesCache, type ShopServices } from './shop-services.js';

/**
 * A plugin added to the server beside the API: a fastify plugin function
 * receiving the root instance's child (register your routes, hooks, cookie
 * or CSRF plugins in it; they stay inside it). Example:
 *   buildServer(core, { plugins: [async (app) => { app.get('/', …) }] })
 * Routes outside /api/v1 are left out of the OpenAPI document; the API's token
 * check and rate limit do not apply to them (bring your own).
 */
export type ServerPlugin = (app: FastifyInstance, core: Core, shops: ShopServicesCache) => Promise<void>;

export interface ServerOptions {
  /** extra plugins, registered after the API (see ServerPlugin) */
  plugins?: ServerPlugin[];
  /** requests a token may make per window (default 600 a minute) */
  rateLimit?: { max: number; timeWindowMs: number };
  /** the program's version, in the OpenAPI document */
  version?: string;
  /** post the outgoing webhooks from this server (pos serve: every 5 s, over HTTP) */
  webhooks?: WebhookLoopOptions;
  /** fastify's own options (https for --tls-cert/--tls-key, a logger); the logger is off by default */
  fastify?: FastifyServerOptions & { https?: { cert: Buffer; key: Buffer } };
}

/** The key the limiter counts by: the token (hashed, never kept in clear), else the caller's address. */
function rateKeyOf(request: Parameters<typeof bearerOf>[0]): string {
  const secret = bearerOf(request);
  return secret ? `token:${createHash('sha256').update(secret).digest('hex')}` : `ip:${request.ip}`;
}

export async function buildServer(core: Core, options: ServerOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    ...options.fastify,
    ajv: {
      customOptions: {
        // An unknown field is refused (400 naming it), never silently dropped.
        removeAdditional: false,
        allErrors: false,
      },
    },
  }) as unknown as FastifyInstance;
  await registerOpenApi(app, options.version ?? '1');
  const shops = new ShopServicesCache(core);

  await app.register(async (api) => {
    useProblems(api);
    const limit = options.rateLimit ?? { max: 600, timeWindowMs: 60_000 };
    await api.register(rateLimit, {
      max: limit.max,
      timeWindow: limit.timeWindowMs,
      keyGenerator: rateKeyOf,
      errorResponseBuilder: (_request, context) =>
        Object.assign(new ApiProblem(429, `Trop de requêtes pour ce jeton : ${context.max} par ${context.after === '1 minute' ? 'minute' : 'fenêtre'} ; réessayez dans ${Math.ceil(context.ttl / 1000)} s`), { statusCode: 429 }),
    });
    useTokenAuth(api, core);
    api.get('/openapi.json', { schema: { hide: true } as Record<string, unknown> }, async () => app.swagger());
    const own: RouteContext = { servicesOf: () => core, perShop: false };
    await api.register(articleRoutes(own));
    await api.register(categoryRoutes(core));
    await api.register(stockRoutes(own));
    await api.register(customerRoutes(core));
    await api.register(segmentRoutes(core));
    await api.register(saleRoutes(core));
    await api.register(reportRoutes(core));
    await api.register(orderRoutes(own));
    await api.register(shopRoutes(core));
    // The routes whose answer depends on the shop, again under /shops/{shop}
    // for any shop of the company (issue #22), the same code over its services.
    await api.register(async (perShop) => {
      const chosen = new WeakMap<object, ShopServices>();
      // After the token check (the parent's hook): an unknown shop is told only to a caller with a token.
      perShop.addHook('onRequest', async (request) => {
        const ref = (request.params as { shop?: string }).shop ?? '';
        const found = ref.length <= 40 ? await shops.resolve(ref) : null;
        if (!found) throw new ApiProblem(404, `Boutique « ${ref.slice(0, 40)} » inconnue (GET /api/v1/shops les donne)`, 'shop', 'params');
        chosen.set(request, found.services);
      });
      const theirs: RouteContext = { servicesOf: (request) => chosen.get(request)!, perShop: true };
      await perShop.register(articleRoutes(theirs));
      await perShop.register(stockRoutes(theirs));
      await perShop.register(orderRoutes(theirs));
    }, { prefix: '/shops/:shop' });
  }, { prefix: '/api/v1' });

  for (const plugin of options.plugins ?? []) await app.register(async (child) => plugin(child, core, shops));
  if (options.webhooks) startWebhookLoop(app, core, options.webhooks);
  return app;
}
