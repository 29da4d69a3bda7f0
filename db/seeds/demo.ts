// The demo shop: a French épicerie fine with its catalogue, suppliers,
// customers, staff and two months of past sales, so every screen and report
// has something true to show. Everything goes through the core services (the
// history is made of real completed sales, so the journal chain verifies),
// inside one transaction: a failed seed leaves the database empty.
import type { Core } from '../../src/core/shop/core.service.js';
import { buildServices } from '../../src/core/shop/core.service.js';
import { localDate } from '../../src/core/basics/clock.js';
import { sellable, type Article } from '../../src/core/catalogue/article.js';
import { QTY_ONE } from '../../src/core/basics/quantity.js';
import type { Tender } from '../../src/core/sales/payment.js';
import { giveReward } from '../../src/core/customers/loyalty.js';
import { addLine, computeTotals, newTicket, setCustomer, setLineDiscount, type Ticket } from '../../src/core/sales/ticket.js';
import { ValidationError } from '../../src/core/basics/errors.js';
import { writeTransaction } from '../../src/core/basics/transaction.service.js';
import {
  DEMO_ACCOUNT_CUSTOMERS,
  DEMO_ARTICLES,
  DEMO_CATEGORIES,
  DEMO_CUSTOMER_GROUPS,
  DEMO_CUSTOMERS,
  DEMO_EMPLOYEES,
  DEMO_SHOP,
  DEMO_SUPPLIERS,
  type DemoArticle,
} from './demo-data.js';
import { mulberry32, pickWeighted } from './prng.js';
import { seedDemoPricing } from './demo-pricing.js';

export interface DemoSeedOptions {
  /** days of history before `now` (default 61, about two months) */
  days?: number;
  /** the end of the history (default: the core's clock) */
  now?: Date;
  /** PRNG seed, so the demo shop is the same every time */
  seed?: number;
}

export interface DemoSeedSummary {
  articles: number;
  customers: number;
  employees: number;
  sales: number;
}

interface PlannedLine {
  article: DemoArticle;
  quantity: number;
  discountBp: number;
}

interface PlannedSale {
  at: Date;
  employee: number; // index in DEMO_EMPLOYEES
  customer: number | null; // index in DEMO_CUSTOMERS
  lines: PlannedLine[];
  method: 'cash' | 'card' | 'cheque' | 'meal_voucher' | 'mobile';
}

const OPENING_MINUTES = 9 * 60 + 30;
const CLOSING_MINUTES = 19 * 60 + 30;

/** Plans the history first, so each article's opening stock can cover what it will sell. */
function planHistory(now: Date, days: number, seed: number): PlannedSale[] {
  const random = mulberry32(seed);
  const cashiers = DEMO_EMPLOYEES.map((e, i) => ({ e, i })).filter(({ e }) => e.role !== 'owner');
  const sales: PlannedSale[] = [];
  for (let d = days; d >= 1; d--) {
    const day = new Date(now.getFullYear(), now.getMonth(), now.getDate() - d);
    if (day.getDay() === 1) continue; // closed on Mondays, like many épiceries
    const busy = day.getDay() === 6 ? 1.6 : day.getDay() === 0 ? 0.8 : 1;
    const count = Math.round((14 + random() * 14) * busy);
    const minutes = Array.from({ length: count }, () => OPENING_MINUTES + Math.floor(random() * (CLOSING_MINUTES - OPENING_MINUTES)))
      .sort((a, b) => a - b);
    const cashier = cashiers[(day.getDate() + day.getMonth()) % cashiers.length]!.i;
    for (const minute of minutes) {
      const at = new Date(day.getFullYear(), day.getMonth(), day.getDate(), Math.floor(minute / 60), minute % 60, Math.floor(random() * 60));
      const lineCount = 1 + Math.floor(random() * random() * 6);
      const lines: PlannedLine[] = [];
      for (let l = 0; l < lineCount; l++) {
        const article = pickWeighted(random, DEMO_ARTICLES, (a) => a.popularity);
        const quantity =
          article.unit === 'kg'
            ? 100 + Math.floor(random() * 40) * 10 // 100 g to 490 g
            : (random() < 0.8 ? 1 : 2 + Math.floor(random() * 2)) * QTY_ONE;
        lines.push({ article, quantity, discountBp: random() < 0.04 ? 1000 : 0 });
      }
      const r = random();
      const method = r < 0.55 ? 'card' : r < 0.88 ? 'cash' : r < 0.92 ? 'cheque' : r < 0.96 ? 'meal_voucher' : 'mobile';
      const customer = random() < 0.3 ? Math.floor(random() * DEMO_CUSTOMERS.length) : null;
      sales.push({ at, employee: cashier, customer, lines, method });
    }
  }
  return sales;
}

