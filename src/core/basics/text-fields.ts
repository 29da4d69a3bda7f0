// What a text field may hold, wherever it was typed (CLI argument, CSV file,
// a screen's input line, later the API): no control characters, and no more
// characters than its database column keeps. Pure; the services check here
// before they write, the imports check here per line (so every error has its
// line number), and the outputs strip control characters again as a second
// guard (a row written by hand in the database, an older version's data).
//
// Why control characters matter: an article named "\x1b[41m…" paints the
// till screen, and ESC/GS bytes in a receipt line are printer commands (open
// the drawer, cut the paper). A text field is text, never a command.
import { InputError } from './errors.js';

export interface TextFieldRule {
  /** the field as a user knows it, in the messages */
  label: string;
  /** the database column's length, in characters (PostgreSQL varchar counts characters) */
  max: number;
  /** a tab may be typed in this field (free notes); every other control character is refused */
  allowTab?: boolean;
}

/** One rule per stored text field, its length taken from db/migrations/001_schema.ts. */
export const TEXT_FIELDS = {
  articleName: { label: "nom d'article", max: 100 },
  supplierRef: { label: 'référence fournisseur', max: 60 },
  categoryName: { label: 'nom de catégorie', max: 60 },
  taxLabel: { label: 'libellé de TVA', max: 60 },
  taxCode: { label: 'code de TVA', max: 10 },
  priceLevel: { label: 'niveau de prix', max: 30 },
  customerCode: { label: 'code client', max: 32 },
  firstName: { label: 'prénom', max: 60 },
  lastName: { label: 'nom', max: 60 },
  phone: { label: 'téléphone', max: 40 },
  email: { label: 'e-mail', max: 200 },
  website: { label: 'site web', max: 200 },
  social: { label: 'réseau social', max: 100 },
  address: { label: 'adresse', max: 200 },
  postalCode: { label: 'code postal', max: 20 },
  city: { label: 'ville', max: 100 },
  country: { label: 'pays', max: 60 },
  customerNotes: { label: 'remarques', max: 100_000, allowTab: true },
  groupName: { label: 'nom de groupe', max: 60 },
  segmentName: { label: 'nom de segment', max: 60 },
  supplierName: { label: 'nom de fournisseur', max: 100 },
  supplierContact: { label: 'contact', max: 100 },
  supplierEmail: { label: 'e-mail', max: 200 },
  supplierPhone: { label: 'téléphone', max: 40 },
  supplierNotes: { label: 'remarques', max: 100_000, allowTab: true },
  employeeName: { label: "nom d'employé", max: 100 },
  promotionName: { label: 'nom de promotion', max: 100 },
  cashReason: { label: 'motif', max: 200 },
  stockNote: { label: 'remarque', max: 200 },
  accountNote: { label: 'remarque', max: 200 },
  orderNotes: { label: 'remarques', max: 100_000, allowTab: true },
  orderReference: { label: 'référence de commande', max: 40 },
  transferNotes: { label: 'remarques du transfert', max: 1000 },
  tillName: { label: 'nom de caisse', max: 60 },
  ticketLabel: { label: 'nom du ticket', max: 60 },
  paymentReference: { label: 'référence de paiement', max: 60 },
  discountLabel: { label: 'libellé de remise', max: 60 },
  settingText: { label: 'réglage', max: 2000 },
  shopName: { label: 'nom de boutique', max: 100 },
  apiTokenName: { label: 'nom de jeton', max: 60 },
} as const satisfies Record<string, TextFieldRule>;

export type TextField = keyof typeof TEXT_FIELDS;

// C0 (U+0000–U+001F), DEL (U+007F) and C1 (U+0080–U+009F).
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
const CONTROL_BUT_TAB = /[\u0000-\u0008\u000a-\u001f\u007f-\u009f]/;
const CONTROL_ALL = /[\u0000-\u001f\u007f-\u009f]/g;

/** Length as PostgreSQL's varchar counts it: characters (code points), not UTF-16 units. */
export function textLength(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

/** How a control character is named in a message: U+001B (ESC), U+0009… */
function describeControl(ch: string): string {
  const code = ch.codePointAt(0)!;
  const names: Record<number, string> = { 0x09: 'tabulation', 0x0a: 'saut de ligne', 0x0d: 'retour chariot', 0x1b: 'ESC', 0x1d: 'GS', 0x10: 'DLE', 0x00: 'NUL', 0x7f: 'DEL' };
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}${names[code] ? ` (${names[code]})` : ''}`;
}

/** What is wrong with `value` for this field, or null when it may be stored. */
export function textFieldProblem(field: TextField | TextFieldRule, value: string): string | null {
  const rule: TextFieldRule = typeof field === 'string' ? TEXT_FIELDS[field] : field;
  const bad = (rule.allowTab ? CONTROL_BUT_TAB : CONTROL).exec(value);
  if (bad) return `${rule.label} : caractère de contrôle ${describeControl(bad[0])} refusé (position ${textLength(value.slice(0, bad.index)) + 1})`;
  const length = textLength(value);
  if (length > rule.max) return `${rule.label} : ${length} caractères, c'est trop (${rule.max} au plus)`;
  return null;
}

/** Throws an InputError (bad input, exit code 2 on the command line) when `value` can't be stored in `field`. */
export function checkTextField(field: TextField, value: string | null | undefined): void {
  if (value === null || value === undefined) return;
  const problem = textFieldProblem(field, value);
  if (problem) throw new InputError(capitalize(problem));
}

/** Checks several fields at once; the first problem throws. */
export function checkTextFields(values: Partial<Record<TextField, string | null | undefined>>): void {
  const [problem] = textFieldProblems(values);
  if (problem) throw new InputError(capitalize(problem));
}

/** Every problem of a row's fields, for line-numbered import errors. */
export function textFieldProblems(values: Partial<Record<TextField, string | null | undefined>>): string[] {
  const problems: string[] = [];
  for (const [field, value] of Object.entries(values)) {
    if (value === null || value === undefined) continue;
    const problem = textFieldProblem(field as TextField, value);
    if (problem) problems.push(problem);
  }
  return problems;
}

/**
 * The output guard: control characters removed (a tab becomes a space), for
 * text painted on the terminal or encoded for the printer. Newlines are the
 * caller's business: split lines before, not after.
 */
export function stripControls(text: string): string {
  if (!CONTROL.test(text)) return text; // the usual case, on every frame: no copy
  return text.replace(/\t/g, ' ').replace(CONTROL_ALL, '');
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
