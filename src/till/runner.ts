// Performs the effects the reducers ask for, against the core (the server's,
// or the local one during an outage) and the devices, and answers with result
// events. The only place of the till that awaits anything.
import { accountPaymentReceipt } from '../core/customers/account-receipt.js';
import { OverLimitError } from '../core/customers/accounts.service.js';
import { customerName } from '../core/customers/customer-name.js';
import type { LoyaltyStatus } from '../core/customers/loyalty.service.js';
import { pruneReward } from '../core/customers/loyalty.js';
import { ValidationError } from '../core/basics/errors.js';
import { PAYMENT_LABELS } from '../core/sales/payment.js';
import { receiptDocument } from '../core/sales/receipt.js';
import type { Sale } from '../core/sales/sales.service.js';
import { computeTotals, type Ticket } from '../core/sales/ticket.js';
import type { Core } from '../core/shop/core.service.js';
import type { OfflineTill } from '../core/shop/offline-till.service.js';
import { displayLine, type CustomerDisplay } from '../drivers/customer-display.js';
import { encodeReceipt } from '../drivers/escpos.js';
import type { PrintSpooler, QueuedJob } from '../drivers/print-spooler.js';
import type { Scale } from '../drivers/scale.js';
import { BackOfficeSession } from '../screens/backoffice/backoffice-session.js';
import type { DeliverOrderMail } from '../screens/backoffice/orders-screen.js';
import { clampCursor } from '../screens/list-cursor.js';
import type { Locale } from '../core/basics/money.js';
import type { Translate } from '../screens/i18n.js';
import { HISTORY_PAGE } from './customer.js';
import type { AfterTicket, DisplayText, Effect, ResultEvent } from './effects.js';
import type { TillEvent } from './reduce.js';
import { weighOnScale } from './scale-weighing.js';
import type { TillState } from './state.js';
import type { TicketPricer } from './ticket-pricer.js';

export interface RunnerDeps {
  serverCore: Core;
  /** sends an order's queued e-mail now (the back office's Ctrl+S); null: it waits for pos serve or cron */
  deliverOrderMail: DeliverOrderMail | null;
  offline: OfflineTill | null;
  spooler: PrintSpooler;
  pricer: TicketPricer;
  scale: Scale | null;
  display: CustomerDisplay | null;
  locale: Locale;
  t: Translate;
  getState: () => TillState;
  /** the cells of one page of the grid on screen (columns × rows, from the terminal size) */
  gridPageSize: () => number;
  /** runs `work` after the keys already queued, and feeds its events to the reducers (a drawer's answer) */
  later: (work: () => Promise<TillEvent[]>) => void;
  now: () => number;
}

/**
 * Effects that only read: they need not wait for the open ticket's save in
 * flight (a scan's lookup runs while the previous line is being saved).
 */
const READS_ONLY: ReadonlySet<Effect['kind']> = new Set<Effect['kind']>([
  'searchArticles', 'loadCategory', 'loadGridPage', 'refreshGrid', 'reloadCatalog', 'lookUp', 'weigh', 'searchCustomers', 'customerByCode',
  'permission', 'display', 'rewardArticle', 'voucher', 'accountLimit', 'history', 'lastSaleOf', 'copySale', 'openReceipt',
  'lastSaleOfTill', 'listParked',
]);

export class EffectRunner {
  /** the open ticket's save that follows the paint of a plain line change */
  private saving: Promise<void> = Promise.resolve();
  /** the attached customer's stored card, read once per customer and after each sale */
  private loyaltyCache: { customerId: number; status: LoyaltyStatus | null } | null = null;
  /** customer display updates, in order, never awaited by the sale */
  private displayChain: Promise<void> = Promise.resolve();
  displayError: string | null = null;
  /** the back office opened from the till (F10), while it is open */
  backOffice: BackOfficeSession | null = null;

  constructor(private readonly deps: RunnerDeps) {}

  /** The core the till works on: the server's, or the local offline one during an outage. */
  get core(): Core {
    return this.deps.offline ? this.deps.offline.current : this.deps.serverCore;
  }

  private get state(): TillState {
    return this.deps.getState();
  }

