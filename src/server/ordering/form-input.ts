// What the ordering page's forms may send, checked before any service is
// called: each field a single string, no control character and not over-long
// (the rules of text-fields.ts, as on the command line), quantities read the
// CLI's way (parseQuantity, thousandths). A refusal is a message; nothing is
// changed.
import { parseQuantity, type Unit } from '../../core/basics/quantity.js';
import { textFieldProblem, type TextField } from '../../core/basics/text-fields.js';

/** a form field that is no stored text: a PIN, a quantity, an id, a token */
const SHORT_FIELD = { label: 'champ', max: 200 };

export type FormFields = Record<string, string>;

/** The form's fields as strings, or the first problem (a repeated field, a control character, too long). */
export function readForm(body: unknown): { ok: true; fields: FormFields } | { ok: false; problem: string } {
  const fields: FormFields = {};
  if (body === null || body === undefined) return { ok: true, fields };
  if (typeof body !== 'object') return { ok: false, problem: 'formulaire illisible' };
  for (const [name, value] of Object.entries(body as Record<string, unknown>)) {
    if (typeof value !== 'string') return { ok: false, problem: `${name} : une seule valeur attendue` };
    const problem = textFieldProblem({ ...SHORT_FIELD, label: name }, value);
    if (problem) return { ok: false, problem };
    fields[name] = value;
  }
  return { ok: true, fields };
}

/** A query's text for a stored field's rules (a search for an article name), or its problem. */
export function textProblem(field: TextField, value: string): string | null {
  return textFieldProblem(field, value);
}

export type QuantityRead = { ok: true; value: number } | { ok: false; why: string };

/**
 * A quantity typed on the page ("12", "2,5" kg): thousandths. `emptyIs`
 * says what an empty field means (0 on a delivery: nothing came), or
 * undefined when a value is required. 0 is read only where zeroAllowed.
 */
export function readQuantity(text: string, unit: Unit, options: { zeroAllowed: boolean; emptyIs?: number }): QuantityRead {
  const s = text.trim();
  if (s === '' && options.emptyIs !== undefined) return { ok: true, value: options.emptyIs };
  if (options.zeroAllowed && /^0+([.,]0*)?$/.test(s)) return { ok: true, value: 0 };
  const q = parseQuantity(s, unit);
  if (!q.ok) return { ok: false, why: q.error };
  if (q.value < 0) return { ok: false, why: 'une quantité positive est attendue' };
  return { ok: true, value: q.value };
}

/** A positive integer id from a route or a form, or null. */
export function readId(text: unknown): number | null {
  if (typeof text !== 'string' || !/^\d{1,9}$/.test(text)) return null;
  const n = Number(text);
  return n > 0 ? n : null;
}
