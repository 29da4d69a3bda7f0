// `pos transfers …`: stock sent from one shop of the company to another
// (issue #22). A draft (`new --to port`) is filled (`add`, `set`, `remove`),
// sent (the goods leave the departure shop's stock), received at the arrival
// shop in one go or line by line (`receive REF [PLU QTY]...`), and closed
// short (`close`) when part of it never arrives: the missing goods are listed
// with their value at cost. `in-transit` lists what is on the road. Changes
// need the PIN of an employee the shop's permission table allows
// (transfer_stock; receiving: receive_goods) and are audited under their
// name. Shops are named by code or number, articles by PLU or barcode.
// Refusals (unknown shop or article, more received than sent, a sent transfer
// cancelled) are bad command lines: exit code 2, nothing changed.
import { Command, Option } from 'commander';
import type { Core } from '../core/shop/core.service.js';
import { writeCsv } from '../core/basics/csv.js';
import { formatMoney } from '../core/basics/money.js';
import { formatQuantity } from '../core/basics/quantity.js';
import { TRANSFER_STATUSES, transferStatusLabel, type ReceiptQuantity, type ShortLine, type Transfer } from '../core/stock/transfer.js';
import type { ClosedTransfer, InTransitRow, TransferListStatus } from '../core/stock/transfers.service.js';
import { actorFromPin, fromArguments, UsageError, withCore } from './context.js';
import { articleOf } from './stock.js';
import { addDraftLineCommands, draftQuantity } from './draft-lines.js';
import { takePinWord } from './orders.js';
import { LIST_FORMATS, renderTable, type ListFormat } from './stock-format.js';

const money = (cents: number) => formatMoney(cents, 'fr', { symbol: false });
const qtyCsv = (q: number) => (q / 1000).toFixed(3);
const eurosCsv = (cents: number) => (cents / 100).toFixed(2);
const day = (iso: string | null) => (iso ? iso.replace('T', ' ').slice(0, 16) : '');
const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

const formatOption = () => new Option('--format <format>', 'sortie').choices(LIST_FORMATS).default('table');
const pinOption = () => new Option('--pin <pin>', "code PIN d'un employé autorisé (env POS_PIN)");
const STATUS_CHOICES = [...TRANSFER_STATUSES, 'open', 'all'];

function summary(t: Transfer): string {
  const dates = [t.sentAt ? `envoyé le ${day(t.sentAt)}` : '', t.receivedAt ? `reçu le ${day(t.receivedAt)}` : '', t.closedAt && t.status === 'closed' ? `clos le ${day(t.closedAt)}` : '']
    .filter(Boolean)
    .join(', ');
  return `${t.reference}  ${t.fromShopCode} → ${t.toShopCode}  ${transferStatusLabel(t.status)}${dates ? `  ${dates}` : ''}${t.notes ? `  « ${t.notes} »` : ''}\n`;
}

function renderList(rows: Transfer[], format: ListFormat): string {
  if (format === 'json') return json(rows);
  if (format === 'csv') {
    return writeCsv(
      ['reference', 'from', 'to', 'status', 'lines', 'created_at', 'sent_at', 'received_at', 'closed_at', 'notes'],
      rows.map((t) => [t.reference, t.fromShopCode, t.toShopCode, t.status, t.lines.length, t.createdAt, t.sentAt, t.receivedAt, t.closedAt, t.notes]),
    );
  }
  if (rows.length === 0) return 'Aucun transfert\n';
  return renderTable(
    ['Référence', 'De', 'Vers', 'Statut', 'Lignes', 'Créé le (UTC)', 'Envoyé le (UTC)'],
    rows.map((t) => [t.reference, t.fromShopCode, t.toShopCode, transferStatusLabel(t.status), String(t.lines.length), day(t.createdAt), day(t.sentAt)]),
    [4],
  );
}

function renderTransfer(t: Transfer, format: ListFormat): string {
  if (format === 'json') return json(t);
  if (format === 'csv') {
    return writeCsv(
      ['reference', 'plu', 'name', 'unit', 'quantity', 'received', 'in_transit', 'unit_cost'],
      t.lines.map((l) => [t.reference, l.plu, l.name, l.unit, qtyCsv(l.quantity), qtyCsv(l.receivedQty), qtyCsv(l.inTransit), eurosCsv(l.unitCost)]),
    );
  }
  const lines =
    t.lines.length === 0
      ? '(aucune ligne)\n'
      : renderTable(
          ['PLU', 'Article', 'Quantité', 'Reçu', 'En route'],
          t.lines.map((l) => [l.plu ?? '', l.name, formatQuantity(l.quantity, l.unit), formatQuantity(l.receivedQty, l.unit), formatQuantity(l.inTransit, l.unit)]),
          [2, 3, 4],
        );
  return `${summary(t)}${lines}`;
}

