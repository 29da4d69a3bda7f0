// The till's keys as data: which key runs which action and which letter takes
// which tender on the payment screen. A shop changes them in two settings
// written as text (some keyboards lack F-keys, a shop may want other letters),
// so the text is read here with French errors, and a map that would leave the
// till unusable (a key the till needs, one key for two actions) is refused.
import { InputError } from '../basics/errors.js';
import { PAYMENT_METHODS, type PaymentMethod } from '../sales/payment.js';

/** Every action a key can run on the till's sale screen, in the order the help lists them. */
export const TILL_ACTIONS = [
  'help', 'customer', 'search', 'park', 'discount', 'price', 'return', 'nosale', 'backoffice',
  'repeat', 'reprint', 'pay', 'void', 'cancel', 'logout', 'focus',
  'accountPayment', 'loyalty', 'history', 'repeatSale', 'owedDrawer',
] as const;
export type TillAction = (typeof TILL_ACTIONS)[number];

/** The named keys an action may use (the others are the till's own: Entrée, Échap, arrows…). */
const NAMED_KEYS = ['f1', 'f2', 'f3', 'f4', 'f5', 'f6', 'f7', 'f8', 'f9', 'f10', 'f11', 'f12', 'tab', 'delete', 'insert'] as const;
type NamedKey = (typeof NAMED_KEYS)[number];

/** One key of the map, shaped like the till's decoded key events (screens/keys.ts). */
export type TillKey = { type: 'key'; name: NamedKey } | { type: 'ctrl'; letter: string } | { type: 'alt'; char: string };

/** Any decoded key event: only the fields the map compares are needed. */
export type KeyPress = { type: 'key'; name: string } | { type: 'ctrl'; letter: string } | { type: 'alt'; char: string } | { type: 'text'; text: string };

export interface KeyMap {
  /** each action's keys, in the order the help shows them */
  actions: Record<TillAction, readonly TillKey[]>;
  /** the letter (lower case) that takes each tender on the payment screen */
  tenders: Record<PaymentMethod, string>;
}

/** The two settings a shop writes: overrides only, an action or tender left out keeps its default. */
export interface KeySettings {
  'till.keys': string;
  'till.tenderKeys': string;
}

const f = (name: NamedKey): TillKey => ({ type: 'key', name });
const ctrl = (letter: string): TillKey => ({ type: 'ctrl', letter });
const alt = (char: string): TillKey => ({ type: 'alt', char });

/** Function keys and their Ctrl/Alt alternatives for terminals that eat F-keys. */
export const DEFAULT_KEY_MAP: KeyMap = {
  actions: {
    help: [f('f1'), alt('1')],
    customer: [f('f2'), ctrl('k'), alt('2')],
    search: [f('f3'), ctrl('f'), alt('3')],
    park: [f('f5'), ctrl('p'), alt('5')],
    discount: [f('f6'), ctrl('d'), alt('6')],
    price: [f('f7'), ctrl('o'), alt('7')],
    return: [f('f8'), ctrl('r'), alt('8')],
    nosale: [f('f9'), ctrl('n'), alt('9')],
    backoffice: [f('f10'), ctrl('b'), alt('0')],
    repeat: [f('f11'), ctrl('e')],
    reprint: [ctrl('y'), alt('r')],
    pay: [f('f12'), ctrl('t')],
    void: [f('delete'), ctrl('x')],
    cancel: [ctrl('a')],
    logout: [ctrl('l')],
    focus: [f('tab')],
    accountPayment: [ctrl('v'), alt('v')],
    loyalty: [ctrl('g'), alt('g')],
    history: [f('f4'), ctrl('u'), alt('4')],
    repeatSale: [ctrl('w'), alt('w')],
    // A cash sale's drawer that did not open (printer down): opens it once the printer answers.
    owedDrawer: [ctrl('q'), alt('o')],
  },
  // Letters, so the digits stay for the amount.
  tenders: { cash: 'e', card: 'c', cheque: 'q', meal_voucher: 't', voucher: 'a', mobile: 'm', account: 'k' },
};

export const DEFAULT_KEY_SETTINGS: KeySettings = { 'till.keys': '', 'till.tenderKeys': '' };

/** A key map the till cannot use; the message lists every problem found. */
export class KeyMapError extends InputError {
  constructor(readonly problems: string[]) {
    super(problems.join(' ; '));
    this.name = 'KeyMapError';
  }
}

/** How a named key is written in the settings (French first, the English name is read too). */
const NAMED_SPELLINGS: Record<NamedKey, string[]> = {
  f1: ['f1'], f2: ['f2'], f3: ['f3'], f4: ['f4'], f5: ['f5'], f6: ['f6'],
  f7: ['f7'], f8: ['f8'], f9: ['f9'], f10: ['f10'], f11: ['f11'], f12: ['f12'],
  tab: ['tab'], delete: ['suppr', 'delete', 'del'], insert: ['inser', 'insert', 'ins'],
};

