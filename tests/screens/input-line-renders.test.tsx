// Issue #19, "draw only what changed": a key on the input line redraws the
// input line, not the panels around it. The panels are memo components; they
// stay still only if what the sale screen hands them keeps its identity from
// one key to the next (the till state's slices, one layout object). Here the
// real App runs over a real session whose state slices are watched: a panel
// drawn again reads its slice, a panel left alone does not.
import { render } from 'ink-testing-library';
import { App } from '../../src/screens/App.js';
import { makeTheme } from '../../src/screens/theme.js';
import type { TillState } from '../../src/till/state.js';
import type { TillSession } from '../../src/till/session.js';
import { tillFixture } from '../helpers/shop.js';

const fx = tillFixture();

/** Reads of each watched slice, counted by property name (`grid.slice`, `ticket.lines`…). */
function watcher() {
  const reads = new Map<string, number>();
  const proxies = new WeakMap<object, object>();
  const watch = <T extends object>(name: string, value: T): T => {
    let proxy = proxies.get(value);
    if (!proxy) {
      proxy = new Proxy(value, {
        get(target, key, receiver) {
          if (typeof key === 'string') reads.set(`${name}.${key}`, (reads.get(`${name}.${key}`) ?? 0) + 1);
          return Reflect.get(target, key, receiver) as unknown;
        },
      });
      proxies.set(value, proxy);
    }
    return proxy as T;
  };
  return { reads, watch };
}

test('typing on the input line leaves the grid, the ticket and the status bar alone', async () => {
  const { session, type } = await fx.till({ pin: '0000' });
  await type('101\r201\r');
  const { reads, watch } = watcher();
  // The App sees the session's state with its panels' slices watched; the same slice, the same proxy.
  let seen: TillState | null = null;
  let shown: TillState | null = null;
  const watched = (): TillState => {
    const state = session.getState();
    if (state !== seen) {
      seen = state;
      shown = { ...state, gridArticles: watch('grid', state.gridArticles), ticket: watch('ticket', state.ticket), totals: watch('totals', state.totals), printer: watch('printer', state.printer) };
    }
    return shown!;
  };
  const view = {
    t: session.t,
    subscribe: session.subscribe,
    getState: watched,
    feed: (events: Parameters<TillSession['feed']>[0]) => session.feed(events),
    refreshCatalog: () => session.refreshCatalog(),
    setGridPageSize: (size: number) => session.setGridPageSize(size),
    backOffice: null,
    set gridColumns(columns: number) {
      session.gridColumns = columns;
    },
  } as unknown as TillSession;
  const app = render(<App session={view} theme={makeTheme('none')} locale="fr" size={{ columns: 80, rows: 24 }} now={() => new Date(2026, 10, 22, 10, 30)} bell={() => {}} />);
  const frame = () => app.lastFrame() ?? '';
  expect(frame()).toContain('Pâte à tartiner');
  // The first frame read every panel's slice.
  expect(reads.get('grid.slice')).toBeGreaterThan(0);
  expect(reads.get('ticket.lines')).toBeGreaterThan(0);
  expect(reads.get('printer.description')).toBeGreaterThan(0);
  reads.clear();

  for (const key of '123') {
    app.stdin.write(key);
    await new Promise((r) => setTimeout(r, 5));
    await session.idle();
  }
  expect(frame()).toMatch(/^> 123/m);
  expect([...reads.keys()]).toEqual([]);
  app.unmount();
});
