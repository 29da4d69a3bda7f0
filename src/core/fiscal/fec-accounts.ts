// The accounts the FEC (fec.ts) posts the sales to, as the shop sets them
// with `pos settings set fec.… <valeur>`: one account per tender, the sales
// and output-VAT accounts per VAT rate, the journal, one entry per day or per
// sale. Stored as text settings; read and checked here (pure) so a bad
// account is refused when it is set, and a damaged one when the FEC is made.
import { InputError } from '../basics/errors.js';
import { formatRate, parseRate } from '../catalogue/vat.js';
import type { PaymentMethod } from '../sales/payment.js';

/** The FEC settings, all text: what `pos settings get/set` shows and takes. */
export interface FecSettings {
  /** one entry per Z (the day of a till) or one per sale */
  'fec.entryPer': string;
  'fec.journalCode': string;
  'fec.journalLabel': string;
  'fec.account.cash': string;
  'fec.account.cheque': string;
  'fec.account.card': string;
  'fec.account.meal_voucher': string;
  'fec.account.mobile': string;
  /** vouchers and credit notes spent (or given back) at the till: a debt of the shop */
  'fec.account.voucher': string;
  /** sales on account: the customer is the auxiliary account */
  'fec.account.account': string;
  /** sales before tax per VAT rate: "20=7071; 10=7072; 5,5=7073; 2,1=7074; *=707" */
  'fec.account.sales': string;
  /** output VAT per rate, same form */
  'fec.account.vat': string;
  /** loyalty vouchers given with a sale: a discount granted, owed on the vouchers account until spent */
  'fec.account.loyalty': string;
}

/** A sensible French default: the shop's accountant changes what differs. */
export const DEFAULT_FEC_SETTINGS: FecSettings = {
  'fec.entryPer': 'day',
  'fec.journalCode': 'VE',
  'fec.journalLabel': 'Ventes',
  'fec.account.cash': '530',
  'fec.account.cheque': '5112',
  'fec.account.card': '5115',
  'fec.account.meal_voucher': '5116',
  'fec.account.mobile': '5117',
  'fec.account.voucher': '4191',
  'fec.account.account': '411',
  'fec.account.sales': '20=7071; 10=7072; 5,5=7073; 2,1=7074; 0=7075; *=707',
  'fec.account.vat': '20=445711; 10=445712; 5,5=445713; 2,1=445714; *=44571',
  'fec.account.loyalty': '7097',
};

export type FecSettingKey = keyof FecSettings;
export const FEC_SETTING_KEYS = Object.keys(DEFAULT_FEC_SETTINGS) as FecSettingKey[];

export function isFecSettingKey(key: string): key is FecSettingKey {
  return (FEC_SETTING_KEYS as string[]).includes(key);
}

/** Accounts chosen per VAT rate, with the one for any other rate. */
export interface RateAccounts {
  byRate: Map<number, string>;
  other: string;
}

export interface FecConfig {
  entryPer: 'day' | 'sale';
  journalCode: string;
  journalLabel: string;
  tenders: Record<PaymentMethod, string>;
  sales: RateAccounts;
  vat: RateAccounts;
  /** the discount account a loyalty voucher is posted to when given */
  loyalty: string;
}

/** What each account must start with: its class in the French chart of accounts (PCG). */
const ACCOUNT_PREFIX: Record<string, { prefixes: string[]; what: string }> = {
  'fec.account.cash': { prefixes: ['5'], what: 'un compte de trésorerie (classe 5, ex. 530)' },
  'fec.account.cheque': { prefixes: ['5', '4'], what: 'un compte de classe 5 ou 4 (ex. 5112)' },
  'fec.account.card': { prefixes: ['5', '4'], what: 'un compte de classe 5 ou 4 (ex. 5115)' },
  'fec.account.meal_voucher': { prefixes: ['5', '4'], what: 'un compte de classe 5 ou 4 (ex. 5116)' },
  'fec.account.mobile': { prefixes: ['5', '4'], what: 'un compte de classe 5 ou 4 (ex. 5117)' },
  'fec.account.voucher': { prefixes: ['4'], what: 'un compte de tiers (classe 4, ex. 4191)' },
  'fec.account.account': { prefixes: ['41'], what: 'un compte clients (41…, ex. 411)' },
  'fec.account.sales': { prefixes: ['70'], what: 'un compte de ventes (70…, ex. 7071)' },
  'fec.account.vat': { prefixes: ['4457'], what: 'un compte de TVA collectée (4457…, ex. 445711)' },
  'fec.account.loyalty': { prefixes: ['709', '6'], what: 'un compte de remises accordées (709…, ex. 7097) ou de charges (classe 6)' },
};

/** An account number as the FEC writes it: digits only, 3 to 20, of the class the key needs. */
export function checkAccountNumber(key: string, text: string): string {
  const value = text.trim();
  const rule = ACCOUNT_PREFIX[key];
  if (!/^\d{3,20}$/.test(value)) throw new InputError(`${key} : numéro de compte invalide « ${value.slice(0, 40)} » (3 à 20 chiffres, rien d'autre)`);
  if (rule && !rule.prefixes.some((p) => value.startsWith(p))) throw new InputError(`${key} : « ${value} » n'est pas ${rule.what}`);
  return value;
}

