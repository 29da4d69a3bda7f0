// The back office's permission table, drawn from its state: each guarded
// action, the least role it needs (starred where the shop changed it) and the
// default, with a note saying who may change it.
import { Box, Text } from 'ink';
import { DEFAULT_PERMISSIONS } from '../../core/permissions.js';
import type { MessageKey, Translate } from '../i18n.js';
import { fit } from '../layout.js';
import type { PermissionsState } from './permissions-screen.js';

export function permissionsHint(state: PermissionsState | null): MessageKey {
  return state?.readOnly ? 'bo.h.permissionsReadOnly' : 'bo.h.permissions';
}

export function PermissionsView(props: { state: PermissionsState; width: number; t: Translate }) {
  const { state, width, t } = props;
  const line = (action: string, role: string, byDefault: string) => fit(`${fit(action, Math.max(20, width - 34))} ${fit(role, 16)} ${byDefault}`, width);
  return (
    <Box flexDirection="column">
      <Text dimColor>{line(t('bo.p.action'), t('bo.p.role'), t('bo.p.default'))}</Text>
      {state.rows.map((r, i) => (
        <Text key={r.action} inverse={i === state.index} bold={r.changed}>
          {line(t(`perm.${r.action}`), `${t(`role.${r.role}`)}${r.changed ? ' *' : ''}`, t(`role.${DEFAULT_PERMISSIONS[r.action]}`))}
        </Text>
      ))}
      <Text> </Text>
      <Text dimColor>{fit(t('bo.p.changedMark'), width)}</Text>
      <Text dimColor>{fit(t(state.readOnly ? 'bo.p.readOnly' : 'bo.p.ownerNote'), width)}</Text>
    </Box>
  );
}
