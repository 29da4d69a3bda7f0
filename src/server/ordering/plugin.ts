// The ordering page (`pos serve` at /): a fastify plugin over the core. It
// reads the forms, checks them (form-input.ts), calls the core's services
// with the signed-in employee as the Actor and lays out the answer
// (pages.ts); the rules (who may, what a draft accepts, what is due) stay in
// the core. Sessions: core.webSessions (PIN through the till's lockout, id in
// an HttpOnly SameSite=Strict cookie, stored hashed). Every POST carries a
// CSRF token (403 without it). After a change the browser is sent back to a
// page (POST, redirect, GET) that says what was done.
// On a company of several shops the employee chooses the shop after signing
// in (/shop, remembered by the session): every page then shows its name and
// acts for it. With one shop the pages are the serve's shop, as before shops.
import { mayActInShop } from '../../core/staff/shop-assignment.js';
import fastifyCookie from '@fastify/cookie';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { localDate } from '../../core/basics/clock.js';
import { PosError } from '../../core/basics/errors.js';
import { actorOf } from '../../core/fiscal/audit.service.js';
import type { Core } from '../../core/shop/core.service.js';
import type { Shop } from '../../core/shop/shops.service.js';
import type { ServerPlugin } from '../app.js';
import { ShopServicesCache, type ShopServices } from '../shop-services.js';
import { mayDo, type GuardedAction } from '../../core/staff/permissions.js';
import { isValidPin } from '../../core/staff/pin.js';
import { ROLE_LABELS, type Employee } from '../../core/staff/staff.js';
import type { PurchaseOrder, ReceiptLine } from '../../core/stock/purchase-order.js';
import { readForm, readId, readQuantity, textProblem, type FormFields } from './form-input.js';
import { lowStockPage, messagePage, orderPage, ordersPage, pastOrdersPage, shopChoicePage, signInPage, type Frame, type OrderView } from './pages.js';
import { pickLang, translator, type Lang, type Translate } from './texts.js';

export interface OrderingOptions {
  core: Core;
  /** the server's per-shop services (buildServer's); a page of its own otherwise */
  shops?: ShopServicesCache;
}

export const SESSION_COOKIE = 'pos_session';
export const CSRF_COOKIE = 'pos_csrf';
const LANG_COOKIE = 'pos_lang';
/** how many past orders the history shows */
const PAST_ORDERS = 50;

/**
 * The pages run no script and load nothing: the browser is told so (a text
 * that slipped past the escaping could still not run), and that no other
 * site may frame them or receive their forms.
 */
const PAGE_HEADERS = {
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'same-origin',
};

/** What a request knows once its hooks ran: its language and, past the sign-in, who is signed in. */
interface Visit {
  lang: Lang;
  t: Translate;
  employee: Employee | null;
  sessionId: string | null;
  /** the services the pages act through: the chosen shop's, or the serve's core with one shop */
  services: ShopServices;
  /** the chosen shop on a company of several (null with one shop: nothing about shops is shown) */
  shop: Shop | null;
  /** how many shops the employee may choose from (the « change shop » link shows past one) */
  shopChoices: number;
}

/** the guarded actions of this page */
type PageAction = Extract<GuardedAction, 'purchase_orders' | 'receive_goods'>;

class Refused extends Error {
  constructor(readonly text: string) {
    super(text);
  }
}

