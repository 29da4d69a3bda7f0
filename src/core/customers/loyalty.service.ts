// Loyalty cards over the ledger `loyalty_entries`: a customer's current card,
// the entries a completed sale writes (inside the sale's own transaction),
// what the receipt prints, and the rewards report. The rules themselves are
// in loyalty.ts; with the module switched off nothing is written or shown.
import type { Knex } from 'knex';
import { whereTillInShop } from '../shop/shop-scope.service.js';
import { shopColumns, type ColumnInput, type ShopColumn, type ShopColumnsReport } from '../fiscal/shop-columns.js';
import type { Clock } from '../basics/clock.js';
import { customerName } from './customer-name.js';
import { ValidationError } from '../basics/errors.js';
import {
  currentCard,
  earningLines,
  LoyaltyError,
  loyaltySettingsOf,
  planSaleEntries,
  saleProgress,
  type LoyaltyCriterion,
  type LoyaltyEntryLike,
  type LoyaltyReward,
  type LoyaltyRewardKind,
  type LoyaltySettings,
  type SaleLoyalty,
} from './loyalty.js';
import { insertMany } from '../basics/rows.service.js';
import { num, numOrNull } from '../basics/row-values.js';
import { SettingsService } from '../shop/settings.service.js';
import type { Ticket, TicketTotals } from '../sales/ticket.js';
import { issueVoucher } from './vouchers.service.js';
import { loyaltyEffect, readLoyaltyChange, type LoyaltyChangeText, type LoyaltyEffect } from './loyalty-setup.js';
import type { Actor } from '../fiscal/audit.service.js';
import { writeTransaction } from '../basics/transaction.service.js';
import type { Locale } from '../basics/money.js';
import type { ShopSettings } from '../shop/settings.service.js';
import { CatalogService } from '../catalogue/catalog.service.js';

export interface LoyaltyStatus {
  criterion: LoyaltyCriterion;
  threshold: number;
  progress: number;
  cardNo: number;
  complete: boolean;
  /** the card is complete and its reward not given yet */
  rewardPending: boolean;
  reward: LoyaltyReward;
}

export interface LoyaltyRewardRow {
  date: string;
  saleNumber: number | null;
  tillId: number | null;
  customerCode: string;
  customerName: string;
  kind: LoyaltyRewardKind;
  cost: number;
  employee: string;
  cardNo: number;
}

export interface CloseCustomerRow {
  customerCode: string;
  customerName: string;
  progress: number;
  threshold: number;
  remaining: number;
}

export interface LoyaltyReport {
  enabled: boolean;
  criterion: LoyaltyCriterion;
  threshold: number;
  from: string | null;
  to: string | null;
  rewards: LoyaltyRewardRow[];
  totals: { count: number; cost: number };
  close: CloseCustomerRow[];
}

/** A customer is "close" to the reward within this share of the threshold (basis points). */
export const CLOSE_TO_REWARD_BP = 2000;

async function loyaltySettings(knex: Knex, at: () => Date): Promise<LoyaltySettings> {
  return loyaltySettingsOf(await new SettingsService(knex, at).all());
}

async function ledgerOf(knex: Knex, customerId: number, criterion: LoyaltyCriterion, upToId?: number): Promise<LoyaltyEntryLike[]> {
  const q = knex('loyalty_entries').where({ customer_id: customerId, criterion }).select('kind', 'amount', 'card_no');
  if (upToId !== undefined) q.where('id', '<=', upToId);
  return (await q).map((r) => ({ kind: r.kind as LoyaltyEntryLike['kind'], amount: num(r.amount), cardNo: num(r.card_no) }));
}

export interface SaleLoyaltyInput {
  saleId: number;
  ticket: Ticket;
  totals: TicketTotals;
  employeeId: number;
}

/**
 * Writes a completed sale's loyalty entries; called INSIDE the sale's
 * transaction, so progress, reward and voucher commit with the sale or not
 * at all. Refuses (rolling the sale back) a reward the card can't give.
 */
