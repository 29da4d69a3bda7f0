// /api/v1/articles: the catalogue for an e-shop or a CRM. List (cursor paging,
// `updated_since` for a sync), read, create, change (If-Match). A price change
// is audited like one made at the back office, under the token's name.
import type { FastifyInstance } from 'fastify';
import type { ArticlePatch } from '../../core/catalogue/article-rules.js';
import { actorOfRequest, type ApiRouteConfig } from '../auth.js';
import { checkBodyText, checkQueryInstant, decodeCursor, encodeCursor, ifMatchOf, setETag } from '../input.js';
import { idParams, ifMatchHeaders, pagingQuery, paramsOf, problems, shopProblems, type RouteContext } from './common.js';

const articleFields = {
  plu: { type: ['string', 'null'], maxLength: 6, description: 'code tapé en caisse (1 à 6 chiffres)' },
  name: { type: 'string', minLength: 1, maxLength: 1000 },
  categoryId: { type: 'integer', minimum: 1 },
  price: { type: 'integer', minimum: 0, description: 'prix de vente TTC, en centimes' },
  taxRateId: { type: 'integer', minimum: 1 },
  cost: { type: 'integer', minimum: 0, description: "coût d'achat HT, en centimes" },
  unit: { type: 'string', enum: ['unit', 'kg'] },
  loyaltyPoints: { type: 'integer', minimum: 0 },
  minStock: { type: 'integer', minimum: 0, description: 'en millièmes' },
  reorderPoint: { type: ['integer', 'null'], minimum: 0 },
  safetyStock: { type: 'integer', minimum: 0 },
  supplierId: { type: ['integer', 'null'], minimum: 1 },
  supplierRef: { type: 'string', maxLength: 1000 },
  packSize: { type: 'integer', minimum: 1 },
  minOrderQty: { type: 'integer', minimum: 0 },
  gridPosition: { type: ['integer', 'null'], minimum: 1 },
  trackStock: { type: 'boolean' },
} as const;

export const articleSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    ...articleFields,
    taxRateBp: { type: 'integer', description: 'taux de TVA en points de base (2000 = 20 %)' },
    stockQty: { type: 'integer', description: 'stock en millièmes' },
    active: { type: 'boolean' },
    barcodes: { type: 'array', items: { type: 'string' } },
    changedAt: { type: 'string', description: 'dernier changement visible en caisse (ISO 8601, UTC)' },
  },
  required: ['id', 'plu', 'name', 'categoryId', 'price', 'taxRateId', 'taxRateBp', 'unit', 'stockQty', 'active'],
} as const;

const createBody = {
  type: 'object',
  properties: { ...articleFields, barcodes: { type: 'array', items: { type: 'string', maxLength: 20 }, maxItems: 20 } },
  required: ['name', 'price', 'categoryId', 'taxRateId'],
  additionalProperties: false,
} as const;

const patchBody = {
  type: 'object',
  properties: { ...articleFields, active: { type: 'boolean' } },
  additionalProperties: false,
  minProperties: 1,
} as const;

const TEXT = { name: 'articleName', supplierRef: 'supplierRef' } as const;

/**
 * Under /shops/:shop the articles are read as that shop sees them (its own
 * price and minimum stock where it has one, its stock); the catalogue is
 * written through the plain routes only, as it is the whole company's.
 */
export function articleRoutes(context: RouteContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const read: ApiRouteConfig = { scope: 'articles' };
    const write: ApiRouteConfig = { scope: 'articles', action: 'edit_articles' };

    app.get<{ Querystring: { limit: number; cursor?: string; updated_since?: string } }>('/articles', {
      config: read,
      schema: {
        tags: ['articles'],
        summary: "Articles, par pages (ordre d'id) ; updated_since pour une synchronisation",
        ...paramsOf(context),
        querystring: {
          type: 'object',
          properties: { ...pagingQuery, updated_since: { type: 'string', maxLength: 40, description: 'AAAA-MM-JJ ou instant ISO 8601 : seulement les articles changés depuis' } },
          additionalProperties: false,
        },
        response: {
          200: { type: 'object', properties: { items: { type: 'array', items: articleSchema }, nextCursor: { type: ['string', 'null'] } }, required: ['items', 'nextCursor'] },
          ...problems(...shopProblems(context)),
        },
      },
    }, async (request) => {
      const core = context.servicesOf(request);
      const { limit } = request.query;
      const afterId = decodeCursor(request.query.cursor);
      const changedSince = checkQueryInstant('updated_since', request.query.updated_since);
      const items = await core.catalog.articlesPage({ afterId, changedSince, limit: limit + 1 });
      const page = items.slice(0, limit);
      return { items: page, nextCursor: items.length > limit ? encodeCursor(page[page.length - 1]!.id) : null };
    });

    app.get<{ Params: { id: number } }>('/articles/:id', {
      config: read,
      schema: { tags: ['articles'], summary: 'Un article (ETag : sa version)', ...paramsOf(context, idParams), response: { 200: articleSchema, ...problems(404) } },
    }, async (request, reply) => {
      const core = context.servicesOf(request);
      const article = await core.catalog.requireArticle(request.params.id);
      setETag(reply, article);
      return { ...article, barcodes: await core.catalog.barcodesOf(article.id) };
    });

    if (context.perShop) return;

    app.post<{ Body: ArticlePatch & { name: string; price: number; categoryId: number; taxRateId: number; barcodes?: string[] } }>('/articles', {
      config: write,
      schema: { tags: ['articles'], summary: 'Crée un article', body: createBody, response: { 201: articleSchema, ...problems(422) } },
    }, async (request, reply) => {
      const core = context.servicesOf(request);
      checkBodyText(request.body, TEXT);
      const article = await core.catalog.createArticle(request.body, null, actorOfRequest(core, request));
      setETag(reply, article);
      reply.code(201).header('location', `/api/v1/articles/${article.id}`);
      return { ...article, barcodes: await core.catalog.barcodesOf(article.id) };
    });

    app.patch<{ Params: { id: number }; Body: ArticlePatch }>('/articles/:id', {
      config: write,
      schema: {
        tags: ['articles'],
        summary: 'Change des champs d\'un article (If-Match obligatoire ; 412 si la version a changé)',
        params: idParams,
        headers: ifMatchHeaders,
        body: patchBody,
        response: { 200: articleSchema, ...problems(404, 412, 422, 428) },
      },
    }, async (request, reply) => {
      const core = context.servicesOf(request);
      const ifVersion = ifMatchOf(request);
      checkBodyText(request.body as Record<string, unknown>, TEXT);
      const article = await core.catalog.updateArticle(request.params.id, request.body, null, { actor: actorOfRequest(core, request), ifVersion });
      setETag(reply, article);
      return { ...article, barcodes: await core.catalog.barcodesOf(article.id) };
    });
  };
}
