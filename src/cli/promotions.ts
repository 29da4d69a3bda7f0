// `pos promotions …` and `pos prices …`: promotions (percent, fixed price,
// N for the price of M) on an article or a category, optionally for one
// customer group, and the articles' prices at a price level. Everything a
// command refuses (unknown article, bad date, bad amount) is a bad command
// line: a message on stderr, exit code 2, nothing changed.
import { Command, Option } from 'commander';
import { localDate } from '../core/basics/clock.js';
import type { Core } from '../core/shop/core.service.js';
import { writeCsv } from '../core/basics/csv.js';
import { formatMoney, parseMoney } from '../core/basics/money.js';
import { describePromotion, type LevelPrice, type Promotion, type PromotionInput } from '../core/sales/promotions.service.js';
import { foldForSearch } from '../core/basics/text.js';
import { actorFromPin, fromArguments, parsePositiveInt, UsageError, withCore } from './context.js';

type Format = 'table' | 'csv' | 'json';

/** '10', '12,5' or '12.5' percent in basis points. */
export function parsePercent(text: string): number | null {
  const m = /^(\d{1,3})(?:[.,](\d{1,2}))?\s*%?$/.exec(text.trim());
  if (!m) return null;
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return bp > 0 && bp <= 10000 ? bp : null;
}


async function articleByCode(core: Core, code: string): Promise<number> {
  const found = await core.catalog.lookup(code);
  if (!found) throw new UsageError(`article « ${code} » introuvable (PLU ou code-barres)`);
  return found.article.id;
}

async function categoryByName(core: Core, name: string): Promise<number> {
  const wanted = foldForSearch(name);
  const category = (await core.categories.visible()).find((c) => foldForSearch(c.name) === wanted);
  if (!category) throw new UsageError(`catégorie « ${name} » introuvable`);
  return category.id;
}

async function groupByName(core: Core, name: string): Promise<number> {
  const wanted = foldForSearch(name);
  const group = (await core.customers.groups()).find((g) => foldForSearch(g.name) === wanted);
  if (!group) throw new UsageError(`groupe de clients « ${name} » introuvable`);
  return group.id;
}

/** The last day a promotion runs (its end is the next local midnight, exclusive). */
const lastDay = (p: Promotion) => localDate(new Date(Date.parse(p.endsAt) - 1));

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

function writePromotions(promotions: Promotion[], format: Format): void {
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(promotions.map((p) => ({ ...p, from: localDate(new Date(p.startsAt)), to: lastDay(p) })), null, 2)}\n`);
    return;
  }
  const headers = ['id', 'nom', 'effet', 'porte_sur', 'groupe', 'du', 'au', 'active'];
  const rows = promotions.map((p) => [
    String(p.id),
    p.name,
    describePromotion(p),
    p.articleName ?? (p.categoryName !== null ? `catégorie ${p.categoryName}` : ''),
    [p.groupName, p.segmentName !== null ? `segment ${p.segmentName}` : null].filter(Boolean).join(', '),
    localDate(new Date(p.startsAt)),
    lastDay(p),
    p.active ? 'oui' : 'non',
  ]);
  if (format === 'csv') process.stdout.write(writeCsv(headers, rows));
  else if (rows.length === 0) process.stderr.write('Aucune promotion en cours ou à venir\n');
  else process.stdout.write(table(headers, rows));
}

function writePrices(prices: LevelPrice[], format: Format): void {
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(prices, null, 2)}\n`);
    return;
  }
  const headers = ['niveau', 'plu', 'article', 'prix_catalogue', 'prix'];
  const money = (c: number) => formatMoney(c, 'fr', { symbol: false });
  const rows = prices.map((p) => [p.level, p.plu ?? '', p.articleName, money(p.retailPrice), money(p.price)]);
  if (format === 'csv') process.stdout.write(writeCsv(headers, rows));
  else if (rows.length === 0) process.stderr.write('Aucun prix par niveau\n');
  else process.stdout.write(table(headers, rows));
}

const formatOption = () => new Option('--format <format>', 'sortie').choices(['table', 'csv', 'json']).default('table');

interface AddOptions {
  name: string;
  article?: string;
  category?: string;
  percent?: string;
  price?: string;
  buy?: number;
  pay?: number;
  from: string;
  to: string;
  group?: string;
  segment?: string;
  pin?: string;
}

