// The back office's state machine (for `pos backoffice` on the back-room
// terminal, and F10 from the till): a keyboard menu of screens, the settings
// form and the read-only sales journal browser. Like the till session it takes
// decoded keys in order and publishes snapshots; the screens only draw them.
import { errorMessageForScreen } from '../../core/basics/db-errors.js';
import { isCalendarDate, isCalendarMonth } from '../../core/basics/calendar.js';
import type { Core } from '../../core/shop/core.service.js';
import type { TaxRate } from '../../core/catalogue/article.js';
import { PosError } from '../../core/basics/errors.js';
import type { PrintJobKind } from '../../core/sales/print-queue.service.js';
import type { Sale, SaleSummary } from '../../core/sales/sales.service.js';
import type { ShopSettings } from '../../core/shop/settings.service.js';
import { LIST_SEPARATOR, readTypedSetting, type TypedSetting } from '../../core/shop/setting-input.js';
import { mayDo, type GuardedAction } from '../../core/staff/permissions.js';
import type { Employee } from '../../core/staff/staff.js';
import { formatRate, parseRate } from '../../core/catalogue/vat.js';
import { translator, type MessageKey, type Translate } from '../i18n.js';
import type { KeyEvent } from '../keys.js';
import { listCursor } from '../list-cursor.js';
import { ArticlesScreen, type ArticlesState } from './articles-screen.js';
import { CategoriesScreen, type CategoriesState } from './categories-screen.js';
import { CustomersScreen, type CustomersState } from './customers-screen.js';
import { StockScreen, type StockState } from './stock-screen.js';
import { OrdersScreen, type DeliverOrderMail, type OrdersState } from './orders-screen.js';
import { StaffScreen, type StaffState } from './staff-screen.js';
import { ReportsScreen, type ReportsState } from './reports-screen.js';
import { ClosingsScreen, type ClosingsState } from './closings-screen.js';
import { PermissionsScreen, type PermissionsState } from './permissions-screen.js';
import { actorAllowed, notAllowedText } from './not-allowed.js';
import { LoyaltyScreen, type LoyaltyScreenState } from './loyalty-screen.js';
import { GroupsScreen, type GroupsState } from './groups-screen.js';
import { TransfersScreen, type TransfersState } from './transfers-screen.js';

export const MENU = ['articles', 'stock', 'customers', 'groups', 'loyalty', 'orders', 'transfers', 'staff', 'permissions', 'reports', 'closings', 'settings', 'journal'] as const;
export type MenuEntry = (typeof MENU)[number];

export const MENU_LABELS: Record<MenuEntry, { title: MessageKey; ready: boolean }> = {
  articles: { title: 'bo.articles', ready: true },
  stock: { title: 'bo.stock', ready: true },
  customers: { title: 'bo.customers', ready: true },
  groups: { title: 'bo.groups', ready: true },
  loyalty: { title: 'bo.loyalty', ready: true },
  orders: { title: 'bo.orders', ready: true },
  transfers: { title: 'bo.transfers', ready: true },
  staff: { title: 'bo.staff', ready: true },
  permissions: { title: 'bo.permissions', ready: true },
  reports: { title: 'bo.reports', ready: true },
  closings: { title: 'bo.closings', ready: true },
  settings: { title: 'bo.settings', ready: true },
  journal: { title: 'bo.journalMenu', ready: true },
};

/** The menu's screens the session opens and hands keys to the same way. */
type ScreenEntry = 'staff' | 'permissions' | 'reports' | 'closings' | 'loyalty' | 'groups' | 'transfers';

/** One editable line of the settings form. */
export interface SettingField {
  id: string;
  label: string;
  value: string;
}

export type View = 'login' | 'menu' | 'settings' | 'journal' | 'sale' | 'unavailable' | 'customers' | 'articles' | 'categories' | 'stock' | 'orders' | 'staff' | 'permissions' | 'reports' | 'closings' | 'loyalty' | 'groups' | 'transfers';

