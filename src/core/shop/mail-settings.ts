// How the shop sends e-mail (supplier orders): an smtp:// or smtps:// URL,
// user and password allowed in it, and the From address. Kept as shop
// settings (`pos settings set mail.smtpUrl …`) and/or given to one process by
// POS_SMTP_URL / POS_MAIL_FROM, which win: the password can then stay out of
// the database. Pure: checking, masking (a password is never printed back,
// nor written in the journal), and choosing what a process uses.
import { InputError } from '../basics/errors.js';

export interface MailConfig {
  url: string;
  from: string;
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+$/;

/** An SMTP URL as typed; '' turns e-mail off. Throws an InputError saying what is wrong. */
export function checkSmtpUrl(text: string): string {
  const value = text.trim();
  if (!value) return '';
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InputError(`Adresse du serveur d'e-mail invalide : attendu smtp://serveur:587 ou smtps://utilisateur:motdepasse@serveur:465`);
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') throw new InputError(`Le serveur d'e-mail s'écrit smtp://… ou smtps://… (reçu « ${url.protocol}// »)`);
  if (!url.hostname) throw new InputError("Le serveur d'e-mail n'a pas de nom d'hôte");
  return value;
}

/** A From address: "boutique@example.fr" or "Ma boutique <boutique@example.fr>"; '' means "the URL's user, if it is an address". */
export function checkMailFrom(text: string): string {
  const value = text.trim();
  if (!value) return '';
  const address = /<([^<>]+)>\s*$/.exec(value)?.[1] ?? value;
  if (!EMAIL.test(address.trim())) throw new InputError(`Adresse d'expéditeur invalide : « ${value} »`);
  return value;
}

/** The URL with its password replaced by ***: what is shown and journaled. */
export function maskSmtpUrl(text: string): string {
  try {
    const url = new URL(text);
    if (url.password) url.password = '***';
    return url.toString();
  } catch {
    return text ? '***' : '';
  }
}

/**
 * What this process sends with: POS_SMTP_URL / POS_MAIL_FROM over the shop's
 * settings. Null URL: e-mail is off. A From is needed: without one, the URL's
 * user when it is an address, else `problem` says what to set.
 */
export function mailConfigOf(settings: { smtpUrl: string; from: string }, env: Record<string, string | undefined>): MailConfig | { problem: string } | null {
  const url = (env['POS_SMTP_URL'] ?? '').trim() || settings.smtpUrl.trim();
  if (!url) return null;
  try {
    checkSmtpUrl(url);
  } catch (err) {
    return { problem: (err as Error).message };
  }
  let from = (env['POS_MAIL_FROM'] ?? '').trim() || settings.from.trim();
  if (!from) {
    const user = decodeURIComponent(new URL(url).username);
    if (EMAIL.test(user)) from = user;
  }
  if (!from) return { problem: "Pas d'adresse d'expéditeur : pos settings set mail.from boutique@exemple.fr (ou POS_MAIL_FROM)" };
  return { url, from };
}

/** E-mail is on for this process: the shop set an SMTP URL, or this process was given one. */
export function mailEnabled(smtpUrl: string, env: Record<string, string | undefined>): boolean {
  return Boolean((env['POS_SMTP_URL'] ?? '').trim() || smtpUrl.trim());
}
