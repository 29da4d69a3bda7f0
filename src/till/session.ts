// The till behind the Ink screens: it takes decoded key events in arrival
// order (a scanner burst is processed key by key, never with a stale input
// line), hands each to the reducers, has the runner perform the effects they
// ask for, and publishes the immutable state the screens render. No SQL and
// no drawing here; tests drive it without a terminal.
//
//   key → reduce (pure, src/till/*.ts) → effects → runner → core → drivers
//                ↑────────── result events ──────────┘
import { errorMessageForScreen } from '../core/basics/db-errors.js';
import { isConnectionLost } from '../core/basics/connection.js';
import { PosError } from '../core/basics/errors.js';
import type { Locale } from '../core/basics/money.js';
import type { ChangeMarkers } from '../core/shop/live-changes.service.js';
import type { OfflineStatus, OfflineTill } from '../core/shop/offline-till.service.js';
import type { Core } from '../core/shop/core.service.js';
import { unwedgeAzerty } from '../core/sales/wedge.js';
import type { CustomerDisplay } from '../drivers/customer-display.js';
import { PrintSpooler } from '../drivers/print-spooler.js';
import type { ReceiptPrinter } from '../drivers/receipt-printer.js';
import type { Scale } from '../drivers/scale.js';
import type { Scanner } from '../drivers/scanner.js';
import type { BackOfficeSession } from '../screens/backoffice/backoffice-session.js';
import type { DeliverOrderMail } from '../screens/backoffice/orders-screen.js';
import { translator, type Translate } from '../screens/i18n.js';
import type { KeyEvent } from '../screens/keys.js';
import { AutoSendTimer } from './auto-send.js';
import { applyArticleChanges, LIVE_OVERLAP_MS, LIVE_PATCH_LIMIT } from './live-updates.js';
import { OfflinePrintStore } from './offline-print-store.js';
import { reduce, type TillEvent } from './reduce.js';
import { EffectRunner } from './runner.js';
import { FrameGate } from './frame-gate.js';
import { fail, info, patch, type TillContext } from './step.js';
import { initialTillState, type TillState } from './state.js';
import { onOfflineStatus } from './ticket-set.js';
import { TicketPricer } from './ticket-pricer.js';
import { TillTimers } from './timers.js';
import { keyMapOf } from '../core/shop/key-map.js';

export interface TillSessionOptions {
  locale?: Locale;
  printer: ReceiptPrinter;
  /** grid columns, set by the screen from the terminal width */
  gridColumns?: number;
  /** cells of one page of the grid (default 12, an 80x24 terminal), set by the screen: the till reads one page at a time */
  gridPageSize?: number;
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
  /** sends an order's queued e-mail now: after an automatic send, and from the back office (orders by e-mail) */
  deliverOrderMail?: DeliverOrderMail;
  /** how long a key's work may run before the screen shows where it stands (default 50 ms; see frame-gate.ts) */
  framePatienceMs?: number;
}

export class TillSession {
  private state: TillState;
  private listeners = new Set<() => void>();
  /** tells the listeners once a key's work is done, not at each of its steps */
  private readonly frames: FrameGate;
  private queue: Promise<void> = Promise.resolve();
  readonly t: Translate;
  readonly spooler: PrintSpooler;
  /** sends due automatic orders once a minute and says so in the status line */
  readonly autoSend: AutoSendTimer;
  private readonly runner: EffectRunner;
  private readonly timers: TillTimers;
  private readonly now: () => number;
  private readonly locale: Locale;
  /** keeps the ticket priced for its customer (promotions, price level, discount) */
  private readonly pricer: TicketPricer;
  gridColumns: number;
  private gridPageSize: number;
  /** live updates: when the last successful poll started (session clock) and the markers it saw */
  private live: { polledAt: number; markers: ChangeMarkers } | null = null;
  private polling = false;
  /** the offline switch: the runner's core is the server's, or the local one during an outage */
  private readonly offline: OfflineTill | null;