export interface BackOfficeState {
  view: View;
  employee: Employee | null;
  pin: string;
  menuIndex: number;
  fields: SettingField[];
  fieldIndex: number;
  /** the text being edited, when a field is open */
  editing: string | null;
  query: string;
  sales: SaleSummary[];
  saleIndex: number;
  sale: Sale | null;
  /** the customers screen, while it is open */
  customers: CustomersState | null;
  /** the articles screen, and its categories screen (F2), while open */
  articles: ArticlesState | null;
  categories: CategoriesState | null;
  /** the stock screens, while they are open */
  stock: StockState | null;
  /** the supplier orders screen, while it is open */
  orders: OrdersState | null;
  /** the staff, permissions, reports and closings screens, while open */
  staff: StaffState | null;
  permissions: PermissionsState | null;
  reports: ReportsState | null;
  closings: ClosingsState | null;
  /** the « Fidélité » and « Groupes de clients » screens, while open */
  loyalty: LoyaltyScreenState | null;
  groups: GroupsState | null;
  /** the « Transferts » screen (stock between shops), while open */
  transfers: TransfersState | null;
  message: { text: string; kind: 'info' | 'error' | 'success' } | null;
  /** active employees whose PIN is weak for their role (demo PINs, short manager PINs): the menu warns while any remain */
  weakPins: string[];
  /** the till asked to go back (when opened from the till) */
  closed: boolean;
}


export class BackOfficeSession {
  private state: BackOfficeState;
  private listeners = new Set<() => void>();
  private queue: Promise<void> = Promise.resolve();
  private holding = false; // no snapshot while a TextField's edit is applied (editField)
  private taxRates: TaxRate[] = [];

  readonly t: Translate;

  constructor(private readonly core: Core, employee: Employee | null = null, readonly locale: 'fr' | 'en' = 'fr') {
    this.t = translator(locale);
    this.state = {
      view: employee ? 'menu' : 'login',
      employee,
      pin: '',
      menuIndex: 0,
      fields: [],
      fieldIndex: 0,
      editing: null,
      query: '',
      sales: [],
      saleIndex: 0,
      sale: null,
      customers: null,
      articles: null,
      categories: null,
      stock: null,
      orders: null,
      staff: null,
      permissions: null,
      reports: null,
      closings: null,
      loyalty: null,
      groups: null,
      transfers: null,
      message: null,
      weakPins: [],
      closed: false,
    };
    if (employee) void this.checkWeakPins();
  }

  /** Reads which PINs are still weak, for the menu's warning. */
  private async checkWeakPins(): Promise<void> {
    this.set({ weakPins: (await this.core.staff.weakPins()).map((e) => e.name) });
  }

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  getState = (): BackOfficeState => this.state;

  private set(patch: Partial<BackOfficeState>): void {
    this.state = { ...this.state, ...patch };
    if (!this.holding) for (const l of this.listeners) l();
  }

  /** A TextField's change as keys (Backspaces, then text), drawn once applied: a half-done edit, drawn, moves the field's cursor. */
  editField(events: KeyEvent[]): Promise<void> {
    this.queue = this.queue.then(() => void (this.holding = true));
    void this.feed(events);
    return (this.queue = this.queue.finally(() => ((this.holding = false), this.set({}))));
  }

  idle(): Promise<void> {
    return this.queue;
  }

  feed(events: KeyEvent[]): Promise<void> {
    for (const event of events) {
      this.queue = this.queue
        .then(() => this.handle(event))
        .catch((err: unknown) => this.set({ message: { text: errorMessageForScreen(err), kind: 'error' } }));
    }
    return this.queue;
  }

