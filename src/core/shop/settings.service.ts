// Shop settings: a key/value store of JSON values with typed defaults, so a
// fresh database works before anyone opens the settings screen.
import { checkTextField } from '../basics/text-fields.js';
import type { Knex } from 'knex';
import type { Clock } from '../basics/clock.js';
import { DEFAULT_EMBEDDED_LAYOUTS, type EmbeddedLayout } from '../sales/barcode.js';
import { appendAuditEvent } from '../fiscal/audit.service.js';
import type { PaymentMethod } from '../sales/payment.js';
import type { GuardedAction } from '../staff/permissions.js';
import type { Role } from '../staff/staff.js';
import { writeTransaction } from '../basics/transaction.service.js';
import { checkKeySettings, DEFAULT_KEY_SETTINGS, type KeySettings } from './key-map.js';
import { checkMailFrom, checkSmtpUrl, maskSmtpUrl } from './mail-settings.js';
import { checkFecSetting, checkSiret, DEFAULT_FEC_SETTINGS, isFecSettingKey, type FecSettings } from '../fiscal/fec-accounts.js';

/** The FEC's accounts and journal (fec-accounts.ts) are settings too, all text. */
export interface ShopSettings extends FecSettings {
  'shop.name': string;
  'shop.address': string[];
  'shop.siret': string;
  'shop.vatNumber': string;
  'receipt.header': string[];
  'receipt.footer': string[];
  'receipt.columns': number;
  'receipt.codePage': string;
  tenders: PaymentMethod[];
  'barcode.embeddedLayouts': EmbeddedLayout[];
  /** discounts above this (basis points) need a manager's PIN */
  'discount.maxWithoutManagerBp': number;
  'loyalty.enabled': boolean;
  'loyalty.criterion': 'points' | 'spent' | 'visits' | 'items';
  'loyalty.threshold': number;
  /** what a complete card gives: percent (bp), amount (cents), voucher (cents) or a free article */
  'loyalty.reward.kind': 'percent' | 'amount' | 'voucher' | 'article';
  'loyalty.reward.value': number;
  'loyalty.reward.articleId': number | null;
  /** a sale taking an article to its reorder point creates or extends a draft order */
  'orders.auto': boolean;
  /** automatic draft orders are sent each day at 'orders.autoSendAt' (local 'HH:MM') */
  'orders.autoSend': boolean;
  'orders.autoSendAt': string;
  /** how often the till asks the database what changed elsewhere (prices, stock, promotions), in seconds */
  'live.pollSeconds': number;
  /** the level of the drawer sensor (DLE EOT 1, bit 0x04) that means "open": drawers differ */
  'drawer.openLevel': 'high' | 'low';
  /** the fewest digits a new or changed manager's or owner's PIN may have (pin-strength.ts) */
  'pin.minDigitsManager': number;
  /** the shop's changes to the permission table (action → least role); the rest keep their default */
  permissions: Partial<Record<GuardedAction, Role>>;
  /** the shop's changes to the till's keys, "search=F3,Ctrl+F; customer=F2" (key-map.ts); empty: the defaults */
  'till.keys': string;
  /** the shop's changes to the payment screen's tender letters, "cash=E; card=C" */
  'till.tenderKeys': string;
  /** supplier orders by e-mail: smtp:// or smtps:// URL (user:password allowed; POS_SMTP_URL wins); '' = off (mail-settings.ts) */
  'mail.smtpUrl': string;
  /** the From of those e-mails (POS_MAIL_FROM wins); '' = the URL's user when it is an address */
  'mail.from': string;
}

export const DEFAULT_SETTINGS: ShopSettings = {
  'shop.name': 'Ma boutique',
  'shop.address': [],
  'shop.siret': '',
  'shop.vatNumber': '',
  'receipt.header': [],
  'receipt.footer': ['Merci de votre visite !'],
  'receipt.columns': 42,
  'receipt.codePage': 'cp858',
  tenders: ['cash', 'card', 'cheque', 'meal_voucher', 'voucher', 'mobile', 'account'],
  'barcode.embeddedLayouts': DEFAULT_EMBEDDED_LAYOUTS,
  'discount.maxWithoutManagerBp': 1000,
  'loyalty.enabled': true,
  'loyalty.criterion': 'points',
  'loyalty.threshold': 100,
  'loyalty.reward.kind': 'amount',
  'loyalty.reward.value': 500,
  'loyalty.reward.articleId': null,
  'orders.auto': false,
  'orders.autoSend': false,
  'orders.autoSendAt': '19:00',
  'live.pollSeconds': 2,
  'drawer.openLevel': 'high',
  'pin.minDigitsManager': 6,
  permissions: {},
  ...DEFAULT_KEY_SETTINGS,
  'mail.smtpUrl': '',
  'mail.from': '',
  ...DEFAULT_FEC_SETTINGS,
};

export type SettingKey = keyof ShopSettings;

/**
 * The settings each shop has its own (issue #22; db/migrations/018_shops.ts):
 * kept in shop_settings under the shop's id, the others in settings for the
 * whole company. A shop without its own value has the default.
 */
export const PER_SHOP_SETTINGS = ['shop.name', 'shop.address', 'shop.siret', 'shop.vatNumber', 'receipt.header', 'receipt.footer', 'orders.auto', 'orders.autoSend', 'orders.autoSendAt'] as const satisfies readonly SettingKey[];

export function isPerShopSetting(key: string): key is (typeof PER_SHOP_SETTINGS)[number] {
  return (PER_SHOP_SETTINGS as readonly string[]).includes(key);
}

