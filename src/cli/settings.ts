// `pos settings get|set|keys`: the settings a shopkeeper writes as text — the
// till's keys and tender letters (key-map.ts), and the e-mail of supplier
// orders (mail.smtpUrl, mail.from: mail-settings.ts; the URL's password is
// never printed back), the shop's SIRET and the FEC's accounts
// (fec-accounts.ts: digits of the right class). Reading is free; a change
// needs the PIN of whoever may change the settings, is checked (a conflicting
// map, a bad URL or account is refused and nothing changes) and audited under
// their name.
import { Command } from 'commander';
import { describeKeys, keyMapOf, TILL_ACTIONS, type KeyMap, type KeySettings } from '../core/shop/key-map.js';
import { PAYMENT_METHODS } from '../core/sales/payment.js';
import { authorizeFromPin, UsageError, withCore } from './context.js';
import { renderTable } from './stock-format.js';
import { maskSmtpUrl } from '../core/shop/mail-settings.js';
import { FEC_SETTING_KEYS, type FecSettingKey } from '../core/fiscal/fec-accounts.js';

type MailSetting = 'mail.smtpUrl' | 'mail.from';
type TextSetting = keyof KeySettings | MailSetting | 'shop.siret' | FecSettingKey;
const TEXT_SETTINGS: ReadonlyArray<TextSetting> = ['till.keys', 'till.tenderKeys', 'mail.smtpUrl', 'mail.from', 'shop.siret', ...FEC_SETTING_KEYS];
const isKeySetting = (key: TextSetting): key is keyof KeySettings => key.startsWith('till.');
/** A setting's value as shown: the SMTP URL without its password. */
const shown = (key: TextSetting, value: string) => (key === 'mail.smtpUrl' ? maskSmtpUrl(value) : value);

function textSetting(name: string): TextSetting {
  const key = TEXT_SETTINGS.find((k) => k === name);
  if (!key) throw new UsageError(`réglage inconnu ici : « ${name} » (${TEXT_SETTINGS.join(', ')})`);
  return key;
}

/** The keys the till runs with: every action, then every tender letter. */
function renderKeys(map: KeyMap): string {
  const actions = TILL_ACTIONS.map((action) => [action, describeKeys(map, action)]);
  const tenders = PAYMENT_METHODS.map((method) => [method, map.tenders[method].toUpperCase()]);
  return `${renderTable(['Action', 'Touches'], actions, [])}\n${renderTable(['Moyen de paiement', 'Lettre'], tenders, [])}`;
}

export function settingsCommand(): Command {
  const command = new Command('settings').description("réglages écrits en texte : les touches de la caisse (till.keys), les lettres des moyens de paiement (till.tenderKeys), l'e-mail des commandes (mail.smtpUrl, mail.from), le SIRET (shop.siret) et les comptes du FEC (fec.…)");
  command
    .command('get')
    .description('affiche un réglage tel qu’il est enregistré')
    .argument('<réglage>', TEXT_SETTINGS.join(', '))
    .action(async (name: string, _opts: unknown, cmd: Command) => {
      const key = textSetting(name);
      await withCore(cmd, async (core) => process.stdout.write(`${key}\t${shown(key, await core.settings.get(key))}\n`));
    });
  command
    .command('set')
    .description('change un réglage (code PIN d’un responsable) ; une valeur vide revient aux touches par défaut (ou coupe l’e-mail pour mail.smtpUrl)')
    .argument('<réglage>', TEXT_SETTINGS.join(', '))
    .argument('<valeur>', 'ex. "search=F3,Ctrl+S; customer=F2,Ctrl+K", "cash=E; card=B", "smtps://boutique%40exemple.fr:motdepasse@smtp.exemple.fr:465" ou "Ma boutique <boutique@exemple.fr>", "812 345 678 00014", "20=7071; 5,5=7073; *=707"')
    .option('--pin <pin>', "code PIN d'un responsable (env POS_PIN)")
    .action(async (name: string, value: string, opts: { pin?: string }, cmd: Command) => {
      const key = textSetting(name);
      await withCore(cmd, async (core) => {
        const manager = await authorizeFromPin(core, opts.pin, 'settings');
        await core.settings.set(key, value.trim(), { employeeId: manager.id });
        process.stderr.write(`${key} enregistré (${manager.name})\n`);
        if (isKeySetting(key)) process.stdout.write(renderKeys(keyMapOf(await core.settings.all())));
        else process.stdout.write(`${key}\t${shown(key, await core.settings.get(key))}\n`);
      });
    });
  command
    .command('keys')
    .description('les touches de la caisse telles que réglées')
    .action(async (_opts: unknown, cmd: Command) => {
      await withCore(cmd, async (core) => process.stdout.write(renderKeys(keyMapOf(await core.settings.all()))));
    });
  return command;
}
