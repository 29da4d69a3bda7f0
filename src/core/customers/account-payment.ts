// How a customer pays on their account: the methods a payment received on
// account may use.

/** How a payment on account can be received. */
export const ACCOUNT_PAYMENT_METHODS = ['cash', 'card', 'cheque', 'mobile'] as const;

export type AccountPaymentMethod = (typeof ACCOUNT_PAYMENT_METHODS)[number];

export function isAccountPaymentMethod(value: string): value is AccountPaymentMethod {
  return (ACCOUNT_PAYMENT_METHODS as readonly string[]).includes(value);
}

/** The word a payment's account entry keeps as its note (the only place its method is written). */
export const ACCOUNT_PAYMENT_NOTES: Record<AccountPaymentMethod, string> = { cash: 'espèces', card: 'carte', cheque: 'chèque', mobile: 'mobile' };

/** The method a payment entry's note names, or null for a note the program did not write. */
export function accountPaymentMethodOfNote(note: string): AccountPaymentMethod | null {
  const found = ACCOUNT_PAYMENT_METHODS.find((m) => ACCOUNT_PAYMENT_NOTES[m] === note.trim());
  return found ?? null;
}
