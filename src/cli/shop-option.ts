// `--shop <code|n>` and `--by-shop`, which every report, the consolidated
// closing and the FEC take (issue #22): one shop (its tills' sales, closings,
// events), or a column a shop beside the company's. Each command has its own
// options for their help; the value is the global --shop's (withGlobalShop).
// Without either, a report is the company's: on a one-shop database, as before.
import { Option } from 'commander';
import { NotFoundError } from '../core/basics/errors.js';
import type { Core } from '../core/shop/core.service.js';
import type { Shop } from '../core/shop/shops.service.js';
import type { ShopColumn } from '../core/fiscal/shop-columns.js';
import { globalsOf, UsageError } from './context.js';
import type { Command } from 'commander';

export interface ShopOptions {
  shop?: string;
  byShop?: boolean;
}

export const shopOption = (description = 'une seule boutique (son code ou son numéro) : les ventes de ses caisses') => new Option('--shop <code|n>', description);
export const byShopOption = () => new Option('--by-shop', 'vue consolidée : une colonne par boutique et le total de la société');

/**
 * The options with --shop read where commander puts it: `pos … --shop port`
 * is the global option of `pos` wherever it is typed (it also opens the
 * command on that shop), so a command's own --shop (kept for its help) never
 * receives it. POS_SHOP counts too.
 */
export function withGlobalShop<T extends ShopOptions>(opts: T, command: Command): T {
  return { ...opts, shop: opts.shop ?? globalsOf(command).shop };
}

/** Refuses --shop with --by-shop before anything is opened. */
export function checkShopOptions(opts: ShopOptions): void {
  if (opts.shop !== undefined && opts.byShop) throw new UsageError('--shop et --by-shop ne vont pas ensemble : une boutique, ou une colonne par boutique');
  if (opts.shop !== undefined && opts.shop.trim() === '') throw new UsageError('--shop attend le code ou le numéro d\'une boutique');
}

/** The shop named by --shop, or undefined (the company); an unknown one is a usage error (exit 2). */
export async function shopOf(core: Core, opts: ShopOptions): Promise<Shop | undefined> {
  if (opts.shop === undefined) return undefined;
  try {
    return await core.shops.resolve(opts.shop);
  } catch (err) {
    if (err instanceof NotFoundError) throw new UsageError(`--shop : ${err.message}`);
    throw err;
  }
}

/** --till with --shop: the till must be one of the shop's, or the report would be empty for a reason nobody sees. */
export function checkTillInShop(tillId: number | undefined, shop: Shop | undefined): void {
  if (tillId === undefined || shop === undefined || shop.tills.includes(tillId)) return;
  throw new UsageError(`--till ${tillId} : cette caisse n'est pas dans la boutique ${shop.code} (ses caisses : ${shop.tills.join(', ') || 'aucune'})`);
}

/** Every shop, as the columns of a consolidated view. */
export async function shopColumnsOf(core: Core): Promise<ShopColumn[]> {
  return (await core.shops.list()).map((s) => ({ id: s.id, code: s.code, name: s.name }));
}

/** What a title says of the scope: nothing for the company, « boutique port (Épicerie du Port) » for one shop. */
export function shopTitle(shop: Shop | undefined): string {
  return shop ? ` (boutique ${shop.code}, ${shop.name})` : '';
}
