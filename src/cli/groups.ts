// `pos groups list|add|set|remove`: the customer groups (name, discount, price
// level). Reading is free; a change needs the PIN of whoever may edit the
// customers and is audited under their name. A group still used by customers
// or promotions, or the default group, is not removed: the refusal says why.
import { Command, Option } from 'commander';
import { writeCsv } from '../core/basics/csv.js';
import { formatRate, parseRate } from '../core/catalogue/vat.js';
import type { GroupInput, GroupRow } from '../core/customers/customer-groups.service.js';
import { actorFromPin, fromArguments, UsageError, withCore } from './context.js';
import { LIST_FORMATS, renderTable, type ListFormat } from './stock-format.js';

function render(rows: GroupRow[], format: ListFormat): string {
  if (format === 'json') return `${JSON.stringify(rows, null, 2)}\n`;
  if (format === 'csv') {
    return writeCsv(['name', 'discount_bp', 'price_level', 'default', 'customers', 'promotions'], rows.map((g) => [g.name, g.discountBp, g.priceLevel ?? '', g.isDefault ? 1 : 0, g.customers, g.promotions]));
  }
  return renderTable(
    ['Groupe', 'Remise', 'Niveau de prix', 'Clients', 'Promotions'],
    rows.map((g) => [`${g.name}${g.isDefault ? ' (défaut)' : ''}`, g.discountBp ? formatRate(g.discountBp) : '', g.priceLevel ?? '', String(g.customers), String(g.promotions)]),
    [1, 3, 4],
  );
}

/** --discount 5, 2,5 or 0 (no discount): a percentage up to 100. */
function parseDiscount(value: string): number {
  const bp = parseRate(value);
  if (bp === null || bp > 10_000) throw new UsageError(`--discount attend un pourcentage de 0 à 100 (ex. 5 ou 2,5), reçu « ${value.slice(0, 30)} »`);
  return bp;
}

interface GroupOptions {
  discount?: string;
  priceLevel?: string;
  name?: string;
  pin?: string;
}

function inputOf(opts: GroupOptions): GroupInput {
  return {
    ...(opts.name !== undefined ? { name: opts.name } : {}),
    ...(opts.discount !== undefined ? { discountBp: parseDiscount(opts.discount) } : {}),
    ...(opts.priceLevel !== undefined ? { priceLevel: opts.priceLevel } : {}),
  };
}

const describe = (g: { name: string; discountBp: number; priceLevel: string | null }) =>
  `${g.name}\tremise ${formatRate(g.discountBp)}\tniveau de prix ${g.priceLevel ?? '(prix de base)'}\n`;

export function groupsCommand(): Command {
  const command = new Command('groups').description('groupes de clients : remise et niveau de prix de chaque groupe');
  command
    .command('list')
    .description('les groupes, avec combien de clients et de promotions les utilisent')
    .addOption(new Option('--format <format>', 'sortie').choices(LIST_FORMATS).default('table'))
    .action(async (opts: { format: ListFormat }, cmd: Command) => {
      await withCore(cmd, async (core) => process.stdout.write(render(await core.customerGroups.list(), opts.format)));
    });
  command
    .command('add')
    .description("crée un groupe (code PIN d'un employé autorisé à modifier les clients)")
    .argument('<nom>', 'nom du groupe (60 caractères au plus)')
    .option('--discount <pourcentage>', 'remise du groupe, ex. 5 ou 2,5 (défaut 0)')
    .option('--price-level <niveau>', 'niveau de prix des articles (pos prices), vide : le prix de base')
    .option('--pin <pin>', "code PIN d'un employé autorisé (env POS_PIN)")
    .action(async (name: string, opts: GroupOptions, cmd: Command) => {
      const input = { ...inputOf(opts), name };
      await withCore(cmd, async (core) => {
        const actor = await actorFromPin(core, opts.pin, 'edit_customers');
        const group = await fromArguments(() => core.customerGroups.add(input, actor));
        process.stderr.write(`groupe « ${group.name} » créé (${actor.employee.name})\n`);
        process.stdout.write(describe(group));
      });
    });
  command
    .command('set')
    .description("change le nom, la remise ou le niveau de prix d'un groupe (code PIN)")
    .argument('<nom>', 'le groupe à changer')
    .option('--name <nouveau>', 'nouveau nom')
    .option('--discount <pourcentage>', 'remise du groupe, ex. 5 ou 2,5 (0 : aucune)')
    .option('--price-level <niveau>', 'niveau de prix (vide : le prix de base)')
    .option('--pin <pin>', "code PIN d'un employé autorisé (env POS_PIN)")
    .action(async (name: string, opts: GroupOptions, cmd: Command) => {
      const patch = inputOf(opts);
      if (Object.keys(patch).length === 0) throw new UsageError('rien à changer : donnez --name, --discount ou --price-level');
      await withCore(cmd, async (core) => {
        const actor = await actorFromPin(core, opts.pin, 'edit_customers');
        const group = await fromArguments(() => core.customerGroups.update(name, patch, actor));
        process.stderr.write(`groupe « ${group.name} » enregistré (${actor.employee.name})\n`);
        process.stdout.write(describe(group));
      });
    });
  command
    .command('remove')
    .description("supprime un groupe qu'aucun client ni aucune promotion n'utilise (code PIN)")
    .argument('<nom>', 'le groupe à supprimer')
    .option('--pin <pin>', "code PIN d'un employé autorisé (env POS_PIN)")
    .action(async (name: string, opts: { pin?: string }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        const actor = await actorFromPin(core, opts.pin, 'edit_customers');
        const group = await fromArguments(() => core.customerGroups.remove(name, actor));
        process.stdout.write(`groupe « ${group.name} » supprimé (${actor.employee.name})\n`);
      });
    });
  return command;
}
