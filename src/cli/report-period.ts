// The period and output options every `pos report …` over days shares
// (--from/--to, --month, --last; --format), apart from the reports
// themselves so each report's file can take them without importing another.
import { Option, type Command } from 'commander';
import { calendarDateMessage, daysInMonth, isCalendarDate, isCalendarMonth } from '../core/basics/calendar.js';
import { localDate } from '../core/basics/clock.js';
import { UsageError } from './context.js';

export type ReportFormat = 'table' | 'csv' | 'json';

export interface PeriodOptions {
  from?: string;
  to?: string;
  month?: string;
  last?: string;
}

/** Adds the period options every report over days takes: --from/--to, --month or --last. */
export function periodOptions(command: Command): Command {
  return command
    .option('--from <date>', 'premier jour, AAAA-MM-JJ')
    .option('--to <date>', 'dernier jour, AAAA-MM-JJ')
    .option('--month <mois>', 'un mois entier, AAAA-MM')
    .option('--last <n>d', 'les n derniers jours, aujourd\'hui compris (ex. 7d)');
}

export const reportFormatOption = () => new Option('--format <format>', 'sortie').choices(['table', 'csv', 'json']).default('table');

/** --from/--to, --month YYYY-MM or --last 7d to a period of business days; today by default. */
export function periodOf(opts: PeriodOptions, today: Date): { from: string; to: string } {
  const chosen = [opts.from !== undefined || opts.to !== undefined, opts.month !== undefined, opts.last !== undefined].filter(Boolean).length;
  if (chosen > 1) throw new UsageError('choisissez une seule période : --from/--to, --month ou --last');
  if (opts.month !== undefined) {
    if (!isCalendarMonth(opts.month)) throw new UsageError(`--month attend AAAA-MM (reçu « ${opts.month} »)`);
    const [year, month] = opts.month.split('-').map(Number) as [number, number];
    const lastDay = daysInMonth(year, month);
    return { from: `${opts.month}-01`, to: `${opts.month}-${String(lastDay).padStart(2, '0')}` };
  }
  if (opts.last !== undefined) {
    const m = /^(\d{1,4})d$/.exec(opts.last);
    if (!m || Number(m[1]) < 1) throw new UsageError(`--last attend un nombre de jours, ex. 7d (reçu « ${opts.last} »)`);
    const first = new Date(today.getFullYear(), today.getMonth(), today.getDate() - (Number(m[1]) - 1));
    return { from: localDate(first), to: localDate(today) };
  }
  for (const [name, value] of [['--from', opts.from], ['--to', opts.to]] as const) {
    if (value !== undefined && !isCalendarDate(value)) throw new UsageError(calendarDateMessage(name, value));
  }
  const from = opts.from ?? opts.to ?? localDate(today);
  const to = opts.to ?? (opts.from !== undefined ? localDate(today) : from);
  if (from > to) throw new UsageError(`la période commence (${from}) après sa fin (${to})`);
  return { from, to };
}
