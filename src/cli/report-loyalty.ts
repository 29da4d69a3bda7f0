// `pos report loyalty`: the loyalty rewards given over a period (who earned
// them, what they cost, who gave them), their totals, and the customers close
// to their next reward. Table for people; CSV (the rewards, one a row) and
// JSON (everything, amounts in cents) for other programs.
import { Command, Option } from 'commander';
import { writeCsv } from '../core/basics/csv.js';
import { formatProgress } from '../core/customers/loyalty.js';
import { REWARD_LABELS, type LoyaltyReport } from '../core/customers/loyalty.service.js';
import { formatMoney } from '../core/basics/money.js';
import { parseCalendarDate, UsageError, withCore } from './context.js';
import type { Shop } from '../core/shop/shops.service.js';
import { byShopOption, checkShopOptions, shopColumnsOf, shopOf, shopOption, shopTitle, type ShopOptions, withGlobalShop } from './shop-option.js';
import { formatShopColumns } from './shop-columns-format.js';

const KIND_LABELS = REWARD_LABELS;

/** A calendar day written YYYY-MM-DD, checked to exist (no 2026-02-30). */
const parseDay = parseCalendarDate;

const UNITS = { points: 'points', spent: '€', visits: 'visite(s)', items: 'article(s)' } as const;

const money = (cents: number) => formatMoney(cents, 'fr', { symbol: false });

function pad(text: string, width: number, right = false): string {
  const t = text.length > width ? text.slice(0, width) : text;
  return right ? t.padStart(width) : t.padEnd(width);
}

function table(report: LoyaltyReport, shop?: Shop): string {
  const out: string[] = [];
  const period = report.from || report.to ? ` du ${report.from ?? '…'} au ${report.to ?? '…'}` : '';
  out.push(`Récompenses fidélité${period}${shopTitle(shop)} (critère : ${report.criterion}, seuil ${report.threshold})`);
  if (report.rewards.length === 0) out.push('Aucune récompense sur la période.');
  else {
    out.push(`${pad('Date', 10)}  ${pad('Vente', 6, true)}  ${pad('Client', 24)}  ${pad('Récompense', 14)}  ${pad('Coût', 9, true)}  Employé`);
    for (const r of report.rewards) {
      const sale = r.saleNumber === null ? '' : String(r.saleNumber);
      out.push(`${pad(r.date, 10)}  ${pad(sale, 6, true)}  ${pad(r.customerName || r.customerCode, 24)}  ${pad(KIND_LABELS[r.kind] ?? r.kind, 14)}  ${pad(money(r.cost), 9, true)}  ${r.employee}`);
    }
  }
  out.push(`Total : ${report.totals.count} récompense(s), coût ${formatMoney(report.totals.cost, 'fr')}`);
  out.push('');
  out.push('Clients proches de leur récompense');
  if (report.close.length === 0) out.push('Aucun.');
  else {
    out.push(`${pad('Carte', 14)}  ${pad('Client', 24)}  ${pad('Progression', 22)}  Reste`);
    for (const c of report.close) {
      const remaining = c.remaining === 0 ? 'carte complète' : report.criterion === 'spent' ? formatMoney(c.remaining, 'fr') : `${c.remaining} ${UNITS[report.criterion]}`;
      out.push(`${pad(c.customerCode, 14)}  ${pad(c.customerName, 24)}  ${pad(formatProgress(report.criterion, c.progress, c.threshold), 22)}  ${remaining}`);
    }
  }
  return `${out.join('\n')}\n`;
}

function csv(report: LoyaltyReport): string {
  return writeCsv(
    ['date', 'caisse', 'vente', 'carte_client', 'client', 'recompense', 'cout', 'employe', 'carte_no'],
    report.rewards.map((r) => [r.date, r.tillId, r.saleNumber, r.customerCode, r.customerName, r.kind, money(r.cost), r.employee, r.cardNo]),
  );
}

export function loyaltyReportCommand(): Command {
  return new Command('loyalty')
    .description('récompenses fidélité données (coût, client, employé) et clients proches de leur récompense')
    .option('--from <date>', 'premier jour inclus (AAAA-MM-JJ)', parseDay('--from'))
    .option('--to <date>', 'dernier jour inclus (AAAA-MM-JJ)', parseDay('--to'))
    .addOption(new Option('--format <format>', 'sortie (csv : les récompenses, une par ligne)').choices(['table', 'csv', 'json']).default('table'))
    .addOption(shopOption())
    .addOption(byShopOption())
    .action(async (opts: ShopOptions & { from?: string; to?: string; format: 'table' | 'csv' | 'json' }, command: Command) => {
      opts = withGlobalShop(opts, command);
      if (opts.from && opts.to && opts.from > opts.to) throw new UsageError(`--from (${opts.from}) est après --to (${opts.to})`);
      checkShopOptions(opts);
      await withCore(command, async (core) => {
        if (opts.byShop) {
          const columns = await core.loyalty.reportByShop({ from: opts.from, to: opts.to }, await shopColumnsOf(core));
          const period = opts.from || opts.to ? ` du ${opts.from ?? '…'} au ${opts.to ?? '…'}` : '';
          process.stdout.write(formatShopColumns(columns, opts.format, { title: `Coût des récompenses fidélité par boutique${period}`, rowTitle: 'Récompense', countLabel: 'récompenses' }));
          return;
        }
        const shop = await shopOf(core, opts);
        const report = await core.loyalty.report({ from: opts.from, to: opts.to, shopId: shop?.id });
        if (!report.enabled) process.stderr.write('pos: le programme de fidélité est désactivé (loyalty.enabled)\n');
        if (opts.format === 'json') process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else if (opts.format === 'csv') process.stdout.write(csv(report));
        else process.stdout.write(table(report, shop));
      });
    });
}
