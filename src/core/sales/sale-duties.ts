// What a committed sale owes the devices, decided with the sale and written
// in its own transaction (so a till killed right after the commit still owes
// them when it restarts): always a receipt; a drawer kick when cash moved
// (cash taken or cash given back), since the drawer holds that cash.
import type { PaymentMethod } from './payment.js';

export interface SaleDuties {
  receipt: boolean;
  drawerKick: boolean;
}

export function saleDuties(payments: ReadonlyArray<{ method: PaymentMethod }>): SaleDuties {
  return { receipt: true, drawerKick: payments.some((p) => p.method === 'cash') };
}

/**
 * A receipt whose bytes may have reached the paper before the printer
 * confirmed them (the till died or the link dropped mid-send) prints again,
 * so no customer goes without one; the reprint is the next numbered
 * DUPLICATA, so a second paper copy never passes for a second sale. Other
 * documents (closing, label, order) carry no sale and print again as they are.
 */
export function reprintAfterUncertainSend(job: { saleId: number | null; kind: string }, duplicatesSoFar: number): { duplicate: number } | null {
  if (job.saleId === null || (job.kind !== 'receipt' && job.kind !== 'duplicate')) return null;
  return { duplicate: duplicatesSoFar + 1 };
}

/** Opening the drawer for any reason settles the kicks still owed before it: the cashier had the drawer open. */
export const SETTLED_BY_A_LATER_OPENING = 'superseded';
