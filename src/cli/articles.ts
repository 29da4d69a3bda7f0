// `pos articles …` and `pos categories …`: the catalogue from the command
// line. Listing and showing read; adding and changing an article need a
// PIN (--pin or POS_PIN) of someone the permission table lets edit articles
// (a manager by default), because a price change is audited under their name.
// Everything refused for its arguments (unknown category, bad price, PLU
// taken) is a bad command line: stderr, exit code 2, nothing changed.
import { Command, Option } from 'commander';
import type { ArticlePatch } from '../core/catalogue/article-rules.js';
import type { Article, Category } from '../core/catalogue/article.js';
import type { Core } from '../core/shop/core.service.js';
import { writeCsv } from '../core/basics/csv.js';
import { formatMoney, parseMoney } from '../core/basics/money.js';
import { formatQuantity, parseQuantity, type Unit } from '../core/basics/quantity.js';
import { foldForSearch } from '../core/basics/text.js';
import { formatRate, parseRate } from '../core/catalogue/vat.js';
import { actorFromPin, authorizeFromPin, fromArguments, parsePositiveInt, UsageError, withCore } from './context.js';

type Format = 'table' | 'csv' | 'json';


function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

const money = (cents: number) => formatMoney(cents, 'fr', { symbol: false });
const qty = (q: number, unit: Unit) => formatQuantity(q, unit).replace(' kg', '');

async function articleByCode(core: Core, code: string): Promise<Article> {
  const article = await core.catalog.findByCode(code);
  if (!article) throw new UsageError(`article « ${code} » introuvable (PLU ou code-barres)`);
  return article;
}

async function categoryNamed(core: Core, name: string): Promise<Category> {
  const category = await core.categories.byName(name);
  if (!category) throw new UsageError(`catégorie « ${name} » introuvable (pos categories list)`);
  return category;
}

/** The options add and set share; each present one becomes a field of the patch. */
interface FieldOptions {
  name?: string;
  plu?: string;
  price?: string;
  category?: string;
  vat?: string;
  cost?: string;
  unit?: string;
  points?: string;
  minStock?: string;
  reorderPoint?: string;
  safetyStock?: string;
  supplier?: string;
  supplierRef?: string;
  packSize?: string;
  minOrderQty?: string;
  active?: string;
}

function addFieldOptions(command: Command): Command {
  return command
    .option('--name <nom>', "nom de l'article")
    .option('--plu <plu>', 'PLU tapé en caisse (1 à 6 chiffres)')
    .option('--price <prix>', 'prix TTC, ex. 4,50 (au kg pour un article pesé)')
    .option('--category <nom>', 'catégorie')
    .option('--vat <taux>', 'taux de TVA, ex. 20 ou 5,5')
    .option('--cost <prix>', "coût d'achat HT, ex. 2,10")
    .addOption(new Option('--unit <unité>', "vendu à l'unité ou au kg").choices(['unit', 'kg']))
    .option('--points <n>', 'points de fidélité par unité')
    .option('--min-stock <qté>', 'stock minimum, ex. 5 ou 1,5 (kg)')
    .option('--reorder-point <qté>', 'point de commande (vide : calculé)')
    .option('--safety-stock <qté>', 'stock de sécurité')
    .option('--supplier <nom>', 'fournisseur ("" : aucun)')
    .option('--supplier-ref <réf>', 'référence chez le fournisseur')
    .option('--pack-size <qté>', 'colisage')
    .option('--min-order-qty <qté>', 'quantité minimum de commande')
    .addOption(new Option('--active <oui|non>', 'article en vente ou retiré').choices(['oui', 'non', 'yes', 'no']));
}

