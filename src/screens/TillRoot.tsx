// The till's whole screen: its login screen while it starts (till-start.ts),
// then the application once its session has started.
import { useApp } from 'ink';
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import type { Locale } from '../core/basics/money.js';
import { App } from './App.js';
import { translator } from './i18n.js';
import type { KeyEvent } from './keys.js';
import { saleLayout } from './layout.js';
import { LoginScreen, type LoginView } from './LoginScreen.js';
import type { Theme } from './theme.js';
import type { TillStart } from './till-start.js';
import { useKeys } from './use-keys.js';
import { useTerminalSize } from './use-terminal-size.js';

interface RootProps {
  start: TillStart;
  theme: Theme;
  locale: Locale;
  tillId: number;
  /** told when the cashier quits (Ctrl+C on the login screen), whether or not the till had started */
  onExit: () => void;
}

export function TillRoot(props: RootProps) {
  const session = useSyncExternalStore(props.start.subscribe, props.start.getSession);
  if (session) return <App session={session} theme={props.theme} locale={props.locale} onExit={props.onExit} />;
  return <StartingScreen {...props} />;
}

function StartingScreen({ start, theme, locale, tillId, onExit }: RootProps) {
  const step = useSyncExternalStore(start.subscribe, start.getStep);
  const size = useTerminalSize();
  const layout = useMemo(() => saleLayout(size), [size]);
  const t = useMemo(() => translator(locale), [locale]);
  const { exit } = useApp();
  const onKeys = useCallback(
    (events: KeyEvent[]) => {
      // As on the login screen: Ctrl+C quits (nothing is open yet to lose).
      if (events.some((e) => e.type === 'ctrl' && e.letter === 'c')) {
        onExit();
        exit();
        return;
      }
      start.keys(events);
    },
    [start, exit, onExit],
  );
  useKeys(onKeys);
  const view: LoginView = {
    shopName: '',
    tillName: `Caisse ${tillId}`,
    pin: '',
    message: { kind: 'info', text: t(step === 'seeding' ? 'login.seeding' : 'login.opening') },
  };
  return <LoginScreen state={view} width={layout.width} height={layout.height} theme={theme} t={t} />;
}
