// Schema pieces every route shares: the problem answers, ids, paging.
import { problemSchema } from '../problem.js';
import type { ServicesOf } from '../shop-services.js';

/** The error answers a route may give, described once for the OpenAPI document. */
export function problems(...statuses: number[]): Record<number, typeof problemSchema & { description: string }> {
  const descriptions: Record<number, string> = {
    400: 'entrée invalide (le champ fautif est nommé dans « field »)',
    401: 'jeton manquant, inconnu, révoqué ou expiré',
    403: "le rôle ou la portée du jeton ne permet pas cet appel",
    404: 'introuvable',
    409: 'refusé par la caisse',
    412: "version périmée : l'enregistrement a changé depuis sa lecture (relire, puis réessayer)",
    422: "refusé par la caisse (référence inconnue, code déjà pris…)",
    428: 'If-Match manquant',
    429: 'trop de requêtes pour ce jeton',
  };
  return Object.fromEntries([400, 401, 403, 429, ...statuses].map((s) => [s, { ...problemSchema, description: descriptions[s] ?? '' }]));
}

export const idParams = {
  type: 'object',
  properties: { id: { type: 'integer', minimum: 1, maximum: 2_147_483_647 } },
  required: ['id'],
  additionalProperties: false,
} as const;

export const pagingQuery = {
  limit: { type: 'integer', minimum: 1, maximum: 500, default: 100, description: 'taille de la page' },
  cursor: { type: 'string', maxLength: 100, description: 'le « nextCursor » de la page précédente' },
} as const;

export const ifMatchHeaders = {
  type: 'object',
  properties: { 'if-match': { type: 'string', description: "l'ETag lu par GET (obligatoire)" } },
} as const;

/**
 * How a route builder is registered: with the serve's own core (the plain
 * /api/v1 routes), or under /api/v1/shops/:shop with the services of the shop
 * the request names (resolved before the handler runs).
 */
export interface RouteContext {
  servicesOf: ServicesOf;
  /** under /shops/:shop: every route's params carry `shop` */
  perShop: boolean;
}

const shopParam = { shop: { type: 'string', minLength: 1, maxLength: 40, description: 'la boutique : son code (pos shops list) ou son numéro' } } as const;

/** A route's `params` schema (spread it in the route's schema), with the shop's when the route is registered under /shops/:shop. */
export function paramsOf(context: RouteContext, schema?: { type?: string; properties: Record<string, unknown>; required: readonly string[]; additionalProperties?: boolean }): { params?: Record<string, unknown> } {
  if (!context.perShop) return schema ? { params: schema } : {};
  return {
    params: {
      type: 'object',
      properties: { ...shopParam, ...(schema?.properties ?? {}) },
      required: ['shop', ...(schema?.required ?? [])],
      additionalProperties: false,
    },
  };
}

/** The extra error answer of a route under /shops/:shop: 404, the shop unknown. */
export function shopProblems(context: RouteContext): number[] {
  return context.perShop ? [404] : [];
}
