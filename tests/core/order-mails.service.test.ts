// Supplier orders by e-mail, on SQLite and PostgreSQL, against a real SMTP
// server on loopback: the send queues the e-mail in its own transaction; the
// delivery sends the French message with the order as PDF and CSV; a refused
// recipient and a server that is down leave the order queued with the reason,
// and a later try sends it; a "crash" after the send loses nothing.
import { orderPost } from '../../src/cli/order-mail.js';
import { parse } from 'csv-parse/sync';
import type { Article } from '../../src/core/catalogue/article.js';
import { deliverOrderMails, startOrderMailRetries } from '../../src/core/stock/order-mail-delivery.service.js';
import { MAX_MAIL_ATTEMPTS } from '../../src/core/stock/order-mail.js';
import type { Supplier } from '../../src/core/stock/suppliers.service.js';
import { createSmtpMailer } from '../../src/drivers/smtp-mailer.js';
import { ENGINES } from '../helpers/engines.js';
import { coreFixture } from '../helpers/shop.js';
import { closedPort, startLoopbackSmtp, type LoopbackSmtp } from '../helpers/smtp-loopback.js';
import { until } from '../helpers/until.js';

const FROM = 'Épicerie du Port <commandes@epicerie.example>';

describe.each(ENGINES)('orders by e-mail on %s', (engine) => {
  let now = new Date(2026, 10, 3, 10, 0, 0);
  const fx = coreFixture(engine, { clock: () => now });
  let smtp: LoopbackSmtp;
  let supplier: Supplier;
  let oil: Article;
  let olives: Article;
  const later = (minutes: number) => {
    now = new Date(now.getTime() + minutes * 60_000);
  };
  const mailer = () => createSmtpMailer({ url: smtp.url, from: FROM });

  /** a draft with two lines for `supplierId`, sent; returns its id */
  const sendOrder = async (supplierId = supplier.id) => {
    const draft = await fx.core.purchasing.createDraft(supplierId);
    await fx.core.purchasing.addLine(draft.id, oil.id, 12000);
    await fx.core.purchasing.addLine(draft.id, olives.id, 2500);
    return (await fx.core.purchasing.send(draft.id)).order;
  };

  beforeAll(async () => {
    smtp = await startLoopbackSmtp();
    await fx.core.settings.setMany({ 'shop.name': 'Épicerie du Port', 'shop.address': ['3 quai des Pêcheurs', '29900 Concarneau'], 'mail.smtpUrl': smtp.url, 'mail.from': FROM });
    supplier = await fx.core.suppliers.create({ name: 'Huilerie Dupont', contact: 'Anne Dupont', email: 'cde@dupont.example', phone: '02 98 00 00 00', leadTimeDays: 4, minOrderValue: 0 });
    oil = await fx.core.catalog.createArticle({
      plu: '501', name: "Huile d'olive vierge 1 L", categoryId: fx.shop.nutella.categoryId, price: 1290, taxRateId: fx.shop.nutella.taxRateId,
      cost: 705, initialStock: 0, minStock: 0, supplierId: supplier.id, supplierRef: 'HO-1L',
    });
    olives = await fx.core.catalog.createArticle({
      plu: '10501', name: 'Olives noires', categoryId: fx.shop.nutella.categoryId, price: 1800, taxRateId: fx.shop.nutella.taxRateId, unit: 'kg',
      cost: 900, initialStock: 0, minStock: 0, supplierId: supplier.id, supplierRef: 'OL-N',
    });
  });
  afterAll(async () => smtp?.close());

  test('the send queues the e-mail with the order; the delivery sends the French message, the PDF and the CSV', async () => {
    const order = await sendOrder();
    expect(order.status).toBe('sent');
    expect(order.mail).toMatchObject({ state: 'queued', recipient: 'cde@dupont.example', attempts: 0, error: null });

    const m = mailer();
    const outcomes = await deliverOrderMails(fx.core, orderPost(await m), { orderId: order.id });
    (await m).close();
    expect(outcomes).toEqual([expect.objectContaining({ reference: order.reference, sent: true, state: 'sent' })]);
    expect(smtp.messages).toHaveLength(1);
    const mail = smtp.messages[0]!;
    expect(smtp.envelopes[0]).toEqual(['cde@dupont.example']);
    expect(mail.from?.value[0]).toMatchObject({ address: 'commandes@epicerie.example', name: 'Épicerie du Port' });
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.value.map((a) => a.address) : []).toEqual(['cde@dupont.example']);
    expect(mail.subject).toBe(`Bon de commande ${order.reference} - Épicerie du Port`);
    expect(mail.text).toContain('Bonjour Anne Dupont,');
    expect(mail.text).toContain(`notre bon de commande ${order.reference} du 03/11/2026 : 2 lignes, 107,10 EUR HT`);
    expect(mail.text).toContain('Livraison souhaitée le 07/11/2026');
    expect(mail.text).toMatch(/Cordialement,\nÉpicerie du Port\n3 quai des Pêcheurs/);

    expect(mail.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      [`${order.reference}.pdf`, 'application/pdf'],
      [`${order.reference}.csv`, 'text/csv'],
    ]);
    const pdf = mail.attachments[0]!.content;
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.toString('latin1')).toContain(`Bon de commande ${order.reference}`);
    const rows = parse(mail.attachments[1]!.content.toString('utf8').replace(/^\uFEFF/, ''), { delimiter: ';', columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => [r.reference, r.ref_fournisseur, r.article, r.quantite, r.cout_unitaire, r.montant])).toEqual([
      [order.reference, 'HO-1L', "Huile d'olive vierge 1 L", '12', '7,05', '84,60'],
      [order.reference, 'OL-N', 'Olives noires', '2,500', '9,00', '22,50'],
    ]);

    const after = await fx.core.purchasing.get(order.id);
    expect(after!.mail).toMatchObject({ state: 'sent', attempts: 1, error: null, sentAt: now.toISOString(), messageId: mail.messageId });
    // nothing is due any more: a second run sends nothing twice
    const again = await mailer();
    expect(await deliverOrderMails(fx.core, orderPost(again))).toEqual([]);
    again.close();
    expect(smtp.messages).toHaveLength(1);
  });

  test('a refused recipient leaves the order queued with the reason; the next try after the delay sends it', async () => {
    smtp.refuse.add('cde@dupont.example');
    const order = await sendOrder();
    const m = await mailer();
    const [first] = await deliverOrderMails(fx.core, orderPost(m), { orderId: order.id });
    expect(first).toMatchObject({ sent: false, state: 'queued' });
    let waiting = (await fx.core.purchasing.get(order.id))!;
    expect(waiting.status).toBe('sent');
    expect(waiting.mail).toMatchObject({ state: 'queued', attempts: 1, sentAt: null });
    expect(waiting.mail!.error).toMatch(/destinataire refusé par le serveur : cde@dupont\.example.*User unknown/);
    expect(new Date(waiting.mail!.nextTryAt!).getTime()).toBe(now.getTime() + 60_000);
    expect(smtp.messages).toHaveLength(1); // only the first test's
    // not due before its delay
    expect(await deliverOrderMails(fx.core, orderPost(m))).toEqual([]);
    smtp.refuse.clear();
    later(2);
    expect(await deliverOrderMails(fx.core, orderPost(m))).toEqual([expect.objectContaining({ reference: order.reference, sent: true })]);
    m.close();
    waiting = (await fx.core.purchasing.get(order.id))!;
    expect(waiting.mail).toMatchObject({ state: 'sent', attempts: 2, error: null });
    expect(smtp.messages.at(-1)!.subject).toContain(order.reference);
  });

  test('a server that is down leaves the order queued with the reason; a later run sends it', async () => {
    const order = await sendOrder();
    const down = await createSmtpMailer({ url: `smtp://127.0.0.1:${await closedPort()}`, from: FROM });
    const [first] = await deliverOrderMails(fx.core, orderPost(down));
    down.close();
    expect(first).toMatchObject({ reference: order.reference, sent: false, state: 'queued' });
    const waiting = (await fx.core.purchasing.get(order.id))!;
    expect(waiting.mail).toMatchObject({ state: 'queued', attempts: 1 });
    expect(waiting.mail!.error).toMatch(/serveur d'e-mail injoignable \(ECONNREFUSED\)/);
    const count = smtp.messages.length;
    later(2);
    const m = await mailer();
    expect(await deliverOrderMails(fx.core, orderPost(m))).toEqual([expect.objectContaining({ reference: order.reference, sent: true })]);
    m.close();
    expect(smtp.messages).toHaveLength(count + 1);
    expect((await fx.core.purchasing.get(order.id))!.mail!.state).toBe('sent');
  });

  test('a crash right after the send loses nothing: the queue row committed with the order, the next run (another process) sends it', async () => {
    const order = await sendOrder(); // ...and the process "dies" before any try
    const other = await fx.db.core({ clock: () => now });
    try {
      expect((await other.orderMails.list()).map((r) => [r.reference, r.state])).toContainEqual([order.reference, 'queued']);
      const m = await mailer();
      const outcomes = await deliverOrderMails(other, orderPost(m));
      m.close();
      expect(outcomes).toEqual([expect.objectContaining({ reference: order.reference, sent: true })]);
    } finally {
      await other.close();
    }
    expect(smtp.messages.at(-1)!.subject).toContain(order.reference);
  });

  test('a send refused (an empty draft) queues no e-mail: the row lives and dies with the order', async () => {
    const draft = await fx.core.purchasing.createDraft(supplier.id);
    await expect(fx.core.purchasing.send(draft.id)).rejects.toThrow(/vide/);
    expect(await fx.core.orderMails.forOrder(draft.id)).toBeNull();
    await fx.core.purchasing.cancel(draft.id);
  });

  test('a supplier without an address: the order is sent, the queue says why no e-mail; once it has one, --retry sends it', async () => {
    const local = await fx.core.suppliers.create({ name: 'Ferme Le Gall', contact: '', email: '', phone: '', leadTimeDays: 1, minOrderValue: 0 });
    const order = await sendOrder(local.id);
    expect(order.status).toBe('sent');
    expect(order.mail).toMatchObject({ state: 'no_address', recipient: '' });
    expect(order.mail!.error).toMatch(/Ferme Le Gall n'a pas d'adresse e-mail/);
    const m = await mailer();
    expect(await deliverOrderMails(fx.core, orderPost(m))).toEqual([]);
    await fx.core.suppliers.update(local.id, { email: 'legall@ferme.example' });
    expect(await fx.core.orderMails.retryNow()).toBe(1);
    expect(await deliverOrderMails(fx.core, orderPost(m))).toEqual([expect.objectContaining({ reference: order.reference, recipient: 'legall@ferme.example', sent: true })]);
    m.close();
    expect(smtp.envelopes.at(-1)).toEqual(['legall@ferme.example']);
  });

  test('one process claims a due mail: another finds nothing to send meanwhile', async () => {
    const order = await sendOrder();
    const first = await fx.core.orderMails.claimDue({ orderId: order.id });
    expect(first.map((r) => r.reference)).toEqual([order.reference]);
    expect(await fx.core.orderMails.claimDue({ orderId: order.id })).toEqual([]);
    // its claim lapses (the process died): another takes it over
    later(10);
    expect((await fx.core.orderMails.claimDue({ orderId: order.id })).map((r) => r.reference)).toEqual([order.reference]);
    await fx.core.orderMails.markSent(first[0]!.id, 'cde@dupont.example', '<test@local>');
  });

  test('given up after many tries: failed, said so; --retry queues it again', async () => {
    const order = await sendOrder();
    const row = (await fx.core.orderMails.claimDue({ orderId: order.id }))[0]!;
    let status = await fx.core.orderMails.markFailed(row.id, row.recipient, 'boom');
    for (let i = 1; i < MAX_MAIL_ATTEMPTS; i++) status = await fx.core.orderMails.markFailed(row.id, row.recipient, 'toujours refusé');
    expect(status).toMatchObject({ state: 'failed', attempts: MAX_MAIL_ATTEMPTS, error: 'toujours refusé', nextTryAt: null });
    expect((await fx.core.orderMails.list()).find((r) => r.orderId === order.id)!.state).toBe('failed');
    await fx.core.orderMails.retryNow();
    expect(await fx.core.orderMails.forOrder(order.id)).toMatchObject({ state: 'queued', attempts: 0 });
    const m = await mailer();
    await deliverOrderMails(fx.core, orderPost(m), { orderId: order.id });
    m.close();
    expect((await fx.core.orderMails.forOrder(order.id))!.state).toBe('sent');
  });

  test("startOrderMailRetries, pos serve's loop, sends what the other processes queued", async () => {
    const order = await sendOrder();
    const m = await mailer();
    const sent: string[] = [];
    const loop = startOrderMailRetries(fx.core, orderPost(m), { intervalMs: 50, onOutcome: (o) => o.sent && sent.push(o.reference) });
    try {
      await until(() => sent.includes(order.reference), 'the loop to send the order', 20_000);
    } finally {
      await loop.stop();
      m.close();
    }
    expect((await fx.core.orderMails.forOrder(order.id))!.state).toBe('sent');
  });

  test('an order cancelled before its e-mail left: the e-mail never leaves, even one already being tried', async () => {
    smtp.refuse.add('cde@dupont.example');
    const order = await sendOrder();
    const m = await mailer();
    await deliverOrderMails(fx.core, orderPost(m), { orderId: order.id });
    smtp.refuse.clear();
    const count = smtp.messages.length;
    await fx.core.purchasing.cancel(order.id);
    expect(await fx.core.orderMails.forOrder(order.id)).toMatchObject({ state: 'cancelled', error: "commande annulée avant le départ de l'e-mail" });
    await fx.core.orderMails.retryNow();
    later(10);
    expect(await deliverOrderMails(fx.core, orderPost(m))).toEqual([]);
    // a runner that claimed the mail just before the cancel commits finds the order cancelled and drops it
    const raced = await sendOrder();
    await fx.core.knex('purchase_orders').where({ id: raced.id }).update({ status: 'cancelled' });
    expect(await deliverOrderMails(fx.core, orderPost(m), { orderId: raced.id })).toEqual([expect.objectContaining({ reference: raced.reference, sent: false, state: 'cancelled' })]);
    m.close();
    expect(smtp.messages).toHaveLength(count);
    expect((await fx.core.orderMails.list()).map((r) => r.orderId)).not.toContain(order.id);
  });

  test('the automatic send (autoSendDue) queues the e-mail like any send', async () => {
    const draft = await fx.core.purchasing.createDraft(supplier.id);
    await fx.core.purchasing.addLine(draft.id, oil.id, 6000);
    await fx.core.knex('purchase_orders').where({ id: draft.id }).update({ automatic: true, created_at: new Date(now.getTime() - 3 * 86_400_000).toISOString() });
    await fx.core.settings.setMany({ 'orders.autoSend': true, 'orders.autoSendAt': '19:00' });
    try {
      const sent = await fx.core.purchasing.autoSendDue();
      expect(sent.map((s) => s.order.reference)).toEqual([draft.reference]);
      expect(sent[0]!.order.mail).toMatchObject({ state: 'queued', recipient: 'cde@dupont.example' });
      const m = await mailer();
      expect(await deliverOrderMails(fx.core, orderPost(m))).toEqual([expect.objectContaining({ reference: draft.reference, sent: true })]);
      m.close();
    } finally {
      await fx.core.settings.set('orders.autoSend', false);
    }
  });

  test('e-mail off (no SMTP URL): orders are sent as before, with no e-mail owed', async () => {
    await fx.core.settings.set('mail.smtpUrl', '');
    try {
      const order = await sendOrder();
      expect(order.mail).toBeUndefined();
      expect(await fx.core.orderMails.forOrder(order.id)).toBeNull();
    } finally {
      await fx.core.settings.set('mail.smtpUrl', smtp.url);
    }
  });
});
