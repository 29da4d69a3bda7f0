// Sign-in by PIN alone: no list of employees on screen, the PIN is masked.
import { Box, Text } from 'ink';
import type { Translate } from './i18n.js';
import { fit } from './layout.js';
import { tillLabel } from './till-name.js';
import type { Theme } from './theme.js';
import type { TillState } from '../till/state.js';
import { InputLine } from './components/InputLine.js';

/** What the login screen shows of the till's state (the till starting shows it before there is a session). */
export type LoginView = Pick<TillState, 'shopName' | 'tillName' | 'pin' | 'message'>;

export function LoginScreen(props: { state: LoginView; width: number; height: number; theme: Theme; t: Translate; prompt?: string }) {
  const { state, width, t, theme } = props;
  const message = state.message;
  return (
    <Box flexDirection="column" width={width} height={props.height}>
      <Text bold inverse>
        {fit(` ${state.shopName ? `${state.shopName} · ` : ''}${tillLabel(state.tillName, t)}`, width)}
      </Text>
      <Box flexGrow={1} />
      <Box flexDirection="column" paddingLeft={Math.max(0, Math.floor(width / 2) - 20)}>
        <Text bold>{props.prompt ?? t('login.title')}</Text>
        <Text dimColor>{t('login.hint')}</Text>
        <Text dimColor>{t('login.clockHint')}</Text>
        <Text> </Text>
        <InputLine prompt={t('login.prompt')} value={state.pin} width={40} mask />
        <Text color={message?.kind === 'error' ? theme.color('error') : undefined} bold={message?.kind === 'error'}>
          {fit(message?.text ?? '', 40)}
        </Text>
      </Box>
      <Box flexGrow={1} />
    </Box>
  );
}
