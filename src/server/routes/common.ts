// Schema pieces every route shares: the problem answers, ids, paging.
import { problemSchema } from '../problem.js';

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