export function promotionsCommand(): Command {
  const command = new Command('promotions').description('promotions : pourcentage, prix fixe, N pour le prix de M');
  command
    .command('list')
    .description('promotions en cours et à venir')
    .option('--all', 'aussi les promotions terminées')
    .addOption(formatOption())
    .action(async (opts: { all?: boolean; format: Format }, cmd: Command) => {
      await withCore(cmd, async (core) => writePromotions(await core.promotions.list({ all: opts.all }), opts.format));
    });
  command
    .command('add')
    .description('crée une promotion (jours --from à --to inclus, heure locale)')
    .requiredOption('--name <nom>', 'nom affiché sur le ticket, ex. "Promo 3 pour 2"')
    .option('--article <plu|code>', 'un article (PLU ou code-barres)')
    .option('--category <nom>', 'ou toute une catégorie')
    .option('--percent <n>', 'remise en %, ex. 10 ou 12,5')
    .option('--price <prix>', "ou prix fixe à l'unité (au kg), ex. 4,50")
    .option('--buy <n>', 'ou N articles…', parsePositiveInt('--buy'))
    .option('--pay <m>', '…pour le prix de M', parsePositiveInt('--pay'))
    .requiredOption('--from <AAAA-MM-JJ>', 'premier jour')
    .requiredOption('--to <AAAA-MM-JJ>', 'dernier jour (inclus)')
    .option('--group <nom>', 'seulement pour ce groupe de clients')
    .option('--segment <nom>', 'seulement pour les clients de ce segment enregistré (pos customers segments), au moment de la vente')
    .option('--pin <pin>', "code PIN d'un employé autorisé (env POS_PIN)")
    .action(async (opts: AddOptions, cmd: Command) => {
      if ((opts.article === undefined) === (opts.category === undefined)) throw new UsageError('indiquez --article ou --category (un seul des deux)');
      const kinds = [opts.percent !== undefined, opts.price !== undefined, opts.buy !== undefined || opts.pay !== undefined].filter(Boolean).length;
      if (kinds !== 1) throw new UsageError('indiquez une seule remise : --percent, --price ou --buy N --pay M');
      let kind: Pick<PromotionInput, 'kind' | 'value' | 'buyQty' | 'payQty'>;
      if (opts.percent !== undefined) {
        const bp = parsePercent(opts.percent);
        if (bp === null) throw new UsageError(`--percent attend un pourcentage entre 0 et 100 (reçu « ${opts.percent} »)`);
        kind = { kind: 'percent', value: bp };
      } else if (opts.price !== undefined) {
        const cents = parseMoney(opts.price);
        if (cents === null || cents < 0) throw new UsageError(`--price attend un prix, ex. 4,50 (reçu « ${opts.price} »)`);
        kind = { kind: 'fixed_price', value: cents };
      } else {
        if (opts.buy === undefined || opts.pay === undefined) throw new UsageError('--buy et --pay vont ensemble, ex. --buy 3 --pay 2');
        kind = { kind: 'n_for_m', buyQty: opts.buy, payQty: opts.pay };
      }
      await withCore(cmd, async (core) => {
        const actor = await actorFromPin(core, opts.pin, 'edit_promotions');
        const promotion = await fromArguments(async () =>
          core.promotions.create({
            name: opts.name,
            ...kind,
            articleId: opts.article !== undefined ? await articleByCode(core, opts.article) : null,
            categoryId: opts.category !== undefined ? await categoryByName(core, opts.category) : null,
            customerGroupId: opts.group !== undefined ? await groupByName(core, opts.group) : null,
            customerSegmentId: opts.segment !== undefined ? (await core.segments.byName(opts.segment)).id : null,
            from: opts.from,
            to: opts.to,
          }, actor),
        );
        process.stdout.write(`${promotion.id}\t${promotion.name}\t${describePromotion(promotion)}\t${localDate(new Date(promotion.startsAt))}\t${lastDay(promotion)}\n`);
      });
    });
  command
    .command('end')
    .description('arrête une promotion maintenant (elle reste dans list --all)')
    .argument('<id>', 'numéro de la promotion', parsePositiveInt('id'))
    .option('--pin <pin>', "code PIN d'un employé autorisé (env POS_PIN)")
    .action(async (id: number, opts: { pin?: string }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        const actor = await actorFromPin(core, opts.pin, 'edit_promotions');
        const ended = await fromArguments(() => core.promotions.end(id, actor));
        process.stderr.write(`Promotion ${ended.id} « ${ended.name} » terminée\n`);
      });
    });
  return command;
}

export function pricesCommand(): Command {
  const command = new Command('prices').description('prix par niveau (ex. « pro » pour les professionnels)');
  command
    .command('set')
    .description("fixe le prix d'un article à un niveau")
    .requiredOption('--level <nom>', 'niveau de prix, ex. pro')
    .requiredOption('--article <plu|code>', 'article (PLU ou code-barres)')
    .requiredOption('--price <prix>', 'prix TTC, ex. 4,50')
    .option('--pin <pin>', "code PIN d'un employé autorisé (env POS_PIN)")
    .action(async (opts: { level: string; article: string; price: string; pin?: string }, cmd: Command) => {
      const cents = parseMoney(opts.price);
      if (cents === null || cents < 0) throw new UsageError(`--price attend un prix, ex. 4,50 (reçu « ${opts.price} »)`);
      await withCore(cmd, async (core) => {
        const actor = await actorFromPin(core, opts.pin, 'edit_promotions');
        const set = await fromArguments(async () => core.promotions.setPrice({ level: opts.level, articleId: await articleByCode(core, opts.article), price: cents }, actor));
        process.stdout.write(`${set.level}\t${set.plu ?? ''}\t${set.articleName}\t${formatMoney(set.price, 'fr', { symbol: false })}\n`);
      });
    });
  command
    .command('remove')
    .description("retire le prix d'un article à un niveau")
    .requiredOption('--level <nom>', 'niveau de prix')
    .requiredOption('--article <plu|code>', 'article (PLU ou code-barres)')
    .option('--pin <pin>', "code PIN d'un employé autorisé (env POS_PIN)")
    .action(async (opts: { level: string; article: string; pin?: string }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        const actor = await actorFromPin(core, opts.pin, 'edit_promotions');
        await fromArguments(async () => core.promotions.removePrice(opts.level, await articleByCode(core, opts.article), actor));
        process.stderr.write(`Prix « ${opts.level} » retiré\n`);
      });
    });
  command
    .command('list')
    .description('prix par niveau')
    .option('--level <nom>', 'un seul niveau')
    .addOption(formatOption())
    .action(async (opts: { level?: string; format: Format }, cmd: Command) => {
      await withCore(cmd, async (core) => writePrices(await core.promotions.prices({ level: opts.level }), opts.format));
    });
  return command;
}
