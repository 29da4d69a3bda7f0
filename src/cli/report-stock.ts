// `pos report stock-value|low-stock|slow-movers|stock-moves`: the stock
// reports, added to the `pos report` group (the same lists as `pos stock low`
// and `pos stock moves`, where the shopkeeper looks for reports).
import { Command, InvalidArgumentError, Option } from 'commander';
import { withCore } from './context.js';
import { articleOf } from './stock.js';
import { formatLowStock, formatMoves, formatSlowMovers, formatValuation, LIST_FORMATS, type ListFormat } from './stock-format.js';
import { byShopOption, checkShopOptions, shopColumnsOf, shopOf, shopOption, type ShopOptions, withGlobalShop } from './shop-option.js';
import { formatShopColumns } from './shop-columns-format.js';

const formatOption = () => new Option('--format <format>', 'sortie').choices(LIST_FORMATS).default('table');

function parseDays(value: string): number {
  if (!/^\d{1,4}$/.test(value) || Number(value) < 1 || Number(value) > 3650) throw new InvalidArgumentError(`--days attend un nombre de jours de 1 à 3650 (reçu « ${value} »)`);
  return Number(value);
}

export function stockReportCommands(): Command[] {
  const value = new Command('stock-value')
    .description('valeur du stock au prix de revient HT, par rayon et au total')
    .addOption(formatOption())
    .addOption(shopOption("le stock d'une boutique (son code ou son numéro ; défaut : celle de la caisse)"))
    .addOption(byShopOption())
    .action(async (opts: ShopOptions & { format: ListFormat }, command: Command) => {
      opts = withGlobalShop(opts, command);
      checkShopOptions(opts);
      await withCore(command, async (core) => {
        if (opts.byShop) {
          const columns = await core.stockReports.valuationByShop(await shopColumnsOf(core));
          process.stdout.write(formatShopColumns(columns, opts.format, { title: 'Valeur du stock au prix de revient HT, par boutique', rowTitle: 'Rayon', countLabel: 'articles' }));
          return;
        }
        const shop = await shopOf(core, opts);
        const reports = shop ? core.stockReports.forScope(shop.id) : core.stockReports;
        process.stdout.write(formatValuation(await reports.valuation(), opts.format, shop ? `${shop.code}, ${shop.name}` : undefined));
      });
    });

  const low = new Command('low-stock')
    .description('articles à ou sous leur stock minimum (comme pos stock low)')
    .addOption(formatOption())
    .action(async (opts: { format: ListFormat }, command: Command) => {
      await withCore(command, async (core) => {
        process.stdout.write(formatLowStock(await core.stock.lowStock(), opts.format));
      });
    });

  const slow = new Command('slow-movers')
    .description('articles en stock sans vente depuis N jours (ou jamais vendus)')
    .option('--days <n>', 'nombre de jours sans vente', parseDays, 30)
    .addOption(formatOption())
    .addOption(shopOption("le stock d'une boutique (son code ou son numéro ; défaut : celle de la caisse)"))
    .action(async (opts: ShopOptions & { days: number; format: ListFormat }, command: Command) => {
      opts = withGlobalShop(opts, command);
      await withCore(command, async (core) => {
        const shop = await shopOf(core, opts);
        const reports = shop ? core.stockReports.forScope(shop.id) : core.stockReports;
        process.stdout.write(formatSlowMovers(await reports.slowMovers(opts.days), opts.days, opts.format));
      });
    });

  const moves = new Command('stock-moves')
    .description('les mouvements de stock d\'un article (comme pos stock moves)')
    .argument('<code>', 'PLU ou code-barres')
    .addOption(formatOption())
    .action(async (code: string, opts: { format: ListFormat }, command: Command) => {
      await withCore(command, async (core) => {
        const article = await articleOf(core, code);
        process.stdout.write(formatMoves(article, await core.stock.moves(article.id), opts.format));
      });
    });

  return [value, low, slow, moves];
}