  private async handle(event: KeyEvent): Promise<void> {
    switch (this.state.view) {
      case 'login':
        return this.handleLogin(event);
      case 'menu':
        return this.handleMenu(event);
      case 'settings':
        return this.handleSettings(event);
      case 'journal':
        return this.handleJournal(event);
      case 'customers':
        return this.handleCustomers(event);
      case 'articles':
        return this.handleArticles(event);
      case 'categories':
        return this.handleCategories(event);
      case 'stock':
        return this.handleStock(event);
      case 'orders':
        return this.handleOrders(event);
      case 'staff': case 'permissions': case 'reports': case 'closings': case 'loyalty': case 'groups': case 'transfers':
        return this.handleScreen(this.state.view, event);
      case 'sale': case 'unavailable':
        if (event.type === 'key' && (event.name === 'escape' || event.name === 'enter')) {
          this.set({ view: this.state.view === 'sale' ? 'journal' : 'menu', sale: null, message: null });
        }
        return;
    }
  }

  /** The back office asks for a manager's PIN: settings and the journal are theirs. */
  private async handleLogin(event: KeyEvent): Promise<void> {
    if (event.type === 'text') {
      this.set({ pin: (this.state.pin + event.text.replace(/\D/g, '')).slice(0, 8), message: null });
      return;
    }
    if (event.type === 'key' && event.name === 'backspace') this.set({ pin: this.state.pin.slice(0, -1) });
    else if (event.type === 'key' && event.name === 'escape') this.set({ closed: true });
    else if (event.type === 'key' && event.name === 'enter') {
      const pin = this.state.pin;
      this.set({ pin: '' });
      // Through the till's lockout: wrong PINs here count with the till's and the CLI's, and are audited.
      // The login is audited by the core in the same transaction that resets the wrong-PIN count.
      const result = await this.core.pins.signIn(pin, 'backoffice');
      if (!result.ok) {
        const text =
          result.reason === 'not-allowed' ? this.t('bo.managersOnly')
          : result.reason === 'not-assigned' ? this.t('login.notAssigned', { name: result.employee.name, shop: result.shopName })
          : result.reason === 'locked' ? this.t('login.locked', { s: Math.ceil(result.lockedMs / 1000) })
          : this.t('login.wrong');
        this.set({ message: { text, kind: 'error' } });
        return;
      }
      const employee = result.employee;
      this.set({ employee, view: 'menu', message: null });
      await this.checkWeakPins();
    }
  }

  private async handleMenu(event: KeyEvent): Promise<void> {
    if (event.type !== 'key') return;
    const n = MENU.length;
    if (event.name === 'up') this.set({ menuIndex: (this.state.menuIndex - 1 + n) % n });
    else if (event.name === 'down') this.set({ menuIndex: (this.state.menuIndex + 1) % n });
    else if (event.name === 'escape') this.set({ closed: true });
    else if (event.name === 'enter') {
      const entry = MENU[this.state.menuIndex]!;
      if ((entry === 'settings' || entry === 'articles') && !(await this.allowed(entry === 'settings' ? 'settings' : 'edit_articles'))) return;
      if (entry === 'settings') await this.openSettings();
      else if (entry === 'journal') await this.openJournal();
      else if (entry === 'customers') await this.openCustomers();
      else if (entry === 'articles') await this.openArticles();
      else if (entry === 'stock') this.openStock();
      else if (entry === 'orders') await this.openOrders();
      else if (entry === 'staff' || entry === 'permissions' || entry === 'reports' || entry === 'closings' || entry === 'loyalty' || entry === 'groups' || entry === 'transfers') await this.openScreen(entry);
      else this.set({ view: 'unavailable' });
    }
  }

  /** The permission table decides who opens the articles and the settings; a refusal names the role needed. */
  private async allowed(action: GuardedAction): Promise<boolean> {
    const employee = this.state.employee;
    const table = await this.core.permissions.table();
    if (employee && mayDo(employee.role, action, table)) return true;
    this.set({ message: { text: notAllowedText(this.t, action, table), kind: 'error' } });
    return false;
  }

  // --- settings -----------------------------------------------------------------

  private async openSettings(): Promise<void> {
    const settings = await this.core.settings.all();
    this.taxRates = await this.core.taxRates.list();
    this.set({ view: 'settings', fields: this.fieldsOf(settings), fieldIndex: 0, editing: null, message: null });
  }

