// `pos orders …`: reorder proposals as draft orders per supplier, edited line
// by line, sent (REF.csv and REF.txt written, printed on the receipt printer
// if asked, e-mailed to the supplier when e-mail is set up), received in full
// or in part, cancelled; `auto-send` for cron, `mail` for the e-mails waiting,
// and `settings` for automatic ordering. Refusals (unknown article, more received
// than due, editing a sent order) are bad command lines: exit code 2.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import type { Core } from '../core/shop/core.service.js';
import { writeCsv } from '../core/basics/csv.js';
import { formatMoney, parseMoney } from '../core/basics/money.js';
import { ORDER_STATUSES, statusLabel, type PurchaseOrder, type ReceiptLine, type SentOrder } from '../core/stock/purchase-order.js';
import { formatQuantity } from '../core/basics/quantity.js';
import type { ShopSettings } from '../core/shop/settings.service.js';
import { actorFromPin, authorizeFromPin, fromArguments, UsageError, withCore } from './context.js';
import { encodeReceipt, printerOf } from './devices.js';
import { textTable } from './suppliers.js';
import { describeOrderMail } from '../core/stock/order-mail.js';
import { deliverNow, mailQueueTable } from './order-mail.js';
import { addDraftLineCommands, draftQuantity } from './draft-lines.js';
import { articleOf } from './stock.js';

type Format = 'table' | 'json' | 'csv' | 'text';

const money = (cents: number) => formatMoney(cents, 'fr', { symbol: false });
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '');

function summary(order: PurchaseOrder): string {
  const flags = [
    order.automatic ? 'automatique' : '',
    order.belowMinimum ? `SOUS LE MINIMUM de ${money(order.minOrderValue)} (manque ${money(order.shortfall)})` : '',
    order.autoSendHeld ? "pas d'envoi automatique sous le minimum : complétez-la ou envoyez-la vous-même" : '',
  ]
    .filter(Boolean)
    .join(', ');
  const dates = [order.sentAt ? `envoyée le ${day(order.sentAt)}` : '', order.expectedAt ? `attendue le ${day(order.expectedAt)}` : ''].filter(Boolean).join(', ');
  const mail = order.mail ? `  [${describeOrderMail(order.mail)}]` : '';
  return `${order.reference}  ${order.supplierName}  ${statusLabel(order.status)}  ${money(order.value)} HT${dates ? `  ${dates}` : ''}${flags ? `  [${flags}]` : ''}${mail}\n`;
}

function orderTable(order: PurchaseOrder): string {
  const withReceipt = order.status !== 'draft';
  const headers = ['plu', 'article', 'ref_fournisseur', 'quantite', 'cout_ht', 'montant_ht', ...(withReceipt ? ['recu', 'reste_du'] : [])];
  const rows = order.lines.map((l) => [
    l.plu ?? '',
    l.name,
    l.supplierRef,
    formatQuantity(l.quantity, l.unit),
    money(l.unitCost),
    money(l.value),
    ...(withReceipt ? [formatQuantity(l.receivedQty, l.unit), formatQuantity(l.due, l.unit)] : []),
  ]);
  return rows.length === 0 ? '(aucune ligne)\n' : textTable(headers, rows);
}

