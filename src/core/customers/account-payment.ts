// How a customer pays on their account: the methods a payment received on
// account may use.

/** How a payment on account can be received. */
export const ACCOUNT_PAYMENT_METHODS = ['cash', 'card', 'cheque', 'mobile'] as const;

export type AccountPaymentMethod = (typeof ACCOUNT_PAYMENT_METHODS)[number];

export function isAccountPaymentMethod(value: string): value is AccountPaymentMethod {
  return (ACCOUNT_PAYMENT_METHODS as readonly string[]).includes(value);
}
