// `pos db …`: set up a database (migrate) and fill it with the demo shop.
import { Command } from 'commander';
import { describeTarget, migrate, openDb, parseDbTarget } from '../core/db.js';
import { globalsOf, parsePositiveInt, UsageError, withCore } from './context.js';

export function dbCommand(): Command {
  const db = new Command('db').description('base de données : migrations et boutique de démonstration');

  db.command('migrate')
    .description('crée ou met à jour le schéma (SQLite ou PostgreSQL)')
    .action(async (_opts, command: Command) => {
      const globals = globalsOf(command);
      const target = parseDbTarget(globals.db);
      const knex = await openDb(target);
      try {
        const applied = await migrate(knex);
        process.stdout.write(
          applied.length
            ? `Migrations appliquées sur ${describeTarget(target)} : ${applied.join(', ')}\n`
            : `Schéma à jour sur ${describeTarget(target)}\n`,
        );
      } finally {
        await knex.destroy();
      }
    });

  db.command('seed')
    .description('remplit une base vide avec la boutique de démonstration')
    .option('--demo', "l'épicerie fine de démonstration (articles, clients, personnel, deux mois de ventes)")
    .option('--days <n>', "jours d'historique de ventes", parsePositiveInt('--days'), 61)
    .action(async (opts: { demo?: boolean; days: number }, command: Command) => {
      if (!opts.demo) throw new UsageError('précisez le jeu de données : pos db seed --demo');
      await withCore(command, async (core) => {
        const { seedDemo } = await import('../../db/seeds/demo.js');
        const summary = await seedDemo(core, { days: opts.days });
        process.stdout.write(
          `Boutique de démonstration créée : ${summary.articles} articles, ${summary.customers} clients, ` +
            `${summary.employees} employés, ${summary.sales} ventes passées.\n` +
            'Codes PIN : gérant 1234, caissier 0000.\n',
        );
      });
    });

  return db;
}
