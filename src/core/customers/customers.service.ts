// Customers and their groups. Every customer belongs to one group ("Tous les
// clients" by default); the customer code doubles as the loyalty-card barcode.
import { checkTextFields } from '../basics/text-fields.js';
import { randomInt } from 'node:crypto';
import type { Knex } from 'knex';
import { phoneDigits, phoneQuery } from './phone.js';
import { audited, type Actor } from '../fiscal/audit.service.js';
import { makeEan13 } from '../sales/barcode.js';
import type { Clock } from '../basics/clock.js';
import { InputError, NotFoundError, ValidationError } from '../basics/errors.js';
import { insertId } from '../basics/rows.service.js';
import { bool, num } from '../basics/row-values.js';
import { foldForSearch, queryWords } from '../basics/text.js';
import { writeTransaction } from '../basics/transaction.service.js';
import { checkRecordVersion } from '../basics/row-version.js';

export const DEFAULT_GROUP_NAME = 'Tous les clients';

export interface CustomerGroup {
  id: number;
  name: string;
  discountBp: number;
  priceLevel: string | null;
  isDefault: boolean;
}

export interface Customer {
  id: number;
  code: string;
  firstName: string;
  lastName: string;
  phone: string;
  email: string;
  website: string;
  social: string;
  address: string;
  postalCode: string;
  city: string;
  country: string;
  groupId: number;
  discountBp: number;
  priceLevel: string | null;
  overdraftLimit: number;
  notes: string;
  active: boolean;
  createdAt: string;
  /** agreed to receive the shop's offers (e-mail, SMS) */
  marketingConsent: boolean;
  /** when the consent last changed (given or withdrawn), set by the program; null: never given */
  marketingConsentAt: string | null;
}

export type CustomerInput = Partial<Omit<Customer, 'id' | 'createdAt' | 'active' | 'marketingConsentAt'>> & { code: string };

function toCustomer(r: Record<string, unknown>): Customer {
  return {
    id: num(r.id),
    code: String(r.code),
    firstName: String(r.first_name),
    lastName: String(r.last_name),
    phone: String(r.phone),
    email: String(r.email),
    website: String(r.website),
    social: String(r.social),
    address: String(r.address),
    postalCode: String(r.postal_code),
    city: String(r.city),
    country: String(r.country),
    groupId: num(r.group_id),
    discountBp: num(r.discount_bp),
    priceLevel: r.price_level === null || r.price_level === undefined ? null : String(r.price_level),
    overdraftLimit: num(r.overdraft_limit),
    notes: String(r.notes),
    active: bool(r.active),
    createdAt: String(r.created_at),
    marketingConsent: bool(r.marketing_consent ?? false),
    marketingConsentAt: r.marketing_consent_at == null ? null : String(r.marketing_consent_at),
  };
}

function toGroup(r: Record<string, unknown>): CustomerGroup {
  return {
    id: num(r.id),
    name: String(r.name),
    discountBp: num(r.discount_bp),
    priceLevel: r.price_level === null || r.price_level === undefined ? null : String(r.price_level),
    isDefault: bool(r.is_default),
  };
}

/** Names, code and phone folded together: what the type-ahead search matches. */
export function customerSearchText(c: { firstName?: string; lastName?: string; code: string; phone?: string }): string {
  return foldForSearch([c.firstName ?? '', c.lastName ?? '', c.code, phoneDigits(c.phone ?? '')].join(' ')).slice(0, 300);
}

/** The customer's text fields against their columns (control characters, lengths). */
function checkCustomerText(c: Partial<Pick<Customer, 'firstName' | 'lastName' | 'phone' | 'email' | 'website' | 'social' | 'address' | 'postalCode' | 'city' | 'country' | 'priceLevel' | 'notes'>>): void {
  checkTextFields({
    firstName: c.firstName?.trim(), lastName: c.lastName?.trim(), phone: c.phone, email: c.email, website: c.website, social: c.social,
    address: c.address, postalCode: c.postalCode, city: c.city, country: c.country, priceLevel: c.priceLevel, customerNotes: c.notes,
  });
}

/** A consent from any entry point must be a real boolean (the API's JSON, a hand-built input). */
function checkConsent(consent: unknown): boolean | null {
  if (consent === undefined || consent === null) return null;
  if (typeof consent !== 'boolean') throw new InputError('Consentement marketing : oui ou non');
  return consent;
}

export class CustomersService {
  constructor(private readonly knex: Knex, private readonly clock: Clock) {}

