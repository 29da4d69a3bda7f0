// How a customer is named on screen, on receipts and in the CLI.

/** How a customer is named on screen and on receipts. */
export function customerName(c: { firstName: string; lastName: string }): string {
  return `${c.firstName} ${c.lastName}`.trim();
}
