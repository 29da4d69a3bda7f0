// `pos customers …`: customer segments from the purchase history. `segment`
// lists the customers some criteria pick (or a saved segment's), as a table,
// CSV or JSON; `--for-mailing` keeps only those who accepted the shop's
// offers (the list meant for a mailing never holds anyone else) and writes
// CSV unless told otherwise. `--save NAME` keeps the criteria under a name (a
// promotion can then be limited to it: pos promotions add … --segment NAME);
// `segments` lists the saved ones and removes one. Bad criteria are a bad
// command line: a message on stderr, exit 2, nothing read or written.
import { Command, Option } from 'commander';
import { localDate } from '../core/basics/clock.js';
import { writeCsv } from '../core/basics/csv.js';
import { InputError } from '../core/basics/errors.js';
import { formatMoney } from '../core/basics/money.js';
import { formatConsent } from '../core/customers/consent.js';
import { customerName } from '../core/customers/customer-name.js';
import { describeCriteria, parseSegmentOptions, type SegmentCriteria, type SegmentOptions } from '../core/customers/segment.js';
import type { SavedSegment, SegmentMember } from '../core/customers/segments.service.js';
import { actorFromPin, fromArguments, UsageError, withCore } from './context.js';

type Format = 'table' | 'csv' | 'json';

interface SegmentCommandOptions extends SegmentOptions {
  saved?: string;
  forMailing?: boolean;
  format?: Format;
  separator: ';' | ',';
  bom?: boolean;
  save?: string;
  pin?: string;
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

const money = (cents: number) => formatMoney(cents, 'fr', { symbol: false }).replace(/\s/g, '');

function writeMembers(members: SegmentMember[], format: Format, separator: ';' | ',', bom: boolean): void {
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(members.map((m) => ({
      code: m.customer.code, firstName: m.customer.firstName, lastName: m.customer.lastName, email: m.customer.email, phone: m.customer.phone,
      lastVisit: m.activity.lastVisit, daysSinceVisit: m.daysSinceVisit, visits: m.activity.visits, spent: m.activity.spent,
      topCategories: m.topCategories, marketingConsent: m.customer.marketingConsent, marketingConsentAt: m.customer.marketingConsentAt,
    })), null, 2)}\n`);
    return;
  }
  const headers = ['code', 'nom', 'email', 'telephone', 'derniere_visite', 'jours', 'visites', 'depense', 'categories', 'consentement'];
  const rows = members.map((m) => [
    m.customer.code, customerName(m.customer), m.customer.email, m.customer.phone, m.activity.lastVisit ?? '',
    m.daysSinceVisit === null ? '' : String(m.daysSinceVisit), String(m.activity.visits), money(m.activity.spent),
    m.topCategories.join(format === 'csv' ? ' | ' : ', '), formatConsent(m.customer.marketingConsent),
  ]);
  if (format === 'csv') process.stdout.write(`${bom ? '\uFEFF' : ''}${writeCsv(headers, rows, separator)}`);
  else if (rows.length === 0) process.stderr.write('Aucun client dans ce segment\n');
  else process.stdout.write(table(headers, rows));
}

function writeSegments(segments: SavedSegment[], format: Format): void {
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(segments, null, 2)}\n`);
    return;
  }
  const headers = ['nom', 'criteres', 'promotions', 'cree_par', 'cree_le'];
  const rows = segments.map((s) => [s.name, describeCriteria(s.criteria), s.promotions.map((p) => `${p.id} ${p.name}`).join(', '), s.createdBy ?? '', localDate(new Date(s.createdAt))]);
  if (format === 'csv') process.stdout.write(writeCsv(headers, rows));
  else if (rows.length === 0) process.stderr.write('Aucun segment enregistré\n');
  else process.stdout.write(table(headers, rows));
}

/** The criteria typed on the command line, checked before the database opens. */
function typedCriteria(opts: SegmentCommandOptions): SegmentCriteria | null {
  const typed = [opts.lapsed, opts.recent, opts.minSpent, opts.minVisits, opts.since, opts.category].some((v) => v !== undefined);
  if (opts.saved !== undefined) {
    if (typed) throw new UsageError('--saved reprend les critères du segment enregistré : ne les combinez pas avec --lapsed, --min-spent…');
    if (opts.save !== undefined) throw new UsageError('--saved et --save ne vont pas ensemble');
    return null;
  }
  return fromArgumentsSync(() => parseSegmentOptions(opts));
}

