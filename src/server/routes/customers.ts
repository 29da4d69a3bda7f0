// /api/v1/customers: a CRM's view of the shop's customers — search, sync by
// `updated_since` with cursor paging, read (ETag), create, change (If-Match),
// their groups, and per customer their sales history (with lines) and
// balances (account, store credit and vouchers, loyalty card). Writes need
// `edit_customers`, like the back office.
import type { FastifyInstance } from 'fastify';
import type { TextField } from '../../core/basics/text-fields.js';
import type { CustomerInput } from '../../core/customers/customers.service.js';
import type { Core } from '../../core/shop/core.service.js';
import { actorOfRequest, type ApiRouteConfig } from '../auth.js';
import { checkBodyText, checkQueryInstant, decodeCursor, encodeCursor, ifMatchOf, setETag } from '../input.js';
import { ApiProblem } from '../problem.js';
import { idParams, ifMatchHeaders, pagingQuery, problems } from './common.js';
import { saleHeadProperties } from './sales.js';

const text = (maxLength: number) => ({ type: 'string', maxLength }) as const;

const customerFields = {
  code: { type: 'string', pattern: '^[0-9A-Za-z-]{3,32}$', description: 'code client, aussi code-barres de la carte de fidélité (créé si absent)' },
  firstName: text(1000),
  lastName: text(1000),
  phone: text(1000),
  email: text(1000),
  website: text(1000),
  social: text(1000),
  address: text(1000),
  postalCode: text(1000),
  city: text(1000),
  country: text(1000),
  groupId: { type: 'integer', minimum: 1 },
  discountBp: { type: 'integer', minimum: 0, maximum: 10000, description: 'remise du client en points de base (500 = 5 %)' },
  priceLevel: { type: ['string', 'null'], maxLength: 1000 },
  overdraftLimit: { type: 'integer', minimum: 0, description: 'encours autorisé sur compte, en centimes' },
  notes: { type: 'string', maxLength: 200_000 },
  marketingConsent: { type: 'boolean', description: "accepte de recevoir les offres de la boutique ; sa date (marketingConsentAt) est posée par le programme quand il change" },
} as const;

/** Body field → its text rule (the CLI's and the back office's). */
const TEXT: Record<string, TextField> = {
  firstName: 'firstName', lastName: 'lastName', phone: 'phone', email: 'email', website: 'website', social: 'social',
  address: 'address', postalCode: 'postalCode', city: 'city', country: 'country', priceLevel: 'priceLevel', notes: 'customerNotes',
};

export const customerSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    ...customerFields,
    code: { type: 'string' },
    active: { type: 'boolean' },
    createdAt: { type: 'string' },
    updatedAt: { type: 'string', description: 'dernière modification (ISO 8601, UTC)' },
    marketingConsentAt: { type: ['string', 'null'], description: 'quand le consentement a changé pour la dernière fois (ISO 8601, UTC) ; null : jamais donné. En lecture seule' },
  },
  required: ['id', 'code', 'firstName', 'lastName', 'groupId', 'active', 'createdAt'],
} as const;

const groupSchema = {
  type: 'object',
  properties: { id: { type: 'integer' }, name: { type: 'string' }, discountBp: { type: 'integer' }, priceLevel: { type: ['string', 'null'] }, isDefault: { type: 'boolean' } },
  required: ['id', 'name', 'discountBp', 'priceLevel', 'isDefault'],
} as const;

const historySaleSchema = {
  type: 'object',
  // shop: the code of the shop it was sold in when the company has several, else null
  properties: { ...saleHeadProperties, shop: { type: ['string', 'null'] } },
  required: ['id', 'tillId', 'number', 'createdAt', 'total', 'lines'],
} as const;

