// `pos import …`: files from a spreadsheet into the shop. A file is checked
// whole first; one bad row and nothing is imported, every error is listed
// with its line number (on stderr, exit 2: the file is bad input).
import { Command } from 'commander';
import { parseArticleFile } from '../core/catalogue/article-import.js';
import { parseCustomerFile } from '../core/customers/customer-import.js';
import { InputError } from '../core/basics/errors.js';
import type { FileEncoding } from '../core/basics/file-encoding.js';
import { actorFromPin, withCore } from './context.js';
import { encodingOption, readTextFile } from './text-file.js';

export function importCommand(): Command {
  const command = new Command('import').description('importe un fichier CSV (UTF-8, ou --encoding latin1|latin9|cp1252 ; séparateur ; ou ,)');
  command
    .command('customers')
    .description('clients : une ligne d\'en-tête (code, prenom, nom, telephone, email, adresse, code_postal, ville, groupe, remise, decouvert, notes…)')
    .argument('<file>', 'fichier CSV')
    .option('--create-groups', 'crée les groupes absents (sinon ils doivent exister : pos groups add)')
    .addOption(encodingOption())
    .option('--pin <pin>', "code PIN d'un employé autorisé (env POS_PIN)")
    .action(async (file: string, opts: { encoding: FileEncoding; pin?: string; createGroups?: boolean }, cmd: Command) => {
      const text = await readTextFile(file, opts.encoding);
      await withCore(cmd, async (core) => {
        const actor = await actorFromPin(core, opts.pin, 'import_customers');
        const groups = await core.customers.groups();
        if (!groups.some((g) => g.isDefault)) groups.push(await core.customers.defaultGroup());
        const result = parseCustomerFile(text, groups, await core.customers.codes(), { createGroups: opts.createGroups === true });
        if (!result.ok) {
          process.stderr.write(`${result.errors.join('\n')}\n`);
          if (result.missingGroups) process.stderr.write(`groupe(s) absent(s) : ${result.missingGroups.join(', ')} — relancez avec --create-groups pour les créer, ou créez-les d'abord (pos groups add)\n`);
          throw new InputError(`${file} refusé : ${result.errors.length} erreur(s), aucun client importé`);
        }
        const { created: n, groups: newGroups } = await core.customerGroups.importCustomers(result.customers, result.newGroups, actor);
        const made = newGroups.length ? `, ${newGroups.length} groupe(s) créé(s) : ${newGroups.join(', ')}` : '';
        process.stdout.write(`${n} client(s) importé(s) depuis ${file}${made}\n`);
      });
    });
  command
    .command('articles')
    .description('articles, créés ou mis à jour par PLU (sinon premier code-barres) : plu, code_barres, nom, categorie, prix, tva, cout, unite, points, stock_min, fournisseur, ref_fournisseur, colisage, qte_min_commande…')
    .argument('<file>', 'fichier CSV')
    .option('--create-categories', 'crée les catégories absentes (sinon elles doivent exister)')
    .addOption(encodingOption())
    .option('--pin <pin>', "code PIN d'un employé autorisé (env POS_PIN)")
    .action(async (file: string, opts: { createCategories?: boolean; encoding: FileEncoding; pin?: string }, cmd: Command) => {
      const text = await readTextFile(file, opts.encoding);
      await withCore(cmd, async (core) => {
        const actor = await actorFromPin(core, opts.pin, 'import_articles');
        const result = parseArticleFile(text, {
          categories: await core.categories.all(),
          taxRates: await core.taxRates.list(),
          suppliers: await core.suppliers.list(),
          ...(await core.articleFiles.codes()),
          createCategories: opts.createCategories === true,
        });
        if (!result.ok) {
          process.stderr.write(`${result.errors.join('\n')}\n`);
          throw new InputError(`${file} refusé : ${result.errors.length} erreur(s), aucun article importé`);
        }
        const { created, updated } = await core.articleFiles.importArticles(result, actor.employeeId);
        const categories = result.newCategories.length ? `, ${result.newCategories.length} catégorie(s) créée(s)` : '';
        process.stdout.write(`${created} article(s) créé(s), ${updated} mis à jour depuis ${file}${categories}\n`);
      });
    });
  return command;
}
