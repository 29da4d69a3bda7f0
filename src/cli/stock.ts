// `pos stock …`: the stock ledger from the back room. Goods received without
// an order, adjustments and losses, an inventory count from a file or typed
// lines, an article's moves and the low-stock list. Who did it is named by a
// PIN (--pin or POS_PIN); adjustments and counts need a manager's.
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { Command, InvalidArgumentError, Option } from 'commander';
import type { Article } from '../core/catalogue/article.js';
import type { Core } from '../core/shop/core.service.js';
import { readCsv, writeCsv } from '../core/basics/csv.js';
import { InputError } from '../core/basics/errors.js';
import type { FileEncoding } from '../core/basics/file-encoding.js';
import { parseMoney } from '../core/basics/money.js';
import { formatQuantity, parseQuantity } from '../core/basics/quantity.js';
import { MANUAL_REASONS, type ManualReason } from '../core/stock/stock.service.js';
import { parseCountedQuantity, type StockCount } from '../core/stock/stock-count.js';
import { actorFromPin, authorizeFromPin, UsageError, withCore } from './context.js';
import { parseCalendarDate } from './context.js';
import { formatLowStock, formatMoves, LIST_FORMATS, renderTable, type ListFormat } from './stock-format.js';
import { decodeInput, encodingOption, readTextFile } from './text-file.js';

/** The article a PLU or barcode names, or a usage error (exit code 2). */
export async function articleOf(core: Core, code: string): Promise<Article> {
  const found = await core.catalog.lookup(code);
  if (!found) throw new UsageError(`article inconnu : « ${code} » (PLU ou code-barres)`);
  return found.article;
}

/** "12", "1,250" or "-2" in thousandths for this article, or a usage error. */
export function quantityOf(text: string, article: Article, what: string): number {
  const q = parseQuantity(text, article.unit);
  if (!q.ok) throw new UsageError(`${what} : ${q.error} (« ${text} »)`);
  return q.value;
}

function parseCost(value: string): number {
  const cents = parseMoney(value);
  if (cents === null || cents < 0) throw new InvalidArgumentError(`--cost attend un prix de revient HT, par ex. 1,20 (reçu « ${value} »)`);
  return cents;
}

const parseIsoDate = parseCalendarDate;

const formatOption = () => new Option('--format <format>', 'sortie').choices(LIST_FORMATS).default('table');
const pinOption = () => new Option('--pin <pin>', "code PIN de l'employé (env POS_PIN)");

/**
 * Reads `code;quantity` records into a count, all or nothing: every bad line
 * is reported with its number and nothing is recorded. The same article on
 * several lines adds up (it sat on several shelves).
 */
async function countFromCsv(core: Core, count: StockCount, text: string, source: string): Promise<void> {
  const csv = readCsv(text, { code: ['plu', 'barcode', 'ean', 'code_barre', 'article'], quantity: ['quantite', 'qty', 'qte', 'compte', 'counted'] }, ['code', 'quantity']);
  if (!csv.ok) fail(source, csv.errors);
  const errors: string[] = [];
  const found: Array<{ article: Article; quantity: number }> = [];
  for (const row of csv.rows) {
    const code = row.values.code!.trim();
    const article = (await core.catalog.lookup(code))?.article;
    if (!article) {
      errors.push(`ligne ${row.line} : article inconnu « ${code} »`);
      continue;
    }
    if (!article.trackStock) {
      errors.push(`ligne ${row.line} : « ${article.name} » n'est pas suivi en stock`);
      continue;
    }
    const q = parseCountedQuantity(row.values.quantity!, article.unit);
    if (!q.ok) errors.push(`ligne ${row.line} : ${q.error}`);
    else found.push({ article, quantity: q.value });
  }
  if (csv.rows.length === 0) errors.push('ligne 2 : aucun article compté');
  if (errors.length) fail(source, errors);
  for (const f of found) await core.stock.recordMore(count, f.article.id, f.quantity);
}

function fail(source: string, errors: string[]): never {
  process.stderr.write(`${errors.join('\n')}\n`);
  throw new InputError(`${source} refusé : ${errors.length} erreur(s), aucun mouvement de stock écrit`);
}

