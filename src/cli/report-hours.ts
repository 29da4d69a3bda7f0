// `pos report hours`: hours worked per employee over a period (shifts cut at
// the period's bounds, a shift still open counted up to now) beside what each
// one sold. Table with a bar of the hours for people; CSV and JSON for pipes.
import { Command } from 'commander';
import { writeCsv } from '../core/basics/csv.js';
import { formatMoney } from '../core/basics/money.js';
import { textBar } from '../core/basics/text-bar.js';
import { ROLE_LABELS } from '../core/staff/staff.js';
import type { HoursReport } from '../core/staff/time-clock.service.js';
import { formatDuration } from '../core/staff/durations.js';
import { UsageError, withCore } from './context.js';
import { periodOf, periodOptions, reportFormatOption, type PeriodOptions, type ReportFormat } from './report-period.js';
import { PosError } from '../core/basics/errors.js';
import type { Shop } from '../core/shop/shops.service.js';
import { byShopOption, checkShopOptions, shopColumnsOf, shopOf, shopOption, shopTitle, type ShopOptions, withGlobalShop } from './shop-option.js';
import { formatShopColumns } from './shop-columns-format.js';


export function hoursReportCsv(report: HoursReport): string {
  return writeCsv(
    ['employee_id', 'name', 'role', 'shifts', 'hours', 'open', 'sales', 'sales_total_ttc'],
    report.rows.map((r) => [r.employeeId, r.name, r.role, r.shifts, (r.seconds / 3600).toFixed(2), r.open ? 1 : 0, r.sales, (r.salesTotal / 100).toFixed(2)]),
    ',',
  );
}

export function hoursReportTable(report: HoursReport, width = 100, shop?: Shop): string {
  const m = (c: number) => formatMoney(c, 'fr', { symbol: false });
  const head = ['Employé', 'Rôle', 'Pointages', 'Heures', 'Ventes', 'CA TTC'];
  const body = report.rows.map((r) => [r.name, ROLE_LABELS[r.role]?.fr ?? r.role, String(r.shifts), `${formatDuration(r.seconds)}${r.open ? '*' : ' '}`, String(r.sales), m(r.salesTotal)]);
  const t = report.totals;
  const foot = ['TOTAL', '', String(t.shifts), `${formatDuration(t.seconds)} `, String(t.sales), m(t.salesTotal)];
  const widths = head.map((h, i) => Math.max(h.length, ...[...body, foot].map((row) => row[i]!.length)));
  widths[0] = Math.min(widths[0]!, 24);
  const cell = (text: string, i: number) => (i < 2 ? text.slice(0, widths[i]).padEnd(widths[i]!) : text.padStart(widths[i]!));
  const line = (row: string[]) => row.map(cell).join('  ');
  const used = line(head).length;
  const barWidth = Math.max(5, Math.min(30, width - used - 2));
  const best = Math.max(1, ...report.rows.map((r) => r.seconds));
  const bar = (seconds: number) => textBar(seconds, best, barWidth);
  const out = [`Heures travaillées du ${report.from} au ${report.to}${shopTitle(shop)}`, '', line(head), '-'.repeat(used + 2 + barWidth)];
  report.rows.forEach((r, i) => out.push(`${line(body[i]!)}  ${bar(r.seconds)}`));
  if (report.rows.length === 0) out.push('Aucun pointage ni vente sur la période');
  out.push('-'.repeat(used + 2 + barWidth), line(foot));
  if (report.rows.some((r) => r.open)) out.push('* encore pointé : compté jusqu\'à maintenant');
  return `${out.join('\n')}\n`;
}

export function hoursReportCommand(): Command {
  return periodOptions(new Command('hours').description('heures travaillées et ventes par employé sur une période (par défaut : aujourd\'hui)'))
    .addOption(reportFormatOption())
    .addOption(shopOption())
    .addOption(byShopOption())
    .action(async (opts: PeriodOptions & ShopOptions & { format: ReportFormat }, command: Command) => {
      opts = withGlobalShop(opts, command);
      checkShopOptions(opts);
      // The period is checked before the database is opened: a bad one opens nothing.
      const { from, to } = periodOf(opts, new Date());
      await withCore(
        command,
        async (core) => {
          const asUsage = async <T>(work: () => Promise<T>): Promise<T> => {
            try {
              return await work();
            } catch (err) {
              if (err instanceof PosError) throw new UsageError(err.message);
              throw err;
            }
          };
          if (opts.byShop) {
            // Hours per shop: the shifts clocked at its tills; the company's, every shift.
            const shops = await shopColumnsOf(core);
            const columns = await asUsage(() => core.timeClock.hoursByShop(from, to, shops));
            process.stdout.write(formatShopColumns(columns, opts.format, { title: `Heures travaillées par boutique du ${from} au ${to}`, rowTitle: 'Employé', countLabel: 'secondes', countsOnly: true, formatCount: formatDuration }));
            return;
          }
          const shop = await shopOf(core, opts);
          const report = await asUsage(() => core.timeClock.hours(from, to, shop?.id));
          if (opts.format === 'json') process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
          else if (opts.format === 'csv') process.stdout.write(hoursReportCsv(report));
          else process.stdout.write(hoursReportTable(report, process.stdout.columns ?? 100, shop));
        },
        { registerTill: false },
      );
    });
}
