// The ordering page's HTML: one layout (phone first: fluid, no fixed widths,
// big touch targets, long words wrapped so nothing scrolls sideways) and one
// function a page. Pages only lay out what the routes read from the core;
// every value goes through the escaping `html` template; every form carries
// the CSRF token.
import { localDate } from '../../core/basics/clock.js';
import { formatMoney } from '../../core/basics/money.js';
import { formatQuantity, type Unit } from '../../core/basics/quantity.js';
import type { Article } from '../../core/catalogue/article.js';
import type { PurchaseOrder } from '../../core/stock/purchase-order.js';
import { orderMailSituation, orderMailWaits, type OrderMailStatus } from '../../core/stock/order-mail.js';
import { ROLE_LABELS, type Employee } from '../../core/staff/staff.js';
import { html, Html } from './html.js';
import type { Lang, Translate } from './texts.js';

export interface Frame {
  lang: Lang;
  t: Translate;
  csrf: string;
  employee: Employee | null;
  /** the page's place in the navigation */
  nav?: 'lowStock' | 'orders' | 'past' | 'shop';
  /** on a company of several shops: the shop the pages act for, and whether the employee may switch to another */
  shop?: { name: string; canChange: boolean } | null;
  message?: { kind: 'ok' | 'error'; text: string } | null;
}

