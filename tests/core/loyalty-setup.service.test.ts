// Setting up the loyalty programme on SQLite and PostgreSQL: the effect of a
// change on the cards in progress (threshold, criterion, switching off),
// counted before and applied with its audit event; bad values refused with
// nothing changed; the free article looked up by PLU or barcode.
import { sellable, type Article } from '../../src/core/catalogue/article.js';
import { actorOf } from '../../src/core/fiscal/audit.service.js';
import type { Customer } from '../../src/core/customers/customers.service.js';
import { describeLoyaltyEffect } from '../../src/core/customers/loyalty-setup.js';
import { addLine, computeTotals, setCustomer } from '../../src/core/sales/ticket.js';
import { ENGINES } from '../helpers/engines.js';
import { coreFixture } from '../helpers/shop.js';

describe.each(ENGINES)('loyalty set-up on %s', (engine) => {
  let coffee: Article; // 10 points a unit, 3.00 €
  let alice: Customer;
  let bruno: Customer;
  let chloe: Customer;
  let now = new Date('2026-11-20T09:00:00.000Z');
  const fx = coreFixture(engine, { clock: () => now });
  const manager = () => actorOf(fx.shop.manager, fx.core.tillId);

  const pay = async (customer: Customer, units: number) => {
    now = new Date(now.getTime() + 60_000);
    const ticket = setCustomer(addLine(fx.core.tickets.create(), sellable(coffee), units * 1000), customer.id);
    await fx.core.sales.complete(ticket, [{ method: 'cash', amount: computeTotals(ticket).total }], fx.shop.cashier.id);
  };
  const settingsRows = async () => (await fx.core.knex('settings').where('key', 'like', 'loyalty.%').orderBy('key')).map((r) => [r.key, r.value]);

  beforeAll(async () => {
    coffee = await fx.core.catalog.createArticle({
      plu: '301', name: 'Café en grains', categoryId: fx.shop.nutella.categoryId, price: 300, taxRateId: fx.shop.nutella.taxRateId, loyaltyPoints: 10, initialStock: 100_000,
    });
    alice = await fx.core.customers.create({ code: '2900000000017', firstName: 'Alice', lastName: 'Martin' });
    bruno = await fx.core.customers.create({ code: '2900000000024', firstName: 'Bruno', lastName: 'Petit' });
    chloe = await fx.core.customers.create({ code: '2900000000031', firstName: 'Chloé', lastName: 'Roux' });
    await pay(alice, 9); // 90 points
    await pay(bruno, 11); // 110 points: complete
    await pay(chloe, 3); // 30 points
    await pay(chloe, 1); // a second visit
  });

  test('show: the settings, the free article, the cards in progress and complete', async () => {
    const o = await fx.core.loyalty.overview();
    expect(o).toMatchObject({ settings: { enabled: true, criterion: 'points', threshold: 100 }, article: null, inProgress: 3, complete: 1 });
  });

  test('a lower threshold, planned: two cards in progress become complete... nothing written until applied', async () => {
    const before = await settingsRows();
    const plan = await fx.core.loyalty.plan({ threshold: '80' });
    expect(plan.effect).toMatchObject({ inProgress: 3, complete: 1, inProgressAfter: 3, completeAfter: 2, becomeComplete: 1, noLongerComplete: 0 });
    expect(describeLoyaltyEffect(plan.effect)[0]).toBe('Seuil 100 points → 80 points : 3 cartes en cours, 1 devient complète, 0 ne l’est plus ; la progression de chaque carte est gardée.');
    expect(await settingsRows()).toEqual(before);
  });

  test('a higher threshold applied: progress kept, the complete card no longer is; one audit event with the effect', async () => {
    const plan = await fx.core.loyalty.configure({ threshold: '120' }, manager());
    expect(plan.effect).toMatchObject({ becomeComplete: 0, noLongerComplete: 1 });
    expect(await fx.core.loyalty.status(bruno.id)).toMatchObject({ progress: 110, threshold: 120, complete: false });
    const events = await fx.core.knex('audit_events').where({ kind: 'settings' });
    expect(events).toHaveLength(1);
    expect(events[0].employee_id).toBe(fx.shop.manager.id);
    expect(JSON.parse(events[0].details)).toMatchObject({ action: 'loyalty', values: { 'loyalty.threshold': 120 }, effect: { noLongerComplete: 1, inProgress: 3 } });
  });

  test('a new criterion sets the points cards aside; visits start from each customer’s visits in that unit (none yet)', async () => {
    const plan = await fx.core.loyalty.plan({ criterion: 'visites', threshold: '2' });
    expect(plan.next).toMatchObject({ criterion: 'visits', threshold: 2 });
    expect(plan.effect).toMatchObject({ inProgress: 3, complete: 0, inProgressAfter: 0, completeAfter: 0 });
    expect(describeLoyaltyEffect(plan.effect)).toEqual([
      'Critère points → visites : 3 cartes en cours en points mises de côté, sans conversion.',
      "En visites, chaque carte repart de ce qu'elle avait dans cette unité (zéro si jamais utilisée) : 0 carte en cours, 0 complète.",
    ]);
    await fx.core.loyalty.configure({ criterion: 'visits', threshold: '2' }, manager());
    expect(await fx.core.loyalty.status(chloe.id)).toMatchObject({ criterion: 'visits', progress: 0 });
    await pay(chloe, 1);
    await pay(chloe, 1);
    expect(await fx.core.loyalty.status(chloe.id)).toMatchObject({ progress: 2, complete: true });
    // Back to points: the points cards are where they were left.
    const back = await fx.core.loyalty.plan({ criterion: 'points', threshold: '100' });
    expect(back.effect).toMatchObject({ inProgress: 1, complete: 1, inProgressAfter: 3, completeAfter: 1, noLongerComplete: 1, becomeComplete: 1 });
    expect(describeLoyaltyEffect(back.effect, 'en').join(' ')).toContain('1 complete loses its pending reward');
  });

  test('the spent criterion counts euros; the reward becomes a free article found by PLU or barcode', async () => {
    const plan = await fx.core.loyalty.configure({ criterion: 'spent', threshold: '150,00', rewardKind: 'article', rewardArticle: '3017620422003' }, manager());
    expect(plan.next).toMatchObject({ criterion: 'spent', threshold: 15_000, reward: { kind: 'article', value: 0, articleId: fx.shop.nutella.id } });
    expect(plan.article).toBe('Pâte à tartiner noisette (101)');
    expect((await fx.core.loyalty.overview()).article).toBe('Pâte à tartiner noisette (101)');
  });

  test.each([
    [{ threshold: '0' }, 'seuil « 0 » : un montant en euros plus grand que zéro'],
    [{ criterion: 'points', threshold: '12,5' }, 'seuil « 12,5 » : un nombre entier de 1 à 1000000'],
    [{ criterion: 'stars' }, 'critère « stars » inconnu'],
    [{ criterion: 'visits' }, 'le critère devient « visits » : donnez aussi le seuil dans cette unité (--threshold)'],
    [{ enabled: 'peut-être' }, 'programme « peut-être » : oui ou non'],
    [{ rewardKind: 'percent' }, 'la récompense devient « percent » : donnez aussi sa valeur (--value)'],
    [{ rewardKind: 'percent', rewardValue: '150' }, 'valeur « 150 » : un pourcentage de plus de 0 à 100'],
    [{ rewardKind: 'voucher', rewardValue: '5\u0007€' }, 'valeur « 5?€ »'],
    [{ rewardKind: 'amount', rewardValue: '5', rewardArticle: '101' }, '--article ne vaut que pour la récompense « article »'],
    [{ rewardArticle: '999999' }, 'article « 999999 » introuvable'],
    [{ rewardArticle: '10001' }, 'se vend au poids'],
    [{ threshold: 'x'.repeat(10_000) }, `seuil « ${'x'.repeat(30)}… »`],
  ])('refused, nothing changed: %j', async (text, message) => {
    const before = await settingsRows();
    await expect(fx.core.loyalty.configure(text, manager())).rejects.toThrow(message);
    expect(await settingsRows()).toEqual(before);
  });

  test('switched off: the cards are kept, the status is hidden; the English effect says so', async () => {
    const plan = await fx.core.loyalty.configure({ enabled: 'non' }, manager());
    expect(describeLoyaltyEffect(plan.effect, 'en').at(-1)).toBe('Programme off: cards are kept, nothing is counted or shown.');
    expect(await fx.core.loyalty.status(alice.id)).toBeNull();
    await fx.core.loyalty.configure({ enabled: 'oui', criterion: 'points', threshold: '100', rewardKind: 'amount', rewardValue: '5' }, manager());
    expect(await fx.core.loyalty.status(alice.id)).toMatchObject({ progress: 90, criterion: 'points' });
    expect((await fx.core.loyalty.settings()).reward).toEqual({ kind: 'amount', value: 500, articleId: null });
  });
});