async function writeOrders(core: Core, orders: PurchaseOrder[], format: Format): Promise<void> {
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(orders, null, 2)}\n`);
    return;
  }
  if (format === 'csv' || format === 'text') {
    for (const order of orders) {
      const docs = await core.purchasing.documents(order.id);
      process.stdout.write(format === 'csv' ? docs.csv : docs.text);
    }
    return;
  }
  if (orders.length === 0) process.stderr.write('Aucune commande\n');
  orders.forEach((order, i) => process.stdout.write(`${i > 0 ? '\n' : ''}${summary(order)}${orderTable(order)}`));
}

async function orderByRef(core: Core, reference: string): Promise<PurchaseOrder> {
  return fromArguments(() => core.purchasing.byReference(reference));
}

/** Writes REF.csv and REF.txt in `dir`; returns their paths. */
function writeDocuments(sent: SentOrder, dir: string): string[] {
  mkdirSync(dir, { recursive: true });
  const csv = join(dir, `${sent.order.reference}.csv`);
  const txt = join(dir, `${sent.order.reference}.txt`);
  writeFileSync(csv, sent.csv);
  writeFileSync(txt, sent.text);
  return [csv, txt];
}

/** Queues the text for the receipt printer and tries now; a failure leaves it queued and says so. */
async function printOrder(core: Core, command: Command, sent: SentOrder): Promise<void> {
  const printer = await printerOf(command, core);
  const settings = await core.settings.all();
  const bytes = await encodeReceipt({ lines: sent.text.trimEnd().split('\n').map((text) => ({ text })), barcode: null }, { codePage: settings['receipt.codePage'], columns: settings['receipt.columns'] });
  const job = await core.printQueue.enqueue('order', bytes);
  try {
    await printer.print(bytes);
    await core.printQueue.markPrinted(job.id);
    process.stderr.write(`${sent.order.reference} imprimée sur ${printer.description}\n`);
  } catch (err) {
    await core.printQueue.markFailed(job.id, (err as Error).message);
    process.stderr.write(`pos: impression impossible (${(err as Error).message}) : le bon reste en file d'attente\n`);
    process.exitCode = 1;
  }
}

/** `PLU QTY [--cost 1,20]` groups from the receive command's words. */
export function parseReceiptWords(words: string[]): Array<{ code: string; quantity: string; cost?: string }> {
  const out: Array<{ code: string; quantity: string; cost?: string }> = [];
  for (let i = 0; i < words.length; ) {
    const code = words[i]!;
    const quantity = words[i + 1];
    if (code.startsWith('-') || quantity === undefined || quantity.startsWith('--')) throw new UsageError(`réception : « PLU QUANTITÉ » attendu (reçu « ${words.slice(i).join(' ')} »)`);
    i += 2;
    let cost: string | undefined;
    if (words[i] === '--cost') {
      cost = words[i + 1];
      if (cost === undefined) throw new UsageError('--cost attend un coût HT, ex. 1,20');
      i += 2;
    } else if (words[i]?.startsWith('--cost=')) {
      cost = words[i]!.slice('--cost='.length);
      i += 1;
    }
    out.push({ code, quantity, cost });
  }
  return out;
}

const pinOption = () => new Option('--pin <pin>', "code PIN d'un employé autorisé (env POS_PIN)");

/**
 * `receive` reads its own words (PLU QTY --cost …), so --pin is taken out of
 * them here: `--pin 1234` or `--pin=1234`, anywhere among the lines.
 */
export function takePinWord(words: string[]): { pin: string | undefined; rest: string[] } {
  const rest: string[] = [];
  let pin: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    if (w === '--pin') {
      pin = words[i + 1];
      if (pin === undefined) throw new UsageError('--pin attend un code PIN');
      i++;
    } else if (w.startsWith('--pin=')) pin = w.slice('--pin='.length);
    else rest.push(w);
  }
  return { pin, rest };
}

const formatOption = (choices: Format[]) => new Option('--format <format>', 'sortie').choices(choices).default('table');
const STATUS_CHOICES = [...ORDER_STATUSES, 'open', 'all'];

