// `pos report …`: figures over the completed sales, for the shopkeeper at the
// terminal (an aligned table) or for another program (CSV, JSON on stdout).
// The group is built so more reports (loyalty, closings…) add one subcommand.
import { Command, Option } from 'commander';
import { formatMoney } from '../core/basics/money.js';
import { VOID_KIND_LABELS, type VoidEvent } from '../core/fiscal/voids-report.service.js';
import { DIMENSION_TITLES, SALES_DIMENSIONS, type ReportPeriod, type SalesByReport, type SalesDimension } from '../core/fiscal/reports.service.js';
import { writeCsv } from '../core/basics/csv.js';
import { textBar } from '../core/basics/text-bar.js';
import { parsePositiveInt, UsageError, withCore } from './context.js';
import { hoursReportCommand } from './report-hours.js';
import { periodOf, periodOptions, reportFormatOption, type PeriodOptions, type ReportFormat } from './report-period.js';
import { loyaltyReportCommand } from './report-loyalty.js';
import { stockReportCommands } from './report-stock.js';
import { byShopOption, checkShopOptions, checkTillInShop, shopColumnsOf, shopOf, shopOption, shopTitle, type ShopOptions, withGlobalShop } from './shop-option.js';
import { formatShopColumns } from './shop-columns-format.js';
import type { Shop } from '../core/shop/shops.service.js';

const tillFilterOption = () => new Option('--till <n>', 'une seule caisse').argParser(parsePositiveInt('--till'));

/**
 * The period and till of a report, checked before the database is opened: a
 * bad one opens nothing. `--till` is also the program's option, which
 * commander fills first: it is read from either. It only filters.
 */
function reportPeriod(opts: PeriodOptions & { till?: number }, command: Command): ReportPeriod {
  const tillId = opts.till ?? (command.optsWithGlobals() as { till?: number }).till;
  return { ...periodOf(opts, new Date()), tillId };
}

const euros = (cents: number) => (cents / 100).toFixed(2);

/** Dimensions over sale lines, where the quantity sold (thousandths) means something. */
const WITH_QUANTITY: ReadonlySet<SalesDimension> = new Set(['article', 'category']);
const optEuros = (cents: number | null) => (cents === null ? null : euros(cents));

export function salesReportCsv(report: SalesByReport): string {
  const headers = [report.dimension, 'code', 'label', 'sales', 'items', 'total_ttc', 'total_ht', 'average_basket', 'last_visit'];
  const quantity = WITH_QUANTITY.has(report.dimension);
  return writeCsv(
    quantity ? [...headers, 'quantity'] : headers,
    report.rows.map((r) => {
      const cells = [r.key, r.code, r.label, r.sales, r.items, euros(r.total), optEuros(r.totalHt), euros(r.averageBasket), r.lastVisit];
      return quantity ? [...cells, r.quantity === null ? null : (r.quantity / 1000).toFixed(3)] : cells;
    }),
    ',',
  );
}

export function salesReportJson(report: SalesByReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}

/** Aligned columns for an 80-column terminal and up, with a bar of each row's share of the best one. */
export function salesReportTable(report: SalesByReport, width = 100, shop?: Shop): string {
  const m = (c: number | null) => (c === null ? '' : formatMoney(c, 'fr', { symbol: false }));
  const n = (v: number | null) => (v === null ? '' : String(v));
  const head = [DIMENSION_TITLES[report.dimension].fr, 'Ventes', 'Art.', 'Total TTC', 'Total HT', 'Panier', 'Dernière visite'];
  const body = report.rows.map((r) => [r.label, String(r.sales), n(r.items), m(r.total), m(r.totalHt), m(r.averageBasket), (r.lastVisit ?? '').replace('T', ' ').slice(0, 16)]);
  const t = report.totals;
  const foot = ['TOTAL', String(t.sales), n(t.items), m(t.total), m(t.totalHt), m(t.averageBasket), (t.lastVisit ?? '').replace('T', ' ').slice(0, 16)];
  const widths = head.map((h, i) => Math.max(h.length, ...[...body, foot].map((row) => row[i]!.length)));
  widths[0] = Math.min(widths[0]!, 28);
  const cell = (text: string, i: number) => (i === 0 || i === 6 ? text.slice(0, widths[i]).padEnd(widths[i]!) : text.padStart(widths[i]!));
  const line = (row: string[]) => row.map(cell).join('  ');
  const used = line(head).length;
  const barWidth = Math.max(5, Math.min(30, width - used - 2));
  const best = Math.max(1, ...report.rows.map((r) => r.total));
  const bar = (cents: number) => textBar(cents, best, barWidth);
  const who = report.customer ? ` de ${report.customer.name} (client ${report.customer.code})` : '';
  const title = `Ventes${who} par ${DIMENSION_TITLES[report.dimension].fr.toLowerCase().replace('tva', 'TVA')} du ${report.from} au ${report.to}${report.tillId !== null ? ` (caisse ${report.tillId})` : ''}${shopTitle(shop)}`;
  const out = [title, '', line(head), '-'.repeat(used + 2 + barWidth)];
  report.rows.forEach((r, i) => out.push(`${line(body[i]!)}  ${bar(r.total)}`));
  if (report.rows.length === 0) out.push('Aucune vente sur la période');
  out.push('-'.repeat(used + 2 + barWidth), line(foot));
  return `${out.join('\n')}\n`;
}

