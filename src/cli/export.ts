// `pos export …`: the shop's data for a spreadsheet or another program, on
// stdout (redirect it to a file), CSV or JSON.
import { Command, Option } from 'commander';
import { customersToCsv } from '../core/customer-import.js';
import { withCore } from './context.js';

export function exportCommand(): Command {
  const command = new Command('export').description('exporte des données (sur la sortie standard)');
  command
    .command('customers')
    .description('clients, avec les colonnes que lit pos import customers')
    .addOption(new Option('--format <format>', 'format').choices(['csv', 'json']).default('csv'))
    .addOption(new Option('--separator <sep>', 'séparateur CSV').choices([';', ',']).default(';'))
    .option('--bom', 'marque UTF-8 en tête (pour Excel)')
    .action(async (opts: { format: 'csv' | 'json'; separator: ';' | ','; bom?: boolean }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        const customers = await core.customers.list();
        if (opts.format === 'json') {
          const groups = new Map((await core.customers.groups()).map((g) => [g.id, g.name]));
          process.stdout.write(`${JSON.stringify(customers.map((c) => ({ ...c, group: groups.get(c.groupId) ?? null })), null, 2)}\n`);
          return;
        }
        const csv = customersToCsv(customers, await core.customers.groups(), opts.separator);
        process.stdout.write(`${opts.bom ? '\uFEFF' : ''}${csv}`);
      });
    });
  return command;
}
