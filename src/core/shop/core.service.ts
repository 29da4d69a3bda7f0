// openCore: one call that opens the database and builds every service, so
// the till, the back office and the CLI all work through the same core.
import { ShopsService } from './shops.service.js';
import type { Knex } from 'knex';
import { AccountsService } from '../customers/accounts.service.js';
import { ApiTokensService } from '../staff/api-tokens.service.js';
import { AuditService } from '../fiscal/audit.service.js';
import { CatalogService } from '../catalogue/catalog.service.js';
import { CategoriesService } from '../catalogue/categories.service.js';
import { TaxRatesService } from '../catalogue/tax-rates.service.js';
import { ArticleFilesService } from '../catalogue/article-files.service.js';
import { ClosingsService } from '../fiscal/closings.service.js';
import { ConsolidatedClosingsService } from '../fiscal/consolidated-closings.service.js';
import { systemClock, type Clock } from '../basics/clock.js';
import { CustomerHistoryService } from '../customers/customer-history.service.js';
import { CustomersService } from '../customers/customers.service.js';
import { SegmentsService } from '../customers/segments.service.js';
import { CustomerGroupsService } from '../customers/customer-groups.service.js';
import { engineOf, FIRST_MIGRATION, migrate, openDb, parseDbTarget, type DbTarget, type Engine } from '../basics/db.service.js';
import { verifyJournal, type VerifyOptions } from '../fiscal/journal-verifier.service.js';
import type { SaleRangeRunner } from '../fiscal/journal-chains.service.js';
import { verifySaleRange } from '../fiscal/journal-sale-ranges.service.js';
import { changeTillKey } from '../fiscal/journal-key-change.service.js';
import type { ArchiveResult } from '../fiscal/journal-archive.service.js';
import { defaultKeyDir, ensureTillKey, keyDirOf, keyFileExists, tillKeys, useKeyDir, type TillKey } from '../fiscal/journal-keys.service.js';
import { LoyaltyService } from '../customers/loyalty.service.js';
import { OpenTicketsService } from '../sales/open-tickets.service.js';
import { PermissionsService } from '../staff/permissions.service.js';
import { PinGuard } from '../staff/pin-guard.service.js';
import { PrintQueueService } from '../sales/print-queue.service.js';
import { PromotionsService } from '../sales/promotions.service.js';
import { PurchasingService } from '../stock/purchasing.service.js';
import { OrderMailsService } from '../stock/order-mails.service.js';
import { ReceiptsService } from '../sales/receipts.service.js';
import { DrawerKickService } from '../sales/drawer-kicks.service.js';
import { ReportsService } from '../fiscal/reports.service.js';
import { FecExportService } from '../fiscal/fec-export.service.js';
import { SalesService } from '../sales/sales.service.js';
import { ReceiptReturnsService } from '../sales/receipt-returns.service.js';
import { SettingsService } from './settings.service.js';
import { StaffService } from '../staff/staff.service.js';
import { StockService } from '../stock/stock.service.js';
import { StockReportsService } from '../stock/stock-reports.service.js';
import { SuppliersService } from '../stock/suppliers.service.js';
import { TransfersService } from '../stock/transfers.service.js';
import { TillsService } from './tills.service.js';
import { TimeClockService } from '../staff/time-clock.service.js';
import { VouchersService } from '../customers/vouchers.service.js';
import { WebhooksService } from './webhooks.service.js';
import { WebSessionsService } from '../staff/web-sessions.service.js';

export interface CoreConfig {
  /** SQLite path or postgres:// URL (default ./data/pos.sqlite3) */
  db?: string | DbTarget;
  /** this till's number (default 1) */
  tillId?: number;
  clock?: Clock;
  /** run pending migrations and register the till (default true) */
  migrate?: boolean;
  /** register this till if it is new (default true); read-only commands that only filter by till say false */
  registerTill?: boolean;
  /** write the NF525 setup events (data initialised, till added) on a first use (default true; the offline till's local cache does not) */
  setupEvents?: boolean;
  /** build the handle without asking the server (no check, no migration): a till starting during an outage */
  offlineStart?: boolean;
  /** the folder of the tills' signing key files (default: POS_KEY_DIR, else keys/ beside the SQLite file, else ./data/keys) */
  keyDir?: string;
  /**
   * the shop the command acts for, by code or number (--shop): a new till is
   * registered in it; without it, the till's own shop
   */
  shop?: string;
  /** the till's shop when the caller already knows it (an offline start reads it from the till's local file) */
  shopId?: number;
}

