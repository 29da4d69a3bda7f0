// A guarded change and its audit event are one transaction: the event names
// the acting employee, and when the event cannot be written (here: the actor's
// till is unknown, so its audit chain refuses it) the change is not there
// either. Both engines.
import type { Actor } from '../../src/core/fiscal/audit.service.js';
import { ENGINES } from '../helpers/engines.js';
import { coreFixture } from '../helpers/shop.js';

describe.each(ENGINES)('audited changes on %s', (engine) => {
  const fx = coreFixture(engine);
  const nowhere = (): Actor => ({ employeeId: fx.shop.manager.id, tillId: 999 });
  const manager = (): Actor => ({ employeeId: fx.shop.manager.id, tillId: fx.core.tillId });
  const count = async (table: string) => Number((await fx.core.knex(table).count({ n: '*' }).first())!.n);
  const lastEvent = async () => fx.core.knex('audit_events').orderBy('id', 'desc').first('kind', 'employee_id', 'article_id', 'details');
  const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

  test('a failed audit leaves no change: promotion, level price, supplier, customer, cash, stock, order proposal, staff, VAT rates', async () => {
    const before = {
      promotions: await count('promotions'), prices: await count('article_prices'), suppliers: await count('suppliers'), customers: await count('customers'),
      cash: await count('cash_movements'), moves: await count('stock_moves'), orders: await count('purchase_orders'), audit: await count('audit_events'),
    };
    const promo = { name: 'Promo', kind: 'percent' as const, value: 1000, articleId: fx.shop.nutella.id, from: day(0), to: day(3) };
    await expect(fx.core.promotions.create(promo, nowhere())).rejects.toThrow('Caisse 999 inconnue');
    await expect(fx.core.promotions.setPrice({ level: 'pro', articleId: fx.shop.nutella.id, price: 100 }, nowhere())).rejects.toThrow('Caisse 999');
    await expect(fx.core.suppliers.create({ name: 'Fantôme', contact: '', email: '', phone: '', leadTimeDays: 2, minOrderValue: 0 }, nowhere())).rejects.toThrow('Caisse 999');
    await expect(fx.core.customers.create({ code: '1009', firstName: 'Ana' }, nowhere())).rejects.toThrow('Caisse 999');
    await expect(fx.core.customers.createMany([{ code: '1010', firstName: 'Bob' }], nowhere())).rejects.toThrow('Caisse 999');
    await expect(fx.core.closings.recordMovement({ kind: 'out', amount: 50000, reason: 'banque', employeeId: fx.shop.manager.id }, nowhere())).rejects.toThrow('Caisse 999');
    await expect(fx.core.stock.adjust(fx.shop.nutella.id, -1000, 'loss', {}, nowhere())).rejects.toThrow('Caisse 999');
    await expect(fx.core.stock.receive(fx.shop.nutella.id, 1000, {}, nowhere())).rejects.toThrow('Caisse 999');
    await expect(fx.core.purchasing.propose(undefined, nowhere())).rejects.toThrow('Caisse 999');
    const rates = await fx.core.taxRates.list();
    await expect(fx.core.taxRates.change(rates[0]!.id, { rateBp: 2100, label: 'TVA 21 %' }, nowhere())).rejects.toThrow('Caisse 999');
    await expect(fx.core.taxRates.create({ code: 'Z', label: 'TVA 0', rateBp: 0 }, nowhere())).rejects.toThrow('Caisse 999');
    expect(await fx.core.taxRates.list()).toEqual(rates);
    const staff = (await fx.core.staff.list()).length;
    await expect(fx.core.staff.create({ name: 'Paul', role: 'cashier', pin: '5829' }, { by: nowhere() })).rejects.toThrow('Caisse 999');
    await expect(fx.core.staff.changePin(fx.shop.cashier.id, '5829', { by: nowhere() })).rejects.toThrow('Caisse 999');
    expect((await fx.core.staff.list()).length).toBe(staff);
    expect((await fx.core.staff.authenticate('0000'))?.id).toBe(fx.shop.cashier.id);
    expect({
      promotions: await count('promotions'), prices: await count('article_prices'), suppliers: await count('suppliers'), customers: await count('customers'),
      cash: await count('cash_movements'), moves: await count('stock_moves'), orders: await count('purchase_orders'), audit: await count('audit_events'),
    }).toEqual(before);
    expect((await fx.core.catalog.requireArticle(fx.shop.nutella.id)).stockQty).toBe(fx.shop.nutella.stockQty);
  });

  test('with a known actor the change and its event, naming the employee, are both there', async () => {
    const promotion = await fx.core.promotions.create({ name: 'Promo', kind: 'percent', value: 1000, articleId: fx.shop.nutella.id, from: day(0), to: day(3) }, manager());
    expect(await lastEvent()).toMatchObject({ kind: 'promotion', employee_id: fx.shop.manager.id, article_id: fx.shop.nutella.id });
    expect(JSON.parse((await lastEvent()).details)).toMatchObject({ action: 'add', promotion: promotion.id, effect: 'percent', value: 1000 });
    await fx.core.closings.recordMovement({ kind: 'out', amount: 2500, reason: 'banque', employeeId: fx.shop.manager.id }, manager());
    expect(await lastEvent()).toMatchObject({ kind: 'cash_movement', employee_id: fx.shop.manager.id });
    expect(JSON.parse((await lastEvent()).details)).toMatchObject({ kind: 'out', amount: 2500, reason: 'banque' });
    await fx.core.stock.adjust(fx.shop.wine.id, -1000, 'loss', { employeeId: fx.shop.manager.id, tillId: fx.core.tillId }, manager());
    expect(await lastEvent()).toMatchObject({ kind: 'stock', employee_id: fx.shop.manager.id, article_id: fx.shop.wine.id });
    expect((await fx.core.journal.verify()).ok).toBe(true);
  });
});
