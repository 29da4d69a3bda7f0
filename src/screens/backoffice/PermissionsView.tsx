// The back office's permission table, drawn from its state: each guarded
// action, the least role it needs (starred where the shop changed it) and the
// default, with a note saying who may change it. The table is longer than an
// 80x24 screen: it shows the window of rows around the cursor, with a
// position marker ("7-20/24").
import { Box, Text } from 'ink';
import { DEFAULT_PERMISSIONS } from '../../core/staff/permissions.js';
import type { MessageKey, Translate } from '../i18n.js';
import { fit } from '../layout.js';
import type { PermissionsState } from './permissions-screen.js';
import { windowStart } from '../list-cursor.js';

export function permissionsHint(state: PermissionsState | null): MessageKey {
  return state?.readOnly ? 'bo.h.permissionsReadOnly' : 'bo.h.permissions';
}

export function PermissionsView(props: { state: PermissionsState; width: number; height: number; t: Translate }) {
  const { state, width, t } = props;
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
