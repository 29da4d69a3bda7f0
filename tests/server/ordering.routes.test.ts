// The ordering page's routes through fastify's inject, on a real core
// (SQLite file, PostgreSQL schema): sign-in through the till's PIN guard,
// session cookie, CSRF on every form, rights from the permission table, and
// each page's change checked in the database afterwards.
import { orderPost } from '../../src/cli/order-mail.js';
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Article } from '../../src/core/catalogue/article.js';
import type { Supplier } from '../../src/core/stock/suppliers.service.js';
import { buildServer } from '../../src/server/app.js';
import { orderingPage, SESSION_COOKIE } from '../../src/server/ordering/plugin.js';
import { ENGINES } from '../helpers/engines.js';
import { FormClient, listenOnLoopback } from '../helpers/form-client.js';
import { coreFixture } from '../helpers/shop.js';

describe.each(ENGINES)('the ordering page on %s', (engine) => {
  let now = new Date(2026, 9, 15, 9, 0, 0);
  const fx = coreFixture(engine, { clock: () => now });
  let app: FastifyInstance;
  let base = '';
  let supplier: Supplier;
  let coffee: Article;
  let cheese: Article;
  let draftId = 0;

  beforeAll(async () => {
    supplier = await fx.core.suppliers.create({ name: 'Torréfaction <Dupont> & fils', contact: '', email: '', phone: '', leadTimeDays: 3, minOrderValue: 0 });
    const grocery = fx.shop.nutella;
    coffee = await fx.core.catalog.createArticle({
      plu: '502', name: 'Café moulu <b>250 g</b>', categoryId: grocery.categoryId, price: 590, taxRateId: grocery.taxRateId,
      cost: 400, initialStock: 1000, minStock: 3000, supplierId: supplier.id, supplierRef: 'CAF-250',
    });
    cheese = await fx.core.catalog.createArticle({
      plu: '503', name: 'Tomme de Savoie', categoryId: grocery.categoryId, price: 1890, taxRateId: grocery.taxRateId,
      cost: 1100, unit: 'kg', initialStock: 200, minStock: 2000, supplierId: supplier.id,
    });
    // as `pos serve` builds it: the API, then the page
    app = await buildServer(fx.core, { plugins: [orderingPage] });
    base = await listenOnLoopback(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  const orderRow = (id: number) => fx.core.knex('purchase_orders').where({ id }).first();

  test('without a session every page sends to the sign-in page', async () => {
    const client = new FormClient(base);
    for (const url of ['/', '/orders', '/orders/past', '/orders/1']) {
      const res = await client.get(url);
      expect([res.statusCode, res.location]).toEqual([303, '/sign-in']);
    }
    const page = await client.get('/sign-in');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('name="viewport"');
    expect(page.body).toContain('Code PIN');
    expect(client.csrf).not.toBe('');
  });

  test('a wrong PIN is refused and counted by the PIN guard; a malformed one is refused before it', async () => {
    const client = new FormClient(base);
    const res = await client.signIn('4321');
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('Code PIN refusé');
    expect(client.cookies.has(SESSION_COOKIE)).toBe(false);
    const failed = await fx.core.knex('audit_events').where({ kind: 'pin_failed' }).select('details');
    expect(failed.map((r) => JSON.parse(String(r.details)).attempt)).toContain('web:login');
    const bad = await client.post('/sign-in', { pin: '12ab' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('que des chiffres');
    // the right PIN starts the count again, for the lockout test below
    expect((await new FormClient(base).signIn('1234')).statusCode).toBe(303);
  });

  test('a form without its CSRF token, or with a forged one, gets 403 and changes nothing', async () => {
    const client = new FormClient(base);
    await client.get('/sign-in');
    expect((await client.post('/sign-in', { pin: '1234' }, null)).statusCode).toBe(403);
    expect((await client.post('/sign-in', { pin: '1234' }, 'forged-token')).statusCode).toBe(403);
    expect(client.cookies.has(SESSION_COOKIE)).toBe(false);
    expect((await client.signIn('1234')).statusCode).toBe(303);
    const drafts = await fx.core.knex('purchase_orders').count({ n: '*' }).first();
    const refused = await client.post('/orders/propose', {}, null);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('Formulaire expiré');
    expect((await fx.core.knex('purchase_orders').count({ n: '*' }).first())!.n).toEqual(drafts!.n);
  });

  test('sign-in opens a session kept hashed, in an HttpOnly SameSite=Strict cookie', async () => {
    const client = new FormClient(base);
    const res = await client.signIn('1234');
    expect([res.statusCode, res.location]).toEqual([303, '/']);
    const setCookie = res.setCookies.find((c) => c.startsWith(`${SESSION_COOKIE}=`))!;
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);
    const id = client.cookies.get(SESSION_COOKIE)!;
    expect(id.length).toBeGreaterThanOrEqual(40);
    const row = await fx.core.knex('web_sessions').where({ id_hash: createHash('sha256').update(id).digest('hex') }).first();
    expect(row).toMatchObject({ employee_id: fx.shop.manager.id });
    expect(await fx.core.knex('web_sessions').where({ id_hash: id }).first()).toBeUndefined();
    const logins = await fx.core.knex('audit_events').where({ kind: 'login', employee_id: fx.shop.manager.id }).select('details');
    expect(logins.some((r) => JSON.parse(String(r.details)).where === 'web')).toBe(true);
  });

  test('low stock lists the articles under their minimum, escaped', async () => {
    const client = new FormClient(base);
    await client.signIn('1234');
    const res = await client.get('/');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Café moulu &lt;b&gt;250 g&lt;/b&gt;');
    expect(res.body).not.toContain('<b>250 g</b>');
    expect(res.body).toContain('Tomme de Savoie');
    expect(res.body).toContain('Torréfaction &lt;Dupont&gt; &amp; fils');
    expect(res.body).not.toContain('Bordeaux'); // 12 in stock, minimum 3
    expect(res.headers['content-security-policy']).toMatch(/default-src 'none'/);
    expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
    expect((await client.get('/orders/999999')).statusCode).toBe(404);
    expect((await client.get('/orders/abc')).statusCode).toBe(404);
  });

  test('a manager proposes, edits the draft, adds an article found by search and sends it', async () => {
    const client = new FormClient(base);
    await client.signIn('1234');
    await client.get('/orders');
    const proposed = await client.post('/orders/propose');
    expect([proposed.statusCode, proposed.location]).toEqual([303, '/orders?done=proposed']);
    const list = await client.get('/orders?done=proposed');
    expect(list.body).toContain('Propositions calculées');
    const draft = (await fx.core.purchasing.list({ status: 'draft' })).find((o) => o.supplierId === supplier.id)!;
    draftId = draft.id;
    expect(list.body).toContain(`/orders/${draftId}`);
    expect(draft.lines.map((l) => l.articleId).sort()).toEqual([coffee.id, cheese.id].sort());

    const page = await client.get(`/orders/${draftId}`);
    expect(page.body).toContain(`name="q${coffee.id}"`);
    // bad quantities: a clear message, nothing changed
    for (const [text, why] of [['abc', 'illisible'], ['2,5', 'entière'], ['-3', 'positive'], ['1000000', 'trop grande']] as const) {
      const res = await client.post(`/orders/${draftId}/quantities`, { [`q${coffee.id}`]: text, [`q${cheese.id}`]: '2,5' });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain(why);
      expect(res.body).toContain(`value="${text}"`);
    }
    expect((await fx.core.purchasing.get(draftId))!.lines.map((l) => l.quantity).sort()).toEqual(draft.lines.map((l) => l.quantity).sort());
    const saved = await client.post(`/orders/${draftId}/quantities`, { [`q${coffee.id}`]: '12', [`q${cheese.id}`]: '2,5' });
    expect([saved.statusCode, saved.location]).toEqual([303, `/orders/${draftId}?done=saved`]);
    const edited = (await fx.core.purchasing.get(draftId))!;
    expect(Object.fromEntries(edited.lines.map((l) => [l.articleId, l.quantity]))).toEqual({ [coffee.id]: 12000, [cheese.id]: 2500 });

    const found = await client.get(`/orders/${draftId}?q=${encodeURIComponent('pâte tart')}`);
    expect(found.body).toContain('Pâte à tartiner noisette');
    expect(found.body).toContain(`name="articleId" value="${fx.shop.nutella.id}"`);
    const notFound = await client.get(`/orders/${draftId}?q=zzzz`);
    expect(notFound.body).toContain('Aucun article pour « zzzz »');
    const control = await client.get(`/orders/${draftId}?q=${encodeURIComponent('caf\u001b[41m')}`);
    expect(control.statusCode).toBe(400);
    expect(control.body).toContain('caractère de contrôle U+001B');
    const added = await client.post(`/orders/${draftId}/add`, { articleId: String(fx.shop.nutella.id), quantity: '6' });
    expect(added.statusCode).toBe(303);
    expect((await client.get(added.location!)).body).toContain('Pâte à tartiner noisette ajouté');
    expect((await fx.core.purchasing.get(draftId))!.lines.find((l) => l.articleId === fx.shop.nutella.id)?.quantity).toBe(6000);
    const tooLong = await client.post(`/orders/${draftId}/add`, { articleId: String(fx.shop.nutella.id), quantity: '1'.repeat(300) });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.body).toContain('c&#39;est trop');

    const sent = await client.post(`/orders/${draftId}/send`);
    expect([sent.statusCode, sent.location]).toEqual([303, `/orders/${draftId}?done=sent`]);
    expect((await client.get(`/orders/${draftId}?done=sent`)).body).toContain('envoyée, livraison attendue le');
    expect(await orderRow(draftId)).toMatchObject({ status: 'sent' });
    const event = await fx.core.knex('audit_events').where({ kind: 'purchase_order', employee_id: fx.shop.manager.id }).orderBy('id', 'desc').first('details');
    expect(JSON.parse(String(event.details))).toMatchObject({ action: 'send' });
  });

  test('a cashier sees the refusal on a draft and may not send it, but receives a delivery in part', async () => {
    const other = await fx.core.purchasing.createDraft(supplier.id);
    await fx.core.purchasing.addLine(other.id, coffee.id, 1000);
    const cashier = new FormClient(base);
    await cashier.signIn('0000');
    const page = await cashier.get(`/orders/${other.id}`);
    expect(page.body).toContain('« Commandes fournisseurs » demande un responsable');
    expect(page.body).not.toContain(`/orders/${other.id}/send`);
    const refused = await cashier.post(`/orders/${other.id}/send`);
    expect(refused.statusCode).toBe(403);
    expect(refused.body).toContain('« Commandes fournisseurs » demande un responsable');
    expect(await orderRow(other.id)).toMatchObject({ status: 'draft' });
    expect((await cashier.post('/orders/propose')).statusCode).toBe(403);

    const stockBefore = (await fx.core.catalog.getArticle(coffee.id))!.stockQty;
    await cashier.get(`/orders/${draftId}`);
    const empty = await cashier.post(`/orders/${draftId}/receive`, { [`r${coffee.id}`]: '', [`r${cheese.id}`]: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('rien n&#39;est enregistré');
    const tooMuch = await cashier.post(`/orders/${draftId}/receive`, { [`r${coffee.id}`]: '13' });
    expect(tooMuch.statusCode).toBe(400);
    expect(/<p class="msg error"[^>]*>([^<]*)</.exec(tooMuch.body)?.[1]).toMatch(/13 reçu\(s\) mais seulement 12 dû\(s\)/);
    expect((await fx.core.catalog.getArticle(coffee.id))!.stockQty).toBe(stockBefore);
    const received = await cashier.post(`/orders/${draftId}/receive`, { [`r${coffee.id}`]: '5', [`r${cheese.id}`]: '' });
    expect([received.statusCode, received.location]).toEqual([303, `/orders/${draftId}?done=received`]);
    expect((await cashier.get(`/orders/${draftId}?done=received`)).body).toContain('reçue en partie');
    expect(await orderRow(draftId)).toMatchObject({ status: 'partial' });
    expect((await fx.core.catalog.getArticle(coffee.id))!.stockQty).toBe(stockBefore + 5000);
    const move = await fx.core.knex('stock_moves').where({ purchase_order_id: draftId, article_id: coffee.id }).first('employee_id', 'quantity');
    expect(move).toMatchObject({ employee_id: fx.shop.cashier.id });
    const past = await cashier.get('/orders/past');
    expect(past.body).toContain((await fx.core.purchasing.get(draftId))!.reference);
    expect(past.body).not.toContain((await fx.core.purchasing.get(other.id))!.reference);
  });

  test('English by ?lang=en (kept in a cookie) or Accept-Language', async () => {
    const client = new FormClient(base);
    const en = await client.get('/sign-in?lang=en');
    expect(en.body).toContain('<html lang="en">');
    expect(en.body).toContain('Sign in');
    expect((await client.get('/sign-in')).body).toContain('Sign in');
    await client.signIn('1234');
    expect((await client.get('/orders')).body).toContain('Compute the proposals');
    const browser = new FormClient(base, { 'accept-language': 'en-GB,en;q=0.9' });
    expect((await browser.get('/sign-in')).body).toContain('<html lang="en">');
    expect((await new FormClient(base, { 'accept-language': 'de-DE,fr;q=0.8' }).get('/sign-in')).body).toContain('<html lang="fr">');
  });

  test('sign-out ends the session: its cookie opens nothing any more', async () => {
    const client = new FormClient(base);
    await client.signIn('1234');
    const id = client.cookies.get(SESSION_COOKIE)!;
    await client.get('/');
    const out = await client.post('/sign-out');
    expect([out.statusCode, out.location]).toEqual([303, '/sign-in']);
    expect(await fx.core.knex('web_sessions').where({ id_hash: createHash('sha256').update(id).digest('hex') }).first()).toBeUndefined();
    client.cookies.set(SESSION_COOKIE, id);
    expect((await client.get('/')).location).toBe('/sign-in');
  });

  test('an employee deactivated meanwhile has no session any more', async () => {
    const temp = await fx.core.staff.create({ name: 'Extra Saison', role: 'cashier', pin: '5555' }, { pinRule: 'weak-allowed' });
    const client = new FormClient(base);
    await client.signIn('5555');
    expect((await client.get('/')).statusCode).toBe(200);
    await fx.core.staff.deactivate(temp.id);
    expect((await client.get('/')).location).toBe('/sign-in');
  });

  test('setLines changes every line of a draft or none', async () => {
    const draft = await fx.core.purchasing.createDraft(supplier.id);
    await fx.core.purchasing.addLine(draft.id, coffee.id, 2000);
    await expect(fx.core.purchasing.setLines(draft.id, [{ articleId: coffee.id, quantity: 7000 }, { articleId: fx.shop.wine.id, quantity: 1000 }])).rejects.toThrow(/pas sur la commande/);
    expect((await fx.core.purchasing.get(draft.id))!.lines.map((l) => l.quantity)).toEqual([2000]);
    await fx.core.purchasing.cancel(draft.id);
  });

  test('a session expires', async () => {
    const client = new FormClient(base);
    await client.signIn('1234');
    expect((await client.get('/')).statusCode).toBe(200);
    const saved = now;
    now = new Date(now.getTime() + 13 * 3_600_000);
    try {
      expect((await client.get('/')).location).toBe('/sign-in');
    } finally {
      now = saved;
    }
  });

  test("five wrong PINs lock the till's PIN entry, shared with the till: even the right PIN waits", async () => {
    const client = new FormClient(base);
    for (let i = 0; i < 4; i++) expect((await client.signIn('4321')).statusCode).toBe(401);
    expect((await client.signIn('4321')).statusCode).toBe(429); // the fifth locks
    const locked = await client.signIn('1234');
    expect(locked.statusCode).toBe(429);
    expect(locked.body).toContain('saisie bloquée encore 30 s');
    expect(client.cookies.has(SESSION_COOKIE)).toBe(false);
    expect(await fx.core.pins.lockRemainingMs()).toBeGreaterThan(0);
    now = new Date(now.getTime() + 31_000);
    expect((await client.signIn('1234')).statusCode).toBe(303);
  });

  test("with e-mail on, an order's card says where its e-mail to the supplier stands: not tried yet, waiting and why, or no address", async () => {
    // A closed port on loopback: the real SMTP transport fails as it would with the server down.
    await fx.core.settings.set('mail.smtpUrl', 'smtp://127.0.0.1:9', { employeeId: fx.shop.manager.id });
    await fx.core.settings.set('mail.from', 'boutique@example.fr', { employeeId: fx.shop.manager.id });
    const mill = await fx.core.suppliers.create({ name: 'Moulin Bio', contact: '', email: 'commandes@moulin.example', phone: '', leadTimeDays: 2, minOrderValue: 0 });
    const withAddress = await fx.core.purchasing.createDraft(mill.id);
    await fx.core.purchasing.addLine(withAddress.id, coffee.id, 1000);
    await fx.core.purchasing.send(withAddress.id);
    const noAddress = await fx.core.purchasing.createDraft(supplier.id);
    await fx.core.purchasing.addLine(noAddress.id, coffee.id, 1000);
    await fx.core.purchasing.send(noAddress.id);
    const client = new FormClient(base);
    await client.signIn('1234');
    expect((await client.get(`/orders/${withAddress.id}`)).body).toContain('E-mail à commandes@moulin.example en attente d&#39;envoi');
    const none = (await client.get(`/orders/${noAddress.id}`)).body;
    expect(none).toContain('<div class="meta warn">Pas d&#39;e-mail : le fournisseur n&#39;a pas d&#39;adresse');

    const { smtpMailerFor } = await import('../../src/drivers/smtp-mailer.js');
    const { deliverOrderMails } = await import('../../src/core/stock/order-mail-delivery.service.js');
    const found = await smtpMailerFor({ smtpUrl: 'smtp://127.0.0.1:9', from: 'boutique@example.fr' }, {});
    if (!found || !('mailer' in found)) throw new Error('no mailer');
    const [outcome] = await deliverOrderMails(fx.core, orderPost(found.mailer), { orderId: withAddress.id });
    found.mailer.close();
    expect(outcome).toMatchObject({ sent: false, state: 'queued' });
    const waiting = (await client.get(`/orders/${withAddress.id}`)).body;
    expect(waiting).toMatch(/<div class="meta warn">E-mail à commandes@moulin\.example en attente \(1 essai\(s\)\) : [^<]+, nouvel essai à \d\d:\d\d<\/div>/);
    expect((await client.get('/orders?lang=en')).body).toContain('E-mail to commandes@moulin.example waiting (1 tries)');
  });
});
