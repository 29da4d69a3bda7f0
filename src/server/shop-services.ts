// The services of one shop, for the server's requests that name a shop
// (/api/v1/shops/:shop/…, the ordering page's chosen shop). `pos serve` opens
// one core, whose shopId is its till's; another shop's stock, prices and
// orders are the same services built with that shop's id over the same
// connection and the same till (its audit chain). They are built once a shop
// and kept: a shop's id never changes, and a shop added while the server runs
// is found on its first request (the shops are read again on every lookup).
import type { FastifyRequest } from 'fastify';
import { NotFoundError } from '../core/basics/errors.js';
import { buildServices, type Core } from '../core/shop/core.service.js';
import type { Shop } from '../core/shop/shops.service.js';

/** What a route works through: the serve's own core, or a shop's services. */
export type ShopServices = Omit<Core, 'close'>;

/** How a route finds the services of the request's shop. */
export type ServicesOf = (request: FastifyRequest) => ShopServices;

export class ShopServicesCache {
  private readonly built = new Map<number, ShopServices>();

  constructor(private readonly core: Core) {
    this.built.set(core.shopId, core);
  }

  /** The services of a shop by its id (the serve's own core for its own shop). */
  forShop(shopId: number): ShopServices {
    let services = this.built.get(shopId);
    if (!services) {
      services = buildServices(this.core.knex, this.core.tillId, this.core.clock, shopId);
      this.built.set(shopId, services);
    }
    return services;
  }

  /** A shop by code or number, with its services; null for an unknown one. */
  async resolve(ref: string): Promise<{ shop: Shop; services: ShopServices } | null> {
    try {
      const shop = await this.core.shops.resolve(ref);
      return { shop, services: this.forShop(shop.id) };
    } catch (err) {
      if (err instanceof NotFoundError) return null;
      throw err;
    }
  }
}
