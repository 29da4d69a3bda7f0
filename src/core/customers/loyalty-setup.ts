// Setting up the loyalty programme, as pure rules: the text a manager types
// (CLI options, the back office's « Fidélité » form) read into the next
// settings, and what the change does to the cards in progress, said before
// it is confirmed.
//
// What happens to the cards (decided for issue #21, documented in docs/gestion.md):
// - The ledger keeps each criterion's entries apart (loyalty_entries.criterion),
//   and nothing is converted: points are not visits. Changing the criterion
//   sets the cards in the old unit aside, untouched; each customer's card in
//   the new unit is what that unit's ledger holds: zero for a unit never used,
//   or, back to a unit used before, the card where it was left. A complete
//   card in the old unit loses its pending reward (the preview counts them).
// - Changing the threshold keeps every card's progress: a card that reaches
//   the new threshold becomes complete (its reward can be given), a complete
//   card below a raised threshold is no longer complete. A reward already
//   given is never taken back.
// - Switching the programme off keeps every card; nothing is counted or
//   shown until it is switched on again.
// - A new reward applies to every card completed from then on, including the
//   complete cards whose reward has not been given yet.
import { InputError } from '../basics/errors.js';
import { formatMoney, parseMoney, type Locale } from '../basics/money.js';
import { formatRate, parseRate } from '../catalogue/vat.js';
import { currentCard, formatProgress, LOYALTY_CRITERIA, LOYALTY_REWARD_KINDS, type LoyaltyCriterion, type LoyaltyEntryLike, type LoyaltyRewardKind, type LoyaltySettings } from './loyalty.js';

/** What was typed; an absent field keeps its current value. */
export interface LoyaltyChangeText {
  enabled?: string;
  criterion?: string;
  threshold?: string;
  rewardKind?: string;
  rewardValue?: string;
  /** the free article's PLU or barcode (looked up by the service) */
  rewardArticle?: string;
}

/** The largest threshold: a million points, visits or items, or 1 000 000,00 € spent. */
export const MAX_THRESHOLD = 100_000_000;
/** The largest reward amount or voucher: 10 000,00 €. */
export const MAX_REWARD_CENTS = 1_000_000;

const WORDS: Record<string, string> = {
  oui: 'on', yes: 'on', on: 'on', true: 'on', '1': 'on', actif: 'on', active: 'on',
  non: 'off', no: 'off', off: 'off', false: 'off', '0': 'off', inactif: 'off', inactive: 'off',
  points: 'points', point: 'points',
  spent: 'spent', montant: 'spent', depense: 'spent', 'dépense': 'spent', euros: 'spent', ca: 'spent',
  visits: 'visits', visites: 'visits', visite: 'visits', passages: 'visits',
  items: 'items', articles: 'items',
};
const KIND_WORDS: Record<string, LoyaltyRewardKind> = {
  percent: 'percent', pourcentage: 'percent', '%': 'percent', remise: 'percent',
  amount: 'amount', montant: 'amount', euros: 'amount',
  voucher: 'voucher', bon: 'voucher', "bon d'achat": 'voucher',
  article: 'article', 'article offert': 'article', free: 'article',
};

/**
 * The word a form shows for each choice, in its language; each is one the
 * parser above reads back (the codes themselves are read in both languages).
 */
export const CRITERION_WORDS: Record<LoyaltyCriterion, Record<Locale, string>> = {
  points: { fr: 'points', en: 'points' },
  spent: { fr: 'montant', en: 'spent' },
  visits: { fr: 'visites', en: 'visits' },
  items: { fr: 'articles', en: 'items' },
};
export const REWARD_KIND_WORDS: Record<LoyaltyRewardKind, Record<Locale, string>> = {
  percent: { fr: 'pourcentage', en: 'percent' },
  amount: { fr: 'montant', en: 'amount' },
  voucher: { fr: 'bon', en: 'voucher' },
  article: { fr: 'article', en: 'article' },
};

