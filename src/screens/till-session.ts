// The till's state machine, behind the Ink screens: it takes decoded key
// events in arrival order (a scanner burst is processed key by key, never with
// a stale input line), calls the core services, and publishes immutable
// snapshots the screens render. No SQL here and no drawing: the screens only
// show `TillState`, and tests drive this class without a terminal.
import { actorOf } from '../core/fiscal/audit.service.js';
import { errorMessageForScreen } from '../core/basics/db-errors.js';
import type { Core } from '../core/shop/core.service.js';
import { isConnectionLost } from '../core/basics/connection.js';
import type { OfflineStatus, OfflineTill } from '../core/shop/offline-till.service.js';
import { accountPaymentReceipt } from '../core/customers/account-receipt.js';
import { isAccountPaymentMethod, OverLimitError, type AccountPaymentMethod } from '../core/customers/accounts.service.js';
import { sellable, type Article, type Category } from '../core/catalogue/catalog.service.js';
import type { ChangeMarkers } from '../core/shop/live-changes.service.js';
import { parseEntry } from '../core/sales/entry.js';
import { PosError } from '../core/basics/errors.js';
import { formatMoney, parseMoney, type Locale } from '../core/basics/money.js';
import type { ParkedTicket } from '../core/sales/open-tickets.service.js';
import { PAYMENT_LABELS, settle, type PaymentMethod, type Tender } from '../core/sales/payment.js';
import { parseQuantity, QTY_ONE } from '../core/basics/quantity.js';
import { receiptDocument } from '../core/sales/receipt.js';
import type { Sale } from '../core/sales/sales.service.js';
import type { ShopSettings } from '../core/shop/settings.service.js';
import { roleAtLeast, type GuardedAction } from '../core/staff/permissions.js';
import type { Employee, Role } from '../core/staff/staff.js';
import { customerName, type Customer } from '../core/customers/customers.service.js';
import { giveReward, LoyaltyError, pruneReward, withdrawReward } from '../core/customers/loyalty.js';
import type { LoyaltyStatus } from '../core/customers/loyalty.service.js';
import { loyaltyAlertKey, loyaltyBadge, projectLoyalty, type TillLoyalty } from './till-loyalty.js';
import type { HistorySale } from '../core/customers/customer-history.service.js';
import { repeatSale } from '../core/sales/repeat-sale.js';
import {
  addLine,
  changeQuantity,
  computeTotals,
  overridePrice,
  repeatLine,
  setLineDiscount,
  setCustomer,
  setTicketDiscount,
  toggleReturn,
  voidLine,
  type Discount,
  type Ticket,
  type TicketTotals,
} from '../core/sales/ticket.js';
import { formatRate } from '../core/catalogue/vat.js';
import { encodeReceipt } from '../drivers/escpos.js';
import { PrintSpooler, type QueuedJob } from '../drivers/print-spooler.js';
import { saleDuties } from '../core/sales/sale-duties.js';
import { AutoSendTimer } from './till-auto-send.js';
import { OfflinePrintStore } from './offline-print-store.js';
import type { ReceiptPrinter } from '../drivers/receipt-printer.js';
import type { Scanner, ScannerState } from '../drivers/scanner.js';
import type { Scale, ScaleState } from '../drivers/scale.js';
import { weighOnScale } from './till-scale.js';
import { displayLine, type CustomerDisplay } from '../drivers/customer-display.js';
import { unwedgeAzerty } from '../core/sales/wedge.js';
import { BackOfficeSession } from './backoffice/backoffice-session.js';
import { translator, type Translate } from './i18n.js';
import { TicketPricer } from './ticket-pricer.js';
import { clockAtLogin } from './till-time-clock.js';
import { emptyReceiptReturn, returnScreenKey, type ReceiptReturnState } from './till-receipt-return.js';
import { addReceiptReturn, decodeSaleBarcode, parseReceiptReference, ReturnError } from '../core/sales/returns.js';
import type { KeyEvent, KeyName } from './keys.js';

export type Screen = 'login' | 'sale' | 'payment' | 'parked' | 'help' | 'confirm-cancel' | 'manager-pin' | 'backoffice' | 'customer'
  | 'account-payment' | 'history' | 'receipt-return';

export type Action =
  | 'help' | 'customer' | 'search' | 'park' | 'discount' | 'price' | 'return' | 'backoffice'
  | 'repeat' | 'pay' | 'void' | 'cancel' | 'logout' | 'focus' | 'nosale' | 'reprint'
  | 'accountPayment' | 'loyalty' | 'history' | 'repeatSale' | 'owedDrawer';

/** Function keys and their Ctrl/Alt alternatives for terminals that eat F-keys. */
export const KEYMAP: Array<{ action: Action; fkey?: KeyName; ctrl?: string; alt?: string }> = [
  { action: 'help', fkey: 'f1', alt: '1' },
  { action: 'customer', fkey: 'f2', ctrl: 'k', alt: '2' },
  { action: 'search', fkey: 'f3', ctrl: 'f', alt: '3' },
  { action: 'park', fkey: 'f5', ctrl: 'p', alt: '5' },
  { action: 'discount', fkey: 'f6', ctrl: 'd', alt: '6' },
  { action: 'price', fkey: 'f7', ctrl: 'o', alt: '7' },
  { action: 'return', fkey: 'f8', ctrl: 'r', alt: '8' },
  { action: 'nosale', fkey: 'f9', ctrl: 'n', alt: '9' },
  { action: 'backoffice', fkey: 'f10', ctrl: 'b', alt: '0' },
  { action: 'repeat', fkey: 'f11', ctrl: 'e' },
  { action: 'reprint', ctrl: 'y', alt: 'r' },
  { action: 'pay', fkey: 'f12', ctrl: 't' },
  { action: 'void', fkey: 'delete', ctrl: 'x' },
  { action: 'cancel', ctrl: 'a' },
  { action: 'logout', ctrl: 'l' },
  { action: 'focus', fkey: 'tab' },
  { action: 'accountPayment', ctrl: 'v', alt: 'v' },
  { action: 'loyalty', ctrl: 'g', alt: 'g' },
  { action: 'history', fkey: 'f4', ctrl: 'u', alt: '4' },
  { action: 'repeatSale', ctrl: 'w', alt: 'w' },
  // A cash sale's drawer that did not open (printer down): opens it once the printer answers.
  { action: 'owedDrawer', ctrl: 'q', alt: 'o' },
];

export function actionOf(event: KeyEvent): Action | null {
  for (const k of KEYMAP) {
    if (event.type === 'key' && k.fkey === event.name) return k.action;
    if (event.type === 'ctrl' && k.ctrl === event.letter) return k.action;
    if (event.type === 'alt' && k.alt === event.char) return k.action;
  }
  return null;
}

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

export interface TillState {
  screen: Screen;
  employee: Employee | null;
  pin: string;
  lockedUntil: number | null;
  shopName: string;
  tillName: string;
  tenders: PaymentMethod[];
  ticket: Ticket;
  totals: TicketTotals;
  input: string;
  selectedLine: number | null;
  focus: 'grid' | 'ticket';
  /** the F1 help's page (any integer: the screen wraps it round its page count) */
  helpPage: number;
  categories: Category[];
  categoryIndex: number;
  gridArticles: Article[];
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
  newCustomer: { fields: [string, string, string]; index: number } | null;
  /** the attached customer's past sales (F4), newest first; `more` when another page may follow */
  history: { sales: HistorySale[]; index: number; more: boolean } | null;
  parked: ParkedTicket[];
  parkedIndex: number;
  payment: PaymentState | null;
  lastSale: { number: number; total: number; change: number } | null;
  message: Message | null;
  /** goes up each time the bell should ring */
  bell: number;
  printer: { description: string; ok: boolean; error: string | null; queued: number; drawerOpen: boolean | null };
  /** a cash sale whose drawer did not open (printer down): the owed-drawer key opens it, once */
  drawerOwed: { saleId: number; saleNumber: number } | null;
  database: { ok: boolean; description: string };
  /** null when no serial scanner is configured (a keyboard-wedge scanner needs none) */
  scanner: ScannerState | null;
  /** null when no scale is configured */
  scale: ScaleState | null;
  /** what the approval PIN prompt will approve ("Annuler une ligne"), and the least role it needs */
  pending: { label: string; role: Role } | null;
  /** the attached customer's loyalty card with this ticket (null: no customer or module off) */
  loyalty: TillLoyalty | null;
  /** "card complete" alert, shown until the next key */
  loyaltyAlert: string | null;
  /** selling through an outage: offline, sales waiting to be sent (null: the till has no offline file) */
  offline: OfflineStatus | null;
  /** the return screen (returns against the original receipt), while it is open */
  receiptReturn: ReceiptReturnState | null;
}

export interface TillSessionOptions {
  locale?: Locale;
  printer: ReceiptPrinter;
  /** grid columns, set by the screen from the terminal width */
  gridColumns?: number;
  /** how long a failed print waits before the next try (default 1 s) */
  printRetryMs?: number;
  scanner?: Scanner | null;
  /** a serial scale: weighed articles chosen without a typed weight are weighed on it */
  scale?: Scale | null;
  display?: CustomerDisplay | null;
  /** how often a printer that can answer is asked for its status */
  statusPollMs?: number;
  databaseDescription?: string;
  now?: () => number;
  /** how often the till sends the automatic orders that are due (default a minute) */
  autoSendPollMs?: number;
  /** how often the till asks what changed elsewhere (default: setting 'live.pollSeconds'); 0: never by itself */
  livePollMs?: number;
  /** selling through an outage: the local offline core and its outbox (issue #9) */
  offline?: OfflineTill | null;
  /** how often an offline till asks whether the server answers again (default 5 s) */
  offlineProbeMs?: number;
  /** how often an online till copies the catalogue into its offline file (default 15 min) */
  offlineCacheMs?: number;
}

/** Tender keys on the payment screen (letters, so the digits stay for the amount). */
export const TENDER_KEYS: Record<PaymentMethod, string> = {
  cash: 'e',
  card: 'c',
  cheque: 'q',
  meal_voucher: 't',
  voucher: 'a',
  mobile: 'm',
  account: 'k',
};

/** What a till selling through an outage refuses: it needs the server's customers, ledgers or back office. */
const SERVER_ONLY_ACTIONS: ReadonlySet<Action> = new Set(['customer', 'backoffice', 'accountPayment', 'loyalty', 'history', 'repeatSale']);

/**
 * How far back each live poll looks before the previous one started: an
 * article change is stamped when its transaction begins but seen only once it
 * commits, possibly after a poll that started later. A change seen twice is
 * applied twice, which is harmless.
 */
export const LIVE_OVERLAP_MS = 5_000;
/** More changed articles than this in one poll (an import): re-read the grid instead of patching it. */
const LIVE_PATCH_LIMIT = 500;

