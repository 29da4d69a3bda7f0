// The shops of one company on one database (issue #22): each with its own
// name, address, SIRET, VAT number and receipt lines (its settings in
// shop_settings), its tills, its stock, and the prices, minimum stocks and
// reorder points it sets apart from the chain's catalogue. A database made
// before shops existed is shop 1 (« principal »), unchanged for its users.
import type { Knex } from 'knex';
import type { Clock } from '../basics/clock.js';
import { audited, appendAuditEvent, type Actor } from '../fiscal/audit.service.js';
import { InputError, NotFoundError, ValidationError } from '../basics/errors.js';
import { bool, num, numOrNull } from '../basics/row-values.js';
import { writeTransaction } from '../basics/transaction.service.js';
import { checkTextField } from '../basics/text-fields.js';
import { checkArticlePatch } from '../catalogue/article-rules.js';
import { TillsService } from './tills.service.js';
import { checkActsInShop } from '../staff/staff.service.js';
import { DEFAULT_SETTINGS, SettingsService, type ShopSettings } from './settings.service.js';

export interface Shop {
  id: number;
  /** short, lower case: what --shop takes */
  code: string;
  name: string;
  address: string[];
  siret: string;
  vatNumber: string;
  active: boolean;
  /** the ids of its tills */
  tills: number[];
}

export interface NewShop {
  code: string;
  name: string;
  address?: string[];
  siret?: string;
  vatNumber?: string;
  receiptHeader?: string[];
  receiptFooter?: string[];
}

/** What a shop sets apart from the catalogue for one article; null gives the catalogue's back. */
export interface ShopArticlePatch {
  price?: number | null;
  minStock?: number | null;
  reorderPoint?: number | null;
}

export interface ShopArticleValues {
  articleId: number;
  plu: string | null;
  name: string;
  stockQty: number;
  catalogPrice: number;
  price: number | null;
  minStock: number | null;
  reorderPoint: number | null;
}

const CODE = /^[a-z0-9][a-z0-9-]{0,19}$/;

/** A shop code as typed: trimmed, lower case, letters, digits and dashes (20 at most). */
export function checkShopCode(code: string): string {
  const clean = code.trim().toLowerCase();
  if (!CODE.test(clean)) throw new InputError(`Code de boutique invalide : « ${code.slice(0, 40)} » (lettres, chiffres et tirets, 20 au plus)`);
  if (/^\d+$/.test(clean)) throw new InputError(`Code de boutique invalide : « ${clean} » (un nombre se confondrait avec un numéro de boutique)`);
  return clean;
}

/** What a shop prints of itself, as its own settings (the fields given only); an empty name is refused. */
function ownSettingsOf(patch: Partial<Omit<NewShop, 'code'>>): Partial<ShopSettings> {
  const own: Partial<ShopSettings> = {};
  if (patch.name !== undefined) {
    const name = patch.name.trim();
    if (!name) throw new InputError('Nom de boutique obligatoire');
    checkTextField('shopName', name);
    own['shop.name'] = name;
  }
  if (patch.address !== undefined) own['shop.address'] = patch.address;
  if (patch.siret !== undefined) own['shop.siret'] = patch.siret;
  if (patch.vatNumber !== undefined) own['shop.vatNumber'] = patch.vatNumber.trim();
  if (patch.receiptHeader !== undefined) own['receipt.header'] = patch.receiptHeader;
  if (patch.receiptFooter !== undefined) own['receipt.footer'] = patch.receiptFooter;
  return own;
}

function settingValue(rows: Array<Record<string, unknown>>, key: string): unknown {
  const row = rows.find((r) => r.key === key);
  if (!row) return undefined;
  try {
    return JSON.parse(String(row.value));
  } catch {
    return undefined;
  }
}

export class ShopsService {
  /** Every change names the till whose audit chain records it through its Actor. */
  constructor(private readonly knex: Knex, private readonly clock: Clock) {}