const TEXTS = {
  fr: {
    enabled: (v: string) => `programme « ${v} » : oui ou non`,
    criterion: (v: string) => `critère « ${v} » inconnu : points, spent (montant dépensé), visits (visites) ou items (articles)`,
    threshold: (v: string, spent: boolean) => (spent ? `seuil « ${v} » : un montant en euros plus grand que zéro (ex. 150 ou 150,00)` : `seuil « ${v} » : un nombre entier de 1 à ${MAX_THRESHOLD / 100}`),
    kind: (v: string) => `récompense « ${v} » inconnue : percent (remise en %), amount (remise en €), voucher (bon d'achat) ou article (article offert)`,
    percent: (v: string) => `valeur « ${v} » : un pourcentage de plus de 0 à 100 (ex. 10 ou 2,5)`,
    cents: (v: string) => `valeur « ${v} » : un montant en euros de plus de 0 à ${formatMoney(MAX_REWARD_CENTS, 'fr')} (ex. 5 ou 5,00)`,
    valueNeeded: (kind: string) => `la récompense devient « ${kind} » : donnez aussi sa valeur (--value)`,
    thresholdNeeded: (criterion: string) => `le critère devient « ${criterion} » : donnez aussi le seuil dans cette unité (--threshold)`,
    articleNeeded: "la récompense « article » demande l'article offert (--article, son PLU ou code-barres)",
    valueForArticle: "la récompense « article » n'a pas de valeur : c'est l'article offert (--article) qui compte",
    articleForOther: "--article ne vaut que pour la récompense « article »",
  },
  en: {
    enabled: (v: string) => `programme "${v}": yes or no`,
    criterion: (v: string) => `unknown criterion "${v}": points, spent, visits or items`,
    threshold: (v: string, spent: boolean) => (spent ? `threshold "${v}": an amount in euros above zero (e.g. 150 or 150.00)` : `threshold "${v}": a whole number from 1 to ${MAX_THRESHOLD / 100}`),
    kind: (v: string) => `unknown reward "${v}": percent, amount, voucher or article (a free article)`,
    percent: (v: string) => `value "${v}": a percentage above 0, up to 100 (e.g. 10 or 2.5)`,
    cents: (v: string) => `value "${v}": an amount in euros above 0, up to ${formatMoney(MAX_REWARD_CENTS, 'en')} (e.g. 5 or 5.00)`,
    valueNeeded: (kind: string) => `the reward becomes "${kind}": give its value too (--value)`,
    thresholdNeeded: (criterion: string) => `the criterion becomes "${criterion}": give the threshold in that unit too (--threshold)`,
    articleNeeded: 'the "article" reward needs the free article (--article, its PLU or barcode)',
    valueForArticle: 'the "article" reward has no value: the free article (--article) is what counts',
    articleForOther: '--article is only for the "article" reward',
  },
} as const;

/** A typed value as it may be quoted back: no control characters, not a page long. */
function quoted(text: string): string {
  const clean = text.replace(/[\p{Cc}\p{Cf}]/gu, '?').trim();
  return clean.length > 30 ? `${clean.slice(0, 30)}…` : clean;
}

const word = (text: string) => WORDS[text.trim().toLowerCase()];

/** The thresholds a criterion counts in: euros (cents) for spent, whole numbers otherwise. */
export function parseThreshold(criterion: LoyaltyCriterion, text: string, locale: Locale = 'fr'): number {
  if (criterion === 'spent') {
    const cents = parseMoney(text);
    if (cents === null || cents <= 0 || cents > MAX_THRESHOLD) throw new InputError(TEXTS[locale].threshold(quoted(text), true));
    return cents;
  }
  const clean = text.trim();
  if (!/^\d{1,7}$/.test(clean) || Number(clean) < 1 || Number(clean) > MAX_THRESHOLD / 100) throw new InputError(TEXTS[locale].threshold(quoted(text), false));
  return Number(clean);
}

/** A reward's value: basis points for percent, cents for amount and voucher. */
export function parseRewardValue(kind: LoyaltyRewardKind, text: string, locale: Locale = 'fr'): number {
  if (kind === 'percent') {
    const bp = parseRate(text);
    if (bp === null || bp <= 0 || bp > 10_000) throw new InputError(TEXTS[locale].percent(quoted(text)));
    return bp;
  }
  const cents = parseMoney(text);
  if (cents === null || cents <= 0 || cents > MAX_REWARD_CENTS) throw new InputError(TEXTS[locale].cents(quoted(text)));
  return cents;
}

