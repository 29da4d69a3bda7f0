// The till application: follows the terminal's size, feeds raw keys to the
// session, rings the bell on errors, and draws the screen the session is on.
import { useApp } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useSyncExternalStore } from 'react';
import { systemClock } from '../core/basics/clock.js';
import type { Locale } from '../core/basics/money.js';
import { BackOfficeScreen } from './backoffice/BackOfficeScreen.js';
import { HelpScreen } from './HelpScreen.js';
import { LoginScreen } from './LoginScreen.js';
import { ReturnScreen } from './ReturnScreen.js';
import { SaleScreen } from './SaleScreen.js';
import type { KeyEvent } from './keys.js';
import { saleLayout, type ScreenSize } from './layout.js';
import { useTerminalSize } from './use-terminal-size.js';
import type { Theme } from './theme.js';
import type { TillSession } from '../till/session.js';
import { useKeys } from './use-keys.js';
import { TextFieldKeysContext } from './components/text-field-keys.js';
import { useMinuteClock } from './use-minute-clock.js';

/** The terminal bell, on stderr (the same terminal) so it never lands inside a frame. */
const ringBell = () => {
  process.stderr.write('\u0007');
};

export function App(props: {
  session: TillSession;
  theme: Theme;
  locale: Locale;
  size?: ScreenSize;
  now?: () => Date;
  onExit?: () => void;
  bell?: () => void;
}) {
  const { session, theme, locale } = props;
  const state = useSyncExternalStore(session.subscribe, session.getState);
  const size = useTerminalSize(props.size);
  // One layout object while the size holds: the memo panels (the grid) compare it by identity.
  const layout = useMemo(() => saleLayout(size), [size]);
  const { exit } = useApp();
  const bellSound = props.bell ?? ringBell;
  const now = useMinuteClock(props.now ?? systemClock);
  session.gridColumns = layout.columns;
  useEffect(() => session.setGridPageSize(layout.columns * layout.cellRows), [session, layout.columns, layout.cellRows]);

  const onKeys = useCallback(
    (events: KeyEvent[]) => {
      // Ctrl+C on the login screen quits the program; elsewhere it is ignored so a slip never loses a ticket.
      if (session.getState().screen === 'login' && events.some((e) => e.type === 'ctrl' && e.letter === 'c')) {
        props.onExit?.();
        exit();
        return;
      }
      void session.feed(events);
    },
    [session, exit, props],
  );
  // Dialog fields (the new customer's form, amounts) are typed through ink-text-input; the input line keeps the raw keys.
  const fields = useKeys(onKeys);
  // Changes made elsewhere reach the grid within 'live.pollSeconds' (TillSession.pollChanges).
  // This slow full re-read stays as a safety net for what the poll cannot see:
  // a writer whose clock runs more than the poll's overlap behind this till's
  // (tills on different machines), or an edit made outside the program.
  useEffect(() => {
    const timer = setInterval(() => void session.refreshCatalog(), 30_000);
    return () => clearInterval(timer);
  }, [session]);

  const bell = useRef(state.bell);
  useEffect(() => {
    if (state.bell !== bell.current) {
      bell.current = state.bell;
      bellSound();
    }
  }, [state.bell, bellSound]);

  if (state.screen === 'login') {
    return <LoginScreen state={state} width={layout.width} height={layout.height} theme={theme} t={session.t} />;
  }
  if (state.screen === 'backoffice' && session.backOffice) {
    return <BackOfficeScreen session={session.backOffice} width={layout.width} height={layout.height} theme={theme} locale={locale} shopName={state.shopName} />;
  }
  if (state.screen === 'help') {
    return <HelpScreen width={layout.width} height={layout.height} t={session.t} locale={locale} keys={state.keys} page={state.helpPage} />;
  }
  if (state.screen === 'receipt-return' && state.receiptReturn) {
    return <ReturnScreen state={state} layout={layout} theme={theme} locale={locale} t={session.t} />;
  }
  return (
    <TextFieldKeysContext.Provider value={fields}>
      <SaleScreen state={state} layout={layout} theme={theme} locale={locale} t={session.t} now={now} />
    </TextFieldKeysContext.Provider>
  );
}
