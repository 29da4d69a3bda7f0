// The back office's customer groups, drawn from their state: the list (name,
// discount, price level, customers, promotions; the default group marked) or
// the group's form.
import { Box, Text } from 'ink';
import type { Locale } from '../../core/basics/money.js';
import { formatRate } from '../../core/catalogue/vat.js';
import { FieldRow } from '../components/FieldRow.js';
import type { MessageKey, Translate } from '../i18n.js';
import { fit } from '../layout.js';
import { windowStart } from '../list-cursor.js';
import { GROUP_FIELDS, type GroupsState } from './groups-screen.js';

export function groupsHint(state: GroupsState | null): MessageKey {
  return state?.form ? 'bo.h.groupForm' : 'bo.h.groups';
}

export function GroupsView(props: { state: GroupsState; width: number; height: number; locale: Locale; t: Translate }) {
  const { state, width, locale, t } = props;
  if (state.form) {
    const form = state.form;
    return (
      <Box flexDirection="column">
        <Text bold>{fit(form.name === null ? t('bo.g.new') : `${t('bo.g.edit')} « ${form.name} »`, width)}</Text>
        {GROUP_FIELDS.map((key, i) => (
          <FieldRow key={key} label={t(`bo.g.f.${key}`)} labelWidth={30} value={form.values[key]} active={i === form.index} width={width} />
        ))}
        <Text> </Text>
        <Text dimColor>{fit(t('bo.g.note'), width)}</Text>
      </Box>
    );
  }
  // heading, blank line and the note take three lines
  const room = Math.max(3, props.height - 3);
  const start = windowStart(state.index, state.rows.length, room);
  const nameWidth = Math.max(16, width - 52);
  const line = (name: string, discount: string, level: string, customers: string, promotions: string) =>
    fit(`${fit(name, nameWidth)} ${discount.padStart(8)}  ${fit(level, 16)} ${customers.padStart(9)} ${promotions.padStart(8)}`, width);
  return (
    <Box flexDirection="column">
      <Text dimColor>{line(t('bo.g.name'), t('bo.g.discount'), t('bo.g.priceLevel'), t('bo.g.customers'), t('bo.g.promotions'))}</Text>
      {state.rows.slice(start, start + room).map((g, i) => (
        <Text key={g.id} inverse={start + i === state.index} bold={state.confirming === g.name}>
          {line(`${g.name}${g.isDefault ? ` ${t('bo.g.default')}` : ''}`, g.discountBp ? formatRate(g.discountBp, locale) : '', g.priceLevel ?? '', String(g.customers), String(g.promotions))}
        </Text>
      ))}
      <Text> </Text>
      <Text dimColor>{fit(t('bo.g.note'), width)}</Text>
    </Box>
  );
}
