// What makes an article's fields acceptable, without I/O: the catalogue
// service, the CSV import and the back-office form all check through here, so
// a bad value gets the same French message wherever it was typed.
import { classifyCode } from '../sales/barcode.js';
import { InputError } from '../basics/errors.js';
import type { Unit } from '../basics/quantity.js';
import { checkTextField } from '../basics/text-fields.js';

/** The colours a category tab can have: the eight the text console shows, plus gray. */
export const CATEGORY_COLOURS = ['red', 'green', 'yellow', 'blue', 'magenta', 'cyan', 'white', 'gray'] as const;
export type CategoryColour = (typeof CATEGORY_COLOURS)[number];

/** Every editable field of an article; an absent key leaves the field as it is. */
export interface ArticlePatch {
  plu?: string | null;
  name?: string;
  categoryId?: number;
  price?: number;
  taxRateId?: number;
  cost?: number;
  unit?: Unit;
  loyaltyPoints?: number;
  minStock?: number;
  /** null: derived from the forecast */
  reorderPoint?: number | null;
  safetyStock?: number;
  supplierId?: number | null;
  supplierRef?: string;
  packSize?: number;
  minOrderQty?: number;
  gridPosition?: number | null;
  trackStock?: boolean;
  active?: boolean;
}

const MAX_CENTS = 10_000_000_00; // 10 million euros: far beyond any shelf price
const MAX_QTY = 1_000_000_000; // one million units or kg, in thousandths

function checkInteger(value: number, label: string, max: number, allowZero = true): void {
  if (!Number.isInteger(value) || value < 0 || value > max || (!allowZero && value === 0)) {
    throw new InputError(`${label} invalide : ${String(value)}`);
  }
}

/** A PLU is what the cashier types: 1 to 6 digits, without leading zeros (they are ignored at the till). */
export function checkPlu(plu: string): string {
  const clean = plu.trim();
  if (!/^[1-9]\d{0,5}$/.test(clean)) throw new InputError(`PLU « ${plu} » invalide (1 à 6 chiffres, sans zéro en tête)`);
  return clean;
}

/** A barcode printed on a product: EAN-13, EAN-8 or UPC-A with a right check digit. */
export function checkBarcode(code: string): string {
  const clean = code.trim();
  const kind = classifyCode(clean);
  if (kind !== 'ean13' && kind !== 'ean8' && kind !== 'upca') {
    throw new InputError(`Code-barres « ${code} » invalide (EAN-13, EAN-8 ou UPC-A avec sa clé de contrôle)`);
  }
  return clean;
}

export function checkCategoryColour(colour: string): CategoryColour {
  const found = CATEGORY_COLOURS.find((c) => c === colour.trim().toLowerCase());
  if (!found) throw new InputError(`Couleur « ${colour} » inconnue (${CATEGORY_COLOURS.join(', ')})`);
  return found;
}

/** Checks the fields present in a patch and returns them cleaned (trimmed name, PLU); throws on the first bad one. */
export function checkArticlePatch(patch: ArticlePatch): ArticlePatch {
  const clean: ArticlePatch = { ...patch };
  if (patch.name !== undefined) {
    const name = patch.name.trim();
    if (!name) throw new InputError("Nom d'article obligatoire");
    checkTextField('articleName', name);
    clean.name = name;
  }
  if (patch.plu !== undefined && patch.plu !== null) clean.plu = patch.plu.trim() === '' ? null : checkPlu(patch.plu);
  if (patch.price !== undefined) checkInteger(patch.price, 'Prix', MAX_CENTS);
  if (patch.cost !== undefined) checkInteger(patch.cost, 'Coût', MAX_CENTS);
  if (patch.unit !== undefined && patch.unit !== 'unit' && patch.unit !== 'kg') throw new InputError(`Unité inconnue : ${String(patch.unit)} (unit ou kg)`);
  if (patch.loyaltyPoints !== undefined) checkInteger(patch.loyaltyPoints, 'Points de fidélité', 1_000_000);
  if (patch.minStock !== undefined) checkInteger(patch.minStock, 'Stock minimum', MAX_QTY);
  if (patch.reorderPoint !== undefined && patch.reorderPoint !== null) checkInteger(patch.reorderPoint, 'Point de commande', MAX_QTY);
  if (patch.safetyStock !== undefined) checkInteger(patch.safetyStock, 'Stock de sécurité', MAX_QTY);
  if (patch.packSize !== undefined) checkInteger(patch.packSize, 'Colisage', MAX_QTY, false);
  if (patch.minOrderQty !== undefined) checkInteger(patch.minOrderQty, 'Quantité minimum de commande', MAX_QTY);
  if (patch.gridPosition !== undefined && patch.gridPosition !== null) checkInteger(patch.gridPosition, 'Position dans la grille', 10_000);
  if (patch.supplierRef !== undefined) {
    clean.supplierRef = patch.supplierRef.trim();
    checkTextField('supplierRef', clean.supplierRef);
  }
  return clean;
}

/** The ids of a list with one moved to a new place (clamped to the list). */
export function moveInList(ids: number[], id: number, toIndex: number): number[] {
  const from = ids.indexOf(id);
  if (from < 0) return ids;
  const rest = ids.filter((x) => x !== id);
  const at = Math.max(0, Math.min(rest.length, toIndex));
  return [...rest.slice(0, at), id, ...rest.slice(at)];
}
