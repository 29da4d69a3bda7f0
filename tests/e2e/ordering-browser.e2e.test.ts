// The ordering page in a real browser: Debian's Chromium (playwright-core) on
// a 360×740 phone viewport, against the real `bin/pos serve` over a SQLite
// file seeded with the demo shop. From sign-in to a sent order, then a
// delivery received in part; the database is checked afterwards, and no
// page scrolls sideways. Then a second shop opens while the server runs
// (`pos shops add`): after signing in the employee chooses it, and its
// proposals are that shop's.
import { spawn, type ChildProcess } from 'node:child_process';
import { chromium, type Browser, type Page } from 'playwright-core';
import { openCore } from '../../src/core/shop/core.service.js';
import { POS_BIN, ROOT, runPosAsync, seededDemoShop } from '../helpers/run-pos.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const WIDTH = 360;

/** Starts `pos serve` on a free port; resolves with the page's address once it prints it. */
function startServe(db: string): Promise<{ child: ChildProcess; base: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, POS_DB: '', POS_TILL: '' };
  delete env.CI;
  const child = spawn(process.execPath, [POS_BIN, 'serve', '--db', db, '--port', '0'], { cwd: ROOT, env });
  let out = '';
  let err = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += String(d);
      const m = /téléphone : (http:\/\/[^\s]+?)\/?\n/.exec(out);
      if (m) resolve({ child, base: m[1]! });
    });
    child.stderr!.on('data', (d) => (err += String(d)));
    child.on('close', (code) => reject(new Error(`pos serve stopped (${code}): ${err}${out}`)));
  });
}

async function noSideScroll(page: Page): Promise<void> {
  const width = await page.evaluate<number>('document.documentElement.scrollWidth');
  // the page's address in the failure says which page scrolls
  expect({ url: page.url(), fits: width <= WIDTH, width }).toEqual({ url: page.url(), fits: true, width });
}