const CSS = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font:16px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1b1b1b;background:#f4f4f2;overflow-wrap:anywhere}
header{background:#20324a;color:#fff;padding:.5rem .75rem}
header .who{font-size:.85rem;opacity:.85}
header .shop{font-weight:600}
nav{display:flex;flex-wrap:wrap;gap:.25rem;margin-top:.4rem}
nav a,nav button{flex:1 1 auto;min-height:44px;display:flex;align-items:center;justify-content:center;padding:.3rem .6rem;border-radius:.4rem;color:#fff;background:#35506f;text-decoration:none;border:0;font:inherit}
nav a[aria-current]{background:#f0b429;color:#1b1b1b;font-weight:600}
nav form{display:flex;flex:1 1 auto;margin:0}
nav form button{width:100%;cursor:pointer}
main{max-width:40rem;margin:0 auto;padding:.75rem}
h1{font-size:1.35rem;margin:.25rem 0 .75rem}
h2{font-size:1.1rem;margin:1.25rem 0 .5rem}
ul.cards{list-style:none;margin:0;padding:0}
.cards li{background:#fff;border-radius:.5rem;padding:.6rem .75rem;margin:0 0 .5rem;box-shadow:0 1px 2px #0002}
.cards a.card{display:block;color:inherit;text-decoration:none;min-height:44px}
.name{font-weight:600}
.meta{font-size:.9rem;color:#4a4a4a}
.warn{color:#9b2c00}
.msg{padding:.6rem .75rem;border-radius:.5rem;margin:0 0 .75rem}
.msg.ok{background:#dff3e3;color:#124d1f}
.msg.error{background:#fde2df;color:#7a1208}
label{display:block;font-size:.9rem;margin:.4rem 0 .2rem}
input[type=text],input[type=password],input[type=search]{width:100%;min-height:44px;font-size:1.1rem;padding:.4rem .6rem;border:1px solid #8a8a8a;border-radius:.4rem;background:#fff}
button,.button{min-height:48px;width:100%;font:inherit;font-size:1.05rem;font-weight:600;padding:.5rem 1rem;margin:.5rem 0;border:0;border-radius:.5rem;background:#20324a;color:#fff;cursor:pointer}
button.secondary{background:#e3e6ea;color:#1b1b1b}
form.inline{display:flex;gap:.5rem;align-items:flex-end}
form.inline input{flex:1 1 auto;min-width:0}
form.inline button{width:auto;flex:0 0 auto;margin:0}
.qty{display:flex;gap:.5rem;align-items:center;margin-top:.4rem}
.qty input{flex:0 1 8rem;min-width:0}
.qty span{font-size:.9rem;color:#4a4a4a}
`;

/** The style sheet is ours, not data: written as is. */
const STYLE = new Html(CSS);

function money(frame: Frame, cents: number): string {
  return formatMoney(cents, frame.lang);
}

function quantity(frame: Frame, q: number, unit: Unit): string {
  return formatQuantity(q, unit, frame.lang);
}

/** A quantity as typed in an input: "2,5" rather than "2,500 kg". */
export function quantityInput(lang: Lang, q: number, unit: Unit): string {
  return formatQuantity(q, unit, lang).replace(/ kg$/, '').replace(/([.,]\d*?)0+$/, '$1').replace(/[.,]$/, '');
}

function day(iso: string | null): string {
  return iso ? localDate(new Date(iso)) : '';
}

function csrfField(frame: Frame): Html {
  return html`<input type="hidden" name="_csrf" value="${frame.csrf}">`;
}

function header(frame: Frame): Html {
  const { t, employee } = frame;
  const other: Lang = frame.lang === 'fr' ? 'en' : 'fr';
  const link = (place: NonNullable<Frame['nav']>, href: string, label: string) =>
    html`<a href="${href}"${frame.nav === place ? html` aria-current="page"` : ''}>${label}</a>`;
  return html`<header>
<div class="who">${employee ? t('signedInAs', { name: employee.name, role: ROLE_LABELS[employee.role][frame.lang] }) : t('app.title')}</div>
${frame.shop ? html`<div class="shop">${t('shop.current', { name: frame.shop.name })}</div>` : ''}
<nav>${employee && (frame.nav !== 'shop' || frame.shop) ? [link('lowStock', '/', t('nav.lowStock')), link('orders', '/orders', t('nav.orders')), link('past', '/orders/past', t('nav.past'))] : ''}
${employee && frame.shop?.canChange ? link('shop', '/shop', t('nav.shop')) : ''}
<a href="?lang=${other}" lang="${other}">${t('nav.otherLang')}</a>
${employee ? html`<form method="post" action="/sign-out">${csrfField(frame)}<button type="submit">${t('nav.signOut')}</button></form>` : ''}</nav>
</header>`;
}

/** The whole document around a page's body. */
export function layout(frame: Frame, title: string, body: Html): string {
  const message = frame.message ? html`<p class="msg ${frame.message.kind}" role="${frame.message.kind === 'error' ? 'alert' : 'status'}">${frame.message.text}</p>` : '';
  return html`<!doctype html>
<html lang="${frame.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${frame.t('app.title')}</title>
<style>${STYLE}</style>
</head>
<body>
${header(frame)}
<main>
<h1>${title}</h1>
${message}
${body}
</main>
</body>
</html>
`.text;
}


export function signInPage(frame: Frame): string {
  const { t } = frame;
  return layout(
    frame,
    t('signIn.title'),
    html`<form method="post" action="/sign-in">${csrfField(frame)}
<label for="pin">${t('signIn.pin')}</label>
<input type="password" id="pin" name="pin" inputmode="numeric" autocomplete="off" maxlength="8" autofocus required>
<button type="submit">${t('signIn.submit')}</button>
</form>`,
  );
}

/** The shops an employee may order for, one button each (a form, no script): the first page after sign-in on a company of several shops. */
export function shopChoicePage(frame: Frame, shops: Array<{ id: number; name: string; code: string }>, currentId: number | null): string {
  const { t } = frame;
  if (shops.length === 0) return layout(frame, t('shop.title'), html`<p class="msg error">${t('shop.none')}</p>`);
  return layout(
    frame,
    t('shop.title'),
    html`<p class="meta">${t('shop.hint')}</p>
${shops.map((s) => html`<form method="post" action="/shop">${csrfField(frame)}<input type="hidden" name="shopId" value="${s.id}"><button type="submit"${s.id === currentId ? '' : html` class="secondary"`}>${t('shop.choose', { name: s.name })} (${s.code})</button></form>`)}`,
  );
}

export function lowStockPage(frame: Frame, articles: Article[], supplierNames: Map<number, string>): string {
  const { t } = frame;
  const rows = articles.map((a) => {
    const supplier = a.supplierId !== null ? supplierNames.get(a.supplierId) : undefined;
    return html`<li><div class="name">${a.name}</div>
<div class="meta warn">${t('lowStock.stock', { stock: quantity(frame, a.stockQty, a.unit), min: quantity(frame, a.minStock, a.unit) })}</div>
<div class="meta">${supplier ? t('lowStock.supplier', { name: supplier }) : t('lowStock.noSupplier')}</div></li>`;
  });
  return layout(frame, t('lowStock.title'), articles.length === 0 ? html`<p>${t('lowStock.none')}</p>` : html`<ul class="cards">${rows}</ul>`);
}

function statusText(frame: Frame, order: PurchaseOrder): string {
  return frame.t(`status.${order.status}`);
}

/** Where the order's e-mail to the supplier stands (orders by e-mail): waiting and why, given up, or sent. */
function mailLine(frame: Frame, mail: OrderMailStatus | undefined): Html | '' {
  if (!mail) return '';
  const next = mail.state === 'queued' && mail.attempts > 0 && mail.nextTryAt ? frame.t('mail.next', { time: new Date(mail.nextTryAt).toTimeString().slice(0, 5) }) : '';
  const text = frame.t(`mail.${orderMailSituation(mail)}`, { recipient: mail.recipient, attempts: mail.attempts, reason: mail.error ?? '', date: mail.sentAt ? day(mail.sentAt) : '', next });
  return html`<div class="meta${orderMailWaits(mail) ? ' warn' : ''}">${text}</div>`;
}

function orderCard(frame: Frame, order: PurchaseOrder): Html {
  const { t } = frame;
  const dates = [order.sentAt ? t('orders.sentOn', { date: day(order.sentAt) }) : '', order.expectedAt && order.status !== 'received' ? t('orders.expected', { date: day(order.expectedAt) }) : ''].filter(Boolean).join(' · ');
  return html`<li><a class="card" href="/orders/${order.id}"><div class="name">${order.reference} · ${order.supplierName}</div>
<div class="meta">${statusText(frame, order)} · ${t('orders.lines', { n: order.lines.length })} · ${t('orders.value', { value: money(frame, order.value) })}</div>
${dates ? html`<div class="meta">${dates}</div>` : ''}
${mailLine(frame, order.mail)}
${order.belowMinimum ? html`<div class="meta warn">${t('orders.belowMin', { min: money(frame, order.minOrderValue), short: money(frame, order.shortfall) })}</div>` : ''}</a></li>`;
}

export function ordersPage(frame: Frame, drafts: PurchaseOrder[], open: PurchaseOrder[], refusal: string | null): string {
  const { t } = frame;
  return layout(
    frame,
    t('orders.title'),
    html`${refusal ? html`<p class="msg error">${refusal}</p>` : html`<form method="post" action="/orders/propose">${csrfField(frame)}<button type="submit">${t('orders.propose')}</button></form>`}
<h2>${t('orders.drafts')}</h2>
${drafts.length === 0 ? html`<p>${t('orders.noDraft')}</p>` : html`<ul class="cards">${drafts.map((o) => orderCard(frame, o))}</ul>`}
<h2>${t('orders.open')}</h2>
${open.length === 0 ? html`<p>${t('orders.noOpen')}</p>` : html`<ul class="cards">${open.map((o) => orderCard(frame, o))}</ul>`}`,
  );
}

export function pastOrdersPage(frame: Frame, orders: PurchaseOrder[]): string {
  const { t } = frame;
  return layout(frame, t('past.title'), orders.length === 0 ? html`<p>${t('past.none')}</p>` : html`<ul class="cards">${orders.map((o) => orderCard(frame, o))}</ul>`);
}

export interface OrderView {
  order: PurchaseOrder;
  /** why the signed-in employee may not edit or send it (a draft), or null */
  orderRefusal: string | null;
  /** why they may not receive it (sent, partly received), or null */
  receiveRefusal: string | null;
  /** the article search on a draft: its text and what it found */
  search: { q: string; results: Article[] } | null;
  /** what was typed, given back after a refusal (field name → text) */
  typed: Record<string, string>;
}

function lineCost(frame: Frame, unitCost: number, unit: Unit): string {
  return frame.t(unit === 'kg' ? 'order.costKg' : 'order.cost', { cost: money(frame, unitCost) });
}

function draftBody(frame: Frame, view: OrderView): Html {
  const { t } = frame;
  const { order } = view;
  if (view.orderRefusal) {
    return html`<p class="msg error">${view.orderRefusal}</p>
<ul class="cards">${order.lines.map((l) => html`<li><div class="name">${l.name}</div><div class="meta">${t('order.qty')} ${quantity(frame, l.quantity, l.unit)} · ${lineCost(frame, l.unitCost, l.unit)}</div></li>`)}</ul>`;
  }
  const lines = order.lines.map((l) => {
    const name = `q${l.articleId}`;
    const value = view.typed[name] ?? quantityInput(frame.lang, l.quantity, l.unit);
    return html`<li><label class="name" for="${name}">${l.name}</label>
<div class="meta">${l.supplierRef ? html`${l.supplierRef} · ` : ''}${lineCost(frame, l.unitCost, l.unit)} · ${t('order.lineValue', { value: money(frame, l.value) })}</div>
<div class="qty"><input type="text" inputmode="decimal" id="${name}" name="${name}" value="${value}" maxlength="12" autocomplete="off"><span>${t(`unit.${l.unit}`)}</span></div></li>`;
  });
  const search = view.search;
  return html`${order.lines.length === 0 ? html`<p>${t('order.empty')}</p>` : html`<form method="post" action="/orders/${order.id}/quantities">${csrfField(frame)}
<ul class="cards">${lines}</ul>
<p class="meta">${t('order.zeroRemoves')}</p>
<button type="submit" class="secondary">${t('order.saveQty')}</button>
</form>`}
<h2 id="add">${t('order.add')}</h2>
<form method="get" action="/orders/${order.id}#add" class="inline" role="search">
<input type="search" name="q" aria-label="${t('order.search')}" placeholder="${t('order.search')}" value="${search?.q ?? ''}" maxlength="100">
<button type="submit" class="secondary">${t('order.searchSubmit')}</button>
</form>
${search && search.results.length === 0 ? html`<p>${t('order.noResult', { q: search.q })}</p>` : ''}
${search && search.results.length > 0
    ? html`<ul class="cards">${search.results.map(
        (a) => html`<li><form method="post" action="/orders/${order.id}/add">${csrfField(frame)}<input type="hidden" name="articleId" value="${a.id}">
<label class="name" for="add${a.id}">${a.name}</label>
<div class="meta">${a.plu ? html`PLU ${a.plu} · ` : ''}${t('lowStock.stock', { stock: quantity(frame, a.stockQty, a.unit), min: quantity(frame, a.minStock, a.unit) })}</div>
<div class="qty"><input type="text" inputmode="decimal" id="add${a.id}" name="quantity" value="${view.typed[`add${a.id}`] ?? '1'}" maxlength="12" autocomplete="off"><span>${t(`unit.${a.unit}`)}</span>
<button type="submit" class="secondary" style="width:auto;margin:0">${t('order.addSubmit')}</button></div>
</form></li>`,
      )}</ul>`
    : ''}
${order.lines.length > 0 ? html`<h2>${t('order.send')}</h2><form method="post" action="/orders/${order.id}/send">${csrfField(frame)}<button type="submit">${t('order.send')} · ${money(frame, order.value)}</button></form>` : ''}`;
}

function openBody(frame: Frame, view: OrderView): Html {
  const { t } = frame;
  const { order } = view;
  const summary = (l: PurchaseOrder['lines'][number]) =>
    t('order.received', { received: quantity(frame, l.receivedQty, l.unit), quantity: quantity(frame, l.quantity, l.unit), due: quantity(frame, l.due, l.unit) });
  if (view.receiveRefusal) {
    return html`<p class="msg error">${view.receiveRefusal}</p>
<ul class="cards">${order.lines.map((l) => html`<li><div class="name">${l.name}</div><div class="meta">${summary(l)}</div></li>`)}</ul>`;
  }
  const lines = order.lines.map((l) => {
    const name = `r${l.articleId}`;
    return html`<li><label class="name" for="${name}">${l.name}</label>
<div class="meta">${summary(l)}</div>
${l.due > 0 ? html`<div class="qty"><input type="text" inputmode="decimal" id="${name}" name="${name}" value="${view.typed[name] ?? ''}" placeholder="${quantityInput(frame.lang, l.due, l.unit)}" maxlength="12" autocomplete="off"><span>${t(`unit.${l.unit}`)}</span></div>` : ''}</li>`;
  });
  return html`<h2>${t('order.receive')}</h2>
<p class="meta">${t('order.receiveHint')}</p>
<form method="post" action="/orders/${order.id}/receive">${csrfField(frame)}
<ul class="cards">${lines}</ul>
<button type="submit">${t('order.receiveSubmit')}</button>
</form>
<form method="post" action="/orders/${order.id}/receive">${csrfField(frame)}<input type="hidden" name="all" value="1"><button type="submit" class="secondary">${t('order.receiveAll')}</button></form>`;
}

function closedBody(frame: Frame, order: PurchaseOrder): Html {
  const { t } = frame;
  return html`<ul class="cards">${order.lines.map(
    (l) => html`<li><div class="name">${l.name}</div><div class="meta">${t('order.received', { received: quantity(frame, l.receivedQty, l.unit), quantity: quantity(frame, l.quantity, l.unit), due: quantity(frame, l.due, l.unit) })}</div></li>`,
  )}</ul>`;
}

export function orderPage(frame: Frame, view: OrderView): string {
  const { t } = frame;
  const { order } = view;
  const body = order.status === 'draft' ? draftBody(frame, view) : order.status === 'sent' || order.status === 'partial' ? openBody(frame, view) : closedBody(frame, order);
  return layout(
    frame,
    t('order.title', { ref: order.reference }),
    html`<ul class="cards">${orderCard(frame, order)}</ul>
<p class="meta">${t('order.supplier', { name: order.supplierName })}</p>
${body}
<p><a href="/orders">${t('order.back')}</a></p>`,
  );
}

/** A page that only says something (a refusal, an error). */
export function messagePage(frame: Frame, title: string): string {
  return layout(frame, title, html`<p><a href="/">${frame.t('nav.lowStock')}</a></p>`);
}