function renderShortfall(closed: { transfer: Transfer; missing: ShortLine[]; value: number }, format: ListFormat): string {
  if (format === 'json') return json(closed);
  if (format === 'csv') {
    return writeCsv(
      ['reference', 'plu', 'name', 'unit', 'sent', 'received', 'missing', 'unit_cost', 'value'],
      closed.missing.map((l) => [closed.transfer.reference, l.plu, l.name, l.unit, qtyCsv(l.sent), qtyCsv(l.received), qtyCsv(l.missing), eurosCsv(l.unitCost), eurosCsv(l.value)]),
    );
  }
  return `${summary(closed.transfer)}${shortfallTable(closed)}`;
}

/** What never arrived, line by line with its value at cost, and the total. */
function shortfallTable(closed: { missing: ShortLine[]; value: number }): string {
  if (closed.missing.length === 0) return 'Aucun écart : tout ce qui a été envoyé a été reçu\n';
  return `Écart (perte en transit, au prix de revient HT) :\n${renderTable(
    ['PLU', 'Article', 'Envoyé', 'Reçu', 'Manquant', 'Coût HT', 'Valeur HT'],
    closed.missing.map((l) => [l.plu ?? '', l.name, formatQuantity(l.sent, l.unit), formatQuantity(l.received, l.unit), formatQuantity(l.missing, l.unit), money(l.unitCost), money(l.value)]),
    [2, 3, 4, 5, 6],
    ['TOTAL', '', '', '', '', '', money(closed.value)],
  )}`;
}

function renderInTransit(rows: InTransitRow[], format: ListFormat): string {
  if (format === 'json') return json(rows);
  if (format === 'csv') {
    return writeCsv(
      ['plu', 'name', 'unit', 'from', 'to', 'in_transit', 'value', 'transfers'],
      rows.map((r) => [r.plu, r.name, r.unit, r.fromShopCode, r.toShopCode, qtyCsv(r.quantity), eurosCsv(r.value), r.references.join(' ')]),
    );
  }
  if (rows.length === 0) return 'Rien en route\n';
  return renderTable(
    ['PLU', 'Article', 'De', 'Vers', 'En route', 'Valeur HT', 'Transferts'],
    rows.map((r) => [r.plu ?? '', r.name, r.fromShopCode, r.toShopCode, formatQuantity(r.quantity, r.unit), money(r.value), r.references.join(' ')]),
    [4, 5],
    ['TOTAL', '', '', '', '', money(rows.reduce((sum, r) => sum + r.value, 0)), ''],
  );
}

async function transferOf(core: Core, reference: string): Promise<Transfer> {
  return fromArguments(() => core.transfers.byReference(reference));
}

/** `PLU QTY` pairs from the receive command's words. */
export function parseReceiptPairs(words: string[]): Array<{ code: string; quantity: string }> {
  if (words.length % 2 !== 0 || words.some((w) => w.startsWith('--'))) {
    throw new UsageError(`réception : « PLU QUANTITÉ » attendu, répété (reçu « ${words.join(' ').slice(0, 80)} »)`);
  }
  const pairs: Array<{ code: string; quantity: string }> = [];
  for (let i = 0; i < words.length; i += 2) pairs.push({ code: words[i]!, quantity: words[i + 1]! });
  return pairs;
}

