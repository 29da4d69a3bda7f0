// The real till in a real terminal (tmux, 80x24): sign in, scan, multiply,
// search, return, park and resume, pay cash with change; then the database
// and the captured receipts are checked. And a till killed mid-ticket finds
// its ticket again when it restarts.
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore } from '../../src/core/shop/core.service.js';
import { DEMO_ARTICLES } from '../../db/seeds/demo-data.js';
import { runPos } from '../helpers/run-pos.js';
import { decodeEscPos } from '../helpers/escpos-decoder.js';
import { TmuxTill } from '../helpers/tmux.js';

const article = (name: string) => {
  const a = DEMO_ARTICLES.find((x) => x.name === name);
  if (!a) throw new Error(`no demo article ${name}`);
  return a;
};

describe('the till end to end', () => {
  let dir: string;
  let seededFile: string;
  let dbFile: string;
  let receipts: string;
  const tills: TmuxTill[] = [];

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pos-e2e-'));
    seededFile = join(dir, 'seeded.sqlite3');
    const seeded = runPos(['db', 'seed', '--demo', '--days', '3', '--db', seededFile]);
    if (seeded.code !== 0) throw new Error(seeded.stderr);
  });
  // Each test gets its own copy of the demo shop.
  let copies = 0;
  beforeEach(() => {
    copies += 1;
    dbFile = join(dir, `pos-${copies}.sqlite3`);
    receipts = join(dir, `receipts-${copies}.txt`);
    copyFileSync(seededFile, dbFile);
  });
  afterEach(() => {
    for (const t of tills.splice(0)) t.stop();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const openTill = async (name: string) => {
    const till = new TmuxTill(name);
    tills.push(till);
    till.start(['--db', dbFile, '--printer', `file:${receipts}`]);
    await till.waitFor('Code PIN');
    return till;
  };

  test('a whole sale at the keyboard', async () => {
    const spread = article('Pâte à tartiner noisette');
    const wine = article('Bordeaux Supérieur 2022');
    const jam = article('Confiture abricot 370g');
    const comte = article('Comté 18 mois');
    const till = await openTill('sale');
    till.type('0000');
    till.press('Enter');
    await till.waitFor('TICKET');

    till.type(`${spread.ean13}\r`); // a scanner's burst, CR included
    await till.waitFor('Pâte à tartiner');
    till.type(`3*${wine.plu}`);
    till.press('Enter');
    await till.waitFor('3 Bordeaux');
    till.type('0,250*comt');
    await till.waitFor('« comt »');
    till.press('Enter');
    await till.waitFor('0,250 kg Comté');
    till.type(`-${jam.plu}`);
    till.press('Enter');
    await till.waitFor('PIN responsable'); // a refund: the manager approves
    till.type('1234');
    till.press('Enter');
    await till.waitFor('-1 Confiture');

    till.press('F5');
    await till.waitFor('Ticket mis en attente');
    till.press('F5');
    await till.waitFor('Tickets en attente');
    till.press('Enter');
    await till.waitFor('Ticket repris');
    await till.waitFor('0,250 kg Comté');

    const total = spread.priceCents + 3 * wine.priceCents + Math.round((comte.priceCents * 250) / 1000) - jam.priceCents;
    till.press('F12');
    await till.waitFor('À PAYER');
    till.type('100e');
    await till.waitFor('RENDU');

    const core = await openCore({ db: dbFile });
    try {
      const last = await core.knex('sales').orderBy('id', 'desc').first();
      const sale = (await core.sales.get(Number(last.id)))!;
      expect(sale.total).toBe(total);
      expect(sale.lines.map((l) => [l.name, l.quantity])).toEqual([
        ['Pâte à tartiner noisette', 1000],
        ['Bordeaux Supérieur 2022', 3000],
        ['Comté 18 mois', 250],
        ['Confiture abricot 370g', -1000],
      ]);
      expect(sale.payments).toEqual([{ lineNo: 1, method: 'cash', amount: total, tendered: 10000, reference: '' }]);
      expect(sale.changeGiven).toBe(10000 - total);
      expect((await core.journal.verify()).ok).toBe(true);
      expect(await core.tickets.restore()).toBeNull();
      // The receipt prints in the background, right after the sale.
      const start = Date.now();
      const hasReceipt = () => existsSync(receipts) && decodeEscPos(readFileSync(receipts)).lines.some((l) => l.startsWith(`Vente n° ${sale.number} `));
      while (!hasReceipt() && Date.now() - start < 15_000) await new Promise((r) => setTimeout(r, 100));
      const printed = decodeEscPos(readFileSync(receipts));
      expect(printed.lines.some((l) => l.startsWith(`Vente n° ${sale.number} `))).toBe(true);
      expect(printed.lines).toContain('RETOUR Confiture abricot 370g');
      expect(printed.commands.some((c) => c.name === 'drawerKick')).toBe(true); // cash: the drawer was kicked
      expect(printed.commands.at(-1)?.name).toBe('cut');
    } finally {
      await core.close();
    }
  });

  test("the till's start and stop are NF525 technical events on its audit chain", async () => {
    const till = await openTill('events');
    till.press('C-c'); // quits from the login screen
    const core = await openCore({ db: dbFile });
    try {
      const kinds = async () => (await core.knex('audit_events').where({ till_id: 1 }).whereIn('kind', ['till_start', 'till_stop']).orderBy('seq')).map((e) => String(e.kind));
      const start = Date.now();
      while ((await kinds()).length < 2 && Date.now() - start < 15_000) await new Promise((r) => setTimeout(r, 100));
      expect(await kinds()).toEqual(['till_start', 'till_stop']);
      expect((await core.journal.verify()).ok).toBe(true);
    } finally {
      await core.close();
    }
  });

  test('a price set from the command line shows on the running till within seconds', async () => {
    const jam = article('Confiture abricot 370g'); // first in the first tab's grid
    const till = await openTill('live');
    till.type('0000');
    till.press('Enter');
    await till.waitFor('TICKET');
    await till.waitFor('6,90');
    expect(till.screen()).not.toContain('7,15');
    const set = runPos(['articles', 'set', jam.plu, '--price', '7,15', '--db', dbFile], { POS_PIN: '1234' });
    expect(set.stderr).toBe('');
    expect(set.code).toBe(0);
    // The live poll (every 2 s), not the 30 s safety re-read: waitFor gives up after 15 s.
    await till.waitFor('7,15');
  });

  test('killed mid-ticket, the till restarts with the ticket restored', async () => {
    const wine = article('Bordeaux Supérieur 2022');
    const first = await openTill('crash');
    first.type('0000');
    first.press('Enter');
    await first.waitFor('TICKET');
    first.type(`2*${wine.plu}\r`);
    await first.waitFor('2 Bordeaux');
    process.kill(first.pid(), 'SIGKILL');
    first.stop();

    const again = await openTill('restart');
    again.type('0000');
    again.press('Enter');
    await again.waitFor('2 Bordeaux');
    expect(again.screen()).toMatch(/TOTAL\s+29,80 €/);
  });
});
