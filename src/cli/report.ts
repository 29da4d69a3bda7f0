// `pos report …`: figures over the completed sales, for the shopkeeper at the
// terminal (an aligned table) or for another program (CSV, JSON on stdout).
// The group is built so more reports (loyalty, closings…) add one subcommand.
import { Command, Option } from 'commander';
import { localDate } from '../core/clock.js';
import { formatMoney } from '../core/money.js';
import { isIsoDate, SALES_DIMENSIONS, type ReportPeriod, type SalesByReport, type SalesDimension } from '../core/reports.js';
import { writeCsv } from '../core/csv.js';
import { openCore } from '../core/core.js';
import { globalsOf, parsePositiveInt, UsageError } from './context.js';
import { hoursReportCommand } from './report-hours.js';
import { loyaltyReportCommand } from './report-loyalty.js';
import { stockReportCommands } from './report-stock.js';

export type ReportFormat = 'table' | 'csv' | 'json';

export interface PeriodOptions {
  from?: string;
  to?: string;
  month?: string;
  last?: string;
}

/** --from/--to, --month YYYY-MM or --last 7d to a period of business days; today by default. */
export function periodOf(opts: PeriodOptions, today: Date): { from: string; to: string } {
  const chosen = [opts.from !== undefined || opts.to !== undefined, opts.month !== undefined, opts.last !== undefined].filter(Boolean).length;
  if (chosen > 1) throw new UsageError('choisissez une seule période : --from/--to, --month ou --last');
  if (opts.month !== undefined) {
    const m = /^(\d{4})-(\d{2})$/.exec(opts.month);
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) throw new UsageError(`--month attend AAAA-MM (reçu « ${opts.month} »)`);
    const lastDay = new Date(Date.UTC(Number(m[1]), Number(m[2]), 0)).getUTCDate();
    return { from: `${opts.month}-01`, to: `${opts.month}-${String(lastDay).padStart(2, '0')}` };
  }
  if (opts.last !== undefined) {
    const m = /^(\d{1,4})d$/.exec(opts.last);
    if (!m || Number(m[1]) < 1) throw new UsageError(`--last attend un nombre de jours, ex. 7d (reçu « ${opts.last} »)`);
    const first = new Date(today.getFullYear(), today.getMonth(), today.getDate() - (Number(m[1]) - 1));
    return { from: localDate(first), to: localDate(today) };
  }
  for (const [name, value] of [['--from', opts.from], ['--to', opts.to]] as const) {
    if (value !== undefined && !isIsoDate(value)) throw new UsageError(`${name} attend une date AAAA-MM-JJ (reçu « ${value} »)`);
  }
  const from = opts.from ?? opts.to ?? localDate(today);
  const to = opts.to ?? (opts.from !== undefined ? localDate(today) : from);
  if (from > to) throw new UsageError(`la période commence (${from}) après sa fin (${to})`);
  return { from, to };
}

const euros = (cents: number) => (cents / 100).toFixed(2);

const DIMENSION_TITLES: Record<SalesDimension, string> = { customer: 'Client', day: 'Jour' };

export function salesReportCsv(report: SalesByReport): string {
  const headers = [report.dimension, 'code', 'label', 'sales', 'items', 'total_ttc', 'total_ht', 'average_basket', 'last_visit'];
  return writeCsv(
    headers,
    report.rows.map((r) => [r.key, r.code, r.label, r.sales, r.items, euros(r.total), euros(r.totalHt), euros(r.averageBasket), r.lastVisit]),
    ',',
  );
}