export async function recordSaleLoyalty(trx: Knex, input: SaleLoyaltyInput, at: Date): Promise<void> {
  const { ticket, totals } = input;
  if (ticket.customerId === null) {
    if (ticket.loyaltyReward) throw new ValidationError('Récompense fidélité sans client sur le ticket');
    return;
  }
  const settings = await loyaltySettings(trx, () => at);
  if (!settings.enabled) {
    if (ticket.loyaltyReward) throw new ValidationError('Le programme de fidélité est désactivé : retirez la récompense (Ctrl+G)');
    return;
  }
  const reward = ticket.loyaltyReward ?? null;
  const freeLine = reward?.kind === 'article' ? totals.lines.find((l) => l.id === reward.lineId) : undefined;
  if (reward?.kind === 'article' && !freeLine) throw new ValidationError("L'article offert n'est plus sur le ticket : retirez la récompense (Ctrl+G)");
  const card = currentCard(await ledgerOf(trx, ticket.customerId, settings.criterion), settings.threshold);
  const progress = saleProgress(settings.criterion, earningLines(ticket.lines, reward), totals.total);
  let planned: LoyaltyEntryLike[];
  try {
    planned = planSaleEntries(card, progress, reward ? reward.cardNo : null);
  } catch (err) {
    if (err instanceof LoyaltyError) throw new ValidationError(err.message);
    throw err;
  }
  let cost = 0;
  if (reward) {
    if (reward.kind === 'percent' || reward.kind === 'amount') cost = totals.loyaltyDiscount;
    else if (reward.kind === 'article') cost = freeLine!.lineDiscount;
    else {
      const voucher = await issueVoucher(
        trx,
        { kind: 'loyalty', amount: reward.value, customerId: ticket.customerId, saleId: input.saleId, employeeId: input.employeeId },
        at,
      );
      cost = voucher.amount;
    }
  }
  await insertMany(
    trx,
    'loyalty_entries',
    planned.map((e) => ({
      customer_id: ticket.customerId,
      sale_id: input.saleId,
      kind: e.kind,
      criterion: settings.criterion,
      amount: e.amount,
      card_no: e.cardNo,
      reward_kind: e.kind === 'reward' ? reward!.kind : null,
      reward_value: e.kind === 'reward' ? cost : null,
      employee_id: input.employeeId,
      created_at: at.toISOString(),
    })),
  );
}

/** The programme as `pos loyalty show` and the « Fidélité » screen show it. */
export interface LoyaltyOverview {
  settings: LoyaltySettings;
  /** the free article, "Café en grains (301)", when the reward is one */
  article: string | null;
  /** its PLU (or first barcode), as a form shows it */
  articleCode: string | null;
  /** cards with progress in the current unit, and how many are complete */
  inProgress: number;
  complete: number;
}

/** A planned change: the settings it leads to and what it does to the cards. */
export interface LoyaltyPlan {
  next: LoyaltySettings;
  article: string | null;
  effect: LoyaltyEffect;
}

/** Every customer's entries in one unit, summed by card and kind (enough for currentCard). */
async function ledgersIn(knex: Knex, criterion: LoyaltyCriterion): Promise<Map<number, LoyaltyEntryLike[]>> {
  const rows: Array<Record<string, unknown>> = await knex('loyalty_entries')
    .where({ criterion })
    .groupBy('customer_id', 'card_no', 'kind')
    .select('customer_id', 'card_no', 'kind')
    .sum({ amount: 'amount' });
  const ledgers = new Map<number, LoyaltyEntryLike[]>();
  for (const r of rows) {
    const id = num(r.customer_id);
    const list = ledgers.get(id) ?? [];
    list.push({ kind: r.kind as LoyaltyEntryLike['kind'], amount: num(r.amount), cardNo: num(r.card_no) });
    ledgers.set(id, list);
  }
  return ledgers;
}

async function articleLabel(knex: Knex, id: number | null): Promise<string | null> {
  if (id === null) return null;
  const row = await knex('articles').where({ id }).first('name', 'plu');
  return row ? `${String(row.name)}${row.plu ? ` (${String(row.plu)})` : ''}` : null;
}

export class LoyaltyService {
  constructor(private readonly knex: Knex, private readonly clock: Clock) {}

  settings(): Promise<LoyaltySettings> {
    return loyaltySettings(this.knex, this.clock);
  }

  async overview(): Promise<LoyaltyOverview> {
    const settings = await this.settings();
    const effect = loyaltyEffect(settings, settings, { before: await ledgersIn(this.knex, settings.criterion), after: new Map() });
    const id = settings.reward.articleId;
    const plu = id === null ? undefined : await this.knex('articles').where({ id }).first('plu');
    const barcode = id === null || plu?.plu ? undefined : await this.knex('article_barcodes').where({ article_id: id }).orderBy('code').first('code');
    const articleCode = plu?.plu ? String(plu.plu) : barcode ? String(barcode.code) : null;
    return { settings, article: await articleLabel(this.knex, id), articleCode, inProgress: effect.inProgress, complete: effect.complete };
  }

