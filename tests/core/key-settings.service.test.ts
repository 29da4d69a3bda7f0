// The till's keys are settings (#18): a map the till could not use is refused
// by the settings service with the reason, and nothing changes; a good one is
// saved, audited, and is the map the till reads.
import { describeKeys, keyMapOf, KeyMapError } from '../../src/core/shop/key-map.js';
import { ENGINES } from '../helpers/engines.js';
import { coreFixture } from '../helpers/shop.js';

describe.each(ENGINES)('key settings on %s', (engine) => {
  const fx = coreFixture(engine);

  test('a conflicting map is refused and nothing is saved or audited', async () => {
    await fx.core.settings.set('till.tenderKeys', 'cash=B', { employeeId: null });
    const events = (await fx.core.audit.recent()).length;
    await expect(fx.core.settings.set('till.keys', 'search=Ctrl+K', { employeeId: null })).rejects.toThrow(
      "Ctrl+K sert à la fois à « customer » et à « search » (changez aussi l'une des deux)",
    );
    // the value replaces the stored one: card=E takes the default letter of cash, which it gives back
    await expect(fx.core.settings.set('till.tenderKeys', 'card=E', { employeeId: null })).rejects.toThrow(KeyMapError);
    await expect(fx.core.settings.setMany({ 'shop.name': 'Épicerie', 'till.keys': 'pay=Entrée' })).rejects.toThrow('réservée');
    expect(await fx.core.settings.get('till.keys')).toBe('');
    expect(await fx.core.settings.get('till.tenderKeys')).toBe('cash=B');
    expect(await fx.core.settings.get('shop.name')).toBe('Ma boutique');
    expect((await fx.core.audit.recent()).length).toBe(events);
  });

  test('a good map is saved, audited, and is the map the till reads', async () => {
    await fx.core.settings.set('till.keys', 'customer=F2,Alt+2; search=F3,Ctrl+K', { employeeId: null });
    const [event] = await fx.core.audit.recent();
    expect(event).toMatchObject({ kind: 'settings' });
    expect(JSON.parse(event!.details)).toEqual({ keys: ['till.keys'], value: 'customer=F2,Alt+2; search=F3,Ctrl+K' });
    const map = keyMapOf(await fx.core.settings.all());
    expect(describeKeys(map, 'search')).toBe('F3 / Ctrl+K');
    expect(map.tenders.cash).toBe('b');
    // an empty value gives the defaults back
    await fx.core.settings.set('till.keys', '', { employeeId: null });
    expect(describeKeys(keyMapOf(await fx.core.settings.all()), 'search')).toBe('F3 / Ctrl+F / Alt+3');
  });
});