  async list(): Promise<Shop[]> {
    const [shops, settings, tills] = await Promise.all([
      this.knex('shops').orderBy('id').select('id', 'code', 'active'),
      this.knex('shop_settings').whereIn('key', ['shop.name', 'shop.address', 'shop.siret', 'shop.vatNumber']).select('shop_id', 'key', 'value'),
      this.knex('tills').orderBy('id').select('id', 'shop_id'),
    ]);
    return shops.map((r) => {
      const id = num(r.id);
      const own = settings.filter((s) => num(s.shop_id) === id);
      const name = settingValue(own, 'shop.name');
      const address = settingValue(own, 'shop.address');
      return {
        id,
        code: String(r.code),
        name: typeof name === 'string' && name !== '' ? name : DEFAULT_SETTINGS['shop.name'], // what its receipts print
        address: Array.isArray(address) ? address.map(String) : [],
        siret: String(settingValue(own, 'shop.siret') ?? ''),
        vatNumber: String(settingValue(own, 'shop.vatNumber') ?? ''),
        active: bool(r.active),
        tills: tills.filter((t) => num(t.shop_id) === id).map((t) => num(t.id)),
      };
    });
  }

  async get(id: number): Promise<Shop | null> {
    return (await this.list()).find((s) => s.id === id) ?? null;
  }

  /** A shop by its code or its number, as typed after --shop. */
  async resolve(ref: string): Promise<Shop> {
    const text = ref.trim().toLowerCase();
    const shops = await this.list();
    const shop = /^\d+$/.test(text) ? shops.find((s) => s.id === Number(text)) : shops.find((s) => s.code === text);
    if (!shop) throw new NotFoundError(`Boutique « ${ref.slice(0, 40)} » inconnue (pos shops list les donne)`);
    return shop;
  }

  /** The shop a till belongs to (1 for a till not registered yet). */
  async ofTill(tillId: number): Promise<number> {
    const row = await this.knex('tills').where({ id: tillId }).first('shop_id');
    return row ? num(row.shop_id) : 1;
  }

  /**
   * Opens a shop: its row and its own settings, in one transaction with the
   * audit event naming who did it. Its stock starts empty (a delivery or a
   * transfer fills it); its tills are placed with placeTill.
   */
  async add(input: NewShop, actor: Actor): Promise<Shop> {
    const code = checkShopCode(input.code);
    const own = ownSettingsOf({ receiptFooter: ['Merci de votre visite !'], ...input });
    if (own['shop.name'] === undefined) throw new InputError('Nom de boutique obligatoire');
    const id = await audited(this.knex, actor, this.clock, async (trx) => {
      if (await trx('shops').where({ code }).first('id')) throw new ValidationError(`Une boutique a déjà le code « ${code} »`);
      const last = await trx('shops').max({ id: 'id' }).first();
      const shopId = num(last?.id ?? 0) + 1;
      await trx('shops').insert({ id: shopId, code, active: true, created_at: this.clock().toISOString() });
      // Its own settings go through the settings' own checks (SIRET, text), in this transaction.
      await new SettingsService(trx, this.clock, actor.tillId, shopId).setMany(own, { employeeId: actor.employeeId });
      return shopId;
    }, (shopId) => ({ kind: 'shop', details: { action: 'add', shopId, code, name: own['shop.name'], siret: own['shop.siret'] ?? '' } }));
    return (await this.get(id))!;
  }

  /**
   * Changes what a shop prints of itself (name, address, SIRET, VAT number,
   * receipt header and footer): its own settings, saved in one transaction with
   * one audited settings event naming the shop and who changed it.
   */
  async update(shopId: number, patch: Partial<Omit<NewShop, 'code'>>, actor: Actor): Promise<Shop> {
    if (!(await this.knex('shops').where({ id: shopId }).first('id'))) throw new NotFoundError(`Boutique ${shopId} inconnue`);
    const changes = ownSettingsOf(patch);
    if (Object.keys(changes).length === 0) throw new InputError('Rien à changer (--name, --address, --siret, --vat-number, --header, --footer)');
    await new SettingsService(this.knex, this.clock, actor.tillId, shopId).setMany(changes, { employeeId: actor.employeeId });
    return (await this.get(shopId))!;
  }

