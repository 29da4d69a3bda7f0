// `pos journal archive --period 2026-11`: the signed NF525 archive of this
// till's closed month or year (XML and its XSD), recorded in the audit chain.
// `pos journal verify-archive FILE`: checks such a file alone, no database.
import { Command, Option } from 'commander';
import { formatMoney } from '../core/basics/money.js';
import { authorizeFromPin, UsageError, withCore } from './context.js';

export function addArchiveCommands(journal: Command): void {
  journal
    .command('archive')
    .description("archive NF525 d'une période clôturée de la caisse (--till) : XML signé et son schéma XSD ; l'archivage est inscrit au journal (code PIN d'un responsable)")
    .requiredOption('--period <période>', 'un mois clôturé (AAAA-MM) ou une année clôturée (AAAA)')
    .option('--out <fichier>', 'fichier de l\'archive (défaut : journal-caisse<N>-<période>.xml dans le dossier courant)')
    .option('--pin <pin>', "code PIN d'un responsable (env POS_PIN)")
    .action(async (opts: { period: string; out?: string; pin?: string }, command: Command) => {
      const period = opts.period.trim();
      if (!/^\d{4}(-\d{2})?$/.test(period)) throw new UsageError(`--period : période invalide « ${period.slice(0, 40)} » (un mois AAAA-MM ou une année AAAA)`);
      await withCore(command, async (core) => {
        if (!(await core.tills.get(core.tillId))) throw new UsageError(`caisse ${core.tillId} inconnue`);
        const manager = await authorizeFromPin(core, opts.pin, 'close_day');
        const a = await core.journal.archive({ period, employeeId: manager.id, path: opts.out });
        process.stderr.write(
          `Archive de la caisse ${core.tillId}, période ${period} : ${a.sales} ventes, ${a.closings} clôtures, ${a.events} événements ; ` +
            `schéma ${a.schemaPath} ; archivage inscrit au journal (événement n° ${a.eventSeq}, ${manager.name}).\n`,
        );
        process.stdout.write(`${a.path}\n`);
      }, { registerTill: false });
    });

  journal
    .command('verify-archive <fichier>')
    .description("vérifie une archive sans la base : schéma XSD, empreintes, signatures, totaux des clôtures et signature de l'archive ; code de sortie 1 si elle est altérée")
    .addOption(new Option('--format <format>', 'sortie').choices(['text', 'json']).default('text'))
    .action(async (file: string, opts: { format: 'text' | 'json' }) => {
      const { verifyArchiveFile } = await import('../core/fiscal/journal-archive.service.js');
      const result = await verifyArchiveFile(file);
      if (opts.format === 'json') process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
      else {
        const out: string[] = [];
        for (const e of result.schemaErrors) out.push(`ERREUR schéma XSD (${e.where}) : ${e.reason}`);
        if (result.check) {
          const s = result.check.summary;
          out.push(`Archive de la caisse ${s.tillId}, période ${s.period} : ${s.sales} ventes (${formatMoney(s.total)} sur la période), ${s.closings} clôtures, ${s.events} événements, ${s.keys} clé(s)`);
          for (const p of result.check.problems) out.push(`ERREUR ${p.where} : ${p.reason}`);
        }
        if (result.ok) out.push('OK schéma XSD, empreintes, signatures, totaux des clôtures et signature de l\'archive vérifiés');
        process.stdout.write(`${out.join('\n')}\n`);
      }
      if (!result.ok) process.exitCode = 1;
    });
}
