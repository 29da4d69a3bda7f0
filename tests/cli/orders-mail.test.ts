// Orders by e-mail through the real compiled program, against a real SMTP
// server on loopback: the SMTP URL set with its password (never printed
// back, nor journaled), `orders send` e-mails the order at once; a refused
// recipient and a server that is down leave it queued, said by `orders send`
// (exit 1), `orders list` and `orders mail`, and `orders mail --retry` sends it.
import { orderPost } from '../../src/cli/order-mail.js';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openCore, type Core } from '../../src/core/shop/core.service.js';
import { deliverOrderMails } from '../../src/core/stock/order-mail-delivery.service.js';
import { MAIL_CLAIM_MS } from '../../src/core/stock/order-mail.js';
import { createSmtpMailer } from '../../src/drivers/smtp-mailer.js';
import { POS_BIN, ROOT, runPosAsync } from '../helpers/run-pos.js';
import { until } from '../helpers/until.js';
import { smallShop } from '../helpers/shop.js';
import { closedPort, startLoopbackSmtp } from '../helpers/smtp-loopback.js';

describe('pos orders send by e-mail', () => {
  let dir: string;
  let db: string;
  let smtp: Awaited<ReturnType<typeof startLoopbackSmtp>>;
  let nutellaId = 0;
  // the e-mail settings are the shop's, unless a test gives POS_SMTP_URL
  const pos = (args: string[], extra: Record<string, string> = {}) => {
    const e = { POS_PIN: '1234', POS_SMTP_URL: '', POS_MAIL_FROM: '', ...extra };
    const saved = process.env.CI;
    delete process.env.CI;
    try {
      return runPosAsync([...args, '--db', db], e);
    } finally {
      if (saved !== undefined) process.env.CI = saved;
    }
  };
  const withCore = async <T>(work: (core: Core) => Promise<T>): Promise<T> => {
    const core = await openCore({ db });
    try {
      return await work(core);
    } finally {
      await core.close();
    }
  };
  /** a draft of 12 Nutella for a new supplier at `email`; its reference */
  const draftFor = (name: string, email: string) =>
    withCore(async (core) => {
      const supplier = await core.suppliers.create({ name, contact: '', email, phone: '', leadTimeDays: 2, minOrderValue: 0 });
      const draft = await core.purchasing.createDraft(supplier.id);
      await core.purchasing.addLine(draft.id, nutellaId, 12000);
      return draft.reference;
    });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pos-orders-mail-'));
    db = join(dir, 'pos.sqlite3');
    smtp = await startLoopbackSmtp();
    await withCore(async (core) => {
      nutellaId = (await smallShop(core)).nutella.id;
    });
  });
  afterAll(async () => {
    await smtp?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('settings: the SMTP URL with its password is never shown back nor journaled; a bad URL exits 2', async () => {
    const bad = await pos(['settings', 'set', 'mail.smtpUrl', 'http://mail.example']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/smtp:\/\/… ou smtps:\/\//);
    const set = await pos(['settings', 'set', 'mail.smtpUrl', `smtp://boutique:s3cret@127.0.0.1:${smtp.port}`]);
    expect(set.code).toBe(0);
    expect(set.stdout).toBe(`mail.smtpUrl\tsmtp://boutique:***@127.0.0.1:${smtp.port}\n`);
    expect((await pos(['settings', 'set', 'mail.from', 'Épicerie du Port <commandes@epicerie.example>'])).code).toBe(0);
    const got = await pos(['settings', 'get', 'mail.smtpUrl']);
    expect(got.stdout).toBe(`mail.smtpUrl\tsmtp://boutique:***@127.0.0.1:${smtp.port}\n`);
    const journal = await withCore(async (core) => core.knex('audit_events').where({ kind: 'settings' }).select('details'));
    expect(journal.map((r) => String(r.details)).join('\n')).toContain('boutique:***@127.0.0.1');
    expect(journal.map((r) => String(r.details)).join('\n')).not.toContain('s3cret');
  });

  test('orders send e-mails the order at once: the message, its recipient, the PDF and the CSV', async () => {
    const ref = await draftFor('Huilerie Dupont', 'cde@dupont.example');
    const out = join(dir, 'out');
    const r = await pos(['orders', 'send', ref, '--out', out]);
    expect(r.stderr).toContain(`${ref} envoyée par e-mail à cde@dupont.example`);
    expect(r.code).toBe(0);
    expect(existsSync(join(out, `${ref}.csv`))).toBe(true); // the files, as before
    expect(smtp.logins).toEqual(['boutique']); // the URL's credentials were used
    const mail = smtp.messages.at(-1)!;
    expect(smtp.envelopes.at(-1)).toEqual(['cde@dupont.example']);
    expect(mail.subject).toBe(`Bon de commande ${ref} - Ma boutique`);
    expect(mail.from!.value[0]!.address).toBe('commandes@epicerie.example');
    const [pdf, csv] = mail.attachments;
    expect(pdf!.filename).toBe(`${ref}.pdf`);
    expect(pdf!.content.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf!.content.toString('latin1')).toContain(`Bon de commande ${ref}`);
    expect(csv!.filename).toBe(`${ref}.csv`);
    expect(csv!.content.toString('utf8').split('\n')).toEqual([
      'reference;fournisseur;ref_fournisseur;plu;article;unite;quantite;cout_unitaire;montant',
      `${ref};Huilerie Dupont;;101;Pâte à tartiner noisette;unit;12;2,10;25,20`,
      '',
    ]);
    const list = await pos(['orders', 'list']);
    expect(list.stdout).toMatch(new RegExp(`${ref} .*\\[e-mail envoyé à cde@dupont\\.example le \\d{2}/\\d{2}/\\d{4}\\]`));
  });

  test('a refused recipient: the order is sent, its e-mail waits with the reason (exit 1); orders mail --retry sends it', async () => {
    const ref = await draftFor('Ferme Le Gall', 'legall@ferme.example');
    smtp.refuse.add('legall@ferme.example');
    const count = smtp.messages.length;
    const r = await pos(['orders', 'send', ref, '--out', join(dir, 'out')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`Commande ${ref} envoyée`);
    expect(r.stderr).toMatch(new RegExp(`${ref} : e-mail à legall@ferme\\.example pas envoyé \\(destinataire refusé par le serveur : legall@ferme\\.example.*\\) ; il reste en file, nouvel essai à \\d{2}:\\d{2}`));
    expect(smtp.messages).toHaveLength(count);
    const list = await pos(['orders', 'list']);
    expect(list.stdout).toMatch(new RegExp(`${ref} +Ferme Le Gall +envoyée .*\\[E-MAIL EN ATTENTE \\(1 essai\\) : destinataire refusé`));
    const queue = await pos(['orders', 'mail']);
    expect(queue.stdout).toMatch(new RegExp(`${ref} +Ferme Le Gall +legall@ferme\\.example +en attente +1 `));

    smtp.refuse.clear();
    const retry = await pos(['orders', 'mail', '--retry']);
    expect(retry.stderr).toContain(`${ref} envoyée par e-mail à legall@ferme.example`);
    expect(retry.code).toBe(0);
    expect(smtp.messages).toHaveLength(count + 1);
    expect((await pos(['orders', 'mail'])).stderr).toBe('Aucun e-mail en attente\n');
  });

  test('a server that is down (POS_SMTP_URL to a closed port): the e-mail waits, said; a later retry sends it', async () => {
    const ref = await draftFor('Savonnerie du Midi', 'pro@savon.example');
    const down = await pos(['orders', 'send', ref, '--out', join(dir, 'out')], { POS_SMTP_URL: `smtp://127.0.0.1:${await closedPort()}` });
    expect(down.code).toBe(1);
    expect(down.stderr).toMatch(/e-mail à pro@savon\.example pas envoyé \(serveur d'e-mail injoignable \(ECONNREFUSED\)\) ; il reste en file/);
    const order = await withCore((core) => core.purchasing.byReference(ref));
    expect(order.status).toBe('sent');
    expect(order.mail).toMatchObject({ state: 'queued', attempts: 1 });
    const retry = await pos(['orders', 'mail', '--retry', '--all', '--format', 'json']);
    expect(retry.code).toBe(0);
    const rows = JSON.parse(retry.stdout) as Array<{ reference: string; state: string; messageId: string }>;
    expect(rows.find((x) => x.reference === ref)).toMatchObject({ state: 'sent' });
    expect(smtp.messages.at(-1)!.messageId).toBe(rows.find((x) => x.reference === ref)!.messageId);
  });

  test('killed (SIGKILL) while the e-mail is being sent: the order and its queued e-mail survive, the next run sends it', async () => {
    const ref = await draftFor('Brasserie de Cornouaille', 'bieres@cornouaille.example');
    // a server that takes the connection and never answers: the send is under way when the process dies
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const env: Record<string, string | undefined> = { ...process.env, POS_DB: '', POS_TILL: '', POS_PIN: '1234', POS_SMTP_URL: `smtp://127.0.0.1:${(silent.address() as AddressInfo).port}`, POS_MAIL_FROM: '' };
    delete env.CI;
    const child = spawn(process.execPath, [POS_BIN, 'orders', 'send', ref, '--out', join(dir, 'out'), '--db', db], { cwd: ROOT, env });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      await until(() => sockets.length > 0, 'pos orders send to connect to the SMTP server', 60_000);
      child.kill('SIGKILL');
      await exited;
    } finally {
      sockets.forEach((s) => s.destroy());
      silent.close();
    }
    const count = smtp.messages.length;
    const order = await withCore((core) => core.purchasing.byReference(ref));
    expect(order.status).toBe('sent');
    expect(order.mail).toMatchObject({ state: 'queued', attempts: 0, sentAt: null });
    // the dead process's claim lapses; the next run (here, in a process whose clock is past it) sends the e-mail
    const later = new Date(Date.now() + MAIL_CLAIM_MS + 60_000);
    const core = await openCore({ db, clock: () => later });
    const mailer = await createSmtpMailer({ url: smtp.url, from: 'commandes@epicerie.example' });
    try {
      expect(await deliverOrderMails(core, orderPost(mailer))).toEqual([expect.objectContaining({ reference: ref, sent: true })]);
    } finally {
      mailer.close();
      await core.close();
    }
    expect(smtp.messages).toHaveLength(count + 1);
    expect(smtp.messages.at(-1)!.subject).toContain(ref);
  });
});
