// The VAT rates: their code (the letter printed beside each receipt line), label
// and rate. Prices stay tax-inclusive when a rate changes; a change made by
// someone is audited with it.
import type { Knex } from 'knex';
import { checkTextField } from '../basics/text-fields.js';
import type { Clock } from '../basics/clock.js';
import { InputError, NotFoundError, ValidationError } from '../basics/errors.js';
import { insertId } from '../basics/rows.service.js';
import { num } from '../basics/row-values.js';
import { audited, type Actor } from '../fiscal/audit.service.js';
import { bumpChange } from '../shop/live-changes.service.js';
import type { TaxRate } from './article.js';

function toTaxRate(r: Record<string, unknown>): TaxRate {
  return { id: num(r.id), code: String(r.code), label: String(r.label), rateBp: num(r.rate_bp) };
}

function checkRate(rateBp: number): void {
  if (!Number.isInteger(rateBp) || rateBp < 0 || rateBp > 10000) throw new InputError('Taux de TVA invalide');
}

export class TaxRatesService {
  /** tillId: the audit chain a change is written to */
  constructor(private readonly knex: Knex, private readonly clock: Clock, private readonly tillId = 1) {}

  async create(input: { code: string; label: string; rateBp: number }, actor?: Actor): Promise<TaxRate> {
    if (actor) {
      return audited(this.knex, actor, this.clock, (trx) => new TaxRatesService(trx, this.clock, this.tillId).create(input), (r) => ({ kind: 'settings', details: { field: `tax:${r.code}`, value: r.rateBp, label: r.label } }));
    }
    checkRate(input.rateBp);
    checkTextField('taxLabel', input.label);
    // The code is the letter printed beside each line of the receipt: short, plain, one per rate.
    const code = input.code.trim().toUpperCase();
    if (!/^[A-Z0-9]{1,10}$/.test(code)) throw new InputError(`Code de TVA « ${input.code} » invalide (lettres ou chiffres, 10 au plus)`);
    if (await this.knex('tax_rates').where({ code }).first('id')) throw new ValidationError(`Le code de TVA ${code} existe déjà`);
    const id = await insertId(this.knex, 'tax_rates', { code, label: input.label, rate_bp: input.rateBp });
    return { id, code, label: input.label, rateBp: input.rateBp };
  }

  /** The rates in use, highest first. */
  async list(): Promise<TaxRate[]> {
    return (await this.knex('tax_rates').where({ active: true }).orderBy('rate_bp', 'desc')).map(toTaxRate);
  }

  /** A VAT rate's new rate and/or label, in one transaction with its audit event when an actor is given. */
  async change(id: number, changes: { rateBp?: number; label?: string }, actor?: Actor): Promise<TaxRate> {
    return audited(
      this.knex,
      actor,
      this.clock,
      async (trx) => {
        if (changes.label !== undefined) await relabel(trx, id, changes.label);
        if (changes.rateBp !== undefined) await setRate(trx, id, changes.rateBp);
        const r = await trx('tax_rates').where({ id }).first();
        if (!r) throw new NotFoundError(`Taux de TVA ${id} introuvable`);
        return toTaxRate(r);
      },
      (r) => ({ kind: 'settings', details: { field: `tax:${r.id}`, value: r.rateBp, label: r.label } }),
    );
  }
}

async function relabel(trx: Knex, id: number, label: string): Promise<void> {
  if (!label.trim()) throw new InputError('Libellé de TVA obligatoire');
  checkTextField('taxLabel', label.trim());
  const updated = await trx('tax_rates').where({ id }).update({ label: label.trim().slice(0, 60) });
  if (updated !== 1) throw new NotFoundError(`Taux de TVA ${id} introuvable`);
}

async function setRate(trx: Knex, id: number, rateBp: number): Promise<void> {
  checkRate(rateBp);
  const updated = await trx('tax_rates').where({ id }).update({ rate_bp: rateBp });
  if (updated !== 1) throw new NotFoundError(`Taux de TVA ${id} introuvable`);
  await bumpChange(trx, 'catalog'); // the grid's articles carry their rate
}