  /** What the typed change would lead to and do to the cards in progress; refuses a bad value. Changes nothing. */
  async plan(text: LoyaltyChangeText, locale: Locale = 'fr'): Promise<LoyaltyPlan> {
    const current = await this.settings();
    const { next, articleCode } = readLoyaltyChange(current, text, locale);
    if (articleCode !== null) next.reward.articleId = await this.rewardArticle(articleCode, locale);
    const before = await ledgersIn(this.knex, current.criterion);
    const after = next.criterion === current.criterion ? before : await ledgersIn(this.knex, next.criterion);
    return { next, article: await articleLabel(this.knex, next.reward.articleId), effect: loyaltyEffect(current, next, { before, after }) };
  }

  /** The free article: sold by the unit and on sale, found by PLU or barcode. */
  private async rewardArticle(code: string, locale: Locale): Promise<number> {
    const article = await new CatalogService(this.knex, this.clock).findByCode(code);
    const fr = locale === 'fr';
    const shown = code.replace(/[\p{Cc}\p{Cf}]/gu, '?').slice(0, 30);
    if (!article) throw new ValidationError(fr ? `article « ${shown} » introuvable (PLU ou code-barres)` : `article "${shown}" not found (PLU or barcode)`);
    if (!article.active) throw new ValidationError(fr ? `l'article ${article.name} n'est plus en vente : il ne peut pas être offert` : `${article.name} is no longer sold: it cannot be given`);
    if (article.unit !== 'unit') throw new ValidationError(fr ? `l'article ${article.name} se vend au poids : l'article offert se vend à l'unité` : `${article.name} is sold by weight: the free article must be sold by the unit`);
    return article.id;
  }

  /**
   * Applies a change: the settings and one 'settings' audit event naming the
   * manager, the keys and the effect on the cards, in one transaction (the
   * effect is counted again inside it). Returns what was applied.
   */
  async configure(text: LoyaltyChangeText, actor: Actor, locale: Locale = 'fr'): Promise<LoyaltyPlan> {
    return writeTransaction(this.knex, async (trx) => {
      const plan = await new LoyaltyService(trx, this.clock).plan(text, locale);
      const n = plan.next;
      const changes: Partial<ShopSettings> = {
        'loyalty.enabled': n.enabled,
        'loyalty.criterion': n.criterion,
        'loyalty.threshold': n.threshold,
        'loyalty.reward.kind': n.reward.kind,
        'loyalty.reward.value': n.reward.value,
        'loyalty.reward.articleId': n.reward.articleId,
      };
      const e = plan.effect;
      await new SettingsService(trx, this.clock, actor.tillId).setMany(changes, {
        employeeId: actor.employeeId,
        details: { action: 'loyalty', effect: { inProgress: e.inProgress, complete: e.complete, inProgressAfter: e.inProgressAfter, completeAfter: e.completeAfter, becomeComplete: e.becomeComplete, noLongerComplete: e.noLongerComplete } },
      });
      return plan;
    });
  }

  /** The customer's current card; null when the module is off. */
  async status(customerId: number): Promise<LoyaltyStatus | null> {
    const settings = await this.settings();
    if (!settings.enabled) return null;
    const card = currentCard(await ledgerOf(this.knex, customerId, settings.criterion), settings.threshold);
    return { criterion: settings.criterion, ...card, rewardPending: card.complete, reward: settings.reward };
  }

  /** The card as it stood right after a sale (reprints print the same), and the reward the sale gave. */
  async ofSale(saleId: number): Promise<SaleLoyalty | null> {
    const entries = await this.knex('loyalty_entries').where({ sale_id: saleId }).orderBy('id');
    if (entries.length === 0) return null;
    const last = entries[entries.length - 1]!;
    const criterion = String(last.criterion) as LoyaltyCriterion;
    const settings = await this.settings();
    const card = currentCard(await ledgerOf(this.knex, num(last.customer_id), criterion, num(last.id)), settings.threshold);
    const rewardRow = entries.find((e) => e.kind === 'reward');
    const voucher = await this.knex('vouchers').where({ issued_sale_id: saleId, kind: 'loyalty' }).first('code', 'amount');
    return {
      criterion,
      threshold: card.threshold,
      progress: card.progress,
      cardNo: card.cardNo,
      complete: card.complete,
      reward: rewardRow ? { kind: String(rewardRow.reward_kind) as LoyaltyRewardKind, cost: num(rewardRow.reward_value ?? 0) } : null,
      voucher: voucher ? { code: String(voucher.code), amount: num(voucher.amount) } : null,
    };
  }