  async run(effect: Effect): Promise<TillEvent[]> {
    // Whatever writes, or reads the open ticket back, comes after the save in flight.
    if (!READS_ONLY.has(effect.kind)) await this.flush();
    const core = this.core;
    switch (effect.kind) {
      case 'checkPin': {
        // A login is checked and recorded in one go (pins.signIn); a clock-in or an approval only checks.
        const result = effect.purpose === 'login' ? await core.pins.signIn(effect.pin, 'till') : await core.pins.check(effect.pin, `till:${effect.purpose}`);
        if (!result.ok) {
          const locked = result.reason === 'locked' ? { until: this.deps.now() + result.lockedMs, seconds: Math.ceil(result.lockedMs / 1000) } : null;
          const notAssigned = result.reason === 'not-assigned' ? { name: result.employee.name, shop: result.shopName } : undefined;
          return [{ type: 'pinChecked', purpose: effect.purpose, outcome: { ok: false, locked, notAssigned } }];
        }
        return [{ type: 'pinChecked', purpose: effect.purpose, outcome: { ok: true, employee: result.employee } }];
      }
      case 'clock':
        return [{ type: 'clocked', employee: effect.employee, direction: effect.direction, result: await core.timeClock.clockAtLogin(effect.employee, effect.direction) }];
      case 'logout':
        await core.audit.record({ kind: 'logout', employeeId: effect.employee.id });
        return [{ type: 'loggedOut' }];
      case 'permission': {
        const least = (await core.permissions.table())[effect.action];
        return [{ type: 'permission', least, label: effect.label, act: effect.act }];
      }
      case 'setTicket':
        return [await this.setTicket(effect.ticket, effect.save ? effect.audit : null, effect.after)];
      case 'newTicket':
        if (effect.discard) await core.tickets.discard(effect.discard, effect.audit);
        return [await this.setTicket(core.tickets.create(), null, effect.after)];
      case 'park':
        await core.tickets.park(effect.ticket, this.state.employee?.id ?? null, effect.label);
        return [await this.setTicket(core.tickets.create(), null, effect.after)];
      case 'listParked':
        return [{ type: 'parkedList', parked: await core.tickets.listParked() }];
      case 'resume': {
        await core.tickets.discard(effect.current);
        return [await this.setTicket(await core.tickets.resume(effect.parkedId), null, effect.after)];
      }
      case 'rewardArticle':
        return [{ type: 'rewardArticle', article: effect.articleId !== null ? await core.catalog.getArticle(effect.articleId) : null }];
      case 'searchArticles':
        return [{ type: 'articlesFound', input: effect.input, query: effect.query, results: await core.catalog.search(effect.query, 30) }];
      case 'loadCategory': {
        const category = this.state.categories[effect.index];
        return [await this.gridPage(effect.index, 0)];
      }
      case 'refreshGrid':
        return this.refreshGrid();
      case 'loadGridPage':
        // Turning a page: the count held is kept (a live change or a sale re-reads it through refreshGrid).
        return [await this.gridPage(effect.index, effect.cursor, this.state.gridCount)];
      case 'reloadCatalog':
        return [{ type: 'categories', categories: await core.categories.visible() }, ...(await this.refreshGrid())];
      case 'lookUp': {
        const { entry } = effect;
        const found = await core.catalog.lookup(entry.code, this.state.settings?.['barcode.embeddedLayouts'] ?? []);
        // Not an article: maybe a loyalty card.
        const customer = !found && !entry.quantityText && !entry.isReturn ? await core.customers.byCode(entry.code) : null;
        return [{ type: 'lookedUp', entry, found, customer }];
      }
      case 'weigh':
        return [{ type: 'weighed', line: effect.line, clearSearch: effect.clearSearch, result: await weighOnScale(this.deps.scale!, effect.line.article, this.deps.t) }];
      case 'searchCustomers':
        return [{ type: 'customersFound', query: effect.query, results: await core.customers.search(effect.query, 30) }];
      case 'customerByCode':
        return [{ type: 'customerByCode', code: effect.code, customer: await core.customers.byCode(effect.code) }];
      case 'createCustomer': {
        const { firstName, lastName, phone, marketingConsent, employee } = effect;
        const actor = { employeeId: employee.id, tillId: core.tillId };
        return [{ type: 'customerCreated', customer: await core.customers.create({ code: await core.customers.newCardCode(), firstName, lastName, phone, marketingConsent }, actor) }];
      }
      case 'history': {
        const sales = await core.history.sales(effect.customerId, { limit: HISTORY_PAGE, offset: effect.offset });
        return [{ type: 'historyPage', sales, offset: effect.offset, wanted: effect.wanted, more: sales.length === HISTORY_PAGE }];
      }
      case 'lastSaleOf':
        return [{ type: 'lastSaleOf', customer: effect.customer, sale: await core.history.lastSale(effect.customer.id) }];
      case 'copySale':
        return [{ type: 'saleArticles', sale: effect.sale, articles: await core.history.currentArticles(effect.sale.lines) }];
      case 'accountPayment':
        return this.receiveAccountPayment(effect);
      case 'openReceipt':
        return [{ type: 'receiptOpened', receipt: await core.receiptReturns.open(effect.ref) }];
      case 'voucher':
        return [{ type: 'voucher', voucher: await core.vouchers.get(effect.code) }];
      case 'accountLimit':
        return [{ type: 'accountLimit', amount: effect.amount, over: await core.accounts.overLimitBy(effect.customerId, effect.amount) }];
      case 'completeSale':
        return this.completeSale(effect);
      case 'printSale':
        return this.printSale(effect.sale, effect.drawerKick, effect.dutiesWritten);
      case 'noSale': {
        await core.drawerKicks.noSale({ employeeId: effect.employeeId, approverId: effect.approverId });
        const error = await this.deps.spooler.openDrawer();
        if (error) return [{ type: 'drawer', outcome: { kind: 'failed', error: error.message } }];
        // Any opening of the drawer lets the cashier at it: kicks still owed are settled.
        const owed = this.state.drawerOwed !== null;
        if (owed) await core.drawerKicks.openedOtherwise();
        return [{ type: 'drawer', outcome: { kind: 'opened', owedSettled: owed } }];
      }
      case 'openOwedDrawer': {
        const owed = effect.owed ?? (await core.drawerKicks.owed());
        if (!owed) return [{ type: 'drawer', outcome: { kind: 'nothingOwed' } }];
        const error = await this.deps.spooler.openDrawer();
        if (error) return [{ type: 'drawer', outcome: { kind: 'failed', error: error.message } }];
        // Settled once and audited; false only when another opening settled it meanwhile (the drawer is open all the same).
        await core.drawerKicks.openedByKey(owed.saleId, effect.employeeId);
        return [{ type: 'drawer', outcome: { kind: 'owedOpened', saleNumber: owed.saleNumber } }];
      }
      case 'lastSaleOfTill': {
        const [last] = await core.sales.list({ limit: 1, tillId: core.tillId });
        return [{ type: 'lastSaleOfTill', sale: last ? { id: last.id, number: last.number } : null }];
      }
      case 'reprint':
        return this.reprint(effect);
      case 'display':
        this.display(effect.lines);
        return [];
      case 'openBackOffice':
        this.openBackOffice(effect.manager);
        return [{ type: 'backOfficeOpened' }];
      case 'backOffice':
        return this.backOfficeKey(effect.event);
      case 'followShifts':
        void this.deps.offline?.followShifts();
        return [];
    }
  }