describe('the ordering page in Chromium on a phone', () => {
  let shop: ReturnType<typeof seededDemoShop>;
  let server: { child: ChildProcess; base: string };
  let browser: Browser;

  beforeAll(async () => {
    shop = seededDemoShop('pos-web-');
    server = await startServe(shop.db);
    browser = await chromium.launch({ executablePath: CHROMIUM });
  });
  afterAll(async () => {
    await browser?.close();
    if (server) {
      const closed = new Promise((r) => server.child.once('close', r));
      server.child.kill('SIGTERM');
      await closed;
    }
    shop?.remove();
  });

  test('sign in, propose, edit, add by search, send, receive in part', async () => {
    const context = await browser.newContext({ viewport: { width: WIDTH, height: 740 }, locale: 'fr-FR' });
    const page = await context.newPage();

    await page.goto(`${server.base}/orders`);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await noSideScroll(page);
    await page.getByLabel('Code PIN').fill('1234');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    await page.waitForURL(`${server.base}/`);
    await expect(page.getByRole('heading', { name: 'Stock bas' }).isVisible()).resolves.toBe(true);
    await noSideScroll(page);

    await page.getByRole('link', { name: 'Commandes' }).click();
    await page.getByRole('button', { name: 'Calculer les propositions' }).click();
    await page.getByText('Propositions calculées').waitFor();
    await noSideScroll(page);

    await page.getByRole('link', { name: /Terroirs de France Distribution/ }).click();
    await page.getByRole('heading', { name: /^Commande PO-/ }).waitFor();
    await noSideScroll(page);
    await page.getByLabel('Confiture fraise 370g').fill('24');
    await page.getByLabel('Nougat blanc 150g').fill('douze');
    await page.getByRole('button', { name: 'Enregistrer les quantités' }).click();
    await page.getByText('quantité « douze » refusée').waitFor();
    await noSideScroll(page);
    await page.getByLabel('Nougat blanc 150g').fill('0');
    await page.getByRole('button', { name: 'Enregistrer les quantités' }).click();
    await page.getByText('Quantités enregistrées.').waitFor();

    await page.getByRole('searchbox').fill('miel lav');
    await page.getByRole('button', { name: 'Chercher' }).click();
    await page.getByLabel('Miel de lavande 250g').fill('6');
    await noSideScroll(page);
    await page.getByRole('button', { name: 'Ajouter' }).click();
    await page.getByText('Miel de lavande 250g ajouté.').waitFor();
    await noSideScroll(page);

    await page.getByRole('button', { name: /^Envoyer la commande/ }).click();
    await page.getByText(/envoyée, livraison attendue le/).waitFor();
    await noSideScroll(page);

    await page.getByLabel('Confiture fraise 370g').fill('10');
    await page.getByLabel('Miel de lavande 250g').fill('6');
    await page.getByRole('button', { name: 'Enregistrer la réception' }).click();
    await page.getByText('Réception enregistrée : commande reçue en partie.').waitFor();
    await noSideScroll(page);

    await page.getByRole('link', { name: 'Historique' }).click();
    await page.getByRole('heading', { name: 'Commandes passées' }).waitFor();
    await noSideScroll(page);
    await page.goto(`${server.base}/orders/past?lang=en`);
    await page.getByRole('heading', { name: 'Past orders' }).waitFor();
    await noSideScroll(page);
    await context.close();

    const core = await openCore({ db: shop.db, migrate: false });
    try {
      const [order] = (await core.purchasing.list({ status: 'past' })).filter((o) => o.supplierName === 'Terroirs de France Distribution');
      expect(order).toBeDefined();
      expect(order!.status).toBe('partial');
      const line = (name: string) => order!.lines.find((l) => l.name === name);
      expect(line('Confiture fraise 370g')).toMatchObject({ quantity: 24000, receivedQty: 10000, due: 14000 });
      expect(line('Miel de lavande 250g')).toMatchObject({ quantity: 6000, receivedQty: 6000 });
      expect(line('Nougat blanc 150g')).toBeUndefined();
      const marc = (await core.staff.list()).find((e) => e.name === 'Marc Lenoir')!;
      const events = await core.knex('audit_events').where({ kind: 'purchase_order', employee_id: marc.id }).select('details');
      expect(events.map((e) => JSON.parse(String(e.details)).action).sort()).toEqual(['add', 'propose', 'receive', 'send', 'set']) // the refused « douze » wrote nothing;
      const moves = await core.knex('stock_moves').where({ purchase_order_id: order!.id, reason: 'receipt' }).select('quantity');
      expect(moves.map((m) => Number(m.quantity)).sort((a, b) => a - b)).toEqual([6000, 10000]);
    } finally {
      await core.close();
    }
  });

  test('a second shop: the server\'s shop first, the port chosen, named on the pages, its own proposals', async () => {
    const added = await runPosAsync(['shops', 'add', 'port', '--name', 'Boutique du port', '--pin', '9999', '--db', shop.db]);
    expect(added.stderr).toContain('Boutique du port');
    expect(added.code).toBe(0);
    // Marc will order for the port too: the owner assigns him there (staff per shop).
    expect((await runPosAsync(['staff', 'shops', 'Marc Lenoir', '--add', 'port', '--pin', '9999', '--db', shop.db])).code).toBe(0);
    const context = await browser.newContext({ viewport: { width: WIDTH, height: 740 }, locale: 'fr-FR' });
    const page = await context.newPage();
    await page.goto(`${server.base}/sign-in`);
    await page.getByLabel('Code PIN').fill('1234');
    await page.getByRole('button', { name: 'Se connecter' }).click();
    // The page starts on the server's own shop, named, with the way to the other one.
    await page.getByText(/^Boutique : /).waitFor();
    await page.getByRole('link', { name: 'Changer de boutique' }).click();
    await page.getByRole('heading', { name: 'Choisir la boutique' }).waitFor();
    await noSideScroll(page);
    await page.getByRole('button', { name: 'Commander pour Boutique du port (port)' }).click();
    await page.getByText('Boutique choisie : Boutique du port.').waitFor();
    await expect(page.getByText('Boutique : Boutique du port').isVisible()).resolves.toBe(true);
    await noSideScroll(page);
    await page.getByRole('link', { name: 'Commandes', exact: true }).click();
    await page.getByRole('button', { name: 'Calculer les propositions' }).click();
    await page.getByText('Propositions calculées').waitFor();
    await expect(page.getByText('Boutique : Boutique du port').isVisible()).resolves.toBe(true);
    await noSideScroll(page);
    await context.close();

    const core = await openCore({ db: shop.db, migrate: false });
    try {
      const port = await core.shops.resolve('port');
      const drafts = await core.knex('purchase_orders').where({ shop_id: port.id, status: 'draft' }).select('id');
      // The port's stock is empty: every article it can order from a supplier is proposed for it.
      expect(drafts.length).toBeGreaterThan(0);
    } finally {
      await core.close();
    }
  });
});
