// `pos`: the till when run without a command, the back office and the power
// users' tools with one. Bad command lines print one message on stderr and
// exit with code 2; other failures exit with 1.
import { readFileSync } from 'node:fs';
import { isMainThread, workerData } from 'node:worker_threads';
import { Command, CommanderError, Option } from 'commander';
import { accountsCommand } from './accounts.js';
import { apiCommand } from './api.js';
import { articlesCommand, categoriesCommand, vatCommand } from './articles.js';
import { backofficeCommand } from './backoffice.js';
import { cashCommand, closingCommand } from './closing.js';
import { dbCommand } from './db.js';
import { exportCommand } from './export.js';
import { importCommand } from './import.js';
import { devicesCommand, drawerCommand, printerCommand, receiptCommand, scannerCommand } from './devices.js';
import { journalCommand } from './journal.js';
import { JOURNAL_RANGES_TASK } from './journal-task.js';
import { outboxCommand } from './outbox.js';
import { ordersCommand } from './orders.js';
import { transfersCommand } from './transfers.js';
import { permissionsCommand } from './permissions.js';
import { settingsCommand } from './settings.js';
import { loyaltyCommand } from './loyalty.js';
import { groupsCommand } from './groups.js';
import { shopsCommand } from './shops.js';
import { reportCommand } from './report.js';
import { parseLang, parsePositiveInt, reportError, UsageError } from './context.js';
import { pricesCommand, promotionsCommand } from './promotions.js';
import { customersCommand } from './customers.js';
import { suppliersCommand } from './suppliers.js';
import { stockCommand } from './stock.js';
import { clockCommand, staffCommand } from './staff.js';
import { labelsCommand } from './labels.js';
import { scaleCommand } from './scale.js';
import { serveCommand } from './serve.js';
import { quietWhenStdoutCloses } from './stdout-gone.js';
import { guardTerminalText } from './terminal-text.js';

/** The program's package.json is the nearest one up from this module: dist/src/cli/ (tsc) or dist/bundle/ (esbuild). */
function packageVersion(): string {
  for (let dir = new URL('./', import.meta.url); ; dir = new URL('../', dir)) {
    try {
      return (JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { version: string }).version;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT' || dir.pathname === '/') throw err;
    }
  }
}

export function buildProgram(): Command {
  const program = new Command('pos')
    .description('Caisse enregistreuse au clavier pour petits commerces (SQLite ou PostgreSQL)')
    .version(packageVersion(), '-V, --version', 'affiche la version')
    .helpOption('-h, --help', "affiche l'aide")
    .addHelpCommand(false)
    .option('--db <path|url>', 'fichier SQLite ou URL postgres:// (env POS_DB ; défaut ./data/pos.sqlite3)')
    .option('--till <n>', 'numéro de cette caisse (env POS_TILL ; défaut 1)', parsePositiveInt('--till'))
    .addOption(new Option('--lang <lang>', 'langue de l\'interface, fr ou en (env POS_LANG)').argParser(parseLang))
    .option('--shop <code|n>', "la boutique pour laquelle la commande agit (stock, commandes, réglages propres) ; une caisse neuve y est inscrite (env POS_SHOP ; défaut : celle de la caisse)")
    .option('--key-dir <dir>', 'dossier des clés de signature du journal (env POS_KEY_DIR ; défaut : keys/ à côté du fichier SQLite, ./data/keys pour PostgreSQL)')
    .option('--printer <uri>', 'imprimante de tickets : tcp://HÔTE:9100, file:CHEMIN ou none (env POS_PRINTER ; défaut data/receipts.txt)')
    .option('--display <uri>', 'afficheur client 2x20 : serial:/dev/ttyS1?baud=9600 ou none (env POS_DISPLAY)')
    .option('--offline-db <path>', 'fichier SQLite local où la caisse vend pendant une coupure du serveur PostgreSQL, ou none (env POS_OFFLINE_DB ; défaut data/till-N-offline.sqlite3)')
    .option('--scanner <uri>', 'lecteur de codes-barres série : serial:/dev/ttyUSB0?baud=9600 ou none (env POS_SCANNER)')
    .option('--scale <uri>', 'balance série : serial:/dev/ttyS0?baud=9600&protocol=dialog (poly=… pour Dialog 06) ou protocol=toledo8217, ou none (env POS_SCALE)')
    .showHelpAfterError('(pos --help pour l\'aide)')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s), writeOut: (s) => process.stdout.write(s) })
    // A word that is no command reaches the till's action: named there, not « too many arguments ».
    .allowExcessArguments(true)
    .action(async (_opts, command: Command) => {
      if (command.args.length > 0) throw new UsageError(`commande inconnue : ${command.args[0]} (pos --help pour la liste)`);
      // The till UI (Ink, React, the drivers) loads only when the till opens.
      const { startTill } = await import('./till.js');
      await startTill(command);
    });

  program.addCommand(dbCommand());
  program.addCommand(journalCommand());
  program.addCommand(outboxCommand());
  program.addCommand(backofficeCommand());
  program.addCommand(receiptCommand());
  program.addCommand(printerCommand());
  program.addCommand(drawerCommand());
  program.addCommand(scannerCommand());
  program.addCommand(scaleCommand());
  program.addCommand(devicesCommand());
  program.addCommand(importCommand());
  program.addCommand(exportCommand());
  program.addCommand(promotionsCommand());
  program.addCommand(pricesCommand());
  program.addCommand(customersCommand());
  program.addCommand(accountsCommand());
  program.addCommand(reportCommand());
  program.addCommand(articlesCommand());
  program.addCommand(categoriesCommand());
  program.addCommand(stockCommand());
  program.addCommand(labelsCommand());
  program.addCommand(suppliersCommand());
  program.addCommand(ordersCommand());
  program.addCommand(transfersCommand());
  program.addCommand(vatCommand());
  program.addCommand(staffCommand());
  program.addCommand(permissionsCommand());
  program.addCommand(settingsCommand());
  program.addCommand(loyaltyCommand());
  program.addCommand(groupsCommand());
  program.addCommand(shopsCommand());
  program.addCommand(clockCommand());
  program.addCommand(cashCommand());
  program.addCommand(closingCommand());
  program.addCommand(serveCommand());
  program.addCommand(apiCommand());
  // Every subcommand fails the same way as the program itself.
  const harden = (cmd: Command) => {
    cmd.exitOverride().showHelpAfterError(`(pos ${cmd.name()} --help pour l'aide)`);
    cmd.commands.forEach(harden);
  };
  program.commands.forEach(harden);
  // The tools' printed text loses its control characters on a terminal; the Ink screens (the till, the back office) paint their own escapes.
  program.hook('preAction', (_program, action) => {
    if (action !== program && action.name() !== 'backoffice') guardTerminalText();
  });
  return program;
}

export async function main(argv: string[]): Promise<number> {
  // This program started as a worker thread of `pos journal verify` (journal-workers.ts).
  const task = isMainThread ? null : (workerData as { posTask?: string; db?: string } | null);
  if (task?.posTask === JOURNAL_RANGES_TASK) {
    const { serveJournalRanges } = await import('./journal-workers.js');
    await serveJournalRanges(task.db);
    return 0;
  }
  quietWhenStdoutCloses();
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return 0;
      return 2; // commander has already printed the message
    }
    return reportError(err);
  }
}