  /**
   * Makes `unpriced` the current ticket. Every change (a line, a quantity, the
   * customer) reprices the whole ticket: a third unit can complete a "3 pour
   * 2", a customer brings their prices; a reward whose free article was voided
   * is taken off. It is saved (with the audit events of the change, in one
   * transaction) before it is shown: what the cashier sees has already
   * survived a crash or a power cut. `audit` null: not saved (a new ticket).
   */
  private async setTicket(unpriced: Ticket, audit: Parameters<Core['tickets']['save']>[2] | null, after: AfterTicket): Promise<ResultEvent> {
    const core = this.core;
    const ticket = pruneReward(await this.deps.pricer.price(unpriced));
    const totals = computeTotals(ticket);
    const employeeId = this.state.employee?.id ?? null;
    // An audited change is saved with its events before it is shown. A plain line change is painted first
    // and saved right after (one small row): the next write waits for that save, and a save that fails is
    // said like any fault (the till may go offline and save it there).
    if (audit && audit.length > 0) await core.tickets.save(ticket, employeeId, audit);
    else if (audit) this.saving = core.tickets.save(ticket, employeeId).catch((err: unknown) => this.deps.later(() => Promise.reject(err)));
    const previous = this.state;
    const customerChanged = (previous.customer?.customer.id ?? null) !== ticket.customerId;
    const customer = customerChanged ? await this.loadCustomer(ticket.customerId) : previous.customer;
    const account = customerChanged ? (ticket.customerId === null ? null : await core.accounts.summary(ticket.customerId)) : previous.account;
    return { type: 'ticketSet', ticket, totals, customer, account, loyalty: await this.loyaltyStatusOf(ticket.customerId), after };
  }