export class TillSession {
  private state: TillState;
  private listeners = new Set<() => void>();
  private queue: Promise<void> = Promise.resolve();
  private settings: ShopSettings | null = null;
  private pendingApproval: { least: Role; work: (approver: Employee) => Promise<void> } | null = null;
  /** who approved the ticket's cancellation, between the PIN and the confirmation */
  private cancelApprover: number | null = null;
  /** on the payment screen: the amount on account already refused over the limit (K again asks a manager), and who approved it */
  private accountOverLimit: { amount: number; over: number } | null = null;
  private accountApprover: number | null = null;
  /** customer display updates, in order, never awaited by the sale */
  private displayChain: Promise<void> = Promise.resolve();
  displayError: string | null = null;
  readonly t: Translate;
  readonly spooler: PrintSpooler;
  /** sends due automatic orders once a minute and says so in the status line */
  readonly autoSend: AutoSendTimer;
  /** the back office opened from the till (F10), while it is open */
  backOffice: BackOfficeSession | null = null;
  private readonly now: () => number;
  /** keeps the ticket priced for its customer (promotions, price level, discount) */
  private readonly pricer: TicketPricer;
  gridColumns: number;
  /** the attached customer's stored card, read once per customer and after each sale */
  private loyaltyCache: { customerId: number; status: LoyaltyStatus | null } | null = null;
  /** the last ticket/customer/card the "card complete" alert rang for */
  private loyaltyAlerted: string | null = null;
  /** live updates: when the last successful poll started (session clock) and the markers it saw */
  private live: { polledAt: number; markers: ChangeMarkers } | null = null;
  private polling = false;
  private liveTimer: ReturnType<typeof setInterval> | null = null;

  /** the offline switch: `core` is the server's, or the local one during an outage */
  private readonly offline: OfflineTill | null;
  private probeTimer: NodeJS.Timeout | null = null;
  private cacheTimer: NodeJS.Timeout | null = null;
  private problemShown: string | null = null;
  private cacheProblemShown: string | null = null;

  constructor(private readonly serverCore: Core, private readonly options: TillSessionOptions) {
    const core = serverCore;
    this.offline = options.offline ?? null;
    this.t = translator(options.locale ?? 'fr');
    this.now = options.now ?? Date.now;
    this.pricer = new TicketPricer((customerId, at) => this.core.promotions.pricingFor(customerId, at), this.now);
    this.gridColumns = options.gridColumns ?? 3;
    const offline = this.offline;
    const printQueue = offline ? new OfflinePrintStore(() => serverCore.printQueue, () => offline.status().offline) : core.printQueue;
    this.spooler = new PrintSpooler(options.printer, printQueue, {
      retryMs: options.printRetryMs ?? 1000,
      // A sale's receipt job is written by the sale's transaction, on the server: rendered from the sale when it prints.
      render: (job) => this.renderQueuedReceipt(serverCore, job),
    });
    this.spooler.onChange((printer) => this.set({ printer }));
    this.autoSend = new AutoSendTimer(
      // Orders go out from the server: an offline till skips the round.
      async () => (offline?.status().offline ? [] : core.purchasing.autoSendDue(new Date(this.now()))),
      (references) => this.info(this.t('orders.autoSent', { refs: references.join(', ') })),
    );
    const ticket = core.tickets.create();
    this.state = {
      screen: 'login',
      employee: null,
      pin: '',
      lockedUntil: null,
      shopName: '',
      tillName: `Caisse ${core.tillId}`,
      tenders: [],
      ticket,
      totals: computeTotals(ticket),
      input: '',
      selectedLine: null,
      focus: 'grid',
      helpPage: 0,
      categories: [],
      categoryIndex: 0,
      gridArticles: [],
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
      printer: { description: options.printer.description, ok: true, error: null, queued: 0, drawerOpen: null },
      drawerOwed: null,
      database: { ok: true, description: options.databaseDescription ?? '' },
      scanner: options.scanner ? { description: options.scanner.description, connected: false, error: null } : null,
      scale: options.scale ? { description: options.scale.description, connected: false, error: null } : null,
      pending: null,
      loyalty: null,
      loyaltyAlert: null,
      offline: this.offline ? this.offline.status() : null,
      receiptReturn: null,
    };
    this.offline?.onChange((status) => this.offlineChanged(status));
  }

  /** The core the till works on: the server's, or the local offline one during an outage. */
  private get core(): Core {
    return this.offline ? this.offline.current : this.serverCore;
  }

