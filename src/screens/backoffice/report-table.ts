// The back office's reports as tables: which reports there are, the periods
// picked with a key, and the pure functions turning what a core service
// returned into titled rows of cells, a value for the bar, and totals.
import { localDate } from '../../core/basics/clock.js';
import { formatMoney, type Locale } from '../../core/basics/money.js';
import { isCalendarDate } from '../../core/basics/calendar.js';
import { DIMENSION_TITLES, type SalesByReport } from '../../core/fiscal/reports.service.js';
import type { HoursReport } from '../../core/staff/time-clock.service.js';
import { formatDuration } from '../../core/staff/durations.js';
import { ROLE_LABELS } from '../../core/staff/staff.js';
import { VOID_KIND_LABELS, type VoidEvent } from '../../core/fiscal/voids-report.service.js';

export const REPORT_KINDS = ['day', 'hour', 'article', 'category', 'customer', 'employee', 'payment', 'tax', 'top', 'voids', 'hours'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const REPORT_LABELS: Record<ReportKind, { fr: string; en: string }> = {
  day: { fr: 'Ventes par jour', en: 'Sales by day' },
  hour: { fr: 'Ventes par heure', en: 'Sales by hour' },
  article: { fr: 'Ventes par article', en: 'Sales by article' },
  category: { fr: 'Ventes par rayon', en: 'Sales by category' },
  customer: { fr: 'Ventes par client', en: 'Sales by customer' },
  employee: { fr: 'Ventes par employé', en: 'Sales by employee' },
  payment: { fr: 'Ventes par moyen de paiement', en: 'Sales by payment method' },
  tax: { fr: 'Ventes par taux de TVA', en: 'Sales by VAT rate' },
  top: { fr: 'Meilleures ventes (articles)', en: 'Top articles' },
  voids: { fr: 'Annulations et remboursements', en: 'Voids and refunds' },
  hours: { fr: 'Heures travaillées', en: 'Hours worked' },
};

export const PERIOD_CHOICES = ['today', 'yesterday', 'last7', 'thisMonth', 'lastMonth', 'custom'] as const;
export type PeriodChoice = (typeof PERIOD_CHOICES)[number];

export const PERIOD_LABELS: Record<PeriodChoice, { fr: string; en: string }> = {
  today: { fr: "aujourd'hui", en: 'today' },
  yesterday: { fr: 'hier', en: 'yesterday' },
  last7: { fr: '7 derniers jours', en: 'last 7 days' },
  thisMonth: { fr: 'ce mois', en: 'this month' },
  lastMonth: { fr: 'mois dernier', en: 'last month' },
  custom: { fr: 'du … au … (tapez les dates)', en: 'from … to … (type the dates)' },
};

export type Period = { from: string; to: string };

/** The days of a preset period around `today` (local time). */
export function presetPeriod(choice: Exclude<PeriodChoice, 'custom'>, today: Date): Period {
  const day = (y: number, m: number, d: number) => localDate(new Date(y, m, d));
  const [y, m, d] = [today.getFullYear(), today.getMonth(), today.getDate()];
  switch (choice) {
    case 'today':
      return { from: day(y, m, d), to: day(y, m, d) };
    case 'yesterday':
      return { from: day(y, m, d - 1), to: day(y, m, d - 1) };
    case 'last7':
      return { from: day(y, m, d - 6), to: day(y, m, d) };
    case 'thisMonth':
      return { from: day(y, m, 1), to: day(y, m + 1, 0) };
    case 'lastMonth':
      return { from: day(y, m - 1, 1), to: day(y, m, 0) };
  }
}

/** "2026-11-01 2026-11-15" (or one date: that day) to a period; an error text when unreadable. */
export function typedPeriod(text: string, locale: Locale): Period | string {
  const dates = text.trim().split(/[\s,;/]+|\s*(?:au|to|à)\s*/).filter(Boolean);
  const fr = locale === 'fr';
  if (dates.length < 1 || dates.length > 2 || !dates.every(isCalendarDate)) {
    return fr ? `Période illisible : « ${text} » (AAAA-MM-JJ AAAA-MM-JJ)` : `Unreadable period: "${text}" (YYYY-MM-DD YYYY-MM-DD)`;
  }
  const [from, to = from] = dates as [string, string?];
  if (from > to!) return fr ? `La période commence (${from}) après sa fin (${to})` : `The period starts (${from}) after it ends (${to})`;
  return { from, to: to! };
}

export interface ReportRow {
  cells: string[];
  /** what the bar shows (cents or seconds); 0 draws none */
  value: number;
}

export interface ReportTable {
  title: string;
  head: string[];
  /** columns read left-aligned (names, dates); the others are numbers */
  left: number[];
  rows: ReportRow[];
  foot: string[] | null;
  /** said when there is no row */
  empty: string;
}

const periodText = (p: Period, locale: Locale) => (locale === 'fr' ? `du ${p.from} au ${p.to}` : `from ${p.from} to ${p.to}`);
const noSale = (locale: Locale) => (locale === 'fr' ? 'Aucune vente sur la période' : 'No sale in the period');

export function salesTable(kind: ReportKind, report: SalesByReport, locale: Locale): ReportTable {
  const fr = locale === 'fr';
  const m = (c: number | null) => (c === null ? '' : formatMoney(c, locale, { symbol: false }));
  const n = (v: number | null) => (v === null ? '' : String(v));
  const t = report.totals;
  return {
    title: `${REPORT_LABELS[kind][locale]} ${periodText(report, locale)}`,
    head: [DIMENSION_TITLES[report.dimension][locale], fr ? 'Ventes' : 'Sales', fr ? 'Art.' : 'Items', 'TTC', 'HT', fr ? 'Panier' : 'Basket'],
    left: [0],
    rows: report.rows.map((r) => ({ cells: [r.label, String(r.sales), n(r.items), m(r.total), m(r.totalHt), m(r.averageBasket)], value: r.total })),
    foot: ['TOTAL', String(t.sales), n(t.items), m(t.total), m(t.totalHt), m(t.averageBasket)],
    empty: noSale(locale),
  };
}

/** The best sellers: article lines only (a free amount is no best seller), the 50 best. */
export function topTable(report: SalesByReport, locale: Locale, limit = 50): ReportTable {
  const fr = locale === 'fr';
  const rows = report.rows.filter((r) => r.key !== 'none').slice(0, limit);
  const qty = (q: number | null) => (q === null ? '' : (q / 1000).toLocaleString(fr ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 3 }).replace(/\u202f|\u00a0/g, ' '));
  return {
    title: `${REPORT_LABELS.top[locale]} ${periodText(report, locale)}`,
    head: ['#', 'Article', fr ? 'Quantité' : 'Quantity', fr ? 'Ventes' : 'Sales', 'TTC'],
    left: [1],
    rows: rows.map((r, i) => ({ cells: [String(i + 1), r.label, qty(r.quantity), String(r.sales), formatMoney(r.total, locale, { symbol: false })], value: r.total })),
    foot: null,
    empty: noSale(locale),
  };
}

