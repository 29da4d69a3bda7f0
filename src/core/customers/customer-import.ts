// Customer files: the columns a shop's spreadsheet may have (French or
// English headers), each row checked before anything is written. A file with
// one bad row is refused whole, with every error and its line number.
import { readCsv, writeCsv } from '../basics/csv.js';
import { textFieldProblems } from '../basics/text-fields.js';
import { foldForSearch } from '../basics/text.js';
import type { Customer, CustomerGroup, CustomerInput } from './customers.service.js';
import { formatMoney, parseMoney } from '../basics/money.js';
import { parseRate, formatRate } from '../catalogue/vat.js';
import { consentProblem, formatConsent, parseConsent } from './consent.js';

export const CUSTOMER_COLUMNS: Record<string, string[]> = {
  code: ['code client', 'carte', 'card'],
  first_name: ['prenom', 'prénom', 'firstname'],
  last_name: ['nom', 'lastname', 'name'],
  phone: ['telephone', 'téléphone', 'tel', 'mobile'],
  email: ['mail', 'courriel', 'e-mail'],
  website: ['site', 'site web', 'url'],
  social: ['reseau social', 'réseau social', 'twitter', 'instagram'],
  address: ['adresse'],
  postal_code: ['code postal', 'cp', 'zip'],
  city: ['ville'],
  country: ['pays'],
  group: ['groupe'],
  discount: ['remise', 'remise %'],
  price_level: ['niveau de prix', 'tarif'],
  overdraft_limit: ['decouvert', 'découvert', 'decouvert autorise', 'découvert autorisé'],
  notes: ['remarques', 'commentaire'],
  /** written by the export; read back and ignored (a customer is created now) */
  created_at: ['cree le', 'créé le', 'date de creation'],
  /** oui/non, 1/0, yes/no, true/false; empty: no */
  marketing_consent: ['consentement', 'consentement marketing', 'optin', 'opt-in', 'consent'],
  /** written by the export; read back and ignored (the program dates a consent when it is given) */
  marketing_consent_at: ['consentement le', 'date du consentement'],
};

/**
 * newGroups[i]: the group customer i names that the shop lacks, to create
 * first (with `createGroups`); missingGroups: those groups, when refused.
 */
export type CustomerImport = { ok: true; customers: CustomerInput[]; newGroups: Array<string | null> } | { ok: false; errors: string[]; missingGroups?: string[] };

