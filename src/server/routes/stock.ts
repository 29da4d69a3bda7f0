// /api/v1/stock: stock levels (all tracked articles, or those at or under
// their minimum), an article's moves, and the two hand-made moves: goods
// received without an order (`receive_goods`) and corrections or losses
// (`adjust_stock`). Quantities in thousandths (1000 = one unit or one kg).
import type { FastifyInstance } from 'fastify';
import { STOCK_REASONS } from '../../core/stock/stock.service.js';
import { actorOfRequest, type ApiRouteConfig } from '../auth.js';
import { checkBodyText, checkQueryDate, decodeCursor, encodeCursor } from '../input.js';
import { idParams, pagingQuery, paramsOf, problems, shopProblems, type RouteContext } from './common.js';

const levelSchema = {
  type: 'object',
  properties: {
    articleId: { type: 'integer' },
    plu: { type: ['string', 'null'] },
    name: { type: 'string' },
    unit: { type: 'string', enum: ['unit', 'kg'] },
    stockQty: { type: 'integer', description: 'en millièmes' },
    minStock: { type: 'integer' },
    low: { type: 'boolean', description: 'au stock minimum ou en dessous' },
    changedAt: { type: 'string' },
  },
  required: ['articleId', 'name', 'unit', 'stockQty', 'minStock', 'low'],
} as const;

const lowSchema = {
  type: 'object',
  properties: {
    articleId: { type: 'integer' },
    plu: { type: ['string', 'null'] },
    name: { type: 'string' },
    unit: { type: 'string' },
    category: { type: 'string' },
    stockQty: { type: 'integer' },
    minStock: { type: 'integer' },
    supplierId: { type: ['integer', 'null'] },
    supplier: { type: 'string' },
    supplierRef: { type: 'string' },
    onOrder: { type: 'integer', description: 'commandé, pas encore reçu (millièmes)' },
  },
  required: ['articleId', 'name', 'stockQty', 'minStock', 'onOrder'],
} as const;

const moveSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    articleId: { type: 'integer' },
    quantity: { type: 'integer' },
    reason: { type: 'string', enum: [...STOCK_REASONS] },
    saleId: { type: ['integer', 'null'] },
    purchaseOrderId: { type: ['integer', 'null'] },
    transferId: { type: ['integer', 'null'] },
    employeeId: { type: ['integer', 'null'] },
    employeeName: { type: 'string' },
    tillId: { type: ['integer', 'null'] },
    note: { type: 'string' },
    createdAt: { type: 'string' },
  },
  required: ['id', 'articleId', 'quantity', 'reason', 'createdAt'],
} as const;

const stockAfter = { type: 'object', properties: { articleId: { type: 'integer' }, stockQty: { type: 'integer' } }, required: ['articleId', 'stockQty'] } as const;