  constructor(private readonly serverCore: Core, private readonly options: TillSessionOptions) {
    this.offline = options.offline ?? null;
    this.frames = new FrameGate(() => {
      for (const l of this.listeners) l();
    }, options.framePatienceMs ?? 50);
    this.locale = options.locale ?? 'fr';
    this.t = translator(this.locale);
    this.now = options.now ?? Date.now;
    this.gridColumns = options.gridColumns ?? 3;
    this.gridPageSize = options.gridPageSize ?? 12;
    this.pricer = new TicketPricer((customerId, at) => this.runner.core.promotions.pricingFor(customerId, at), this.now);
    const offline = this.offline;
    const printQueue = offline ? new OfflinePrintStore(() => serverCore.printQueue, () => offline.status().offline) : serverCore.printQueue;
    this.spooler = new PrintSpooler(options.printer, printQueue, {
      retryMs: options.printRetryMs ?? 1000,
      // A sale's receipt job is written by the sale's transaction, on the server: rendered from the sale when it prints.
      render: (job) => this.runner.renderQueuedReceipt(serverCore, job),
    });
    this.spooler.onChange((printer) => this.set({ ...this.state, printer }));
    this.autoSend = new AutoSendTimer(
      // Orders go out from the server: an offline till skips the round.
      async () => {
        if (offline?.status().offline) return [];
        const sent = await serverCore.purchasing.autoSendDue(new Date(this.now()));
        // Their e-mails go now, beside the sale (no key waits on them); one that cannot go waits in the queue.
        const deliver = options.deliverOrderMail;
        if (deliver) for (const s of sent) void deliver(s.order.id).catch(() => undefined);
        return sent;
      },
      (references) => this.set(info(this.state, this.t('orders.autoSent', { refs: references.join(', ') }))),
    );
    this.runner = new EffectRunner({
      serverCore,
      deliverOrderMail: options.deliverOrderMail ?? null,
      offline,
      spooler: this.spooler,
      pricer: this.pricer,
      scale: options.scale ?? null,
      display: options.display ?? null,
      locale: this.locale,
      t: this.t,
      now: this.now,
      getState: () => this.state,
      gridPageSize: () => this.gridPageSize,
      later: (work) => {
        this.enqueue(async () => {
          for (const event of await work()) await this.dispatch(event);
        });
      },
    });
    this.timers = new TillTimers(
      this.spooler,
      this.autoSend,
      { poll: () => void this.pollChanges(), probe: () => void this.reconnect(), copyCatalogue: () => void this.refreshOfflineCache() },
      options.offlineProbeMs ?? 5000,
    );
    this.state = initialTillState({
      ticket: serverCore.tickets.create(),
      tillId: serverCore.tillId,
      printerDescription: options.printer.description,
      databaseDescription: options.databaseDescription,
      scannerDescription: options.scanner?.description ?? null,
      scaleDescription: options.scale?.description ?? null,
      offline: offline ? offline.status() : null,
    });
    offline?.onChange((status) => this.offlineChanged(status));
  }

