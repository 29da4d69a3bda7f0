// `pos journal verify`: walks the hash chains (sales, closings, audit events)
// of every till, or one, checks their signatures, each closing against its
// sales and a head read from paper, and names the first broken link.
// `pos journal key new|list`: the tills' signing keys.
// `pos journal archive|verify-archive`: the NF525 archives (journal-archive.ts).
import { Command, Option } from 'commander';
import type { ChainReport, JournalReport } from '../core/fiscal/journal-report.js';
import { keyFingerprint } from '../core/fiscal/journal-signature.js';
import { addArchiveCommands } from './journal-archive.js';
import { authorizeFromPin, globalsOf, parsePositiveInt, UsageError, withCore } from './context.js';

const CHAIN_NAMES: Record<ChainReport['chain'], string> = { sales: 'ventes', closings: 'clôtures', audit: 'événements' };
const HEAD_CHAIN_NAMES = { sales: 'vente', closings: 'clôture', audit: 'événement' } as const;

function parseHead(value: string): string {
  const hex = value.trim().toLowerCase().replace(/[\s…]/g, '');
  if (!/^[0-9a-f]{8,64}$/.test(hex)) throw new UsageError(`--head attend une empreinte lue sur un ticket : 8 à 64 chiffres hexadécimaux (reçu « ${value} »)`);
  return hex;
}

function printReport(report: JournalReport): void {
  for (const c of report.chains) {
    if (!c.broken) continue;
    process.stdout.write(
      `ERREUR caisse ${c.tillId}, ${CHAIN_NAMES[c.chain]} : n° ${c.broken.seq}${c.broken.id !== null ? ` (id ${c.broken.id})` : ''} : ${c.broken.reason}\n`,
    );
  }
  if (report.references.broken) process.stdout.write(`ERREUR lignes liées aux ventes : ${report.references.broken.reason}\n`);
  // A key change is part of what the journal says: listed every time.
  for (const k of report.keys.filter((key) => key.keyNo > 1)) {
    process.stdout.write(`Changement de clé : caisse ${k.tillId}, clé n° ${k.keyNo} (${keyFingerprint(k.publicKey)}) depuis la vente n° ${k.firstSaleNumber}, le ${k.createdAt}\n`);
  }
  if (report.head) {
    const h = report.head;
    if (h.reason) process.stdout.write(`ERREUR empreinte ${h.head} : ${h.reason}\n`);
    else if (h.found) process.stdout.write(`Empreinte ${h.head} : ${HEAD_CHAIN_NAMES[h.found.chain]} n° ${h.found.seq} de la caisse ${h.found.tillId}, dans le journal vérifié\n`);
  }
  if (report.ok) {
    const tills = report.chains.filter((c) => c.chain === 'sales').length;
    const others = report.chains.filter((c) => c.chain === 'closings' || c.chain === 'audit').reduce((a, c) => a + c.count, 0);
    process.stdout.write(`OK ${report.sales} sales (${tills} caisse(s), ${others} clôtures et événements)\n`);
  }
}

export function journalCommand(): Command {
  const journal = new Command('journal').description('journal inaltérable des ventes (NF525)');

  journal
    .command('verify')
    .description('vérifie les chaînes d\'empreintes et leurs signatures ; code de sortie 1 au premier maillon rompu')
    .option('--till <n>', 'une seule caisse', parsePositiveInt('--till'))
    .option('--deep', 'vérifie la signature de chaque maillon (par défaut : celles des clôtures et du dernier maillon de chaque chaîne)')
    .option('--head <hex>', 'empreinte lue sur un ticket ou un Z (ses premiers chiffres suffisent) : elle doit être dans le journal vérifié', parseHead)
    .addOption(new Option('--format <format>', 'sortie').choices(['text', 'json']).default('text'))
    .action(async (opts: { till?: number; deep?: boolean; head?: string; format: 'text' | 'json' }, command: Command) => {
      // `--till` is also the program's own option, which commander fills first:
      // `pos journal verify --till 2` lands there, so read it from either.
      const tillId = opts.till ?? (command.optsWithGlobals() as { till?: number }).till;
      await withCore(command, async (core, globals) => {
        // A big journal is checked on both cores (journal-workers.ts); the threads are this program.
        const { startRangeWorkers, verifyWorkerCount } = await import('./journal-workers.js');
        const threads = verifyWorkerCount(await core.sales.count());
        const script = process.argv[1];
        const workers = threads > 0 && script ? startRangeWorkers(script, globals.db, threads, core.journal.checkSaleRange) : null;
        let report;
        try {
          report = await core.journal.verify({ tillId, deep: opts.deep ?? false, head: opts.head, ranges: workers ?? undefined });
        } finally {
          await workers?.close();
        }
        if (opts.format === 'json') process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        else printReport(report);
        if (!report.ok) process.exitCode = 1;
      }, { registerTill: false });
    });

  const key = journal.command('key').description('clés de signature du journal (une par caisse)');
  key
    .command('new')
    .description('remplace la clé de signature de cette caisse (clé perdue ou compromise) ; le changement est inscrit au journal (code PIN d\'un patron)')
    .option('--pin <pin>', 'code PIN d\'un patron (env POS_PIN)')
    .option('--reason <text>', 'pourquoi la clé change', 'clé remplacée')
    .action(async (opts: { pin?: string; reason: string }, command: Command) => {
      const reason = opts.reason.trim().slice(0, 200);
      // Opened without loading the till's key: this is the way out when its file is lost.
      await withCore(command, async (core) => {
        if (!(await core.tills.get(core.tillId))) throw new UsageError(`caisse ${core.tillId} inconnue`);
        const owner = await authorizeFromPin(core, opts.pin, 'owner');
        const k = await core.journal.changeKey(owner.id, reason);
        process.stderr.write(`Nouvelle clé n° ${k.keyNo} de la caisse ${k.tillId} (${owner.name}) ; fichier dans ${core.journal.keyDir()} : sauvegardez-le.\n`);
        process.stdout.write(`${k.publicKey}\n`);
      }, { registerTill: false });
    });
  key
    .command('list')
    .description('les clés publiques enregistrées, et si leur fichier est dans le dossier des clés')
    .addOption(new Option('--format <format>', 'sortie').choices(['text', 'json']).default('text'))
    .action(async (opts: { format: 'text' | 'json' }, command: Command) => {
      const { till } = globalsOf(command);
      const explicit = (command.optsWithGlobals() as { till?: number }).till !== undefined || Boolean(process.env.POS_TILL);
      await withCore(command, async (core) => {
        const keys = await core.journal.keys(explicit ? till : undefined);
        if (opts.format === 'json') {
          process.stdout.write(`${JSON.stringify(keys, null, 2)}\n`);
          return;
        }
        for (const k of keys) {
          process.stdout.write(
            `caisse ${k.tillId}  clé n° ${k.keyNo}  ${k.publicKey}  depuis la vente n° ${k.firstSaleNumber}  ${k.createdAt}  ${k.fileFound ? 'fichier présent' : 'FICHIER ABSENT'}\n`,
          );
        }
        process.stderr.write(`Dossier des clés : ${core.journal.keyDir()}\n`);
      }, { registerTill: false });
    });

  addArchiveCommands(journal);
  return journal;
}
