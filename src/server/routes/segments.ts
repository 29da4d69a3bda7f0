// /api/v1/customer-segments: the customers their purchase history picks
// (recency, frequency, amount, lapsed, a category), as `pos customers segment`
// lists them, for a CRM or a mailing tool; and the segments saved with
// `--save`. Read only, under the `customers` scope. `consenting=true` keeps the
// customers who accepted the shop's offers: the list to mail.
import type { FastifyInstance } from 'fastify';
import { parseSegmentOptions, type SegmentCriteria } from '../../core/customers/segment.js';
import type { SegmentMember } from '../../core/customers/segments.service.js';
import type { Core } from '../../core/shop/core.service.js';
import type { ApiRouteConfig } from '../auth.js';
import { ApiProblem } from '../problem.js';
import { problems } from './common.js';

const criteriaSchema = {
  type: 'object',
  properties: {
    lapsedDays: { type: ['integer', 'null'] },
    recentDays: { type: ['integer', 'null'] },
    minSpent: { type: ['integer', 'null'], description: 'centimes' },
    minVisits: { type: ['integer', 'null'] },
    since: { type: ['string', 'null'], description: 'AAAA-MM-JJ' },
    category: { type: ['string', 'null'] },
    consenting: { type: 'boolean' },
  },
  required: ['lapsedDays', 'recentDays', 'minSpent', 'minVisits', 'since', 'category', 'consenting'],
} as const;

const memberSchema = {
  type: 'object',
  properties: {
    customerId: { type: 'integer' },
    code: { type: 'string' },
    firstName: { type: 'string' },
    lastName: { type: 'string' },
    email: { type: 'string' },
    phone: { type: 'string' },
    marketingConsent: { type: 'boolean' },
    marketingConsentAt: { type: ['string', 'null'] },
    lastVisit: { type: ['string', 'null'], description: 'AAAA-MM-JJ, la dernière visite' },
    daysSinceVisit: { type: ['integer', 'null'] },
    visits: { type: 'integer', description: 'visites dans la fenêtre (since)' },
    spent: { type: 'integer', description: 'centimes nets des retours, dans la fenêtre' },
    topCategories: { type: 'array', items: { type: 'string' } },
  },
  required: ['customerId', 'code', 'firstName', 'lastName', 'email', 'phone', 'marketingConsent', 'marketingConsentAt', 'lastVisit', 'daysSinceVisit', 'visits', 'spent', 'topCategories'],
} as const;

const savedSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' },
    name: { type: 'string' },
    criteria: criteriaSchema,
    createdBy: { type: ['string', 'null'] },
    createdAt: { type: 'string' },
    promotions: { type: 'array', items: { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } }, required: ['id', 'name'] } },
  },
  required: ['id', 'name', 'criteria', 'createdBy', 'createdAt', 'promotions'],
} as const;

interface MembersQuery {
  lapsed?: number;
  recent?: number;
  minSpent?: number;
  minVisits?: number;
  since?: string;
  category?: string;
  consenting?: boolean;
  saved?: string;
}

/** A member as the API shows it: the customer's contact and consent beside what picked them. */
function memberRow(m: SegmentMember) {
  const c = m.customer;
  return {
    customerId: c.id, code: c.code, firstName: c.firstName, lastName: c.lastName, email: c.email, phone: c.phone,
    marketingConsent: c.marketingConsent, marketingConsentAt: c.marketingConsentAt,
    lastVisit: m.activity.lastVisit, daysSinceVisit: m.daysSinceVisit, visits: m.activity.visits, spent: m.activity.spent, topCategories: m.topCategories,
  };
}

export function segmentRoutes(core: Core) {
  return async (app: FastifyInstance): Promise<void> => {
    const read: ApiRouteConfig = { scope: 'customers' };

    app.get<{ Querystring: MembersQuery }>('/customer-segments/members', {
      config: read,
      schema: {
        tags: ['customers'],
        summary: 'Les clients que leurs achats désignent (comme pos customers segment) ; consenting=true : ceux qui acceptent les offres',
        querystring: {
          type: 'object',
          properties: {
            lapsed: { type: 'integer', minimum: 1, maximum: 36_500, description: 'pas venus depuis au moins N jours (venus une fois au moins)' },
            recent: { type: 'integer', minimum: 1, maximum: 36_500, description: 'venus dans les N derniers jours' },
            minSpent: { type: 'integer', minimum: 0, description: 'centimes dépensés au moins (nets des retours)' },
            minVisits: { type: 'integer', minimum: 1, maximum: 1_000_000 },
            since: { type: 'string', maxLength: 10, description: 'AAAA-MM-JJ : la fenêtre des visites, du montant et des catégories' },
            category: { type: 'string', maxLength: 1000 },
            consenting: { type: 'boolean' },
            saved: { type: 'string', maxLength: 1000, description: 'le nom d\'un segment enregistré (seul, ou avec consenting)' },
          },
          additionalProperties: false,
        },
        response: { 200: { type: 'object', properties: { criteria: criteriaSchema, items: { type: 'array', items: memberSchema } }, required: ['criteria', 'items'] }, ...problems(404) },
      },
    }, async (request) => {
      const q = request.query;
      let criteria: SegmentCriteria;
      if (q.saved !== undefined) {
        if ([q.lapsed, q.recent, q.minSpent, q.minVisits, q.since, q.category].some((v) => v !== undefined)) {
          throw new ApiProblem(400, 'saved reprend les critères du segment enregistré : ne les combinez pas avec lapsed, minSpent…');
        }
        criteria = { ...(await core.segments.byName(q.saved)).criteria };
        if (q.consenting === true) criteria.consenting = true;
      } else {
        const text = (n: number | undefined) => (n === undefined ? undefined : String(n));
        criteria = { ...parseSegmentOptions({ lapsed: text(q.lapsed), recent: text(q.recent), minVisits: text(q.minVisits), since: q.since, category: q.category, consenting: q.consenting }), minSpent: q.minSpent ?? null };
      }
      return { criteria, items: (await core.segments.members(criteria)).map(memberRow) };
    });

    app.get('/customer-segments', {
      config: read,
      schema: { tags: ['customers'], summary: 'Les segments enregistrés (pos customers segment --save), et les promotions qui s\'y limitent', response: { 200: { type: 'object', properties: { items: { type: 'array', items: savedSchema } }, required: ['items'] }, ...problems() } },
    }, async () => ({ items: await core.segments.list() }));
  };
}
