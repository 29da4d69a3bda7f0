// The return screen's keys (F8 on an empty line, or a receipt's code
// scanned): first the receipt's number, then the lines to give back and
// their quantities. Pure: the session runs the commands this returns.
import type { OpenedReceipt } from '../core/sales/receipt-returns.service.js';
import { parseQuantity, QTY_ONE } from '../core/basics/quantity.js';
import type { KeyEvent } from '../screens/keys.js';
import { moveCursor } from '../screens/list-cursor.js';

export interface ReceiptReturnState {
  /** the receipt's number being typed, or the quantity for the chosen line */
  input: string;
  receipt: OpenedReceipt | null;
  index: number;
  /** thousandths to return, by line number */
  picks: Array<[number, number]>;
  error: string | null;
}

export const emptyReceiptReturn = (): ReceiptReturnState => ({ input: '', receipt: null, index: 0, picks: [], error: null });

export type ReturnCommand =
  | { kind: 'state'; state: ReceiptReturnState }
  | { kind: 'lookup'; text: string }
  | { kind: 'confirm'; picks: Map<number, number> }
  | { kind: 'close' };

const withPick = (picks: Array<[number, number]>, lineNo: number, quantity: number): Array<[number, number]> =>
  [...picks.filter(([n]) => n !== lineNo), ...(quantity > 0 ? ([[lineNo, quantity]] as Array<[number, number]>) : [])].sort((a, b) => a[0] - b[0]);

/**
 * One key on the return screen. With a receipt open: ↑↓ choose a line, a
 * quantity then Entrée sets it (Entrée alone: all that is left, or none if
 * picked), F12 / Ctrl+T adds the picked lines to the ticket, Échap goes back.
 */
export function returnScreenKey(state: ReceiptReturnState, event: KeyEvent, action: string | null): ReturnCommand {
  const set = (patch: Partial<ReceiptReturnState>): ReturnCommand => ({ kind: 'state', state: { ...state, error: null, ...patch } });
  if (event.type === 'key' && event.name === 'escape') {
    if (state.input) return set({ input: '' });
    return state.receipt ? set({ ...emptyReceiptReturn() }) : { kind: 'close' };
  }
  if (action === 'return' && !state.receipt) return { kind: 'close' };
  if (event.type === 'text') {
    const typed = event.text.replace(state.receipt ? /[^0-9,.]/g : /[^0-9/\-]/g, '');
    return set({ input: (state.input + typed).slice(0, 16) });
  }
  if (event.type === 'key' && event.name === 'backspace') return set({ input: state.input.slice(0, -1) });
  const receipt = state.receipt;
  if (!receipt) {
    if (event.type === 'key' && event.name === 'enter' && state.input) return { kind: 'lookup', text: state.input };
    return set({});
  }
  if (action === 'pay') return { kind: 'confirm', picks: new Map(state.picks) };
  if (event.type !== 'key') return set({});
  if (event.name === 'up') return set({ index: moveCursor(state.index, -1, receipt.lines.length), input: '' });
  if (event.name === 'down') return set({ index: moveCursor(state.index, 1, receipt.lines.length), input: '' });
  if (event.name === 'enter') {
    const line = receipt.lines[state.index];
    if (!line) return set({});
    const current = state.picks.find(([n]) => n === line.lineNo)?.[1] ?? 0;
    if (!state.input) return set({ picks: withPick(state.picks, line.lineNo, current > 0 ? 0 : line.returnable) });
    const parsed = parseQuantity(state.input, line.unit);
    if (!parsed.ok) return set({ input: '', error: parsed.error });
    if (parsed.value > line.returnable) {
      return set({ input: '', error: `${line.name} : au plus ${line.returnable / QTY_ONE} à rendre` });
    }
    return set({ input: '', picks: withPick(state.picks, line.lineNo, parsed.value) });
  }
  return set({});
}
