// The back office's staff screen, drawn from its state: the employees (name,
// role, active, clocked in) or the form (create, or a PIN typed twice,
// masked).
import { Box, Text } from 'ink';
import type { Locale } from '../../core/basics/money.js';
import { FieldRow } from '../components/FieldRow.js';
import type { MessageKey } from '../i18n.js';
import { fit } from '../layout.js';
import { ROLE_LABELS } from '../../core/staff/staff.js';
import { staffFields, type StaffField, type StaffState } from './staff-screen.js';
import { windowStart } from '../list-cursor.js';

export function staffHint(state: StaffState | null): MessageKey {
  return state?.form ? 'bo.h.staffForm' : 'bo.h.staff';
}

const FIELD_LABELS: Record<StaffField, { fr: string; en: string }> = {
  name: { fr: 'Nom', en: 'Name' },
  role: { fr: 'Rôle (caissier, responsable, patron)', en: 'Role (cashier, manager, owner)' },
  pin: { fr: 'Code PIN (4 à 8 chiffres)', en: 'PIN (4 to 8 digits)' },
  confirm: { fr: 'Code PIN, encore', en: 'PIN again' },
};

export function StaffView(props: { state: StaffState; width: number; height: number; locale: Locale }) {
  const { state, width, height, locale } = props;
  const fr = locale === 'fr';
  if (state.form) {
    const form = state.form;
    const who = state.rows.find((r) => r.id === form.employeeId)?.name ?? '';
    const title = form.mode === 'create' ? (fr ? 'Nouvel employé' : 'New employee') : form.mode === 'pin' ? `${fr ? 'Nouveau code PIN de' : 'New PIN for'} ${who}` : `${fr ? 'Réactiver' : 'Reactivate'} ${who}`;
    return (
      <Box flexDirection="column">
        <Text bold>{fit(title, width)}</Text>
        {staffFields(form.mode).map((key, i) => (
          <FieldRow
            key={key}
            label={FIELD_LABELS[key][locale]}
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
  const line = (name: string, role: string, active: string, clocked: string) => fit(`${fit(name, Math.max(10, width - 40))} ${role.padEnd(13)} ${active.padEnd(8)} ${clocked}`, width);
  const room = Math.max(1, height - 1);
  const start = windowStart(state.index, state.rows.length, room);
  return (
    <Box flexDirection="column">
      <Text dimColor>{line(fr ? 'Nom' : 'Name', fr ? 'Rôle' : 'Role', fr ? 'Actif' : 'Active', fr ? 'Pointé' : 'Clocked in')}</Text>
      {state.rows.slice(start, start + room).map((r, i) => (
        <Text key={r.id} inverse={start + i === state.index} dimColor={!r.active}>
          {line(r.name, ROLE_LABELS[r.role][locale], r.active ? (fr ? 'oui' : 'yes') : fr ? 'non' : 'no', r.clockedIn ? (fr ? 'oui' : 'yes') : '')}
        </Text>
      ))}
    </Box>
  );
}