/** What a customer hands over in cash: the next round amount. */
export function cashTendered(total: number): number {
  for (const step of [500, 1000, 2000, 5000, 10000]) {
    if (total <= step * 4) return Math.ceil(total / step) * step;
  }
  return Math.ceil(total / 10000) * 10000;
}

export async function seedDemo(core: Core, options: DemoSeedOptions = {}): Promise<DemoSeedSummary> {
  const now = options.now ?? core.clock();
  const plan = planHistory(now, options.days ?? 61, options.seed ?? 20261122);
  const sold = new Map<string, number>();
  for (const sale of plan) for (const l of sale.lines) sold.set(l.article.plu, (sold.get(l.article.plu) ?? 0) + l.quantity);

  const start = new Date(now.getTime() - ((options.days ?? 61) + 1) * 86400000);
  let clockTime = start;
  const clock = () => clockTime;

  // Checked inside the write transaction (on SQLite it holds the write lock):
  // two tills opening a brand-new file at once cannot both fill it.
  return writeTransaction(core.knex, async (trx) => {
    clockTime = start; // from the beginning again if the transaction is retried
    const s = buildServices(trx, core.tillId, clock);
    if ((await s.catalog.countArticles()) > 0) {
      throw new ValidationError('La base contient déjà des articles : la boutique de démonstration va dans une base vide');
    }
    await s.tills.ensure(core.tillId);
    await s.settings.set('shop.name', DEMO_SHOP.name);
    await s.settings.set('shop.address', [DEMO_SHOP.address, `${DEMO_SHOP.postalCode} ${DEMO_SHOP.city}`, `Tél. ${DEMO_SHOP.phone}`]);
    await s.settings.set('shop.siret', DEMO_SHOP.siret);
    await s.settings.set('shop.vatNumber', DEMO_SHOP.vatNumber);
    await s.settings.set('receipt.header', DEMO_SHOP.receiptHeader);
    await s.settings.set('receipt.footer', DEMO_SHOP.receiptFooter);
    // Loyalty: 100 points (article points x units) earn 5 € off.
    await s.settings.set('loyalty.enabled', true);
    await s.settings.set('loyalty.criterion', 'points');
    await s.settings.set('loyalty.threshold', 100);
    await s.settings.set('loyalty.reward.kind', 'amount');
    await s.settings.set('loyalty.reward.value', 500);

    const rates = new Map<number, number>();
    for (const [code, label, bp] of [['C', 'TVA 20 %', 2000], ['B', 'TVA 10 %', 1000], ['A', 'TVA 5,5 %', 550]] as const) {
      rates.set(bp, (await s.taxRates.create({ code, label, rateBp: bp })).id);
    }
    const categories = new Map<string, number>();
    for (const [i, c] of DEMO_CATEGORIES.entries()) {
      categories.set(c.key, (await s.categories.create({ name: c.name, color: c.color, sortOrder: i + 1 })).id);
    }
    const suppliers = new Map<string, number>();
    for (const sup of DEMO_SUPPLIERS) {
      const created = await s.suppliers.create({
        name: sup.name,
        contact: sup.contact,
        email: sup.email,
        phone: sup.phone,
        leadTimeDays: sup.leadTimeDays,
        minOrderValue: sup.minOrderValueCents,
      });
      suppliers.set(sup.key, created.id);
    }
    const articles = new Map<string, Article>();
    const positions = new Map<string, number>();
    for (const a of DEMO_ARTICLES) {
      const position = (positions.get(a.category) ?? 0) + 1;
      positions.set(a.category, position);
      const article = await s.catalog.createArticle({
        plu: a.plu,
        name: a.name,
        categoryId: categories.get(a.category)!,
        price: a.priceCents,
        taxRateId: rates.get(a.vatBp)!,
        cost: a.costCents,
        unit: a.unit,
        loyaltyPoints: a.loyaltyPoints,
        minStock: a.minStock,
        supplierId: suppliers.get(a.supplier)!,
        supplierRef: a.supplierRef,
        packSize: a.packSize,
        gridPosition: position,
        barcodes: a.ean13 ? [a.ean13] : [],
        // Enough to cover the planned history and end at the demo's stock level.
        initialStock: a.initialStock + (sold.get(a.plu) ?? 0),
      });
      articles.set(a.plu, article);
    }

    const groups = new Map<string, number>();
    for (const g of DEMO_CUSTOMER_GROUPS) {
      const created = await s.customers.createGroup({ name: g.name, discountBp: g.discountBp, priceLevel: g.priceLevel, isDefault: g.key === 'all' });
      groups.set(g.key, created.id);
    }
    const customers: number[] = [];
    for (const [i, c] of DEMO_CUSTOMERS.entries()) {
      const created = await s.customers.create({
        // two customers in three said yes to the shop's offers: a mailing list to show
        marketingConsent: i % 3 !== 2,
        code: c.code,
        firstName: c.firstName,
        lastName: c.lastName,
        phone: c.phone,
        email: c.email,
        address: c.address,
        postalCode: c.postalCode,
        city: c.city,
        groupId: groups.get(c.group)!,
        overdraftLimit: c.overdraftLimitCents,
        notes: c.notes,
      });
      customers.push(created.id);
    }
    const proLevel = DEMO_CUSTOMER_GROUPS.find((g) => g.key === 'pro')?.priceLevel ?? 'pro';
    await seedDemoPricing(s, now, { articles: articles.values(), categories, groups, proLevel });
    const employees: number[] = [];
    for (const e of DEMO_EMPLOYEES) employees.push((await s.staff.create(e, { pinRule: 'weak-allowed' })).id);

    // The two trade customers buy on account (within their limit) and settle
    // by cheque at the start of each month: accounts, statements and balances
    // have a history to show.
    const onAccount = new Set(DEMO_ACCOUNT_CUSTOMERS.map((code) => customers[DEMO_CUSTOMERS.findIndex((c) => c.code === code)]!));
    // Each past day ends with its Z (the cash counted as expected) and each
    // finished month with its closing, as a shop does: the archives, the FEC
    // and the month reports have closed periods to work on from the start.
    const manager = employees[DEMO_EMPLOYEES.findIndex((e) => e.role === 'manager')]!;
    const closeDay = async (date: string) => {
      clockTime = new Date(`${date}T20:00:00`);
      const { cashExpected } = (await s.closings.xReport(date)).totals;
      await s.closings.zClose(date, { cash: cashExpected }, manager);
    };
    let month = '';
    let day = '';
    let n = 0;
    for (const p of plan) {
      if (day && localDate(p.at) !== day) await closeDay(day);
      day = localDate(p.at);
      clockTime = p.at;
      if (localDate(p.at).slice(0, 7) !== month) {
        if (month) {
          await s.closings.closePeriod('month', month, manager);
          for (const id of onAccount) {
            const owed = await s.accounts.balance(id);
            if (owed > 0) await s.accounts.receivePayment({ customerId: id, amount: owed, method: 'cheque', employeeId: employees[0]!, tillId: core.tillId });
          }
        }
        month = localDate(p.at).slice(0, 7);
      }
      let ticket: Ticket = newTicket(`demo-${localDate(p.at)}-${++n}`, p.at.toISOString());
      if (p.customer !== null) ticket = setCustomer(ticket, customers[p.customer]!);
      for (const l of p.lines) {
        const article = articles.get(l.article.plu)!;
        ticket = addLine(ticket, sellable(article, l.article.ean13 ?? article.plu ?? ''), l.quantity);
        if (l.discountBp) ticket = setLineDiscount(ticket, ticket.lines[ticket.lines.length - 1]!.id, { kind: 'percent', bp: l.discountBp });
      }
      // A customer whose card is complete gets the reward on a basket worth more than it.
      const card = ticket.customerId === null ? null : await s.loyalty.status(ticket.customerId);
      if (card?.complete && computeTotals(ticket).total > card.reward.value) ticket = giveReward(ticket, card.reward, card.cardNo, null);
      const total = computeTotals(ticket).total;
      const buysOnAccount = p.customer !== null && onAccount.has(customers[p.customer]!) && total > 0 && (await s.accounts.overLimitBy(customers[p.customer]!, total)) === 0;
      const tender: Tender = buysOnAccount ? { method: 'account', amount: total } : { method: p.method, amount: p.method === 'cash' ? cashTendered(total) : total };
      // Past sales made up for the demo: no receipt or drawer kick is owed to anyone.
      await s.sales.complete(ticket, [tender], employees[p.employee]!, { deviceDuties: false });
    }
    if (day) await closeDay(day);
    clockTime = now;
    return { articles: articles.size, customers: customers.length, employees: employees.length, sales: plan.length };
  });
}