/** Reads the options into an article patch, checking each against the catalogue. */
async function patchOf(core: Core, opts: FieldOptions, currentUnit: Unit): Promise<ArticlePatch> {
  const patch: ArticlePatch = {};
  const unit: Unit = (opts.unit as Unit | undefined) ?? currentUnit;
  const amount = (text: string, option: string) => {
    const cents = parseMoney(text);
    if (cents === null || cents < 0) throw new UsageError(`${option} : montant « ${text} » illisible (ex. 4,50)`);
    return cents;
  };
  const quantity = (text: string, option: string) => {
    if (/^0+([.,]0*)?$/.test(text.trim())) return 0;
    const q = parseQuantity(text, unit);
    if (!q.ok || q.value < 0) throw new UsageError(`${option} : ${q.ok ? 'quantité négative' : q.error}`);
    return q.value;
  };
  if (opts.name !== undefined) patch.name = opts.name;
  if (opts.plu !== undefined) patch.plu = opts.plu;
  if (opts.price !== undefined) patch.price = amount(opts.price, '--price');
  if (opts.cost !== undefined) patch.cost = amount(opts.cost, '--cost');
  if (opts.unit !== undefined) patch.unit = unit;
  if (opts.category !== undefined) patch.categoryId = (await categoryNamed(core, opts.category)).id;
  if (opts.vat !== undefined) {
    const bp = parseRate(opts.vat);
    const rate = (await core.taxRates.list()).find((r) => r.rateBp === bp);
    if (!rate) throw new UsageError(`--vat : taux « ${opts.vat} » inconnu (${(await core.taxRates.list()).map((r) => formatRate(r.rateBp)).join(', ')})`);
    patch.taxRateId = rate.id;
  }
  if (opts.points !== undefined) {
    if (!/^\d{1,6}$/.test(opts.points)) throw new UsageError(`--points attend un entier (reçu « ${opts.points} »)`);
    patch.loyaltyPoints = Number(opts.points);
  }
  if (opts.minStock !== undefined) patch.minStock = quantity(opts.minStock, '--min-stock');
  if (opts.reorderPoint !== undefined) patch.reorderPoint = opts.reorderPoint.trim() === '' ? null : quantity(opts.reorderPoint, '--reorder-point');
  if (opts.safetyStock !== undefined) patch.safetyStock = quantity(opts.safetyStock, '--safety-stock');
  if (opts.packSize !== undefined) patch.packSize = quantity(opts.packSize, '--pack-size');
  if (opts.minOrderQty !== undefined) patch.minOrderQty = quantity(opts.minOrderQty, '--min-order-qty');
  if (opts.supplierRef !== undefined) patch.supplierRef = opts.supplierRef;
  if (opts.supplier !== undefined) {
    if (!opts.supplier.trim()) patch.supplierId = null;
    else {
      const wanted = foldForSearch(opts.supplier);
      const supplier = (await core.suppliers.list()).find((s) => foldForSearch(s.name) === wanted);
      if (!supplier) throw new UsageError(`--supplier : fournisseur « ${opts.supplier} » introuvable`);
      patch.supplierId = supplier.id;
    }
  }
  if (opts.active !== undefined) patch.active = opts.active === 'oui' || opts.active === 'yes';
  return patch;
}

function articleRows(articles: Article[], categories: Map<number, string>): string[][] {
  return articles.map((a) => [
    a.plu ?? '', a.name, categories.get(a.categoryId) ?? '', money(a.price), a.unit, formatRate(a.taxRateBp).replace(' %', ''),
    qty(a.stockQty, a.unit), qty(a.minStock, a.unit), a.active ? 'oui' : 'non',
  ]);
}

