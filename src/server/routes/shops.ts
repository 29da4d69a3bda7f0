// /api/v1/shops: the company's shops (issue #22), what a client needs to
// name one in /api/v1/shops/{shop}/… (its code or its number). Read only:
// shops are opened and set up with `pos shops`.
import type { FastifyInstance } from 'fastify';
import type { Core } from '../../core/shop/core.service.js';
import type { ApiRouteConfig } from '../auth.js';
import { problems } from './common.js';

const shopSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    code: { type: 'string', description: 'ce que prennent /shops/{shop}/… et --shop' },
    name: { type: 'string' },
    active: { type: 'boolean' },
    tills: { type: 'array', items: { type: 'integer' }, description: 'ses caisses' },
  },
  required: ['id', 'code', 'name', 'active', 'tills'],
} as const;

export function shopRoutes(core: Core) {
  return async (app: FastifyInstance): Promise<void> => {
    // Whoever reads a shop's stock, orders or articles needs to know the shops.
    const read: ApiRouteConfig = { scope: ['stock', 'orders', 'articles'] };

    app.get('/shops', {
      config: read,
      schema: {
        tags: ['shops'],
        summary: 'Les boutiques de la société (la boutique du serveur : « serverShopId »)',
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: shopSchema }, serverShopId: { type: 'integer', description: 'la boutique des routes sans /shops/{shop}' } }, required: ['items', 'serverShopId'] }, ...problems() },
      },
    }, async () => ({ items: await core.shops.list(), serverShopId: core.shopId }));
  };
}
