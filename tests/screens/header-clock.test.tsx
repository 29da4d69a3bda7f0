// The header clock moves: it shows the current minute within a second of
// its change, driven by a timer aimed at the minute boundary (jest's fake
// timers stand for the wall clock, so the test never waits a real minute).
import { jest } from '@jest/globals';
import { render } from 'ink-testing-library';
import { App } from '../../src/screens/App.js';
import { makeTheme } from '../../src/screens/theme.js';
import { msToNextMinute } from '../../src/screens/use-minute-clock.js';
import { tillFixture } from '../helpers/shop.js';

test('msToNextMinute aims at the next minute boundary', () => {
  expect(msToNextMinute(new Date(2026, 10, 22, 15, 53, 59, 500))).toBe(500);
  expect(msToNextMinute(new Date(2026, 10, 22, 15, 53, 0, 0))).toBe(60_000);
  expect(msToNextMinute(new Date(2026, 10, 22, 15, 53, 12, 250))).toBe(47_750);
});

describe('the header clock', () => {
  const fx = tillFixture();
  afterEach(() => {
    jest.useRealTimers();
  });

  test('shows 15:54 within a second of 15:53:59.5 turning, and 15:58 five minutes on', async () => {
    const { session } = await fx.till({ pin: '0000' });
    // Only the App's own timers are faked: the session (opened above) keeps real ones.
    jest.useFakeTimers({ now: new Date(2026, 10, 22, 15, 53, 59, 500), doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
    const app = render(<App session={session} theme={makeTheme('none')} locale="fr" size={{ columns: 80, rows: 24 }} bell={() => {}} />);
    const header = () => (app.lastFrame() ?? '').split('\n')[0]!;
    // React flushes effects and renders on setImmediate (left real): let it run after each step.
    const settle = () => new Promise((r) => setImmediate(r)).then(() => new Promise((r) => setImmediate(r)));
    const advance = async (ms: number) => {
      await settle();
      jest.advanceTimersByTime(ms);
      await settle();
    };
    expect(header()).toContain('22/11 15:53');
    await advance(400);
    expect(header()).toContain('15:53');
    await advance(1000); // 15:54:00.900
    expect(header()).toContain('22/11 15:54');
    await advance(4 * 60_000); // 15:58:00.900, after three sales in real life
    expect(header()).toContain('22/11 15:58');
    app.unmount();
  });
});
