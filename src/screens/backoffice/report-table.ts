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
import { translator, type Translate } from '../i18n.js';

export const REPORT_KINDS = ['day', 'hour', 'article', 'category', 'customer', 'employee', 'payment', 'tax', 'top', 'voids', 'hours'] as const;
export type ReportKind = (typeof REPORT_KINDS)[number];

export const PERIOD_CHOICES = ['today', 'yesterday', 'last7', 'thisMonth', 'lastMonth', 'custom'] as const;
export type PeriodChoice = (typeof PERIOD_CHOICES)[number];

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
  const t = translator(locale);
  if (dates.length < 1 || dates.length > 2 || !dates.every(isCalendarDate)) return t('bo.r.unreadablePeriod', { text });
  const [from, to = from] = dates as [string, string?];
  if (from > to!) return t('bo.r.periodBackwards', { from, to: to! });
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

/** A report's title: its name and its days. */
const titled = (t: Translate, kind: ReportKind, p: Period) => `${t(`bo.r.${kind}`)} ${t('bo.r.between', { from: p.from, to: p.to })}`;

export function salesTable(kind: ReportKind, report: SalesByReport, locale: Locale): ReportTable {
  const t = translator(locale);
  const m = (c: number | null) => (c === null ? '' : formatMoney(c, locale, { symbol: false }));
  const n = (v: number | null) => (v === null ? '' : String(v));
  const sum = report.totals;
  return {
    title: titled(t, kind, report),
    head: [DIMENSION_TITLES[report.dimension][locale], t('bo.r.sales'), t('bo.r.items'), 'TTC', 'HT', t('bo.r.basket')],
    left: [0],
    rows: report.rows.map((r) => ({ cells: [r.label, String(r.sales), n(r.items), m(r.total), m(r.totalHt), m(r.averageBasket)], value: r.total })),
    foot: ['TOTAL', String(sum.sales), n(sum.items), m(sum.total), m(sum.totalHt), m(sum.averageBasket)],
    empty: t('bo.r.noSale'),
  };
}

/** The best sellers: article lines only (a free amount is no best seller), the 50 best. */
export function topTable(report: SalesByReport, locale: Locale, limit = 50): ReportTable {
  const t = translator(locale);
  const rows = report.rows.filter((r) => r.key !== 'none').slice(0, limit);
  const qty = (q: number | null) => (q === null ? '' : (q / 1000).toLocaleString(locale === 'fr' ? 'fr-FR' : 'en-GB', { maximumFractionDigits: 3 }).replace(/\u202f|\u00a0/g, ' '));
  return {
    title: titled(t, 'top', report),
    head: ['#', 'Article', t('bo.r.quantity'), t('bo.r.sales'), 'TTC'],
    left: [1],
    rows: rows.map((r, i) => ({ cells: [String(i + 1), r.label, qty(r.quantity), String(r.sales), formatMoney(r.total, locale, { symbol: false })], value: r.total })),
    foot: null,
    empty: t('bo.r.noSale'),
  };
}

export function voidsTable(events: VoidEvent[], period: Period, locale: Locale): ReportTable {
  const t = translator(locale);
  const two = (v: number) => String(v).padStart(2, '0');
  const local = (iso: string) => {
    const d = new Date(iso);
    return `${localDate(d)} ${two(d.getHours())}:${two(d.getMinutes())}`;
  };
  return {
    title: titled(t, 'voids', period),
    head: [t('bo.r.when'), t('bo.r.till'), 'Action', t('bo.r.seller'), t('bo.r.approvedBy'), t('bo.r.details')],
    left: [0, 2, 3, 4, 5],
    rows: events.map((e) => ({
      cells: [local(e.at), String(e.tillId), VOID_KIND_LABELS[e.kind]?.[locale] ?? e.kind, e.employee ?? '', e.approver ?? '', e.details === '{}' ? '' : e.details],
      value: 0,
    })),
    foot: [t('bo.r.events', { n: events.length }), '', '', '', '', ''],
    empty: t('bo.r.noVoid'),
  };
}

export function hoursTable(report: HoursReport, locale: Locale): ReportTable {
  const t = translator(locale);
  const m = (c: number) => formatMoney(c, locale, { symbol: false });
  const sum = report.totals;
  return {
    title: titled(t, 'hours', report),
    head: [t('bo.r.employee.head'), t('bo.r.role'), t('bo.r.shifts'), t('bo.r.hoursHead'), t('bo.r.sales'), 'TTC'],
    left: [0, 1],
    rows: report.rows.map((r) => ({
      cells: [r.name, ROLE_LABELS[r.role]?.[locale] ?? r.role, String(r.shifts), `${formatDuration(r.seconds)}${r.open ? '*' : ' '}`, String(r.sales), m(r.salesTotal)],
      value: r.seconds,
    })),
    foot: ['TOTAL', '', String(sum.shifts), `${formatDuration(sum.seconds)} `, String(sum.sales), m(sum.salesTotal)],
    empty: t('bo.r.noShift'),
  };
}