  /** `actor` (the HTTP API's): audited under it, in the same transaction. */
  async createGroup(input: { name: string; discountBp?: number; priceLevel?: string | null; isDefault?: boolean }, actor?: Actor): Promise<CustomerGroup> {
    if (actor) return audited(this.knex, actor, this.clock, (trx) => new CustomersService(trx, this.clock).createGroup(input), (g) => ({ kind: 'customer', details: { action: 'add-group', group: g.id, name: g.name } }));
    if (!input.name.trim()) throw new InputError('Nom de groupe obligatoire');
    checkTextFields({ groupName: input.name.trim(), priceLevel: input.priceLevel });
    const discountBp = input.discountBp ?? 0;
    if (!Number.isInteger(discountBp) || discountBp < 0 || discountBp > 10000) throw new InputError('Remise de groupe invalide');
    const id = await insertId(this.knex, 'customer_groups', {
      name: input.name.trim(),
      discount_bp: discountBp,
      price_level: input.priceLevel ?? null,
      is_default: input.isDefault ?? false,
    });
    return { id, name: input.name.trim(), discountBp, priceLevel: input.priceLevel ?? null, isDefault: input.isDefault ?? false };
  }

  async groups(): Promise<CustomerGroup[]> {
    return (await this.knex('customer_groups').orderBy('id')).map(toGroup);
  }

  /** The "Tous les clients" group, created the first time it is needed. */
  async defaultGroup(): Promise<CustomerGroup> {
    const row = await this.knex('customer_groups').where({ is_default: true }).first();
    if (row) return toGroup(row);
    return this.createGroup({ name: DEFAULT_GROUP_NAME, isDefault: true });
  }

  async create(input: CustomerInput, actor?: Actor): Promise<Customer> {
    if (actor) return audited(this.knex, actor, this.clock, (trx) => new CustomersService(trx, this.clock).create(input), (c) => ({ kind: 'customer', details: { action: 'add', customer: c.id, code: c.code, ...(c.marketingConsent ? { marketingConsent: true } : {}) } }));
    const code = input.code.trim();
    if (!/^[0-9A-Za-z-]{3,32}$/.test(code)) throw new InputError('Code client : 3 à 32 chiffres ou lettres');
    if (!(input.firstName ?? '').trim() && !(input.lastName ?? '').trim()) throw new InputError('Nom ou prénom obligatoire');
    checkCustomerText(input);
    if (await this.knex('customers').where({ code }).first('id')) throw new ValidationError(`Le code client ${code} existe déjà`);
    const groupId = input.groupId ?? (await this.defaultGroup()).id;
    const consent = checkConsent(input.marketingConsent);
    const id = await insertId(this.knex, 'customers', {
      code,
      first_name: (input.firstName ?? '').trim(),
      last_name: (input.lastName ?? '').trim(),
      search_text: customerSearchText({ ...input, code }),
      phone: input.phone ?? '',
      email: input.email ?? '',
      website: input.website ?? '',
      social: input.social ?? '',
      address: input.address ?? '',
      postal_code: input.postalCode ?? '',
      city: input.city ?? '',
      country: input.country ?? 'France',
      group_id: groupId,
      discount_bp: input.discountBp ?? 0,
      price_level: input.priceLevel ?? null,
      overdraft_limit: input.overdraftLimit ?? 0,
      notes: input.notes ?? '',
      created_at: this.clock().toISOString(),
      updated_at: this.clock().toISOString(),
      // Consent starts "never given": a yes at creation is a change, dated now.
      marketing_consent: consent ?? false,
      marketing_consent_at: consent ? this.clock().toISOString() : null,
    });
    return (await this.get(id))!;
  }

  async get(id: number): Promise<Customer | null> {
    const row = await this.knex('customers').where({ id }).first();
    return row ? toCustomer(row) : null;
  }

  async require(id: number): Promise<Customer> {
    const c = await this.get(id);
    if (!c) throw new NotFoundError(`Client ${id} introuvable`);
    return c;
  }

  /** A scanned loyalty card. */
  async byCode(code: string): Promise<Customer | null> {
    const row = await this.knex('customers').where({ code: code.trim(), active: true }).first();
    return row ? toCustomer(row) : null;
  }

  /** Type-ahead over first name, last name, code and phone; every word must match the start of a word. */
  async search(query: string, limit = 20): Promise<Customer[]> {
    // A phone typed with spaces, dots or +33 is one word: its digits, as the search text keeps them.
    const phone = phoneQuery(query);
    const alternatives = phone ? [phone] : queryWords(query).map((word) => [word]);
    if (alternatives.length === 0) return [];
    const q = this.knex('customers').where({ active: true });
    for (const forms of alternatives) {
      // Folded text holds only [0-9a-z ], so a word start is the text start or a space before it.
      q.where((w) => {
        for (const form of forms) w.orWhere('search_text', 'like', `${form}%`).orWhere('search_text', 'like', `% ${form}%`);
      });
    }
    // Customers are a few thousand at most: a scan is fine here, unlike the article catalogue.
    return (await q.orderBy(['last_name', 'first_name']).limit(limit)).map(toCustomer);
  }

  /** Creates all these customers in one transaction: every one, or none. */
  async createMany(inputs: CustomerInput[], actor?: Actor): Promise<number> {
    if (actor) return audited(this.knex, actor, this.clock, (trx) => new CustomersService(trx, this.clock).createMany(inputs), (n) => ({ kind: 'import', details: { what: 'customers', created: n, marketingConsent: inputs.filter((i) => i.marketingConsent === true).length } }));
    await writeTransaction(this.knex, async (trx) => {
      const service = new CustomersService(trx, this.clock);
      for (const input of inputs) await service.create(input);
    });
    return inputs.length;
  }