/** The next settings from what was typed (the article still to look up when `articleCode` is set); refuses a bad value before anything changes. */
export function readLoyaltyChange(current: LoyaltySettings, text: LoyaltyChangeText, locale: Locale = 'fr'): { next: LoyaltySettings; articleCode: string | null } {
  const m = TEXTS[locale];
  let enabled = current.enabled;
  if (text.enabled !== undefined) {
    const w = word(text.enabled);
    if (w !== 'on' && w !== 'off') throw new InputError(m.enabled(quoted(text.enabled)));
    enabled = w === 'on';
  }
  let criterion = current.criterion;
  if (text.criterion !== undefined) {
    const w = word(text.criterion);
    if (!w || !(LOYALTY_CRITERIA as readonly string[]).includes(w)) throw new InputError(m.criterion(quoted(text.criterion)));
    criterion = w as LoyaltyCriterion;
  }
  // A threshold in one unit means nothing in another: a new criterion needs its own threshold.
  let threshold = current.threshold;
  if (text.threshold !== undefined) threshold = parseThreshold(criterion, text.threshold, locale);
  else if (criterion !== current.criterion) throw new InputError(m.thresholdNeeded(criterion));
  let kind = current.reward.kind;
  if (text.rewardKind !== undefined) {
    const k = KIND_WORDS[text.rewardKind.trim().toLowerCase()];
    if (!k || !(LOYALTY_REWARD_KINDS as readonly string[]).includes(k)) throw new InputError(m.kind(quoted(text.rewardKind)));
    kind = k;
  }
  const kindChanged = kind !== current.reward.kind;
  const valueText = text.rewardValue?.trim() ? text.rewardValue : undefined;
  const articleText = text.rewardArticle?.trim() ? text.rewardArticle.trim() : undefined;
  if (kind === 'article') {
    if (valueText !== undefined) throw new InputError(m.valueForArticle);
    if (articleText === undefined && (kindChanged || current.reward.articleId === null)) throw new InputError(m.articleNeeded);
    return { next: { enabled, criterion, threshold, reward: { kind, value: 0, articleId: current.reward.articleId } }, articleCode: articleText ?? null };
  }
  if (articleText !== undefined) throw new InputError(m.articleForOther);
  // A value in basis points is not a value in cents: a new kind needs its own value.
  if (valueText === undefined && (kindChanged || current.reward.value <= 0)) throw new InputError(m.valueNeeded(kind));
  const value = valueText === undefined ? current.reward.value : parseRewardValue(kind, valueText, locale);
  return { next: { enabled, criterion, threshold, reward: { kind, value, articleId: null } }, articleCode: null };
}

/** What a change does to the cards, counted over every customer's ledger. */
export interface LoyaltyEffect {
  before: { enabled: boolean; criterion: LoyaltyCriterion; threshold: number };
  after: { enabled: boolean; criterion: LoyaltyCriterion; threshold: number };
  /** cards with progress in the current unit, and how many of them are complete (reward pending) */
  inProgress: number;
  complete: number;
  /** the same in the new unit with the new threshold */
  inProgressAfter: number;
  completeAfter: number;
  /** complete after the change and not before (same customer) */
  becomeComplete: number;
  /** complete before and not after: their pending reward waits for more progress, or is set aside with the old unit */
  noLongerComplete: number;
}

/** The ledgers are a customer's entries in each unit; a customer with no entry in a unit is on card 1 at zero there. */
export function loyaltyEffect(
  before: LoyaltySettings,
  after: LoyaltySettings,
  ledgers: { before: Map<number, LoyaltyEntryLike[]>; after: Map<number, LoyaltyEntryLike[]> },
): LoyaltyEffect {
  const effect: LoyaltyEffect = {
    before: { enabled: before.enabled, criterion: before.criterion, threshold: before.threshold },
    after: { enabled: after.enabled, criterion: after.criterion, threshold: after.threshold },
    inProgress: 0, complete: 0, inProgressAfter: 0, completeAfter: 0, becomeComplete: 0, noLongerComplete: 0,
  };
  const customers = new Set([...ledgers.before.keys(), ...ledgers.after.keys()]);
  for (const id of customers) {
    const was = currentCard(ledgers.before.get(id) ?? [], before.threshold);
    const will = currentCard(ledgers.after.get(id) ?? [], after.threshold);
    if (was.progress !== 0) effect.inProgress += 1;
    if (was.complete) effect.complete += 1;
    if (will.progress !== 0) effect.inProgressAfter += 1;
    if (will.complete) effect.completeAfter += 1;
    if (will.complete && !was.complete) effect.becomeComplete += 1;
    if (was.complete && !will.complete) effect.noLongerComplete += 1;
  }
  return effect;
}

const UNIT_NAMES: Record<LoyaltyCriterion, Record<Locale, string>> = {
  points: { fr: 'points', en: 'points' },
  spent: { fr: 'montant dépensé', en: 'amount spent' },
  visits: { fr: 'visites', en: 'visits' },
  items: { fr: 'articles achetés', en: 'items bought' },
};

export function criterionName(criterion: LoyaltyCriterion, locale: Locale = 'fr'): string {
  return UNIT_NAMES[criterion][locale];
}

