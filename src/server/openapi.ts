// The OpenAPI 3 document, built by @fastify/swagger from the very schemas
// fastify validates and serializes with, so it cannot drift from the code.
// Served at /api/v1/openapi.json (behind a token, like every API route).
import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';

export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'pos — API de la caisse',
        version,
        description: "API v1 de la caisse : catalogue, stock, clients, ventes (lecture seule), commandes fournisseurs, rapports, boutiques. Le stock, les commandes fournisseurs et la lecture des articles répondent aussi sous /api/v1/shops/{shop}/… pour une boutique donnée (code ou numéro) ; sans ce préfixe, la boutique du serveur. Montants en centimes TTC, quantités en millièmes, taux de TVA en points de base.",
      },
      components: {
        securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'jeton créé par « pos api token create »' } },
      },
      security: [{ bearer: [] }],
    },
    // Only the API is described: the ordering page's routes (plugins) stay out.
    transform: ({ schema, url }) => ({ schema: (url.startsWith('/api/v1') ? schema : { ...(schema ?? {}), hide: true }) as typeof schema, url }),
  });
}
