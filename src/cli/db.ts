// `pos db …`: set up a database (migrate) and fill it with the demo shop.
import { Command, InvalidArgumentError } from 'commander';
import { describeTarget, migrate, openDb, parseDbTarget } from '../core/basics/db.service.js';
import { globalsOf, parsePositiveInt, UsageError, withCore } from './context.js';
import { formatMoney } from '../core/basics/money.js';
import { formatQuantity } from '../core/basics/quantity.js';

// `--size`, not `--scale`: the global `--scale` names the weighing scale (issue #17).
function parseSize(value: string): number {
  const scale = Number(value);
  if (!/^\d+(\.\d+)?$/.test(value) || !(scale > 0) || scale > 1) throw new InvalidArgumentError(`--size attend un nombre entre 0 et 1 (reçu « ${value} »)`);
  return scale;
}

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
    .option('--busy', 'la boutique chargée du banc de mesure (100 000 articles, 2 000 clients, un an de ventes)')
    .option('--size <x>', 'taille de la boutique chargée (1 : la taille complète, 0.1 : dix fois moins)', parseSize, 1)
    .option('--days <n>', "jours d'historique de ventes", parsePositiveInt('--days'), 61)
    .action(async (opts: { demo?: boolean; busy?: boolean; size: number; days: number }, command: Command) => {
      if (opts.demo === opts.busy) throw new UsageError('précisez un jeu de données : pos db seed --demo ou pos db seed --busy');
      // The old `--scale 0.1` now lands on the global --scale (the weighing scale): said, not a full-size shop silently.
      const globalScale = (command.optsWithGlobals() as { scale?: string }).scale;
      if (globalScale !== undefined && !globalScale.includes(':') && globalScale !== 'none') {
        throw new UsageError(`--scale ${globalScale} : la taille de la boutique chargée s'écrit --size ${globalScale} (--scale désigne la balance)`);
      }
      if (opts.busy) {
        await withCore(command, async (core) => {
          const { seedBusyShop, busyShopSizes } = await import('../../db/seeds/busy-shop.js');
          const started = performance.now();
          const s = await seedBusyShop(core, busyShopSizes(opts.size));
          process.stdout.write(
            `Boutique chargée créée en ${((performance.now() - started) / 1000).toFixed(1)} s : ${s.articles} articles, ` +
              `${s.customers} clients, ${s.sales} ventes (${s.lines} lignes) sur ${s.tills} caisses.\n` +
              'Codes PIN : gérante 1234, caissiers 0000, 1111, 2222.\n',
          );
        });
        return;
      }
      await withCore(command, async (core) => {
        const { seedDemo } = await import('../../db/seeds/demo.js');
        const { DEMO_LABELS } = await import('../../db/seeds/demo-data.js');
        const summary = await seedDemo(core, { days: opts.days });
        const label = (l: (typeof DEMO_LABELS)[number]) => `${l.code} ${l.name} ${l.kind === 'price' ? formatMoney(l.value) : formatQuantity(l.value, 'kg')}`;
        process.stdout.write(
          `Boutique de démonstration créée : ${summary.articles} articles, ${summary.customers} clients, ` +
            `${summary.employees} employés, ${summary.sales} ventes passées.\n` +
            'Codes PIN : gérant 1234, caissier 0000.\n' +
            `Étiquettes de balance à essayer : ${DEMO_LABELS.map(label).join(' · ')}\n`,
        );
      });
    });

  return db;
}
