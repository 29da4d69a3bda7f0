// `pos permissions list|set`: which role each guarded action needs (void a
// line, refund, close the day...). Reading is free; changing the table is an
// owner's decision (--pin or POS_PIN) and is audited under their name.
import { Command, Option } from 'commander';
import { writeCsv } from '../core/basics/csv.js';
import { PosError } from '../core/basics/errors.js';
import { ACTION_LABELS, DEFAULT_PERMISSIONS, GUARDED_ACTIONS, parsePermissionChange, type PermissionTable } from '../core/staff/permissions.js';
import { ROLE_LABELS } from '../core/staff/staff.js';
import { authorizeFromPin, UsageError, withCore } from './context.js';
import { LIST_FORMATS, renderTable, type ListFormat } from './stock-format.js';

function render(table: PermissionTable, format: ListFormat): string {
  const rows = GUARDED_ACTIONS.map((action) => ({ action, label: ACTION_LABELS[action], role: table[action], default: DEFAULT_PERMISSIONS[action] }));
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  if (format === 'csv') return writeCsv(['action', 'libelle', 'role', 'defaut'], rows.map((r) => [r.action, r.label, r.role, r.default]));
  return renderTable(
    ['Action', 'Libellé', 'Rôle minimum'],
    rows.map((r) => [r.action, r.label, `${ROLE_LABELS[r.role].fr}${r.role === r.default ? '' : ' *'}`]),
    [],
  );
}

export function permissionsCommand(): Command {
  const command = new Command('permissions').description('droits : le rôle minimum de chaque action sensible (annulation, remboursement, clôture…)');
  command
    .command('list')
    .description('la table des droits (* : changé par rapport au défaut)')
    .addOption(new Option('--format <format>', 'sortie').choices(LIST_FORMATS).default('table'))
    .action(async (opts: { format: ListFormat }, cmd: Command) => {
      await withCore(cmd, async (core) => process.stdout.write(render(await core.permissions.table(), opts.format)));
    });
  command
    .command('set')
    .description("fixe le rôle minimum d'une action (code PIN d'un patron)")
    .argument('<action>', GUARDED_ACTIONS.join(', '))
    .argument('<role>', 'cashier, manager ou owner')
    .option('--pin <pin>', "code PIN d'un patron (env POS_PIN)")
    .action(async (action: string, role: string, opts: { pin?: string }, cmd: Command) => {
      // a bad action or role is a bad command line, refused before anything is opened
      let change: ReturnType<typeof parsePermissionChange>;
      try {
        change = parsePermissionChange(action, role);
      } catch (err) {
        throw new UsageError((err as PosError).message);
      }
      await withCore(cmd, async (core) => {
        const owner = await authorizeFromPin(core, opts.pin, 'owner');
        const table = await core.permissions.set(change.action, change.role, owner);
        process.stderr.write(`« ${ACTION_LABELS[change.action]} » : ${ROLE_LABELS[table[change.action]].fr} au minimum (${owner.name})\n`);
        process.stdout.write(render(table, 'table'));
      });
    });
  return command;
}