  private fieldsOf(s: ShopSettings): SettingField[] {
    return [
      { id: 'shop.name', label: this.t('bo.f.shopName'), value: s['shop.name'] },
      { id: 'shop.address', label: this.t('bo.f.address'), value: s['shop.address'].join(LIST_SEPARATOR) },
      { id: 'receipt.header', label: this.t('bo.f.header'), value: s['receipt.header'].join(LIST_SEPARATOR) },
      { id: 'receipt.footer', label: this.t('bo.f.footer'), value: s['receipt.footer'].join(LIST_SEPARATOR) },
      { id: 'tenders', label: this.t('bo.f.tenders'), value: s.tenders.join(', ') },
      ...this.taxRates.map((r) => ({ id: `tax:${r.id}`, label: `${this.t('bo.f.vat')} ${r.code} (${r.label})`, value: formatRate(r.rateBp, this.locale) })),
      { id: 'drawer.openLevel', label: this.t('bo.f.drawerOpenLevel'), value: s['drawer.openLevel'] },
      { id: 'pin.minDigitsManager', label: this.t('bo.f.pinMinDigits'), value: String(s['pin.minDigitsManager']) },
      { id: 'till.keys', label: this.t('bo.f.tillKeys'), value: s['till.keys'] },
      { id: 'till.tenderKeys', label: this.t('bo.f.tenderKeys'), value: s['till.tenderKeys'] },
      { id: 'live.pollSeconds', label: this.t('bo.f.livePoll'), value: String(s['live.pollSeconds']) },
    ];
  }

  private async handleSettings(event: KeyEvent): Promise<void> {
    const { editing, fields, fieldIndex } = this.state;
    if (editing !== null) {
      if (event.type === 'text') this.set({ editing: editing + event.text });
      else if (event.type === 'key' && event.name === 'backspace') this.set({ editing: editing.slice(0, -1) });
      else if (event.type === 'key' && event.name === 'escape') this.set({ editing: null, message: null });
      else if (event.type === 'key' && event.name === 'enter') await this.saveField(fields[fieldIndex]!, editing);
      return;
    }
    if (event.type !== 'key') return;
    const moved = listCursor(event.name, fieldIndex, fields.length);
    if (moved !== null) this.set({ fieldIndex: moved });
    else if (event.name === 'enter') this.set({ editing: fields[fieldIndex]!.value, message: null });
    else if (event.name === 'escape') this.set({ view: 'menu', message: null });
  }

  /** Validates and saves one field; bad input gets a message and changes nothing. */
  private async saveField(field: SettingField, text: string): Promise<void> {
    const employeeId = this.state.employee?.id ?? null;
    if (field.id.startsWith('tax:')) {
      const bp = parseRate(text);
      if (bp === null) throw new PosError(`Taux illisible : « ${text} » (ex. 5,5)`);
      // a VAT rate lives in the catalogue, not the settings: the catalogue audits it, in the change's transaction
      await this.core.taxRates.change(Number(field.id.slice(4)), { rateBp: bp }, await actorAllowed(this.core, this.state.employee, 'settings', this.locale));
    } else {
      // What the text stands for is the core's rule (setting-input.ts); the service checks what it stores.
      const typed = readTypedSetting(field.id as TypedSetting['key'], text);
      await this.core.settings.set(typed.key, typed.value as never, { employeeId });
    }
    const settings = await this.core.settings.all();
    this.taxRates = await this.core.taxRates.list();
    this.set({ fields: this.fieldsOf(settings), editing: null, message: { text: this.t('bo.saved', { label: field.label }), kind: 'success' } });
  }

  // --- journal ------------------------------------------------------------------

  private async openJournal(): Promise<void> {
    const sales = await this.core.sales.list({ limit: 200 });
    this.set({ view: 'journal', sales, saleIndex: 0, query: '', message: null });
  }

