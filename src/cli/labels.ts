// `pos labels print`: shelf labels on the receipt printer, for articles named
// by PLU or barcode or for a whole category. They go through the print queue
// like receipts, so a printer that fails leaves them waiting for a reprint.
import { Command } from 'commander';
import type { Article } from '../core/catalogue/article.js';
import type { Core } from '../core/shop/core.service.js';
import { PosError } from '../core/basics/errors.js';
import { foldForSearch } from '../core/basics/text.js';
import { shelfLabel } from '../core/catalogue/shelf-label.js';
import { parsePositiveInt, UsageError, withCore } from './context.js';
import { encodeReceipt, printerOf } from './devices.js';
import { articleOf } from './stock.js';

async function articlesOfCategoryNamed(core: Core, name: string): Promise<Article[]> {
  const category = (await core.categories.visible()).find((c) => foldForSearch(c.name) === foldForSearch(name));
  if (!category) throw new UsageError(`--category : rayon inconnu « ${name} »`);
  return core.catalog.articlesOfCategory(category.id);
}

/** The ESC/POS bytes of the labels, each article `copies` times, one cut label each. */
export async function labelBytes(core: Core, articles: Article[], copies: number): Promise<Buffer> {
  const categories = new Map((await core.categories.visible()).map((c) => [c.id, c.name]));
  const parts: Buffer[] = [];
  for (const a of articles) {
    const doc = shelfLabel({ name: a.name, plu: a.plu, price: a.price, unit: a.unit, category: categories.get(a.categoryId) ?? '', barcodes: await core.catalog.barcodesOf(a.id) });
    const bytes = await encodeReceipt(doc);
    for (let i = 0; i < copies; i++) parts.push(bytes);
  }
  return Buffer.concat(parts);
}

export function labelsCommand(): Command {
  const labels = new Command('labels').description('étiquettes de rayon sur l\'imprimante de tickets');
  labels
    .command('print')
    .description('imprime les étiquettes (nom, prix TTC en grand, prix au kg, code-barres EAN-13) des articles donnés ou d\'un rayon')
    .argument('[codes...]', 'PLU ou codes-barres')
    .option('--category <nom>', 'tous les articles actifs d\'un rayon')
    .option('--copies <n>', 'exemplaires de chaque étiquette', parsePositiveInt('--copies'), 1)
    .action(async (codes: string[], opts: { category?: string; copies: number }, command: Command) => {
      if (codes.length === 0 && opts.category === undefined) throw new UsageError('indiquez des PLU ou codes-barres, ou --category');
      if (opts.copies > 100) throw new UsageError('--copies : 100 exemplaires au plus');
      await withCore(command, async (core) => {
        const articles: Article[] = [];
        for (const code of codes) articles.push(await articleOf(core, code));
        if (opts.category !== undefined) articles.push(...(await articlesOfCategoryNamed(core, opts.category)));
        if (articles.length === 0) throw new PosError(`aucun article actif dans le rayon « ${opts.category} »`);
        const printer = await printerOf(command, core);
        const bytes = await labelBytes(core, articles, opts.copies);
        const job = await core.printQueue.enqueue('label', bytes, null);
        try {
          await printer.print(bytes);
          await core.printQueue.markPrinted(job.id);
        } catch (err) {
          await core.printQueue.markFailed(job.id, (err as Error).message);
          throw new PosError(`${(err as Error).message} : les étiquettes restent en file d'attente`);
        }
        process.stderr.write(`${articles.length * opts.copies} étiquette(s) imprimée(s) sur ${printer.description}\n`);
      });
    });
  return labels;
}
