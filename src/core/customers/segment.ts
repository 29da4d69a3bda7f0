// Customer segments: which customers a set of criteria picks from their
// purchase history. Pure: the segments service reads each customer's activity
// with a few SQL aggregates, this file parses and checks the criteria (typed
// in a command, or read back from a saved segment) and matches them.
//
// What the words mean, everywhere (CLI, saved segments, promotions):
// - a visit is a sale to the customer whose total is positive (a purchase);
//   a return alone is not a visit, but it is deducted from what they spent;
// - the last visit is the local day of the last purchase, ever (--since does
//   not move it); recency is the number of days from it to today;
// - visits, amount spent and categories count from --since on (all history
//   without it); amounts are TTC cents, net of returns;
// - lapsed N: at least one visit ever, and none in the last N days (last
//   visit N or more days ago); recent N: a visit in the last N days;
// - a customer's top categories are those with the most net spending.
import { isCalendarDate } from '../basics/calendar.js';
import { InputError, ValidationError } from '../basics/errors.js';
import { formatMoney, parseMoney } from '../basics/money.js';
import { checkTextField } from '../basics/text-fields.js';
import { foldForSearch } from '../basics/text.js';

export interface SegmentCriteria {
  /** no visit for at least this many days, at least one ever */
  lapsedDays: number | null;
  /** a visit in the last this many days */
  recentDays: number | null;
  /** cents spent (net) at least, in the window */
  minSpent: number | null;
  /** visits at least, in the window */
  minVisits: number | null;
  /** the window's first local day, YYYY-MM-DD; null: all history */
  since: string | null;
  /** bought in this category (net positive) in the window; matched without case or accents */
  category: string | null;
  /** only customers who accepted the shop's offers */
  consenting: boolean;
}

export const NO_CRITERIA: SegmentCriteria = { lapsedDays: null, recentDays: null, minSpent: null, minVisits: null, since: null, category: null, consenting: false };

/** A customer's purchase history as the segments read it. */
export interface CustomerActivity {
  /** purchases in the window */
  visits: number;
  /** net cents in the window (returns deducted) */
  spent: number;
  /** local day of the last purchase ever, YYYY-MM-DD, or null */
  lastVisit: string | null;
  /** net cents per category in the window */
  categories: Array<{ name: string; amount: number }>;
}

export const NO_ACTIVITY: CustomerActivity = { visits: 0, spent: 0, lastVisit: null, categories: [] };

/** Criteria as typed on a command line (each option's text), before checking. */
export interface SegmentOptions {
  lapsed?: string;
  recent?: string;
  minSpent?: string;
  minVisits?: string;
  since?: string;
  category?: string;
  consenting?: boolean;
}

/** ~100 years: beyond it a number of days means a typo. */
const MAX_DAYS = 36_500;

function wholeNumber(option: string, text: string, min: number, max: number): number {
  const t = text.trim();
  if (!/^\d{1,9}$/.test(t) || Number(t) < min || Number(t) > max) throw new InputError(`${option} attend un nombre entier entre ${min} et ${max} (reçu « ${text} »)`);
  return Number(t);
}

/** The typed options as criteria; a bad one is refused with a sentence naming the option. */
export function parseSegmentOptions(o: SegmentOptions): SegmentCriteria {
  const criteria: SegmentCriteria = { ...NO_CRITERIA, consenting: o.consenting === true };
  if (o.lapsed !== undefined) criteria.lapsedDays = wholeNumber('--lapsed', o.lapsed, 1, MAX_DAYS);
  if (o.recent !== undefined) criteria.recentDays = wholeNumber('--recent', o.recent, 1, MAX_DAYS);
  if (o.minVisits !== undefined) criteria.minVisits = wholeNumber('--min-visits', o.minVisits, 1, 1_000_000);
  if (o.minSpent !== undefined) {
    const cents = parseMoney(o.minSpent);
    if (cents === null || cents < 0) throw new InputError(`--min-spent attend un montant, ex. 100,00 (reçu « ${o.minSpent} »)`);
    criteria.minSpent = cents;
  }
  if (o.since !== undefined) {
    if (!isCalendarDate(o.since.trim())) throw new InputError(`--since attend une date AAAA-MM-JJ qui existe (reçu « ${o.since} »)`);
    criteria.since = o.since.trim();
  }
  if (o.category !== undefined) {
    const name = o.category.trim();
    if (!name) throw new InputError('--category attend un nom de catégorie');
    checkTextField('categoryName', name);
    criteria.category = name;
  }
  if (criteria.lapsedDays !== null && criteria.recentDays !== null && criteria.recentDays <= criteria.lapsedDays) {
    throw new InputError(`--recent ${criteria.recentDays} et --lapsed ${criteria.lapsedDays} : aucun client ne peut être les deux (--recent doit dépasser --lapsed)`);
  }
  return criteria;
}