  private async handleJournal(event: KeyEvent): Promise<void> {
    const { sales, saleIndex, query } = this.state;
    if (event.type === 'text') return this.search(query + event.text);
    if (event.type !== 'key') return;
    if (event.name === 'backspace') return this.search(query.slice(0, -1));
    const moved = listCursor(event.name, saleIndex, sales.length);
    if (moved !== null) this.set({ saleIndex: moved });
    else if (event.name === 'escape') {
      if (query) return this.search('');
      this.set({ view: 'menu', message: null });
    } else if (event.name === 'enter') {
      const chosen = sales[saleIndex];
      if (chosen) this.set({ view: 'sale', sale: await this.core.sales.get(chosen.id) });
    }
  }

  private async search(query: string): Promise<void> {
    this.set({ query });
    const sales = await this.core.sales.list({ query, limit: 200 });
    if (this.state.query === query) {
      // A whole date that is not in the calendar (2026-02-30) is said, not searched.
      const impossible = /^\d{4}-\d{2}(-\d{2})?$/.test(query) && !isCalendarDate(query) && !isCalendarMonth(query);
      const known = !impossible && (query === '' || /^\d{1,9}$/.test(query) || /^\d{4}-\d{2}(-\d{2})?$/.test(query) || /^\d{4}-?\d{0,2}-?\d{0,2}$/.test(query));
      this.set({
        sales,
        saleIndex: 0,
        message: impossible ? { text: this.t('bo.noSuchDate', { date: query }), kind: 'error' } : known ? null : { text: this.t('bo.searchHelp'), kind: 'info' },
      });
    }
  }

  // --- customers ------------------------------------------------------------------

  private customersScreen: CustomersScreen | null = null;

  private async openCustomers(): Promise<void> {
    this.customersScreen = new CustomersScreen(this.core, this.locale, (customers) => this.set({ customers }));
    this.customersScreen.employee = this.state.employee;
    this.set({ view: 'customers', message: null });
    await this.customersScreen.open();
  }

  private async handleCustomers(event: KeyEvent): Promise<void> {
    const outcome = await this.customersScreen!.handle(event);
    if (outcome.close) {
      this.customersScreen = null;
      this.set({ view: 'menu', customers: null, message: null });
    } else if (outcome.message !== undefined) this.set({ message: outcome.message });
  }

  // --- articles and categories ---------------------------------------------------

  private articlesScreen: ArticlesScreen | null = null;
  private categoriesScreen: CategoriesScreen | null = null;

  private async openArticles(): Promise<void> {
    this.articlesScreen = new ArticlesScreen(this.core, this.locale, this.state.employee?.id ?? null, (articles) => this.set({ articles }));
    this.set({ view: 'articles', message: null });
    await this.articlesScreen.open();
  }

  private async handleArticles(event: KeyEvent): Promise<void> {
    const outcome = await this.articlesScreen!.handle(event);
    if (outcome.close) {
      this.articlesScreen = null;
      this.set({ view: 'menu', articles: null, message: null });
    } else if (outcome.openCategories) {
      this.categoriesScreen = new CategoriesScreen(this.core, this.locale, (categories) => this.set({ categories }));
      this.set({ view: 'categories', message: null });
      await this.categoriesScreen.open();
    } else if (outcome.message !== undefined) this.set({ message: outcome.message });
  }

  /** Esc from the categories goes back to the articles, whose category filter follows the changes. */
  private async handleCategories(event: KeyEvent): Promise<void> {
    const outcome = await this.categoriesScreen!.handle(event);
    if (outcome.close) {
      this.categoriesScreen = null;
      this.set({ view: 'articles', categories: null, message: null });
      await this.articlesScreen!.open();
    } else if (outcome.message !== undefined) this.set({ message: outcome.message });
  }

  // --- stock ----------------------------------------------------------------------

  private stockScreen: StockScreen | null = null;

  private openStock(): void {
    this.stockScreen = new StockScreen(this.core, this.state.employee, this.locale, (stock) => this.set({ stock }));
    this.set({ view: 'stock', stock: this.stockScreen.state, message: null });
  }

