// `pos backoffice`: the back office alone, for the back-room terminal.
import { useApp, useStdout } from 'ink';
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import type { Locale } from '../../core/basics/money.js';
import type { KeyEvent } from '../keys.js';
import { TextFieldKeysContext } from '../components/text-field-keys.js';
import type { Theme } from '../theme.js';
import { useKeys } from '../use-keys.js';
import { BackOfficeScreen } from './BackOfficeScreen.js';
import type { BackOfficeSession } from './backoffice-session.js';

export function BackOfficeApp(props: { session: BackOfficeSession; theme: Theme; locale: Locale; shopName: string; size?: { columns: number; rows: number } }) {
  const { session } = props;
  const state = useSyncExternalStore(session.subscribe, session.getState);
  const { stdout } = useStdout();
  const { exit } = useApp();
  const onKeys = useCallback((events: KeyEvent[]) => void session.feed(events), [session]);
  const onFieldEdit = useCallback((events: KeyEvent[]) => void session.editField(events), [session]);
  const fieldKeys = useKeys(onKeys, onFieldEdit);
  useEffect(() => {
    if (state.closed) exit();
  }, [state.closed, exit]);
  const columns = Math.max(80, props.size?.columns ?? stdout.columns ?? 80);
  const rows = Math.max(24, props.size?.rows ?? stdout.rows ?? 24);
  // The forms' TextFields take their typing through fieldKeys, into the same session.feed.
  return (
    <TextFieldKeysContext.Provider value={fieldKeys}>
      <BackOfficeScreen session={session} width={columns} height={rows - 1} theme={props.theme} locale={props.locale} shopName={props.shopName} />
    </TextFieldKeysContext.Provider>
  );
}
