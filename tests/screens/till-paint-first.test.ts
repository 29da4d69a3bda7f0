// A scanned line is painted first and saved right after (one small row), so
// the frame never waits for the disk; an audited change is still saved with
// its events before it shows. A save the database refuses after the paint is
// said like any fault, and the next save writes the whole ticket again.
import { until } from '../helpers/until.js';
import { refuseWrites } from '../helpers/refused-writes.js';
import { tillFixture } from '../helpers/shop.js';
import { ENGINES } from '../helpers/engines.js';

describe.each(ENGINES)('paint first, then save, on %s', (engine) => {
  const fx = tillFixture(engine);

  test('the scanned line shows even when its save fails; the fault is said; the next save keeps every line', async () => {
    const { session, type } = await fx.till({ pin: '0000' });
    await type(`${fx.shop.nutella.plu}\r`);
    await session.saved();
    expect((await fx.core.tickets.restore())?.lines).toHaveLength(1);

    const allow = await refuseWrites(fx.core.knex, 'open_ticket_lines', 'INSERT');
    try {
      await type(`${fx.shop.wine.plu}\r`);
      // Painted before the save was even tried.
      expect(session.getState().ticket.lines.map((l) => l.articleId)).toEqual([fx.shop.nutella.id, fx.shop.wine.id]);
      await session.saved();
      await until(() => session.getState().database.ok === false, 'the refused save said as a fault');
      expect(session.getState().message?.kind).toBe('error');
    } finally {
      await allow();
    }
    await type(`${fx.shop.nutella.plu}\r`);
    await session.saved();
    expect((await fx.core.tickets.restore())?.lines.map((l) => l.articleId)).toEqual([fx.shop.nutella.id, fx.shop.wine.id, fx.shop.nutella.id]);
  });

  test('a scan is told to the screen once, with its line (not the code on the input line, then the cleared line, then the line)', async () => {
    const { session, type } = await fx.till({ pin: '0000' });
    const seen: Array<{ input: string; last: number | null | undefined }> = [];
    const stop = session.subscribe(() => seen.push({ input: session.getState().input, last: session.getState().ticket.lines.at(-1)?.articleId }));
    try {
      await type('3760123450010\r'); // a wedge scanner's burst
      await session.scan('3017620422003'); // a serial scanner
    } finally {
      stop();
    }
    expect(seen).toEqual([{ input: '', last: fx.shop.wine.id }, { input: '', last: fx.shop.nutella.id }]);
  });
});
