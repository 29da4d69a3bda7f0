// The till reads its grid a page at a time (issue #19), through a real core:
// arrows past the page's edge bring the next page from the database, and the
// article under the cursor is the one sold.
import { jest } from '@jest/globals';
import { ENGINES } from '../helpers/engines.js';
import { tillFixture } from '../helpers/shop.js';

const RIGHT = '\u001b[C';
const DOWN = '\u001b[B';

describe.each(ENGINES)('the grid by pages (%s)', (engine) => {
  const fx = tillFixture(engine);

  test('two cells a page: arrows cross pages, each read from the database, and Enter sells the article shown under the cursor', async () => {
    const grocery = (await fx.core.categories.visible())[0]!;
    for (const name of ['Cacao', 'Amande', 'Biscuit']) {
      await fx.core.catalog.createArticle({ name, categoryId: grocery.id, price: 200, taxRateId: fx.shop.nutella.taxRateId });
    }
    const reads = jest.spyOn(fx.core.catalog, 'gridPage');
    const { session, type } = await fx.till({ pin: '0000', gridColumns: 2, gridPageSize: 2 });
    const shown = () => ({ names: session.getState().gridArticles.map((a) => a.name), offset: session.getState().gridOffset, count: session.getState().gridCount });
    expect(shown()).toEqual({ names: ['Pâte à tartiner noisette', 'Comté 18 mois'], offset: 0, count: 5 });
    await type(RIGHT);
    expect(session.getState().gridCursor).toBe(1);
    const readsBefore = reads.mock.calls.length;
    await type(RIGHT);
    expect(reads.mock.calls.length).toBe(readsBefore + 1);
    expect(shown()).toEqual({ names: ['Amande', 'Biscuit'], offset: 2, count: 5 });
    expect(session.getState().gridCursor).toBe(2);
    await type(DOWN);
    expect(shown()).toEqual({ names: ['Cacao'], offset: 4, count: 5 });
    await type(DOWN);
    expect(session.getState().gridCursor).toBe(4);
    await type('\r');
    expect(session.getState().ticket.lines.map((l) => l.name)).toEqual(['Cacao']);
    reads.mockRestore();
  });
});