/** Every text inside a setting (shop name, receipt lines…) is printed: no control characters in any of them. */
function checkSettingText(value: unknown): void {
  if (typeof value === 'string') checkTextField('settingText', value);
  else if (Array.isArray(value)) value.forEach(checkSettingText);
  else if (value !== null && typeof value === 'object') Object.values(value).forEach(checkSettingText);
}

/** One setting as the shop `shopId` sees it (its own for PER_SHOP_SETTINGS, else the company's), or its default. */
export async function readSetting<K extends SettingKey>(knex: Knex, key: K, shopId: number): Promise<ShopSettings[K]> {
  const row = isPerShopSetting(key) ? await knex('shop_settings').where({ shop_id: shopId, key }).first('value') : await knex('settings').where({ key }).first('value');
  if (!row) return DEFAULT_SETTINGS[key];
  try {
    return JSON.parse(String(row.value)) as ShopSettings[K];
  } catch {
    return DEFAULT_SETTINGS[key];
  }
}

/** A change to the till's keys is judged with the other key setting as it will be: a refused map changes nothing. */
async function checkKeyChanges(trx: Knex, changes: Partial<ShopSettings>): Promise<void> {
  const keys: Array<keyof KeySettings> = ['till.keys', 'till.tenderKeys'];
  if (!keys.some((key) => key in changes)) return;
  const next = {} as KeySettings;
  for (const key of keys) next[key] = changes[key] ?? (await readSetting(trx, key, 1));
  checkKeySettings(next);
}

export class SettingsService {
  /**
   * tillId: the till whose audit chain records changes; a service built only
   * to read settings leaves it out. shopId: whose own settings (PER_SHOP_SETTINGS)
   * are read and written; shop 1 unless said.
   */
  constructor(private readonly knex: Knex, private readonly clock: Clock, private readonly tillId: number | null = null, readonly shopId = 1) {}

  async get<K extends SettingKey>(key: K): Promise<ShopSettings[K]> {
    return readSetting(this.knex, key, this.shopId);
  }

  /**
   * Saves one setting and, in the same transaction, a 'settings' audit event
   * naming the key, the new value and who changed it (null: set-up, the demo seed).
   */
  async set<K extends SettingKey>(
    key: K,
    value: ShopSettings[K],
    by: { employeeId?: number | null; details?: Record<string, unknown> } = {},
  ): Promise<void> {
    await this.setMany({ [key]: value } as Partial<ShopSettings>, by);
  }

  /**
   * Saves several settings changed by one command in one transaction, with one
   * 'settings' audit event naming every key (one command, one event in the
   * journal): `{ keys: [key], value }` for one key, `{ keys, values }` for more.
   */
  async setMany(
    changes: Partial<ShopSettings>,
    by: { employeeId?: number | null; details?: Record<string, unknown> } = {},
  ): Promise<void> {
    const tillId = this.tillId;
    if (tillId === null) throw new Error('SettingsService built without a till cannot save (no audit chain)');
    const keys = Object.keys(changes) as SettingKey[];
    if (keys.length === 0) return;
    for (const key of keys) checkSettingText(changes[key]);
    if (changes['mail.smtpUrl'] !== undefined) checkSmtpUrl(changes['mail.smtpUrl']);
    if (changes['mail.from'] !== undefined) checkMailFrom(changes['mail.from']);
    if (changes['shop.siret'] !== undefined) changes = { ...changes, 'shop.siret': checkSiret(changes['shop.siret']) };
    // An FEC account is checked (digits, its class) and stored as it will be read; '' goes back to the default.
    for (const key of keys) {
      if (isFecSettingKey(key)) {
        const value = checkFecSetting(key, String(changes[key] ?? ''));
        changes = { ...changes, [key]: value === '' ? DEFAULT_FEC_SETTINGS[key] : value };
      }
    }
    const at = this.clock();
    // The journal never keeps the SMTP password: its URL is written masked.
    const journaled: Partial<ShopSettings> = 'mail.smtpUrl' in changes ? { ...changes, 'mail.smtpUrl': maskSmtpUrl(changes['mail.smtpUrl'] ?? '') } : changes;
    const changed = keys.length === 1 ? { value: journaled[keys[0]!] } : { values: journaled };
    await writeTransaction(this.knex, async (trx) => {
      await checkKeyChanges(trx, changes);
      for (const key of keys) {
        const value = JSON.stringify(changes[key]);
        if (isPerShopSetting(key)) await trx('shop_settings').insert({ shop_id: this.shopId, key, value, updated_at: at.toISOString() }).onConflict(['shop_id', 'key']).merge();
        else await trx('settings').insert({ key, value, updated_at: at.toISOString() }).onConflict('key').merge();
      }
      const shop = keys.some(isPerShopSetting) ? { shopId: this.shopId } : {};
      await appendAuditEvent(trx, tillId, { kind: 'settings', employeeId: by.employeeId ?? null, details: { keys, ...changed, ...shop, ...by.details } }, at);
    });
  }

  async all(): Promise<ShopSettings> {
    const [company, own] = await Promise.all([this.knex('settings').select('key', 'value'), this.knex('shop_settings').where({ shop_id: this.shopId }).select('key', 'value')]);
    const rows = [...company.filter((r) => !isPerShopSetting(String(r.key))), ...own.filter((r) => isPerShopSetting(String(r.key)))];
    const out: Record<string, unknown> = { ...DEFAULT_SETTINGS };
    for (const r of rows) {
      if (!(r.key in DEFAULT_SETTINGS)) continue;
      try {
        out[r.key] = JSON.parse(String(r.value));
      } catch {
        /* a damaged value falls back to its default */
      }
    }
    return out as unknown as ShopSettings;
  }
}