export function salesReportJson(report: SalesByReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Aligned columns for an 80-column terminal and up, with a bar of each row's share of the best one. */
export function salesReportTable(report: SalesByReport, width = 100): string {
  const m = (c: number) => formatMoney(c, 'fr', { symbol: false });
  const head = [DIMENSION_TITLES[report.dimension], 'Ventes', 'Art.', 'Total TTC', 'Total HT', 'Panier', 'Dernière visite'];
  const body = report.rows.map((r) => [r.label, String(r.sales), String(r.items), m(r.total), m(r.totalHt), m(r.averageBasket), (r.lastVisit ?? '').replace('T', ' ').slice(0, 16)]);
  const t = report.totals;
  const foot = ['TOTAL', String(t.sales), String(t.items), m(t.total), m(t.totalHt), m(t.averageBasket), (t.lastVisit ?? '').replace('T', ' ').slice(0, 16)];
  const widths = head.map((h, i) => Math.max(h.length, ...[...body, foot].map((row) => row[i]!.length)));
  widths[0] = Math.min(widths[0]!, 28);
  const cell = (text: string, i: number) => (i === 0 || i === 6 ? text.slice(0, widths[i]).padEnd(widths[i]!) : text.padStart(widths[i]!));
  const line = (row: string[]) => row.map(cell).join('  ');
  const used = line(head).length;
  const barWidth = Math.max(5, Math.min(30, width - used - 2));
  const best = Math.max(1, ...report.rows.map((r) => r.total));
  const bar = (cents: number) => '█'.repeat(Math.max(0, Math.round((cents / best) * barWidth)));
  const title = `Ventes par ${DIMENSION_TITLES[report.dimension].toLowerCase()} du ${report.from} au ${report.to}${report.tillId !== null ? ` (caisse ${report.tillId})` : ''}`;
  const out = [title, '', line(head), '-'.repeat(used + 2 + barWidth)];
  report.rows.forEach((r, i) => out.push(`${line(body[i]!)}  ${bar(r.total)}`));
  if (report.rows.length === 0) out.push('Aucune vente sur la période');
  out.push('-'.repeat(used + 2 + barWidth), line(foot));
  return `${out.join('\n')}\n`;
}

/** This machine's till for opening the core: POS_TILL when it is a number, else 1. */
function envTill(): number {
  const env = process.env.POS_TILL ?? '';
  return /^\d+$/.test(env) && Number(env) >= 1 ? Number(env) : 1;
}

export function reportCommand(): Command {
  const report = new Command('report').description('rapports sur les ventes (tableau, CSV ou JSON sur la sortie standard)');

  report
    .command('sales')
    .description('ventes regroupées par client ou par jour sur une période (par défaut : aujourd\'hui)')
    .addOption(new Option('--by <dimension>', 'regroupement').choices([...SALES_DIMENSIONS]).default('customer'))
    .option('--from <date>', 'premier jour, AAAA-MM-JJ')
    .option('--to <date>', 'dernier jour, AAAA-MM-JJ')
    .option('--month <mois>', 'un mois entier, AAAA-MM')
    .option('--last <n>d', 'les n derniers jours, aujourd\'hui compris (ex. 7d)')
    .addOption(new Option('--format <format>', 'sortie').choices(['table', 'csv', 'json']).default('table'))
    .option('--till <n>', 'une seule caisse', parsePositiveInt('--till'))
    .action(async (opts: PeriodOptions & { by: SalesDimension; format: ReportFormat; till?: number }, command: Command) => {
      // The period is checked before the database is opened: a bad one changes and opens nothing.
      // `--till` is also the program's option, which commander fills first: read it from either.
      const tillId = opts.till ?? (command.optsWithGlobals() as { till?: number }).till;
      const period: ReportPeriod = { ...periodOf(opts, new Date()), tillId };
      // The core is opened as this till (POS_TILL or 1): the --till of a report only filters,
      // so naming a till that doesn't exist must not register it.
      const core = await openCore({ db: globalsOf(command).db, tillId: envTill() });
      try {
        const result = await core.reports.salesBy(opts.by, period);
        if (opts.format === 'json') process.stdout.write(salesReportJson(result));
        else if (opts.format === 'csv') process.stdout.write(salesReportCsv(result));
        else process.stdout.write(salesReportTable(result, process.stdout.columns ?? 100));
      } finally {
        await core.close();
      }
    });

  report.addCommand(loyaltyReportCommand());
  report.addCommand(hoursReportCommand());
  for (const c of stockReportCommands()) report.addCommand(c);
  return report;
}