/** Typed lines at a terminal: `CODE QUANTITY`, one a line; a bad line is refused and the count goes on; an empty line ends. */
async function countFromTerminal(core: Core, count: StockCount): Promise<void> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  const ask = () => new Promise<string>((resolve) => rl.question('code quantité (ligne vide pour finir) > ', resolve));
  try {
    for (;;) {
      const line = (await ask()).trim();
      if (!line) break;
      const [code = '', text = ''] = line.split(/[\s;]+/);
      const article = (await core.catalog.lookup(code))?.article;
      if (!article) {
        process.stderr.write(`article inconnu : « ${code} »\n`);
        continue;
      }
      const q = parseCountedQuantity(text, article.unit);
      if (!q.ok) {
        process.stderr.write(`${q.error}\n`);
        continue;
      }
      try {
        const l = await core.stock.recordMore(count, article.id, q.value);
        process.stderr.write(`${article.name} : compté ${formatQuantity(l.counted, l.unit)}, attendu ${formatQuantity(l.expected, l.unit)}\n`);
      } catch (err) {
        process.stderr.write(`${(err as Error).message}\n`);
      }
    }
  } finally {
    rl.close();
  }
}

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

export function stockCommand(): Command {
  const stock = new Command('stock').description('stock : réceptions, corrections, inventaire, mouvements, stock bas');

  stock
    .command('receive')
    .description('entre en stock des marchandises reçues hors commande')
    .argument('<code>', 'PLU ou code-barres')
    .argument('<quantité>', 'quantité reçue (1,250 pour un article au kilo)')
    .option('--cost <prix>', 'prix de revient HT unitaire (ou au kg), devient le coût de l\'article', parseCost)
    .option('--note <texte>', 'bon de livraison, remarque', '')
    .addOption(pinOption())
    .action(async (code: string, qtyText: string, opts: { cost?: number; note: string; pin?: string }, command: Command) => {
      await withCore(command, async (core) => {
        const article = await articleOf(core, code);
        const quantity = quantityOf(qtyText, article, 'quantité reçue');
        const actor = await actorFromPin(core, opts.pin, 'receive_goods');
        const after = await core.stock.receive(article.id, quantity, { cost: opts.cost, note: opts.note, employeeId: actor.employeeId, tillId: core.tillId }, actor);
        process.stderr.write(`${article.name} : +${formatQuantity(quantity, article.unit)} reçu(s), stock ${formatQuantity(after, article.unit)}\n`);
        process.stdout.write(`${formatQuantity(after, article.unit)}\n`);
      });
    });

  stock
    .command('adjust')
    .description('corrige le stock d\'un article (quantité signée : -2 retire deux unités) avec un motif')
    .argument('<code>', 'PLU ou code-barres')
    .argument('<quantité>', 'écart signé, ex. -2 ou +1,5')
    .addOption(new Option('--reason <motif>', 'adjustment (correction) ou loss (perte, casse, vol)').choices([...MANUAL_REASONS]).makeOptionMandatory())
    .option('--note <texte>', 'explication', '')
    .addOption(pinOption())
    .action(async (code: string, qtyText: string, opts: { reason: ManualReason; note: string; pin?: string }, command: Command) => {
      await withCore(command, async (core) => {
        const article = await articleOf(core, code);
        const delta = quantityOf(qtyText, article, 'écart');
        if (opts.reason === 'loss' && delta > 0) throw new UsageError('une perte retire du stock : quantité négative attendue (ex. -2)');
        const actor = await actorFromPin(core, opts.pin, 'adjust_stock');
        const after = await core.stock.adjust(article.id, delta, opts.reason, { note: opts.note, employeeId: actor.employeeId, tillId: core.tillId }, actor);
        process.stderr.write(`${article.name} : ${delta > 0 ? '+' : ''}${formatQuantity(delta, article.unit)}, stock ${formatQuantity(after, article.unit)}\n`);
        process.stdout.write(`${formatQuantity(after, article.unit)}\n`);
      });
    });

  stock
    .command('count')
    .description('inventaire : un fichier CSV code;quantité (tout ou rien), ou des lignes « CODE QUANTITÉ » tapées ; les écarts deviennent des mouvements')
    .argument('[fichier]', 'CSV avec les colonnes plu (ou code) et quantite ; sans fichier : entrée standard')
    .addOption(pinOption())
    .addOption(formatOption())
    .addOption(encodingOption())
    .action(async (file: string | undefined, opts: { pin?: string; format: ListFormat; encoding: FileEncoding }, command: Command) => {
      let text: string | null = null;
      if (file !== undefined) {
        if (!existsSync(file)) throw new UsageError(`fichier illisible : ${file}`);
        text = await readTextFile(file, opts.encoding);
      }
      await withCore(command, async (core) => {
        const actor = await actorFromPin(core, opts.pin, 'adjust_stock');
        const count = core.stock.startCount();
        if (text !== null) await countFromCsv(core, count, text, file!);
        else if (process.stdin.isTTY) await countFromTerminal(core, count);
        else {
          // Piped lines: the same all-or-nothing rule as a file, with a header added for the reader.
          const lines = (await decodeInput(await readStdin(), opts.encoding, 'entrée standard')).split(/\r?\n/).filter((l) => l.trim());
          await countFromCsv(core, count, ['code;quantity', ...lines.map((l) => l.trim().replace(/[\t ]+/, ';'))].join('\n'), 'entrée standard');
        }
        const lines = await core.stock.postCount(count, { employeeId: actor.employeeId, tillId: core.tillId }, actor);
        const changed = lines.filter((l) => l.difference !== 0).length;
        process.stderr.write(`Inventaire validé : ${lines.length} article(s) compté(s), ${changed} écart(s) passé(s) en stock\n`);
        if (opts.format === 'json') process.stdout.write(`${JSON.stringify(lines, null, 2)}\n`);
        else if (opts.format === 'csv') {
          process.stdout.write(writeCsv(['article_id', 'name', 'expected', 'counted', 'difference'], lines.map((l) => [l.articleId, l.name, (l.expected / 1000).toFixed(3), (l.counted / 1000).toFixed(3), (l.difference / 1000).toFixed(3)])));
        } else {
          process.stdout.write(
            renderTable(
              ['Article', 'Attendu', 'Compté', 'Écart'],
              lines.map((l) => [l.name, formatQuantity(l.expected, l.unit), formatQuantity(l.counted, l.unit), `${l.difference > 0 ? '+' : ''}${formatQuantity(l.difference, l.unit)}`]),
              [1, 2, 3],
            ),
          );
        }
      });
    });

  stock
    .command('moves')
    .description('les mouvements de stock d\'un article, avec le cumul')
    .argument('<code>', 'PLU ou code-barres')
    .option('--from <date>', 'premier jour, AAAA-MM-JJ (UTC)', parseIsoDate('--from'))
    .option('--to <date>', 'dernier jour, AAAA-MM-JJ (UTC)', parseIsoDate('--to'))
    .addOption(formatOption())
    .action(async (code: string, opts: { from?: string; to?: string; format: ListFormat }, command: Command) => {
      if (opts.from && opts.to && opts.from > opts.to) throw new UsageError(`la période commence (${opts.from}) après sa fin (${opts.to})`);
      await withCore(command, async (core) => {
        const article = await articleOf(core, code);
        const opening = opts.from ? await core.stock.ledgerQuantity(article.id, opts.from) : 0;
        process.stdout.write(formatMoves(article, await core.stock.moves(article.id, { from: opts.from, to: opts.to }), opts.format, opening));
      });
    });

  stock
    .command('low')
    .description('articles à ou sous leur stock minimum, avec fournisseur et quantité déjà commandée')
    .addOption(formatOption())
    .action(async (opts: { format: ListFormat }, command: Command) => {
      await withCore(command, async (core) => {
        process.stdout.write(formatLowStock(await core.stock.lowStock(), opts.format));
      });
    });

  return stock;
}
