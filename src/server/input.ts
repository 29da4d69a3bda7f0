// Input checks the JSON schemas cannot express, made with the core's own
// rules so a field gets the same refusal as on the command line: control
// characters and lengths (text-fields.ts), real calendar days (calendar.ts).
// Each refusal names the field at fault. Also the version guard's headers.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { calendarDateMessage, isCalendarDate } from '../core/basics/calendar.js';
import { recordVersion } from '../core/basics/row-version.js';
import { textFieldProblem, type TextField } from '../core/basics/text-fields.js';
import { ApiProblem } from './problem.js';

/** Checks the named body fields against their text rule: `{ name: 'articleName' }`. */
export function checkBodyText(body: object, fields: Record<string, TextField>): void {
  for (const [field, rule] of Object.entries(fields)) {
    const value = (body as Record<string, unknown>)[field];
    if (typeof value !== 'string') continue;
    const problem = textFieldProblem(rule, value);
    if (problem) throw new ApiProblem(400, `${field} : ${problem}`, field, 'body');
  }
}

/** A `YYYY-MM-DD` query parameter that must name a real day. */
export function checkQueryDate(field: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!isCalendarDate(value)) throw new ApiProblem(400, calendarDateMessage(field, value), field, 'querystring');
  return value;
}

/**
 * `updated_since`: a day (`2026-03-01`, from its local midnight) or an instant
 * (`2026-03-01T08:00:00Z`); the day part must exist either way. Returned as a
 * UTC ISO instant, the form the rows' timestamps are stored in.
 */
export function checkQueryInstant(field: string, value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const day = value.slice(0, 10);
  if (!isCalendarDate(day)) throw new ApiProblem(400, calendarDateMessage(field, value), field, 'querystring');
  if (value.length === 10) {
    const [y, m, d] = day.split('-').map(Number);
    return new Date(y!, m! - 1, d!).toISOString();
  }
  const at = Date.parse(value);
  if (Number.isNaN(at)) throw new ApiProblem(400, `${field} attend une date AAAA-MM-JJ ou un instant ISO 8601 (reçu « ${value} »)`, field, 'querystring');
  return new Date(at).toISOString();
}

/** A list's cursor: opaque to the caller, the last id seen inside. */
export function encodeCursor(lastId: number): string {
  return Buffer.from(`id:${lastId}`).toString('base64url');
}

export function decodeCursor(cursor: string | undefined): number | undefined {
  if (cursor === undefined) return undefined;
  const m = /^id:(\d{1,15})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  if (!m) throw new ApiProblem(400, `cursor : curseur illisible (reprenez celui de la réponse précédente)`, 'cursor', 'querystring');
  return Number(m[1]);
}

/** Sets the ETag of a record read (its recordVersion, quoted as HTTP wants). */
export function setETag(reply: FastifyReply, record: unknown): void {
  reply.header('etag', `"${recordVersion(record)}"`);
}

/**
 * The version a PUT/PATCH was based on: `If-Match` is required (428 without
 * it), so no update overwrites a change its writer never saw.
 */
export function ifMatchOf(request: FastifyRequest): string {
  const header = request.headers['if-match'];
  if (typeof header !== 'string' || !header.trim()) {
    throw new ApiProblem(428, "If-Match obligatoire : l'ETag lu par GET (les modifications sont gardées par version)", 'if-match', 'headers');
  }
  return header.trim().replace(/^W\//, '').replace(/^"(.*)"$/, '$1');
}
