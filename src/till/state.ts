// What the till is at one moment: everything the screens draw, and the little
// the till must remember between two keys (who approved a cancellation, an
// account payment refused over its limit). Plain data: the reducers make a new
// one from the last and an event, the screens only read it.
import type { Category, Article } from '../core/catalogue/article.js';
import type { Customer } from '../core/customers/customers.service.js';
import type { HistorySale } from '../core/customers/customer-history.service.js';
import type { ParkedTicket } from '../core/sales/open-tickets.service.js';
import type { PaymentMethod, Tender } from '../core/sales/payment.js';
import { computeTotals, type Ticket, type TicketTotals } from '../core/sales/ticket.js';
import type { ShopSettings } from '../core/shop/settings.service.js';
import type { OfflineStatus } from '../core/shop/offline-till.service.js';
import type { Employee, Role } from '../core/staff/staff.js';
import type { ScannerState } from '../drivers/scanner.js';
import type { ScaleState } from '../drivers/scale.js';
import type { TillLoyalty } from '../core/customers/loyalty-card.js';
import type { ReceiptReturnState } from './receipt-return.js';
import type { Act } from './acts.js';
import { DEFAULT_KEY_MAP, type KeyMap } from '../core/shop/key-map.js';

export type Screen = 'login' | 'sale' | 'payment' | 'parked' | 'help' | 'confirm-cancel' | 'manager-pin' | 'backoffice' | 'customer'
  | 'account-payment' | 'history' | 'receipt-return';

export interface Message {
  text: string;
  kind: 'info' | 'error' | 'success';
}

export interface PaymentState {
  due: number;
  tenders: Tender[];
  input: string;
  /** a refund against a receipt: the tender it was paid with, which Entrée pays back (another key changes it) */
  proposed?: PaymentMethod | null;
}

export interface PrinterState {
  description: string;
  ok: boolean;
  error: string | null;
  queued: number;
  drawerOpen: boolean | null;
}

export interface TillState {
  screen: Screen;
  employee: Employee | null;
  pin: string;
  lockedUntil: number | null;
  shopName: string;
  tillName: string;
  tenders: PaymentMethod[];
  /** the shop's settings as last read (at start, and when the back office closes) */
  settings: ShopSettings | null;
  ticket: Ticket;
  totals: TicketTotals;
  input: string;
  selectedLine: number | null;
  focus: 'grid' | 'ticket';
  /** the F1 help's page (any integer: the screen wraps it round its page count) */
  helpPage: number;
  categories: Category[];
  categoryIndex: number;
  /** the page of the category's grid on screen (the till holds no more of it) */
  gridArticles: Article[];
  /** the place in the category of the page's first article, and how many articles on sale the category has */
  gridOffset: number;
  gridCount: number;
  /** the selected article's place in the whole category */
  gridCursor: number;
  search: { query: string; results: Article[]; index: number } | null;
  /** the customer attached to the ticket, and their group's name */
  customer: { customer: Customer; group: string } | null;
  customerSearch: { query: string; results: Customer[]; index: number } | null;
  /** the attached customer's account: balance (positive = owes), overdraft limit, store credit */
  account: { balance: number; overdraftLimit: number; storeCredit: number } | null;
  /** "Versement sur compte" (Ctrl+V): the amount being typed */
  accountPayment: { input: string } | null;
  /** the short form for a customer created from the sale */
  /** the till's short new-customer form; consent: accepts the shop's offers (Ctrl+O), no when absent */
  newCustomer: { fields: [string, string, string]; index: number; consent?: boolean } | null;
  /** the attached customer's past sales (F4), newest first; `more` when another page may follow */
  history: { sales: HistorySale[]; index: number; more: boolean } | null;
  parked: ParkedTicket[];
  parkedIndex: number;
  payment: PaymentState | null;
  lastSale: { number: number; total: number; change: number } | null;
  message: Message | null;
  /** goes up each time the bell should ring */
  bell: number;
  printer: PrinterState;
  /** a cash sale whose drawer did not open (printer down): the owed-drawer key opens it, once */
  drawerOwed: { saleId: number; saleNumber: number } | null;
  database: { ok: boolean; description: string };
  /** null when no serial scanner is configured (a keyboard-wedge scanner needs none) */
  scanner: ScannerState | null;
  /** null when no scale is configured */
  scale: ScaleState | null;
  /** what the approval PIN prompt will approve ("Annuler une ligne"), the least role it needs, and the act it lets through */
  pending: { label: string; role: Role; act: Act } | null;
  /** the attached customer's loyalty card with this ticket (null: no customer or module off) */
  loyalty: TillLoyalty | null;
  /** "card complete" alert, shown until the next key */
  loyaltyAlert: string | null;
  /** the last ticket/customer/card the "card complete" alert rang for (it rings once) */
  loyaltyAlerted: string | null;
  /** selling through an outage: offline, sales waiting to be sent (null: the till has no offline file) */
  offline: OfflineStatus | null;
  /** the return screen (returns against the original receipt), while it is open */
  receiptReturn: ReceiptReturnState | null;
  /** the shop's keys: actions and tender letters (settings till.keys and till.tenderKeys, core/shop/key-map.ts) */
  keys: KeyMap;
  /** how each receipt returned on this ticket was paid (by sale id), for the refund's proposed tender */
  receiptTenders: Record<number, PaymentMethod | null>;
  /** who approved the ticket's cancellation, between the PIN and the "are you sure?" */
  cancelApprover: number | null;
  /** on the payment screen: the amount on account refused over the limit (K again asks a manager), and who approved it */
  accountOverLimit: { amount: number; over: number } | null;
  accountApprover: number | null;
  /** the offline replay and catalogue-copy problems already said (each is said once) */
  problemShown: string | null;
  cacheProblemShown: string | null;
}

