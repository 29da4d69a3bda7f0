// `pos receipt …`, `pos printer …`, `pos drawer open`: the receipt printer and
// the cash drawer from the command line, for set-up and for the back room.
import { Command } from 'commander';
import type { Core } from '../core/shop/core.service.js';
import { NotFoundError, PosError } from '../core/basics/errors.js';
import { buildReceipt, receiptDocument } from '../core/sales/receipt.js';
import type { Sale } from '../core/sales/sales.service.js';
import type { encodeReceipt as encode } from '../drivers/escpos.js';
import { describeStatus } from '../drivers/printer-status.js';
import type { ReceiptPrinter } from '../drivers/receipt-printer.js';
import { authorizeFromPin, globalsOf, parsePositiveInt, UsageError, withCore } from './context.js';
import { defaultPrinterUri, deviceUri } from './device-config.js';

// The drivers (ESC/POS, serial, USB) are imported by the commands that use a
// device, when they run: loading them costs most of a start-up that the other
// commands don't need.

/** ESC/POS bytes of a document (the driver is loaded on first use). */
export async function encodeReceipt(...args: Parameters<typeof encode>): ReturnType<typeof encode> {
  const escpos = await import('../drivers/escpos.js');
  return escpos.encodeReceipt(...args);
}

/** The receipt printer named by --printer, POS_PRINTER, pos.config.json or the default file. */
export async function printerOf(command: Command, core: Core): Promise<ReceiptPrinter> {
  const opts = command.optsWithGlobals() as { db?: string };
  const uri = deviceUri('printer', command, defaultPrinterUri(opts.db ?? process.env.POS_DB, core.tillId));
  const { printerFromUri } = await import('../drivers/receipt-printer.js');
  try {
    return printerFromUri(uri);
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

async function saleByNumber(core: Core, number: number): Promise<Sale> {
  const sale = await core.sales.getByNumber(core.tillId, number);
  if (!sale) throw new NotFoundError(`Vente n° ${number} introuvable sur la caisse ${core.tillId}`);
  return sale;
}

/** Queues the bytes and tries to print them now; a failure leaves them queued for the till to print later. */
async function printNow(core: Core, printer: ReceiptPrinter, kind: 'test', bytes: Buffer): Promise<void> {
  const job = await core.printQueue.enqueue(kind, bytes, null);
  await printJobNow(core, printer, job.id, bytes);
}

/** Prints a queued job at once; if the printer fails it stays queued for the till to print. */
async function printJobNow(core: Core, printer: ReceiptPrinter, jobId: number, bytes: Buffer): Promise<void> {
  try {
    await printer.print(bytes);
    await core.printQueue.markPrinted(jobId);
  } catch (err) {
    await core.printQueue.markFailed(jobId, (err as Error).message);
    throw new PosError(`${(err as Error).message} : le document reste en file d'attente et s'imprimera quand l'imprimante répondra`);
  }
}

export function receiptCommand(): Command {
  const receipt = new Command('receipt').description('tickets de caisse : afficher, réimprimer');
  receipt
    .command('show')
    .description('affiche le ticket d\'une vente (même mise en page que l\'imprimante)')
    .argument('<sale>', 'numéro de la vente sur cette caisse', parsePositiveInt('<sale>'))
    .action(async (number: number, _opts, command: Command) => {
      await withCore(command, async (core) => {
        const sale = await saleByNumber(core, number);
        const { input } = await core.receipts.inputFor(sale, { locale: globalsOf(command).lang });
        process.stdout.write(`${buildReceipt(input).join('\n')}\n`);
      });
    });
  receipt
    .command('print')
    .description('réimprime le ticket d\'une vente (DUPLICATA n, tracé au journal des événements)')
    .argument('<sale>', 'numéro de la vente sur cette caisse', parsePositiveInt('<sale>'))
    .option('--pin <pin>', "code PIN de l'employé qui réimprime (env POS_PIN)")
    .action(async (number: number, opts: { pin?: string }, command: Command) => {
      await withCore(command, async (core) => {
        // A duplicate is named in the audit trail: whoever the permission table lets reprint.
        const employee = await authorizeFromPin(core, opts.pin, 'reprint');
        const printer = await printerOf(command, core);
        const sale = await saleByNumber(core, number);
        // The copy's number, its audit event and its job in one transaction; then printed now.
        const { job, duplicate } = await core.printQueue.orderDuplicate(sale.id, { employeeId: employee.id, details: { from: 'cli' } });
        const { input, printer: layout } = await core.receipts.inputFor(sale, { duplicate });
        await printJobNow(core, printer, job.id, await encodeReceipt(receiptDocument(input), layout));
        process.stdout.write(`DUPLICATA ${duplicate} de la vente n° ${sale.number} imprimé sur ${printer.description}\n`);
      });
    });
  return receipt;
}

export function printerCommand(): Command {
  const printer = new Command('printer').description('imprimante de tickets : essai et état');
  printer
    .command('test')
    .description('imprime une page d\'essai (accents, euro, code-barres, coupe)')
    .action(async (_opts, command: Command) => {
      await withCore(command, async (core) => {
        const device = await printerOf(command, core);
        const settings = await core.settings.all();
        const width = settings['receipt.columns'];
        const lines = [
          settings['shop.name'],
          'Page d\'essai de l\'imprimante',
          '-'.repeat(width),
          'Accents : é è ê à â ç ù ô î ï ë',
          'Majuscules : É È À Ç Œ',
          'Euro : 12,50 €',
          `Largeur : ${width} colonnes`,
          '0123456789'.repeat(Math.ceil(width / 10)).slice(0, width),
        ];
        const bytes = await encodeReceipt({ lines: lines.map((text) => ({ text })), barcode: '2700000000008' }, { codePage: settings['receipt.codePage'], columns: width });
        await printNow(core, device, 'test', bytes);
        process.stdout.write(`Page d'essai envoyée à ${device.description}\n`);
      });
    });
  printer
    .command('status')
    .description('état de l\'imprimante (DLE EOT) : en ligne, capot, papier, tiroir')
    .action(async (_opts, command: Command) => {
      await withCore(command, async (core) => {
        const device = await printerOf(command, core);
        const { TcpPrinter } = await import('../drivers/tcp-printer.js');
        if (!(device instanceof TcpPrinter)) {
          process.stdout.write(`${device.description} : cet adaptateur ne renvoie pas d'état\n`);
          return;
        }
        if (!device.answersStatus) {
          process.stdout.write(`${device.description} : configurée sans état (status=none)\n`);
          return;
        }
        // The drawer sensor read with this shop's polarity (setting drawer.openLevel).
        const status = await device.status(await core.settings.get('drawer.openLevel'));
        const problem = describeStatus(status);
        const drawer = status.drawerOpen === null ? 'inconnu' : status.drawerOpen ? 'ouvert' : 'fermé';
        process.stdout.write(
          `${device.description} : ${problem ?? 'prête'} (en ligne : ${status.online ? 'oui' : 'non'}, capot ouvert : ${status.coverOpen ? 'oui' : 'non'}, ` +
            `papier : ${status.paperOut ? 'épuisé' : status.paperNearEnd ? 'bientôt fini' : 'ok'}, tiroir : ${drawer})\n`,
        );
        if (problem) process.exitCode = 1;
      });
    });
  return printer;
}

export function drawerCommand(): Command {
  const drawer = new Command('drawer').description('tiroir-caisse');
  drawer
    .command('open')
    .description('ouvre le tiroir sans vente (code PIN d\'un responsable ; tracé au journal des événements)')
    .option('--pin <pin>', 'code PIN d\'un responsable (env POS_PIN)')
    .action(async (opts: { pin?: string }, command: Command) => {
      await withCore(command, async (core) => {
        const device = await printerOf(command, core);
        const approver = await authorizeFromPin(core, opts.pin, 'no_sale');
        await core.drawerKicks.noSale({ employeeId: approver.id, approverId: approver.id }, { from: 'cli' });
        await device.openDrawer();
        await core.drawerKicks.openedOtherwise();
        process.stdout.write(`Tiroir ouvert par ${device.description}\n`);
      });
    });
  return drawer;
}

export function scannerCommand(): Command {
  const scanner = new Command('scanner').description('lecteur de codes-barres série');
  scanner
    .command('listen')
    .description('affiche les codes lus, un par ligne, pour régler le lecteur (Ctrl+C pour arrêter)')
    .option('--count <n>', "s'arrête après n codes", parsePositiveInt('--count'))
    .action(async (opts: { count?: number }, command: Command) => {
      const uri = deviceUri('scanner', command);
      const { scannerFromUri } = await import('../drivers/scanner.js');
      let device;
      try {
        device = scannerFromUri(uri);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      if (!device) throw new UsageError('--scanner serial:/dev/ttyUSB0 (ou POS_SCANNER) : quel lecteur écouter ?');
      const reader = device;
      await new Promise<void>((resolve) => {
        let seen = 0;
        reader.onState((s) => process.stderr.write(s.connected ? `${reader.description} : connecté\n` : `${reader.description} : ${s.error ?? 'débranché'}, nouvel essai…\n`));
        reader.onScan((code) => {
          process.stdout.write(`${code}\n`);
          seen += 1;
          if (opts.count !== undefined && seen >= opts.count) resolve();
        });
        process.once('SIGINT', () => resolve());
        process.once('SIGTERM', () => resolve());
        reader.start();
      });
      await reader.stop();
    });
  return scanner;
}

export function devicesCommand(): Command {
  const devices = new Command('devices').description('périphériques branchés');
  devices
    .command('list')
    .description('ports série (lecteurs, imprimantes, afficheurs) et imprimantes USB vues par le système')
    .action(async () => {
      const { listSerialPorts } = await import('../drivers/serial-ports.js');
      const ports = await listSerialPorts();
      if (ports.length === 0) process.stdout.write('Aucun port série trouvé\n');
      for (const p of ports) process.stdout.write(`serial:${p.path}${p.description ? `  (${p.description})` : ''}\n`);
      for (const p of await listUsbPrinters()) process.stdout.write(`${p}\n`);
    });
  return devices;
}

/** USB printers (class 7) as the kernel's usblp driver shows them; `usb:VID:PID` needs the USB adapter. */
async function listUsbPrinters(): Promise<string[]> {
  const { readdir, readFile } = await import('node:fs/promises');
  const out: string[] = [];
  const base = '/sys/bus/usb/devices';
  let entries: string[] = [];
  try {
    entries = await readdir(base);
  } catch {
    return out;
  }
  for (const entry of entries) {
    try {
      const cls = (await readFile(`${base}/${entry}/bInterfaceClass`, 'utf8')).trim();
      if (cls !== '07') continue;
      const device = `${base}/${entry}/..`;
      const vid = (await readFile(`${device}/idVendor`, 'utf8')).trim();
      const pid = (await readFile(`${device}/idProduct`, 'utf8')).trim();
      const product = (await readFile(`${device}/product`, 'utf8').catch(() => '')).trim();
      out.push(`usb:${vid}:${pid}${product ? `  (${product})` : ''}`);
    } catch {
      /* not an interface directory */
    }
  }
  return [...new Set(out)];
}
