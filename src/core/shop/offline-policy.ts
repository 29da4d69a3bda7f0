// What a till selling through an outage cannot do: whatever needs the
// server's customers, their ledgers and history, or the back office.

/** The till's actions that wait for the server while it sells offline. */
export const SERVER_ONLY_ACTIONS: ReadonlySet<string> = new Set(['customer', 'backoffice', 'accountPayment', 'loyalty', 'history', 'repeatSale']);

export function needsServer(action: string): boolean {
  return SERVER_ONLY_ACTIONS.has(action);
}
