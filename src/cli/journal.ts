// `pos journal verify`: walks the hash chains (sales, closings, audit events)
// of every till, or one, and names the first broken link.
import { Command, Option } from 'commander';
import type { ChainReport } from '../core/journal-verifier.js';
import { parsePositiveInt, withCore } from './context.js';

const CHAIN_NAMES: Record<ChainReport['chain'], string> = { sales: 'ventes', closings: 'clôtures', audit: 'événements' };

export function journalCommand(): Command {
  const journal = new Command('journal').description('journal inaltérable des ventes (NF525)');

  journal
    .command('verify')
    .description('vérifie les chaînes d\'empreintes ; code de sortie 1 au premier maillon rompu')
    .option('--till <n>', 'une seule caisse', parsePositiveInt('--till'))
    .addOption(new Option('--format <format>', 'sortie').choices(['text', 'json']).default('text'))
    .action(async (opts: { till?: number; format: 'text' | 'json' }, command: Command) => {
      // `--till` is also the program's own option, which commander fills first:
      // `pos journal verify --till 2` lands there, so read it from either.
      const tillId = opts.till ?? (command.optsWithGlobals() as { till?: number }).till;
      await withCore(command, async (core) => {
        const report = await core.journal.verify({ tillId });
        if (opts.format === 'json') {
          process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        } else {
          for (const c of report.chains) {
            if (c.broken) {
              process.stdout.write(
                `ERREUR caisse ${c.tillId}, ${CHAIN_NAMES[c.chain]} : n° ${c.broken.seq}` +
                  `${c.broken.id !== null ? ` (id ${c.broken.id})` : ''} : ${c.broken.reason}\n`,
              );
            }
          }
          if (report.ok) {
            const others = report.chains.filter((c) => c.chain !== 'sales').reduce((a, c) => a + c.count, 0);
            process.stdout.write(`OK ${report.sales} sales (${report.chains.length / 3} caisse(s), ${others} clôtures et événements)\n`);
          }
        }
        if (!report.ok) process.exitCode = 1;
      }, { registerTill: false });
    });

  return journal;
}