const balancesSchema = {
  type: 'object',
  properties: {
    customerId: { type: 'integer' },
    account: {
      type: 'object',
      properties: { balance: { type: 'integer', description: 'dû par le client (négatif : avoir), centimes' }, overdraftLimit: { type: 'integer' } },
      required: ['balance', 'overdraftLimit'],
    },
    storeCredit: { type: 'integer', description: "bons valides plus avoir sur compte, centimes" },
    vouchers: {
      type: 'array',
      items: {
        type: 'object',
        properties: { code: { type: 'string' }, kind: { type: 'string' }, amount: { type: 'integer' }, remaining: { type: 'integer' }, createdAt: { type: 'string' }, expiresAt: { type: ['string', 'null'] } },
        required: ['code', 'kind', 'amount', 'remaining'],
      },
    },
    loyalty: {
      type: ['object', 'null'],
      properties: { criterion: { type: 'string' }, threshold: { type: 'integer' }, progress: { type: 'integer' }, cardNo: { type: 'integer' }, complete: { type: 'boolean' }, rewardPending: { type: 'boolean' } },
    },
    visits: {
      type: 'object',
      properties: { saleCount: { type: 'integer' }, spent: { type: 'integer' }, lastVisit: { type: ['string', 'null'] } },
      required: ['saleCount', 'spent', 'lastVisit'],
    },
  },
  required: ['customerId', 'account', 'storeCredit', 'vouchers', 'loyalty', 'visits'],
} as const;

