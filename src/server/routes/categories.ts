// /api/v1/categories: the till's tabs (name, colour, order). Reads for any
// token with the scope; creating and changing need `edit_articles`, like the CLI.
import type { FastifyInstance } from 'fastify';
import { CATEGORY_COLOURS } from '../../core/catalogue/article-rules.js';
import type { Core } from '../../core/shop/core.service.js';
import { actorOfRequest, type ApiRouteConfig } from '../auth.js';
import { checkBodyText, ifMatchOf, setETag } from '../input.js';
import { ApiProblem } from '../problem.js';
import { idParams, ifMatchHeaders, problems } from './common.js';

export const categorySchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    color: { type: 'string', enum: [...CATEGORY_COLOURS] },
    sortOrder: { type: 'integer', description: 'place parmi les onglets' },
  },
  required: ['id', 'name', 'color', 'sortOrder'],
} as const;

const fields = {
  name: { type: 'string', minLength: 1, maxLength: 1000 },
  color: { type: 'string', enum: [...CATEGORY_COLOURS] },
  sortOrder: { type: 'integer', minimum: 0, maximum: 10_000 },
} as const;

interface CategoryBody {
  name?: string;
  color?: string;
  sortOrder?: number;
}

export function categoryRoutes(core: Core) {
  return async (app: FastifyInstance): Promise<void> => {
    const read: ApiRouteConfig = { scope: 'categories' };
    const write: ApiRouteConfig = { scope: 'categories', action: 'edit_articles' };
    const TEXT = { name: 'categoryName' } as const;

    app.get('/categories', {
      config: read,
      schema: { tags: ['categories'], summary: 'Les catégories, dans l\'ordre des onglets', response: { 200: { type: 'object', properties: { items: { type: 'array', items: categorySchema } }, required: ['items'] }, ...problems() } },
    }, async () => ({ items: await core.categories.all() }));

    app.get<{ Params: { id: number } }>('/categories/:id', {
      config: read,
      schema: { tags: ['categories'], summary: 'Une catégorie (ETag : sa version)', params: idParams, response: { 200: categorySchema, ...problems(404) } },
    }, async (request, reply) => {
      const category = await core.categories.get(request.params.id);
      if (!category) throw new ApiProblem(404, `Catégorie ${request.params.id} introuvable`);
      setETag(reply, category);
      return category;
    });

    app.post<{ Body: CategoryBody & { name: string } }>('/categories', {
      config: write,
      schema: {
        tags: ['categories'],
        summary: 'Crée une catégorie (à la fin des onglets sans sortOrder)',
        body: { type: 'object', properties: fields, required: ['name'], additionalProperties: false },
        response: { 201: categorySchema, ...problems(422) },
      },
    }, async (request, reply) => {
      checkBodyText(request.body, TEXT);
      const sortOrder = request.body.sortOrder ?? Math.max(0, ...(await core.categories.all()).map((c) => c.sortOrder)) + 1;
      const category = await core.categories.create({ name: request.body.name, color: request.body.color ?? 'white', sortOrder }, actorOfRequest(core, request));
      setETag(reply, category);
      reply.code(201).header('location', `/api/v1/categories/${category.id}`);
      return category;
    });

    app.patch<{ Params: { id: number }; Body: CategoryBody }>('/categories/:id', {
      config: write,
      schema: {
        tags: ['categories'],
        summary: 'Renomme, recolore ou déplace une catégorie (If-Match obligatoire)',
        params: idParams,
        headers: ifMatchHeaders,
        body: { type: 'object', properties: fields, additionalProperties: false, minProperties: 1 },
        response: { 200: categorySchema, ...problems(404, 412, 422, 428) },
      },
    }, async (request, reply) => {
      const ifVersion = ifMatchOf(request);
      checkBodyText(request.body, TEXT);
      const category = await core.categories.update(request.params.id, request.body, { actor: actorOfRequest(core, request), ifVersion });
      setETag(reply, category);
      return category;
    });
  };
}