  /** Rewards given between two business dates (inclusive), their cost, and who is close to the next one. */
  /** The consolidated view: the rewards given with each shop's sales, by kind (cost, number), beside the company's. */
  async reportByShop(options: { from?: string; to?: string }, shops: ShopColumn[]): Promise<ShopColumnsReport> {
    const perShop: ColumnInput[] = [];
    for (const shop of shops) perShop.push(rewardsColumn(await this.report({ ...options, shopId: shop.id })));
    return shopColumns('reward', { from: options.from ?? null, to: options.to ?? null }, shops, perShop, rewardsColumn(await this.report(options)));
  }

  /** shopId: the rewards given with the sales of that shop's tills only (the customers close to a reward stay the company's). */
  async report(options: { from?: string; to?: string; shopId?: number } = {}): Promise<LoyaltyReport> {
    const settings = await this.settings();
    const q = this.knex('loyalty_entries as l')
      .join('customers as c', 'c.id', 'l.customer_id')
      .leftJoin('sales as s', 's.id', 'l.sale_id')
      .leftJoin('employees as e', 'e.id', 'l.employee_id')
      .where('l.kind', 'reward')
      .select('l.id', 'l.created_at', 'l.reward_kind', 'l.reward_value', 'l.card_no', 's.business_date', 's.number', 's.till_id', 'c.code', 'c.first_name', 'c.last_name', 'e.name as employee_name')
      .orderBy('l.id');
    if (options.from) q.where('s.business_date', '>=', options.from);
    if (options.to) q.where('s.business_date', '<=', options.to);
    whereTillInShop(this.knex, q, 's.till_id', options.shopId);
    const rewards: LoyaltyRewardRow[] = (await q).map((r) => ({
      date: r.business_date ? String(r.business_date) : String(r.created_at).slice(0, 10),
      saleNumber: numOrNull(r.number),
      tillId: numOrNull(r.till_id),
      customerCode: String(r.code),
      customerName: customerName({ firstName: String(r.first_name), lastName: String(r.last_name) }),
      kind: String(r.reward_kind) as LoyaltyRewardKind,
      cost: num(r.reward_value ?? 0),
      employee: r.employee_name ? String(r.employee_name) : '',
      cardNo: num(r.card_no),
    }));
    return {
      enabled: settings.enabled,
      criterion: settings.criterion,
      threshold: settings.threshold,
      from: options.from ?? null,
      to: options.to ?? null,
      rewards,
      totals: { count: rewards.length, cost: rewards.reduce((a, r) => a + r.cost, 0) },
      close: settings.enabled ? await this.closeToReward(settings) : [],
    };
  }

  /** Customers whose current card is complete or within CLOSE_TO_REWARD_BP of the threshold, closest first. */
  private async closeToReward(settings: LoyaltySettings): Promise<CloseCustomerRow[]> {
    const ledgers = await ledgersIn(this.knex, settings.criterion);
    const minimum = settings.threshold - Math.floor((settings.threshold * CLOSE_TO_REWARD_BP) / 10_000);
    const close = new Map<number, number>();
    for (const [id, entries] of ledgers) {
      const card = currentCard(entries, settings.threshold);
      if (card.progress >= minimum) close.set(id, card.progress);
    }
    if (close.size === 0) return [];
    const customers = await this.knex('customers').whereIn('id', [...close.keys()]).select('id', 'code', 'first_name', 'last_name');
    return customers
      .map((c) => {
        const progress = close.get(num(c.id))!;
        return {
          customerCode: String(c.code),
          customerName: customerName({ firstName: String(c.first_name), lastName: String(c.last_name) }),
          progress,
          threshold: settings.threshold,
          remaining: Math.max(0, settings.threshold - progress),
        };
      })
      .sort((a, b) => a.remaining - b.remaining || a.customerName.localeCompare(b.customerName));
  }
}

/** A reward's kind as the shopkeeper reads it. */
export const REWARD_LABELS: Record<LoyaltyRewardKind, string> = { percent: 'remise %', amount: 'remise', voucher: 'bon', article: 'article offert' };

/** A loyalty report as a column of the consolidated view: the rewards by kind, their cost (total) and number (count). */
export function rewardsColumn(report: LoyaltyReport): ColumnInput {
  const kinds = [...new Set(report.rewards.map((r) => r.kind))].sort();
  return {
    rows: kinds.map((kind) => {
      const own = report.rewards.filter((r) => r.kind === kind);
      return { key: kind, label: REWARD_LABELS[kind] ?? kind, code: null, total: own.reduce((a, r) => a + r.cost, 0), count: own.length };
    }),
    totals: { total: report.totals.cost, count: report.totals.count },
  };
}