async function showArticle(core: Core, article: Article): Promise<string> {
  const category = (await core.categories.all()).find((c) => c.id === article.categoryId)?.name ?? '';
  const supplier = article.supplierId === null ? '' : (await core.suppliers.get(article.supplierId))?.name ?? '';
  const q = (n: number) => formatQuantity(n, article.unit);
  const lines: Array<[string, string]> = [
    ['Article', article.name],
    ['PLU', article.plu ?? ''],
    ['Codes-barres', (await core.catalog.barcodesOf(article.id)).join(' ')],
    ['Catégorie', category],
    ['Prix TTC', `${formatMoney(article.price)}${article.unit === 'kg' ? ' le kg' : ''}`],
    ['TVA', formatRate(article.taxRateBp)],
    ['Coût HT', formatMoney(article.cost)],
    ['Vente', article.unit === 'kg' ? 'au poids (kg)' : "à l'unité"],
    ['Points fidélité', String(article.loyaltyPoints)],
    ['Stock', q(article.stockQty)],
    ['Stock minimum', q(article.minStock)],
    ['Point de commande', article.reorderPoint === null ? 'calculé' : q(article.reorderPoint)],
    ['Stock de sécurité', q(article.safetyStock)],
    ['Fournisseur', supplier],
    ['Réf. fournisseur', article.supplierRef],
    ['Colisage', q(article.packSize)],
    ['Qté min. commande', q(article.minOrderQty)],
    ['Position grille', article.gridPosition === null ? '' : String(article.gridPosition)],
    ['En vente', article.active ? 'oui' : 'non'],
  ];
  return lines.map(([k, v]) => `${k.padEnd(18)} ${v}`.trimEnd()).join('\n') + '\n';
}

const formatOption = () => new Option('--format <format>', 'sortie').choices(['table', 'csv', 'json']).default('table');

export function articlesCommand(): Command {
  const command = new Command('articles').description('le catalogue : lister, afficher, créer, modifier des articles');
  command
    .command('list')
    .description('articles (recherche par mots du nom, PLU ou code-barres)')
    .option('--category <nom>', 'une catégorie')
    .option('--search <texte>', 'mots du nom, PLU ou code-barres')
    .option('--low', 'seulement les articles au stock minimum ou en dessous')
    .addOption(formatOption())
    .action(async (opts: { category?: string; search?: string; low?: boolean; format: Format }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        const categoryId = opts.category === undefined ? undefined : (await categoryNamed(core, opts.category)).id;
        const articles = await core.catalog.listArticles({ query: opts.search, categoryId, lowStock: opts.low, limit: 100_000 });
        if (opts.format === 'json') {
          process.stdout.write(`${JSON.stringify(articles, null, 2)}\n`);
          return;
        }
        const categories = new Map((await core.categories.all()).map((c) => [c.id, c.name]));
        const headers = ['plu', 'nom', 'categorie', 'prix', 'unite', 'tva', 'stock', 'stock_min', 'actif'];
        const rows = articleRows(articles, categories);
        if (opts.format === 'csv') process.stdout.write(writeCsv(headers, rows));
        else if (rows.length === 0) process.stderr.write('Aucun article\n');
        else process.stdout.write(table(headers, rows));
      });
    });
  command
    .command('show')
    .description('fiche complète d\'un article')
    .argument('<code>', 'PLU ou code-barres')
    .action(async (code: string, _opts, cmd: Command) => {
      await withCore(cmd, async (core) => process.stdout.write(await showArticle(core, await articleByCode(core, code))));
    });
  addFieldOptions(
    command
      .command('add')
      .description("crée un article (--name, --price et --category obligatoires ; TVA 20 % par défaut)")
      .option('--barcode <code...>', 'code(s)-barres EAN-13, EAN-8 ou UPC-A')
      .option('--pin <pin>', "code PIN d'un responsable (env POS_PIN)"),
  ).action(async (opts: FieldOptions & { barcode?: string[]; pin?: string }, cmd: Command) => {
    if (opts.name === undefined || opts.price === undefined || opts.category === undefined) throw new UsageError('--name, --price et --category sont obligatoires');
    await withCore(cmd, async (core) => {
      const managerId = (await authorizeFromPin(core, opts.pin, 'edit_articles')).id;
      const article = await fromArguments(async () => {
        const patch = await patchOf(core, { vat: '20', ...opts }, (opts.unit as Unit | undefined) ?? 'unit');
        return core.catalog.createArticle({ ...patch, name: patch.name!, price: patch.price!, categoryId: patch.categoryId!, taxRateId: patch.taxRateId!, barcodes: opts.barcode }, managerId);
      });
      process.stdout.write(await showArticle(core, article));
    });
  });
  addFieldOptions(
    command
      .command('set')
      .description("modifie un article (seules les options données changent ; un changement de prix est tracé)")
      .argument('<code>', 'PLU ou code-barres')
      .option('--add-barcode <code>', 'ajoute un code-barres')
      .option('--remove-barcode <code>', 'retire un code-barres')
      .option('--grid-position <n>', 'place dans la grille de sa catégorie (1 = première)', parsePositiveInt('--grid-position'))
      .option('--pin <pin>', "code PIN d'un responsable (env POS_PIN)"),
  ).action(async (code: string, opts: FieldOptions & { addBarcode?: string; removeBarcode?: string; gridPosition?: number; pin?: string }, cmd: Command) => {
    await withCore(cmd, async (core) => {
      const managerId = (await authorizeFromPin(core, opts.pin, 'edit_articles')).id;
      const article = await articleByCode(core, code);
      await fromArguments(async () => {
        const patch = await patchOf(core, opts, article.unit);
        if (Object.keys(patch).length === 0 && !opts.addBarcode && !opts.removeBarcode && opts.gridPosition === undefined) {
          throw new UsageError('rien à changer : indiquez au moins une option (pos articles set --help)');
        }
        if (Object.keys(patch).length) await core.catalog.updateArticle(article.id, patch, managerId);
        if (opts.addBarcode) await core.catalog.addBarcode(article.id, opts.addBarcode);
        if (opts.removeBarcode) await core.catalog.removeBarcode(article.id, opts.removeBarcode);
        if (opts.gridPosition !== undefined) await core.catalog.moveInGrid(article.id, opts.gridPosition - 1);
      });
      process.stdout.write(await showArticle(core, await core.catalog.requireArticle(article.id)));
    });
  });
  return command;
}

