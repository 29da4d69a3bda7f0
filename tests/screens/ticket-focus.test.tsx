// Tab into the ticket selects a line at once (the last, the one F6/F7/Suppr
// act on by default), so the cashier sees what those keys will change.
import { tillFixture } from '../helpers/shop.js';
import { TAB, UP } from '../helpers/key-codes.js';


describe('Tab into the ticket', () => {
  const fx = tillFixture();

  test('selects the last line at once, ↑ moves from there, Tab back to the grid clears it', async () => {
    const { session: s, type } = await fx.till({ pin: '0000' });
    await type('101\r201\r');
    expect(s.getState().ticket.lines).toHaveLength(2);
    await type(TAB);
    expect(s.getState().focus).toBe('ticket');
    expect(s.getState().selectedLine).toBe(1);
    await type(UP);
    expect(s.getState().selectedLine).toBe(0);
    await type(TAB);
    expect(s.getState().focus).toBe('grid');
    expect(s.getState().selectedLine).toBeNull();
  });
});