export function stockRoutes(context: RouteContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const read: ApiRouteConfig = { scope: 'stock' };

    app.get<{ Querystring: { limit: number; cursor?: string } }>('/stock', {
      config: read,
      schema: {
        tags: ['stock'],
        summary: 'Niveaux de stock des articles suivis, par pages',
        ...paramsOf(context),
        querystring: { type: 'object', properties: pagingQuery, additionalProperties: false },
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: levelSchema }, nextCursor: { type: ['string', 'null'] } }, required: ['items', 'nextCursor'] }, ...problems(...shopProblems(context)) },
      },
    }, async (request) => {
      const core = context.servicesOf(request);
      const { limit } = request.query;
      const articles = await core.catalog.articlesPage({ afterId: decodeCursor(request.query.cursor), limit: limit + 1 });
      const page = articles.slice(0, limit);
      const items = page.filter((a) => a.trackStock).map((a) => ({ articleId: a.id, plu: a.plu, name: a.name, unit: a.unit, stockQty: a.stockQty, minStock: a.minStock, low: a.minStock > 0 && a.stockQty <= a.minStock, changedAt: a.changedAt }));
      return { items, nextCursor: articles.length > limit ? encodeCursor(page[page.length - 1]!.id) : null };
    });

    app.get('/stock/low', {
      config: read,
      schema: { tags: ['stock'], summary: 'Articles au stock minimum ou en dessous, avec ce qui est déjà commandé', ...paramsOf(context), response: { 200: { type: 'object', properties: { items: { type: 'array', items: lowSchema } }, required: ['items'] }, ...problems(...shopProblems(context)) } },
    }, async (request) => ({ items: await context.servicesOf(request).stock.lowStock() }));

    app.get<{ Params: { id: number }; Querystring: { from?: string; to?: string; limit: number } }>('/articles/:id/stock-moves', {
      config: read,
      schema: {
        tags: ['stock'],
        summary: "Mouvements de stock d'un article, du plus ancien au plus récent (from/to : jours AAAA-MM-JJ inclus)",
        ...paramsOf(context, idParams),
        querystring: {
          type: 'object',
          properties: { from: { type: 'string', maxLength: 10 }, to: { type: 'string', maxLength: 10 }, limit: { type: 'integer', minimum: 1, maximum: 5000, default: 1000 } },
          additionalProperties: false,
        },
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: moveSchema } }, required: ['items'] }, ...problems(404) },
      },
    }, async (request) => {
      const core = context.servicesOf(request);
      const from = checkQueryDate('from', request.query.from);
      const to = checkQueryDate('to', request.query.to);
      await core.catalog.requireArticle(request.params.id);
      return { items: await core.stock.moves(request.params.id, { from, to, limit: request.query.limit }) };
    });

    app.post<{ Params: { id: number }; Body: { quantity: number; cost?: number; note?: string } }>('/articles/:id/stock-receipts', {
      config: { scope: 'stock', action: 'receive_goods' },
      schema: {
        tags: ['stock'],
        summary: 'Marchandise reçue sans commande (quantité positive ; cost : nouveau coût HT en centimes)',
        ...paramsOf(context, idParams),
        body: {
          type: 'object',
          properties: { quantity: { type: 'integer', minimum: 1 }, cost: { type: 'integer', minimum: 0 }, note: { type: 'string', maxLength: 1000 } },
          required: ['quantity'],
          additionalProperties: false,
        },
        response: { 201: stockAfter, ...problems(404, 422) },
      },
    }, async (request, reply) => {
      const core = context.servicesOf(request);
      checkBodyText(request.body, { note: 'stockNote' });
      const { quantity, cost, note } = request.body;
      const stockQty = await core.stock.receive(request.params.id, quantity, { cost, note, tillId: core.tillId }, actorOfRequest(core, request));
      reply.code(201);
      return { articleId: request.params.id, stockQty };
    });

    app.post<{ Params: { id: number }; Body: { quantity: number; reason: 'adjustment' | 'loss'; note?: string } }>('/articles/:id/stock-adjustments', {
      config: { scope: 'stock', action: 'adjust_stock' },
      schema: {
        tags: ['stock'],
        summary: 'Correction de stock (adjustment, dans un sens ou l\'autre) ou perte (loss, quantité négative)',
        ...paramsOf(context, idParams),
        body: {
          type: 'object',
          properties: { quantity: { type: 'integer', not: { const: 0 } }, reason: { type: 'string', enum: ['adjustment', 'loss'] }, note: { type: 'string', maxLength: 1000 } },
          required: ['quantity', 'reason'],
          additionalProperties: false,
        },
        response: { 201: stockAfter, ...problems(404, 422) },
      },
    }, async (request, reply) => {
      const core = context.servicesOf(request);
      checkBodyText(request.body, { note: 'stockNote' });
      const { quantity, reason, note } = request.body;
      const stockQty = await core.stock.adjust(request.params.id, quantity, reason, { note, tillId: core.tillId }, actorOfRequest(core, request));
      reply.code(201);
      return { articleId: request.params.id, stockQty };
    });
  };
}
