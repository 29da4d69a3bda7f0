// The ordering page on a company of several shops (issue #22), over real
// HTTP on both engines: with one shop nothing asks for a shop; once a second
// shop opens (while the server runs), the employee chooses it after signing
// in, every page names it and acts for it (its low stock, its proposals and
// orders, deliveries into its stock), another shop's order is not on its
// pages, and the choice is remembered by the session.
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Article } from '../../src/core/catalogue/article.js';
import { actorOf } from '../../src/core/fiscal/audit.service.js';
import type { Supplier } from '../../src/core/stock/suppliers.service.js';
import { buildServer } from '../../src/server/app.js';
import { orderingPage, SESSION_COOKIE } from '../../src/server/ordering/plugin.js';
import { ENGINES } from '../helpers/engines.js';
import { FormClient, listenOnLoopback } from '../helpers/form-client.js';
import { coreFixture } from '../helpers/shop.js';

describe.each(ENGINES)('the ordering page with several shops on %s', (engine) => {
  const fx = coreFixture(engine);
  let app: FastifyInstance;
  let base = '';
  let supplier: Supplier;
  let coffee: Article;
  let portId = 0;
  let client: FormClient;

  beforeAll(async () => {
    supplier = await fx.core.suppliers.create({ name: 'Torréfaction Dupont', contact: '', email: '', phone: '', leadTimeDays: 3, minOrderValue: 0 });
    const grocery = fx.shop.nutella;
    coffee = await fx.core.catalog.createArticle({
      plu: '502', name: 'Café moulu 250 g', categoryId: grocery.categoryId, price: 590, taxRateId: grocery.taxRateId,
      cost: 400, initialStock: 10000, minStock: 3000, supplierId: supplier.id, supplierRef: 'CAF-250',
    });
    app = await buildServer(fx.core, { plugins: [orderingPage] });
    base = await listenOnLoopback(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  const sessionRow = (c: FormClient) => fx.core.knex('web_sessions').where({ id_hash: createHash('sha256').update(c.cookies.get(SESSION_COOKIE)!).digest('hex') }).first();
  const portStock = async (articleId: number) => (await fx.core.shops.articleValues(portId, [articleId]))[0]?.stockQty ?? 0;

  test('with one shop the pages are as before: no choice, no shop name', async () => {
    const one = new FormClient(base);
    expect((await one.signIn('1234')).location).toBe('/');
    const home = await one.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).not.toContain('Boutique :');
    expect(home.body).not.toContain('href="/shop"');
    expect((await one.get('/shop')).location).toBe('/');
  });

  test('a second shop opened while serving: the page starts on this server\'s shop, names it, offers the employee\'s shops; a shop not offered is refused', async () => {
    const by = actorOf(fx.shop.manager, fx.core.tillId);
    portId = (await fx.core.shops.add({ code: 'port', name: 'Boutique du port' }, by)).id;
    await fx.core.shops.placeTill(2, portId, by);
    // Marc works in both shops (staff per shop): the owner assigns him to the port.
    const owner = await fx.core.staff.create({ name: 'Anne Patronne', role: 'owner', pin: '739184' });
    await fx.core.staff.assignShop(fx.shop.manager.id, portId, actorOf(owner, fx.core.tillId));
    client = new FormClient(base);
    expect((await client.signIn('1234')).location).toBe('/');
    const home = await client.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Ma boutique');
    expect(home.body).toContain('href="/shop"');
    const choice = await client.get('/shop');
    expect(choice.statusCode).toBe(200);
    expect(choice.body).toContain('Choisir la boutique');
    expect(choice.body).toContain('Commander pour Boutique du port (port)');
    expect(choice.body).toContain('Commander pour Ma boutique (principal)');
    const refused = await client.post('/shop', { shopId: '999' });
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('pas ouverte pour vous');
    expect(Number((await sessionRow(client)).shop_id)).toBe(1);
    expect((await client.post('/shop', { shopId: String(portId) }, null)).statusCode).toBe(403); // no CSRF token
    expect(Number((await sessionRow(client)).shop_id)).toBe(1);
  });

  test('the chosen shop: its name on every page, its low stock, its proposal, sending and receiving into its stock', async () => {
    await client.get('/shop');
    const chosen = await client.post('/shop', { shopId: String(portId) });
    expect([chosen.statusCode, chosen.location]).toEqual([303, '/?done=shop']);
    expect(Number((await sessionRow(client)).shop_id)).toBe(portId);
    const home = await client.get('/?done=shop');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Boutique : Boutique du port');
    expect(home.body).toContain('Boutique choisie : Boutique du port.');
    expect(home.body).toContain('Café moulu 250 g'); // none at the port, minimum 3
    expect(home.body).toContain('href="/shop"');

    await client.get('/orders');
    const proposed = await client.post('/orders/propose');
    expect(proposed.location).toBe('/orders?done=proposed');
    const drafts = await fx.core.knex('purchase_orders').where({ status: 'draft' }).select('id', 'shop_id');
    expect(drafts.map((d) => Number(d.shop_id))).toEqual([portId]);
    const draftId = Number(drafts[0]!.id);
    const orders = await client.get('/orders?done=proposed');
    expect(orders.body).toContain('Boutique : Boutique du port');
    expect(orders.body).toContain(`/orders/${draftId}`);
    const proposal = await fx.core.knex('audit_events').where({ kind: 'purchase_order', employee_id: fx.shop.manager.id }).orderBy('id', 'desc').first('details');
    expect(JSON.parse(String(proposal.details))).toMatchObject({ action: 'propose' });

    await client.get(`/orders/${draftId}`);
    expect((await client.post(`/orders/${draftId}/quantities`, { [`q${coffee.id}`]: '4' })).location).toBe(`/orders/${draftId}?done=saved`);
    expect((await client.post(`/orders/${draftId}/send`)).location).toBe(`/orders/${draftId}?done=sent`);
    const mainBefore = await fx.core.stock.quantity(coffee.id);
    const page = await client.get(`/orders/${draftId}`);
    expect(page.body).toContain('Boutique : Boutique du port');
    const received = await client.post(`/orders/${draftId}/receive`, { all: '1' });
    expect(received.location).toBe(`/orders/${draftId}?done=received`);
    expect(await portStock(coffee.id)).toBe(4000);
    expect(await fx.core.stock.quantity(coffee.id)).toBe(mainBefore);
    const receipt = await fx.core.knex('stock_moves').where({ article_id: coffee.id, reason: 'receipt' }).first('shop_id', 'employee_id');
    expect([Number(receipt.shop_id), Number(receipt.employee_id)]).toEqual([portId, fx.shop.manager.id]);
  });

  test("another shop's order is not on the chosen shop's pages; switching back shows the main shop's", async () => {
    const mainDraft = await fx.core.purchasing.createDraft(supplier.id);
    await fx.core.purchasing.addLine(mainDraft.id, coffee.id, 1000);
    expect((await client.get(`/orders/${mainDraft.id}`)).statusCode).toBe(404);
    expect((await client.get('/orders')).body).not.toContain(`/orders/${mainDraft.id}"`);
    expect((await client.post(`/orders/${mainDraft.id}/send`)).statusCode).toBe(404);
    expect((await fx.core.purchasing.get(mainDraft.id))!.status).toBe('draft');

    await client.get('/shop');
    expect((await client.post('/shop', { shopId: String(fx.core.shopId) })).statusCode).toBe(303);
    const home = await client.get('/');
    expect(home.body).toContain('Boutique : Ma boutique');
    expect(home.body).not.toContain('Café moulu 250 g'); // 10 at the main shop, minimum 3
    const orders = await client.get('/orders');
    expect(orders.body).toContain(`/orders/${mainDraft.id}"`);
    expect((await client.get(`/orders/${mainDraft.id}`)).statusCode).toBe(200);
  });
});