export async function orderingPlugin(app: FastifyInstance, options: OrderingOptions): Promise<void> {
  const { core } = options;
  const shops = options.shops ?? new ShopServicesCache(core);
  const visits = new WeakMap<FastifyRequest, Visit>();
  const visitOf = (request: FastifyRequest): Visit => visits.get(request)!;

  await app.register(fastifyCookie);
  await app.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
  await app.register(fastifyCsrf, { cookieKey: CSRF_COOKIE, cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true, secure: 'auto' } });

  // The language first: every answer, even a refusal, speaks it.
  app.addHook('onRequest', async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const lang = pickLang(query.lang, request.cookies[LANG_COOKIE], request.headers['accept-language']);
    if (query.lang === lang) reply.setCookie(LANG_COOKIE, lang, { path: '/', sameSite: 'strict', httpOnly: true, secure: 'auto', maxAge: 365 * 86_400 });
    visits.set(request, { lang, t: translator(lang), employee: null, sessionId: null, services: core, shop: null, shopChoices: 0 });
  });

  const frameOf = (request: FastifyRequest, reply: FastifyReply, extra: Partial<Frame> = {}): Frame => {
    const visit = visitOf(request);
    const shop = visit.shop ? { name: visit.shop.name, canChange: visit.shopChoices > 1 } : null;
    return { lang: visit.lang, t: visit.t, employee: visit.employee, shop, csrf: reply.generateCsrf(), ...extra };
  };
  const sendPage = (reply: FastifyReply, status: number, page: string) =>
    reply.code(status).type('text/html; charset=utf-8').headers(PAGE_HEADERS).send(page);

  app.setErrorHandler(async (error: { statusCode?: number; code?: string }, request, reply) => {
    const visit = visits.get(request) ?? { lang: 'fr' as Lang, t: translator('fr'), employee: null, sessionId: null, services: core, shop: null, shopChoices: 0 };
    visits.set(request, visit);
    const status = error.statusCode && error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) request.log.error(error);
    const title = error.code?.startsWith('FST_CSRF_') ? visit.t('error.csrf') : status === 404 ? visit.t('error.notFound') : status === 500 ? visit.t('error.server') : String((error as Error).message);
    return sendPage(reply, status, messagePage(frameOf(request, reply), title));
  });

  /**
   * THE place where the shops an employee may order for are decided: the
   * open shops they work in (staff per shop, issue #22; an owner in all). The
   * choice page, the choice itself and every page's check go through it.
   */
  const shopsOpenTo = async (employee: Employee, openShops: Shop[]): Promise<Shop[]> => {
    const assigned = await core.staff.shopsOf(employee.id);
    return openShops.filter((s) => mayActInShop(employee.role, assigned, s.id));
  };

  /** The company's open shops: past one, the page asks which one; one, it is the serve's shop as before shops. */
  const openShops = async (): Promise<Shop[]> => (await core.shops.list()).filter((s) => s.active);

  /**
   * Signed in, or sent to the sign-in page. On a company of several shops the
   * session's shop must be one the employee may order for, or they are sent
   * to choose one (`needShop` false: the choice page itself).
   */
  const session = (needShop: boolean) => async (request: FastifyRequest, reply: FastifyReply) => {
    const sessionId = request.cookies[SESSION_COOKIE] ?? '';
    const found = sessionId ? await core.webSessions.sessionOf(sessionId) : null;
    if (!found) return reply.redirect('/sign-in', 303);
    const visit = visitOf(request);
    Object.assign(visit, { employee: found.employee, sessionId });
    const company = await openShops();
    if (company.length <= 1) return;
    const open = await shopsOpenTo(found.employee, company);
    visit.shopChoices = open.length;
    let shop = open.find((s) => s.id === found.shopId) ?? null;
    if (!shop) {
      // Not chosen yet: this server's own shop if they work there, or the only shop open to them; else they choose.
      shop = open.find((s) => s.id === core.shopId) ?? (open.length === 1 ? open[0]! : null);
      if (shop) await core.webSessions.chooseShop(sessionId, shop.id);
    }
    if (shop) Object.assign(visit, { shop, services: shops.forShop(shop.id) });
    else if (needShop) return reply.redirect('/shop', 303);
  };
  const signedIn = session(true);
  const guarded = { preHandler: signedIn };
  const posted = { preHandler: [app.csrfProtection, signedIn] };
  /** the request's shop services (the chosen shop's, or the serve's own with one shop) */
  const servicesOf = (request: FastifyRequest): ShopServices => visitOf(request).services;

  /** The refusal text when the employee's role may not do the action, else null. */
  const refusal = async (request: FastifyRequest, action: PageAction): Promise<string | null> => {
    const { employee, lang, t } = visitOf(request);
    const table = await core.permissions.table();
    if (employee && mayDo(employee.role, action, table)) return null;
    return t('refused', { action: t(`action.${action}`), role: ROLE_LABELS[table[action]][lang] });
  };
  const requireRight = async (request: FastifyRequest, action: PageAction) => {
    const text = await refusal(request, action);
    if (text) throw new Refused(text);
  };
  const actor = (request: FastifyRequest) => actorOf(visitOf(request).employee!, core.tillId);

  const formOf = (request: FastifyRequest): FormFields => {
    const form = readForm(request.body);
    if (!form.ok) throw new PosError(visitOf(request).t('error.badField', { problem: form.problem }), 'INPUT');
    return form.fields;
  };

  // ---- sign-in ---------------------------------------------------------------

  app.get('/sign-in', async (request, reply) => {
    const sessionId = request.cookies[SESSION_COOKIE];
    if (sessionId && (await core.webSessions.employeeOf(sessionId))) return reply.redirect('/', 303);
    return sendPage(reply, 200, signInPage(frameOf(request, reply)));
  });

  app.post('/sign-in', { preHandler: app.csrfProtection }, async (request, reply) => {
    const { t } = visitOf(request);
    const refuse = (status: number, text: string) => sendPage(reply, status, signInPage(frameOf(request, reply, { message: { kind: 'error', text } })));
    const form = readForm(request.body);
    const pin = form.ok ? (form.fields.pin ?? '').trim() : '';
    if (!isValidPin(pin)) return refuse(400, t('signIn.bad'));
    const result = await core.webSessions.signIn(pin);
    if (!result.ok) {
      if (result.reason === 'locked') return refuse(429, t('signIn.locked', { s: Math.ceil(result.lockedMs / 1000) }));
      if (result.reason === 'not-assigned') return refuse(403, t('signIn.notAssigned', { name: result.employeeName, shop: result.shopName }));
      return refuse(401, t('signIn.wrong'));
    }
    reply.setCookie(SESSION_COOKIE, result.sessionId, { path: '/', httpOnly: true, sameSite: 'strict', secure: 'auto', expires: result.expiresAt });
    return reply.redirect('/', 303);
  });

  app.post('/sign-out', { preHandler: app.csrfProtection }, async (request, reply) => {
    const sessionId = request.cookies[SESSION_COOKIE];
    if (sessionId) await core.webSessions.signOut(sessionId);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.redirect('/sign-in', 303);
  });

  // ---- the shop (a company of several) ------------------------------------------

  app.get('/shop', { preHandler: session(false) }, async (request, reply) => {
    const visit = visitOf(request);
    const company = await openShops();
    if (company.length <= 1) return reply.redirect('/', 303);
    const open = await shopsOpenTo(visit.employee!, company);
    return sendPage(reply, open.length === 0 ? 403 : 200, shopChoicePage(frameOf(request, reply, { nav: 'shop' }), open, visit.shop?.id ?? null));
  });

  app.post('/shop', { preHandler: [app.csrfProtection, session(false)] }, async (request, reply) => {
    const visit = visitOf(request);
    const open = await shopsOpenTo(visit.employee!, await openShops());
    const form = readForm(request.body);
    const shopId = form.ok ? readId(form.fields.shopId) : null;
    const shop = open.find((s) => s.id === shopId);
    if (!shop) return sendPage(reply, 403, shopChoicePage(frameOf(request, reply, { nav: 'shop', message: { kind: 'error', text: visit.t('shop.refused') } }), open, visit.shop?.id ?? null));
    await core.webSessions.chooseShop(visit.sessionId!, shop.id);
    return reply.redirect('/?done=shop', 303);
  });

  // ---- low stock, orders, history ---------------------------------------------

  app.get('/', guarded, async (request, reply) => {
    const { shop, t } = visitOf(request);
    const articles = await servicesOf(request).catalog.listArticles({ lowStock: true, activeOnly: true, limit: 300 });
    const suppliers = new Map((await core.suppliers.list()).map((s) => [s.id, s.name]));
    const message: Frame['message'] = shop && (request.query as Record<string, unknown>).done === 'shop' ? { kind: 'ok', text: t('shop.chosen', { name: shop.name }) } : null;
    return sendPage(reply, 200, lowStockPage(frameOf(request, reply, { nav: 'lowStock', message }), articles, suppliers));
  });

  const showOrders = async (request: FastifyRequest, reply: FastifyReply, status: number, message: Frame['message']) => {
    const orders = await servicesOf(request).purchasing.list({ status: 'open' });
    const drafts = orders.filter((o) => o.status === 'draft');
    const open = orders.filter((o) => o.status !== 'draft');
    return sendPage(reply, status, ordersPage(frameOf(request, reply, { nav: 'orders', message }), drafts, open, await refusal(request, 'purchase_orders')));
  };

  app.get('/orders', guarded, async (request, reply) => {
    const { t } = visitOf(request);
    const done = (request.query as Record<string, unknown>).done;
    let message: Frame['message'] = null;
    if (done === 'proposed') message = { kind: 'ok', text: t('orders.proposed', { n: (await servicesOf(request).purchasing.list({ status: 'draft' })).length }) };
    return showOrders(request, reply, 200, message);
  });

  app.post('/orders/propose', posted, async (request, reply) => {
    try {
      await requireRight(request, 'purchase_orders');
      await servicesOf(request).purchasing.propose(core.clock(), actor(request));
    } catch (err) {
      if (err instanceof Refused || err instanceof PosError) return showOrders(request, reply, err instanceof Refused ? 403 : 400, { kind: 'error', text: err.message });
      throw err;
    }
    return reply.redirect('/orders?done=proposed', 303);
  });

  app.get('/orders/past', guarded, async (request, reply) => {
    const orders = await servicesOf(request).purchasing.list({ status: 'past', limit: PAST_ORDERS });
    return sendPage(reply, 200, pastOrdersPage(frameOf(request, reply, { nav: 'past' }), orders));
  });

  // ---- one order -------------------------------------------------------------

  const orderOf = async (request: FastifyRequest): Promise<PurchaseOrder> => {
    const id = readId((request.params as Record<string, unknown>).id);
    const order = id === null ? null : await servicesOf(request).purchasing.get(id);
    // On a company of several shops, another shop's order is not on this shop's pages.
    if (!order || (visitOf(request).shop && order.shopId !== visitOf(request).shop!.id)) throw Object.assign(new Error('not found'), { statusCode: 404 });
    return order;
  };

  /** The order's page: `message` says what was done or refused, `typed` gives back what was typed. */
  const showOrder = async (request: FastifyRequest, reply: FastifyReply, order: PurchaseOrder, status: number, message: Frame['message'], typed: Record<string, string> = {}) => {
    const { t } = visitOf(request);
    const query = request.query as Record<string, unknown>;
    let search: OrderView['search'] = null;
    if (order.status === 'draft' && typeof query.q === 'string' && query.q.trim() !== '') {
      const problem = textProblem('articleName', query.q);
      if (problem) {
        status = 400;
        message = { kind: 'error', text: t('error.badField', { problem }) };
      } else search = { q: query.q.trim(), results: await servicesOf(request).catalog.listArticles({ query: query.q, activeOnly: true, limit: 20 }) };
    }
    const view: OrderView = {
      order,
      orderRefusal: await refusal(request, 'purchase_orders'),
      receiveRefusal: await refusal(request, 'receive_goods'),
      search,
      typed,
    };
    return sendPage(reply, status, orderPage(frameOf(request, reply, { nav: 'orders', message }), view));
  };

  app.get('/orders/:id', guarded, async (request, reply) => {
    const { t } = visitOf(request);
    const order = await orderOf(request);
    const query = request.query as Record<string, unknown>;
    const done = query.done;
    let message: Frame['message'] = null;
    if (done === 'saved') message = { kind: 'ok', text: t('order.saved') };
    else if (done === 'sent') message = { kind: 'ok', text: t('order.sent', { ref: order.reference, date: order.expectedAt ? localDate(new Date(order.expectedAt)) : '' }) };
    else if (done === 'received') message = { kind: 'ok', text: t('order.receivedDone', { status: t(`status.${order.status}`) }) };
    else if (done === 'added') {
      const articleId = readId(query.article);
      const line = order.lines.find((l) => l.articleId === articleId);
      if (line) message = { kind: 'ok', text: t('order.added', { name: line.name }) };
    }
    return showOrder(request, reply, order, 200, message);
  });

  /**
   * A change to one order: `work` reads the form and calls the core; a
   * refusal (rights, bad input, a rule of the core) shows the order again
   * with its message and what was typed, and nothing is changed.
   */
  const orderChange = (action: PageAction, work: (request: FastifyRequest, order: PurchaseOrder, fields: FormFields) => Promise<string>) =>
    async (request: FastifyRequest, reply: FastifyReply) => {
      const order = await orderOf(request);
      let fields: FormFields = {};
      try {
        await requireRight(request, action);
        fields = formOf(request);
        const done = await work(request, order, fields);
        return reply.redirect(`/orders/${order.id}?done=${done}`, 303);
      } catch (err) {
        if (!(err instanceof Refused || err instanceof PosError)) throw err;
        const fresh = (await servicesOf(request).purchasing.get(order.id)) ?? order;
        return showOrder(request, reply, fresh, err instanceof Refused ? 403 : 400, { kind: 'error', text: err.message }, fields);
      }
    };

  const quantityRefused = (request: FastifyRequest, name: string, text: string, why: string) => new PosError(visitOf(request).t('qty.bad', { name, text, why }), 'INPUT');

  app.post(
    '/orders/:id/quantities',
    posted,
    orderChange('purchase_orders', async (request, order, fields) => {
      const lines: Array<{ articleId: number; quantity: number }> = [];
      for (const line of order.lines) {
        const text = fields[`q${line.articleId}`];
        if (text === undefined) continue;
        const q = readQuantity(text, line.unit, { zeroAllowed: true });
        if (!q.ok) throw quantityRefused(request, line.name, text, q.why);
        lines.push({ articleId: line.articleId, quantity: q.value });
      }
      await servicesOf(request).purchasing.setLines(order.id, lines, actor(request));
      return 'saved';
    }),
  );

  app.post(
    '/orders/:id/add',
    posted,
    orderChange('purchase_orders', async (request, order, fields) => {
      const articleId = readId(fields.articleId);
      const article = articleId === null ? null : await servicesOf(request).catalog.getArticle(articleId);
      if (!article) throw new PosError(visitOf(request).t('error.notFound'), 'NOT_FOUND');
      const text = fields.quantity ?? '';
      const q = readQuantity(text, article.unit, { zeroAllowed: false });
      if (!q.ok) throw quantityRefused(request, article.name, text, q.why);
      await servicesOf(request).purchasing.addLine(order.id, article.id, q.value, actor(request));
      return `added&article=${article.id}`;
    }),
  );

  app.post(
    '/orders/:id/send',
    posted,
    orderChange('purchase_orders', async (request, order) => {
      await servicesOf(request).purchasing.send(order.id, actor(request));
      return 'sent';
    }),
  );

  app.post(
    '/orders/:id/receive',
    posted,
    orderChange('receive_goods', async (request, order, fields) => {
      const lines: ReceiptLine[] = [];
      if (fields.all !== '1') {
        for (const line of order.lines) {
          const text = fields[`r${line.articleId}`];
          if (text === undefined) continue;
          const q = readQuantity(text, line.unit, { zeroAllowed: true, emptyIs: 0 });
          if (!q.ok) throw quantityRefused(request, line.name, text, q.why);
          if (q.value > 0) lines.push({ articleId: line.articleId, quantity: q.value });
        }
        // No line would mean "everything due" to the core: a form left empty receives nothing.
        if (lines.length === 0) throw new PosError(visitOf(request).t('order.nothingReceived'), 'INPUT');
      }
      const employee = visitOf(request).employee!;
      await servicesOf(request).purchasing.receive(order.id, lines, employee.id, actor(request));
      return 'received';
    }),
  );

}

/** The page as buildServer's extra plugin (`pos serve`). */
export const orderingPage: ServerPlugin = (app, core, shops) => orderingPlugin(app, { core, shops });
