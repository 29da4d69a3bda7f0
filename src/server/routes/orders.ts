// /api/v1/orders: supplier orders — list, read (ETag), propose drafts from
// the reorder rule, put a line on a draft (PUT under If-Match), send, and
// receive a delivery (in full, or some lines). Writes need `purchase_orders`,
// receiving needs `receive_goods`, as at the back office.
import type { FastifyInstance } from 'fastify';
import { ORDER_STATUSES, type OrderStatus, type ReceiptLine } from '../../core/stock/purchase-order.js';
import { ORDER_MAIL_STATES } from '../../core/stock/order-mail.js';
import { actorOfRequest, type ApiRouteConfig } from '../auth.js';
import { ifMatchOf, setETag } from '../input.js';
import { ApiProblem } from '../problem.js';
import type { ShopServices } from '../shop-services.js';
import { idParams, ifMatchHeaders, paramsOf, problems, shopProblems, type RouteContext } from './common.js';

const orderSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    reference: { type: 'string' },
    shopId: { type: 'integer', description: 'la boutique qui commande (et reçoit)' },
    supplierId: { type: 'integer' },
    supplierName: { type: 'string' },
    status: { type: 'string', enum: [...ORDER_STATUSES] },
    automatic: { type: 'boolean' },
    notes: { type: 'string' },
    createdAt: { type: 'string' },
    sentAt: { type: ['string', 'null'] },
    expectedAt: { type: ['string', 'null'] },
    value: { type: 'integer', description: 'valeur au coût HT, centimes' },
    minOrderValue: { type: 'integer' },
    belowMinimum: { type: 'boolean' },
    shortfall: { type: 'integer' },
    mail: {
      type: 'object',
      description: "l'e-mail de la commande au fournisseur, quand l'e-mail est réglé : envoyé, en attente (avec la raison), abandonné, sans adresse, annulé",
      properties: {
        state: { type: 'string', enum: [...ORDER_MAIL_STATES] },
        recipient: { type: 'string' },
        error: { type: ['string', 'null'] },
        attempts: { type: 'integer' },
        sentAt: { type: ['string', 'null'] },
        nextTryAt: { type: ['string', 'null'] },
        messageId: { type: ['string', 'null'] },
      },
      required: ['state', 'recipient', 'attempts'],
    },
    lines: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          articleId: { type: 'integer' },
          plu: { type: ['string', 'null'] },
          name: { type: 'string' },
          unit: { type: 'string' },
          supplierRef: { type: 'string' },
          quantity: { type: 'integer', description: 'millièmes' },
          receivedQty: { type: 'integer' },
          due: { type: 'integer' },
          unitCost: { type: 'integer' },
          value: { type: 'integer' },
        },
        required: ['articleId', 'name', 'quantity', 'receivedQty', 'due', 'unitCost', 'value'],
      },
    },
  },
  required: ['id', 'reference', 'supplierId', 'status', 'lines', 'value'],
} as const;

const orderList = { type: 'object', properties: { items: { type: 'array', items: orderSchema } }, required: ['items'] } as const;