  private async handleStock(event: KeyEvent): Promise<void> {
    const outcome = await this.stockScreen!.handle(event);
    if (outcome.close) {
      this.stockScreen = null;
      this.set({ view: 'menu', stock: null, message: null });
    } else if (outcome.message !== undefined) this.set({ message: outcome.message });
  }

  // --- supplier orders ------------------------------------------------------------

  private ordersScreen: OrdersScreen | null = null;
  /** sends a sent order's e-mail at once (set by `pos backoffice` when e-mail is set up); without it the mail waits for the next run */
  deliverOrderMail: DeliverOrderMail | null = null;

  private async openOrders(): Promise<void> {
    this.ordersScreen = new OrdersScreen(this.core, this.locale, (orders) => this.set({ orders }));
    this.ordersScreen.deliverMail = this.deliverOrderMail;
    this.ordersScreen.employeeId = this.state.employee?.id ?? null;
    this.ordersScreen.employee = this.state.employee;
    this.set({ view: 'orders', message: null });
    await this.ordersScreen.open();
  }

  private async handleOrders(event: KeyEvent): Promise<void> {
    const outcome = await this.ordersScreen!.handle(event);
    if (outcome.close) {
      this.ordersScreen = null;
      this.set({ view: 'menu', orders: null, message: null });
    } else if (outcome.message !== undefined) this.set({ message: outcome.message });
  }

  // --- staff, permissions, reports and closings ------------------------------------------------

  /**
   * How a closing is printed: the till (F10) gives its spooler; alone
   * (`pos backoffice`), the job waits in the print queue for the till.
   */
  submitPrint: ((kind: PrintJobKind, bytes: Buffer) => Promise<void>) | null = null;

  private screens: { staff: StaffScreen | null; permissions: PermissionsScreen | null; reports: ReportsScreen | null; closings: ClosingsScreen | null; loyalty: LoyaltyScreen | null; groups: GroupsScreen | null; transfers: TransfersScreen | null } = {
    staff: null,
    permissions: null,
    reports: null,
    closings: null,
    loyalty: null,
    groups: null,
    transfers: null,
  };

  private async openScreen(entry: ScreenEntry): Promise<void> {
    // The back office is a manager's (login or the till's manager): they approve what is done here.
    const employee = this.state.employee!;
    if (entry === 'staff') this.screens.staff = new StaffScreen(this.core, employee, this.locale, (staff) => this.set({ staff }));
    else if (entry === 'permissions') this.screens.permissions = new PermissionsScreen(this.core, employee, this.t, (permissions) => this.set({ permissions }));
    else if (entry === 'reports') this.screens.reports = new ReportsScreen(this.core, this.locale, (reports) => this.set({ reports }));
    else if (entry === 'loyalty') this.screens.loyalty = new LoyaltyScreen(this.core, employee, this.locale, (loyalty) => this.set({ loyalty }));
    else if (entry === 'groups') this.screens.groups = new GroupsScreen(this.core, employee, this.locale, (groups) => this.set({ groups }));
    else if (entry === 'transfers') this.screens.transfers = new TransfersScreen(this.core, employee, this.locale, (transfers) => this.set({ transfers }));
    else {
      const submit = this.submitPrint ?? (async (kind: PrintJobKind, bytes: Buffer) => void (await this.core.printQueue.enqueue(kind, bytes, null)));
      this.screens.closings = new ClosingsScreen(this.core, employee, this.locale, submit, (closings) => this.set({ closings }));
    }
    const screen = this.screens[entry]!;
    this.set({ view: entry, [entry]: screen.state, message: null });
    if ('open' in screen) await screen.open();
  }

  private async handleScreen(entry: ScreenEntry, event: KeyEvent): Promise<void> {
    const outcome = await this.screens[entry]!.handle(event);
    if (outcome.close) {
      this.screens[entry] = null;
      this.set({ view: 'menu', [entry]: null, message: null });
      if (entry === 'staff') await this.checkWeakPins();
    } else if (outcome.message !== undefined) this.set({ message: outcome.message });
  }
}
