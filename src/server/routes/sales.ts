// /api/v1/sales: completed sales, read only — by business day range, with
// their lines, VAT and payments. There is no write here on purpose: a sale is
// immutable (chained and signed in the journal); a correction is a new sale
// with negative lines, made at a till. Reading money needs a manager's token.
import type { FastifyInstance } from 'fastify';
import type { Core } from '../../core/shop/core.service.js';
import type { ApiRouteConfig } from '../auth.js';
import { checkQueryDate, decodeCursor, encodeCursor } from '../input.js';
import { ApiProblem } from '../problem.js';
import { idParams, pagingQuery, problems } from './common.js';

export const saleLineSchema = {
  type: 'object',
  properties: {
    lineNo: { type: 'integer' },
    articleId: { type: ['integer', 'null'] },
    code: { type: 'string' },
    name: { type: 'string' },
    unit: { type: 'string' },
    quantity: { type: 'integer', description: 'millièmes (négatif : retour)' },
    unitPrice: { type: 'integer', description: 'prix unitaire TTC vendu, centimes' },
    listPrice: { type: 'integer' },
    taxRateBp: { type: 'integer' },
    gross: { type: 'integer' },
    lineDiscount: { type: 'integer' },
    ticketDiscount: { type: 'integer' },
    total: { type: 'integer', description: 'payé pour la ligne, remises déduites, TTC' },
    priceOverridden: { type: 'boolean' },
    discountLabel: { type: 'string' },
  },
  required: ['lineNo', 'articleId', 'name', 'quantity', 'unitPrice', 'taxRateBp', 'total'],
} as const;

/** What every sale says of itself, in the sales list and in a customer's history alike. */
export const saleHeadProperties = {
  id: { type: 'integer' },
  tillId: { type: 'integer' },
  number: { type: 'integer' },
  createdAt: { type: 'string' },
  businessDate: { type: 'string' },
  localTime: { type: 'string' },
  discountTotal: { type: 'integer' },
  total: { type: 'integer', description: 'TTC, centimes' },
  taxTotal: { type: 'integer' },
  lines: { type: 'array', items: saleLineSchema },
} as const;

const saleSchema = {
  type: 'object',
  properties: {
    ...saleHeadProperties,
    employeeId: { type: 'integer' },
    customerId: { type: ['integer', 'null'] },
    grossTotal: { type: 'integer' },
    tenderedTotal: { type: 'integer' },
    changeGiven: { type: 'integer' },
    hash: { type: 'string', description: 'maillon du journal signé (NF525)' },
    taxes: {
      type: 'array',
      items: { type: 'object', properties: { rateBp: { type: 'integer' }, base: { type: 'integer', description: 'HT' }, tax: { type: 'integer' }, total: { type: 'integer', description: 'TTC' } }, required: ['rateBp', 'base', 'tax', 'total'] },
    },
    payments: {
      type: 'array',
      items: { type: 'object', properties: { lineNo: { type: 'integer' }, method: { type: 'string' }, amount: { type: 'integer' }, tendered: { type: 'integer' }, reference: { type: 'string' } }, required: ['method', 'amount'] },
    },
  },
  required: ['id', 'tillId', 'number', 'businessDate', 'total', 'taxTotal', 'lines', 'taxes', 'payments'],
} as const;

export function saleRoutes(core: Core) {
  return async (app: FastifyInstance): Promise<void> => {
    const read: ApiRouteConfig = { scope: 'sales', least: 'manager' };

    app.get<{ Querystring: { from: string; to: string; limit: number; cursor?: string } }>('/sales', {
      config: read,
      schema: {
        tags: ['sales'],
        summary: 'Ventes de toutes les caisses, journées from..to incluses (AAAA-MM-JJ), avec lignes, TVA et paiements ; lecture seule',
        querystring: {
          type: 'object',
          properties: { ...pagingQuery, from: { type: 'string', maxLength: 10 }, to: { type: 'string', maxLength: 10 } },
          required: ['from', 'to'],
          additionalProperties: false,
        },
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: saleSchema }, nextCursor: { type: ['string', 'null'] } }, required: ['items', 'nextCursor'] }, ...problems() },
      },
    }, async (request) => {
      const from = checkQueryDate('from', request.query.from)!;
      const to = checkQueryDate('to', request.query.to)!;
      if (to < from) throw new ApiProblem(400, `to (${to}) est avant from (${from})`, 'to', 'querystring');
      const { limit } = request.query;
      const sales = await core.sales.inRange({ from, to, afterId: decodeCursor(request.query.cursor), limit: limit + 1 });
      const page = sales.slice(0, limit);
      return { items: page, nextCursor: sales.length > limit ? encodeCursor(page[page.length - 1]!.id) : null };
    });

    app.get<{ Params: { id: number } }>('/sales/:id', {
      config: read,
      schema: { tags: ['sales'], summary: 'Une vente, avec lignes, TVA et paiements', params: idParams, response: { 200: saleSchema, ...problems(404) } },
    }, async (request) => {
      const sale = await core.sales.get(request.params.id);
      if (!sale) throw new ApiProblem(404, `Vente ${request.params.id} introuvable`);
      return sale;
    });
  };
}
