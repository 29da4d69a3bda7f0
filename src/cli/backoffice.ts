// `pos backoffice`: the back office in this terminal, beside a running till
// (same SQLite file or PostgreSQL server).
import { Command } from 'commander';
import { PosError } from '../core/basics/errors.js';
import { withCore } from './context.js';

export function backofficeCommand(): Command {
  return new Command('backoffice')
    .description('écrans de gestion (paramètres, journal des ventes…) ; code PIN d\'un responsable')
    .action(async (_opts, command: Command) => {
      if (!process.stdin.isTTY || !process.stdout.isTTY) {
        throw new PosError("la gestion s'ouvre dans un terminal ; sans terminal, utilisez les commandes (pos --help)");
      }
      // The screens (Ink, React) load only when the back office opens, not with every command.
      const { runBackOffice } = await import('./backoffice-ui.js');
      await withCore(command, (core, globals) => runBackOffice(core, globals.lang ?? 'fr'));
    });
}
