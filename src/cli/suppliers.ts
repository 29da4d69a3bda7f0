// `pos suppliers list|add|set`: who the shop orders from, with the lead time,
// review period and minimum order value the reorder proposals use. A refused
// value (bad e-mail, negative delay, duplicate name) is a bad command line:
// a message on stderr, exit code 2, nothing changed.
import { Command, Option } from 'commander';
import type { Core } from '../core/shop/core.service.js';
import { writeCsv } from '../core/basics/csv.js';
import { formatMoney, parseMoney } from '../core/basics/money.js';
import type { Supplier, SupplierInput } from '../core/stock/suppliers.service.js';
import { actorFromPin, fromArguments, UsageError, withCore } from './context.js';

type Format = 'table' | 'csv' | 'json';

interface SupplierOptions {
  pin?: string;
  contact?: string;
  email?: string;
  phone?: string;
  leadTime?: string;
  review?: string;
  minOrder?: string;
  notes?: string;
  name?: string;
}


export function textTable(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(headers), ...rows.map(line)].join('\n') + '\n';
}

const money = (cents: number) => formatMoney(cents, 'fr', { symbol: false });

function days(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d{1,3}$/.test(value)) throw new UsageError(`${option} attend un nombre de jours (reçu « ${value} »)`);
  return Number(value);
}

function changesOf(opts: SupplierOptions): Partial<SupplierInput> {
  const changes: Partial<SupplierInput> = {};
  if (opts.name !== undefined) changes.name = opts.name;
  if (opts.contact !== undefined) changes.contact = opts.contact;
  if (opts.email !== undefined) changes.email = opts.email.trim();
  if (opts.phone !== undefined) changes.phone = opts.phone;
  if (opts.notes !== undefined) changes.notes = opts.notes;
  const lead = days('--lead-time', opts.leadTime);
  if (lead !== undefined) changes.leadTimeDays = lead;
  const review = days('--review', opts.review);
  if (review !== undefined) changes.reviewPeriodDays = review;
  if (opts.minOrder !== undefined) {
    const cents = parseMoney(opts.minOrder);
    if (cents === null || cents < 0) throw new UsageError(`--min-order attend un montant HT, ex. 150,00 (reçu « ${opts.minOrder} »)`);
    changes.minOrderValue = cents;
  }
  return changes;
}

/** A supplier by its number or its name (case ignored). */
export async function supplierByKey(core: Core, key: string): Promise<Supplier> {
  const found = /^\d+$/.test(key) ? await core.suppliers.get(Number(key)) : await core.suppliers.byName(key);
  if (!found) throw new UsageError(`fournisseur « ${key} » introuvable (numéro ou nom, voir pos suppliers list)`);
  return found;
}

function writeSuppliers(suppliers: Supplier[], format: Format): void {
  if (format === 'json') {
    process.stdout.write(`${JSON.stringify(suppliers, null, 2)}\n`);
    return;
  }
  const headers = ['id', 'nom', 'contact', 'email', 'telephone', 'delai_jours', 'periode_jours', 'minimum_ht', 'notes'];
  const rows = suppliers.map((s) => [String(s.id), s.name, s.contact, s.email, s.phone, String(s.leadTimeDays), String(s.reviewPeriodDays), money(s.minOrderValue), s.notes]);
  if (format === 'csv') process.stdout.write(writeCsv(headers, rows));
  else if (rows.length === 0) process.stderr.write('Aucun fournisseur\n');
  else process.stdout.write(textTable(headers, rows));
}

const withSupplierOptions = (cmd: Command) =>
  cmd
    .option('--contact <nom>', 'personne à contacter')
    .option('--email <adresse>', 'adresse e-mail des commandes')
    .option('--phone <numéro>', 'téléphone')
    .option('--lead-time <jours>', 'délai de livraison en jours')
    .option('--review <jours>', 'période entre deux commandes en jours (défaut 7)')
    .option('--min-order <montant>', 'minimum de commande HT, ex. 150,00')
    .option('--notes <texte>', 'notes libres')
    .option('--pin <pin>', "code PIN d'un employé autorisé (env POS_PIN)");

export function suppliersCommand(): Command {
  const command = new Command('suppliers').description('fournisseurs : délai de livraison, minimum de commande');
  command
    .command('list')
    .description('les fournisseurs')
    .addOption(new Option('--format <format>', 'sortie').choices(['table', 'csv', 'json']).default('table'))
    .action(async (opts: { format: Format }, cmd: Command) => {
      await withCore(cmd, async (core) => writeSuppliers(await core.suppliers.list(), opts.format));
    });
  withSupplierOptions(command.command('add').description('ajoute un fournisseur').argument('<nom>', 'nom du fournisseur')).action(
    async (name: string, opts: SupplierOptions, cmd: Command) => {
      const changes = changesOf(opts);
      await withCore(cmd, async (core) => {
        const actor = await actorFromPin(core, opts.pin, 'edit_suppliers');
        const created = await fromArguments(() =>
          core.suppliers.create({
            name,
            contact: changes.contact ?? '',
            email: changes.email ?? '',
            phone: changes.phone ?? '',
            leadTimeDays: changes.leadTimeDays ?? 3,
            reviewPeriodDays: changes.reviewPeriodDays,
            minOrderValue: changes.minOrderValue ?? 0,
            notes: changes.notes,
          }, actor),
        );
        writeSuppliers([created], 'table');
      });
    },
  );
  withSupplierOptions(
    command.command('set').description("modifie un fournisseur (seulement les options données)").argument('<fournisseur>', 'numéro ou nom').option('--name <nom>', 'nouveau nom'),
  ).action(async (key: string, opts: SupplierOptions, cmd: Command) => {
    const changes = changesOf(opts);
    if (Object.keys(changes).length === 0) throw new UsageError('rien à modifier : donnez au moins une option (--lead-time, --email, ...)');
    await withCore(cmd, async (core) => {
      const actor = await actorFromPin(core, opts.pin, 'edit_suppliers');
      const supplier = await supplierByKey(core, key);
      writeSuppliers([await fromArguments(() => core.suppliers.update(supplier.id, changes, actor))], 'table');
    });
  });
  return command;
}