/** The journal: its check, and the till's signing keys. */
export interface JournalService {
  verify(options?: VerifyOptions): ReturnType<typeof verifyJournal>;
  /** the keys recorded for a till (every till when omitted), each with whether its file is in the key folder */
  keys(tillId?: number): Promise<Array<TillKey & { fileFound: boolean }>>;
  /** one range of a till's sales checked on this connection (what a verify's worker thread cannot check) */
  checkSaleRange: SaleRangeRunner;
  /** replaces this till's key (the owner's act, chained as an audit event) */
  changeKey(employeeId: number, reason: string): Promise<TillKey>;
  keyDir(): string;
  /** writes the signed NF525 archive of this till's closed month or year (the employee's act, chained as an audit event) */
  archive(input: { period: string; employeeId: number; path?: string }): Promise<ArchiveResult>;
}

export interface Core {
  knex: Knex;
  engine: Engine;
  tillId: number;
  /** the shop this till sells in (1 on a one-shop database): its stock, prices and own settings */
  shopId: number;
  /** the company's shops (issue #22) */
  shops: ShopsService;
  clock: Clock;
  settings: SettingsService;
  tills: TillsService;
  catalog: CatalogService;
  categories: CategoriesService;
  taxRates: TaxRatesService;
  /** pos import / export articles */
  articleFiles: ArticleFilesService;
  stock: StockService;
  stockReports: StockReportsService;
  suppliers: SuppliersService;
  purchasing: PurchasingService;
  /** stock sent from this shop to another, received, closed short (issue #22) */
  transfers: TransfersService;
  /** the supplier orders owed by e-mail (deliverOrderMails in order-mail-delivery.service.ts sends them) */
  orderMails: OrderMailsService;
  customers: CustomersService;
  /** customer segments from the purchase history, and the saved ones (issue #21) */
  segments: SegmentsService;
  /** customer groups as a manager edits them (pos groups, the « Groupes » screen) */
  customerGroups: CustomerGroupsService;
  promotions: PromotionsService;
  staff: StaffService;
  permissions: PermissionsService;
  /** the HTTP API's tokens (pos api token …, pos serve) */
  apiTokens: ApiTokensService;
  /** every PIN typed on this till, with the lockout shared by all its processes */
  pins: PinGuard;
  /** the ordering page's sessions (`pos serve`), opened by a PIN through `pins` */
  webSessions: WebSessionsService;
  timeClock: TimeClockService;
  tickets: OpenTicketsService;
  sales: SalesService;
  /** returns against the original receipt (any till of the shop) */
  receiptReturns: ReceiptReturnsService;
  audit: AuditService;
  vouchers: VouchersService;
  accounts: AccountsService;
  printQueue: PrintQueueService;
  drawerKicks: DrawerKickService;
  receipts: ReceiptsService;
  loyalty: LoyaltyService;
  journal: JournalService;
  history: CustomerHistoryService;
  reports: ReportsService;
  /** the FEC of the closed days (pos export fec) */
  fec: FecExportService;
  closings: ClosingsService;
  /** a shop's or the company's month and year closings added up from its tills' (read only) */
  consolidatedClosings: ConsolidatedClosingsService;
  /** outgoing webhooks (pos api webhook …, posted by pos serve) */
  webhooks: WebhooksService;
  close(): Promise<void>;
}