/** The best-selling articles: rank, name, quantity (units or kg), amount and a bar. */
export function topReportTable(report: SalesByReport, limit: number, width = 100, shop?: Shop): string {
  const rows = report.rows.slice(0, limit);
  const m = (c: number) => formatMoney(c, 'fr', { symbol: false });
  const qty = (q: number | null) => (q === null ? '' : (q / 1000).toLocaleString('fr-FR', { maximumFractionDigits: 3 }).replace(/\u202f|\u00a0/g, ' '));
  const head = ['#', 'Article', 'Quantité', 'Ventes', 'Total TTC'];
  const body = rows.map((r, i) => [String(i + 1), r.label, qty(r.quantity), String(r.sales), m(r.total)]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  widths[1] = Math.min(widths[1]!, 32);
  const line = (row: string[]) => row.map((t, i) => (i === 1 ? t.slice(0, widths[i]).padEnd(widths[i]!) : t.padStart(widths[i]!))).join('  ');
  const used = line(head).length;
  const barWidth = Math.max(5, Math.min(30, width - used - 2));
  const best = Math.max(1, ...rows.map((r) => r.total));
  const out = [`Meilleures ventes du ${report.from} au ${report.to}${report.tillId !== null ? ` (caisse ${report.tillId})` : ''}${shopTitle(shop)}`, '', line(head), '-'.repeat(used + 2 + barWidth)];
  rows.forEach((r, i) => out.push(`${line(body[i]!)}  ${textBar(r.total, best, barWidth)}`));
  if (rows.length === 0) out.push('Aucune vente sur la période');
  return `${out.join('\n')}\n`;
}

/** One event a line, local time, oldest first. */
export function voidsTable(events: VoidEvent[], period: ReportPeriod, shop?: Shop): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const local = (iso: string) => {
    const d = new Date(iso);
    return `${d.getFullYear()}-${two(d.getMonth() + 1)}-${two(d.getDate())} ${two(d.getHours())}:${two(d.getMinutes())}`;
  };
  // A return against a receipt names its original sale (caisse/n°).
  const head = ['Quand', 'Caisse', 'Action', 'Vendeur', 'Validé par', 'Ticket d\'origine', 'Détails'];
  const body = events.map((e) => [local(e.at), String(e.tillId), VOID_KIND_LABELS[e.kind]?.fr ?? e.kind, e.employee ?? '', e.approver ?? '', e.originSale ? `n° ${e.originSale.split('/')[1]} caisse ${e.originSale.split('/')[0]}` : '', e.details === '{}' ? '' : e.details]);
  const widths = head.map((h, i) => Math.min(i === 6 ? 60 : 24, Math.max(h.length, ...body.map((row) => row[i]!.length))));
  const line = (row: string[]) => row.map((t, i) => t.slice(0, widths[i]).padEnd(widths[i]!)).join('  ').trimEnd();
  const out = [`Annulations et remboursements du ${period.from} au ${period.to}${period.tillId !== undefined ? ` (caisse ${period.tillId})` : ''}${shopTitle(shop)}`, '', line(head), '-'.repeat(line(head).length)];
  for (const row of body) out.push(line(row));
  out.push(events.length === 0 ? 'Aucune annulation sur la période' : `${events.length} événement(s)`);
  return `${out.join('\n')}\n`;
}

