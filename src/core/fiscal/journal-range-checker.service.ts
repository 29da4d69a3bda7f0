// The ranges of sales checked away from the verifier's own connection: in a
// worker thread of `pos journal verify` (src/cli/journal-workers.ts), on a
// connection of the thread's own, to the database named like the command's
// --db. A thread that does not see the database the verifier reads is not
// believed: never a new empty file in place of the shop's (its silence would
// read as sales deleted), and the till's head must be the one the walk read.
import { existsSync } from 'node:fs';
import { openDb, parseDbTarget } from '../basics/db.service.js';
import { num } from '../basics/row-values.js';
import { verifySaleRange, type SaleRangeResult, type SaleRangeTask } from './journal-sale-ranges.service.js';

export interface SaleRangeChecker {
  check(task: SaleRangeTask): Promise<SaleRangeResult>;
  close(): Promise<void>;
}

export async function openSaleRangeChecker(db: string | undefined): Promise<SaleRangeChecker> {
  const target = parseDbTarget(db);
  if (target.engine === 'sqlite' && !existsSync(target.location)) throw new Error(`base introuvable : ${target.location}`);
  const knex = await openDb(target, { check: false });
  const same = new Map<number, Promise<boolean>>();
  const sameDatabase = (task: SaleRangeTask) => {
    let known = same.get(task.tillId);
    if (!known) {
      known = knex('tills')
        .where({ id: task.tillId })
        .first('sale_seq', 'sale_last_hash')
        .then((till) => !!till && num(till.sale_seq) === task.tillHead.saleSeq && String(till.sale_last_hash) === task.tillHead.lastHash);
      same.set(task.tillId, known);
    }
    return known;
  };
  return {
    async check(task) {
      if (!(await sameDatabase(task))) throw new Error('cette connexion ne voit pas la base que la vérification lit');
      return verifySaleRange(knex, task);
    },
    close: () => knex.destroy(),
  };
}
