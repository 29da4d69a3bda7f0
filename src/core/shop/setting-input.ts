// A setting typed as text (the back office's settings form): read into the
// value the settings service stores, or refused with the reason. Pure: the
// service still checks what it stores (the key map, for one).
import { InputError } from '../basics/errors.js';
import { isPaymentMethod, type PaymentMethod } from '../sales/payment.js';
import type { ShopSettings } from './settings.service.js';

/** What a line of a list setting (address, receipt header and footer) is separated by in one text. */
export const LIST_SEPARATOR = ' | ';

/** The settings the form edits as text, and the value each text stands for. */
export type TypedSetting =
  | { key: 'shop.name'; value: string }
  | { key: 'shop.address' | 'receipt.header' | 'receipt.footer'; value: string[] }
  | { key: 'tenders'; value: PaymentMethod[] }
  | { key: 'live.pollSeconds' | 'pin.minDigitsManager'; value: number }
  | { key: 'drawer.openLevel'; value: ShopSettings['drawer.openLevel'] }
  | { key: 'till.keys' | 'till.tenderKeys'; value: string };

/** The value `text` stands for in setting `key`; an InputError says why it can't be. */
export function readTypedSetting(key: TypedSetting['key'], text: string): TypedSetting {
  const trimmed = text.trim();
  switch (key) {
    case 'shop.name':
      if (!trimmed) throw new InputError('Le nom de la boutique ne peut pas être vide');
      return { key, value: trimmed };
    case 'shop.address':
    case 'receipt.header':
    case 'receipt.footer': {
      const value = text.split('|').map((l) => l.trim()).filter(Boolean);
      if (value.some((l) => l.length > 48)) throw new InputError('Une ligne de ticket compte 48 caractères au plus');
      return { key, value };
    }
    case 'tenders': {
      const methods = text.split(/[,\s]+/).map((m) => m.trim()).filter(Boolean);
      const bad = methods.find((m) => !isPaymentMethod(m));
      if (bad) throw new InputError(`Moyen de paiement inconnu : ${bad} (cash, card, cheque, meal_voucher, voucher, mobile)`);
      if (methods.length === 0) throw new InputError('Au moins un moyen de paiement');
      return { key, value: [...new Set(methods)] as PaymentMethod[] };
    }
    case 'live.pollSeconds': {
      const seconds = /^\d{1,2}$/.test(trimmed) ? Number(trimmed) : NaN;
      if (!(seconds >= 0 && seconds <= 60)) throw new InputError(`Nombre de secondes invalide : « ${text} » (0 à 60, 0 = arrêt)`);
      return { key, value: seconds };
    }
    case 'drawer.openLevel': {
      const level = trimmed.toLowerCase();
      if (level !== 'high' && level !== 'low') throw new InputError(`Niveau du capteur de tiroir : high ou low, pas « ${text} »`);
      return { key, value: level };
    }
    case 'pin.minDigitsManager': {
      const digits = /^\d$/.test(trimmed) ? Number(trimmed) : NaN;
      if (!(digits >= 4 && digits <= 8)) throw new InputError(`Nombre de chiffres invalide : « ${text} » (4 à 8)`);
      return { key, value: digits };
    }
    case 'till.keys':
    case 'till.tenderKeys':
      // The settings service checks the key map (key-map.ts): a clash or a key the till needs is refused with the reason.
      return { key, value: trimmed };
  }
}