export function reportCommand(): Command {
  const report = new Command('report').description('rapports sur les ventes (tableau, CSV ou JSON sur la sortie standard)');

  // Reports only read: the core is opened without registering a till, so naming
  // a till that doesn't exist (--till 9) must not create it.
  periodOptions(
    report
      .command('sales')
      .description('ventes regroupées par client ou par jour sur une période (par défaut : aujourd\'hui)')
      .addOption(new Option('--by <dimension>', 'regroupement (avec --customer : day par défaut)').choices([...SALES_DIMENSIONS]).default('customer'))
      .option('--customer <code>', 'les ventes d\'un seul client (son code)'),
  )
    .addOption(reportFormatOption())
    .addOption(tillFilterOption())
    .addOption(shopOption())
    .addOption(byShopOption())
    .action(async (opts: PeriodOptions & ShopOptions & { by: SalesDimension; format: ReportFormat; till?: number; customer?: string }, command: Command) => {
      opts = withGlobalShop(opts, command);
      checkShopOptions(opts);
      const period = reportPeriod(opts, command);
      // One customer's sales grouped by customer is one row: by day says more, unless --by was given.
      const by = opts.customer !== undefined && command.getOptionValueSource('by') === 'default' ? 'day' : opts.by;
      await withCore(
        command,
        async (core) => {
          if (opts.customer !== undefined) {
            const customer = await core.customers.byCode(opts.customer.trim());
            if (!customer) throw new UsageError(`--customer : client « ${opts.customer} » introuvable (son code client, comme sur sa carte)`);
            period.customerId = customer.id;
          }
          if (opts.byShop) {
            const columns = await core.reports.salesByShop(by, period, await shopColumnsOf(core));
            const title = `Ventes par ${DIMENSION_TITLES[by].fr.toLowerCase().replace('tva', 'TVA')} et par boutique, TTC, du ${period.from} au ${period.to}${period.tillId !== undefined ? ` (caisse ${period.tillId})` : ''}`;
            process.stdout.write(formatShopColumns(columns, opts.format, { title, rowTitle: DIMENSION_TITLES[by].fr, countLabel: 'ventes' }));
            return;
          }
          const shop = await shopOf(core, opts);
          checkTillInShop(period.tillId, shop);
          const result = await core.reports.salesBy(by, { ...period, shopId: shop?.id });
          if (opts.format === 'json') process.stdout.write(salesReportJson(result));
          else if (opts.format === 'csv') process.stdout.write(salesReportCsv(result));
          else process.stdout.write(salesReportTable(result, process.stdout.columns ?? 100, shop));
        },
        { registerTill: false },
      );
    });

  periodOptions(
    report
      .command('top')
      .description('les articles les plus vendus (en montant), avec la quantité')
      .option('--limit <n>', 'nombre d\'articles', parsePositiveInt('--limit'), 20),
  )
    .addOption(reportFormatOption())
    .addOption(tillFilterOption())
    .addOption(shopOption())
    .addOption(byShopOption())
    .action(async (opts: PeriodOptions & ShopOptions & { limit: number; format: ReportFormat; till?: number }, command: Command) => {
      opts = withGlobalShop(opts, command);
      checkShopOptions(opts);
      const period = reportPeriod(opts, command);
      await withCore(
        command,
        async (core) => {
          if (opts.byShop) {
            // The company's best sellers, each with what every shop sold of it.
            const columns = await core.reports.salesByShop('article', period, await shopColumnsOf(core));
            const top = { ...columns, rows: columns.rows.filter((r) => r.key !== 'none').slice(0, opts.limit) };
            process.stdout.write(formatShopColumns(top, opts.format, { title: `Meilleures ventes par boutique, TTC, du ${period.from} au ${period.to}`, rowTitle: 'Article', countLabel: 'ventes' }));
            return;
          }
          const shop = await shopOf(core, opts);
          checkTillInShop(period.tillId, shop);
          const result = await core.reports.salesBy('article', { ...period, shopId: shop?.id });
          // Lines without an article (free amounts) are not a best seller.
          const top = { ...result, rows: result.rows.filter((r) => r.key !== 'none').slice(0, opts.limit) };
          if (opts.format === 'json') process.stdout.write(salesReportJson(top));
          else if (opts.format === 'csv') process.stdout.write(salesReportCsv(top));
          else process.stdout.write(topReportTable(top, opts.limit, process.stdout.columns ?? 100, shop));
        },
        { registerTill: false },
      );
    });

  periodOptions(
    report
      .command('voids')
      .description('lignes annulées, tickets abandonnés et remboursements de la période (quand, qui, qui a validé, détails)'),
  )
    .addOption(reportFormatOption())
    .addOption(tillFilterOption())
    .addOption(shopOption())
    .addOption(byShopOption())
    .action(async (opts: PeriodOptions & ShopOptions & { format: ReportFormat; till?: number }, command: Command) => {
      opts = withGlobalShop(opts, command);
      checkShopOptions(opts);
      const period = reportPeriod(opts, command);
      await withCore(
        command,
        async (core) => {
          if (opts.byShop) {
            const columns = await core.reports.voidsByShop(period, await shopColumnsOf(core));
            process.stdout.write(formatShopColumns(columns, opts.format, { title: `Annulations et remboursements par boutique (nombre) du ${period.from} au ${period.to}`, rowTitle: 'Action', countLabel: 'événements', countsOnly: true }));
            return;
          }
          const shop = await shopOf(core, opts);
          checkTillInShop(period.tillId, shop);
          if (shop) period.shopId = shop.id;
          const events = await core.reports.voids(period);
          if (opts.format === 'json') process.stdout.write(`${JSON.stringify({ ...period, tillId: period.tillId ?? null, events }, null, 2)}\n`);
          else if (opts.format === 'csv') process.stdout.write(writeCsv(['at', 'till', 'kind', 'employee', 'approver', 'sale_id', 'details', 'origin_sale'], events.map((e) => [e.at, e.tillId, e.kind, e.employee, e.approver, e.saleId, e.details, e.originSale]), ','));
          else process.stdout.write(voidsTable(events, period, shop));
        },
        { registerTill: false },
      );
    });

  report.addCommand(loyaltyReportCommand());
  report.addCommand(hoursReportCommand());
  for (const c of stockReportCommands()) report.addCommand(c);
  return report;
}
