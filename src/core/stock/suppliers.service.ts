// Suppliers: who the shop orders from, with the lead time and minimum order
// value that reorder proposals need.
import { checkTextFields } from '../basics/text-fields.js';
import type { Knex } from 'knex';
import { audited, type Actor } from '../fiscal/audit.service.js';
import type { Clock } from '../basics/clock.js';
import { InputError, NotFoundError, ValidationError } from '../basics/errors.js';
import { insertId } from '../basics/rows.service.js';
import { num } from '../basics/row-values.js';

export interface Supplier {
  id: number;
  name: string;
  contact: string;
  email: string;
  phone: string;
  leadTimeDays: number;
  reviewPeriodDays: number;
  /** cents, excluding tax */
  minOrderValue: number;
  notes: string;
}

export type SupplierInput = Omit<Supplier, 'id' | 'reviewPeriodDays' | 'notes'> & { reviewPeriodDays?: number; notes?: string };

function toSupplier(r: Record<string, unknown>): Supplier {
  return {
    id: num(r.id),
    name: String(r.name),
    contact: String(r.contact),
    email: String(r.email),
    phone: String(r.phone),
    leadTimeDays: num(r.lead_time_days),
    reviewPeriodDays: num(r.review_period_days),
    minOrderValue: num(r.min_order_value),
    notes: String(r.notes ?? ''),
  };
}

/** Refuses what a supplier can't be, with a message for the shopkeeper. */
function check(input: Partial<SupplierInput>): void {
  if (input.name !== undefined && !input.name.trim()) throw new InputError('Nom du fournisseur obligatoire');
  checkTextFields({ supplierName: input.name?.trim(), supplierContact: input.contact, supplierEmail: input.email, supplierPhone: input.phone, supplierNotes: input.notes });
  const days = (v: number | undefined, what: string) => {
    if (v !== undefined && (!Number.isInteger(v) || v < 0 || v > 365)) throw new InputError(`${what} invalide (un nombre de jours entre 0 et 365)`);
  };
  days(input.leadTimeDays, 'Délai de livraison');
  days(input.reviewPeriodDays, 'Période de commande');
  if (input.minOrderValue !== undefined && (!Number.isInteger(input.minOrderValue) || input.minOrderValue < 0)) {
    throw new InputError('Minimum de commande invalide');
  }
  if (input.email !== undefined && input.email !== '' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(input.email)) {
    throw new InputError(`Adresse e-mail invalide : « ${input.email} »`);
  }
}

export class SuppliersService {
  constructor(private readonly knex: Knex, private readonly clock: Clock) {}

  async create(input: SupplierInput, actor?: Actor): Promise<Supplier> {
    if (actor) return audited(this.knex, actor, this.clock, (trx) => new SuppliersService(trx, this.clock).create(input), (x) => ({ kind: 'supplier', details: { action: 'add', supplier: x.id, name: x.name } }));
    check(input);
    await this.refuseDuplicate(input.name.trim());
    const id = await insertId(this.knex, 'suppliers', {
      name: input.name.trim(),
      contact: input.contact,
      email: input.email,
      phone: input.phone,
      lead_time_days: input.leadTimeDays,
      review_period_days: input.reviewPeriodDays ?? 7,
      min_order_value: input.minOrderValue,
      notes: input.notes ?? '',
      created_at: this.clock().toISOString(),
    });
    return (await this.get(id))!;
  }

  /** Changes only the fields given. */
  async update(id: number, changes: Partial<SupplierInput>, actor?: Actor): Promise<Supplier> {
    if (actor) return audited(this.knex, actor, this.clock, (trx) => new SuppliersService(trx, this.clock).update(id, changes), (x) => ({ kind: 'supplier', details: { action: 'set', supplier: x.id, name: x.name, changes } }));
    const current = await this.get(id);
    if (!current) throw new NotFoundError(`Fournisseur ${id} introuvable`);
    check(changes);
    if (changes.name !== undefined && changes.name.trim() !== current.name) await this.refuseDuplicate(changes.name.trim());
    const row: Record<string, unknown> = {};
    if (changes.name !== undefined) row.name = changes.name.trim();
    if (changes.contact !== undefined) row.contact = changes.contact;
    if (changes.email !== undefined) row.email = changes.email;
    if (changes.phone !== undefined) row.phone = changes.phone;
    if (changes.leadTimeDays !== undefined) row.lead_time_days = changes.leadTimeDays;
    if (changes.reviewPeriodDays !== undefined) row.review_period_days = changes.reviewPeriodDays;
    if (changes.minOrderValue !== undefined) row.min_order_value = changes.minOrderValue;
    if (changes.notes !== undefined) row.notes = changes.notes;
    if (Object.keys(row).length > 0) await this.knex('suppliers').where({ id }).update(row);
    return (await this.get(id))!;
  }

  async get(id: number): Promise<Supplier | null> {
    const row = await this.knex('suppliers').where({ id }).first();
    return row ? toSupplier(row) : null;
  }

  /** By exact name, case and accents as typed are ignored only for case. */
  async byName(name: string): Promise<Supplier | null> {
    const wanted = name.trim().toLowerCase();
    return (await this.list()).find((s) => s.name.toLowerCase() === wanted) ?? null;
  }

  async list(): Promise<Supplier[]> {
    return (await this.knex('suppliers').where({ active: true }).orderBy('name')).map(toSupplier);
  }

  private async refuseDuplicate(name: string): Promise<void> {
    const taken = (await this.knex('suppliers').select('name')).some((r) => String(r.name).toLowerCase() === name.toLowerCase());
    if (taken) throw new ValidationError(`Un fournisseur s'appelle déjà « ${name} »`);
  }
}