  private async loadCustomer(id: number | null): Promise<TillState['customer']> {
    if (id === null) return null;
    const customer = await this.core.customers.get(id);
    if (!customer) return null;
    return { customer, group: (await this.core.customers.groupOf(customer))?.name ?? '' };
  }

  private async loyaltyStatusOf(customerId: number | null): Promise<LoyaltyStatus | null> {
    if (customerId === null) return null;
    if (this.loyaltyCache?.customerId !== customerId) this.loyaltyCache = { customerId, status: await this.core.loyalty.status(customerId) };
    return this.loyaltyCache.status;
  }

  /** The shown page read again (after a sale, a live change, the end of an outage), the cursor kept where it can be. */
  private async refreshGrid(): Promise<TillEvent[]> {
    const { categories, categoryIndex, gridCursor } = this.state;
    if (!categories[categoryIndex]) return [];
    return [await this.gridPage(categoryIndex, gridCursor)];
  }

  /** The page of a category's grid the cursor is on: only the cells the screen shows are read. */
  private async gridPage(index: number, cursor: number, knownCount?: number): Promise<TillEvent> {
    const category = this.state.categories[index];
    const size = Math.max(1, this.deps.gridPageSize());
    if (!category) return { type: 'categoryLoaded', index, articles: [], offset: 0, count: 0, cursor: 0 };
    let offset = Math.floor(cursor / size) * size;
    let page = await this.core.catalog.gridPage(category.id, offset, size, knownCount);
    const at = clampCursor(cursor, page.count);
    // The category shrank under the cursor: the page of the last article.
    if (at < offset && page.count > 0) {
      offset = Math.floor(at / size) * size;
      page = await this.core.catalog.gridPage(category.id, offset, size);
    }
    return { type: 'categoryLoaded', index, articles: page.articles, offset: page.count > 0 ? offset : 0, count: page.count, cursor: at };
  }

  /** The sale, durable first: with an offline file, a sale the server cannot take completes locally, in the outbox. */
  private async completeSale(effect: Extract<Effect, { kind: 'completeSale' }>): Promise<TillEvent[]> {
    const offline = this.deps.offline;
    const options = { accountOverrideBy: effect.accountOverrideBy };
    let sale: Sale;
    try {
      sale = offline
        ? await offline.complete(effect.ticket, effect.tenders, effect.employeeId, options)
        : await this.core.sales.complete(effect.ticket, effect.tenders, effect.employeeId, options);
    } catch (err) {
      // Another till charged the account meanwhile, or the tenders do not settle the sale: it is refused, nothing is written.
      if (err instanceof OverLimitError) return [{ type: 'saleRefused', message: err.message, over: err.over }];
      if (err instanceof ValidationError) return [{ type: 'saleRefused', message: err.message, over: null }];
      throw err;
    }
    this.loyaltyCache = null; // the sale moved the customer's card
    return [{ type: 'saleCompleted', sale, dutiesWritten: !offline || !offline.status().offline }];
  }

  private async receiptBytes(sale: Sale, duplicate?: number, core: Core = this.core): Promise<Buffer> {
    const { input, printer } = await core.receipts.inputFor(sale, { duplicate, locale: this.deps.locale });
    return encodeReceipt(receiptDocument(input), printer);
  }

  /** A queued sale receipt (its job carries no bytes): the original, or the DUPLICATA the queue asks for. */
  async renderQueuedReceipt(core: Core, job: QueuedJob): Promise<Buffer> {
    const sale = job.saleId ? await core.sales.get(job.saleId) : null;
    if (!sale) throw new Error(`ticket à imprimer introuvable (vente ${job.saleId ?? '?'})`);
    return this.receiptBytes(sale, job.duplicate || undefined, core);
  }

