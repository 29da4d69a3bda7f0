// /api/v1/reports/sales: the sales report of `pos report sales`, grouped by
// day, article, customer (or any other of its dimensions), over business
// days from..to, for every till or one, everybody's or one customer's.
// Reading money needs a manager's token.
import type { FastifyInstance } from 'fastify';
import { SALES_DIMENSIONS, type SalesDimension } from '../../core/fiscal/reports.service.js';
import type { Core } from '../../core/shop/core.service.js';
import type { ApiRouteConfig } from '../auth.js';
import { checkQueryDate } from '../input.js';
import { ApiProblem } from '../problem.js';
import { problems } from './common.js';

const figures = {
  sales: { type: 'integer', description: 'nombre de ventes' },
  items: { type: ['integer', 'null'] },
  total: { type: 'integer', description: 'TTC, centimes' },
  totalHt: { type: ['integer', 'null'] },
  averageBasket: { type: 'integer' },
  lastVisit: { type: ['string', 'null'] },
} as const;

const reportSchema = {
  type: 'object',
  properties: {
    dimension: { type: 'string', enum: [...SALES_DIMENSIONS] },
    from: { type: 'string' },
    to: { type: 'string' },
    tillId: { type: ['integer', 'null'] },
    customer: { type: 'object', properties: { id: { type: 'integer' }, code: { type: 'string' }, name: { type: 'string' } } },
    rows: {
      type: 'array',
      items: {
        type: 'object',
        properties: { key: { type: 'string' }, label: { type: 'string' }, code: { type: ['string', 'null'] }, quantity: { type: ['integer', 'null'], description: 'millièmes (article, rayon)' }, ...figures },
        required: ['key', 'label', 'sales', 'total'],
      },
    },
    totals: { type: 'object', properties: figures, required: ['sales', 'total'] },
  },
  required: ['dimension', 'from', 'to', 'rows', 'totals'],
} as const;

export function reportRoutes(core: Core) {
  return async (app: FastifyInstance): Promise<void> => {
    const read: ApiRouteConfig = { scope: 'reports', least: 'manager' };

    app.get<{ Querystring: { by: SalesDimension; from: string; to: string; till?: number; customer?: number } }>('/reports/sales', {
      config: read,
      schema: {
        tags: ['reports'],
        summary: 'Rapport des ventes regroupées (by : day, article, customer…), journées from..to incluses',
        querystring: {
          type: 'object',
          properties: {
            by: { type: 'string', enum: [...SALES_DIMENSIONS], default: 'day' },
            from: { type: 'string', maxLength: 10 },
            to: { type: 'string', maxLength: 10 },
            till: { type: 'integer', minimum: 1, description: 'une seule caisse' },
            customer: { type: 'integer', minimum: 1, description: "les ventes d'un seul client (son id)" },
          },
          required: ['from', 'to'],
          additionalProperties: false,
        },
        response: { 200: reportSchema, ...problems(404) },
      },
    }, async (request) => {
      const from = checkQueryDate('from', request.query.from)!;
      const to = checkQueryDate('to', request.query.to)!;
      if (to < from) throw new ApiProblem(400, `to (${to}) est avant from (${from})`, 'to', 'querystring');
      const { customer, till } = request.query;
      if (customer !== undefined && !(await core.customers.get(customer))) throw new ApiProblem(404, `Client ${customer} introuvable`, 'customer', 'querystring');
      return core.reports.salesBy(request.query.by, { from, to, tillId: till, customerId: customer });
    });
  };
}
