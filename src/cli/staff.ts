// `pos staff list|add|set|pin` (employees and their roles; changes need a
// manager's PIN, --pin or POS_PIN, and are audited) and `pos clock in|out`
// (the time clock, by the employee's own PIN).
import { actorOf } from '../core/fiscal/audit.service.js';
import { Command, Option } from 'commander';
import type { Core } from '../core/shop/core.service.js';
import { writeCsv } from '../core/basics/csv.js';
import { PosError } from '../core/basics/errors.js';
import { ownerRuleRefusal, ROLE_LABELS, ROLES, type Employee, type Role } from '../core/staff/staff.js';
import { authorizeFromPin, fromArguments, parsePositiveInt, UsageError, withCore } from './context.js';


/**
 * The manager or owner behind --pin / POS_PIN. Only an owner gives or takes
 * the owner role. A shop without any employee yet may create its first owner
 * without a PIN, or nobody could ever log in.
 */
async function approverFor(core: Core, pin: string | undefined, touchesOwner: boolean): Promise<Employee | null> {
  if (!pin && (await core.staff.list()).length === 0) {
    if (!touchesOwner) throw new UsageError('le premier employé doit être un patron (--role owner)');
    return null;
  }
  const approver = await authorizeFromPin(core, pin, 'edit_staff');
  const refusal = ownerRuleRefusal(approver.role, touchesOwner);
  if (refusal) throw new PosError(`Code PIN refusé : ${refusal.charAt(0).toLowerCase()}${refusal.slice(1)}`, 'PIN');
  return approver;
}

function parseRole(value: string): Role {
  if (!(ROLES as readonly string[]).includes(value)) throw new UsageError(`--role : rôle inconnu « ${value} » (cashier, manager ou owner)`);
  return value as Role;
}

const pinOption = () => new Option('--pin <pin>', "code PIN d'un responsable (env POS_PIN)");

function staffTable(employees: Employee[]): string {
  const rows = employees.map((e) => [String(e.id), e.name, ROLE_LABELS[e.role].fr, e.active ? 'oui' : 'non']);
  const head = ['N°', 'Nom', 'Rôle', 'Actif'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n') + '\n';
}

export function staffCommand(): Command {
  const staff = new Command('staff').description('employés : rôles (caissier, responsable, patron) et codes PIN');

  staff
    .command('list')
    .description('liste des employés')
    .addOption(new Option('--format <format>', 'sortie').choices(['table', 'csv', 'json']).default('table'))
    .action(async (opts: { format: 'table' | 'csv' | 'json' }, command: Command) => {
      await withCore(command, async (core) => {
        const employees = await core.staff.list();
        if (opts.format === 'json') process.stdout.write(`${JSON.stringify(employees, null, 2)}\n`);
        else if (opts.format === 'csv') process.stdout.write(writeCsv(['id', 'name', 'role', 'active'], employees.map((e) => [e.id, e.name, e.role, e.active ? 1 : 0]), ','));
        else process.stdout.write(staffTable(employees));
      });
    });

  staff
    .command('add')
    .description('nouvel employé (code PIN de 4 à 8 chiffres, unique)')
    .requiredOption('--name <nom>', "nom de l'employé")
    .requiredOption('--role <rôle>', 'cashier, manager ou owner')
    .requiredOption('--new-pin <pin>', 'son code PIN')
    .addOption(pinOption())
    .action(async (opts: { name: string; role: string; newPin: string; pin?: string }, command: Command) => {
      const role = parseRole(opts.role);
      await withCore(command, async (core) => {
        const approver = await approverFor(core, opts.pin ?? process.env.POS_PIN, role === 'owner');
        // The change and its audit event, under the approver (or the first owner themself), are one transaction.
        const by = approver ? actorOf(approver, core.tillId) : { firstOwnerAt: core.tillId };
        const employee = await fromArguments(() => core.staff.create({ name: opts.name, role, pin: opts.newPin }, { by }));
        process.stdout.write(`${employee.id}\t${employee.name}\t${ROLE_LABELS[role].fr}\n`);
      });
    });

  staff
    .command('set')
    .description("change le nom ou le rôle d'un employé, ou le désactive")
    .argument('<id>', "numéro de l'employé", parsePositiveInt('<id>'))
    .option('--name <nom>', 'nouveau nom')
    .option('--role <rôle>', 'cashier, manager ou owner')
    .option('--inactive', "désactive l'employé (il ne peut plus se connecter ; son historique reste)")
    .addOption(pinOption())
    .action(async (id: number, opts: { name?: string; role?: string; inactive?: boolean; pin?: string }, command: Command) => {
      const role = opts.role === undefined ? undefined : parseRole(opts.role);
      if (opts.name === undefined && role === undefined && !opts.inactive) throw new UsageError('rien à changer : --name, --role ou --inactive');
      await withCore(command, async (core) => {
        const current = await fromArguments(() => core.staff.require(id));
        const approver = await approverFor(core, opts.pin ?? process.env.POS_PIN, role === 'owner' || current.role === 'owner');
        const by = actorOf(approver!, core.tillId);
        let updated = await fromArguments(() => core.staff.update(id, { name: opts.name, role }, by));
        if (opts.inactive) updated = await core.staff.deactivate(id, by);
        process.stdout.write(`${updated.id}\t${updated.name}\t${ROLE_LABELS[updated.role].fr}\t${updated.active ? 'actif' : 'inactif'}\n`);
      });
    });

  staff
    .command('pin')
    .description("change le code PIN d'un employé")
    .argument('<id>', "numéro de l'employé", parsePositiveInt('<id>'))
    .requiredOption('--new-pin <pin>', 'le nouveau code PIN (4 à 8 chiffres, unique)')
    .addOption(pinOption())
    .action(async (id: number, opts: { newPin: string; pin?: string }, command: Command) => {
      await withCore(command, async (core) => {
        const current = await fromArguments(() => core.staff.require(id));
        const approver = await approverFor(core, opts.pin ?? process.env.POS_PIN, current.role === 'owner');
        await fromArguments(() => core.staff.changePin(id, opts.newPin, { by: actorOf(approver!, core.tillId) }));
        process.stderr.write(`Code PIN de ${current.name} changé\n`);
      });
    });

  return staff;
}

export function clockCommand(): Command {
  const clock = new Command('clock').description("pointeuse : arrivée et départ d'un employé, par son code PIN");
  for (const [name, description] of [['in', 'pointe une arrivée'], ['out', 'pointe un départ']] as const) {
    clock
      .command(name)
      .description(description)
      .addOption(new Option('--pin <pin>', "code PIN de l'employé (env POS_PIN)"))
      .action(async (opts: { pin?: string }, command: Command) => {
        const pin = opts.pin ?? process.env.POS_PIN;
        if (!pin) throw new UsageError("--pin : le code PIN de l'employé est demandé (ou POS_PIN)");
        await withCore(command, async (core) => {
          // Through the till's lockout, like every PIN: a wrong one is counted and audited.
          const employee = await core.pins.identify(pin, `cli:clock_${name}`);
          const shift = await fromArguments(() => (name === 'in' ? core.timeClock.clockIn(employee) : core.timeClock.clockOut(employee)));
          const at = new Date(name === 'in' ? shift.clockIn : shift.clockOut!).toLocaleTimeString('fr-FR', { hour: '2-digit', minute: '2-digit' });
          process.stdout.write(`${employee.name}\t${name === 'in' ? 'arrivée' : 'départ'}\t${at}\n`);
        });
      });
  }
  return clock;
}
