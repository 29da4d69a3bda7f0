// Errors as RFC 9457 problem details (application/problem+json): a type, a
// title, the status, a sentence for a person (French, like the CLI) and, when
// one field is at fault, its name. Core errors map to statuses here and only
// here, so every route answers the same refusal the same way.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { InputError, NotFoundError, PosError, ValidationError } from '../core/basics/errors.js';
import { StaleVersionError } from '../core/basics/row-version.js';

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  /** the request field at fault (`name`, `price`, `from`…) */
  field?: string;
  /** where that field was: body, querystring, params, headers */
  in?: string;
}

const TITLES: Record<number, [string, string]> = {
  400: ['bad-request', 'Requête invalide'],
  401: ['unauthorized', 'Jeton manquant ou refusé'],
  403: ['forbidden', "Ce jeton n'a pas ce droit"],
  404: ['not-found', 'Introuvable'],
  409: ['conflict', 'Refusé par la caisse'],
  412: ['stale-version', "L'enregistrement a changé depuis sa lecture"],
  415: ['unsupported-media-type', 'Type de contenu non pris en charge'],
  422: ['refused', 'Refusé par la caisse'],
  428: ['precondition-required', 'If-Match obligatoire'],
  429: ['too-many-requests', 'Trop de requêtes'],
  500: ['internal', 'Erreur interne'],
};

export const PROBLEM_TYPE_BASE = '/api/v1/problems/';

/** An error the HTTP layer raises itself: status, sentence and field at fault. */
export class ApiProblem extends Error {
  constructor(readonly status: number, detail: string, readonly field?: string, readonly where?: string) {
    super(detail);
    this.name = 'ApiProblem';
  }
}

export function problemOf(status: number, detail: string, field?: string, where?: string): Problem {
  const [slug, title] = TITLES[status] ?? (status >= 500 ? TITLES[500]! : TITLES[400]!);
  return { type: PROBLEM_TYPE_BASE + slug, title, status, detail, ...(field ? { field } : {}), ...(where ? { in: where } : {}) };
}

export function sendProblem(reply: FastifyReply, problem: Problem): FastifyReply {
  return reply.code(problem.status).type('application/problem+json; charset=utf-8').send(JSON.stringify(problem));
}

/** ajv's first error, as a field name and a French sentence. */
function fromValidation(err: FastifyError): Problem {
  const first = err.validation?.[0];
  const where = err.validationContext ?? 'body';
  if (!first) return problemOf(400, err.message, undefined, where);
  const params = first.params as Record<string, unknown>;
  const path = first.instancePath.replace(/^\//, '').replace(/\//g, '.');
  let field = path;
  let detail: string;
  if (first.keyword === 'required') {
    field = [path, String(params.missingProperty)].filter(Boolean).join('.');
    detail = `${field} : champ obligatoire`;
  } else if (first.keyword === 'additionalProperties') {
    field = [path, String(params.additionalProperty)].filter(Boolean).join('.');
    detail = `${field} : champ inconnu`;
  } else {
    detail = `${field || where} : ${first.message ?? 'valeur invalide'}`;
  }
  return problemOf(400, detail, field || undefined, where);
}

/** The map from any error to its problem; unknown errors are 500 with no internals shown. */
export function problemFor(err: unknown): Problem {
  if (err instanceof ApiProblem) return problemOf(err.status, err.message, err.field, err.where);
  const fe = err as FastifyError;
  if (fe && Array.isArray(fe.validation)) return fromValidation(fe);
  if (err instanceof StaleVersionError) return problemOf(412, err.message);
  if (err instanceof NotFoundError) return problemOf(404, err.message);
  if (err instanceof InputError) return problemOf(400, err.message);
  if (err instanceof ValidationError) return problemOf(422, err.message);
  if (err instanceof PosError) return problemOf(409, err.message);
  // fastify's own (bad JSON, body too large, wrong content type) and the rate limiter carry a 4xx status.
  if (fe && typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) return problemOf(fe.statusCode, fe.message);
  return problemOf(500, 'Erreur interne du serveur');
}

/** Installs the problem answers on an (encapsulated) instance: its errors and its unknown routes. */
export function useProblems(app: FastifyInstance): void {
  app.setErrorHandler((err, request: FastifyRequest, reply) => {
    const problem = problemFor(err);
    if (problem.status >= 500) request.log.error(err);
    return sendProblem(reply, problem);
  });
  app.setNotFoundHandler((request, reply) => sendProblem(reply, problemOf(404, `${request.method} ${request.url.split('?')[0]} : aucune ressource ici`)));
}

/** The problem's JSON schema, for the OpenAPI document's error answers. */
export const problemSchema = {
  type: 'object',
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    field: { type: 'string' },
    in: { type: 'string' },
  },
  required: ['type', 'title', 'status', 'detail'],
} as const;