  // --- subscription (for React's useSyncExternalStore) ---------------------

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): TillState => this.state;

  private set(next: TillState): void {
    if (next === this.state) return;
    this.state = next;
    this.frames.changed();
  }

  private get ctx(): TillContext {
    return {
      t: this.t,
      locale: this.locale,
      tillId: this.serverCore.tillId,
      hasScale: Boolean(this.options.scale),
      gridColumns: this.gridColumns,
    };
  }

  /** the back office opened from the till (F10), while it is open */
  get backOffice(): BackOfficeSession | null {
    return this.runner.backOffice;
  }

  get displayError(): string | null {
    return this.runner.displayError;
  }

  /** Resolves when every key received so far has been handled (a line's save may still follow its paint: see saved()). */
  idle(): Promise<void> {
    return this.queue;
  }

  /** Resolves when every key received so far has been handled and the open ticket saved. */
  async saved(): Promise<void> {
    await this.queue;
    await this.runner.flush();
  }

  /** Resolves when the customer display is up to date (tests). */
  displayIdle(): Promise<void> {
    return this.runner.displayIdle();
  }

  /** The screen's grid holds another number of cells (a resized terminal): the page on screen is read again at that size. */
  setGridPageSize(cells: number): void {
    if (cells === this.gridPageSize) return;
    this.gridPageSize = cells;
    // Read even before login: the grid was read at start with the size known then.
    if (this.state.categories.length > 0) void this.enqueue(async () => {
      for (const event of await this.runner.run({ kind: 'refreshGrid' })) await this.dispatch(event);
    });
  }

  private enqueue(work: () => Promise<void>): Promise<void> {
    this.queue = this.queue.then(() => this.frames.around(work)).catch((err: unknown) => this.handleError(err));
    return this.queue;
  }

  /** One event through the reducers; the effects they ask for run in order, each answer reduced before the next effect. */
  private async dispatch(event: TillEvent): Promise<void> {
    const { state, effects } = reduce(this.state, event, this.ctx);
    this.set(state);
    for (const effect of effects) {
      for (const result of await this.runner.run(effect)) await this.dispatch(result);
    }
  }

  // --- start and close --------------------------------------------------------

  async start(): Promise<void> {
    const core = this.runner.core;
    const settings = await core.settings.all();
    // Taken before the first read of the grid, so the first poll covers what changes meanwhile.
    this.live = { polledAt: this.now(), markers: await core.catalog.changeMarkers() };
    const till = await core.tills.ensure(core.tillId);
    const categories = await core.categories.visible();
    this.set(patch(this.state, { settings, shopName: settings['shop.name'], tillName: till.name, tenders: settings.tenders, categories, keys: keyMapOf(settings) }));
    for (const event of await this.runner.run({ kind: 'loadCategory', index: 0 })) await this.dispatch(event);
    // Receipts a printer fault (or a kill) left in the queue print as soon as it answers.
    this.spooler.drawerOpenLevel = settings['drawer.openLevel'];
    await this.spooler.start();
    // A drawer a cash sale still owes (printer down, or the till died before the kick) waits for its key.
    this.set(patch(this.state, { drawerOwed: await core.drawerKicks.owed() }));
    this.timers.start({
      statusPollMs: this.options.statusPollMs ?? 10_000,
      autoSendPollMs: settings['orders.autoSend'] ? this.options.autoSendPollMs ?? 60_000 : null,
      livePollMs: this.options.livePollMs ?? Math.round(Number(settings['live.pollSeconds']) * 1000),
      offlineCacheMs: this.offline ? this.options.offlineCacheMs ?? 15 * 60_000 : null,
    });
    if (this.offline?.status().offline) this.timers.startProbe();
    const { scanner, scale } = this.options;
    if (scanner) {
      scanner.onState((s) => this.set(patch(this.state, { scanner: s })));
      scanner.onScan((code) => this.scan(code));
      scanner.start();
    }
    if (scale) {
      scale.onState((s) => this.set(patch(this.state, { scale: s })));
      scale.start();
    }
    const restored = await core.tickets.restore();
    if (restored) {
      const message = restored.lines.length > 0 ? { kind: 'info' as const, text: this.t('sale.restored') } : undefined;
      for (const event of await this.runner.run({ kind: 'setTicket', ticket: restored, save: false, audit: [], after: { message } })) await this.dispatch(event);
    }
  }

  /**
   * The till is closing: lets the keys already received finish, then stops
   * every timer (timers.ts) and waits for the customer display. The scanner
   * and the display belong to whoever opened them.
   */
  async close(): Promise<void> {
    await this.idle();
    await this.runner.flush();
    this.timers.stop();
    await this.displayIdle();
  }

  // --- input ----------------------------------------------------------------

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
          this.enqueue(() => this.scanCarriedOver(code));
          i += 1;
          continue;
        }
      }
      this.enqueue(() => this.dispatch(event));
    }
    return this.queue;
  }

  /** A code from a serial scanner: it goes to whatever has the focus, in line with the keys typed before it. */
  scan(code: string): Promise<void> {
    return this.enqueue(() => this.scanCarriedOver(code));
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
      await this.dispatch({ type: 'scan', code });
    } catch (err) {
      const offline = this.offline;
      if (!offline || offline.status().offline || !isConnectionLost(err)) throw err;
      if (this.state.ticket !== ticket || this.state.screen !== screen) throw err;
      offline.goOffline();
      await this.runner.core.tickets.save(this.state.ticket, this.state.employee?.id ?? null).catch(() => undefined);
      this.set(patch(info(this.state, this.t('offline.scanCarried')), { input }));
      await this.dispatch({ type: 'scan', code });
    }
  }

  private async handleError(err: unknown): Promise<void> {
    if (err instanceof PosError) return this.set(fail(this.state, err.message));
    if (this.offline && isConnectionLost(err)) {
      // The server went away mid-action: the till goes on locally; the ticket on screen is kept (and saved there).
      this.offline.goOffline();
      await this.runner.core.tickets.save(this.state.ticket, this.state.employee?.id ?? null).catch(() => undefined);
      return this.set(fail(this.state, this.t('offline.switched')));
    }
    // Never a raw driver message (« value too long for type… »): told in the user's words.
    this.set(fail(patch(this.state, { database: { ...this.state.database, ok: false } }), errorMessageForScreen(err)));
  }

  // --- changes made elsewhere --------------------------------------------------

  /**
   * Re-reads the category tabs and the grid (prices, names, order) changed
   * elsewhere — the back office of another terminal, `pos articles set`.
   * Queued like a key, and only on the sale screen, so it never races a sale.
   */
  refreshCatalog(): Promise<void> {
    return this.enqueue(async () => {
      if (this.state.screen !== 'sale') return;
      for (const event of await this.runner.run({ kind: 'reloadCatalog' })) await this.dispatch(event);
    });
  }

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
      const core = this.runner.core;
      const startedAt = this.now();
      const changed = await core.catalog.changedSince(new Date(live.polledAt - LIVE_OVERLAP_MS), LIVE_PATCH_LIMIT);
      const markers = await core.catalog.changeMarkers();
      const work = this.queue.then(async () => {
        if (markers.pricing !== live.markers.pricing) this.pricer.invalidate();
        if (markers.catalog !== live.markers.catalog || changed.length >= LIVE_PATCH_LIMIT) {
          for (const event of await this.runner.run({ kind: 'reloadCatalog' })) await this.dispatch(event);
        } else if (changed.length > 0) {
          const applied = applyArticleChanges(this.state, changed);
          this.set(applied.state);
          if (applied.rereadGrid) for (const event of await this.runner.run({ kind: 'refreshGrid' })) await this.dispatch(event);
        }
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

  // --- selling through an outage ---------------------------------------------

  private offlineChanged(status: OfflineStatus): void {
    const wasOffline = this.state.offline?.offline ?? false;
    this.set(onOfflineStatus(this.state, status, this.ctx));
    if (status.offline && !wasOffline) this.timers.startProbe();
    if (!status.offline && wasOffline) {
      this.timers.stopProbe();
      // Prices and stock come from the server again, and the offline file catches up with them.
      this.enqueue(async () => {
        for (const event of await this.runner.run({ kind: 'refreshGrid' })) await this.dispatch(event);
        // Receipts the cut left in the server's print queue print now (in the background: keys never wait for the printer).
        void this.spooler.start();
        await this.refreshOfflineCache();
      });
    }
  }

  /**
   * Copies the catalogue (prices, articles, staff, settings) into the offline
   * file, so an outage sells at today's prices. Online only; a failure is
   * said on the status line (see onOfflineStatus) and the next round tries again.
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
    return this.enqueue(async () => {
      await offline.probe();
    });
  }
}