/** Days from one local day to another (YYYY-MM-DD), calendar days, DST-proof. */
export function daysBetween(from: string, to: string): number {
  const utc = (d: string) => Date.UTC(Number(d.slice(0, 4)), Number(d.slice(5, 7)) - 1, Number(d.slice(8, 10)));
  return Math.round((utc(to) - utc(from)) / 86_400_000);
}

/** Days since the last visit, or null when there was none. */
export function recency(activity: CustomerActivity, today: string): number | null {
  return activity.lastVisit === null ? null : daysBetween(activity.lastVisit, today);
}

/** True when a customer with this activity and consent is in the segment today. */
export function matchesSegment(activity: CustomerActivity, consent: boolean, c: SegmentCriteria, today: string): boolean {
  if (c.consenting && !consent) return false;
  const days = recency(activity, today);
  if (c.lapsedDays !== null && (days === null || days < c.lapsedDays)) return false;
  if (c.recentDays !== null && (days === null || days >= c.recentDays)) return false;
  if (c.minSpent !== null && activity.spent < c.minSpent) return false;
  if (c.minVisits !== null && activity.visits < c.minVisits) return false;
  if (c.category !== null) {
    const wanted = foldForSearch(c.category);
    if (!activity.categories.some((k) => foldForSearch(k.name) === wanted && k.amount > 0)) return false;
  }
  return true;
}

/** The categories the customer spent most in (net, positive only), most first; ties by name. */
export function topCategories(activity: CustomerActivity, n = 3): string[] {
  return activity.categories
    .filter((k) => k.amount > 0)
    .sort((a, b) => b.amount - a.amount || a.name.localeCompare(b.name, 'fr'))
    .slice(0, n)
    .map((k) => k.name);
}

/** True when the criteria pick every customer (no criterion at all). */
export function isEmptyCriteria(c: SegmentCriteria): boolean {
  return c.lapsedDays === null && c.recentDays === null && c.minSpent === null && c.minVisits === null && c.category === null && !c.consenting;
}

/** The criteria as a saved segment stores them. */
export function criteriaToJson(c: SegmentCriteria): string {
  return JSON.stringify(c);
}

/**
 * A saved segment's criteria read back; a row edited by hand into something
 * the rule would not accept is refused, naming the segment, never half-read.
 */
export function criteriaFromJson(name: string, text: string): SegmentCriteria {
  const bad = () => new ValidationError(`Segment « ${name} » illisible dans la base : enregistrez-le de nouveau`);
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw bad();
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw bad();
  const r = raw as Record<string, unknown>;
  const int = (v: unknown, min: number, max: number) => (v === null || v === undefined ? null : Number.isInteger(v) && (v as number) >= min && (v as number) <= max ? (v as number) : undefined);
  const criteria = {
    lapsedDays: int(r.lapsedDays, 1, MAX_DAYS),
    recentDays: int(r.recentDays, 1, MAX_DAYS),
    minSpent: int(r.minSpent, 0, Number.MAX_SAFE_INTEGER),
    minVisits: int(r.minVisits, 1, 1_000_000),
    since: r.since === null || r.since === undefined ? null : typeof r.since === 'string' && isCalendarDate(r.since) ? r.since : undefined,
    category: r.category === null || r.category === undefined ? null : typeof r.category === 'string' && r.category.trim() ? r.category : undefined,
    consenting: r.consenting === undefined ? false : typeof r.consenting === 'boolean' ? r.consenting : undefined,
  };
  if (Object.values(criteria).some((v) => v === undefined)) throw bad();
  return criteria as SegmentCriteria;
}

/** "sans visite depuis 60 j · dépensé ≥ 100,00 € · …": the criteria in a list. */
export function describeCriteria(c: SegmentCriteria): string {
  const parts: string[] = [];
  if (c.lapsedDays !== null) parts.push(`sans visite depuis ${c.lapsedDays} j`);
  if (c.recentDays !== null) parts.push(`venu dans les ${c.recentDays} j`);
  if (c.minSpent !== null) parts.push(`dépensé ≥ ${formatMoney(c.minSpent)}`);
  if (c.minVisits !== null) parts.push(`≥ ${c.minVisits} visite(s)`);
  if (c.category !== null) parts.push(`catégorie ${c.category}`);
  if (c.since !== null) parts.push(`depuis le ${c.since}`);
  if (c.consenting) parts.push('consentants');
  return parts.length ? parts.join(' · ') : 'tous les clients';
}

/** A saved segment's name: 1 to 60 characters, no control character. */
export function checkSegmentName(name: string): string {
  const n = name.trim();
  if (!n) throw new InputError('Nom du segment obligatoire');
  checkTextField('segmentName', n);
  return n;
}
