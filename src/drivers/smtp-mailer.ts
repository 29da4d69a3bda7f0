// The shop's e-mail transport: nodemailer over SMTP, from an smtp:// or
// smtps:// URL (user and password may be in it; nodemailer's URL options such
// as ?tls.rejectUnauthorized=false for a server with its own certificate are
// honoured). It only carries a message and reports what the server said:
// whether that counts as sent, and what to do otherwise, is the core's rule
// (order-mail.ts). Timeouts are short enough that `pos orders send` answers
// within seconds when the server is down; the queue tries again later.
import type { Mailer, MailReceipt, OutgoingMail } from '../core/stock/order-mail.js';
import { mailConfigOf, type MailConfig } from '../core/shop/mail-settings.js';

/**
 * The mailer a process sends with, from the shop's settings (mail.smtpUrl,
 * mail.from) and its environment (POS_SMTP_URL, POS_MAIL_FROM, which win):
 * null when e-mail is off, `problem` when it is on but can't send (no From).
 * `pos serve` starts startOrderMailRetries(core, orderPost(mailer)) with it.
 */
export async function smtpMailerFor(settings: { smtpUrl: string; from: string }, env: Record<string, string | undefined> = process.env): Promise<{ mailer: Mailer } | { problem: string } | null> {
  const config = mailConfigOf(settings, env);
  if (config === null || 'problem' in config) return config;
  return { mailer: await createSmtpMailer(config) };
}

export async function createSmtpMailer(config: MailConfig): Promise<Mailer> {
  // loaded on first use: the till and most commands never send e-mail
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport({
    url: config.url,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
    // one message per connection: each try starts clean after a server restart
    pool: false,
  } as Parameters<typeof nodemailer.createTransport>[0]);
  return {
    from: config.from,
    async send(mail: OutgoingMail): Promise<MailReceipt> {
      const info = await transport.sendMail({ from: mail.from, to: mail.to, subject: mail.subject, text: mail.text, attachments: mail.attachments });
      const address = (a: unknown) => (typeof a === 'string' ? a : String((a as { address?: string }).address ?? ''));
      return {
        accepted: ((info.accepted ?? []) as unknown[]).map(address),
        rejected: ((info.rejected ?? []) as unknown[]).map(address),
        messageId: String(info.messageId ?? ''),
        response: info.response ? String(info.response) : undefined,
      };
    },
    close() {
      transport.close();
    },
  };
}
