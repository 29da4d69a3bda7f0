// `pos export …`: the shop's data for a spreadsheet or another program, on
// stdout (redirect it to a file), CSV or JSON.
import { Command, Option } from 'commander';
import { articlesToCsv } from '../core/catalogue/article-import.js';
import { accountingCsv } from '../core/fiscal/accounting-export.service.js';
import { checkTillInShop, shopOf, shopOption, type ShopOptions, withGlobalShop } from './shop-option.js';
import { customersToCsv } from '../core/customers/customer-import.js';
import { withCore } from './context.js';
import { periodOf, type PeriodOptions } from './report-period.js';
import { fecExportCommand } from './export-fec.js';

export function exportCommand(): Command {
  const command = new Command('export').description('exporte des données (sur la sortie standard)');
  command
    .command('customers')
    .description('clients, avec les colonnes que lit pos import customers')
    .addOption(new Option('--format <format>', 'format').choices(['csv', 'json']).default('csv'))
    .addOption(new Option('--separator <sep>', 'séparateur CSV').choices([';', ',']).default(';'))
    .option('--bom', 'marque UTF-8 en tête (pour Excel)')
    .action(async (opts: { format: 'csv' | 'json'; separator: ';' | ','; bom?: boolean }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        const customers = await core.customers.list();
        if (opts.format === 'json') {
          const groups = new Map((await core.customers.groups()).map((g) => [g.id, g.name]));
          process.stdout.write(`${JSON.stringify(customers.map((c) => ({ ...c, group: groups.get(c.groupId) ?? null })), null, 2)}\n`);
          return;
        }
        const csv = customersToCsv(customers, await core.customers.groups(), opts.separator);
        process.stdout.write(`${opts.bom ? '\uFEFF' : ''}${csv}`);
      });
    });
  command
    .command('articles')
    .description('articles (actifs ou non), avec les colonnes que lit pos import articles')
    .addOption(new Option('--format <format>', 'format').choices(['csv', 'json']).default('csv'))
    .addOption(new Option('--separator <sep>', 'séparateur CSV').choices([';', ',']).default(';'))
    .option('--bom', 'marque UTF-8 en tête (pour Excel)')
    .action(async (opts: { format: 'csv' | 'json'; separator: ';' | ','; bom?: boolean }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        const barcodes = await core.articleFiles.allBarcodes();
        const articles: Array<Awaited<ReturnType<typeof core.catalog.listArticles>>[number] & { barcodes: string[] }> = [];
        // Page through the catalogue: a shop may have tens of thousands of articles.
        for (let offset = 0; ; offset += 5000) {
          const page = await core.catalog.listArticles({ limit: 5000, offset });
          articles.push(...page.map((a) => ({ ...a, barcodes: barcodes.get(a.id) ?? [] })));
          if (page.length < 5000) break;
        }
        const names = { categories: await core.categories.all(), taxRates: await core.taxRates.list(), suppliers: await core.suppliers.list() };
        if (opts.format === 'json') {
          const category = new Map(names.categories.map((c) => [c.id, c.name]));
          process.stdout.write(`${JSON.stringify(articles.map((a) => ({ ...a, category: category.get(a.categoryId) ?? null })), null, 2)}\n`);
          return;
        }
        process.stdout.write(`${opts.bom ? '\uFEFF' : ''}${articlesToCsv(articles, names, opts.separator)}`);
      });
    });
  command
    .command('accounting')
    .description('pour le comptable : par jour, les règlements par moyen de paiement et les ventes par taux de TVA (HT, TVA, TTC)')
    .option('--month <mois>', 'un mois entier, AAAA-MM')
    .option('--from <date>', 'premier jour, AAAA-MM-JJ')
    .option('--to <date>', 'dernier jour, AAAA-MM-JJ')
    .option('--last <n>d', 'les n derniers jours, aujourd\'hui compris (ex. 7d)')
    .addOption(new Option('--format <format>', 'format').choices(['csv', 'json']).default('csv'))
    .addOption(new Option('--separator <sep>', 'séparateur CSV (avec « ; » les montants ont une virgule décimale)').choices([';', ',']).default(';'))
    .option('--bom', 'marque UTF-8 en tête (pour Excel)')
    .addOption(shopOption("une seule boutique (son code ou son numéro) : les ventes de ses caisses (défaut : toute la société)"))
    .action(async (opts: PeriodOptions & ShopOptions & { format: 'csv' | 'json'; separator: ';' | ','; bom?: boolean }, cmd: Command) => {
      opts = withGlobalShop(opts, cmd);
      // The period is checked before the database is opened.
      const period = periodOf(opts, new Date());
      const tillId = (cmd.optsWithGlobals() as { till?: number }).till;
      await withCore(cmd, async (core) => {
        const shop = await shopOf(core, opts);
        checkTillInShop(tillId, shop);
        const data = await core.reports.accounting({ ...period, tillId, shopId: shop?.id });
        if (opts.format === 'json') process.stdout.write(`${JSON.stringify(data, null, 2)}\n`);
        else process.stdout.write(`${opts.bom ? '\uFEFF' : ''}${accountingCsv(data, opts.separator)}`);
        // --till only filters: naming a till that doesn't exist must not register it.
      }, { registerTill: false });
    });
  command.addCommand(fecExportCommand());
  return command;
}
