// `pos api token …` and `pos api webhook …`: the HTTP API's tokens and its
// outgoing webhooks, an owner's act (--pin or POS_PIN of a patron), each
// audited under the owner's name. A new token's secret is
// printed once, alone on stdout (for a script to capture); it is stored only
// as a hash and can never be shown again: lose it, revoke it, make another.
import { Command, Option } from 'commander';
import { localDate } from '../core/basics/clock.js';
import { writeCsv } from '../core/basics/csv.js';
import { actorOf } from '../core/fiscal/audit.service.js';
import { API_SCOPES, apiTokenState, type ApiToken } from '../core/staff/api-token.js';
import { ROLE_LABELS } from '../core/staff/staff.js';
import { WEBHOOK_EVENTS } from '../core/shop/webhook.js';
import { authorizeFromPin, fromArguments, parseCalendarDate, parsePositiveInt, withCore } from './context.js';
import { LIST_FORMATS, renderTable, type ListFormat } from './stock-format.js';

const STATE_LABELS = { active: 'actif', revoked: 'révoqué', expired: 'expiré' } as const;


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
  const webhook = command.command('webhook').description("webhooks sortants, postés par pos serve, signés HMAC (code PIN d'un patron)");
  webhook
    .command('add')
    .description('enregistre une URL ; son secret de signature est affiché une seule fois')
    .requiredOption('--url <url>', 'http(s)://… qui reçoit les événements en POST JSON')
    .addOption(new Option('--event <événement...>', 'événements envoyés').choices([...WEBHOOK_EVENTS]).makeOptionMandatory())
    .option('--pin <pin>', "code PIN d'un patron (env POS_PIN)")
    .action(async (opts: { url: string; event: string[]; pin?: string }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        const owner = await authorizeFromPin(core, opts.pin, 'owner');
        const { webhook: added, secret } = await fromArguments(() => core.webhooks.add({ url: opts.url, events: opts.event }, actorOf(owner, core.tillId)));
        process.stderr.write(`Webhook ${added.id} : ${added.url} (${added.events.join(', ')}). Secret de signature (X-Pos-Signature), affiché une seule fois :\n`);
        process.stdout.write(`${secret}\n`);
      });
    });
  webhook
    .command('list')
    .description('les webhooks, leurs événements et les envois en attente ou abandonnés')
    .addOption(new Option('--format <format>', 'sortie').choices(LIST_FORMATS).default('table'))
    .option('--pin <pin>', "code PIN d'un patron (env POS_PIN)")
    .action(async (opts: { format: ListFormat; pin?: string }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        await authorizeFromPin(core, opts.pin, 'owner');
        const hooks = await core.webhooks.list();
        if (opts.format === 'json') return void process.stdout.write(`${JSON.stringify(hooks, null, 2)}\n`);
        const head = ['id', 'url', 'evenements', 'actif', 'en_attente', 'abandonnes'];
        const rows = hooks.map((h) => [String(h.id), h.url, h.events.join(' '), h.active ? 'oui' : 'non', String(h.pending), String(h.failed)]);
        if (opts.format === 'csv') process.stdout.write(writeCsv(head, rows));
        else if (rows.length === 0) process.stderr.write('Aucun webhook (pos api webhook add)\n');
        else process.stdout.write(renderTable(head, rows, [0, 4, 5]));
      });
    });
  webhook
    .command('remove')
    .description("retire un webhook : plus rien ne lui est envoyé")
    .argument('<id>', 'numéro du webhook', parsePositiveInt('<id>'))
    .option('--pin <pin>', "code PIN d'un patron (env POS_PIN)")
    .action(async (id: number, opts: { pin?: string }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        const owner = await authorizeFromPin(core, opts.pin, 'owner');
        const removed = await fromArguments(() => core.webhooks.remove(id, actorOf(owner, core.tillId)));
        process.stderr.write(`Webhook ${removed.id} retiré (${removed.url})\n`);
      });
    });
  return command;
}
