// Keeps the open ticket priced (price levels, promotions, customer discount)
// without a database round trip per key: what the pricing rule needs is loaded
// once for the attached customer and reloaded after a minute (a promotion may
// start or end), when the customer changes, or when the till's live poll sees
// promotions or level prices changed elsewhere.
import { repriceTicket, type PricingContext } from '../core/sales/pricing.js';
import type { Ticket } from '../core/sales/ticket.js';

export const PRICING_TTL_MS = 60_000;

export class TicketPricer {
  private cached: { customerId: number | null; loadedAt: number; context: PricingContext } | null = null;

  constructor(
    private readonly load: (customerId: number | null, at: Date) => Promise<PricingContext>,
    private readonly now: () => number,
    private readonly ttlMs = PRICING_TTL_MS,
  ) {}

  /** The pricing context for this customer, loaded if missing or stale. */
  async contextFor(customerId: number | null): Promise<PricingContext> {
    const now = this.now();
    const c = this.cached;
    if (c && c.customerId === customerId && now - c.loadedAt < this.ttlMs && now >= c.loadedAt) return c.context;
    const context = await this.load(customerId, new Date(now));
    this.cached = { customerId, loadedAt: now, context };
    return context;
  }

  /** Forgets the loaded context: promotions or level prices changed elsewhere (the till's live poll says so). */
  invalidate(): void {
    this.cached = null;
  }

  /** The ticket priced for its customer; the same object when nothing changed. */
  async price(ticket: Ticket): Promise<Ticket> {
    return repriceTicket(ticket, await this.contextFor(ticket.customerId));
  }
}
