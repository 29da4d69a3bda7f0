// `pos api token …`: the HTTP API's tokens, an owner's act (--pin or POS_PIN
// of a patron), each audited under the owner's name. A new token's secret is
// printed once, alone on stdout (for a script to capture); it is stored only
// as a hash and can never be shown again: lose it, revoke it, make another.
import { Command, Option } from 'commander';
import { localDate } from '../core/basics/clock.js';
import { writeCsv } from '../core/basics/csv.js';
import { PosError } from '../core/basics/errors.js';
import { actorOf } from '../core/fiscal/audit.service.js';
import { API_SCOPES, apiTokenState, type ApiToken } from '../core/staff/api-token.js';
import { ROLE_LABELS } from '../core/staff/staff.js';
import { authorizeFromPin, parseCalendarDate, UsageError, withCore } from './context.js';
import { LIST_FORMATS, renderTable, type ListFormat } from './stock-format.js';

const STATE_LABELS = { active: 'actif', revoked: 'révoqué', expired: 'expiré' } as const;

/** A refusal of what was typed (bad name, role, name taken) is a bad command line: exit 2. */
async function fromArguments<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (err instanceof PosError && err.code !== 'PIN') throw new UsageError(err.message);
    throw err;
  }
}

function render(tokens: ApiToken[], today: string, format: ListFormat): string {
  const rows = tokens.map((t) => ({
    name: t.name,
    role: t.role,
    scopes: t.scopes.join(' ') || 'toutes',
    expires: t.expiresOn ?? '',
    state: STATE_LABELS[apiTokenState(t, today)],
    created: t.createdAt.slice(0, 10),
    lastUsed: t.lastUsedAt ? t.lastUsedAt.slice(0, 16).replace('T', ' ') : '',
  }));
  if (format === 'json') return `${JSON.stringify(tokens.map((t) => ({ ...t, state: apiTokenState(t, today) })), null, 2)}\n`;
  const head = ['nom', 'role', 'portees', 'expire_le', 'etat', 'cree_le', 'dernier_usage'];
  const cells = rows.map((r) => [r.name, r.role, r.scopes, r.expires, r.state, r.created, r.lastUsed]);
  if (format === 'csv') return writeCsv(head, cells);
  return cells.length ? renderTable(head, cells, []) : '';
}

export function apiCommand(): Command {
  const command = new Command('api').description("l'API HTTP de pos serve : ses jetons d'accès");
  const token = command.command('token').description("jetons d'accès à l'API (code PIN d'un patron)");
  token
    .command('create')
    .description('crée un jeton ; il est affiché une seule fois')
    .requiredOption('--name <nom>', 'nom du jeton (ex. crm), sous lequel ses écritures sont tracées')
    .addOption(new Option('--role <rôle>', 'droits du jeton, comme un employé').choices(['cashier', 'manager', 'owner']).makeOptionMandatory())
    .addOption(new Option('--scope <ressource...>', 'limite le jeton à ces ressources (défaut : toutes)').choices([...API_SCOPES]))
    .option('--expires <AAAA-MM-JJ>', 'dernier jour de validité', parseCalendarDate('--expires'))
    .option('--pin <pin>', "code PIN d'un patron (env POS_PIN)")
    .action(async (opts: { name: string; role: string; scope?: string[]; expires?: string; pin?: string }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        const owner = await authorizeFromPin(core, opts.pin, 'owner');
        const { token: created, secret } = await fromArguments(() =>
          core.apiTokens.create({ name: opts.name, role: opts.role, scopes: opts.scope, expiresOn: opts.expires ?? null }, actorOf(owner, core.tillId)),
        );
        process.stderr.write(`Jeton « ${created.name} » créé (${ROLE_LABELS[created.role].fr}${created.expiresOn ? `, jusqu'au ${created.expiresOn}` : ''}). Notez-le maintenant : il ne sera plus jamais affiché.\n`);
        process.stdout.write(`${secret}\n`);
      });
    });
  token
    .command('list')
    .description('les jetons, leur rôle, leurs portées et leur état (aucun secret)')
    .addOption(new Option('--format <format>', 'sortie').choices(LIST_FORMATS).default('table'))
    .option('--pin <pin>', "code PIN d'un patron (env POS_PIN)")
    .action(async (opts: { format: ListFormat; pin?: string }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        await authorizeFromPin(core, opts.pin, 'owner');
        const tokens = await core.apiTokens.list();
        if (tokens.length === 0 && opts.format === 'table') process.stderr.write('Aucun jeton (pos api token create)\n');
        process.stdout.write(render(tokens, localDate(core.clock()), opts.format));
      });
    });
  token
    .command('revoke')
    .description("révoque un jeton : l'API le refuse dès la requête suivante")
    .argument('<nom>', 'nom du jeton')
    .option('--pin <pin>', "code PIN d'un patron (env POS_PIN)")
    .action(async (name: string, opts: { pin?: string }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        const owner = await authorizeFromPin(core, opts.pin, 'owner');
        const revoked = await fromArguments(() => core.apiTokens.revoke(name, actorOf(owner, core.tillId)));
        process.stderr.write(`Jeton « ${revoked.name} » révoqué\n`);
      });
    });
  return command;
}
