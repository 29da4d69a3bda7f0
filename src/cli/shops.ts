// `pos shops …`: the company's shops (issue #22). Listing is free; opening a
// shop and placing a till need an owner's PIN; a shop's own price, minimum
// stock or reorder point for an article needs the PIN of whoever may edit
// articles. Every change is audited under its author's name.
import { Command, Option } from 'commander';
import { writeCsv } from '../core/basics/csv.js';
import { formatMoney, parseMoney } from '../core/basics/money.js';
import { formatQuantity } from '../core/basics/quantity.js';
import { actorOf } from '../core/fiscal/audit.service.js';
import type { Core } from '../core/shop/core.service.js';
import type { Shop, ShopArticlePatch, ShopArticleValues } from '../core/shop/shops.service.js';
import { actorFromPin, authorizeFromPin, fromArguments, parsePositiveInt, UsageError, withCore } from './context.js';
import { articleOf, quantityOf } from './stock.js';
import { LIST_FORMATS, renderTable, type ListFormat } from './stock-format.js';

const formatOption = () => new Option('--format <format>', 'sortie').choices(LIST_FORMATS).default('table');
const pinOption = () => new Option('--pin <pin>', "code PIN (env POS_PIN)");

function renderShops(shops: Shop[], format: ListFormat): string {
  if (format === 'json') return `${JSON.stringify(shops, null, 2)}\n`;
  if (format === 'csv') return writeCsv(['id', 'code', 'name', 'siret', 'vat_number', 'address', 'tills', 'active'], shops.map((s) => [s.id, s.code, s.name, s.siret, s.vatNumber, s.address.join(' / '), s.tills.join(' '), s.active ? 1 : 0]));
  return renderTable(['N°', 'Code', 'Nom', 'SIRET', 'Caisses'], shops.map((s) => [String(s.id), s.code, s.name, s.siret, s.tills.join(', ')]), [0]);
}

function renderArticles(rows: ShopArticleValues[], unitOf: Map<number, 'unit' | 'kg'>, format: ListFormat): string {
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  if (format === 'csv') return writeCsv(['article_id', 'plu', 'name', 'stock_qty', 'catalog_price', 'price', 'min_stock', 'reorder_point'], rows.map((r) => [r.articleId, r.plu ?? '', r.name, r.stockQty, r.catalogPrice, r.price ?? '', r.minStock ?? '', r.reorderPoint ?? '']));
  const qty = (r: ShopArticleValues, q: number | null) => (q === null ? '' : formatQuantity(q, unitOf.get(r.articleId) ?? 'unit'));
  return renderTable(
    ['PLU', 'Article', 'Stock', 'Prix catalogue', 'Prix boutique', 'Minimum', 'Seuil'],
    rows.map((r) => [r.plu ?? '', r.name, qty(r, r.stockQty), formatMoney(r.catalogPrice), r.price === null ? '' : formatMoney(r.price), qty(r, r.minStock), qty(r, r.reorderPoint)]),
    [2, 3, 4, 5, 6],
  );
}

/** --price 2,50, or « catalogue » to give the catalogue's back. */
function parseShopPrice(value: string): number | null {
  if (['catalogue', 'base', '-'].includes(value.trim().toLowerCase())) return null;
  const cents = parseMoney(value);
  if (cents === null || cents < 0) throw new UsageError(`--price attend un prix TTC, par ex. 2,50, ou « catalogue » (reçu « ${value.slice(0, 30)} »)`);
  return cents;
}

/** "2 quai Est | 29900 Concarneau": the lines of an address or a receipt's header or footer (blank ones dropped). */
function splitLines(text: string | undefined): string[] | undefined {
  return text === undefined ? undefined : text.split('|').map((l) => l.trim()).filter(Boolean);
}

/** The shop named after --shop or as an argument: its code or its number. */
async function shopOf(core: Core, ref: string): Promise<Shop> {
  return fromArguments(() => core.shops.resolve(ref));
}