  async list(): Promise<Customer[]> {
    return (await this.knex('customers').orderBy(['last_name', 'first_name', 'code'])).map(toCustomer);
  }

  /** A fresh loyalty-card code: an EAN-13 in the in-store range 29…, unused. */
  async newCardCode(): Promise<string> {
    for (;;) {
      const code = makeEan13(`29${String(randomInt(0, 10_000_000_000)).padStart(10, '0')}`);
      if (!(await this.knex('customers').where({ code }).first('id'))) return code;
    }
  }

  async codes(): Promise<Set<string>> {
    return new Set((await this.knex('customers').select('code')).map((r) => String(r.code)));
  }

  async count(): Promise<number> {
    const row = await this.knex('customers').count({ n: '*' }).first();
    return num(row?.n ?? 0);
  }

  /** Changes a customer's fields (the back office form); a bad value is refused and nothing changes. */
  async update(id: number, input: CustomerInput, actor?: Actor, ifVersion?: string): Promise<Customer> {
    if (actor) {
      // The consent before the change, read in the change's transaction: the event says whether it changed.
      let before: boolean | null = null;
      return audited(this.knex, actor, this.clock, async (trx) => {
        before = (await new CustomersService(trx, this.clock).get(id))?.marketingConsent ?? null;
        return new CustomersService(trx, this.clock).update(id, input, undefined, ifVersion);
      }, (c) => ({ kind: 'customer', details: { action: 'set', customer: c.id, code: c.code, fields: Object.keys(input), ...(before !== null && before !== c.marketingConsent ? { marketingConsent: c.marketingConsent } : {}) } }));
    }
    // A guarded update (the API's If-Match) checks the version in the write's own transaction.
    if (ifVersion !== undefined && !this.knex.isTransaction) return writeTransaction(this.knex, (trx) => new CustomersService(trx, this.clock).update(id, input, undefined, ifVersion));
    const current = await this.require(id);
    checkRecordVersion(current, ifVersion);
    const next = { ...current, ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) } as Customer;
    const code = next.code.trim();
    if (!/^[0-9A-Za-z-]{3,32}$/.test(code)) throw new InputError('Code client : 3 à 32 chiffres ou lettres');
    if (!next.firstName.trim() && !next.lastName.trim()) throw new InputError('Nom ou prénom obligatoire');
    checkCustomerText(next);
    if (code !== current.code && (await this.knex('customers').where({ code }).first('id'))) throw new ValidationError(`Le code client ${code} existe déjà`);
    if (!(await this.knex('customer_groups').where({ id: next.groupId }).first('id'))) throw new ValidationError(`Groupe ${next.groupId} inconnu`);
    if (!Number.isInteger(next.discountBp) || next.discountBp < 0 || next.discountBp > 10000) throw new InputError('Remise client entre 0 et 100 %');
    if (!Number.isInteger(next.overdraftLimit) || next.overdraftLimit < 0) throw new InputError('Découvert autorisé invalide');
    const consent = checkConsent(input.marketingConsent) ?? current.marketingConsent;
    const consentChanged = consent !== current.marketingConsent;
    await this.knex('customers').where({ id }).update({
      code,
      first_name: next.firstName.trim(),
      last_name: next.lastName.trim(),
      search_text: customerSearchText({ ...next, code }),
      phone: next.phone,
      email: next.email,
      website: next.website,
      social: next.social,
      address: next.address,
      postal_code: next.postalCode,
      city: next.city,
      country: next.country,
      group_id: next.groupId,
      discount_bp: next.discountBp,
      price_level: next.priceLevel,
      overdraft_limit: next.overdraftLimit,
      notes: next.notes,
      updated_at: this.clock().toISOString(),
      ...(consentChanged ? { marketing_consent: consent, marketing_consent_at: this.clock().toISOString() } : {}),
    });
    return (await this.get(id))!;
  }

  /**
   * A page of customers for a CRM's sync, in id order after a cursor,
   * optionally only those created or changed at or after `updatedSince`.
   */
  async customersPage(filter: { afterId?: number; updatedSince?: string; id?: number; limit: number }): Promise<Array<Customer & { updatedAt: string }>> {
    const q = this.knex('customers');
    if (filter.id !== undefined) q.andWhere('id', filter.id);
    if (filter.afterId !== undefined) q.andWhere('id', '>', filter.afterId);
    if (filter.updatedSince !== undefined) q.andWhere('updated_at', '>=', filter.updatedSince);
    const rows = await q.orderBy('id').limit(filter.limit);
    return rows.map((r) => ({ ...toCustomer(r), updatedAt: String(r.updated_at ?? r.created_at) }));
  }

  async groupOf(customer: Customer): Promise<CustomerGroup | null> {
    const row = await this.knex('customer_groups').where({ id: customer.groupId }).first();
    return row ? toGroup(row) : null;
  }
}
