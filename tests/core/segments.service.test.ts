// Customer segments and marketing consent on SQLite and PostgreSQL: consent
// dated by the service when it changes and audited with who changed it;
// segments computed from a seeded history (lapsed at the 60th day, returns
// deducted, returns alone no visit, --since, categories) with a constant
// number of queries; saved segments; a promotion limited to a segment priced
// for a member and not for others.
import { actorOf } from '../../src/core/fiscal/audit.service.js';
import type { Customer } from '../../src/core/customers/customers.service.js';
import { NO_CRITERIA, type SegmentCriteria } from '../../src/core/customers/segment.js';
import { setCustomer } from '../../src/core/sales/ticket.js';
import { ENGINES } from '../helpers/engines.js';
import { coreFixture, type ShopArticle } from '../helpers/shop.js';

// "Now": Monday 7 December 2026, 10:00 local time; day(-n) is n days before, same hour.
const TODAY = new Date(2026, 11, 7, 10, 0, 0);
const day = (offset: number) => new Date(2026, 11, 7 + offset, 10, 0, 0);
const details = (e: { details: unknown }) => (typeof e.details === 'string' ? JSON.parse(e.details) : e.details) as Record<string, unknown>;
const criteria = (c: Partial<SegmentCriteria>): SegmentCriteria => ({ ...NO_CRITERIA, ...c });