/** "100 points", "150,00 €", "10 visites" */
export function formatThreshold(criterion: LoyaltyCriterion, threshold: number, locale: Locale = 'fr'): string {
  return formatProgress(criterion, threshold, threshold, locale).replace(/^[^/]*\//, '');
}

/** "remise de 10 %", "bon d'achat de 5,00 €", "article offert : Café (301)" */
export function formatReward(kind: LoyaltyRewardKind, value: number, article: string | null, locale: Locale = 'fr'): string {
  const fr = locale === 'fr';
  switch (kind) {
    case 'percent':
      return fr ? `remise de ${formatRate(value, 'fr')}` : `${formatRate(value, 'en')} off`;
    case 'amount':
      return fr ? `remise de ${formatMoney(value, 'fr')}` : `${formatMoney(value, 'en')} off`;
    case 'voucher':
      return fr ? `bon d'achat de ${formatMoney(value, 'fr')}` : `voucher of ${formatMoney(value, 'en')}`;
    case 'article':
      return fr ? `article offert : ${article ?? '(aucun)'}` : `free article: ${article ?? '(none)'}`;
  }
}

/** French puts 0 and 1 in the singular, English only 1. */
const plural = (n: number, one: string, many: string, locale: Locale = 'fr') => `${n} ${(locale === 'fr' ? n <= 1 : n === 1) ? one : many}`;

/** The effect in a few sentences, shown before the change is confirmed. */
export function describeLoyaltyEffect(e: LoyaltyEffect, locale: Locale = 'fr'): string[] {
  const fr = locale === 'fr';
  const lines: string[] = [];
  const b = e.before;
  const a = e.after;
  if (b.criterion !== a.criterion) {
    lines.push(
      fr
        ? `Critère ${criterionName(b.criterion)} → ${criterionName(a.criterion)} : ${plural(e.inProgress, 'carte en cours', 'cartes en cours')} en ${criterionName(b.criterion)} ${e.inProgress > 1 ? 'mises' : 'mise'} de côté, sans conversion${e.complete ? ` (${plural(e.complete, 'complète perd sa', 'complètes perdent leur')} récompense en attente)` : ''}.`
        : `Criterion ${criterionName(b.criterion, 'en')} → ${criterionName(a.criterion, 'en')}: ${plural(e.inProgress, 'card in progress', 'cards in progress', 'en')} in ${criterionName(b.criterion, 'en')} set aside, not converted${e.complete ? ` (${e.complete} complete ${e.complete === 1 ? 'loses its' : 'lose their'} pending reward)` : ''}.`,
    );
    lines.push(
      fr
        ? `En ${criterionName(a.criterion)}, chaque carte repart de ce qu'elle avait dans cette unité (zéro si jamais utilisée) : ${plural(e.inProgressAfter, 'carte en cours', 'cartes en cours')}, ${plural(e.completeAfter, 'complète', 'complètes')}.`
        : `In ${criterionName(a.criterion, 'en')}, each card starts from what it had in that unit (zero if never used): ${plural(e.inProgressAfter, 'card in progress', 'cards in progress', 'en')}, ${e.completeAfter} complete.`,
    );
  } else if (b.threshold !== a.threshold) {
    const seuil = `${formatThreshold(a.criterion, b.threshold, locale)} → ${formatThreshold(a.criterion, a.threshold, locale)}`;
    lines.push(
      fr
        ? `Seuil ${seuil} : ${plural(e.inProgress, 'carte en cours', 'cartes en cours')}, ${e.becomeComplete} ${e.becomeComplete > 1 ? 'deviennent complètes' : 'devient complète'}, ${e.noLongerComplete} ${e.noLongerComplete > 1 ? 'ne le sont plus' : 'ne l’est plus'} ; la progression de chaque carte est gardée.`
        : `Threshold ${seuil}: ${plural(e.inProgress, 'card in progress', 'cards in progress', 'en')}, ${e.becomeComplete} ${e.becomeComplete === 1 ? 'becomes' : 'become'} complete, ${e.noLongerComplete} no longer ${e.noLongerComplete === 1 ? 'is' : 'are'}; each card keeps its progress.`,
    );
  } else {
    lines.push(
      fr
        ? `Cartes inchangées : ${plural(e.inProgress, 'carte en cours', 'cartes en cours')}, ${plural(e.complete, 'complète', 'complètes')}.`
        : `Cards unchanged: ${plural(e.inProgress, 'card in progress', 'cards in progress', 'en')}, ${e.complete} complete.`,
    );
  }
  if (b.enabled && !a.enabled) lines.push(fr ? 'Programme coupé : les cartes sont gardées, plus rien ne compte ni ne s’affiche.' : 'Programme off: cards are kept, nothing is counted or shown.');
  if (!b.enabled && a.enabled) lines.push(fr ? 'Programme rallumé : les cartes reprennent où elles étaient.' : 'Programme on: cards resume where they were.');
  return lines;
}