  /**
   * Puts a till in a shop, registering it if it is new. A till that has
   * already sold stays where it sold: its journal and its Z closings are that
   * shop's (a new till number is the way to move the hardware).
   */
  async placeTill(tillId: number, shopId: number, actor: Actor): Promise<void> {
    if (!Number.isSafeInteger(tillId) || tillId < 1) throw new InputError('Numéro de caisse invalide');
    await writeTransaction(this.knex, async (trx) => {
      const shop = await trx('shops').where({ id: shopId }).first('id', 'active');
      if (!shop) throw new NotFoundError(`Boutique ${shopId} inconnue`);
      if (!bool(shop.active)) throw new ValidationError(`La boutique ${shopId} est fermée`);
      const till = await trx('tills').where({ id: tillId }).first('shop_id', 'sale_seq', 'closing_seq');
      if (till && num(till.shop_id) === shopId) return;
      if (till && (num(till.sale_seq) > 0 || num(till.closing_seq) > 0)) {
        throw new ValidationError(`La caisse ${tillId} a déjà vendu dans la boutique ${num(till.shop_id)} : elle y reste (donnez un autre numéro à la caisse de la nouvelle boutique)`);
      }
      const at = this.clock().toISOString();
      if (till) await trx('tills').where({ id: tillId }).update({ shop_id: shopId });
      else await new TillsService(trx, this.clock).ensure(tillId, undefined, shopId);
      await appendAuditEvent(trx, actor.tillId, { kind: 'shop', employeeId: actor.employeeId, details: { action: 'place-till', tillId, shopId, from: till ? num(till.shop_id) : null } }, new Date(at));
    });
  }

  /**
   * Sets what a shop keeps apart from the catalogue for an article (its
   * price, minimum stock, reorder point; null: the catalogue's again). A price
   * change is a price_change event of the journal, naming the shop, as a
   * catalogue one is.
   */
  async setArticle(shopId: number, articleId: number, patch: ShopArticlePatch, actor: Actor): Promise<ShopArticleValues> {
    // The same bounds as the catalogue's own values (null gives the catalogue's back).
    checkArticlePatch({
      ...(patch.price !== undefined && patch.price !== null ? { price: patch.price } : {}),
      ...(patch.minStock !== undefined && patch.minStock !== null ? { minStock: patch.minStock } : {}),
      ...(patch.reorderPoint !== undefined ? { reorderPoint: patch.reorderPoint } : {}),
    });
    if (patch.price === undefined && patch.minStock === undefined && patch.reorderPoint === undefined) throw new InputError('Rien à changer (--price, --min-stock, --reorder-point)');
    const at = this.clock();
    await writeTransaction(this.knex, async (trx) => {
      if (!(await trx('shops').where({ id: shopId }).first('id'))) throw new NotFoundError(`Boutique ${shopId} inconnue`);
      await checkActsInShop(trx, actor, shopId); // a shop's prices are set by its staff (or an owner)
      const article = await trx('articles').where({ id: articleId }).first('id', 'plu', 'name', 'price');
      if (!article) throw new NotFoundError(`Article ${articleId} introuvable`);
      const before = await trx('shop_articles').where({ shop_id: shopId, article_id: articleId }).first('price', 'min_stock', 'reorder_point');
      const row: Record<string, unknown> = { changed_at: at.toISOString() };
      if (patch.price !== undefined) row.price = patch.price;
      if (patch.minStock !== undefined) row.min_stock = patch.minStock;
      if (patch.reorderPoint !== undefined) row.reorder_point = patch.reorderPoint;
      await trx('shop_articles').insert({ shop_id: shopId, article_id: articleId, stock_qty: 0, ...row }).onConflict(['shop_id', 'article_id']).merge(Object.keys(row));
      const oldPrice = numOrNull(before?.price) ?? num(article.price);
      const newPrice = patch.price === undefined ? oldPrice : patch.price ?? num(article.price);
      if (newPrice !== oldPrice) {
        await appendAuditEvent(trx, actor.tillId, { kind: 'price_change', employeeId: actor.employeeId, approverId: actor.approverId ?? null, articleId, details: { plu: article.plu, name: article.name, oldPrice, newPrice, shopId } }, at);
      }
      await appendAuditEvent(trx, actor.tillId, { kind: 'shop', employeeId: actor.employeeId, approverId: actor.approverId ?? null, articleId, details: { action: 'set-article', shopId, ...patch } }, at);
    });
    return (await this.articleValues(shopId, [articleId]))[0]!;
  }

