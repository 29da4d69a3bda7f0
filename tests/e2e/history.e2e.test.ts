// The real till in a real terminal (tmux, 80x24): a customer's card scanned,
// F4 shows their purchases, Enter copies a past sale, paying makes a new sale
// with the same articles; Ctrl+W repeats the last sale in one key.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../../src/core/shop/core.service.js';
import type { Customer } from '../../src/core/customers/customers.service.js';
import { customerName } from '../../src/core/customers/customer-name.js';
import type { HistorySale } from '../../src/core/customers/customer-history.service.js';
import { runPos } from '../helpers/run-pos.js';
import { TmuxTill } from '../helpers/tmux.js';

describe('purchase history end to end', () => {
  let dir: string;
  let dbFile: string;
  let customer: Customer;
  let past: HistorySale[];
  let till: TmuxTill | null = null;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pos-e2e-hist-'));
    dbFile = join(dir, 'pos.sqlite3');
    const seeded = runPos(['db', 'seed', '--demo', '--days', '3', '--db', dbFile]);
    if (seeded.code !== 0) throw new Error(seeded.stderr);
    const core = await openCore({ db: dbFile });
    try {
      // The demo customer with the most sales, so the list has something to show.
      const [best] = (await core.knex('sales').whereNotNull('customer_id').groupBy('customer_id').select('customer_id').count({ n: '*' }).orderBy('n', 'desc').limit(1)) as Array<{ customer_id: number }>;
      customer = (await core.customers.get(Number(best!.customer_id)))!;
      past = await core.history.sales(customer.id);
    } finally {
      await core.close();
    }
  }, 120_000);
  afterEach(() => till?.stop());
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  test('F4, Enter, pay: a new sale with the past sale\'s articles; Ctrl+W repeats the last one', async () => {
    till = new TmuxTill('history');
    till.start(['--db', dbFile, '--printer', `file:${join(dir, 'receipts.txt')}`]);
    await till.waitFor('Code PIN');
    till.type('0000');
    till.press('Enter');
    await till.waitFor('TICKET');
    till.type(`${customer.code}\r`);
    await till.waitFor(`Client : ${customerName(customer)}`);
    till.press('F4');
    const screen = await till.waitFor(`Achats de ${customerName(customer)}`);
    expect(screen).toContain(`n° ${past[0]!.number}`);
    till.press('Enter');
    await till.waitFor(`Vente n° ${past[0]!.number} recopiée`);
    till.press('F12');
    await till.waitFor('ENCAISSEMENT');
    till.type('c');
    await till.waitFor(/Vente n° \d+ enregistrée/);

    // The card again (the finished ticket let the customer go), then Ctrl+W.
    till.type(`${customer.code}\r`);
    await till.waitFor(`Client : ${customerName(customer)}`);
    till.press('C-w');
    await till.waitFor(/Vente n° \d+ recopiée/);
    till.press('C-a');
    await till.waitFor('PIN responsable — Annuler le ticket'); // a cashier's cancel takes a manager's PIN
    till.type('1234');
    till.press('Enter');
    await till.waitFor('Annuler le ticket en cours ?');
    till.type('o');
    await till.waitFor('Ticket annulé');

    const core = await openCore({ db: dbFile });
    try {
      const [fresh] = await core.history.sales(customer.id, { limit: 1 });
      expect(fresh!.number).toBeGreaterThan(past[0]!.number);
      // Quantity per article (two lines of one article may have become one).
      const articles = (s: HistorySale) => {
        const out = new Map<number | null, number>();
        for (const l of s.lines) out.set(l.articleId, (out.get(l.articleId) ?? 0) + l.quantity);
        return [...out].sort((a, b) => Number(a[0]) - Number(b[0]));
      };
      expect(articles(fresh!)).toEqual(articles(past[0]!));
      // The old sale is unchanged.
      expect((await core.history.sales(customer.id)).slice(1)).toEqual(past);
    } finally {
      await core.close();
    }
  }, 120_000);
});
