// `pos` with no command: prepares the database (migrations, and the demo
// shop on a brand-new one) and opens the till on it.
import type { Command } from 'commander';
import { seedDemo } from '../../db/seeds/demo.js';
import { describeTarget, parseDbTarget } from '../core/db.js';
import { formatMoney } from '../core/money.js';
import { globalsOf, withCore } from './context.js';

export async function startTill(command: Command): Promise<void> {
  const globals = globalsOf(command);
  await withCore(command, async (core) => {
    if ((await core.catalog.countArticles()) === 0 && (await core.sales.count()) === 0) {
      process.stderr.write('Première ouverture : création de la boutique de démonstration…\n');
      const summary = await seedDemo(core);
      process.stderr.write(`${summary.articles} articles, ${summary.customers} clients, ${summary.sales} ventes passées. PIN gérant 1234, caissier 0000.\n`);
    }
    const till = await core.tills.ensure(core.tillId);
    const shop = await core.settings.get('shop.name');
    const report = await core.journal.verify({ tillId: core.tillId });
    process.stdout.write(
      [
        `${shop} — ${till.name} — base ${describeTarget(parseDbTarget(globals.db))}`,
        `${await core.catalog.countArticles()} articles, ${till.saleSeq} ventes, grand total perpétuel ${formatMoney(till.grandTotal, globals.lang)}`,
        `Journal : ${report.ok ? 'intègre' : 'ROMPU (pos journal verify pour le détail)'}`,
        "L'écran de vente (interface Ink) n'est pas encore livré dans cette version : voir le README.",
        '',
      ].join('\n'),
    );
  });
}
