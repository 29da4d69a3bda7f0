// HTML written as template strings that escape by default: every value put
// in a `html` template is escaped (text, attribute values) unless it is
// itself Html built the same way. Control characters are dropped on the way
// out, as on the till's screen (a row written by hand, an older version's data).
import { stripControls } from '../../core/basics/text-fields.js';

export class Html {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Text made safe for an element's content or a quoted attribute value. */
export function escapeHtml(value: string): string {
  return stripControls(value).replace(/[&<>"'`]/g, (ch) => ENTITIES[ch]!);
}

type Part = Html | string | number | null | undefined | false | Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return '';
  if (Array.isArray(part)) return part.map(render).join('');
  if (part instanceof Html) return part.text;
  return escapeHtml(String(part));
}

/** A template whose values are escaped; arrays are joined; null, undefined and false write nothing. */
export function html(strings: TemplateStringsArray, ...values: Part[]): Html {
  let out = strings[0]!;
  values.forEach((value, i) => {
    out += render(value) + strings[i + 1]!;
  });
  return new Html(out);
}