export interface InitialState {
  ticket: Ticket;
  tillId: number;
  printerDescription: string;
  databaseDescription?: string;
  scannerDescription?: string | null;
  scaleDescription?: string | null;
  offline: OfflineStatus | null;
}

export function initialTillState(init: InitialState): TillState {
  return {
    screen: 'login',
    employee: null,
    pin: '',
    lockedUntil: null,
    shopName: '',
    tillName: `Caisse ${init.tillId}`,
    tenders: [],
    settings: null,
    ticket: init.ticket,
    totals: computeTotals(init.ticket),
    input: '',
    selectedLine: null,
    focus: 'grid',
    helpPage: 0,
    categories: [],
    categoryIndex: 0,
    gridArticles: [],
    gridOffset: 0,
    gridCount: 0,
    gridCursor: 0,
    search: null,
    customer: null,
    customerSearch: null,
    account: null,
    accountPayment: null,
    newCustomer: null,
    history: null,
    parked: [],
    parkedIndex: 0,
    payment: null,
    lastSale: null,
    message: null,
    bell: 0,
    printer: { description: init.printerDescription, ok: true, error: null, queued: 0, drawerOpen: null },
    drawerOwed: null,
    database: { ok: true, description: init.databaseDescription ?? '' },
    scanner: init.scannerDescription ? { description: init.scannerDescription, connected: false, error: null } : null,
    scale: init.scaleDescription ? { description: init.scaleDescription, connected: false, error: null } : null,
    pending: null,
    loyalty: null,
    loyaltyAlert: null,
    loyaltyAlerted: null,
    offline: init.offline,
    receiptReturn: null,
    keys: DEFAULT_KEY_MAP,
    receiptTenders: {},
    cancelApprover: null,
    accountOverLimit: null,
    accountApprover: null,
    problemShown: null,
    cacheProblemShown: null,
  };
}

/** The line F6, F7, F8, Suppr and F11 act on: the chosen one, else the last. */
export function targetLineIndex(state: TillState): number | null {
  if (state.selectedLine !== null) return state.selectedLine;
  return state.ticket.lines.length > 0 ? state.ticket.lines.length - 1 : null;
}

/** The article under the grid cursor, when its page is held. */
export function gridArticle(state: TillState): Article | undefined {
  return state.gridArticles[state.gridCursor - state.gridOffset];
}