/** A pure rule's refusal is a bad command line (exit 2). */
function fromArgumentsSync<T>(work: () => T): T {
  try {
    return work();
  } catch (err) {
    if (err instanceof InputError) throw new UsageError(err.message);
    throw err;
  }
}

const formatOption = () => new Option('--format <format>', 'sortie (défaut : table ; csv avec --for-mailing)').choices(['table', 'csv', 'json']);

export function customersCommand(): Command {
  const command = new Command('customers').description('clients : segments selon les achats (récence, fréquence, montant, catégories)');
  command
    .command('segment')
    .description('liste les clients que des critères retiennent (montants TTC, nets des retours)')
    .option('--lapsed <jours>', 'venus au moins une fois, mais pas depuis ce nombre de jours')
    .option('--recent <jours>', 'venus dans ce nombre de jours')
    .option('--min-spent <montant>', 'ont dépensé au moins ce montant, ex. 100,00')
    .option('--min-visits <n>', 'sont venus au moins n fois')
    .option('--since <AAAA-MM-JJ>', 'visites, montant et catégories comptés depuis ce jour (défaut : tout l\'historique)')
    .option('--category <nom>', 'ont acheté dans cette catégorie')
    .option('--consenting', 'seulement ceux qui acceptent les offres')
    .option('--saved <nom>', 'les critères d\'un segment enregistré')
    .option('--for-mailing', 'liste pour un envoi d\'offres : seulement les clients consentants (CSV par défaut)')
    .addOption(formatOption())
    .addOption(new Option('--separator <sep>', 'séparateur CSV').choices([';', ',']).default(';'))
    .option('--bom', 'marque UTF-8 en tête du CSV (pour Excel)')
    .option('--save <nom>', 'enregistre ces critères sous ce nom (avec --pin)')
    .option('--pin <pin>', "code PIN d'un employé autorisé à modifier les clients, pour --save (env POS_PIN)")
    .action(async (opts: SegmentCommandOptions, cmd: Command) => {
      const typed = typedCriteria(opts);
      const format: Format = opts.format ?? (opts.forMailing ? 'csv' : 'table');
      await withCore(cmd, async (core) => {
        let criteria = typed ?? (await fromArguments(() => core.segments.byName(opts.saved!))).criteria;
        // A mailing list holds only customers who said yes to the shop's offers.
        if (opts.forMailing) criteria = { ...criteria, consenting: true };
        else if (opts.consenting) criteria = { ...criteria, consenting: true };
        if (opts.save !== undefined) {
          const actor = await actorFromPin(core, opts.pin, 'edit_customers');
          const saved = await fromArguments(() => core.segments.save(opts.save!, criteria, actor));
          process.stderr.write(`Segment « ${saved.name} » enregistré : ${describeCriteria(saved.criteria)}\n`);
        }
        writeMembers(await fromArguments(() => core.segments.members(criteria)), format, opts.separator, opts.bom === true);
      });
    });
  command
    .command('segments')
    .description('segments enregistrés (critères, promotions qui s\'en servent) ; --remove en retire un')
    .addOption(new Option('--format <format>', 'sortie').choices(['table', 'csv', 'json']).default('table'))
    .option('--remove <nom>', 'retire ce segment (refusé si une promotion s\'en sert)')
    .option('--pin <pin>', "code PIN d'un employé autorisé à modifier les clients, pour --remove (env POS_PIN)")
    .action(async (opts: { format: Format; remove?: string; pin?: string }, cmd: Command) => {
      await withCore(cmd, async (core) => {
        if (opts.remove !== undefined) {
          const actor = await actorFromPin(core, opts.pin, 'edit_customers');
          const removed = await fromArguments(() => core.segments.remove(opts.remove!, actor));
          process.stderr.write(`Segment « ${removed.name} » supprimé\n`);
          return;
        }
        writeSegments(await core.segments.list(), opts.format);
      });
    });
  return command;
}
