// The pure rules of orders by e-mail: the SMTP settings (checked, masked,
// chosen between the shop's and the process's), when an SMTP answer counts
// as sent, the reasons in words, and the retry delays.
import { InputError } from '../../src/core/basics/errors.js';
import { checkMailFrom, checkSmtpUrl, mailConfigOf, mailEnabled, maskSmtpUrl } from '../../src/core/shop/mail-settings.js';
import { acceptedBy, describeOrderMail, mailErrorReason, MAX_MAIL_ATTEMPTS, refusalReason, retryDelayMs } from '../../src/core/stock/order-mail.js';

test('an SMTP URL is smtp:// or smtps:// with a host; empty turns e-mail off', () => {
  expect(checkSmtpUrl(' smtps://u%40x.fr:p@smtp.x.fr:465 ')).toBe('smtps://u%40x.fr:p@smtp.x.fr:465');
  expect(checkSmtpUrl('')).toBe('');
  expect(() => checkSmtpUrl('http://smtp.x.fr')).toThrow(InputError);
  expect(() => checkSmtpUrl('smtp.x.fr:25')).toThrow(/smtp:\/\//);
  expect(() => checkSmtpUrl('smtp://')).toThrow(InputError);
  expect(checkMailFrom('Ma boutique <boutique@x.fr>')).toBe('Ma boutique <boutique@x.fr>');
  expect(() => checkMailFrom('boutique')).toThrow(/expéditeur invalide/);
});

test('the password is masked wherever the URL is shown', () => {
  expect(maskSmtpUrl('smtps://user:s3cret@smtp.x.fr:465')).toBe('smtps://user:***@smtp.x.fr:465');
  expect(maskSmtpUrl('smtp://smtp.x.fr')).toBe('smtp://smtp.x.fr');
  expect(maskSmtpUrl('not a url s3cret')).toBe('***');
});

test("the process's POS_SMTP_URL / POS_MAIL_FROM win over the shop's settings; a From is needed", () => {
  const shop = { smtpUrl: 'smtp://shop.example', from: 'shop@x.fr' };
  expect(mailConfigOf(shop, {})).toEqual({ url: 'smtp://shop.example', from: 'shop@x.fr' });
  expect(mailConfigOf(shop, { POS_SMTP_URL: 'smtps://env.example', POS_MAIL_FROM: 'env@x.fr' })).toEqual({ url: 'smtps://env.example', from: 'env@x.fr' });
  expect(mailConfigOf({ smtpUrl: '', from: '' }, {})).toBeNull();
  expect(mailConfigOf({ smtpUrl: 'smtps://me%40x.fr:pw@smtp.x.fr', from: '' }, {})).toEqual({ url: 'smtps://me%40x.fr:pw@smtp.x.fr', from: 'me@x.fr' });
  expect(mailConfigOf({ smtpUrl: 'smtp://smtp.x.fr', from: '' }, {})).toEqual({ problem: expect.stringMatching(/mail\.from/) });
  expect(mailEnabled('', {})).toBe(false);
  expect(mailEnabled('', { POS_SMTP_URL: 'smtp://x' })).toBe(true);
});

test('sent only when the server accepted the recipient and refused nobody', () => {
  expect(acceptedBy({ accepted: ['CDE@x.fr'], rejected: [], messageId: '<a>' }, 'cde@x.fr')).toBe(true);
  expect(acceptedBy({ accepted: [], rejected: ['cde@x.fr'], messageId: '<a>' }, 'cde@x.fr')).toBe(false);
  expect(acceptedBy({ accepted: ['other@x.fr'], rejected: [], messageId: '<a>' }, 'cde@x.fr')).toBe(false);
  expect(refusalReason({ accepted: [], rejected: ['cde@x.fr'], messageId: '', response: '550 no' }, 'cde@x.fr')).toBe('destinataire refusé par le serveur : cde@x.fr (550 no)');
});

test("a transport error in the shopkeeper's words", () => {
  expect(mailErrorReason(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25'), { code: 'ESOCKET' }))).toBe("serveur d'e-mail injoignable (ECONNREFUSED)");
  expect(mailErrorReason(Object.assign(new Error('Invalid login'), { code: 'EAUTH', response: '535 Authentication failed' }))).toBe("identifiant ou mot de passe d'e-mail refusé : 535 Authentication failed");
  expect(mailErrorReason(Object.assign(new Error('x'), { code: 'EENVELOPE', rejected: ['a@x.fr'], response: '550 User unknown' }))).toBe('destinataire refusé par le serveur : a@x.fr : 550 User unknown');
  expect(mailErrorReason(Object.assign(new Error('Greeting never received'), { code: 'ETIMEDOUT' }))).toBe("serveur d'e-mail injoignable (pas de réponse)");
  expect(mailErrorReason(new Error('line\u0007 one\nline two'))).toBe('line one line two');
});

test('retries back off from a minute to every four hours, and give up after MAX_MAIL_ATTEMPTS', () => {
  expect([1, 2, 3, 4, 5, 6, 19].map((n) => retryDelayMs(n) / 60_000)).toEqual([1, 5, 15, 30, 60, 240, 240]);
  const total = Array.from({ length: MAX_MAIL_ATTEMPTS - 1 }, (_, i) => retryDelayMs(i + 1)).reduce((a, b) => a + b, 0);
  expect(total / 3_600_000).toBeGreaterThan(48); // a long weekend's outage is caught up
});

test('where an e-mail stands, in one line', () => {
  const base = { recipient: 'cde@x.fr', error: null, attempts: 0, sentAt: null, nextTryAt: null, messageId: null };
  expect(describeOrderMail({ ...base, state: 'queued' })).toBe("e-mail à cde@x.fr en attente d'envoi");
  expect(describeOrderMail({ ...base, state: 'queued', attempts: 2, error: 'serveur injoignable', nextTryAt: new Date(2026, 0, 1, 10, 5).toISOString() })).toBe('E-MAIL EN ATTENTE (2 essais) : serveur injoignable, nouvel essai à 10:05');
  expect(describeOrderMail({ ...base, state: 'sent', sentAt: new Date(2026, 10, 3, 12).toISOString() })).toBe('e-mail envoyé à cde@x.fr le 03/11/2026');
  expect(describeOrderMail({ ...base, state: 'failed', attempts: 20, error: 'refusé' })).toMatch(/^E-MAIL ABANDONNÉ après 20 essais \(refusé\) : pos orders mail --retry$/);
});

test("smtpMailerFor, what pos serve starts its loop with: off, a problem, or a mailer with the shop's From", async () => {
  const { smtpMailerFor } = await import('../../src/drivers/smtp-mailer.js');
  expect(await smtpMailerFor({ smtpUrl: '', from: '' }, {})).toBeNull();
  expect(await smtpMailerFor({ smtpUrl: 'smtp://127.0.0.1:9', from: '' }, {})).toEqual({ problem: expect.stringMatching(/expéditeur/) });
  const found = await smtpMailerFor({ smtpUrl: 'smtp://127.0.0.1:9', from: 'shop@x.fr' }, { POS_MAIL_FROM: 'env@x.fr' });
  expect(found && 'mailer' in found ? found.mailer.from : null).toBe('env@x.fr');
  if (found && 'mailer' in found) found.mailer.close();
});