export function transfersCommand(): Command {
  const command = new Command('transfers').description('transferts de stock entre boutiques : préparation, envoi, réception, écarts');
  command
    .command('list')
    .description('les transferts qui partent de la boutique de cette caisse ou y arrivent (par défaut : en cours)')
    .addOption(new Option('--status <statut>', 'draft, sent, partial, received, closed, cancelled, open ou all').choices(STATUS_CHOICES).default('open'))
    .option('--all-shops', 'ceux de toutes les boutiques')
    .addOption(formatOption())
    .action(async (opts: { status: TransferListStatus; allShops?: boolean; format: ListFormat }, cmd: Command) => {
      await withCore(cmd, async (core) => process.stdout.write(renderList(await core.transfers.list({ status: opts.status, allShops: opts.allShops }), opts.format)));
    });
  command
    .command('show')
    .description('un transfert : ses lignes, le reçu, ce qui est en route')
    .argument('<ref>', 'référence, ex. TR-2026-0001')
    .addOption(formatOption())
    .action(async (ref: string, opts: { format: ListFormat }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        const transfer = await transferOf(core, ref);
        process.stdout.write(renderTransfer(transfer, opts.format));
        if (transfer.status === 'closed' && opts.format === 'table') process.stdout.write(`\n${shortfallTable(await core.transfers.shortfall(transfer.id))}`);
      });
    });
  command
    .command('new')
    .description('prépare un transfert (brouillon) vers une autre boutique ; affiche sa référence')
    .requiredOption('--to <boutique>', "boutique d'arrivée (code ou numéro)")
    .option('--from <boutique>', 'boutique de départ (défaut : celle de cette caisse)')
    .option('--notes <texte>', 'remarques (1000 caractères au plus)')
    .addOption(pinOption())
    .action(async (opts: { to: string; from?: string; notes?: string; pin?: string }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        const actor = await actorFromPin(core, opts.pin, 'transfer_stock');
        const to = await fromArguments(() => core.shops.resolve(opts.to));
        const from = opts.from === undefined ? undefined : await fromArguments(() => core.shops.resolve(opts.from!));
        const made = await fromArguments(() => core.transfers.create({ to: to.id, from: from?.id, notes: opts.notes }, actor));
        process.stderr.write(`Transfert ${made.reference} préparé de ${made.fromShopName} vers ${made.toShopName} (${actor.employee.name})\n`);
        process.stdout.write(`${made.reference}\n`);
      });
    });
  addDraftLineCommands(command, {
    permission: 'transfer_stock',
    find: transferOf,
    edit: (core, how, id, articleId, quantity, actor) => (how === 'set' ? core.transfers.setLine(id, articleId, quantity, actor) : core.transfers.addLine(id, articleId, quantity, actor)),
    show: (_core, edited) => void process.stdout.write(renderTransfer(edited, 'table')),
  });
  command
    .command('remove')
    .description("retire un article d'un brouillon")
    .argument('<ref>', 'référence')
    .argument('<plu>', 'PLU ou code-barres')
    .addOption(pinOption())
    .action(async (ref: string, code: string, opts: { pin?: string }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        const actor = await actorFromPin(core, opts.pin, 'transfer_stock');
        const transfer = await transferOf(core, ref);
        const article = await articleOf(core, code);
        process.stdout.write(renderTransfer(await fromArguments(() => core.transfers.removeLine(transfer.id, article.id, actor)), 'table'));
      });
    });
  command
    .command('send')
    .description('envoie un brouillon : la marchandise sort du stock de la boutique de départ et part en route')
    .argument('<ref>', 'référence')
    .addOption(pinOption())
    .action(async (ref: string, opts: { pin?: string }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        const actor = await actorFromPin(core, opts.pin, 'transfer_stock');
        const transfer = await transferOf(core, ref);
        const sent = await fromArguments(() => core.transfers.send(transfer.id, actor));
        process.stderr.write(`Transfert ${sent.reference} envoyé : ${sent.lines.length} ligne(s) sorties du stock de ${sent.fromShopName}\n`);
        process.stdout.write(renderTransfer(sent, 'table'));
      });
    });
  command
    .command('receive')
    .description("reçoit un transfert à la boutique d'arrivée : PLU QTÉ ... ; sans ligne, tout ce qui est en route ; --pin PIN (ou POS_PIN)")
    .argument('<ref>', 'référence')
    .argument('[lignes...]', 'PLU QUANTITÉ, répétés')
    .allowUnknownOption()
    .helpOption('-h, --help', "affiche l'aide")
    .action(async (ref: string, words: string[], _opts: unknown, cmd: Command) => {
      const { pin, rest } = takePinWord(words);
      const pairs = parseReceiptPairs(rest);
      await withCore(cmd, async (core) => {
        const actor = await actorFromPin(core, pin, 'receive_goods');
        const transfer = await transferOf(core, ref);
        const lines: ReceiptQuantity[] = [];
        for (const p of pairs) {
          const article = await articleOf(core, p.code);
          lines.push({ articleId: article.id, quantity: draftQuantity(p.quantity, article.unit, false) });
        }
        const { transfer: after } = await fromArguments(() => core.transfers.receive(transfer.id, lines, actor));
        process.stderr.write(`Transfert ${after.reference} ${transferStatusLabel(after.status)} à ${after.toShopName}\n`);
        process.stdout.write(renderTransfer(after, 'table'));
      });
    });
  command
    .command('close')
    .description("clôt un transfert dont une partie n'arrivera pas : l'écart (perte en transit) est listé au prix de revient, aucun stock ne bouge")
    .argument('<ref>', 'référence')
    .option('--note <texte>', 'pourquoi (200 caractères au plus)')
    .addOption(formatOption())
    .addOption(pinOption())
    .action(async (ref: string, opts: { note?: string; format: ListFormat; pin?: string }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        const actor = await actorFromPin(core, opts.pin, 'transfer_stock');
        const transfer = await transferOf(core, ref);
        const closed: ClosedTransfer = await fromArguments(() => core.transfers.close(transfer.id, actor, opts.note ?? ''));
        process.stdout.write(renderShortfall(closed, opts.format));
      });
    });
  command
    .command('cancel')
    .description('annule un brouillon (un transfert envoyé se reçoit, ou se clôt avec écart)')
    .argument('<ref>', 'référence')
    .addOption(pinOption())
    .action(async (ref: string, opts: { pin?: string }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        const actor = await actorFromPin(core, opts.pin, 'transfer_stock');
        const transfer = await transferOf(core, ref);
        process.stdout.write(summary(await fromArguments(() => core.transfers.cancel(transfer.id, actor))));
      });
    });
  command
    .command('in-transit')
    .description("le stock en route : envoyé et pas encore reçu, par article, au prix de revient HT")
    .option('--all-shops', 'celui de toutes les boutiques')
    .addOption(formatOption())
    .action(async (opts: { allShops?: boolean; format: ListFormat }, cmd: Command) => {
      await withCore(cmd, async (core) => process.stdout.write(renderInTransit(await core.transfers.inTransit({ allShops: opts.allShops }), opts.format)));
    });
  return command;
}
