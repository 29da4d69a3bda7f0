// The real App drawn by ink-testing-library around a till session, at a fixed
// size and clock, with keys typed through its stdin as a terminal would send them.
import { render } from 'ink-testing-library';
import { App } from '../../src/screens/App.js';
import { makeTheme } from '../../src/screens/theme.js';
import type { TillSession } from '../../src/till/session.js';

export function renderApp(session: TillSession, size = { columns: 80, rows: 24 }) {
  const app = render(<App session={session} theme={makeTheme('none')} locale="fr" size={size} now={() => new Date(2026, 10, 22, 10, 30)} bell={() => {}} />);
  const frame = () => app.lastFrame() ?? '';
  /** writes raw keys to the App, then waits until the till (and its back office, when open) has handled them */
  const type = async (raw: string) => {
    app.stdin.write(raw);
    await new Promise((r) => setTimeout(r, 5));
    await session.idle();
    if (session.backOffice) await session.backOffice.idle();
  };
  return { app, frame, type };
}
