// What the reducers ask of the world, as data (effects), and what the world
// answers (result events). The runner performs each effect against the core
// and the drivers and feeds its answer back to the reducers.
import type { Article } from '../core/catalogue/article.js';
import type { SellableArticle } from '../core/sales/ticket.js';
import type { LookupResult } from '../core/catalogue/article.js';
import type { AccountPaymentMethod } from '../core/customers/account-payment.js';
import type { Customer } from '../core/customers/customers.service.js';
import type { HistorySale } from '../core/customers/customer-history.service.js';
import type { LoyaltyStatus } from '../core/customers/loyalty.service.js';
import type { AuditInput } from '../core/fiscal/audit.service.js';
import type { Entry } from '../core/sales/entry.js';
import type { ParkedTicket } from '../core/sales/open-tickets.service.js';
import type { OpenedReceipt } from '../core/sales/receipt-returns.service.js';
import type { Tender } from '../core/sales/payment.js';
import type { Sale } from '../core/sales/sales.service.js';
import type { Ticket, TicketTotals } from '../core/sales/ticket.js';
import type { ShopSettings } from '../core/shop/settings.service.js';
import type { Category } from '../core/catalogue/article.js';
import type { GuardedAction } from '../core/staff/permissions.js';
import type { ClockResult } from '../core/staff/time-clock.service.js';
import type { Employee, Role } from '../core/staff/staff.js';
import type { Voucher } from '../core/customers/vouchers.service.js';
import type { KeyEvent } from '../screens/keys.js';
import type { Act } from './acts.js';
import type { ScaleWeighing } from './scale-weighing.js';
import type { Message, TillState } from './state.js';

export type CodeEntry = Extract<Entry, { kind: 'code' }>;
export type PinPurpose = 'login' | 'clock_in' | 'clock_out' | 'approval';
export type PinOutcome =
  | { ok: true; employee: Employee }
  /** notAssigned: a right PIN of someone who does not work in this till's shop */
  | { ok: false; locked: { until: number; seconds: number } | null; notAssigned?: { name: string; shop: string } };
/** A line about to be added, waiting for a lookup, the scale or an approval. */
export interface LineToAdd {
  article: Article;
  quantity: number;
  isReturn: boolean;
  code: string;
  options?: { unitPrice?: number; unit?: 'unit' | 'kg'; labelAmount?: number };
}

/** What happens once the ticket is set: a patch of the state and a message. */
export interface AfterTicket {
  patch?: Partial<TillState>;
  message?: Message;
}

export type DisplayText = string | [string, string];

/** What became of a drawer opened by a key (no sale, or the drawer a sale owes). */
export type DrawerOutcome =
  | { kind: 'opened'; owedSettled: boolean }
  | { kind: 'failed'; error: string }
  | { kind: 'nothingOwed' }
  | { kind: 'owedOpened'; saleNumber: number };