/** Keys the till handles itself on the sale screen, and why they cannot be given to an action. */
const RESERVED: Array<{ spellings: string[]; why: string }> = [
  { spellings: ['entrée', 'entree', 'enter', 'ctrl+j', 'ctrl+m'], why: 'Entrée valide la saisie (et le terminal envoie Ctrl+J et Ctrl+M comme Entrée)' },
  { spellings: ['échap', 'echap', 'esc', 'escape'], why: 'Échap efface la saisie' },
  { spellings: ['retour', 'retour arrière', 'retour arriere', 'backspace', 'ctrl+h'], why: 'Retour arrière efface le dernier caractère (et le terminal envoie Ctrl+H comme Retour arrière)' },
  { spellings: ['ctrl+i'], why: 'le terminal envoie Ctrl+I comme Tab' },
  { spellings: ['haut', 'bas', 'gauche', 'droite', 'up', 'down', 'left', 'right', '↑', '↓', '←', '→'], why: 'les flèches déplacent dans la grille et le ticket' },
  { spellings: ['pgprec', 'pgpréc', 'pgsuiv', 'pageup', 'pagedown', 'pgup', 'pgdn'], why: 'PgPréc et PgSuiv changent de rayon' },
  { spellings: ['début', 'debut', 'fin', 'home', 'end'], why: 'Début et Fin déplacent dans les listes' },
  { spellings: ['ctrl+c'], why: "Ctrl+C quitte la caisse depuis l'écran du code PIN" },
];

const ACTION_LIST = TILL_ACTIONS.join(', ');
const TENDER_LIST = PAYMENT_METHODS.join(', ');
const KEY_EXAMPLES = 'F1 à F12, Ctrl+lettre, Alt+lettre, Alt+chiffre, Tab, Suppr, Inser';

/** Reads one key as written in the settings ("F2", "Ctrl+K", "Alt+2", "Suppr"); a string is the problem. */
export function parseKey(text: string): TillKey | string {
  const spelled = text.trim().toLowerCase().replace(/\s*\+\s*/g, '+');
  const reserved = RESERVED.find((r) => r.spellings.includes(spelled));
  if (reserved) return `« ${text.trim()} » est réservée à la caisse : ${reserved.why}`;
  const named = NAMED_KEYS.find((name) => NAMED_SPELLINGS[name].includes(spelled));
  if (named) return f(named);
  const modified = /^(ctrl|alt)\+(.)$/.exec(spelled);
  if (modified?.[1] === 'ctrl' && /[a-z]/.test(modified[2]!)) return ctrl(modified[2]!);
  if (modified?.[1] === 'alt' && /[a-z0-9]/.test(modified[2]!)) return alt(modified[2]!);
  if (/^[a-z]$/.test(spelled)) return `${spelled.toUpperCase()} seule s'écrit dans la ligne de saisie : prenez Ctrl+${spelled.toUpperCase()} ou Alt+${spelled}`;
  if (/^[0-9]$/.test(spelled)) return `${spelled} seul s'écrit dans la ligne de saisie : prenez Alt+${spelled}`;
  return `touche inconnue : « ${text.trim()} » (${KEY_EXAMPLES})`;
}

/** The key as the settings write it and the help shows it ("F2", "Ctrl+K", "Alt+2", "Suppr"). */
export function describeKey(key: TillKey, locale: 'fr' | 'en' = 'fr'): string {
  if (key.type === 'ctrl') return `Ctrl+${key.letter.toUpperCase()}`;
  if (key.type === 'alt') return `Alt+${key.char}`;
  if (key.name === 'delete') return locale === 'fr' ? 'Suppr' : 'Del';
  if (key.name === 'insert') return locale === 'fr' ? 'Inser' : 'Ins';
  return key.name === 'tab' ? 'Tab' : key.name.toUpperCase();
}

/** An action's keys for display: "F2 / Ctrl+K / Alt+2" (the separator the help has always shown). */
export function describeKeys(map: KeyMap, action: TillAction, locale: 'fr' | 'en' = 'fr'): string {
  return map.actions[action].map((k) => describeKey(k, locale)).join(' / ');
}

/** The first key of an action as a message names it ("puis F6"): the shop's, not the default. */
export function firstKey(map: KeyMap, action: TillAction, locale: 'fr' | 'en' = 'fr'): string {
  const key = map.actions[action][0];
  return key ? describeKey(key, locale) : '';
}

const sameKey = (a: TillKey, b: TillKey) => describeKey(a) === describeKey(b);

/** "nom=valeur; nom=valeur": the named entries, each problem worded for the shopkeeper. */
function entries(text: string, unknown: string, names: readonly string[], list: string, problems: string[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const part of text.split(';').map((p) => p.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq < 0) {
      problems.push(`« ${part} » : il manque le signe = (ex. search=F3,Ctrl+F)`);
      continue;
    }
    const name = part.slice(0, eq).trim();
    if (!names.includes(name)) problems.push(`${unknown} : « ${name} » (${list})`);
    else if (out.some(([n]) => n === name)) problems.push(`« ${name} » apparaît deux fois`);
    else out.push([name, part.slice(eq + 1).trim()]);
  }
  return out;
}

