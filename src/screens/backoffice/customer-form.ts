// The back office's customer form as plain text fields: what a customer shows
// in them, and the typed text read back into a CustomerInput. Pure, so the
// rules (discount in %, amounts in euros, group by name) are tested alone;
// the customers service still checks code, names and uniqueness.
import type { Customer, CustomerGroup, CustomerInput } from '../../core/customers/customers.service.js';
import { ValidationError } from '../../core/basics/errors.js';
import { formatMoney, parseMoney } from '../../core/basics/money.js';
import { foldForSearch } from '../../core/basics/text.js';
import { formatRate, parseRate } from '../../core/catalogue/vat.js';
import { formatConsent, parseConsent } from '../../core/customers/consent.js';

export const CUSTOMER_FIELDS = ['code', 'firstName', 'lastName', 'phone', 'email', 'consent', 'website', 'social', 'address', 'postalCode', 'city', 'group', 'discount', 'priceLevel', 'overdraftLimit', 'notes'] as const;

export type CustomerFieldKey = (typeof CUSTOMER_FIELDS)[number];
export type CustomerFormValues = Record<CustomerFieldKey, string>;

/** The fields of an existing customer, or of a new one (with a fresh card code, in the default group). */
export function customerFormValues(customer: Customer | null, groups: CustomerGroup[], newCode = ''): CustomerFormValues {
  const group = groups.find((g) => g.id === customer?.groupId) ?? groups.find((g) => g.isDefault);
  return {
    code: customer?.code ?? newCode,
    firstName: customer?.firstName ?? '',
    lastName: customer?.lastName ?? '',
    phone: customer?.phone ?? '',
    email: customer?.email ?? '',
    consent: formatConsent(customer?.marketingConsent ?? false),
    website: customer?.website ?? '',
    social: customer?.social ?? '',
    address: customer?.address ?? '',
    postalCode: customer?.postalCode ?? '',
    city: customer?.city ?? '',
    group: group?.name ?? '',
    discount: customer && customer.discountBp ? formatRate(customer.discountBp) : '',
    priceLevel: customer?.priceLevel ?? '',
    overdraftLimit: customer && customer.overdraftLimit ? formatMoney(customer.overdraftLimit, 'fr', { symbol: false }).replace(/\s/g, '') : '',
    notes: customer?.notes ?? '',
  };
}

/** Reads the typed fields back; a bad value throws a French message naming the field. */
export function parseCustomerForm(values: CustomerFormValues, groups: CustomerGroup[]): CustomerInput {
  const text = (key: CustomerFieldKey) => values[key].trim();
  const email = text('email');
  if (email && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email)) throw new ValidationError(`E-mail invalide : « ${email} »`);
  const groupName = foldForSearch(text('group'));
  const group = groupName ? groups.find((g) => foldForSearch(g.name) === groupName) : groups.find((g) => g.isDefault);
  if (!group) throw new ValidationError(`Groupe inconnu : « ${text('group')} » (${groups.map((g) => g.name).join(', ')})`);
  let discountBp = 0;
  if (text('discount')) {
    const bp = parseRate(text('discount'));
    if (bp === null) throw new ValidationError(`Remise illisible : « ${text('discount')} » (ex. 5 ou 7,5)`);
    discountBp = bp;
  }
  const consent = parseConsent(text('consent'));
  if (consent === null) throw new ValidationError(`Offres acceptées : oui ou non (reçu « ${text('consent')} »)`);
  let overdraftLimit = 0;
  if (text('overdraftLimit')) {
    const cents = parseMoney(text('overdraftLimit'));
    if (cents === null || cents < 0) throw new ValidationError(`Découvert illisible : « ${text('overdraftLimit')} » (ex. 150 ou 150,00)`);
    overdraftLimit = cents;
  }
  return {
    code: text('code'),
    firstName: text('firstName'),
    lastName: text('lastName'),
    phone: text('phone'),
    email,
    website: text('website'),
    social: text('social'),
    address: text('address'),
    postalCode: text('postalCode'),
    city: text('city'),
    groupId: group.id,
    discountBp,
    priceLevel: text('priceLevel') || null,
    overdraftLimit,
    notes: text('notes'),
    marketingConsent: consent,
  };
}

/**
 * A key on the consent field, a toggle: Space flips it, o/y/1 say yes, n/0
 * say no; anything else leaves it. Its date is never typed (the service sets it).
 */
export function consentKey(current: string, typed: string): string {
  if (typed === ' ') return formatConsent(parseConsent(current) !== true);
  const answer = parseConsent(typed);
  return answer === null ? current : formatConsent(answer);
}