  // --- subscription (for React's useSyncExternalStore) ---------------------

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): TillState => this.state;

  private set(patch: Partial<TillState>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l();
  }

  private info(text: string): void {
    this.set({ message: { text, kind: 'info' } });
  }

  private success(text: string): void {
    this.set({ message: { text, kind: 'success' } });
  }

  private fail(text: string): void {
    this.set({ message: { text, kind: 'error' }, bell: this.state.bell + 1 });
  }

  /** Resolves when every key received so far has been handled. */
  idle(): Promise<void> {
    return this.queue;
  }

  // --- start ----------------------------------------------------------------

  async start(): Promise<void> {
    this.settings = await this.core.settings.all();
    // Taken before the first read of the grid, so the first poll covers what changes meanwhile.
    this.live = { polledAt: this.now(), markers: await this.core.catalog.changeMarkers() };
    const till = await this.core.tills.ensure(this.core.tillId);
    const categories = await this.core.catalog.categories();
    this.set({ shopName: this.settings['shop.name'], tillName: till.name, tenders: this.settings.tenders, categories });
    await this.loadCategory(0);
    // Receipts a printer fault (or a kill) left in the queue print as soon as it answers.
    this.spooler.drawerOpenLevel = this.settings['drawer.openLevel'];
    await this.spooler.start();
    // A drawer a cash sale still owes (printer down, or the till died before the kick) waits for its key.
    this.set({ drawerOwed: await this.core.drawerKicks.owed() });
    this.spooler.startPolling(this.options.statusPollMs ?? 10_000);
    // Only shops that use auto-send pay for the timer (turning it on takes effect at the next start).
    if (this.settings['orders.autoSend']) this.autoSend.start(this.options.autoSendPollMs ?? 60_000);
    const livePollMs = this.options.livePollMs ?? Math.round(Number(this.settings['live.pollSeconds']) * 1000);
    if (Number.isFinite(livePollMs) && livePollMs > 0 && !this.liveTimer) {
      this.liveTimer = setInterval(() => void this.pollChanges(), Math.max(500, livePollMs));
      this.liveTimer.unref();
    }
    if (this.offline) {
      if (this.offline.status().offline) this.startOfflineProbe();
      this.cacheTimer = setInterval(() => void this.refreshOfflineCache(), this.options.offlineCacheMs ?? 15 * 60_000);
      this.cacheTimer.unref();
    }
    const scanner = this.options.scanner;
    if (scanner) {
      scanner.onState((state) => this.set({ scanner: state }));
      scanner.onScan((code) => this.scan(code));
      scanner.start();
    }
    const scale = this.options.scale;
    if (scale) {
      scale.onState((state) => this.set({ scale: state }));
      scale.start();
    }
    const restored = await this.core.tickets.restore();
    if (restored) {
      await this.setTicket(restored, false);
      if (restored.lines.length > 0) this.info(this.t('sale.restored'));
    }
  }

  // --- selling through an outage ---------------------------------------------

  private offlineChanged(status: OfflineStatus): void {
    const wasOffline = this.state.offline?.offline ?? false;
    this.set({ offline: status, database: { ...this.state.database, ok: !status.offline } });
    // A replay problem is said once, loudly (it stays in the audit trail and in `pos outbox status`).
    if (status.problem && status.problem !== this.problemShown) {
      this.problemShown = status.problem;
      this.fail(status.problem);
    }
    // Likewise a failed catalogue copy: the offline file keeps its older copy until one works.
    if (status.cacheProblem && status.cacheProblem !== this.cacheProblemShown) this.fail(status.cacheProblem);
    this.cacheProblemShown = status.cacheProblem;
    if (status.offline && !wasOffline) this.startOfflineProbe();
    if (!status.offline && wasOffline) {
      this.stopProbe();
      this.success(this.t('offline.back'));
      // Prices and stock come from the server again, and the offline file catches up with them.
      this.queue = this.queue
        .then(() => this.refreshGrid())
        // Receipts the cut left in the server's print queue print now (in the background: keys never wait for the printer).
        .then(() => void this.spooler.start())
        .then(() => this.refreshOfflineCache())
        .catch((err: unknown) => this.handleError(err));
    }
  }

  private startOfflineProbe(): void {
    if (this.probeTimer || !this.offline) return;
    this.probeTimer = setInterval(() => void this.reconnect(), this.options.offlineProbeMs ?? 5000);
    this.probeTimer.unref();
  }

  private stopProbe(): void {
    if (this.probeTimer) clearInterval(this.probeTimer);
    this.probeTimer = null;
  }

  /** Stops the offline timers: the probe and the catalogue copy (close()). */
  private stopOfflineTimers(): void {
    this.stopProbe();
    if (this.cacheTimer) clearInterval(this.cacheTimer);
    this.cacheTimer = null;
  }

  /**
   * Copies the catalogue (prices, articles, staff, settings) into the offline
   * file, so an outage sells at today's prices. Online only; a failure is
   * said on the status line (see offlineChanged) and the next round tries again.
   */
  refreshOfflineCache(): Promise<void> {
    const offline = this.offline;
    if (!offline || offline.status().offline) return Promise.resolve();
    return offline.refreshCache();
  }

  /**
   * Asks the server whether it answers again and, if so, sends the offline
   * sales and goes back online. Queued with the keys, so it never runs in the
   * middle of a sale. The probe timer calls it; tests call it directly.
   */
  reconnect(): Promise<void> {
    const offline = this.offline;
    if (!offline) return this.queue;
    this.queue = this.queue
      .then(async () => {
        await offline.probe();
      })
      .catch((err: unknown) => this.handleError(err));
    return this.queue;
  }

  private async loadCategory(index: number): Promise<void> {
    const category = this.state.categories[index];
    const gridArticles = category ? await this.core.catalog.articlesOfCategory(category.id) : [];
    this.set({ categoryIndex: index, gridArticles, gridCursor: 0 });
  }

  /** Re-reads the current category (stock changed after a sale). */
  private async refreshGrid(): Promise<void> {
    const category = this.state.categories[this.state.categoryIndex];
    if (!category) return;
    const gridArticles = await this.core.catalog.articlesOfCategory(category.id);
    this.set({ gridArticles, gridCursor: Math.min(this.state.gridCursor, Math.max(0, gridArticles.length - 1)) });
  }

  /**
   * Re-reads the category tabs and the grid (prices, names, order) changed
   * elsewhere — the back office of another terminal, `pos articles set`.
   * Queued like a key, and only on the sale screen, so it never races a sale.
   */
  refreshCatalog(): Promise<void> {
    this.queue = this.queue
      .then(async () => {
        if (this.state.screen !== 'sale') return;
        await this.reloadCatalog();
      })
      .catch((err: unknown) => this.handleError(err));
    return this.queue;
  }

  private async reloadCatalog(): Promise<void> {
    const categories = await this.core.catalog.categories();
    this.set({ categories, categoryIndex: Math.min(this.state.categoryIndex, Math.max(0, categories.length - 1)) });
    await this.refreshGrid();
  }

  // --- live updates -----------------------------------------------------------

  /**
   * Asks the database what changed elsewhere since the last poll (another
   * till, the back room, `pos articles set`, an import) and patches the sale
   * screen: grid prices, names and stock in place, articles added or taken off
   * sale by re-reading the category, the tabs when categories or VAT rates
   * moved, and the pricing context when promotions or level prices moved (the
   * next line is priced with them). Lines already rung keep their price.
   * The reads run beside the key queue so typing never waits on them; only
   * the patch is queued, like a key. A poll never overlaps another, and one
   * that fails (database busy or unreachable) changes nothing and the next
   * one covers its span. Resolves true when it ran.
   */
  async pollChanges(): Promise<boolean> {
    const live = this.live;
    if (this.polling || !live || this.state.screen !== 'sale') return false;
    this.polling = true;
    try {
      const startedAt = this.now();
      const changed = await this.core.catalog.changedSince(new Date(live.polledAt - LIVE_OVERLAP_MS), LIVE_PATCH_LIMIT);
      const markers = await this.core.catalog.changeMarkers();
      const work = this.queue.then(async () => {
        if (markers.pricing !== live.markers.pricing) this.pricer.invalidate();
        if (markers.catalog !== live.markers.catalog || changed.length >= LIVE_PATCH_LIMIT) await this.reloadCatalog();
        else if (changed.length > 0) await this.applyArticleChanges(changed);
        this.live = { polledAt: startedAt, markers };
      });
      this.queue = work.catch(() => undefined);
      await work;
      return true;
    } catch {
      return false;
    } finally {
      this.polling = false;
    }
  }

  /**
   * The till is closing: lets the keys already received finish, then stops
   * every timer the session started (printer status and retry, auto-send, live
   * poll, offline probe and catalogue copy) and waits for the customer display.
   * The scanner and the display belong to whoever opened them.
   */
  async close(): Promise<void> {
    await this.idle();
    this.spooler.stop();
    this.autoSend.stop();
    this.stopLiveUpdates();
    this.stopOfflineTimers();
    await this.displayIdle();
  }

  /** Stops the live poll (close()). */
  private stopLiveUpdates(): void {
    if (this.liveTimer) clearInterval(this.liveTimer);
    this.liveTimer = null;
  }

  /** Patches the grid and the search results with changed articles; a change of grid membership or order re-reads the category. */
  private async applyArticleChanges(changed: Article[]): Promise<void> {
    const byId = new Map(changed.map((a) => [a.id, a]));
    const { gridArticles, search } = this.state;
    const category = this.state.categories[this.state.categoryIndex];
    const reshaped = gridArticles.some((a) => {
      const c = byId.get(a.id);
      return c !== undefined && (!c.active || c.categoryId !== a.categoryId || c.gridPosition !== a.gridPosition || c.name !== a.name);
    }) || (category !== undefined && changed.some((c) => c.active && c.categoryId === category.id && !gridArticles.some((a) => a.id === c.id)));
    if (reshaped) {
      await this.refreshGrid();
    } else {
      const patched = patchArticles(gridArticles, byId);
      if (patched !== gridArticles) this.set({ gridArticles: patched });
    }
    if (search) {
      const patched = patchArticles(search.results, byId);
      const results = patched.some((a) => !a.active) ? patched.filter((a) => a.active) : patched;
      if (results !== search.results) this.set({ search: { ...search, results, index: Math.min(search.index, Math.max(0, results.length - 1)) } });
    }
  }

  // --- input ----------------------------------------------------------------

  /**
   * A code from a serial scanner: it goes to whatever has the focus, in line
   * with the keys typed before it (`3*` then a scan adds three).
   */
  scan(code: string): Promise<void> {
    this.queue = this.queue.then(() => this.scanCarriedOver(code)).catch((err: unknown) => this.handleError(err));
    return this.queue;
  }

  /**
   * A scan whose server call hits a dropped link is not lost: the till goes
   * offline and the same scan is done again on the local core, as long as it
   * had not changed the ticket yet (a change half made is not redone twice:
   * then the cashier is told, as for any other action).
   */
  private async scanCarriedOver(code: string): Promise<void> {
    const { ticket, input, screen } = this.state;
    try {
      await this.handleScan(code);
    } catch (err) {
      const offline = this.offline;
      if (!offline || offline.status().offline || !isConnectionLost(err)) throw err;
      if (this.state.ticket !== ticket || this.state.screen !== screen) throw err;
      offline.goOffline();
      await this.core.tickets.save(this.state.ticket, this.state.employee?.id ?? null).catch(() => undefined);
      this.info(this.t('offline.scanCarried'));
      this.set({ input });
      await this.handleScan(code);
    }
  }

  private async handleScan(code: string): Promise<void> {
    const { screen } = this.state;
    if (screen === 'login' || screen === 'manager-pin' || screen === 'help' || screen === 'parked' || screen === 'confirm-cancel') {
      // Not a place for barcodes (a long PIN pasted at once lands here too): handle it as typed.
      await this.handle({ type: 'text', text: code });
      return this.handle({ type: 'key', name: 'enter' });
    }
    if (screen === 'sale') {
      const prefix = /^-?(\d{1,6}([.,]\d{1,3})?\s*[*xX×])?$|^-$/.test(this.state.input.trim()) ? this.state.input.trim() : '';
      this.set({ input: `${prefix}${code}`, search: null, lastSale: null });
      return this.submit();
    }
    if (screen === 'receipt-return') return this.openReceipt(code);
    if (screen === 'customer') {
      const customer = await this.core.customers.byCode(code);
      if (customer) return this.attachCustomer(customer);
      return this.fail(this.t('sale.noCustomerFound', { q: code }));
    }
    if (screen === 'payment' && this.state.payment) {
      // A voucher's code, scanned before its key.
      this.set({ payment: { ...this.state.payment, input: code } });
      return;
    }
    if (screen === 'backoffice' && this.backOffice) {
      await this.backOffice.feed([{ type: 'text', text: code }]);
      return;
    }
    this.info(this.t('sale.scanIgnored'));
  }

  /**
   * Queues raw key events; they are handled one after the other, in order.
   * A keyboard-wedge scanner is told from a person by its burst: a whole code
   * and its CR arrive in one read (a person's keys come one by one), so that
   * burst is handled as a scan, whatever has the focus.
   */
  feed(events: KeyEvent[]): Promise<void> {
    for (let i = 0; i < events.length; i++) {
      const event = events[i]!;
      const next = events[i + 1];
      if (event.type === 'text' && next?.type === 'key' && next.name === 'enter') {
        const code = unwedgeAzerty(event.text);
        if (/^\d{6,14}$/.test(code)) {
          this.queue = this.queue.then(() => this.scanCarriedOver(code)).catch((err: unknown) => this.handleError(err));
          i += 1;
          continue;
        }
      }
      this.queue = this.queue.then(() => this.handle(event)).catch((err: unknown) => this.handleError(err));
    }
    return this.queue;
  }

  private async handleError(err: unknown): Promise<void> {
    if (err instanceof PosError) {
      this.fail(err.message);
      return;
    }
    if (this.offline && isConnectionLost(err)) {
      // The server went away mid-action: the till goes on locally; the ticket on screen is kept (and saved there).
      this.offline.goOffline();
      await this.core.tickets.save(this.state.ticket, this.state.employee?.id ?? null).catch(() => undefined);
      this.fail(this.t('offline.switched'));
      return;
    }
    // Never a raw driver message (« value too long for type… »): told in the user's words.
    const message = errorMessageForScreen(err);
    this.set({ database: { ...this.state.database, ok: false } });
    this.fail(message);
  }

  private async handle(event: KeyEvent): Promise<void> {
    switch (this.state.screen) {
      case 'login':
        return this.handleLogin(event);
      case 'help':
        if ((event.type === 'key' && (event.name === 'escape' || event.name === 'f1' || event.name === 'enter')) || actionOf(event) === 'help') {
          this.set({ screen: 'sale' });
        } else if (event.type === 'key' && ['pagedown', 'down', 'right', 'pageup', 'up', 'left'].includes(event.name)) {
          // The help is paged when it does not fit the terminal; the screen wraps the page number round.
          this.set({ helpPage: this.state.helpPage + (['pagedown', 'down', 'right'].includes(event.name) ? 1 : -1) });
        }
        return;
      case 'confirm-cancel':
        return this.handleConfirmCancel(event);
      case 'parked':
        return this.handleParked(event);
      case 'manager-pin':
        return this.handleManagerPin(event);
      case 'payment':
        return this.handlePayment(event);
      case 'backoffice':
        return this.handleBackOffice(event);
      case 'customer':
        return this.handleCustomerSearch(event);
      case 'account-payment':
        return this.handleAccountPayment(event);
      case 'history':
        return this.handleHistory(event);
      case 'receipt-return':
        return this.handleReceiptReturn(event);
      default:
        return this.handleSale(event);
    }
  }

  // --- login ----------------------------------------------------------------

  private async handleLogin(event: KeyEvent): Promise<void> {
    if (event.type === 'text') {
      const digits = event.text.replace(/\D/g, '');
      this.set({ pin: (this.state.pin + digits).slice(0, 8), message: null });
      return;
    }
    if (event.type !== 'key') return;
    if (event.name === 'backspace') this.set({ pin: this.state.pin.slice(0, -1) });
    else if (event.name === 'escape') this.set({ pin: '' });
    else if (event.name === 'f2' || event.name === 'f3' || event.name === 'enter') {
      // PIN then Enter logs in; PIN then F2/F3 clocks in/out and stays here. A wrong
      // PIN counts in the till's lockout, shared with its back office and the CLI.
      const pin = this.state.pin;
      this.set({ pin: '' });
      const employee = await this.checkPin(pin, event.name === 'enter' ? 'login' : event.name === 'f2' ? 'clock_in' : 'clock_out');
      if (!employee) return;
      if (event.name === 'enter') {
        await this.core.audit.record({ kind: 'login', employeeId: employee.id });
        this.set({ employee, screen: 'sale', message: { text: `${employee.name}`, kind: 'info' } });
        return;
      }
      const message = await clockAtLogin(this.core, employee, event.name === 'f2' ? 'in' : 'out', this.t);
      if (message.kind === 'error') this.fail(message.text);
      else this.set({ message });
      // Online, the offline file learns the shift now: an outage right after still lets this employee clock out.
      if (message.kind !== 'error') void this.offline?.followShifts();
    }
  }

  /** The employee behind a typed PIN, through the till's lockout; a refusal is said and null returned. */
  private async checkPin(pin: string, attempt: string): Promise<Employee | null> {
    const result = await this.core.pins.check(pin, `till:${attempt}`);
    if (result.ok) {
      this.set({ lockedUntil: null });
      return result.employee;
    }
    if (result.reason === 'locked') {
      this.set({ lockedUntil: this.now() + result.lockedMs });
      this.fail(this.t('login.locked', { s: Math.ceil(result.lockedMs / 1000) }));
    } else {
      this.set({ lockedUntil: null });
      this.fail(this.t('login.wrong'));
    }
    return null;
  }

  private async logout(): Promise<void> {
    const employee = this.state.employee;
    if (employee) await this.core.audit.record({ kind: 'logout', employeeId: employee.id });
    this.set({ employee: null, screen: 'login', pin: '', input: '', search: null, message: null });
  }

  // --- sale screen ------------------------------------------------------------

  /** Shows two lines on the customer display, if there is one; a fault is only reported. */
  private display(line1: string, line2: string): void {
    const display = this.options.display;
    if (!display) return;
    this.displayChain = this.displayChain
      .then(() => display.show(line1, line2))
      .then(() => {
        this.displayError = null;
      })
      .catch((err: unknown) => {
        this.displayError = err instanceof Error ? err.message : String(err);
      });
  }

  /** Resolves when the customer display is up to date (tests). */
  displayIdle(): Promise<void> {
    return this.displayChain;
  }

  /**
   * Makes `ticket` the current one. It is saved before it is shown: what the
   * cashier sees on the ticket has already survived a crash or a power cut.
   */
  private async setTicket(unpriced: Ticket, save = true): Promise<void> {
    // Every change (a line, a quantity, the customer) reprices the whole ticket:
    // a third unit can complete a "3 pour 2", a customer brings their prices.
    // A reward whose free article was voided is taken off.
    const ticket = pruneReward(await this.pricer.price(unpriced));
    const totals = computeTotals(ticket);
    if (save) await this.core.tickets.save(ticket, this.state.employee?.id ?? null);
    const last = ticket.lines[ticket.lines.length - 1];
    const money = (c: number) => formatMoney(c, this.options.locale ?? 'fr', { symbol: false });
    if (last) this.display(displayLine(last.name, money(totals.lines[totals.lines.length - 1]!.total)), displayLine(this.t('sale.total'), money(totals.total)));
    else if (ticket.lines.length === 0 && this.state.ticket.lines.length > 0) this.display(this.state.shopName, '');
    const selected = this.state.selectedLine;
    let customer = this.state.customer;
    const customerChanged = (customer?.customer.id ?? null) !== ticket.customerId;
    if (customerChanged) customer = await this.loadCustomer(ticket.customerId);
    const account = customerChanged ? await this.loadAccount(ticket.customerId) : this.state.account;
    const loyalty = projectLoyalty(await this.loyaltyStatusOf(ticket.customerId), ticket, totals);
    this.set({
      ticket,
      totals,
      customer,
      account,
      selectedLine: selected !== null && selected < ticket.lines.length ? selected : null,
      loyalty,
    });
    this.alertLoyalty(ticket, loyalty);
  }

  private async loyaltyStatusOf(customerId: number | null): Promise<LoyaltyStatus | null> {
    if (customerId === null) return null;
    if (this.loyaltyCache?.customerId !== customerId) this.loyaltyCache = { customerId, status: await this.core.loyalty.status(customerId) };
    return this.loyaltyCache.status;
  }

  /** Rings once when the card is complete or this ticket completes it. */
  private alertLoyalty(ticket: Ticket, loyalty: TillLoyalty | null): void {
    const key = loyaltyAlertKey(ticket, loyalty);
    if (key === null || key === this.loyaltyAlerted) return;
    this.loyaltyAlerted = key;
    this.set({ loyaltyAlert: this.t('loyalty.alert'), bell: this.state.bell + 1 });
  }

  /** Ctrl+G / Alt+G: gives the card's reward on this ticket, or takes it off again. */
  private async toggleLoyaltyReward(): Promise<void> {
    const ticket = this.state.ticket;
    if (ticket.loyaltyReward) {
      await this.setTicket(withdrawReward(ticket));
      return this.info(this.t('loyalty.removed'));
    }
    if (ticket.customerId === null) return this.fail(this.t('loyalty.noCustomer'));
    const loyalty = this.state.loyalty;
    if (!loyalty) return this.fail(this.t('loyalty.off'));
    if (!loyalty.complete) return this.fail(this.t('loyalty.notComplete', { progress: loyaltyBadge(loyalty, this.options.locale ?? 'fr') }));
    const reward = loyalty.status.reward;
    const found = reward.kind === 'article' && reward.articleId !== null ? await this.core.catalog.getArticle(reward.articleId) : null;
    try {
      await this.setTicket(giveReward(ticket, reward, loyalty.status.cardNo, found ? sellable(found) : null));
    } catch (err) {
      if (err instanceof LoyaltyError) return this.fail(err.message);
      throw err;
    }
    const money = (c: number) => formatMoney(c, this.options.locale ?? 'fr');
    const what =
      reward.kind === 'percent' ? formatRate(reward.value, this.options.locale ?? 'fr')
      : reward.kind === 'article' ? (found?.name ?? '')
      : reward.kind === 'voucher' ? this.t('loyalty.voucher', { amount: money(reward.value) })
      : money(reward.value);
    this.success(this.t('loyalty.applied', { reward: what }));
  }

  private async loadCustomer(id: number | null): Promise<TillState['customer']> {
    if (id === null) return null;
    const customer = await this.core.customers.get(id);
    if (!customer) return null;
    return { customer, group: (await this.core.customers.groupOf(customer))?.name ?? '' };
  }

  private async loadAccount(customerId: number | null): Promise<TillState['account']> {
    return customerId === null ? null : this.core.accounts.summary(customerId);
  }

  /** Attaches a customer to the open ticket (a loyalty card scanned, or chosen in the search). */
  private async attachCustomer(customer: Customer | null): Promise<void> {
    // Returns against a receipt give back to that sale's customer (card, account): the ticket keeps them.
    if ((customer?.id ?? null) !== this.state.ticket.customerId && this.state.ticket.lines.some((l) => l.origin)) {
      this.set({ screen: 'sale', customerSearch: null, input: '', search: null });
      return this.fail(this.t('return.customerLocked'));
    }
    // A reward belongs to the card of the customer it was given for.
    const ticket = (customer?.id ?? null) === this.state.ticket.customerId ? this.state.ticket : withdrawReward(this.state.ticket);
    await this.setTicket(setCustomer(ticket, customer?.id ?? null));
    this.set({ screen: 'sale', customerSearch: null, input: '', search: null });
    if (customer) this.success(this.t('sale.customerAttached', { name: customerName(customer) }));
    else this.info(this.t('sale.customerDetached'));
  }

  /** The short form: first name, last name, phone; Enter moves on, and on the last field creates and attaches. */
  private async handleNewCustomer(event: KeyEvent): Promise<void> {
    const form = this.state.newCustomer!;
    const fields = [...form.fields] as [string, string, string];
    if (event.type === 'text') {
      fields[form.index] = fields[form.index] + event.text;
      this.set({ newCustomer: { ...form, fields } });
      return;
    }
    if (event.type !== 'key') return;
    if (event.name === 'backspace') {
      fields[form.index] = fields[form.index].slice(0, -1);
      this.set({ newCustomer: { ...form, fields } });
    } else if (event.name === 'escape') this.set({ newCustomer: null });
    else if (event.name === 'up' || event.name === 'backtab') this.set({ newCustomer: { ...form, index: Math.max(0, form.index - 1) } });
    else if (event.name === 'down' || event.name === 'tab' || (event.name === 'enter' && form.index < 2)) {
      this.set({ newCustomer: { ...form, index: Math.min(2, form.index + 1) } });
    } else if (event.name === 'enter') {
      const [firstName, lastName, phone] = fields.map((f) => f.trim());
      // A new card with a name and a phone (no discount, no credit) is a cashier's everyday act: not guarded, but audited under them.
      const employee = this.state.employee!;
      const customer = await this.core.customers.create(
        { code: await this.core.customers.newCardCode(), firstName, lastName, phone },
        actorOf(employee, this.core.tillId),
      );
      this.set({ newCustomer: null });
      await this.attachCustomer(customer);
    }
  }

  private async handleCustomerSearch(event: KeyEvent): Promise<void> {
    if (this.state.newCustomer) return this.handleNewCustomer(event);
    const search = this.state.customerSearch!;
    if (event.type === 'text') return this.searchCustomers(search.query + event.text);
    if (event.type !== 'key') return;
    if (event.name === 'backspace') return this.searchCustomers(search.query.slice(0, -1));
    if (event.name === 'escape') this.set({ screen: 'sale', customerSearch: null });
    // The last entry of the list (when something is typed) is "add as a new customer".
    const last = search.results.length - (search.query.trim() ? 0 : 1);
    if (event.name === 'up') this.set({ customerSearch: { ...search, index: Math.max(0, search.index - 1) } });
    else if (event.name === 'down') this.set({ customerSearch: { ...search, index: Math.max(0, Math.min(last, search.index + 1)) } });
    else if (event.name === 'delete') await this.attachCustomer(null);
    else if (event.name === 'enter') {
      const chosen = search.results[search.index];
      if (chosen) await this.attachCustomer(chosen);
      else if (search.query.trim()) {
        // "Ajouter « X » comme nouveau client": the typed words prefill the form.
        const words = search.query.trim().split(/\s+/);
        const isPhone = /^[\d\s+.]{6,}$/.test(search.query.trim());
        const fields: [string, string, string] = isPhone ? ['', '', search.query.trim()] : words.length > 1 ? [words[0]!, words.slice(1).join(' '), ''] : ['', words[0]!, ''];
        this.set({ newCustomer: { fields, index: 0 } });
      }
    }
  }

  private async searchCustomers(query: string): Promise<void> {
    this.set({ customerSearch: { query, results: this.state.customerSearch?.results ?? [], index: 0 } });
    const results = query.trim() ? await this.core.customers.search(query, 30) : [];
    if (this.state.customerSearch?.query === query) this.set({ customerSearch: { query, results, index: 0 } });
  }

  private targetLineIndex(): number | null {
    if (this.state.selectedLine !== null) return this.state.selectedLine;
    return this.state.ticket.lines.length > 0 ? this.state.ticket.lines.length - 1 : null;
  }

  private async handleSale(event: KeyEvent): Promise<void> {
    if (this.state.lastSale && event.type !== 'text') this.set({ lastSale: null });
    if (this.state.loyaltyAlert) this.set({ loyaltyAlert: null });
    const action = actionOf(event);
    if (action) return this.runAction(action);
    if (event.type === 'text') {
      if (this.state.lastSale) this.set({ lastSale: null });
      // A keyboard-wedge scanner set up for QWERTY on an AZERTY keyboard types `&é"'(…`.
      return this.typeText(this.state.input + unwedgeAzerty(event.text));
    }
    if (event.type !== 'key') return;
    switch (event.name) {
      case 'enter':
        return this.submit();
      case 'backspace':
        return this.typeText(this.state.input.slice(0, -1));
      case 'escape':
        this.set({ input: '', search: null, selectedLine: null, message: null });
        return;
      case 'up':
      case 'down':
        return this.moveVertical(event.name === 'up' ? -1 : 1);
      case 'left':
      case 'right':
        if (!this.state.search && this.state.focus === 'grid') this.moveGrid(event.name === 'left' ? -1 : 1);
        return;
      case 'pageup':
      case 'pagedown': {
        const n = this.state.categories.length;
        if (n === 0) return;
        const next = (this.state.categoryIndex + (event.name === 'pagedown' ? 1 : -1) + n) % n;
        return this.loadCategory(next);
      }
      default:
        return;
    }
  }

  private async typeText(input: string): Promise<void> {
    this.set({ input });
    const entry = parseEntry(input);
    if (entry.kind === 'search' && entry.query.length >= 2) {
      const results = await this.core.catalog.search(entry.query, 30);
      // The cashier may have typed on while we searched: keep only a current answer.
      if (this.state.input === input) this.set({ search: { query: entry.query, results, index: 0 } });
    } else if (this.state.search) {
      this.set({ search: null });
    }
  }

  private moveVertical(delta: number): void {
    const { search, focus, ticket } = this.state;
    if (search) {
      const index = Math.max(0, Math.min(search.results.length - 1, search.index + delta));
      this.set({ search: { ...search, index } });
    } else if (focus === 'ticket') {
      if (ticket.lines.length === 0) return;
      const current = this.state.selectedLine ?? ticket.lines.length;
      const next = Math.max(0, Math.min(ticket.lines.length - 1, current + delta));
      this.set({ selectedLine: next });
    } else {
      this.moveGrid(delta * this.gridColumns);
    }
  }

  private moveGrid(delta: number): void {
    const count = this.state.gridArticles.length;
    if (count === 0) return;
    const next = this.state.gridCursor + delta;
    if (next < 0 || next >= count) return;
    this.set({ gridCursor: next });
  }

  private async submit(): Promise<void> {
    const input = this.state.input;
    const entry = parseEntry(input);
    switch (entry.kind) {
      case 'empty': {
        if (this.state.focus === 'grid') {
          const article = this.state.gridArticles[this.state.gridCursor];
          if (article) {
          if (this.weighsOnScale(article.unit)) {
            await this.addFromScale(article, false, article.plu ?? '');
            return;
          }
          const quantity = this.quantityFor(null, article);
          if (quantity !== null) await this.addArticle(article, quantity, false, article.plu ?? '');
        }
        }
        return;
      }
      case 'invalid':
        this.fail(entry.error);
        return;
      case 'search': {
        const search = this.state.search;
        const chosen = search && search.query === entry.query ? search.results[search.index] : undefined;
        if (!chosen) {
          this.fail(this.t('sale.noResult', { q: entry.query }));
          return;
        }
        if (entry.quantityText === null && this.weighsOnScale(chosen.unit)) {
          // Refused, the search stays: Enter asks the scale again once the plate settles.
          if (await this.addFromScale(chosen, entry.isReturn, chosen.plu ?? '')) this.set({ input: '', search: null });
          return;
        }
        const quantity = this.quantityFor(entry.quantityText, chosen);
        if (quantity === null) return;
        await this.typedWeightGuard(chosen.unit, entry.quantityText !== null, chosen.name, () => this.addArticle(chosen, quantity, entry.isReturn, chosen.plu ?? ''));
        this.set({ input: '', search: null });
        return;
      }
      case 'quantity': {
        const index = this.targetLineIndex();
        if (index === null) {
          this.fail(this.t('sale.noLine'));
          return;
        }
        const line = this.state.ticket.lines[index]!;
        const parsed = parseQuantity(entry.quantityText, line.unit);
        if (!parsed.ok) {
          this.fail(parsed.error);
          return;
        }
        const quantity = entry.isReturn ? -parsed.value : parsed.value;
        // A weighed line's weight retyped is a typed weight too.
        await this.typedWeightGuard(line.unit, true, line.name, () => this.setTicket(changeQuantity(this.state.ticket, line.id, quantity)));
        this.set({ input: '' });
        return;
      }
      case 'code': {
        const layouts = this.settings?.['barcode.embeddedLayouts'] ?? [];
        const found = await this.core.catalog.lookup(entry.code, layouts);
        if (!found && !entry.quantityText && !entry.isReturn) {
          // Not an article: maybe a loyalty card, which attaches its customer at once.
          const customer = await this.core.customers.byCode(entry.code);
          if (customer) return this.attachCustomer(customer);
        }
        if (!found && decodeSaleBarcode(entry.code)) {
          // A receipt's own code: the return screen opens on that sale.
          this.set({ input: '' });
          return this.openReceiptReturn(entry.code);
        }
        if (!found) {
          // Unknown code: a visible message and a bell; the ticket is unchanged.
          this.set({ input: '' });
          this.fail(this.t('sale.unknownCode', { code: entry.code }));
          return;
        }
        let quantity = found.quantity ?? QTY_ONE;
        let labelAmount = found.labelAmount;
        if (entry.quantityText === null && found.quantity === undefined && found.unitPrice === undefined && this.weighsOnScale(found.unit ?? found.article.unit)) {
          this.set({ input: '' });
          await this.addFromScale(found.article, entry.isReturn, found.code);
          return;
        }
        if (entry.quantityText === null && found.quantity === undefined && found.article.unit === 'kg') {
          this.set({ input: '' });
          this.fail(this.t('sale.weightNeeded', { name: found.article.name }));
          return;
        }
        if (entry.quantityText !== null) {
          const q = this.quantityFor(entry.quantityText, found.article, found.unit);
          if (q === null) return;
          quantity = found.embedded ? q * (quantity / QTY_ONE) : q;
          // 2*label: two labels, twice the label's amount.
          if (labelAmount !== undefined) labelAmount = Math.round((labelAmount * q) / QTY_ONE);
        }
        // A weight on a label is the label printer's; one typed by hand is the guarded case.
        const typed = entry.quantityText !== null && !found.embedded;
        await this.typedWeightGuard(found.unit ?? found.article.unit, typed, found.article.name, () =>
          this.addArticle(found.article, quantity, entry.isReturn, found.code, { unitPrice: found.unitPrice, unit: found.unit, labelAmount }),
        );
        this.set({ input: '' });
        return;
      }
    }
  }

  /** A weighed article with no weight typed goes to the scale, when the till has one. */
  private weighsOnScale(unit: 'unit' | 'kg'): boolean {
    return unit === 'kg' && !!this.options.scale;
  }

  /**
   * Asks the scale for a stable weight of `article` and adds the line with it
   * (a Dialog scale's amount is the line's: weighOnScale checks it); a refusal
   * is shown with its reason and adds nothing.
   */
  private async addFromScale(article: Article, isReturn: boolean, code: string): Promise<boolean> {
    this.info(this.t('scale.weighing', { name: article.name }));
    const weighed = await weighOnScale(this.options.scale!, article, this.t);
    if (!weighed.ok) {
      this.fail(this.t('scale.failed', { name: article.name, reason: weighed.message }));
      return false;
    }
    await this.addArticle(article, weighed.quantity, isReturn, code);
    return true;
  }

  /**
   * A weight typed by hand on a till with a scale bypasses the certified
   * scale: the permission table ('typed_weight') says who may. Without a scale,
   * typing the weight is the only way and needs nobody.
   */
  private async typedWeightGuard(unit: 'unit' | 'kg', typed: boolean, name: string, work: () => Promise<void>): Promise<void> {
    if (!typed || unit !== 'kg' || !this.options.scale) return work();
    return this.withApproval('typed_weight', name, () => work());
  }

  private quantityFor(text: string | null, article: Article, unit = article.unit): number | null {
    if (text === null) {
      // A weighed article needs its weight: 1 kg by default would be a wrong price.
      if (unit === 'kg') {
        this.fail(this.t('sale.weightNeeded', { name: article.name }));
        return null;
      }
      return QTY_ONE;
    }
    const parsed = parseQuantity(text, unit);
    if (!parsed.ok) {
      this.fail(parsed.error);
      return null;
    }
    return parsed.value;
  }

  private async addArticle(
    article: Article,
    quantity: number,
    isReturn: boolean,
    code: string,
    options: { unitPrice?: number; unit?: 'unit' | 'kg'; labelAmount?: number } = {},
  ): Promise<void> {
    const ticket = addLine(this.state.ticket, sellable(article, code), isReturn ? -quantity : quantity, options);
    if (!isReturn) {
      await this.setTicket(ticket);
      this.set({ selectedLine: null });
      this.success(this.t('sale.added', { name: article.name }));
      return;
    }
    // A return typed with '-' gives money back: a refund, like F8 on a line.
    await this.withApproval('refund', null, async (approver) => {
      await this.setTicket(ticket);
      this.set({ selectedLine: null, input: '' });
      await this.recordRefund(ticket.lines[ticket.lines.length - 1]!, approver);
      this.success(this.t('sale.returned', { name: article.name }));
    });
  }

  /** The 'refund' audit event the voids report lists: the returned line, the cashier and who approved. */
  private async recordRefund(line: Ticket['lines'][number], approver: Employee | null): Promise<void> {
    await this.core.audit.record({
      kind: 'refund',
      employeeId: this.state.employee?.id ?? null,
      approverId: approver?.id ?? null,
      articleId: line.articleId,
      details: { ticket: this.state.ticket.id, name: line.name, quantity: line.quantity, unitPrice: line.unitPrice },
    });
  }

  // --- actions ----------------------------------------------------------------

  private async runAction(action: Action): Promise<void> {
    // Customers, their accounts and history, and the back office live on the server: offline, they wait for it.
    if (SERVER_ONLY_ACTIONS.has(action) && this.offline?.status().offline) {
      // A customer attached before the cut can still be taken off, so the sale can go through offline.
      if (action === 'customer' && this.state.ticket.customerId !== null) return this.attachCustomer(null);
      return this.fail(this.t('offline.serverOnly'));
    }
    switch (action) {
      case 'help':
        this.set({ screen: 'help', helpPage: 0 });
        return;
      case 'customer':
        this.set({ screen: 'customer', customerSearch: { query: '', results: [], index: 0 }, search: null, input: '' });
        return;
      case 'search':
        this.set({ focus: 'grid', selectedLine: null });
        this.info(this.t('sale.searchHint'));
        return;
      case 'focus': {
        // Into the ticket, the line F6/F7/Suppr act on by default (the last) is selected at once, so it shows.
        const toTicket = this.state.focus === 'grid';
        this.set({ focus: toTicket ? 'ticket' : 'grid', selectedLine: toTicket ? this.targetLineIndex() : null });
        return;
      }
      case 'logout':
        return this.logout();
      case 'repeat':
        if (this.state.ticket.lines.length === 0) return this.fail(this.t('sale.noLine'));
        return this.setTicket(repeatLine(this.state.ticket, this.state.ticket.lines[this.targetLineIndex()!]!.id));
      case 'return': {
        // On an empty line with no line chosen: the return screen (against the receipt).
        if (this.state.selectedLine === null && !this.state.input.trim()) return this.openReceiptReturn(null);
        const index = this.targetLineIndex();
        if (index === null) return this.fail(this.t('sale.noLine'));
        const line = this.state.ticket.lines[index]!;
        const next = toggleReturn(this.state.ticket, line.id);
        if (line.quantity < 0) {
          // a return turned back into a sale gives no money back: nothing to approve
          await this.setTicket(next);
          this.info(this.t('sale.added', { name: line.name }));
          return;
        }
        return this.withApproval('refund', null, async (approver) => {
          await this.setTicket(next);
          await this.recordRefund(next.lines.find((l) => l.id === line.id)!, approver);
          this.info(this.t('sale.returned', { name: line.name }));
        });
      }
      case 'void': {
        const index = this.targetLineIndex();
        if (index === null) return this.fail(this.t('sale.noLine'));
        const line = this.state.ticket.lines[index]!;
        const next = voidLine(this.state.ticket, line.id);
        return this.withApproval('void_line', null, async (approver) => {
          await this.setTicket(next);
          await this.core.audit.record({
            kind: 'void_line',
            employeeId: this.state.employee?.id ?? null,
            approverId: approver?.id ?? null,
            articleId: line.articleId,
            details: { ticket: this.state.ticket.id, name: line.name, quantity: line.quantity, unitPrice: line.unitPrice },
          });
          this.set({ selectedLine: null });
          this.info(this.t('sale.voided', { name: line.name }));
        });
      }
      case 'discount':
        return this.applyDiscount();
      case 'price':
        return this.applyPrice();
      case 'park':
        return this.park();
      case 'cancel':
        if (this.state.ticket.lines.length === 0) return;
        // approval first, then the usual "are you sure?"
        return this.withApproval('cancel_ticket', null, async (approver) => {
          this.cancelApprover = approver?.id ?? null;
          this.set({ screen: 'confirm-cancel', message: { text: this.t('sale.cancelAsk'), kind: 'info' } });
        });
      case 'pay':
        return this.openPayment();
      case 'backoffice':
        return this.openBackOffice();
      case 'reprint':
        return this.reprintLast();
      case 'accountPayment':
        if (!this.state.customer) return this.fail(this.t('acct.noCustomer'));
        this.set({ screen: 'account-payment', accountPayment: { input: '' }, search: null, message: null });
        return;
      case 'loyalty':
        return this.toggleLoyaltyReward();
      case 'history':
        return this.openHistory();
      case 'repeatSale':
        return this.repeatLastSale();
      case 'nosale':
        // Opening the drawer without a sale: the permission table says who, and it is always audited.
        return this.withApproval('no_sale', null, async (approver) => {
          const employeeId = this.state.employee?.id ?? null;
          await this.core.audit.record({ kind: 'no_sale', employeeId, approverId: approver?.id ?? employeeId });
          const error = await this.spooler.openDrawer();
          if (error) this.fail(`${this.t('sale.drawerFailed')} : ${error.message}`);
          else {
            await this.drawerOpenedOtherwise();
            this.success(this.t('sale.drawerOpened'));
          }
        });
      case 'owedDrawer':
        return this.openOwedDrawer();
    }
  }

  /** The back office inside the till: a manager goes straight in, anyone else types a manager's PIN there. */
  private openBackOffice(): void {
    this.backOffice = new BackOfficeSession(this.core, this.isManager() ? this.state.employee : null, this.options.locale ?? 'fr');
    // A closing done there prints on this till's printer at once, through its spooler.
    this.backOffice.submitPrint = (kind, bytes) => this.spooler.submit(kind, bytes);
    this.set({ screen: 'backoffice', input: '', search: null });
  }

  private async handleBackOffice(event: KeyEvent): Promise<void> {
    const backOffice = this.backOffice!;
    await backOffice.feed([event]);
    if (!backOffice.getState().closed) return;
    this.backOffice = null;
    // Settings or VAT rates may have changed there: read them again.
    this.settings = await this.core.settings.all();
    const categories = await this.core.catalog.categories();
    this.set({ screen: 'sale', shopName: this.settings['shop.name'], tenders: this.settings.tenders, categories });
    await this.refreshGrid();
  }

  private isManager(): boolean {
    const role = this.state.employee?.role;
    return role === 'manager' || role === 'owner';
  }

  /**
   * Runs `work` now when the logged-in employee's role may do the action (the
   * shop's permission table, read afresh so a change applies at once), else
   * after someone who may types their PIN; `work` then gets that approver.
   * 'manager' is for a rule outside the table (an account over its limit);
   * null means nothing to approve.
   * `detail` is added to the prompt's label ("Changer un prix (1,00 €)").
   */
  private async withApproval(
    action: GuardedAction | 'manager' | null,
    detail: string | null,
    work: (approver: Employee | null) => Promise<void>,
  ): Promise<void> {
    if (action === null) {
      await work(null);
      return;
    }
    const least: Role = action === 'manager' ? 'manager' : (await this.core.permissions.table())[action];
    const employee = this.state.employee;
    if (employee && roleAtLeast(employee.role, least)) {
      await work(null);
      return;
    }
    const name = action === 'manager' ? detail ?? '' : this.t(`perm.${action}`);
    const label = action !== 'manager' && detail ? `${name} (${detail})` : name;
    this.pendingApproval = { least, work };
    this.set({
      screen: 'manager-pin',
      pin: '',
      pending: { label, role: least },
      message: { text: this.t('sale.approvalNeeded', { action: label, role: this.t(`role.${least}`) }), kind: 'info' },
    });
  }

  private async handleManagerPin(event: KeyEvent): Promise<void> {
    if (event.type === 'text') {
      this.set({ pin: (this.state.pin + event.text.replace(/\D/g, '')).slice(0, 8) });
      return;
    }
    if (event.type !== 'key') return;
    if (event.name === 'backspace') this.set({ pin: this.state.pin.slice(0, -1) });
    else if (event.name === 'escape') {
      this.pendingApproval = null;
      this.set({ screen: 'sale', pin: '', pending: null, message: null });
    } else if (event.name === 'enter') {
      const pin = this.state.pin;
      this.set({ pin: '' });
      const pending = this.pendingApproval;
      const approver = await this.checkPin(pin, 'approval');
      if (!approver) return;
      if (!pending || !roleAtLeast(approver.role, pending.least)) {
        // unknown PIN or not enough rights: the prompt stays, nothing changes
        this.fail(this.t('sale.approvalRefused', { action: this.state.pending?.label ?? '', role: this.t(`role.${pending?.least ?? 'manager'}`) }));
        return;
      }
      this.pendingApproval = null;
      this.set({ screen: 'sale', pending: null });
      await pending.work(approver);
    }
  }

  private parseDiscount(text: string): Discount | null {
    const t = text.trim();
    const percent = /^(\d{1,3}(?:[.,]\d{1,2})?)\s*%$/.exec(t);
    if (percent) {
      const bp = Math.round(Number(percent[1]!.replace(',', '.')) * 100);
      return { kind: 'percent', bp };
    }
    const cents = parseMoney(t);
    return cents !== null && cents > 0 ? { kind: 'amount', cents } : null;
  }

  private async applyDiscount(): Promise<void> {
    const discount = this.parseDiscount(this.state.input);
    if (!discount) return this.fail(this.t('sale.discountHint'));
    const ticket = this.state.ticket;
    const index = this.state.selectedLine;
    const limitBp = this.settings?.['discount.maxWithoutManagerBp'] ?? 1000;
    const before = computeTotals(ticket);
    // Validate first (bad input changes nothing), then ask for approval if over the limit.
    const next = index !== null ? setLineDiscount(ticket, ticket.lines[index]!.id, discount) : setTicketDiscount(ticket, discount);
    const after = computeTotals(next);
    const base = Math.max(1, before.grossTotal);
    const overLimit =
      discount.kind === 'percent' ? discount.bp > limitBp : (before.total - after.total) * 10000 > limitBp * base;
    const label = discount.kind === 'percent' ? formatRate(discount.bp) : formatMoney(discount.cents);
    await this.withApproval(overLimit ? 'discount_over_limit' : null, label, async (approver) => {
      await this.setTicket(next);
      this.set({ input: '' });
      if (approver || overLimit) {
        await this.core.audit.record({
          kind: 'discount',
          employeeId: this.state.employee?.id ?? null,
          approverId: approver?.id ?? null,
          details: { ticket: ticket.id, line: index !== null ? ticket.lines[index]!.name : null, discount },
        });
      }
      this.success(this.t(index !== null ? 'sale.discountLine' : 'sale.discountTicket', { d: label }));
    });
  }

  private async applyPrice(): Promise<void> {
    const index = this.targetLineIndex();
    if (index === null) return this.fail(this.t('sale.noLine'));
    const price = parseMoney(this.state.input);
    if (price === null || price < 0) return this.fail(this.t('sale.priceHint'));
    const line = this.state.ticket.lines[index]!;
    const next = overridePrice(this.state.ticket, line.id, price);
    await this.withApproval('price_override', formatMoney(price), async (approver) => {
      await this.setTicket(next);
      this.set({ input: '' });
      await this.core.audit.record({
        kind: 'price_override',
        employeeId: this.state.employee?.id ?? null,
        approverId: approver?.id ?? null,
        articleId: line.articleId,
        details: { ticket: this.state.ticket.id, name: line.name, from: line.unitPrice, to: price },
      });
      this.success(this.t('sale.priceChanged', { name: line.name }));
    });
  }

  private async park(): Promise<void> {
    if (this.state.ticket.lines.length > 0) {
      await this.core.tickets.park(this.state.ticket, this.state.employee?.id ?? null, this.state.input.trim());
      await this.setTicket(this.core.tickets.create(), false);
      this.set({ input: '', search: null, selectedLine: null });
      this.success(this.t('sale.parked'));
      return;
    }
    const parked = await this.core.tickets.listParked();
    if (parked.length === 0) return this.info(this.t('sale.noParked'));
    this.set({ screen: 'parked', parked, parkedIndex: 0 });
  }

  private async handleParked(event: KeyEvent): Promise<void> {
    if (event.type !== 'key') return;
    const { parked, parkedIndex } = this.state;
    if (event.name === 'escape') this.set({ screen: 'sale' });
    else if (event.name === 'up') this.set({ parkedIndex: Math.max(0, parkedIndex - 1) });
    else if (event.name === 'down') this.set({ parkedIndex: Math.min(parked.length - 1, parkedIndex + 1) });
    else if (event.name === 'enter') {
      const chosen = parked[parkedIndex];
      if (!chosen) return;
      // The (empty) current ticket makes way for the parked one.
      await this.core.tickets.discard(this.state.ticket.id);
      const ticket = await this.core.tickets.resume(chosen.id);
      await this.setTicket(ticket, false);
      this.set({ screen: 'sale' });
      this.success(this.t('sale.resumed'));
    }
  }

  private async handleConfirmCancel(event: KeyEvent): Promise<void> {
    const yes = (event.type === 'text' && /^[oOyY]/.test(event.text)) || (event.type === 'key' && event.name === 'enter');
    const no = (event.type === 'text' && /^[nN]/.test(event.text)) || (event.type === 'key' && event.name === 'escape');
    if (no) {
      this.cancelApprover = null;
      this.set({ screen: 'sale', message: null });
      return;
    }
    if (!yes) return;
    const ticket = this.state.ticket;
    const totals = this.state.totals;
    await this.core.audit.record({
      kind: 'cancel_ticket',
      employeeId: this.state.employee?.id ?? null,
      approverId: this.cancelApprover,
      details: { ticket: ticket.id, lines: ticket.lines.length, total: totals.total },
    });
    this.cancelApprover = null;
    await this.core.tickets.discard(ticket.id);
    await this.setTicket(this.core.tickets.create(), false);
    this.set({ screen: 'sale', input: '', selectedLine: null, search: null });
    this.info(this.t('sale.cancelled'));
  }

  // --- returns against the original receipt (F8 on an empty line, or its code scanned) ---

  /** how each receipt returned on this ticket was paid, for the refund's proposed tender */
  private receiptTenders = new Map<number, PaymentMethod | null>();

  private async openReceiptReturn(code: string | null): Promise<void> {
    // The receipt and what other tills returned of it are on the server.
    if (this.offline?.status().offline) return this.fail(this.t('return.offline'));
    this.set({ screen: 'receipt-return', receiptReturn: emptyReceiptReturn(), search: null, input: '', message: null });
    if (code) await this.openReceipt(code);
    else this.info(this.t('return.typeNumber'));
  }

  /** Looks the receipt up (its 13 digits, `till/number` or this till's number) and shows what is still returnable. */
  private async openReceipt(text: string): Promise<void> {
    const state = this.state.receiptReturn ?? emptyReceiptReturn();
    const ref = parseReceiptReference(text, this.core.tillId);
    if (!ref) {
      this.set({ receiptReturn: { ...state, input: '' } });
      return this.fail(this.t('return.badNumber', { n: text }));
    }
    const receipt = await this.core.receiptReturns.open(ref);
    this.set({ screen: 'receipt-return', receiptReturn: { input: '', receipt, index: 0, picks: [], error: null } });
    if (receipt.lines.every((l) => l.returnable === 0)) this.fail(this.t('return.nothingLeft', { n: receipt.number }));
    else this.info(this.t('return.opened', { n: receipt.number, till: receipt.tillId }));
  }

  private async handleReceiptReturn(event: KeyEvent): Promise<void> {
    const state = this.state.receiptReturn ?? emptyReceiptReturn();
    const command = returnScreenKey(state, event, actionOf(event));
    switch (command.kind) {
      case 'state':
        this.set({ receiptReturn: command.state });
        if (command.state.error) this.fail(command.state.error);
        return;
      case 'close':
        this.set({ screen: 'sale', receiptReturn: null, message: null });
        return;
      case 'lookup':
        return this.openReceipt(command.text);
      case 'confirm':
        return this.confirmReceiptReturn(state, command.picks);
    }
  }

  /** The picked lines go on the ticket at the price paid; each is audited as a refund naming the original sale. */
  private async confirmReceiptReturn(state: ReceiptReturnState, picks: Map<number, number>): Promise<void> {
    const receipt = state.receipt!;
    let next: Ticket;
    try {
      next = addReceiptReturn(this.state.ticket, receipt, picks);
    } catch (err) {
      if (err instanceof ReturnError) return this.fail(err.message);
      throw err;
    }
    const added = next.lines.slice(this.state.ticket.lines.length);
    await this.setTicket(next);
    this.receiptTenders.set(receipt.saleId, receipt.proposedMethod);
    for (const line of added) {
      await this.core.audit.record({
        kind: 'refund',
        employeeId: this.state.employee?.id ?? null,
        approverId: null,
        articleId: line.articleId,
        saleId: receipt.saleId,
        details: {
          ticket: next.id,
          origin: `${receipt.tillId}/${receipt.number}`,
          originLine: line.origin!.lineNo,
          name: line.name,
          quantity: line.quantity,
          unitPrice: line.unitPrice,
        },
      });
    }
    this.set({ screen: 'sale', receiptReturn: null, selectedLine: null, input: '' });
    this.success(this.t('return.added', { count: added.length, n: receipt.number }));
  }

  /** The tender a refund goes back by: the one the returned receipt was paid with, when there is one receipt and the till takes it. */
  private proposedRefund(): PaymentMethod | null {
    const sales = new Set(this.state.ticket.lines.filter((l) => l.origin).map((l) => l.origin!.saleId));
    if (sales.size !== 1) return null;
    const method = this.receiptTenders.get([...sales][0]!) ?? null;
    if (method === 'account') return this.state.customer ? method : null;
    return method && this.state.tenders.includes(method) ? method : null;
  }

  // --- payment ----------------------------------------------------------------

  private openPayment(): void {
    if (this.state.ticket.lines.length === 0) {
      this.fail(this.t('sale.payFirst'));
      return;
    }
    this.accountOverLimit = null;
    this.accountApprover = null;
    const due = this.state.totals.total;
    const proposed = due < 0 ? this.proposedRefund() : null;
    this.set({ screen: 'payment', payment: { due, tenders: [], input: '', proposed }, search: null, input: '', message: null });
    if (proposed) this.info(this.t('return.proposed', { method: PAYMENT_LABELS[proposed][this.options.locale ?? 'fr'] }));
  }

  private remaining(payment: PaymentState): number {
    return payment.due - payment.tenders.reduce((a, t) => a + t.amount, 0);
  }

  private async handlePayment(event: KeyEvent): Promise<void> {
    const payment = this.state.payment!;
    if (event.type === 'key') {
      if (event.name === 'escape') {
        this.set({ screen: 'sale', payment: null, message: null });
      } else if (event.name === 'backspace') {
        if (payment.input) this.set({ payment: { ...payment, input: payment.input.slice(0, -1) } });
        else this.set({ payment: { ...payment, tenders: payment.tenders.slice(0, -1) } });
      } else if (event.name === 'enter') {
        // Enter alone pays what is left with the first tender (cash), or a refund back the way the receipt was paid.
        await this.addTender(payment.proposed ?? this.state.tenders[0] ?? 'cash');
      }
      return;
    }
    if (event.type !== 'text') return;
    for (const ch of event.text) {
      const method = (Object.keys(TENDER_KEYS) as PaymentMethod[]).find((m) => TENDER_KEYS[m] === ch.toLowerCase());
      if (method && this.state.tenders.includes(method)) {
        await this.addTender(method);
      } else if (/[0-9,.]/.test(ch)) {
        const p = this.state.payment!;
        this.set({ payment: { ...p, input: (p.input + ch).slice(0, 14) } });
      }
    }
  }

  private async addTender(method: PaymentMethod): Promise<void> {
    const payment = this.state.payment!;
    const left = this.remaining(payment);
    let amount: number;
    let reference: string | undefined;
    if (method === 'voucher') {
      // For a sale the input is the voucher's code; a refund issues a credit note.
      if (left > 0) {
        const voucher = await this.core.vouchers.get(payment.input);
        if (!voucher) return this.fail(this.t('pay.voucherCode'));
        amount = Math.min(left, voucher.remaining);
        reference = voucher.code;
      } else amount = left;
    } else if (method === 'account' && !this.state.customer) {
      return this.fail(this.t('pay.accountNoCustomer'));
    } else if (payment.input) {
      const typed = parseMoney(payment.input);
      if (typed === null || typed === 0) return this.fail(this.t('pay.badAmount', { a: payment.input }));
      amount = left < 0 ? -Math.abs(typed) : typed;
    } else {
      amount = left;
    }
    if (amount === 0) return;
    if (method === 'account' && amount > 0 && this.accountApprover === null && !(await this.accountWithinLimit(amount))) return;
    const tenders = [...payment.tenders, { method, amount, reference }];
    const next = { ...payment, tenders, input: '' };
    this.set({ payment: next, message: null });
    const covered = payment.due >= 0 ? this.remaining(next) <= 0 : this.remaining(next) === 0;
    if (!covered) return;
    const settlement = settle(payment.due, tenders);
    if (!settlement.ok) {
      this.set({ payment: { ...next, tenders: payment.tenders } });
      return this.fail(settlement.error);
    }
    try {
      await this.complete(tenders);
    } catch (err) {
      // Another till charged the account meanwhile: the sale re-checked the limit and refused.
      if (!(err instanceof OverLimitError)) throw err;
      this.accountOverLimit = { amount, over: err.over };
      this.set({ payment: { ...next, tenders: payment.tenders } });
      this.fail(this.t('pay.accountOverLimit', { over: formatMoney(err.over, this.options.locale ?? 'fr') }));
    }
  }

  /**
   * Paying `amount` on account: true when it fits under the customer's limit.
   * Over it, the first K names the amount over the limit; K again asks for a
   * manager's PIN, and the approved sale is audited with both names.
   */
  private async accountWithinLimit(amount: number): Promise<boolean> {
    const customerId = this.state.customer!.customer.id;
    const pending = this.accountOverLimit;
    if (pending && pending.amount === amount) {
      const label = this.t('pay.accountApproval', { over: formatMoney(pending.over, this.options.locale ?? 'fr') });
      await this.withApproval('manager', label, async (approver) => {
        this.accountApprover = approver?.id ?? this.state.employee!.id;
        this.set({ screen: 'payment' });
        await this.addTender('account');
      });
      return false;
    }
    const over = await this.core.accounts.overLimitBy(customerId, amount);
    if (over === 0) return true;
    this.accountOverLimit = { amount, over };
    this.fail(this.t('pay.accountOverLimit', { over: formatMoney(over, this.options.locale ?? 'fr') }));
    return false;
  }

  private async complete(tenders: Tender[]): Promise<void> {
    const employee = this.state.employee!;
    // 1. The sale is durable first …
    const options = { accountOverrideBy: this.accountApprover };
    // With an offline file, a sale the server cannot take completes locally, in the outbox.
    const sale = this.offline
      ? await this.offline.complete(this.state.ticket, tenders, employee.id, options)
      : await this.core.sales.complete(this.state.ticket, tenders, employee.id, options);
    this.accountOverLimit = null;
    this.accountApprover = null;
    // Online, the sale's own transaction wrote its receipt job and drawer kick; offline, the local file owes nothing.
    const dutiesWritten = !this.offline || !this.offline.status().offline;
    const duties = saleDuties(sale.payments);
    this.loyaltyCache = null; // the sale moved the customer's card
    await this.setTicket(this.core.tickets.create(), false);
    this.set({
      screen: 'sale',
      payment: null,
      input: '',
      selectedLine: null,
      lastSale: { number: sale.number, total: sale.total, change: sale.changeGiven },
    });
    this.success(this.t('sale.saleDone', { n: sale.number }));
    const money = (c: number) => formatMoney(c, this.options.locale ?? 'fr', { symbol: false });
    this.display(displayLine(this.t('sale.total'), money(sale.total)), sale.changeGiven ? displayLine(this.t('sale.change'), money(sale.changeGiven)) : this.state.shopName);
    await this.refreshGrid();
    // 2. … then the receipt and the drawer; a device fault never undoes the sale.
    await this.printReceipt(sale, duties.drawerKick, dutiesWritten);
  }

  private async receiptBytes(sale: Sale, duplicate?: number, core: Core = this.core): Promise<Buffer> {
    const { input, printer } = await core.receipts.inputFor(sale, { duplicate, locale: this.options.locale });
    return encodeReceipt(receiptDocument(input), printer);
  }

  /** A queued sale receipt (its job carries no bytes): the original, or the DUPLICATA the queue asks for. */
  private async renderQueuedReceipt(core: Core, job: QueuedJob): Promise<Buffer> {
    const sale = job.saleId ? await core.sales.get(job.saleId) : null;
    if (!sale) throw new Error(`ticket à imprimer introuvable (vente ${job.saleId ?? '?'})`);
    return this.receiptBytes(sale, job.duplicate || undefined, core);
  }

  /**
   * After the sale is committed: the drawer (when cash moved) and the receipt.
   * Neither is awaited here: a printer fault never holds the till, the receipt
   * waits in the persistent queue and the status bar says what is wrong. A
   * drawer that did not open stays owed to the sale: the status bar says so
   * and the owed-drawer key opens it once the printer answers.
   */
  private async printReceipt(sale: Sale, openDrawer: boolean, dutiesWritten: boolean): Promise<void> {
    if (openDrawer) {
      void this.spooler.openDrawer().then((error) => {
        this.queue = this.queue.then(() => this.afterSaleKick(sale, error, dutiesWritten)).catch((err: unknown) => this.handleError(err));
      });
    }
    if (dutiesWritten) this.spooler.wake();
    else await this.spooler.submit('receipt', await this.receiptBytes(sale), sale.id);
  }

  private async afterSaleKick(sale: Sale, error: Error | null, recorded: boolean): Promise<void> {
    if (!error) {
      if (recorded) await this.core.drawerKicks.openedWithSale(sale.id);
      if (this.state.drawerOwed) this.set({ drawerOwed: null });
      return;
    }
    if (recorded) this.set({ drawerOwed: { saleId: sale.id, saleNumber: sale.number } });
    else this.fail(`${this.t('sale.drawerFailed')} : ${error.message}`);
  }

  /** Any opening of the drawer lets the cashier at it: kicks still owed are settled. */
  private async drawerOpenedOtherwise(): Promise<void> {
    if (!this.state.drawerOwed) return;
    await this.core.drawerKicks.openedOtherwise();
    this.set({ drawerOwed: null });
  }

  /** The owed-drawer key: opens the drawer a cash sale still owes, once, audited with the employee. */
  private async openOwedDrawer(): Promise<void> {
    const owed = this.state.drawerOwed ?? (await this.core.drawerKicks.owed());
    if (!owed) return this.info(this.t('sale.drawerNothingOwed'));
    const error = await this.spooler.openDrawer();
    if (error) return this.fail(`${this.t('sale.drawerFailed')} : ${error.message}`);
    // Settled once and audited; false only when another opening settled it meanwhile (the drawer is open all the same).
    await this.core.drawerKicks.openedByKey(owed.saleId, this.state.employee!.id);
    this.set({ drawerOwed: null });
    this.success(this.t('sale.drawerOwedOpened', { n: owed.saleNumber }));
  }

  /** Reprints the last sale of this till as a DUPLICATA, numbered, and audited. */
  private async reprintLast(): Promise<void> {
    const [last] = await this.core.sales.list({ limit: 1, tillId: this.core.tillId });
    if (!last) return this.fail(this.t('sale.noSaleYet'));
    const sale = (await this.core.sales.get(last.id))!;
    await this.withApproval('reprint', null, async (approver) => {
      const by = { employeeId: this.state.employee?.id ?? null, approverId: approver?.id ?? null };
      if (this.core === this.serverCore) {
        // Its number, its audit event and its job in one transaction; the spooler renders it from the sale.
        await this.core.printQueue.orderDuplicate(sale.id, by);
        this.spooler.wake();
      } else {
        // Offline, receipts wait in memory (offline-print-store.ts): the copy is audited in the local file, then kept there.
        const previous = await this.core.audit.count({ kind: 'reprint', saleId: sale.id });
        await this.core.audit.record({ kind: 'reprint', ...by, saleId: sale.id, details: { duplicate: previous + 1 } });
        await this.spooler.submit('duplicate', await this.receiptBytes(sale, previous + 1), sale.id);
      }
      this.info(this.t('sale.reprinted', { n: sale.number }));
    });
  }

  // --- payment received on account (Ctrl+V / Alt+V) -------------------------

  /** "Versement sur compte": digits type the amount, E/C/Q records it in cash, by card or by cheque. */
  private async handleAccountPayment(event: KeyEvent): Promise<void> {
    const form = this.state.accountPayment!;
    if (event.type === 'key') {
      if (event.name === 'escape') this.set({ screen: 'sale', accountPayment: null, message: null });
      else if (event.name === 'backspace') this.set({ accountPayment: { input: form.input.slice(0, -1) } });
      else if (event.name === 'enter') await this.receiveAccountPayment('cash');
      return;
    }
    if (event.type !== 'text') return;
    for (const ch of event.text) {
      const method = ({ e: 'cash', c: 'card', q: 'cheque' } as Record<string, string>)[ch.toLowerCase()];
      if (method && isAccountPaymentMethod(method)) return this.receiveAccountPayment(method);
      if (/[0-9,.]/.test(ch)) this.set({ accountPayment: { input: (this.state.accountPayment!.input + ch).slice(0, 12) } });
    }
  }

  private async receiveAccountPayment(method: AccountPaymentMethod): Promise<void> {
    const form = this.state.accountPayment!;
    const customer = this.state.customer!.customer;
    const employee = this.state.employee!;
    const amount = parseMoney(form.input);
    if (amount === null || amount <= 0) return this.fail(this.t('pay.badAmount', { a: form.input }));
    const locale = this.options.locale ?? 'fr';
    // The shop's table says who takes a payment on account (a cashier by default); below that, an approver's PIN.
    await this.withApproval('account_payment', formatMoney(amount, locale), async (approver) => {
      await this.recordAccountPayment(customer, employee, amount, method, approver);
    });
  }

  private async recordAccountPayment(customer: Customer, employee: Employee, amount: number, method: AccountPaymentMethod, approver: Employee | null): Promise<void> {
    const locale = this.options.locale ?? 'fr';
    // Durable first, then the drawer and the slip, like a sale.
    const result = await this.core.accounts.receivePayment({ customerId: customer.id, amount, method, employeeId: employee.id, approverId: approver?.id ?? null, tillId: this.core.tillId });
    this.set({ screen: 'sale', accountPayment: null, account: await this.loadAccount(customer.id) });
    this.success(this.t('acct.done', { a: formatMoney(amount, locale), b: formatMoney(result.balance, locale) }));
    if (method === 'cash') void this.spooler.openDrawer();
    const settings = this.settings ?? (await this.core.settings.all());
    const doc = accountPaymentReceipt({
      shopName: settings['shop.name'],
      shopAddress: settings['shop.address'],
      tillName: this.state.tillName,
      cashierName: employee.name,
      customerName: customerName(customer),
      customerCode: customer.code,
      amount,
      methodLabel: PAYMENT_LABELS[method].fr,
      balanceAfter: result.balance,
      at: new Date(result.entry.createdAt),
      columns: settings['receipt.columns'],
    });
    await this.spooler.submit('receipt', await encodeReceipt(doc, { codePage: settings['receipt.codePage'], columns: settings['receipt.columns'] }));
  }

  // --- purchase history (F4) and repeat sales (Ctrl+W) ---------------------------

  private static readonly HISTORY_PAGE = 30;

  private async openHistory(): Promise<void> {
    const customer = this.state.customer?.customer;
    if (!customer) return this.fail(this.t('history.noCustomer'));
    const sales = await this.core.history.sales(customer.id, { limit: TillSession.HISTORY_PAGE });
    if (sales.length === 0) return this.info(this.t('history.none', { name: customerName(customer) }));
    this.set({ screen: 'history', history: { sales, index: 0, more: sales.length === TillSession.HISTORY_PAGE }, search: null, input: '', message: null });
  }

  private async handleHistory(event: KeyEvent): Promise<void> {
    const history = this.state.history!;
    if (actionOf(event) === 'history' || (event.type === 'key' && event.name === 'escape')) {
      this.set({ screen: 'sale', history: null, message: null });
      return;
    }
    if (event.type !== 'key') return;
    const last = history.sales.length - 1;
    if (event.name === 'up') this.set({ history: { ...history, index: Math.max(0, history.index - 1) } });
    else if (event.name === 'pageup') this.set({ history: { ...history, index: Math.max(0, history.index - 10) } });
    else if (event.name === 'down' || event.name === 'pagedown') {
      const wanted = history.index + (event.name === 'down' ? 1 : 10);
      if (wanted > last && history.more) {
        // The next page is read only when the cashier scrolls past the loaded sales.
        const customerId = this.state.customer!.customer.id;
        const next = await this.core.history.sales(customerId, { limit: TillSession.HISTORY_PAGE, offset: history.sales.length });
        const sales = [...history.sales, ...next];
        this.set({ history: { sales, index: Math.min(sales.length - 1, wanted), more: next.length === TillSession.HISTORY_PAGE } });
      } else this.set({ history: { ...history, index: Math.min(last, wanted) } });
    } else if (event.name === 'enter') {
      const sale = history.sales[history.index];
      if (!sale) return;
      this.set({ screen: 'sale', history: null });
      await this.copySale(sale);
    }
  }

  /** Ctrl+W: the attached customer's last sale again, in one key. */
  private async repeatLastSale(): Promise<void> {
    const customer = this.state.customer?.customer;
    if (!customer) return this.fail(this.t('history.noCustomer'));
    const last = await this.core.history.lastSale(customer.id);
    if (!last) return this.fail(this.t('history.none', { name: customerName(customer) }));
    await this.copySale(last);
  }

  /** Adds a past sale's lines to the open ticket at today's prices; the past sale stays as it was. */
  private async copySale(sale: HistorySale): Promise<void> {
    const result = repeatSale(this.state.ticket, sale.lines, await this.core.history.currentArticles(sale.lines));
    if (result.added > 0) await this.setTicket(result.ticket);
    this.set({ selectedLine: null, input: '', search: null });
    const skipped = result.skipped.map((l) => l.name).join(', ');
    if (result.added === 0) return this.fail(this.t('history.nothingCopied', { n: sale.number, names: skipped }));
    const done = this.t('history.copied', { n: sale.number, count: result.added });
    if (skipped) this.fail(`${done} · ${this.t('history.skipped', { names: skipped })}`);
    else this.success(done);
  }
}

/** The list with each article replaced by its changed version; the same array when nothing differs. */
function patchArticles(list: Article[], byId: Map<number, Article>): Article[] {
  let differs = false;
  const next = list.map((a) => {
    const c = byId.get(a.id);
    if (!c || sameArticle(a, c)) return a;
    differs = true;
    return c;
  });
  return differs ? next : list;
}

function sameArticle(a: Article, b: Article): boolean {
  return (Object.keys(a) as Array<keyof Article>).every((k) => a[k] === b[k]);
}