export function categoriesCommand(): Command {
  const command = new Command('categories').description('catégories du catalogue : nom, couleur, ordre des onglets');
  command
    .command('list')
    .description('catégories dans l\'ordre des onglets de la caisse')
    .addOption(formatOption())
    .action(async (opts: { format: Format }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        const categories = await core.categories.all();
        if (opts.format === 'json') {
          process.stdout.write(`${JSON.stringify(categories, null, 2)}\n`);
          return;
        }
        const headers = ['ordre', 'nom', 'couleur'];
        const rows = categories.map((c) => [String(c.sortOrder), c.name, c.color]);
        process.stdout.write(opts.format === 'csv' ? writeCsv(headers, rows) : table(headers, rows));
      });
    });
  command
    .command('add')
    .description('crée une catégorie')
    .argument('<name>', 'nom')
    .option('--color <couleur>', 'red, green, yellow, blue, magenta, cyan, white ou gray', 'white')
    .option('--order <n>', 'place parmi les onglets (1 = premier ; défaut : à la fin)', parsePositiveInt('--order'))
    .option('--pin <pin>', "code PIN d'un responsable (env POS_PIN)")
    .action(async (name: string, opts: { color: string; order?: number; pin?: string }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        await authorizeFromPin(core, opts.pin, 'edit_articles');
        const created = await fromArguments(async () => {
          const last = Math.max(0, ...(await core.categories.all()).map((c) => c.sortOrder));
          const category = await core.categories.create({ name, color: opts.color, sortOrder: last + 1 });
          if (opts.order !== undefined) await core.categories.move(category.id, opts.order - 1);
          return category;
        });
        process.stdout.write(`Catégorie créée : ${created.name}\n`);
      });
    });
  command
    .command('set')
    .description('renomme, recolore ou déplace une catégorie')
    .argument('<name>', 'nom actuel')
    .option('--name <nom>', 'nouveau nom')
    .option('--color <couleur>', 'red, green, yellow, blue, magenta, cyan, white ou gray')
    .option('--order <n>', 'place parmi les onglets (1 = premier)', parsePositiveInt('--order'))
    .option('--pin <pin>', "code PIN d'un responsable (env POS_PIN)")
    .action(async (name: string, opts: { name?: string; color?: string; order?: number; pin?: string }, cmd: Command) => {
      if (opts.name === undefined && opts.color === undefined && opts.order === undefined) throw new UsageError('rien à changer : --name, --color ou --order');
      await withCore(cmd, async (core) => {
        await authorizeFromPin(core, opts.pin, 'edit_articles');
        const category = await categoryNamed(core, name);
        await fromArguments(async () => {
          await core.categories.update(category.id, { name: opts.name, color: opts.color });
          if (opts.order !== undefined) await core.categories.move(category.id, opts.order - 1);
        });
        const categories = await core.categories.all();
        process.stdout.write(table(['ordre', 'nom', 'couleur'], categories.map((c) => [String(c.sortOrder), c.name, c.color])));
      });
    });
  return command;
}