export function shopsCommand(): Command {
  const command = new Command('shops').description('les boutiques de la société : leurs caisses, leurs prix et stocks propres');
  command
    .command('list')
    .description('les boutiques, avec leurs caisses')
    .addOption(formatOption())
    .action(async (opts: { format: ListFormat }, cmd: Command) => {
      await withCore(cmd, async (core) => process.stdout.write(renderShops(await core.shops.list(), opts.format)));
    });
  command
    .command('add')
    .description("ouvre une boutique (code PIN d'un patron) : son stock part de zéro")
    .argument('<code>', 'code court, en minuscules : ce que prend --shop (ex. port)')
    .requiredOption('--name <nom>', 'nom de la boutique, imprimé sur ses tickets')
    .option('--address <lignes>', 'adresse, lignes séparées par |')
    .option('--siret <siret>', 'SIRET de la boutique (14 chiffres)')
    .option('--vat-number <numéro>', 'numéro de TVA intracommunautaire')
    .option('--header <lignes>', 'en-tête du ticket, lignes séparées par |')
    .option('--footer <lignes>', 'pied du ticket, lignes séparées par | (défaut : Merci de votre visite !)')
    .addOption(pinOption())
    .action(async (code: string, opts: { name: string; address?: string; siret?: string; vatNumber?: string; header?: string; footer?: string; pin?: string }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        const owner = await authorizeFromPin(core, opts.pin, 'owner');
        const shop = await fromArguments(() =>
          core.shops.add({ code, name: opts.name, address: splitLines(opts.address), siret: opts.siret, vatNumber: opts.vatNumber, receiptHeader: splitLines(opts.header), receiptFooter: splitLines(opts.footer) }, actorOf(owner, core.tillId)),
        );
        process.stderr.write(`boutique « ${shop.name} » ouverte, n° ${shop.id}, code ${shop.code} (${owner.name})\n`);
        process.stdout.write(`${shop.id}\t${shop.code}\t${shop.name}\n`);
      });
    });
  command
    .command('set')
    .description("change ce qu'une boutique imprime d'elle-même : nom, adresse, SIRET, TVA, en-tête et pied de ticket (code PIN d'un patron)")
    .argument('<boutique>', 'code ou numéro de la boutique')
    .option('--name <nom>', 'nom de la boutique')
    .option('--address <lignes>', 'adresse, lignes séparées par | (vide : aucune)')
    .option('--siret <siret>', 'SIRET (14 chiffres ; vide : aucun)')
    .option('--vat-number <numéro>', 'numéro de TVA intracommunautaire')
    .option('--header <lignes>', 'en-tête du ticket, lignes séparées par |')
    .option('--footer <lignes>', 'pied du ticket, lignes séparées par |')
    .addOption(pinOption())
    .action(async (ref: string, opts: { name?: string; address?: string; siret?: string; vatNumber?: string; header?: string; footer?: string; pin?: string }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        const shop = await shopOf(core, ref);
        const owner = await authorizeFromPin(core, opts.pin, 'owner');
        const updated = await fromArguments(() =>
          core.shops.update(shop.id, { name: opts.name, address: splitLines(opts.address), siret: opts.siret, vatNumber: opts.vatNumber, receiptHeader: splitLines(opts.header), receiptFooter: splitLines(opts.footer) }, actorOf(owner, core.tillId)),
        );
        process.stderr.write(`boutique « ${updated.name} » modifiée (${owner.name})\n`);
        process.stdout.write(renderShops([updated], 'table'));
      });
    });
  command
    .command('place-till')
    .description("met une caisse dans une boutique (code PIN d'un patron) : une caisse qui a déjà vendu y reste")
    .argument('<caisse>', 'numéro de la caisse', parsePositiveInt('caisse'))
    .argument('<boutique>', 'code ou numéro de la boutique')
    .addOption(pinOption())
    .action(async (till: number, ref: string, opts: { pin?: string }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        const owner = await authorizeFromPin(core, opts.pin, 'owner');
        const shop = await shopOf(core, ref);
        await fromArguments(() => core.shops.placeTill(till, shop.id, actorOf(owner, core.tillId)));
        process.stderr.write(`caisse ${till} dans la boutique « ${shop.name} » (${owner.name})\n`);
      });
    });
  command
    .command('articles')
    .description("ce qu'une boutique fixe à part du catalogue (prix, minimum, seuil de commande), ou un article : son stock dans chaque boutique")
    .argument('<boutique>', 'code ou numéro de la boutique')
    .option('--article <code>', "un seul article (PLU ou code-barres), même sans valeur propre")
    .addOption(formatOption())
    .action(async (ref: string, opts: { article?: string; format: ListFormat }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        const shop = await shopOf(core, ref);
        const article = opts.article === undefined ? null : await articleOf(core, opts.article);
        const rows = article ? await core.shops.articleValues(shop.id, [article.id]) : await core.shops.articleValues(shop.id);
        const shown = article && rows.length === 0 ? [{ articleId: article.id, plu: article.plu, name: article.name, stockQty: 0, catalogPrice: article.price, price: null, minStock: null, reorderPoint: null }] : rows;
        const units = new Map((await Promise.all(shown.map((r) => core.catalog.getArticle(r.articleId)))).flatMap((a) => (a ? [[a.id, a.unit] as const] : [])));
        process.stdout.write(renderArticles(shown, units, opts.format));
      });
    });
  command
    .command('set-article')
    .description("le prix, le stock minimum ou le seuil de commande d'un article dans une boutique (code PIN : modifier les articles)")
    .argument('<boutique>', 'code ou numéro de la boutique')
    .argument('<article>', 'PLU ou code-barres')
    .option('--price <prix>', 'prix TTC dans cette boutique, ou « catalogue » pour reprendre celui du catalogue')
    .option('--min-stock <quantité>', 'stock minimum dans cette boutique, ou « catalogue »')
    .option('--reorder-point <quantité>', 'seuil de commande dans cette boutique, ou « catalogue »')
    .addOption(pinOption())
    .action(async (ref: string, code: string, opts: { price?: string; minStock?: string; reorderPoint?: string; pin?: string }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        const shop = await shopOf(core, ref);
        const article = await articleOf(core, code);
        const level = (text: string | undefined, what: string) => (text === undefined ? undefined : ['catalogue', 'base', '-'].includes(text.trim().toLowerCase()) ? null : quantityOf(text, article, what));
        const patch: ShopArticlePatch = {
          ...(opts.price !== undefined ? { price: parseShopPrice(opts.price) } : {}),
          ...(opts.minStock !== undefined ? { minStock: level(opts.minStock, '--min-stock') } : {}),
          ...(opts.reorderPoint !== undefined ? { reorderPoint: level(opts.reorderPoint, '--reorder-point') } : {}),
        };
        const actor = await actorFromPin(core, opts.pin, 'edit_articles');
        const values = await fromArguments(() => core.shops.setArticle(shop.id, article.id, patch, actor));
        process.stderr.write(`« ${article.name} » dans la boutique « ${shop.name} » (${actor.employee.name})\n`);
        process.stdout.write(renderArticles([values], new Map([[article.id, article.unit]]), 'table'));
      });
    });
  command
    .command('grid')
    .description("la grille d'une catégorie dans une boutique : la sienne (--own, à partir de celle du catalogue, puis ses caisses la changent sans toucher aux autres) ou celle du catalogue (--catalogue) (code PIN : modifier les articles)")
    .argument('<boutique>', 'code ou numéro de la boutique')
    .argument('<catégorie>', 'nom de la catégorie (le rayon de la grille)')
    .option('--own', 'sa propre grille')
    .option('--catalogue', 'la grille du catalogue, comme les autres boutiques')
    .addOption(pinOption())
    .action(async (ref: string, categoryName: string, opts: { own?: boolean; catalogue?: boolean; pin?: string }, cmd: Command) => {
      if (Boolean(opts.own) === Boolean(opts.catalogue)) throw new UsageError('--own ou --catalogue : l\'un des deux');
      await withCore(cmd, async (core) => {
        const shop = await shopOf(core, ref);
        const category = await core.categories.byName(categoryName);
        if (!category) throw new UsageError(`catégorie « ${categoryName.slice(0, 60)} » introuvable (pos categories list)`);
        const actor = await actorFromPin(core, opts.pin, 'edit_articles');
        await fromArguments(() => core.shops.ownGrid(shop.id, category.id, Boolean(opts.own), actor));
        process.stderr.write(`« ${category.name} » dans la boutique « ${shop.name} » : ${opts.own ? 'sa propre grille' : 'la grille du catalogue'} (${actor.employee.name})\n`);
      });
    });
  return command;
}