  /**
   * Lays out a category's grid the shop's own way (own: true), starting from
   * the catalogue's layout, which its tills and back office then move without
   * touching the other shops'; or gives it the catalogue's layout back (own:
   * false). Audited under the actor, who must work in the shop.
   */
  async ownGrid(shopId: number, categoryId: number, own: boolean, actor: Actor): Promise<void> {
    const at = this.clock();
    await writeTransaction(this.knex, async (trx) => {
      if (!(await trx('shops').where({ id: shopId }).first('id'))) throw new NotFoundError(`Boutique ${shopId} inconnue`);
      const category = await trx('categories').where({ id: categoryId }).first('name');
      if (!category) throw new NotFoundError(`Rayon ${categoryId} introuvable`);
      await checkActsInShop(trx, actor, shopId);
      const has = Boolean(await trx('shop_grids').where({ shop_id: shopId, category_id: categoryId }).first('category_id'));
      if (has === own) throw new ValidationError(own ? `La boutique a déjà sa propre grille pour « ${String(category.name)} »` : `La boutique montre déjà la grille du catalogue pour « ${String(category.name)} »`);
      const articles = await trx('articles').where({ category_id: categoryId }).orderBy('id').select('id', 'grid_position');
      const changedAt = at.toISOString();
      if (own) await trx('shop_grids').insert({ shop_id: shopId, category_id: categoryId, created_at: changedAt });
      else await trx('shop_grids').where({ shop_id: shopId, category_id: categoryId }).delete();
      // Each article's row says its new place (the catalogue's to start with, none when given back), and its tills re-read it.
      for (const a of articles) {
        const place = own ? numOrNull(a.grid_position) : null;
        await trx('shop_articles').insert({ shop_id: shopId, article_id: num(a.id), stock_qty: 0, grid_position: place, changed_at: changedAt }).onConflict(['shop_id', 'article_id']).merge(['grid_position', 'changed_at']);
      }
      await appendAuditEvent(trx, actor.tillId, { kind: 'shop', employeeId: actor.employeeId, approverId: actor.approverId ?? null, details: { action: own ? 'own-grid' : 'catalogue-grid', shopId, categoryId } }, at);
    });
  }

  /** What the shop sets apart from the catalogue, article by article (every article it has a row for when `ids` is left out). */
  async articleValues(shopId: number, ids?: number[]): Promise<ShopArticleValues[]> {
    const q = this.knex('shop_articles as sa').join('articles as a', 'a.id', 'sa.article_id').where('sa.shop_id', shopId).orderBy('a.name_search')
      .select('a.id', 'a.plu', 'a.name', 'a.price as catalog_price', 'sa.stock_qty', 'sa.price', 'sa.min_stock', 'sa.reorder_point');
    if (ids) q.whereIn('a.id', ids);
    else q.where((w) => w.whereNotNull('sa.price').orWhereNotNull('sa.min_stock').orWhereNotNull('sa.reorder_point'));
    return (await q).map((r) => ({
      articleId: num(r.id),
      plu: r.plu === null || r.plu === undefined ? null : String(r.plu),
      name: String(r.name),
      stockQty: num(r.stock_qty),
      catalogPrice: num(r.catalog_price),
      price: numOrNull(r.price),
      minStock: numOrNull(r.min_stock),
      reorderPoint: numOrNull(r.reorder_point),
    }));
  }
}