/** The actions a shop changed, read from `till.keys` ("customer=F2,Ctrl+K; search=Ctrl+F"). */
function actionOverrides(text: string, problems: string[]): Partial<Record<TillAction, TillKey[]>> {
  const out: Partial<Record<TillAction, TillKey[]>> = {};
  for (const [name, value] of entries(text, 'action inconnue', TILL_ACTIONS, ACTION_LIST, problems)) {
    const keys: TillKey[] = [];
    for (const spelled of value.split(',').map((k) => k.trim()).filter(Boolean)) {
      const key = parseKey(spelled);
      if (typeof key === 'string') problems.push(`${name} : ${key}`);
      else if (keys.some((k) => sameKey(k, key))) problems.push(`${name} : ${describeKey(key)} apparaît deux fois`);
      else keys.push(key);
    }
    if (value === '') problems.push(`${name} : aucune touche (chaque action garde au moins une touche)`);
    out[name as TillAction] = keys;
  }
  return out;
}

/** The tender letters a shop changed, read from `till.tenderKeys` ("cash=E; card=C"). */
function tenderOverrides(text: string, problems: string[]): Partial<Record<PaymentMethod, string>> {
  const out: Partial<Record<PaymentMethod, string>> = {};
  for (const [name, value] of entries(text, 'moyen de paiement inconnu', PAYMENT_METHODS, TENDER_LIST, problems)) {
    if (/^[a-z]$/i.test(value)) out[name as PaymentMethod] = value.toLowerCase();
    else problems.push(`${name} : « ${value} » n'est pas une lettre (les chiffres, la virgule et le point tapent le montant)`);
  }
  return out;
}

/** The map the settings give, with every problem found (empty: the map is usable). */
export function readKeyMap(settings: KeySettings): { map: KeyMap; problems: string[] } {
  const problems: string[] = [];
  const map: KeyMap = {
    actions: { ...DEFAULT_KEY_MAP.actions, ...actionOverrides(settings['till.keys'], problems) },
    tenders: { ...DEFAULT_KEY_MAP.tenders, ...tenderOverrides(settings['till.tenderKeys'], problems) },
  };
  // Conflicts are judged on the merged map: a changed action may take a key another action keeps by default.
  const owner = new Map<string, TillAction>();
  for (const action of TILL_ACTIONS) {
    for (const key of map.actions[action]) {
      const other = owner.get(describeKey(key));
      if (other) problems.push(`${describeKey(key)} sert à la fois à « ${other} » et à « ${action} » (changez aussi l'une des deux)`);
      else owner.set(describeKey(key), action);
    }
  }
  const letterOwner = new Map<string, PaymentMethod>();
  for (const method of PAYMENT_METHODS) {
    const letter = map.tenders[method];
    const other = letterOwner.get(letter);
    if (other) problems.push(`la lettre ${letter.toUpperCase()} sert à la fois à « ${other} » et à « ${method} » (changez aussi l'un des deux)`);
    else letterOwner.set(letter, method);
  }
  return { map, problems };
}

/** The map the settings give; throws a KeyMapError naming every problem. */
export function checkKeySettings(settings: KeySettings): KeyMap {
  const { map, problems } = readKeyMap(settings);
  if (problems.length > 0) throw new KeyMapError(problems);
  return map;
}

/**
 * The map the till runs with. The settings service refuses a bad map, so a
 * stored one only fails when edited by hand in the database: that half falls
 * back to its defaults rather than leave the till without keys.
 */
export function keyMapOf(settings: Partial<KeySettings>): KeyMap {
  const keys = readKeyMap({ ...DEFAULT_KEY_SETTINGS, 'till.keys': settings['till.keys'] ?? '' });
  const tenders = readKeyMap({ ...DEFAULT_KEY_SETTINGS, 'till.tenderKeys': settings['till.tenderKeys'] ?? '' });
  return {
    actions: keys.problems.length === 0 ? keys.map.actions : DEFAULT_KEY_MAP.actions,
    tenders: tenders.problems.length === 0 ? tenders.map.tenders : DEFAULT_KEY_MAP.tenders,
  };
}

/** The action a key event runs, or null. */
export function actionOfKey(map: KeyMap, event: KeyPress): TillAction | null {
  if (event.type === 'text') return null;
  for (const action of TILL_ACTIONS) {
    for (const key of map.actions[action]) {
      if (event.type === 'key' && key.type === 'key' && key.name === event.name) return action;
      if (event.type === 'ctrl' && key.type === 'ctrl' && key.letter === event.letter) return action;
      if (event.type === 'alt' && key.type === 'alt' && key.char === event.char) return action;
    }
  }
  return null;
}

/** The tender a letter typed on the payment screen takes, or null (either case). */
export function tenderOfKey(map: KeyMap, char: string): PaymentMethod | null {
  const letter = char.toLowerCase();
  return PAYMENT_METHODS.find((m) => map.tenders[m] === letter) ?? null;
}