export function customerRoutes(core: Core) {
  return async (app: FastifyInstance): Promise<void> => {
    const read: ApiRouteConfig = { scope: 'customers' };
    const write: ApiRouteConfig = { scope: 'customers', action: 'edit_customers' };

    /** A customer as the API shows it: with updatedAt. */
    const shown = async (id: number) => {
      const [customer] = await core.customers.customersPage({ id, limit: 1 });
      if (!customer) throw new ApiProblem(404, `Client ${id} introuvable`);
      return customer;
    };
    /** The version of a customer: of the core's record, the one the service checks. */
    const versioned = async (id: number) => {
      const customer = await core.customers.get(id);
      if (!customer) throw new ApiProblem(404, `Client ${id} introuvable`);
      return customer;
    };

    app.get<{ Querystring: { q?: string; limit: number; cursor?: string; updated_since?: string } }>('/customers', {
      config: read,
      schema: {
        tags: ['customers'],
        summary: "Clients : recherche (q : nom, prénom, code ou téléphone), ou par pages en ordre d'id avec updated_since pour une synchronisation",
        querystring: {
          type: 'object',
          properties: { ...pagingQuery, q: { type: 'string', minLength: 1, maxLength: 100 }, updated_since: { type: 'string', maxLength: 40 } },
          additionalProperties: false,
        },
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: customerSchema }, nextCursor: { type: ['string', 'null'] } }, required: ['items', 'nextCursor'] }, ...problems() },
      },
    }, async (request) => {
      const { q, limit } = request.query;
      if (q !== undefined) {
        if (request.query.cursor !== undefined || request.query.updated_since !== undefined) throw new ApiProblem(400, 'q : la recherche ne se combine pas avec cursor ni updated_since', 'q', 'querystring');
        checkBodyText({ q }, { q: 'lastName' });
        return { items: await core.customers.search(q, limit), nextCursor: null };
      }
      const afterId = decodeCursor(request.query.cursor);
      const updatedSince = checkQueryInstant('updated_since', request.query.updated_since);
      const items = await core.customers.customersPage({ afterId, updatedSince, limit: limit + 1 });
      const page = items.slice(0, limit);
      return { items: page, nextCursor: items.length > limit ? encodeCursor(page[page.length - 1]!.id) : null };
    });

    app.get('/customer-groups', {
      config: read,
      schema: { tags: ['customers'], summary: 'Groupes de clients (remise, niveau de prix)', response: { 200: { type: 'object', properties: { items: { type: 'array', items: groupSchema } }, required: ['items'] }, ...problems() } },
    }, async () => ({ items: await core.customers.groups() }));

    app.post<{ Body: { name: string; discountBp?: number; priceLevel?: string | null } }>('/customer-groups', {
      config: write,
      schema: {
        tags: ['customers'],
        summary: 'Crée un groupe de clients',
        body: {
          type: 'object',
          properties: { name: { type: 'string', minLength: 1, maxLength: 1000 }, discountBp: { type: 'integer', minimum: 0, maximum: 10000 }, priceLevel: { type: ['string', 'null'], maxLength: 1000 } },
          required: ['name'],
          additionalProperties: false,
        },
        response: { 201: groupSchema, ...problems(422) },
      },
    }, async (request, reply) => {
      checkBodyText(request.body, { name: 'groupName', priceLevel: 'priceLevel' });
      const group = await core.customers.createGroup(request.body, actorOfRequest(core, request));
      reply.code(201);
      return group;
    });

    app.get<{ Params: { id: number } }>('/customers/:id', {
      config: read,
      schema: { tags: ['customers'], summary: 'Un client (ETag : sa version)', params: idParams, response: { 200: customerSchema, ...problems(404) } },
    }, async (request, reply) => {
      setETag(reply, await versioned(request.params.id));
      return shown(request.params.id);
    });

    app.post<{ Body: Omit<CustomerInput, 'code'> & { code?: string } }>('/customers', {
      config: write,
      schema: { tags: ['customers'], summary: 'Crée un client (nom ou prénom obligatoire)', body: { type: 'object', properties: customerFields, additionalProperties: false }, response: { 201: customerSchema, ...problems(422) } },
    }, async (request, reply) => {
      checkBodyText(request.body, TEXT);
      const body = request.body;
      const code = body.code ?? (await core.customers.newCardCode());
      const created = await core.customers.create({ ...body, code }, actorOfRequest(core, request));
      setETag(reply, created);
      reply.code(201).header('location', `/api/v1/customers/${created.id}`);
      return shown(created.id);
    });

    app.patch<{ Params: { id: number }; Body: Partial<CustomerInput> }>('/customers/:id', {
      config: write,
      schema: {
        tags: ['customers'],
        summary: "Change des champs d'un client (If-Match obligatoire ; 412 si la version a changé)",
        params: idParams,
        headers: ifMatchHeaders,
        body: { type: 'object', properties: customerFields, additionalProperties: false, minProperties: 1 },
        response: { 200: customerSchema, ...problems(404, 412, 422, 428) },
      },
    }, async (request, reply) => {
      const ifVersion = ifMatchOf(request);
      checkBodyText(request.body, TEXT);
      await versioned(request.params.id);
      const updated = await core.customers.update(request.params.id, request.body as CustomerInput, actorOfRequest(core, request), ifVersion);
      setETag(reply, updated);
      return shown(updated.id);
    });

    app.get<{ Params: { id: number }; Querystring: { limit: number; offset: number } }>('/customers/:id/sales', {
      config: { scope: 'customers' },
      schema: {
        tags: ['customers'],
        summary: 'Achats du client, du plus récent au plus ancien, avec leurs lignes',
        params: idParams,
        querystring: { type: 'object', properties: { limit: { type: 'integer', minimum: 1, maximum: 200, default: 20 }, offset: { type: 'integer', minimum: 0, maximum: 1_000_000, default: 0 } }, additionalProperties: false },
        response: { 200: { type: 'object', properties: { items: { type: 'array', items: historySaleSchema } }, required: ['items'] }, ...problems(404) },
      },
    }, async (request) => {
      await versioned(request.params.id);
      return { items: await core.history.sales(request.params.id, request.query) };
    });

    app.get<{ Params: { id: number } }>('/customers/:id/balances', {
      config: { scope: 'customers' },
      schema: { tags: ['customers'], summary: 'Compte client, avoirs et bons, carte de fidélité, visites', params: idParams, response: { 200: balancesSchema, ...problems(404) } },
    }, async (request) => {
      const id = request.params.id;
      await versioned(id);
      const [account, vouchers, loyalty, visits] = await Promise.all([core.accounts.summary(id), core.vouchers.ofCustomer(id), core.loyalty.status(id), core.history.summary(id)]);
      return { customerId: id, account: { balance: account.balance, overdraftLimit: account.overdraftLimit }, storeCredit: account.storeCredit, vouchers, loyalty, visits };
    });
  };
}