export type Effect =
  // staff
  | { kind: 'checkPin'; pin: string; purpose: PinPurpose }
  | { kind: 'clock'; employee: Employee; direction: 'in' | 'out' }
  | { kind: 'logout'; employee: Employee }
  | { kind: 'permission'; action: GuardedAction; label: string; act: Act }
  // the open ticket
  | { kind: 'setTicket'; ticket: Ticket; save: boolean; audit: AuditInput[]; after: AfterTicket }
  | { kind: 'newTicket'; discard: string | null; audit: AuditInput[]; after: AfterTicket }
  | { kind: 'park'; ticket: Ticket; label: string; after: AfterTicket }
  | { kind: 'listParked' }
  | { kind: 'resume'; parkedId: string; current: string; after: AfterTicket }
  | { kind: 'rewardArticle'; articleId: number | null }
  // the catalogue
  | { kind: 'searchArticles'; input: string; query: string }
  | { kind: 'loadCategory'; index: number }
  | { kind: 'refreshGrid' }
  // the cursor left the page of the grid the till holds: read the page it is on
  | { kind: 'loadGridPage'; index: number; cursor: number }
  | { kind: 'reloadCatalog' }
  | { kind: 'lookUp'; entry: CodeEntry }
  | { kind: 'weigh'; line: Omit<LineToAdd, 'quantity'>; clearSearch: boolean }
  // customers
  | { kind: 'searchCustomers'; query: string }
  | { kind: 'customerByCode'; code: string }
  | { kind: 'createCustomer'; firstName: string; lastName: string; phone: string; marketingConsent?: boolean; employee: Employee }
  | { kind: 'history'; customerId: number; offset: number; wanted: number }
  | { kind: 'lastSaleOf'; customer: Customer }
  | { kind: 'copySale'; sale: HistorySale }
  | { kind: 'accountPayment'; customer: Customer; employee: Employee; amount: number; method: AccountPaymentMethod; approverId: number | null }
  // returns against a receipt
  | { kind: 'openReceipt'; ref: { tillId: number; number: number } }
  // payment
  | { kind: 'voucher'; code: string }
  | { kind: 'accountLimit'; customerId: number; amount: number }
  | { kind: 'completeSale'; ticket: Ticket; tenders: Tender[]; employeeId: number; accountOverrideBy: number | null }
  // drawer and printer
  | { kind: 'noSale'; employeeId: number | null; approverId: number | null }
  | { kind: 'openOwedDrawer'; employeeId: number; owed: { saleId: number; saleNumber: number } | null }
  | { kind: 'lastSaleOfTill' }
  | { kind: 'reprint'; saleId: number; saleNumber: number; employeeId: number | null; approverId: number | null }
  /** two lines for the customer display: a text, or a text and an amount set apart */
  | { kind: 'display'; lines: [DisplayText, DisplayText] }
  | { kind: 'printSale'; sale: Sale; drawerKick: boolean; dutiesWritten: boolean }
  // the back office inside the till
  | { kind: 'openBackOffice'; manager: Employee | null }
  | { kind: 'backOffice'; event: KeyEvent }
  // selling through an outage
  | { kind: 'followShifts' };

export type ResultEvent =
  | { type: 'pinChecked'; purpose: PinPurpose; outcome: PinOutcome }
  | { type: 'clocked'; employee: Employee; direction: 'in' | 'out'; result: ClockResult }
  | { type: 'loggedOut' }
  | { type: 'permission'; least: Role; label: string; act: Act }
  | { type: 'ticketSet'; ticket: Ticket; totals: TicketTotals; customer: TillState['customer']; account: TillState['account']; loyalty: LoyaltyStatus | null; after: AfterTicket }
  | { type: 'parkedList'; parked: ParkedTicket[] }
  | { type: 'rewardArticle'; article: Article | null }
  | { type: 'articlesFound'; input: string; query: string; results: Article[] }
  /** one page of a category's grid: `articles` start at place `offset` of the `count` on sale; `cursor` is clamped to them */
  | { type: 'categoryLoaded'; index: number; articles: Article[]; offset: number; count: number; cursor: number }
  | { type: 'categories'; categories: Category[] }
  | { type: 'lookedUp'; entry: CodeEntry; found: LookupResult | null; customer: Customer | null }
  | { type: 'weighed'; line: Omit<LineToAdd, 'quantity'>; result: ScaleWeighing; clearSearch: boolean }
  | { type: 'customersFound'; query: string; results: Customer[] }
  | { type: 'customerByCode'; code: string; customer: Customer | null }
  | { type: 'customerCreated'; customer: Customer }
  | { type: 'historyPage'; sales: HistorySale[]; offset: number; wanted: number; more: boolean }
  | { type: 'lastSaleOf'; customer: Customer; sale: HistorySale | null }
  | { type: 'saleArticles'; sale: HistorySale; articles: ReadonlyMap<number, SellableArticle> }
  | { type: 'accountPaid'; amount: number; balance: number; account: TillState['account'] }
  | { type: 'receiptOpened'; receipt: OpenedReceipt }
  | { type: 'voucher'; voucher: Voucher | null }
  | { type: 'accountLimit'; amount: number; over: number }
  | { type: 'saleCompleted'; sale: Sale; dutiesWritten: boolean }
  | { type: 'saleRefused'; message: string; over: number | null }
  | { type: 'drawer'; outcome: DrawerOutcome }
  | { type: 'saleDrawer'; sale: { id: number; number: number }; error: string | null; recorded: boolean }
  | { type: 'lastSaleOfTill'; sale: { id: number; number: number } | null }
  | { type: 'reprinted'; saleNumber: number }
  | { type: 'backOfficeOpened' }
  | { type: 'backOfficeClosed'; settings: ShopSettings; categories: Category[] };
