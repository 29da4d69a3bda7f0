// The back office's orders screen with e-mail set up, against a real SMTP
// server on loopback: Ctrl+S sends the order and e-mails it at once; when the
// supplier's server refuses the recipient the message says the e-mail waits
// and why, the list flags the order and its screen gives the reason (80x24).
import { orderPost } from '../../src/cli/order-mail.js';
import { cleanup, render } from 'ink-testing-library';
import { BackOfficeScreen } from '../../src/screens/backoffice/BackOfficeScreen.js';
import { BackOfficeSession, MENU } from '../../src/screens/backoffice/backoffice-session.js';
import { deliverOrderMails } from '../../src/core/stock/order-mail-delivery.service.js';
import { createSmtpMailer } from '../../src/drivers/smtp-mailer.js';
import { decodeKeys } from '../../src/screens/keys.js';
import { makeTheme } from '../../src/screens/theme.js';
import { CTRL_S, DOWN, ESC } from '../helpers/key-codes.js';
import { coreFixture } from '../helpers/shop.js';
import { startLoopbackSmtp, type LoopbackSmtp } from '../helpers/smtp-loopback.js';

describe('back office orders screen, orders by e-mail', () => {
  const fx = coreFixture();
  let smtp: LoopbackSmtp;
  const type = async (s: BackOfficeSession, raw: string) => {
    for (const event of decodeKeys(raw)) await s.feed([event]);
  };
  const session = () => {
    const s = new BackOfficeSession(fx.core, fx.shop.manager);
    s.deliverOrderMail = async (orderId) => {
      const mailer = await createSmtpMailer({ url: smtp.url, from: 'boutique@exemple.fr' });
      try {
        return await deliverOrderMails(fx.core, orderPost(mailer), { orderId });
      } finally {
        mailer.close();
      }
    };
    return s;
  };
  const draftFor = async (email: string) => {
    const supplier = await fx.core.suppliers.create({ name: `Grossiste ${email.split('@')[0]}`, contact: '', email, phone: '', leadTimeDays: 2, minOrderValue: 0 });
    const draft = await fx.core.purchasing.createDraft(supplier.id);
    await fx.core.purchasing.addLine(draft.id, fx.shop.nutella.id, 6000);
    return draft;
  };

  beforeAll(async () => {
    smtp = await startLoopbackSmtp();
    await fx.core.settings.set('mail.smtpUrl', smtp.url);
  });
  afterAll(async () => {
    cleanup();
    await smtp?.close();
  });

  test('Ctrl+S sends the order and e-mails it at once', async () => {
    const draft = await draftFor('achats@grossiste.example');
    const s = session();
    await type(s, DOWN.repeat(MENU.indexOf('orders')) + '\r');
    await type(s, '\r');
    expect(s.getState().orders!.order!.reference).toBe(draft.reference);
    await type(s, CTRL_S);
    expect(s.getState().message).toEqual({ text: `Commande ${draft.reference} envoyée et e-mailée à achats@grossiste.example`, kind: 'success' });
    expect(smtp.messages.map((m) => m.subject)).toEqual([`Bon de commande ${draft.reference} - Ma boutique`]);
    expect(s.getState().orders!.order!.mail).toMatchObject({ state: 'sent' });
  });

  test('a refused recipient: the message says the e-mail waits and why; the list flags it, the order shows the reason', async () => {
    const draft = await draftFor('inconnu@grossiste.example');
    smtp.refuse.add('inconnu@grossiste.example');
    const s = session();
    await type(s, DOWN.repeat(MENU.indexOf('orders')) + '\r');
    const row = s.getState().orders!.orders.findIndex((o) => o.id === draft.id);
    await type(s, DOWN.repeat(row) + '\r');
    await type(s, CTRL_S);
    expect(s.getState().message!.kind).toBe('info');
    expect(s.getState().message!.text).toMatch(new RegExp(`^Commande ${draft.reference} envoyée ; e-mail en attente : destinataire refusé par le serveur : inconnu@grossiste\\.example`));
    const app = render(<BackOfficeScreen session={s} width={80} height={24} theme={makeTheme('none')} locale="fr" shopName="Ma boutique" />);
    expect(app.lastFrame()).toContain('E-mail à inconnu@grossiste.example en attente (1 essai(s)) : destinataire');
    await type(s, ESC);
    const frame = app.lastFrame()!;
    const line = frame.split('\n').find((l) => l.includes(draft.reference))!;
    expect(line).toContain('e-mail en attente');
    expect(frame.split('\n').every((l) => l.length <= 80)).toBe(true);
    app.unmount();
    expect((await fx.core.purchasing.get(draft.id))!.status).toBe('sent');
  });
});