  /**
   * After the sale is committed: the drawer (when cash moved) and the receipt.
   * Neither holds the till: the receipt waits in the persistent queue and the
   * status bar says what is wrong; a drawer that did not open stays owed.
   */
  private async printSale(sale: Sale, drawerKick: boolean, dutiesWritten: boolean): Promise<TillEvent[]> {
    if (drawerKick) {
      void this.deps.spooler.openDrawer().then((error) =>
        this.deps.later(async () => {
          if (!error && dutiesWritten) await this.core.drawerKicks.openedWithSale(sale.id);
          return [{ type: 'saleDrawer', sale: { id: sale.id, number: sale.number }, error: error?.message ?? null, recorded: dutiesWritten }];
        }),
      );
    }
    if (dutiesWritten) this.deps.spooler.wake();
    else await this.deps.spooler.submit('receipt', await this.receiptBytes(sale), sale.id);
    return [];
  }

  /** A DUPLICATA of the sale, numbered and audited. */
  private async reprint(effect: Extract<Effect, { kind: 'reprint' }>): Promise<TillEvent[]> {
    const core = this.core;
    const by = { employeeId: effect.employeeId, approverId: effect.approverId };
    if (core === this.deps.serverCore) {
      // Its number, its audit event and its job in one transaction; the spooler renders it from the sale.
      await core.printQueue.orderDuplicate(effect.saleId, by);
      this.deps.spooler.wake();
    } else {
      // Offline, receipts wait in memory (offline-print-store.ts): the copy is audited in the local file, then kept there.
      const duplicate = await core.printQueue.recordOfflineDuplicate(effect.saleId, by);
      const sale = (await core.sales.get(effect.saleId))!;
      await this.deps.spooler.submit('duplicate', await this.receiptBytes(sale, duplicate), effect.saleId);
    }
    return [{ type: 'reprinted', saleNumber: effect.saleNumber }];
  }

  /** Durable first, then the drawer and the slip, like a sale. */
  private async receiveAccountPayment(effect: Extract<Effect, { kind: 'accountPayment' }>): Promise<TillEvent[]> {
    const core = this.core;
    const { customer, employee, amount, method } = effect;
    const result = await core.accounts.receivePayment({ customerId: customer.id, amount, method, employeeId: employee.id, approverId: effect.approverId, tillId: core.tillId });
    if (method === 'cash') void this.deps.spooler.openDrawer();
    const settings = this.state.settings ?? (await core.settings.all());
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
    const account = await core.accounts.summary(customer.id);
    await this.deps.spooler.submit('receipt', await encodeReceipt(doc, { codePage: settings['receipt.codePage'], columns: settings['receipt.columns'] }));
    return [{ type: 'accountPaid', amount, balance: result.balance, account }];
  }

  /** Shows two lines on the customer display, if there is one; a fault is only reported. */
  private display(lines: [DisplayText, DisplayText]): void {
    const display = this.deps.display;
    if (!display) return;
    const [line1, line2] = lines.map((l) => (typeof l === 'string' ? l : displayLine(l[0], l[1]))) as [string, string];
    this.displayChain = this.displayChain
      .then(() => display.show(line1, line2))
      .then(() => {
        this.displayError = null;
      })
      .catch((err: unknown) => {
        this.displayError = err instanceof Error ? err.message : String(err);
      });
  }

  /** Resolves when the open ticket's last save is done (or has been reported as failed). */
  flush(): Promise<void> {
    return this.saving;
  }

  /** Resolves when the customer display is up to date (tests). */
  displayIdle(): Promise<void> {
    return this.displayChain;
  }

  /** The back office inside the till: a manager goes straight in, anyone else types a manager's PIN there. */
  private openBackOffice(manager: TillState['employee']): void {
    this.backOffice = new BackOfficeSession(this.core, manager, this.deps.locale);
    // A closing done there prints on this till's printer at once, through its spooler.
    this.backOffice.submitPrint = (kind, bytes) => this.deps.spooler.submit(kind, bytes);
    // An order sent there is e-mailed at once, as from `pos backoffice`.
    this.backOffice.deliverOrderMail = this.deps.deliverOrderMail;
  }

  private async backOfficeKey(event: Extract<Effect, { kind: 'backOffice' }>['event']): Promise<TillEvent[]> {
    const backOffice = this.backOffice;
    if (!backOffice) return [];
    await backOffice.feed([event]);
    if (!backOffice.getState().closed) return [];
    this.backOffice = null;
    return [{ type: 'backOfficeClosed', settings: await this.core.settings.all(), categories: await this.core.categories.visible() }];
  }
}
