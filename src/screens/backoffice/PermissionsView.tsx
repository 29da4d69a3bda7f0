// The back office's permission table, drawn from its state: each guarded
// action, the least role it needs (starred where the shop changed it) and the
// default, with a note saying who may change it. The table is longer than an
// 80x24 screen: it shows the window of rows around the cursor, with a
// position marker ("7-20/24").
import { Box, Text } from 'ink';
import { localDate } from '../../core/basics/clock.js';
import { DEFAULT_PERMISSIONS } from '../../core/staff/permissions.js';
import type { MessageKey, Translate } from '../i18n.js';
import { fit } from '../layout.js';
import type { PermissionsState } from './permissions-screen.js';
import { windowStart } from '../list-cursor.js';

export function permissionsHint(state: PermissionsState | null): MessageKey {
  if (state?.tokens) return state.readOnly ? 'bo.h.tokensReadOnly' : 'bo.h.tokens';
  return state?.readOnly ? 'bo.h.permissionsReadOnly' : 'bo.h.permissions';
}

/** An instant as the shop's clock reads it: 2026-12-07 17:42. */
const localMinute = (iso: string) => {
  const at = new Date(iso);
  return `${localDate(at)} ${at.toTimeString().slice(0, 5)}`;
};

/** The API tokens (Tab on the rights): name, role, what it reaches, expiry, last use, state. */
function TokensView(props: { tokens: NonNullable<PermissionsState['tokens']>; readOnly: boolean; width: number; height: number; t: Translate }) {
  const { tokens, width, t } = props;
  const room = Math.max(3, props.height - 5);
  const start = windowStart(tokens.index, tokens.rows.length, room);
  const shown = tokens.rows.slice(start, start + room);
  const nameWidth = Math.max(8, width - 63);
  const line = (name: string, role: string, scopes: string, expires: string, used: string, state: string) =>
    fit(`${fit(name, nameWidth)} ${fit(role, 11)} ${fit(scopes, 14)} ${fit(expires, 10)} ${fit(used, 16)} ${state}`, width);
  return (
    <Box flexDirection="column">
      <Text bold>{fit(t('bo.tk.title'), width)}</Text>
      <Text dimColor>{line(t('bo.tk.name'), t('bo.tk.role'), t('bo.tk.scopes'), t('bo.tk.expires'), t('bo.tk.lastUsed'), t('bo.tk.state'))}</Text>
      {shown.length === 0 ? <Text>{fit(t('bo.tk.none'), width)}</Text> : null}
      {shown.map((r, i) => (
        <Text key={r.token.id} inverse={start + i === tokens.index} dimColor={r.state !== 'active'}>
          {line(
            r.token.name,
            t(`role.${r.token.role}`),
            r.token.scopes.length === 0 ? t('bo.tk.allScopes') : r.token.scopes.join(','),
            r.token.expiresOn ?? '—',
            r.token.lastUsedAt ? localMinute(r.token.lastUsedAt) : '—',
            t(`bo.tk.state.${r.state}`),
          )}
        </Text>
      ))}
      <Text dimColor>{' '}</Text>
      <Text dimColor>{fit(t(props.readOnly ? 'bo.p.readOnly' : 'bo.tk.ownerNote'), width)}</Text>
    </Box>
  );
}

export function PermissionsView(props: { state: PermissionsState; width: number; height: number; t: Translate }) {
  const { state, width, t } = props;
  if (state.tokens) return <TokensView tokens={state.tokens} readOnly={state.readOnly} width={width} height={props.height} t={t} />;
  // heading, blank line and the two notes take four lines
  const room = Math.max(3, props.height - 4);
  const start = windowStart(state.index, state.rows.length, room);
  const shown = state.rows.slice(start, start + room);
  // where the window is, when the table does not fit: "1-16/23 ↓"
  const more = `${start > 0 ? '↑' : ''}${start + shown.length < state.rows.length ? '↓' : ''}`;
  const position = state.rows.length > room ? `${start + 1}-${start + shown.length}/${state.rows.length} ${more}` : '';
  const line = (action: string, role: string, byDefault: string) => fit(`${fit(action, Math.max(20, width - 34))} ${fit(role, 16)} ${byDefault}`, width);
  return (
    <Box flexDirection="column">
      <Text dimColor>{line(t('bo.p.action'), t('bo.p.role'), t('bo.p.default'))}</Text>
      {shown.map((r, i) => (
        <Text key={r.action} inverse={start + i === state.index} bold={r.changed}>
          {line(t(`perm.${r.action}`), `${t(`role.${r.role}`)}${r.changed ? ' *' : ''}`, t(`role.${DEFAULT_PERMISSIONS[r.action]}`))}
        </Text>
      ))}
      <Text dimColor>{position ? position.padStart(width - 1) : ' '}</Text>
      <Text dimColor>{fit(t('bo.p.changedMark'), width)}</Text>
      <Text dimColor>{fit(t(state.readOnly ? 'bo.p.readOnly' : 'bo.p.ownerNote'), width)}</Text>
    </Box>
  );
}
