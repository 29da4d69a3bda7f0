// Suppliers: who the shop orders from, with the lead time and minimum order
// value that reorder proposals need.
import type { Knex } from 'knex';
import type { Clock } from './clock.js';
import { ValidationError } from './errors.js';
import { insertId, num } from './rows.js';

export interface Supplier {
  id: number;
  name: string;
  contact: string;
  email: string;
  phone: string;
  leadTimeDays: number;
  reviewPeriodDays: number;
  minOrderValue: number;
}

export type SupplierInput = Omit<Supplier, 'id' | 'reviewPeriodDays'> & { reviewPeriodDays?: number };

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
  };
}

export class SuppliersService {
  constructor(private readonly knex: Knex, private readonly clock: Clock) {}

  async create(input: SupplierInput): Promise<Supplier> {
    if (!input.name.trim()) throw new ValidationError('Nom du fournisseur obligatoire');
    if (!Number.isInteger(input.leadTimeDays) || input.leadTimeDays < 0) throw new ValidationError('Délai de livraison invalide');
    const id = await insertId(this.knex, 'suppliers', {
      name: input.name.trim(),
      contact: input.contact,
      email: input.email,
      phone: input.phone,
      lead_time_days: input.leadTimeDays,
      review_period_days: input.reviewPeriodDays ?? 7,
      min_order_value: input.minOrderValue,
      created_at: this.clock().toISOString(),
    });
    return (await this.get(id))!;
  }

  async get(id: number): Promise<Supplier | null> {
    const row = await this.knex('suppliers').where({ id }).first();
    return row ? toSupplier(row) : null;
  }

  async list(): Promise<Supplier[]> {
    return (await this.knex('suppliers').where({ active: true }).orderBy('name')).map(toSupplier);
  }
}