describe.each(ENGINES)('customer segments on %s', (engine) => {
  let now = day(-120);
  const fx = coreFixture(engine, { clock: () => now });
  let ana: Customer, bob: Customer, chloe: Customer, dan: Customer, eve: Customer;
  const sell = async (at: Date, customer: Customer, items: Array<[ShopArticle, number]>, amount: number) => {
    now = at;
    await fx.core.sales.complete(setCustomer(fx.ticketOf(...items), customer.id), [{ method: amount < 0 ? 'cash' : 'card', amount }], fx.shop.manager.id);
  };
  const codes = async (c: Partial<SegmentCriteria>) => (await fx.core.segments.members(criteria(c))).map((m) => m.customer.code);

  beforeAll(async () => {
    ana = await fx.core.customers.create({ code: 'C-ANA', firstName: 'Ana', lastName: 'Alves', email: 'ana@example.com', marketingConsent: true });
    bob = await fx.core.customers.create({ code: 'C-BOB', firstName: 'Bob', lastName: 'Bernard' });
    chloe = await fx.core.customers.create({ code: 'C-CHLOE', firstName: 'Chloé', lastName: 'Carré', marketingConsent: true });
    dan = await fx.core.customers.create({ code: 'C-DAN', firstName: 'Dan', lastName: 'Dumas' });
    eve = await fx.core.customers.create({ code: 'C-EVE', firstName: 'Eve', lastName: 'Etienne', marketingConsent: true });
    await sell(day(-100), ana, [['wine', 1000]], 1290);
    await sell(day(-61), ana, [['nutella', 2000]], 900);
    await sell(day(-60), bob, [['wine', 1000]], 1290);
    await sell(day(-59), bob, [['wine', -1000]], -1290);
    await sell(day(-59), chloe, [['nutella', 1000]], 450);
    await sell(day(-5), dan, [['nutella', -1000]], -450);
    now = TODAY;
  });

  test('consent: dated by the service when given, unchanged by other edits, re-dated when withdrawn, audited with who', async () => {
    expect(ana).toMatchObject({ marketingConsent: true, marketingConsentAt: day(-120).toISOString() });
    expect(bob).toMatchObject({ marketingConsent: false, marketingConsentAt: null });
    const manager = actorOf(fx.shop.manager, fx.core.tillId);
    now = new Date(2026, 11, 7, 11, 0, 0);
    const edited = await fx.core.customers.update(ana.id, { code: ana.code, city: 'Lyon' }, manager);
    expect(edited).toMatchObject({ city: 'Lyon', marketingConsent: true, marketingConsentAt: day(-120).toISOString() });
    now = new Date(2026, 11, 7, 12, 0, 0);
    const withdrawn = await fx.core.customers.update(ana.id, { code: ana.code, marketingConsent: false }, manager);
    expect(withdrawn).toMatchObject({ marketingConsent: false, marketingConsentAt: now.toISOString() });
    const [row] = await fx.core.knex('customers').where({ id: ana.id }).select('updated_at');
    expect(row.updated_at).toBe(now.toISOString());
    const events = (await fx.core.audit.recent(5)).filter((e) => e.kind === 'customer');
    expect(events[0]!.employeeId).toBe(fx.shop.manager.id);
    expect(details(events[0]!)).toMatchObject({ action: 'set', customer: ana.id, marketingConsent: false });
    // The edit that left consent alone says nothing of it.
    expect(details(events[1]!)).not.toHaveProperty('marketingConsent');
    now = new Date(2026, 11, 7, 13, 0, 0);
    const given = await fx.core.customers.update(ana.id, { code: ana.code, marketingConsent: true }, manager);
    expect(given).toMatchObject({ marketingConsent: true, marketingConsentAt: now.toISOString() });
    await expect(fx.core.customers.update(ana.id, { code: ana.code, marketingConsent: 'oui' as never })).rejects.toThrow('Consentement marketing : oui ou non');
    now = TODAY;
  });

  test('lapsed 60: a last visit 61 and 60 days ago is lapsed, 59 is not; a return alone is no visit; nobody without sales', async () => {
    expect(await codes({ lapsedDays: 60 })).toEqual(['C-ANA', 'C-BOB']);
    expect(await codes({ lapsedDays: 61 })).toEqual(['C-ANA']);
    expect(await codes({ recentDays: 60 })).toEqual(['C-CHLOE']);
    expect(await codes({})).toEqual(expect.arrayContaining(['C-ANA', 'C-BOB', 'C-CHLOE', 'C-DAN', 'C-EVE']));
  });

  test('activity: visits, spent net of returns, last visit, categories by amount', async () => {
    const members = new Map((await fx.core.segments.members(NO_CRITERIA)).map((m) => [m.customer.code, m]));
    expect(members.get('C-ANA')).toMatchObject({ activity: { visits: 2, spent: 2190, lastVisit: '2026-10-07' }, daysSinceVisit: 61, topCategories: ['Cave', 'Épicerie'] });
    expect(members.get('C-BOB')).toMatchObject({ activity: { visits: 1, spent: 0, lastVisit: '2026-10-08' }, daysSinceVisit: 60, topCategories: [] });
    expect(members.get('C-DAN')).toMatchObject({ activity: { visits: 0, spent: -450, lastVisit: null }, daysSinceVisit: null, topCategories: [] });
    expect(members.get('C-EVE')).toMatchObject({ activity: { visits: 0, spent: 0, lastVisit: null, categories: [] }, daysSinceVisit: null });
    expect(await codes({ lapsedDays: 60, minSpent: 1000 })).toEqual(['C-ANA']);
    expect(await codes({ minVisits: 2 })).toEqual(['C-ANA']);
    expect(await codes({ category: 'cave' })).toEqual(['C-ANA']);
    expect(await codes({ consenting: true })).toEqual(['C-ANA', 'C-CHLOE', 'C-EVE']);
    await expect(fx.core.segments.members(criteria({ category: 'Surgelés' }))).rejects.toThrow('Catégorie « Surgelés » introuvable');
  });

  test('--since counts visits, spending and categories from that day, not the last visit', async () => {
    const [a] = await fx.core.segments.members(criteria({ since: '2026-09-28', minVisits: 1, consenting: true }));
    expect(a).toMatchObject({ customer: { code: 'C-ANA' }, activity: { visits: 1, spent: 900, lastVisit: '2026-10-07' }, topCategories: ['Épicerie'] });
    expect(await codes({ since: '2026-09-28', category: 'Cave' })).toEqual([]);
  });

  test('the queries do not grow with the customers (no query per customer)', async () => {
    const count = async () => {
      let n = 0;
      const listen = () => n++;
      fx.core.knex.on('query', listen);
      await fx.core.segments.members(criteria({ lapsedDays: 1 }));
      fx.core.knex.off('query', listen);
      return n;
    };
    const before = await count();
    for (let i = 0; i < 5; i++) {
      const c = await fx.core.customers.create({ code: `C-MORE-${i}`, lastName: `Plus ${i}` });
      await sell(day(-3), c, [['nutella', 1000]], 450);
    }
    now = TODAY;
    expect(await count()).toBe(before);
    expect(before).toBeLessThanOrEqual(4);
  });

  test('saved segments: saved under who saved them, listed, names unique; removal refused while a promotion uses it', async () => {
    const manager = actorOf(fx.shop.manager, fx.core.tillId);
    const saved = await fx.core.segments.save('Perdus de vue', criteria({ lapsedDays: 60 }), manager);
    expect(saved).toMatchObject({ name: 'Perdus de vue', criteria: { lapsedDays: 60 }, createdBy: fx.shop.manager.name, promotions: [] });
    await expect(fx.core.segments.save('Perdus de vue', criteria({}))).rejects.toThrow('Le segment « Perdus de vue » existe déjà');
    await expect(fx.core.segments.save('perdus de VUE ', criteria({}))).rejects.toThrow('Le segment « Perdus de vue » existe déjà');
    await expect(fx.core.segments.save('', criteria({}))).rejects.toThrow('Nom du segment obligatoire');
    await expect(fx.core.segments.save('X\u001b[41m', criteria({}))).rejects.toThrow('caractère de contrôle');
    expect((await fx.core.segments.byName('PERDUS DE VUE')).id).toBe(saved.id);

    const promo = await fx.core.promotions.create({ name: 'Revenez -10 %', kind: 'percent', categoryId: fx.shop.wine.categoryId, value: 1000, from: '2026-12-01', to: '2026-12-31', customerSegmentId: saved.id }, manager);
    expect(promo).toMatchObject({ customerSegmentId: saved.id, segmentName: 'Perdus de vue' });
    // Priced for a member (Ana, last visit 61 days ago), not for Chloé (59) nor for nobody.
    const ids = async (customerId: number | null) => (await fx.core.promotions.pricingFor(customerId, TODAY)).promotions.map((p) => p.id);
    expect(await ids(ana.id)).toContain(promo.id);
    expect(await ids(chloe.id)).not.toContain(promo.id);
    expect(await ids(dan.id)).not.toContain(promo.id);
    expect(await ids(null)).not.toContain(promo.id);

    await expect(fx.core.segments.remove('Perdus de vue', manager)).rejects.toThrow(`Le segment « Perdus de vue » sert à la promotion ${promo.id} « Revenez -10 % » : il ne peut pas être supprimé`);
    expect((await fx.core.segments.list()).map((s) => [s.name, s.promotions.map((p) => p.id)])).toEqual([['Perdus de vue', [promo.id]]]);
    const other = await fx.core.segments.save('Fidèles', criteria({ minVisits: 2 }), manager);
    expect((await fx.core.segments.remove('fideles', manager)).id).toBe(other.id);
    expect((await fx.core.segments.list()).map((s) => s.name)).toEqual(['Perdus de vue']);
    const actions = (await fx.core.audit.recent(10)).filter((e) => e.kind === 'customer').map((e) => details(e).action);
    expect(actions).toEqual(expect.arrayContaining(['add-segment', 'remove-segment']));
  });

  test('a segment row edited by hand into nonsense: listed as an error, its promotion applies to nobody, the sale goes on', async () => {
    const id = (await fx.core.segments.save('Abîmé', criteria({ minVisits: 1 }))).id;
    const promo = await fx.core.promotions.create({ name: 'Abîmée', kind: 'percent', articleId: fx.shop.nutella.id, value: 500, from: '2026-12-01', to: '2026-12-31', customerSegmentId: id });
    expect((await fx.core.promotions.pricingFor(ana.id, TODAY)).promotions.map((p) => p.id)).toContain(promo.id);
    await fx.core.knex('customer_segments').where({ id }).update({ criteria: '{"minVisits":-1}' });
    expect((await fx.core.promotions.pricingFor(ana.id, TODAY)).promotions.map((p) => p.id)).not.toContain(promo.id);
    await expect(fx.core.segments.byName('Abîmé')).rejects.toThrow('Segment « Abîmé » illisible dans la base');
  });
});