export function ordersCommand(): Command {
  const command = new Command('orders').description('commandes fournisseurs : propositions, envoi, réception');
  command
    .command('propose')
    .description('calcule les besoins et crée ou complète les brouillons par fournisseur, puis les affiche')
    .addOption(formatOption(['table', 'json']))
    .addOption(pinOption())
    .action(async (opts: { format: Format; pin?: string }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        const actor = await actorFromPin(core, opts.pin, 'purchase_orders');
        await writeOrders(core, await core.purchasing.propose(core.clock(), actor), opts.format);
      });
    });
  command
    .command('list')
    .description('les commandes (par défaut : en cours)')
    .addOption(new Option('--status <statut>', 'draft, sent, partial, received, cancelled, open ou all').choices(STATUS_CHOICES).default('open'))
    .addOption(formatOption(['table', 'json']))
    .action(async (opts: { status: (typeof STATUS_CHOICES)[number]; format: Format }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        const orders = await core.purchasing.list({ status: opts.status as never });
        if (opts.format === 'json') process.stdout.write(`${JSON.stringify(orders, null, 2)}\n`);
        else if (orders.length === 0) process.stderr.write('Aucune commande\n');
        else orders.forEach((o) => process.stdout.write(summary(o)));
      });
    });
  command
    .command('show')
    .description('une commande : lignes, reçu, reste dû (ou le bon en csv / text)')
    .argument('<ref>', 'référence, ex. PO-2026-0001')
    .addOption(formatOption(['table', 'json', 'csv', 'text']))
    .action(async (ref: string, opts: { format: Format }, cmd: Command) => {
      await withCore(cmd, async (core) => writeOrders(core, [await orderByRef(core, ref)], opts.format));
    });
  addDraftLineCommands(command, {
    permission: 'purchase_orders',
    find: orderByRef,
    edit: (core, how, id, articleId, quantity, actor) => (how === 'set' ? core.purchasing.setLine(id, articleId, quantity, actor) : core.purchasing.addLine(id, articleId, quantity, actor)),
    show: (core, edited) => writeOrders(core, [edited], 'table'),
  });
  command
    .command('send')
    .description("envoie un brouillon : écrit REF.csv et REF.txt, l'e-maile au fournisseur (réglage mail.smtpUrl), l'imprime si --print")
    .argument('<ref>', 'référence')
    .option('--out <dossier>', 'dossier des fichiers', '.')
    .option('--print', 'imprime le bon sur l\'imprimante de tickets')
    .addOption(pinOption())
    .action(async (ref: string, opts: { out: string; print?: boolean; pin?: string }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        const actor = await actorFromPin(core, opts.pin, 'purchase_orders');
        const order = await orderByRef(core, ref);
        const sent = await fromArguments(() => core.purchasing.send(order.id, actor));
        for (const path of writeDocuments(sent, opts.out)) process.stdout.write(`${path}\n`);
        process.stderr.write(`Commande ${sent.order.reference} envoyée, livraison attendue le ${day(sent.order.expectedAt)}\n`);
        // The e-mail was queued with the order: tried at once, it stays queued with its reason if it can't go.
        const mail = sent.order.mail;
        if (mail?.state === 'no_address') process.stderr.write(`${describeOrderMail(mail)}\n`);
        else if (mail) {
          if (!(await deliverNow(core, { orderId: sent.order.id }))) process.exitCode = 1;
          // not tried here (e-mail off in this process, or another process is sending it): say where it stands
          const now = await core.orderMails.forOrder(sent.order.id);
          if (now?.state === 'queued' && now.attempts === 0) process.stderr.write(`${describeOrderMail(now)}\n`);
        }
        if (opts.print) await printOrder(core, cmd, sent);
      });
    });
  command
    .command('receive')
    .description("reçoit une livraison : PLU QTÉ [--cost 1,20] ... ; sans ligne, tout ce qui reste dû ; --pin PIN (ou POS_PIN) d'un employé autorisé")
    .argument('<ref>', 'référence')
    .argument('[lignes...]', 'PLU QUANTITÉ [--cost COÛT_HT], répétés')
    .allowUnknownOption()
    .helpOption('-h, --help', "affiche l'aide")
    .action(async (ref: string, words: string[], _opts: unknown, cmd: Command) => {
      const { pin, rest } = takePinWord(words);
      const groups = parseReceiptWords(rest);
      await withCore(cmd, async (core) => {
        const actor = await actorFromPin(core, pin, 'receive_goods');
        const order = await orderByRef(core, ref);
        const lines: ReceiptLine[] = [];
        for (const g of groups) {
          const article = await articleOf(core, g.code);
          let unitCost: number | undefined;
          if (g.cost !== undefined) {
            const cents = parseMoney(g.cost);
            if (cents === null || cents < 0) throw new UsageError(`--cost attend un coût HT, ex. 1,20 (reçu « ${g.cost} »)`);
            unitCost = cents;
          }
          lines.push({ articleId: article.id, quantity: draftQuantity(g.quantity, article.unit, false), unitCost });
        }
        await writeOrders(core, [await fromArguments(() => core.purchasing.receive(order.id, lines, actor.employeeId, actor))], 'table');
      });
    });
  command
    .command('cancel')
    .description('annule une commande non reçue (ce qui est déjà reçu reste en stock)')
    .argument('<ref>', 'référence')
    .addOption(pinOption())
    .action(async (ref: string, opts: { pin?: string }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        const actor = await actorFromPin(core, opts.pin, 'purchase_orders');
        const order = await orderByRef(core, ref);
        const cancelled = await fromArguments(() => core.purchasing.cancel(order.id, actor));
        process.stdout.write(summary(cancelled));
      });
    });
  command
    .command('auto-send')
    .description('envoie les brouillons automatiques dus (réglages orders.autoSend et orders.autoSendAt), pour cron')
    .option('--out <dossier>', 'dossier des fichiers', '.')
    .action(async (opts: { out: string }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        const sent = await core.purchasing.autoSendDue();
        if (sent.length === 0) process.stderr.write('Aucune commande à envoyer\n');
        // The drafts held back are said, with why, so cron's mail tells the shopkeeper.
        for (const held of (await core.purchasing.list({ status: 'draft' })).filter((o) => o.autoSendHeld)) {
          process.stderr.write(`${held.reference} reste en brouillon : sous le minimum de commande de ${money(held.minOrderValue)} HT de ${held.supplierName} (manque ${money(held.shortfall)})\n`);
        }
        for (const s of sent) {
          for (const path of writeDocuments(s, opts.out)) process.stdout.write(`${path}\n`);
        }
        // the orders just sent and every e-mail waiting for its next try
        if (!(await deliverNow(core))) process.exitCode = 1;
      });
    });
  command
    .command('mail')
    .description("les e-mails de commandes pas encore partis (en attente, abandonnés, sans adresse) ; --retry les réessaie tout de suite")
    .option('--retry', "réessaie maintenant tous les e-mails en attente ou abandonnés (et ceux d'un fournisseur qui a une adresse depuis)")
    .option('--all', 'montre aussi les e-mails envoyés')
    .addOption(formatOption(['table', 'json']))
    .action(async (opts: { retry?: boolean; all?: boolean; format: Format }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        if (opts.retry) {
          const due = await core.orderMails.retryNow();
          if (due === 0) process.stderr.write('Aucun e-mail à réessayer\n');
          else if (!(await deliverNow(core))) process.exitCode = 1;
        }
        const rows = await core.orderMails.list({ all: opts.all });
        if (opts.format === 'json') process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
        else if (rows.length === 0) process.stderr.write(opts.all ? 'Aucun e-mail de commande\n' : 'Aucun e-mail en attente\n');
        else process.stdout.write(mailQueueTable(rows));
      });
    });
  command
    .command('settings')
    .description('commande automatique : --auto on|off, --auto-send on|off, --at HH:MM (sans option : affiche)')
    .addOption(new Option('--auto <on|off>', 'brouillon créé quand une vente passe un article sous son point de commande').choices(['on', 'off']))
    .addOption(new Option('--auto-send <on|off>', 'envoi des brouillons automatiques chaque jour à --at').choices(['on', 'off']))
    .option('--at <HH:MM>', "heure de l'envoi automatique, ex. 19:00")
    .option('--pin <pin>', "pour changer : code PIN d'un responsable (env POS_PIN)")
    .action(async (opts: { auto?: 'on' | 'off'; autoSend?: 'on' | 'off'; at?: string; pin?: string }, cmd: Command) => {
      if (opts.at !== undefined && !/^([01]\d|2[0-3]):[0-5]\d$/.test(opts.at)) throw new UsageError(`--at attend une heure HH:MM, ex. 19:00 (reçu « ${opts.at} »)`);
      await withCore(cmd, async (core) => {
        const changes: Partial<ShopSettings> = {};
        if (opts.auto) changes['orders.auto'] = opts.auto === 'on';
        if (opts.autoSend) changes['orders.autoSend'] = opts.autoSend === 'on';
        if (opts.at) changes['orders.autoSendAt'] = opts.at;
        // showing is free; changing is a settings change, named and audited: one command, one event
        if (Object.keys(changes).length > 0) {
          const manager = await authorizeFromPin(core, opts.pin, 'settings');
          await core.settings.setMany(changes, { employeeId: manager.id });
        }
        const onOff = (b: boolean) => (b ? 'on' : 'off');
        process.stdout.write(
          `orders.auto\t${onOff(await core.settings.get('orders.auto'))}\norders.autoSend\t${onOff(await core.settings.get('orders.autoSend'))}\norders.autoSendAt\t${await core.settings.get('orders.autoSendAt')}\n`,
        );
      });
    });
  return command;
}