export function orderRoutes(context: RouteContext) {
  return async (app: FastifyInstance): Promise<void> => {
    const read: ApiRouteConfig = { scope: 'orders' };
    const write: ApiRouteConfig = { scope: 'orders', action: 'purchase_orders' };
    // Under /shops/:shop an order of another shop is not there (the plain routes reach every order, as before shops).
    const requireOrder = async (core: ShopServices, id: number) => {
      const order = await core.purchasing.get(id);
      if (!order || (context.perShop && order.shopId !== core.shopId)) throw new ApiProblem(404, `Commande ${id} introuvable`);
      return order;
    };

    app.get<{ Querystring: { status: OrderStatus | 'open' | 'all' } }>('/orders', {
      config: read,
      schema: {
        tags: ['orders'],
        summary: 'Commandes fournisseurs, les plus récentes d\'abord (status : open par défaut, all, ou un statut)',
        ...paramsOf(context),
        querystring: { type: 'object', properties: { status: { type: 'string', enum: ['open', 'all', ...ORDER_STATUSES], default: 'open' } }, additionalProperties: false },
        response: { 200: orderList, ...problems(...shopProblems(context)) },
      },
    }, async (request) => ({ items: await context.servicesOf(request).purchasing.list({ status: request.query.status }) }));

    app.get<{ Params: { id: number } }>('/orders/:id', {
      config: read,
      schema: { tags: ['orders'], summary: 'Une commande et ses lignes (ETag : sa version)', ...paramsOf(context, idParams), response: { 200: orderSchema, ...problems(404) } },
    }, async (request, reply) => {
      const order = await requireOrder(context.servicesOf(request), request.params.id);
      setETag(reply, order);
      return order;
    });

    app.post('/orders/proposals', {
      config: write,
      schema: {
        tags: ['orders'],
        summary: "Propose les commandes : ajoute aux brouillons de chaque fournisseur les articles à commander (les lignes déjà en brouillon restent telles quelles)",
        ...paramsOf(context),
        response: { 200: orderList, ...problems(...shopProblems(context)) },
      },
    }, async (request) => {
      const core = context.servicesOf(request);
      return { items: await core.purchasing.propose(core.clock(), actorOfRequest(core, request)) };
    });

    app.put<{ Params: { id: number; articleId: number }; Body: { quantity: number } }>('/orders/:id/lines/:articleId', {
      config: write,
      schema: {
        tags: ['orders'],
        summary: "Met un article sur un brouillon à cette quantité (0 le retire) ; If-Match obligatoire",
        ...paramsOf(context, {
          type: 'object',
          properties: { id: { type: 'integer', minimum: 1, maximum: 2_147_483_647 }, articleId: { type: 'integer', minimum: 1, maximum: 2_147_483_647 } },
          required: ['id', 'articleId'],
          additionalProperties: false,
        }),
        headers: ifMatchHeaders,
        body: { type: 'object', properties: { quantity: { type: 'integer', minimum: 0, maximum: 99_999_000, description: 'millièmes' } }, required: ['quantity'], additionalProperties: false },
        response: { 200: orderSchema, ...problems(404, 409, 412, 422, 428) },
      },
    }, async (request, reply) => {
      const core = context.servicesOf(request);
      const ifVersion = ifMatchOf(request);
      await requireOrder(core, request.params.id);
      const order = await core.purchasing.putLine(request.params.id, request.params.articleId, request.body.quantity, actorOfRequest(core, request), ifVersion);
      setETag(reply, order);
      return order;
    });

    app.post<{ Params: { id: number } }>('/orders/:id/send', {
      config: write,
      schema: { tags: ['orders'], summary: 'Envoie un brouillon au fournisseur', ...paramsOf(context, idParams), response: { 200: orderSchema, ...problems(404, 422) } },
    }, async (request, reply) => {
      const core = context.servicesOf(request);
      await requireOrder(core, request.params.id);
      const sent = await core.purchasing.send(request.params.id, actorOfRequest(core, request));
      setETag(reply, sent.order);
      return sent.order;
    });

    app.post<{ Params: { id: number }; Body: { lines?: ReceiptLine[] } }>('/orders/:id/receipts', {
      config: { scope: 'orders', action: 'receive_goods' },
      schema: {
        tags: ['orders'],
        summary: 'Réceptionne une livraison : sans lignes, tout ce qui reste dû ; sinon ces lignes (réception partielle)',
        ...paramsOf(context, idParams),
        body: {
          type: 'object',
          properties: {
            lines: {
              type: 'array',
              maxItems: 1000,
              items: {
                type: 'object',
                properties: { articleId: { type: 'integer', minimum: 1 }, quantity: { type: 'integer', minimum: 1, description: 'millièmes reçus' }, unitCost: { type: 'integer', minimum: 0, description: 'nouveau coût HT, centimes' } },
                required: ['articleId', 'quantity'],
                additionalProperties: false,
              },
            },
          },
          additionalProperties: false,
        },
        response: { 200: orderSchema, ...problems(404, 422) },
      },
    }, async (request, reply) => {
      const core = context.servicesOf(request);
      await requireOrder(core, request.params.id);
      const order = await core.purchasing.receive(request.params.id, request.body?.lines ?? [], null, actorOfRequest(core, request));
      setETag(reply, order);
      return order;
    });
  };
}