/** A rate as typed ("5,5", "20"); a usage error otherwise. */
function rateOf(text: string): number {
  const bp = parseRate(text);
  if (bp === null) throw new UsageError(`--rate : taux « ${text} » illisible (ex. 20 ou 5,5)`);
  return bp;
}

export function vatCommand(): Command {
  const command = new Command('vat').description('taux de TVA du catalogue (les prix restent TTC)');
  const list = async (core: Core) => {
    const rates = await core.taxRates.list();
    process.stdout.write(table(['code', 'libelle', 'taux'], rates.map((r) => [r.code, r.label, formatRate(r.rateBp)])));
  };
  command
    .command('list')
    .description('les taux en usage')
    .action(async (_opts, cmd: Command) => withCore(cmd, list));
  command
    .command('add')
    .description('crée un taux (code imprimé sur le ticket, ex. D)')
    .requiredOption('--code <code>', 'lettre du ticket, ex. D')
    .requiredOption('--rate <taux>', 'ex. 2,1')
    .option('--label <libellé>', 'ex. "TVA 2,1 %" (par défaut d\'après le taux)')
    .option('--pin <pin>', "code PIN d'un responsable (env POS_PIN)")
    .action(async (opts: { code: string; rate: string; label?: string; pin?: string }, cmd: Command) => {
      const rateBp = rateOf(opts.rate);
      await withCore(cmd, async (core) => {
        const actor = await actorFromPin(core, opts.pin, 'edit_articles');
        const label = opts.label?.trim() || `TVA ${formatRate(rateBp)}`;
        // The code's rules (format, one per rate) are the catalogue's; a refusal is a bad argument here.
        await fromArguments(() => core.taxRates.create({ code: opts.code, label, rateBp }, actor));
        await list(core);
      });
    });
  command
    .command('set')
    .description('change le taux ou le libellé d\'un code de TVA')
    .argument('<code>', 'code du taux, ex. A')
    .option('--rate <taux>', 'nouveau taux, ex. 5,5')
    .option('--label <libellé>', 'nouveau libellé')
    .option('--pin <pin>', "code PIN d'un responsable (env POS_PIN)")
    .action(async (codeText: string, opts: { rate?: string; label?: string; pin?: string }, cmd: Command) => {
      if (opts.rate === undefined && opts.label === undefined) throw new UsageError('rien à changer : --rate ou --label');
      const rateBp = opts.rate === undefined ? undefined : rateOf(opts.rate);
      await withCore(cmd, async (core) => {
        const actor = await actorFromPin(core, opts.pin, 'edit_articles');
        const rate = (await core.taxRates.list()).find((r) => r.code === codeText.trim().toUpperCase());
        if (!rate) throw new UsageError(`code de TVA « ${codeText} » inconnu (pos vat list)`);
        await fromArguments(() => core.taxRates.change(rate.id, { rateBp, label: opts.label }, actor));
        await list(core);
      });
    });
  return command;
}
