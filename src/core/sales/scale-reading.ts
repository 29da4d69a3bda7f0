// What a scale's reading puts on the ticket. A Dialog scale (certified for
// selling by weight) computes the amount itself: the till adds the line only
// when its own arithmetic (unit price × weight, rounded once) gives the very
// amount the scale showed the customer, so the line's amount is the scale's.
// A Toledo 8217 scale sends the weight alone. Pure rules: no I/O.
import { formatMoney } from '../basics/money.js';
import { lineAmount } from '../basics/quantity.js';
import { MAX_LINE_QTY } from './ticket.js';

export interface ScaleReading {
  /** thousandths of a kg */
  weight: number;
  /** cents per kg, as the scale used it (Dialog) */
  unitPrice?: number;
  /** cents, as the scale computed it (Dialog) */
  amount?: number;
}

/** Why a weighing gave no line, for the cashier's message in either language (the reason text is French). */
export type ScaleFault =
  | 'unstable'
  | 'unmoved'
  | 'zero'
  | 'negative'
  | 'over'
  | 'fault'
  | 'silent'
  | 'unplugged'
  | 'checksum'
  | 'protocol'
  | 'price'
  | 'amount';

export type WeighedQuantity = { ok: true; quantity: number } | { ok: false; reason: string; fault: ScaleFault };

/** The line's quantity for a reading of an article sold at `unitPrice` cents per kg. */
export function weighedQuantity(reading: ScaleReading, unitPrice: number): WeighedQuantity {
  if (!Number.isInteger(reading.weight) || reading.weight <= 0) return { ok: false, reason: 'poids nul', fault: 'zero' };
  if (reading.weight > MAX_LINE_QTY) return { ok: false, reason: 'poids hors limite', fault: 'over' };
  if (reading.unitPrice !== undefined && reading.unitPrice !== unitPrice) {
    return { ok: false, reason: `la balance a pesé à ${formatMoney(reading.unitPrice)}/kg au lieu de ${formatMoney(unitPrice)}/kg`, fault: 'price' };
  }
  if (reading.amount !== undefined) {
    const computed = lineAmount(unitPrice, reading.weight);
    if (computed !== reading.amount) {
      return { ok: false, reason: `montant de la balance ${formatMoney(reading.amount)} différent du calcul de la caisse ${formatMoney(computed)}`, fault: 'amount' };
    }
  }
  return { ok: true, quantity: reading.weight };
}
