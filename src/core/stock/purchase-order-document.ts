// The purchase order as the supplier receives it: a CSV file for their
// system and a plain text document (fixed width, so the same text prints on
// the receipt printer). Pure functions of an order already read.
import { writeCsv } from '../basics/csv.js';
import { formatMoney } from '../basics/money.js';
import { formatQuantity } from '../basics/quantity.js';
import type { PurchaseOrder } from './purchase-order.js';
import type { Supplier } from './suppliers.service.js';

export interface ShopIdentity {
  name: string;
  address: string[];
  siret: string;
}

const money = (cents: number) => formatMoney(cents, 'fr', { symbol: false });

/** Ordered quantity as a number a spreadsheet reads: units whole, kg with three decimals, no unit text. */
const qty = (thousandths: number, unit: 'unit' | 'kg') => formatQuantity(thousandths, unit).replace(/ kg$/, '');

export function purchaseOrderCsv(order: PurchaseOrder): string {
  return writeCsv(
    ['reference', 'fournisseur', 'ref_fournisseur', 'plu', 'article', 'unite', 'quantite', 'cout_unitaire', 'montant'],
    order.lines.map((l) => [order.reference, order.supplierName, l.supplierRef, l.plu ?? '', l.name, l.unit, qty(l.quantity, l.unit), money(l.unitCost), money(l.value)]),
  );
}

const fit = (text: string, width: number) => (text.length > width ? text.slice(0, width) : text);
const spread = (left: string, right: string, width: number) => {
  const room = Math.max(1, width - right.length - 1);
  return `${fit(left, room).padEnd(room)} ${right}`;
};

export function purchaseOrderText(order: PurchaseOrder, shop: ShopIdentity, supplier: Supplier, width = 42): string {
  const rule = '-'.repeat(width);
  const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '');
  const out: string[] = [shop.name, ...shop.address];
  if (shop.siret) out.push(`SIRET ${shop.siret}`);
  out.push(rule, `BON DE COMMANDE ${order.reference}`);
  if (order.sentAt) out.push(`Date : ${day(order.sentAt)}`);
  if (order.expectedAt) out.push(`Livraison attendue : ${day(order.expectedAt)}`);
  out.push(rule, `Fournisseur : ${supplier.name}`);
  if (supplier.contact) out.push(`A l'attention de : ${supplier.contact}`);
  if (supplier.email) out.push(supplier.email);
  if (supplier.phone) out.push(`Tel. ${supplier.phone}`);
  out.push(rule);
  for (const l of order.lines) {
    out.push(fit(`${l.supplierRef ? `${l.supplierRef} ` : ''}${l.name}`, width));
    out.push(spread(`  ${formatQuantity(l.quantity, l.unit)} x ${money(l.unitCost)}`, money(l.value), width));
  }
  out.push(rule, spread(`TOTAL HT (${order.lines.length} ligne${order.lines.length > 1 ? 's' : ''})`, `${money(order.value)} EUR`, width));
  if (order.notes) out.push(rule, order.notes);
  return `${out.join('\n')}\n`;
}
