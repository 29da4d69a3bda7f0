// A customer's marketing consent as people write it: in a CSV file, on the
// back office's form, in a command. Pure. The date it was given is never read
// from them: the customers service sets it when the answer changes.

/** The words accepted for "yes" and "no", folded (lower case, no accents). */
const YES = new Set(['oui', 'o', '1', 'yes', 'y', 'true', 'vrai']);
const NO = new Set(['non', 'n', '0', 'no', 'false', 'faux']);

/** oui/non, 1/0, yes/no, true/false (any case, spaces around) as a boolean; null for anything else. */
export function parseConsent(text: string): boolean | null {
  const word = text.trim().toLowerCase();
  if (YES.has(word)) return true;
  if (NO.has(word)) return false;
  return null;
}

/** What the refusal of a bad value says (the value is cut so a huge cell stays readable). */
export function consentProblem(text: string): string {
  const shown = text.length > 40 ? `${text.slice(0, 40)}…` : text;
  return `consentement « ${shown} » illisible (oui, non, 1, 0, yes, no, true ou false)`;
}

/** How a consent reads in lists and files: « oui » / « non ». */
export function formatConsent(consent: boolean): string {
  return consent ? 'oui' : 'non';
}
