import type { CustomerGroup } from '../../src/core/customers/customers.service.js';
import { parseLocalDay } from '../../src/core/sales/promotions.service.js';
import { ENGINES } from '../helpers/engines.js';
import { coreFixture } from '../helpers/shop.js';

// "Now" for these tests: Sunday 22 November 2026, 10:00 local time.
const NOW = new Date(2026, 10, 22, 10, 0, 0);

describe.each(ENGINES)('promotions and price levels on %s', (engine) => {
  const fx = coreFixture(engine, { clock: () => NOW });
  let pros: CustomerGroup;
  let all: CustomerGroup;
  beforeAll(async () => {
    all = await fx.core.customers.defaultGroup();
    pros = await fx.core.customers.createGroup({ name: 'Professionnels', discountBp: 500, priceLevel: 'pro' });
  });

  test('parseLocalDay takes real days only', () => {
    expect(parseLocalDay('2026-11-22')?.getTime()).toBe(new Date(2026, 10, 22).getTime());
    for (const bad of ['2026-02-30', '22/11/2026', '2026-13-01', '']) expect(parseLocalDay(bad)).toBeNull();
  });

  test('creates each kind; a promotion covers whole local days, from and to included', async () => {
    const p = await fx.core.promotions.create({ name: 'Pâte 3 pour 2', kind: 'n_for_m', articleId: fx.shop.nutella.id, buyQty: 3, payQty: 2, from: '2026-11-22', to: '2026-11-30' });
    expect(p).toMatchObject({ kind: 'n_for_m', buyQty: 3, payQty: 2, articleName: 'Pâte à tartiner noisette', active: true });
    expect(p.startsAt).toBe(new Date(2026, 10, 22).toISOString());
    expect(p.endsAt).toBe(new Date(2026, 11, 1).toISOString());
    const cave = await fx.core.promotions.create({ name: 'Cave -20 %', kind: 'percent', categoryId: fx.shop.wine.categoryId, value: 2000, from: '2026-11-01', to: '2026-11-30' });
    expect(cave.categoryName).toBe('Cave');
    const fixed = await fx.core.promotions.create({ name: 'Comté à 29,90', kind: 'fixed_price', articleId: fx.shop.comte.id, value: 2990, from: '2026-11-22', to: '2026-11-22', customerGroupId: pros.id });
    expect(fixed.groupName).toBe('Professionnels');
    const ids = (await fx.core.promotions.list()).map((x) => x.id);
    expect(ids).toEqual(expect.arrayContaining([p.id, cave.id, fixed.id]));
  });

  test('bad input is refused with a clear message and creates nothing', async () => {
    const before = (await fx.core.promotions.list({ all: true })).length;
    const base = { name: 'X', kind: 'percent' as const, articleId: fx.shop.wine.id, value: 1000, from: '2026-11-22', to: '2026-11-23' };
    await expect(fx.core.promotions.create({ ...base, name: '  ' })).rejects.toThrow('Nom de la promotion obligatoire');
    await expect(fx.core.promotions.create({ ...base, kind: 'bogus' as never })).rejects.toThrow('Type de promotion inconnu');
    await expect(fx.core.promotions.create({ ...base, categoryId: fx.shop.wine.categoryId })).rejects.toThrow('un seul des deux');
    await expect(fx.core.promotions.create({ ...base, articleId: null })).rejects.toThrow('un article ou une catégorie');
    await expect(fx.core.promotions.create({ ...base, value: 0 })).rejects.toThrow('entre 0 et 100 %');
    await expect(fx.core.promotions.create({ ...base, value: 10001 })).rejects.toThrow('entre 0 et 100 %');
    await expect(fx.core.promotions.create({ ...base, kind: 'fixed_price', value: -5 })).rejects.toThrow('Prix promotionnel invalide');
    await expect(fx.core.promotions.create({ ...base, kind: 'n_for_m', buyQty: 2, payQty: 2 })).rejects.toThrow('1 ≤ M < N');
    await expect(fx.core.promotions.create({ ...base, from: '2026-02-30' })).rejects.toThrow('Date de début invalide');
    await expect(fx.core.promotions.create({ ...base, to: 'demain' })).rejects.toThrow('Date de fin invalide');
    await expect(fx.core.promotions.create({ ...base, from: '2026-11-24' })).rejects.toThrow('précède');
    await expect(fx.core.promotions.create({ ...base, articleId: 99999 })).rejects.toThrow('Article 99999 inconnu');
    await expect(fx.core.promotions.create({ ...base, articleId: null, categoryId: 99999 })).rejects.toThrow('Catégorie 99999 inconnue');
    await expect(fx.core.promotions.create({ ...base, customerGroupId: 99999 })).rejects.toThrow('Groupe de clients 99999 inconnu');
    expect((await fx.core.promotions.list({ all: true })).length).toBe(before);
  });

  test('ending a promotion stops it now; it stays in --all', async () => {
    const p = await fx.core.promotions.create({ name: 'Bref', kind: 'percent', articleId: fx.shop.wine.id, value: 500, from: '2026-11-20', to: '2026-12-31' });
    expect((await fx.core.promotions.pricingFor(null, NOW)).promotions.map((x) => x.id)).toContain(p.id);
    const ended = await fx.core.promotions.end(p.id);
    expect(ended.active).toBe(false);
    expect(ended.endsAt).toBe(NOW.toISOString());
    expect((await fx.core.promotions.list()).map((x) => x.id)).not.toContain(p.id);
    expect((await fx.core.promotions.list({ all: true })).map((x) => x.id)).toContain(p.id);
    expect((await fx.core.promotions.pricingFor(null, NOW)).promotions.map((x) => x.id)).not.toContain(p.id);
    await expect(fx.core.promotions.end(p.id)).rejects.toThrow('déjà terminée');
    await expect(fx.core.promotions.end(99999)).rejects.toThrow('Promotion 99999 inconnue');
  });

  test('price levels: set, change, list, remove; bad input refused', async () => {
    const set = await fx.core.promotions.setPrice({ level: 'pro', articleId: fx.shop.wine.id, price: 1100 });
    expect(set).toEqual({ level: 'pro', articleId: fx.shop.wine.id, articleName: 'Bordeaux Supérieur 2022', plu: '201', retailPrice: 1290, price: 1100 });
    await fx.core.promotions.setPrice({ level: 'pro', articleId: fx.shop.wine.id, price: 1050 });
    await fx.core.promotions.setPrice({ level: 'pro', articleId: fx.shop.nutella.id, price: 400 });
    await fx.core.promotions.setPrice({ level: 'gros', articleId: fx.shop.nutella.id, price: 380 });
    expect((await fx.core.promotions.prices({ level: 'pro' })).map((p) => [p.articleName, p.price])).toEqual([
      ['Bordeaux Supérieur 2022', 1050],
      ['Pâte à tartiner noisette', 400],
    ]);
    expect(await fx.core.promotions.prices()).toHaveLength(3);
    await fx.core.promotions.removePrice('gros', fx.shop.nutella.id);
    expect(await fx.core.promotions.prices({ level: 'gros' })).toEqual([]);
    await expect(fx.core.promotions.removePrice('gros', fx.shop.nutella.id)).rejects.toThrow('Aucun prix « gros »');
    await expect(fx.core.promotions.setPrice({ level: 'a b', articleId: fx.shop.wine.id, price: 1 })).rejects.toThrow('Niveau de prix');
    await expect(fx.core.promotions.setPrice({ level: 'pro', articleId: fx.shop.wine.id, price: -1 })).rejects.toThrow('Prix invalide');
    await expect(fx.core.promotions.setPrice({ level: 'pro', articleId: 99999, price: 1 })).rejects.toThrow('Article 99999 inconnu');
  });

  test('pricingFor: promotions on now for everyone or the group, level prices, the customer discount', async () => {
    const future = await fx.core.promotions.create({ name: 'Plus tard', kind: 'percent', articleId: fx.shop.wine.id, value: 500, from: '2026-12-01', to: '2026-12-31' });
    const walkIn = await fx.core.promotions.pricingFor(null, NOW);
    const names = walkIn.promotions.map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['Pâte 3 pour 2', 'Cave -20 %']));
    expect(names).not.toContain('Comté à 29,90'); // pros only
    expect(walkIn.promotions.map((p) => p.id)).not.toContain(future.id);
    expect(walkIn.levelPrices.size).toBe(0);
    expect(walkIn.customerDiscount).toBeNull();
    // Tomorrow, the one-day Comté promotion is over.
    const pro = await fx.core.customers.create({ code: '2900000000101', lastName: 'Boulangerie Martin', groupId: pros.id });
    const forPro = await fx.core.promotions.pricingFor(pro.id, NOW);
    expect(forPro.promotions.map((p) => p.name)).toContain('Comté à 29,90');
    expect((await fx.core.promotions.pricingFor(pro.id, new Date(2026, 10, 23, 9))).promotions.map((p) => p.name)).not.toContain('Comté à 29,90');
    expect(forPro.levelPrices.get(fx.shop.wine.id)).toBe(1050);
    expect(forPro.customerDiscount).toEqual({ bp: 500, label: 'Remise Professionnels 5 %' });
    // The customer's own discount and level win over the group's.
    const special = await fx.core.customers.create({ code: '2900000000102', lastName: 'Spécial', groupId: all.id, discountBp: 750, priceLevel: 'pro' });
    const forSpecial = await fx.core.promotions.pricingFor(special.id, NOW);
    expect(forSpecial.customerDiscount).toEqual({ bp: 750, label: 'Remise client 7,5 %' });
    expect(forSpecial.levelPrices.get(fx.shop.nutella.id)).toBe(400);
    expect(forSpecial.promotions.map((p) => p.name)).not.toContain('Comté à 29,90');
  });
});
