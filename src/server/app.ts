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

/**
 * A plugin added to the server beside the API: a fastify plugin function
 * receiving the root instance's child (register your routes, hooks, cookie
 * or CSRF plugins in it; they stay inside it). Example:
 *   buildServer(core, { plugins: [async (app) => { app.get('/', …) }] })
 * Routes outside /api/v1 are left out of the OpenAPI document; the API's token
 * check and rate limit do not apply to them (bring your own).
 */
export type ServerPlugin = (app: FastifyInstance, core: Core) => Promise<void>;

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
    await api.register(articleRoutes(core));
    await api.register(categoryRoutes(core));
    await api.register(stockRoutes(core));
    await api.register(customerRoutes(core));
    await api.register(segmentRoutes(core));
    await api.register(saleRoutes(core));
    await api.register(reportRoutes(core));
    await api.register(orderRoutes(core));
  }, { prefix: '/api/v1' });

  for (const plugin of options.plugins ?? []) await app.register(async (child) => plugin(child, core));
  if (options.webhooks) startWebhookLoop(app, core, options.webhooks);
  return app;
}