export function voidsTable(events: VoidEvent[], period: Period, locale: Locale): ReportTable {
  const fr = locale === 'fr';
  const two = (v: number) => String(v).padStart(2, '0');
  const local = (iso: string) => {
    const d = new Date(iso);
    return `${localDate(d)} ${two(d.getHours())}:${two(d.getMinutes())}`;
  };
  return {
    title: `${REPORT_LABELS.voids[locale]} ${periodText(period, locale)}`,
    head: [fr ? 'Quand' : 'When', fr ? 'Caisse' : 'Till', 'Action', fr ? 'Vendeur' : 'Seller', fr ? 'Validé par' : 'Approved by', fr ? 'Détails' : 'Details'],
    left: [0, 2, 3, 4, 5],
    rows: events.map((e) => ({
      cells: [local(e.at), String(e.tillId), VOID_KIND_LABELS[e.kind]?.[locale] ?? e.kind, e.employee ?? '', e.approver ?? '', e.details === '{}' ? '' : e.details],
      value: 0,
    })),
    foot: [fr ? `${events.length} événement(s)` : `${events.length} event(s)`, '', '', '', '', ''],
    empty: fr ? 'Aucune annulation sur la période' : 'No void in the period',
  };
}

export function hoursTable(report: HoursReport, locale: Locale): ReportTable {
  const fr = locale === 'fr';
  const m = (c: number) => formatMoney(c, locale, { symbol: false });
  const t = report.totals;
  return {
    title: `${REPORT_LABELS.hours[locale]} ${periodText(report, locale)}`,
    head: [fr ? 'Employé' : 'Employee', fr ? 'Rôle' : 'Role', fr ? 'Pointages' : 'Shifts', fr ? 'Heures' : 'Hours', fr ? 'Ventes' : 'Sales', 'TTC'],
    left: [0, 1],
    rows: report.rows.map((r) => ({
      cells: [r.name, ROLE_LABELS[r.role]?.[locale] ?? r.role, String(r.shifts), `${formatDuration(r.seconds)}${r.open ? '*' : ' '}`, String(r.sales), m(r.salesTotal)],
      value: r.seconds,
    })),
    foot: ['TOTAL', '', String(t.shifts), `${formatDuration(t.seconds)} `, String(t.sales), m(t.salesTotal)],
    empty: fr ? 'Aucun pointage ni vente sur la période' : 'No shift nor sale in the period',
  };
}