/** Builds the services over an open knex handle (or a transaction, as the demo seed does). */
export function buildServices(knex: Knex, tillId: number, clock: Clock, shopId = 1): Omit<Core, 'close'> {
  const settings = new SettingsService(knex, clock, tillId, shopId);
  const staff = new StaffService(knex, clock, shopId);
  // Every PIN is checked against the till's shop: only those assigned to it (and owners) get through.
  const pins = new PinGuard(knex, clock, tillId, staff, shopId);
  return {
    knex,
    engine: engineOf(knex),
    tillId,
    shopId,
    shops: new ShopsService(knex, clock),
    clock,
    settings,
    tills: new TillsService(knex, clock),
    catalog: new CatalogService(knex, clock, tillId, shopId),
    categories: new CategoriesService(knex, clock),
    taxRates: new TaxRatesService(knex, clock, tillId),
    articleFiles: new ArticleFilesService(knex, clock, tillId),
    stock: new StockService(knex, clock, shopId),
    stockReports: new StockReportsService(knex, clock, shopId),
    suppliers: new SuppliersService(knex, clock),
    purchasing: new PurchasingService(knex, clock, shopId),
    transfers: new TransfersService(knex, clock, shopId),
    orderMails: new OrderMailsService(knex, clock),
    customers: new CustomersService(knex, clock),
    segments: new SegmentsService(knex, clock),
    customerGroups: new CustomerGroupsService(knex, clock),
    promotions: new PromotionsService(knex, clock),
    staff,
    permissions: new PermissionsService(settings, pins),
    apiTokens: new ApiTokensService(knex, clock),
    pins,
    webSessions: new WebSessionsService(knex, clock, tillId, pins, staff),
    timeClock: new TimeClockService(knex, clock, tillId),
    tickets: new OpenTicketsService(knex, clock, tillId),
    sales: new SalesService(knex, clock, tillId),
    receiptReturns: new ReceiptReturnsService(knex),
    audit: new AuditService(knex, clock, tillId),
    vouchers: new VouchersService(knex, clock),
    accounts: new AccountsService(knex, clock, tillId),
    printQueue: new PrintQueueService(knex, clock, tillId),
    drawerKicks: new DrawerKickService(knex, clock, tillId),
    receipts: new ReceiptsService(knex, clock),
    loyalty: new LoyaltyService(knex, clock),
    journal: {
      verify: (options) => verifyJournal(knex, options),
      checkSaleRange: (task) => verifySaleRange(knex, task),
      keys: async (id) => (await tillKeys(knex, id)).map((k) => ({ ...k, fileFound: keyFileExists(knex, k) })),
      changeKey: (employeeId, reason) => changeTillKey(knex, tillId, employeeId, clock(), reason),
      keyDir: () => keyDirOf(knex),
      // Loaded when an archive is made: its XML library stays out of the till's start.
      archive: async (input) => (await import('../fiscal/journal-archive.service.js')).writeJournalArchive(knex, { ...input, tillId, at: clock() }),
    },
    history: new CustomerHistoryService(knex, new CatalogService(knex, clock, tillId, shopId)),
    reports: new ReportsService(knex),
    fec: new FecExportService(knex, clock),
    closings: new ClosingsService(knex, clock, tillId),
    consolidatedClosings: new ConsolidatedClosingsService(knex),
    webhooks: new WebhooksService(knex, clock),
  };
}

export async function openCore(config: CoreConfig = {}): Promise<Core> {
  const target = typeof config.db === 'object' ? config.db : parseDbTarget(config.db);
  const tillId = config.tillId ?? 1;
  const clock = config.clock ?? systemClock;
  const knex = await openDb(target, { check: !config.offlineStart });
  useKeyDir(knex, config.keyDir ?? defaultKeyDir(target));
  let shopId = config.shopId;
  try {
    if (config.migrate !== false && !config.offlineStart) {
      const applied = await migrate(knex);
      if (config.shop !== undefined) shopId = (await new ShopsService(knex, clock).resolve(config.shop)).id;
      if (config.registerTill !== false) {
        const tills = new TillsService(knex, clock);
        const added = await tills.register(tillId, shopId ?? 1);
        // A till that writes signs: its key file is read now, and a missing one stops it here.
        await ensureTillKey(knex, tillId, clock());
        // NF525 technical events: a brand-new database, a till's first use (after its key: the events are signed).
        if (config.setupEvents !== false) await tills.recordSetup(tillId, { dataInit: applied.includes(FIRST_MIGRATION), tillAdded: added });
      }
    }
  } catch (err) {
    await knex.destroy();
    throw err;
  }
  try {
    if (shopId === undefined && !config.offlineStart) shopId = await new ShopsService(knex, clock).ofTill(tillId);
  } catch (err) {
    await knex.destroy();
    throw err;
  }
  return { ...buildServices(knex, tillId, clock, shopId ?? 1), close: () => knex.destroy() };
}