/** Checks a customer file against the groups and the codes already known; `createGroups` accepts groups the shop lacks. */
export function parseCustomerFile(text: string, groups: CustomerGroup[], existingCodes: Set<string>, options: { createGroups?: boolean } = {}): CustomerImport {
  const csv = readCsv(text, CUSTOMER_COLUMNS, ['code']);
  if (!csv.ok) return csv;
  const errors: string[] = [];
  const customers: CustomerInput[] = [];
  const newGroups: Array<string | null> = [];
  const missingGroups = new Map<string, string>();
  const seen = new Map<string, number>();
  const groupByName = new Map(groups.map((g) => [g.name.toLowerCase(), g]));
  const defaultGroup = groups.find((g) => g.isDefault);
  for (const { line, values: v } of csv.rows) {
    const rowErrors: string[] = [];
    const code = v.code ?? '';
    if (!/^[0-9A-Za-z-]{3,32}$/.test(code)) rowErrors.push(`code client « ${code} » invalide (3 à 32 chiffres ou lettres)`);
    else if (existingCodes.has(code)) rowErrors.push(`le code client ${code} existe déjà`);
    else if (seen.has(code)) rowErrors.push(`code client ${code} déjà à la ligne ${seen.get(code)}`);
    if (!(v.first_name ?? '').trim() && !(v.last_name ?? '').trim()) rowErrors.push('nom ou prénom obligatoire');
    if (v.email && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v.email)) rowErrors.push(`adresse e-mail « ${v.email} » invalide`);
    let groupId = defaultGroup?.id;
    let newGroup: string | null = null;
    if (v.group?.trim()) {
      const group = groupByName.get(v.group.toLowerCase());
      const problems = group ? [] : textFieldProblems({ groupName: v.group.trim() });
      if (group) groupId = group.id;
      else if (problems.length) rowErrors.push(...problems);
      else if (options.createGroups) newGroup = v.group.trim();
      else {
        if (!missingGroups.has(foldForSearch(v.group))) missingGroups.set(foldForSearch(v.group), v.group.trim());
        rowErrors.push(`groupe « ${v.group} » inconnu (${groups.map((g) => g.name).join(', ')})`);
      }
    }
    let discountBp = 0;
    if (v.discount) {
      const bp = parseRate(v.discount);
      if (bp === null) rowErrors.push(`remise « ${v.discount} » illisible (ex. 5 ou 2,5)`);
      else discountBp = bp;
    }
    let overdraft = 0;
    if (v.overdraft_limit) {
      const cents = parseMoney(v.overdraft_limit);
      if (cents === null || cents < 0) rowErrors.push(`découvert « ${v.overdraft_limit} » illisible (ex. 150,00)`);
      else overdraft = cents;
    }
    const consent = v.marketing_consent ? parseConsent(v.marketing_consent) : false;
    if (consent === null) rowErrors.push(consentProblem(v.marketing_consent!));
    rowErrors.push(...textFieldProblems({
      firstName: v.first_name, lastName: v.last_name, phone: v.phone, email: v.email, website: v.website, social: v.social,
      address: v.address, postalCode: v.postal_code, city: v.city, country: v.country, priceLevel: v.price_level, customerNotes: v.notes,
    }));
    if (rowErrors.length) {
      errors.push(...rowErrors.map((e) => `ligne ${line} : ${e}`));
      continue;
    }
    seen.set(code, line);
    newGroups.push(newGroup);
    customers.push({
      code,
      firstName: v.first_name ?? '',
      lastName: v.last_name ?? '',
      phone: v.phone ?? '',
      email: v.email ?? '',
      website: v.website ?? '',
      social: v.social ?? '',
      address: v.address ?? '',
      postalCode: v.postal_code ?? '',
      city: v.city ?? '',
      country: v.country || 'France',
      groupId,
      discountBp,
      priceLevel: v.price_level || null,
      overdraftLimit: overdraft,
      notes: v.notes ?? '',
      marketingConsent: consent === true,
    });
  }
  if (csv.rows.length === 0) errors.push('ligne 2 : aucun client dans le fichier');
  if (errors.length) return missingGroups.size ? { ok: false, errors, missingGroups: [...missingGroups.values()] } : { ok: false, errors };
  return { ok: true, customers, newGroups };
}

const EXPORT_HEADERS = ['code', 'first_name', 'last_name', 'phone', 'email', 'website', 'social', 'address', 'postal_code', 'city', 'country', 'group', 'discount', 'price_level', 'overdraft_limit', 'notes', 'created_at', 'marketing_consent', 'marketing_consent_at'];

/** The same columns the import reads, so an export can be edited and imported elsewhere. */
export function customersToCsv(customers: Customer[], groups: CustomerGroup[], separator: ';' | ','): string {
  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  return writeCsv(
    EXPORT_HEADERS,
    customers.map((c) => [
      c.code, c.firstName, c.lastName, c.phone, c.email, c.website, c.social, c.address, c.postalCode, c.city, c.country,
      groupName.get(c.groupId) ?? '', c.discountBp ? formatRate(c.discountBp).replace(' %', '') : '', c.priceLevel ?? '',
      c.overdraftLimit ? formatMoney(c.overdraftLimit, 'fr', { symbol: false }).replace(/ /g, '') : '', c.notes, c.createdAt,
      formatConsent(c.marketingConsent), c.marketingConsentAt ?? '',
    ]),
    separator,
  );
}