/** "20=7071; 5,5=7073; *=707" → accounts per rate (basis points) and for any other rate. */
export function parseRateAccounts(key: 'fec.account.sales' | 'fec.account.vat', text: string): RateAccounts {
  const source = text.trim() === '' ? DEFAULT_FEC_SETTINGS[key] : text;
  const byRate = new Map<number, string>();
  let other: string | null = null;
  for (const part of source.split(';').map((p) => p.trim()).filter(Boolean)) {
    const m = /^([^=]+)=(.*)$/.exec(part);
    if (!m) throw new InputError(`${key} : « ${part.slice(0, 40)} » attendu taux=compte (ex. 20=7071; 5,5=7073; *=707)`);
    const rateText = m[1]!.trim();
    const account = checkAccountNumber(key, m[2]!);
    if (rateText === '*') {
      if (other !== null) throw new InputError(`${key} : « * » (les autres taux) est donné deux fois`);
      other = account;
      continue;
    }
    const rate = parseRate(rateText);
    if (rate === null) throw new InputError(`${key} : taux de TVA invalide « ${rateText.slice(0, 20)} » (ex. 20, 5,5 ou * pour les autres)`);
    if (byRate.has(rate)) throw new InputError(`${key} : le taux ${formatRate(rate)} est donné deux fois`);
    byRate.set(rate, account);
  }
  const fallback = parseRateAccountsDefaultOther(key);
  return { byRate, other: other ?? fallback };
}

/** The account of "any other rate" when the setting gives none: the default's. */
function parseRateAccountsDefaultOther(key: 'fec.account.sales' | 'fec.account.vat'): string {
  return /\*=(\d+)/.exec(DEFAULT_FEC_SETTINGS[key])![1]!;
}

/** Checks one FEC setting as typed and gives the text to store ('' = back to the default). */
export function checkFecSetting(key: FecSettingKey, text: string): string {
  const value = text.trim();
  if (value === '') return '';
  switch (key) {
    case 'fec.entryPer':
      if (value !== 'day' && value !== 'sale') throw new InputError(`fec.entryPer : day (une écriture par Z) ou sale (une par vente), pas « ${value.slice(0, 20)} »`);
      return value;
    case 'fec.journalCode':
      if (!/^[A-Z0-9]{1,6}$/.test(value)) throw new InputError(`fec.journalCode : 1 à 6 lettres majuscules ou chiffres (ex. VE), pas « ${value.slice(0, 20)} »`);
      return value;
    case 'fec.journalLabel':
      if (value.length > 100 || /[\t|\p{Cc}]/u.test(value)) throw new InputError('fec.journalLabel : 100 caractères au plus, sans tabulation, barre verticale ni caractère de contrôle');
      return value;
    case 'fec.account.sales':
    case 'fec.account.vat':
      parseRateAccounts(key, value);
      return value.split(';').map((p) => p.trim()).filter(Boolean).join('; ');
    default:
      return checkAccountNumber(key, value);
  }
}

/** The configuration the FEC is built with; a damaged stored value is refused with its key. */
export function fecConfigOf(settings: Partial<Record<FecSettingKey, unknown>>): FecConfig {
  const text = (key: FecSettingKey): string => {
    const stored = settings[key];
    // A number typed by hand in the database (530) still reads as the account it means.
    const value = typeof stored === 'string' || typeof stored === 'number' ? checkFecSetting(key, String(stored)) : '';
    return value === '' ? DEFAULT_FEC_SETTINGS[key] : value;
  };
  return {
    entryPer: text('fec.entryPer') === 'sale' ? 'sale' : 'day',
    journalCode: text('fec.journalCode'),
    journalLabel: text('fec.journalLabel'),
    tenders: {
      cash: text('fec.account.cash'),
      cheque: text('fec.account.cheque'),
      card: text('fec.account.card'),
      meal_voucher: text('fec.account.meal_voucher'),
      mobile: text('fec.account.mobile'),
      voucher: text('fec.account.voucher'),
      account: text('fec.account.account'),
    },
    sales: parseRateAccounts('fec.account.sales', text('fec.account.sales')),
    vat: parseRateAccounts('fec.account.vat', text('fec.account.vat')),
    loyalty: text('fec.account.loyalty'),
  };
}

/** A SIRET as typed (spaces allowed): 14 digits, or '' for none. */
export function checkSiret(text: string): string {
  const value = text.trim();
  if (value === '') return '';
  if (!/^\d{14}$/.test(value.replace(/[\s.]/g, ''))) throw new InputError(`SIRET invalide « ${value.slice(0, 30)} » : 14 chiffres (espaces permis), ex. 812 345 678 00014`);
  return value;
}

/** The SIREN (the 9 first digits of the SIRET) the FEC's name starts with; null when no valid SIRET is set. */
export function sirenOf(siret: string): string | null {
  const digits = siret.replace(/[\s.]/g, '');
  return /^\d{14}$/.test(digits) ? digits.slice(0, 9) : null;
}
