// `pos staff list|add|set|pin|shops` (employees, their roles and the shops
// they work in; changes need a manager's PIN, --pin or POS_PIN, and are
// audited) and `pos clock in|out` (the time clock, by the employee's own PIN).
import { actorOf } from '../core/fiscal/audit.service.js';
import { Command, Option } from 'commander';
import type { Core } from '../core/shop/core.service.js';
import { writeCsv } from '../core/basics/csv.js';
import { PosError } from '../core/basics/errors.js';
import { ownerRuleRefusal, ROLE_LABELS, ROLES, type Employee, type Role } from '../core/staff/staff.js';
import type { EmployeeInShops } from '../core/staff/staff.service.js';
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

/** What the shops column says: every shop for an owner, else the codes of their shops. */
function shopsText(employee: EmployeeInShops, codes: Map<number, string>): string {
  const assigned = employee.shops.map((id) => codes.get(id) ?? String(id)).join(', ');
  if (employee.role === 'owner') return assigned ? `toutes (${assigned})` : 'toutes';
  return assigned || 'aucune';
}

function staffTable(employees: EmployeeInShops[], codes: Map<number, string>): string {
  const rows = employees.map((e) => [String(e.id), e.name, ROLE_LABELS[e.role].fr, e.active ? 'oui' : 'non', shopsText(e, codes)]);
  const head = ['N°', 'Nom', 'Rôle', 'Actif', 'Boutiques'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(head), ...rows.map(line)].join('\n') + '\n';
}

/** --shops port --shops 2,centre: every value, split on commas (--shop alone is the global option: the shop a command acts for). */
function collectShops(value: string, previous: string[] = []): string[] {
  const refs = value.split(',').map((v) => v.trim());
  if (refs.some((r) => r === '')) throw new UsageError(`--shops : code de boutique vide dans « ${value} »`);
  return [...previous, ...refs];
}

/** Shop codes or numbers as typed, as shop ids (an unknown one is a usage error). */
async function shopIds(core: Core, refs: string[]): Promise<number[]> {
  const ids: number[] = [];
  for (const ref of refs) ids.push((await fromArguments(() => core.shops.resolve(ref))).id);
  return ids;
}

async function shopCodes(core: Core): Promise<Map<number, string>> {
  return new Map((await core.shops.list()).map((s) => [s.id, s.code]));
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
        const codes = await shopCodes(core);
        // Owners work in every shop whatever their assignments: allShops says so.
        const shopsOf = (e: EmployeeInShops) => e.shops.map((id) => codes.get(id) ?? String(id));
        if (opts.format === 'json') process.stdout.write(`${JSON.stringify(employees.map((e) => ({ ...e, shops: shopsOf(e), allShops: e.role === 'owner' })), null, 2)}\n`);
        else if (opts.format === 'csv') process.stdout.write(writeCsv(['id', 'name', 'role', 'active', 'shops'], employees.map((e) => [e.id, e.name, e.role, e.active ? 1 : 0, shopsOf(e).join(' ')]), ','));
        else process.stdout.write(staffTable(employees, codes));
      });
    });

  staff
    .command('add')
    .description('nouvel employé (code PIN de 4 à 8 chiffres, unique)')
    .requiredOption('--name <nom>', "nom de l'employé")
    .requiredOption('--role <rôle>', 'cashier, manager ou owner')
    .requiredOption('--new-pin <pin>', 'son code PIN')
    .option('--shops <codes>', 'boutiques où il travaille (liste « a,b », ou répétée ; par défaut celle de la commande : --shop, sinon celle de la caisse)', collectShops)
    .addOption(pinOption())
    .action(async (opts: { name: string; role: string; newPin: string; pin?: string; shops?: string[] }, command: Command) => {
      const role = parseRole(opts.role);
      await withCore(command, async (core) => {
        const shops = opts.shops ? await shopIds(core, opts.shops) : undefined;
        const approver = await approverFor(core, opts.pin ?? process.env.POS_PIN, role === 'owner');
        // The change and its audit event, under the approver (or the first owner themself), are one transaction.
        const by = approver ? actorOf(approver, core.tillId) : { firstOwnerAt: core.tillId };
        const employee = await fromArguments(() => core.staff.create({ name: opts.name, role, pin: opts.newPin, shops }, { by }));
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

  staff
    .command('shops')
    .description("boutiques où travaille un employé ; --add / --remove l'y affectent ou l'en retirent (un patron travaille partout)")
    .argument('<employé>', "numéro ou nom de l'employé")
    .option('--add <code>', 'boutique à ajouter (répétable, ou liste « a,b »)', collectShops)
    .option('--remove <code>', 'boutique à retirer (répétable, ou liste « a,b »)', collectShops)
    .addOption(pinOption())
    .action(async (ref: string, opts: { add?: string[]; remove?: string[]; pin?: string }, command: Command) => {
      await withCore(command, async (core) => {
        const employee = await fromArguments(() => core.staff.resolve(ref));
        const codes = await shopCodes(core);
        let current: EmployeeInShops = { ...employee, shops: await core.staff.shopsOf(employee.id) };
        if (opts.add || opts.remove) {
          const add = await shopIds(core, opts.add ?? []);
          const remove = await shopIds(core, opts.remove ?? []);
          const approver = await approverFor(core, opts.pin ?? process.env.POS_PIN, employee.role === 'owner');
          current = await fromArguments(() => core.staff.changeShops(employee.id, { add, remove }, actorOf(approver!, core.tillId)));
        }
        process.stdout.write(`${current.id}\t${current.name}\t${shopsText(current, codes)}\n`);
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
