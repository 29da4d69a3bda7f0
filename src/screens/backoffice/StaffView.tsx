// The back office's staff screen, drawn from its state: the employees (name,
// role, active, clocked in, shops) or the form (create, a PIN typed twice,
// masked, or the shops they work in).
import { Box, Text } from 'ink';
import type { Locale } from '../../core/basics/money.js';
import { FieldRow } from '../components/FieldRow.js';
import type { MessageKey, Translate } from '../i18n.js';
import { fit } from '../layout.js';
import { ROLE_LABELS } from '../../core/staff/staff.js';
import { shopCodesOf, staffFields, type StaffRow, type StaffState } from './staff-screen.js';
import { windowStart } from '../list-cursor.js';

export function staffHint(state: StaffState | null): MessageKey {
  return state?.form ? 'bo.h.staffForm' : 'bo.h.staff';
}

export function StaffView(props: { state: StaffState; width: number; height: number; locale: Locale; t: Translate }) {
  const { state, width, height, locale, t } = props;
  if (state.form) {
    const form = state.form;
    const who = state.rows.find((r) => r.id === form.employeeId)?.name ?? '';
    const title = form.mode === 'create' ? t('bo.s.new') : t(form.mode === 'pin' ? 'bo.s.newPin' : form.mode === 'shops' ? 'bo.s.shopsOf' : 'bo.s.reactivate', { name: who });
    return (
      <Box flexDirection="column">
        <Text bold>{fit(title, width)}</Text>
        {staffFields(form.mode).map((key, i) => (
          <FieldRow
            key={key}
            label={t(`bo.s.f.${key}`)}
            labelWidth={38}
            value={form.values[key]}
            active={i === form.index}
            width={width}
            mask={key === 'pin' || key === 'confirm' ? '•' : undefined}
          />
        ))}
      </Box>
    );
  }
  // The shops come last: a long list is cut at the edge, never the name.
  const line = (name: string, role: string, active: string, clocked: string, shops: string) =>
    fit(`${fit(name, Math.max(10, width - 56))} ${role.padEnd(13)} ${active.padEnd(8)} ${clocked.padEnd(11)} ${shops}`, width);
  const shopsText = (r: StaffRow) => {
    const codes = shopCodesOf(r.shops, state.shops);
    // An owner works in every shop whatever the assignments say.
    return r.role === 'owner' ? t('bo.s.allShops') : codes || '—';
  };
  const room = Math.max(1, height - 1);
  const start = windowStart(state.index, state.rows.length, room);
  return (
    <Box flexDirection="column">
      <Text dimColor>{line(t('bo.s.name'), t('bo.s.role'), t('bo.s.active'), t('bo.s.clockedIn'), t('bo.s.shops'))}</Text>
      {state.rows.slice(start, start + room).map((r, i) => (
        <Text key={r.id} inverse={start + i === state.index} dimColor={!r.active}>
          {line(r.name, ROLE_LABELS[r.role][locale], t(r.active ? 'bo.yes' : 'bo.no'), r.clockedIn ? t('bo.yes') : '', shopsText(r))}
        </Text>
      ))}
    </Box>
  );
}
