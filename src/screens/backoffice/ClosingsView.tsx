// The back office's closings screen, drawn from its state: the past closings
// (number, kind, period, total TTC, grand total, difference), one closing or
// the X report as its printed lines, the cash count of a Z with expected,
// counted and difference, and the float / cash in / cash out form; under the
// list, the day's cash movements (the latest ones when they outgrow the room).
import { Box, Text } from 'ink';
import { localDateTime } from '../../core/basics/clock.js';
import { EURO_DENOMINATIONS } from '../../core/fiscal/closing.js';
import type { DayCashMovement } from '../../core/fiscal/closings.service.js';
import { formatMoney, type Locale } from '../../core/basics/money.js';
import { TextField } from '../components/TextField.js';
import { FieldRow } from '../components/FieldRow.js';
import type { MessageKey, Translate } from '../i18n.js';
import { fit, spread } from '../layout.js';
import { CASH_FIELDS, countOf, type ClosingsState } from './closings-screen.js';
import { scrollStart, windowStart } from '../list-cursor.js';

export function closingsHint(state: ClosingsState | null): MessageKey {
  switch (state?.view) {
    case 'show':
      return state.shown ? 'bo.h.closing' : 'bo.h.xReport';
    case 'count':
      return 'bo.h.count';
    case 'confirm':
      return state.pending?.kind === 'day' ? 'bo.h.confirm' : 'bo.h.confirmPeriod';
    case 'cash':
      return 'bo.h.cashForm';
    default:
      return 'bo.h.closings';
  }
}

export function ClosingsView(props: { state: ClosingsState; width: number; height: number; locale: Locale; t: Translate }) {
  const { state, width, height, locale, t } = props;
  const money = (c: number) => formatMoney(c, locale, { symbol: false });
  if (state.view === 'show') {
    const room = Math.max(1, height);
    const start = scrollStart(state.scroll, state.lines.length, room);
    return (
      <Box flexDirection="column">
        {state.lines.slice(start, start + room).map((l, i) => (
          <Text key={start + i} bold={start + i === 0}>
            {fit(l, width)}
          </Text>
        ))}
      </Box>
    );
  }
  if ((state.view === 'count' || state.view === 'confirm') && state.count) {
    const form = state.count;
    const counted = countOf(form);
    const cash = typeof counted === 'string' ? null : counted.cash;
    const rows = [...EURO_DENOMINATIONS.map((d, i) => ({ label: formatMoney(d, locale), value: form.counts[i]! })), { label: t('bo.z.orTotal'), value: form.total }];
    // Two columns of denominations keep the whole count on an 80x24 screen.
    const half = Math.ceil(rows.length / 2);
    const cell = (i: number) => {
      const r = rows[i];
      if (!r) return null;
      const sub = i < EURO_DENOMINATIONS.length && r.value !== '' && /^\d+$/.test(r.value) ? money(EURO_DENOMINATIONS[i]! * Number(r.value)) : '';
      const active = i === form.index && state.view === 'count';
      return (
        <Box width={40}>
          <Text>{`${active ? '▶' : ' '} ${r.label.padStart(9)} x `}</Text>
          <TextField value={r.value} focus={active} width={8} />
          <Text>{` ${sub.padStart(10)}`}</Text>
        </Box>
      );
    };
    const diff = cash === null ? null : cash - form.expected;
    return (
      <Box flexDirection="column">
        <Text bold>{fit(t('bo.z.zOf', { date: form.date }), width)}</Text>
        {Array.from({ length: half }, (_, i) => (
          <Box key={i} width={width}>
            {cell(i)}
            {cell(i + half)}
          </Box>
        ))}
        <Text> </Text>
        <Text>{spread(t('bo.z.expected'), money(form.expected), Math.min(width, 50))}</Text>
        <Text>{spread(t('bo.z.counted'), cash === null ? '?' : money(cash), Math.min(width, 50))}</Text>
        <Text bold color={diff === null || diff === 0 ? undefined : diff < 0 ? 'red' : 'yellow'}>
          {spread(t('bo.z.difference'), diff === null ? '?' : `${diff > 0 ? '+' : ''}${money(diff)}`, Math.min(width, 50))}
        </Text>
      </Box>
    );
  }
  if (state.view === 'cash' && state.cash) {
    const form = state.cash;
    const labels = { amount: t('bo.z.amount'), reason: t('bo.z.reason') };
    return (
      <Box flexDirection="column">
        <Text bold>{fit(t(`bo.z.cash.${form.kind}`), width)}</Text>
        {CASH_FIELDS.map((key, i) => (
          <FieldRow key={key} label={labels[key]} labelWidth={16} value={form.values[key]} active={i === form.index} width={width} />
        ))}
      </Box>
    );
  }
  const line = (seq: string, kind: string, period: string, total: string, grand: string, diff: string) =>
    `${seq.padStart(5)}  ${kind.padEnd(6)} ${period.padEnd(10)} ${total.padStart(13)} ${grand.padStart(15)} ${diff.padStart(10)}`;
  // The movements take at most a third of the room, the closings the rest.
  const moves = state.movements.slice(-Math.max(1, Math.floor(height / 3) - 1));
  const room = Math.max(1, height - 1 - (moves.length + 1));
  const start = windowStart(state.index, state.closings.length, room);
  return (
    <Box flexDirection="column" height={Math.max(1, height)}>
      <Text dimColor>{fit(line('N°', t('bo.z.kind'), t('bo.z.period'), 'Total TTC', t('bo.z.grandTotal'), t('bo.z.diff')), width)}</Text>
      {state.closings.slice(start, start + room).map((c, i) => (
        <Text key={c.id} inverse={start + i === state.index}>
          {fit(line(String(c.seq), t(`bo.z.kind.${c.kind}`), c.period, money(c.total), money(c.grandTotal), c.totals.difference === null ? '' : money(c.totals.difference)), width)}
        </Text>
      ))}
      {state.closings.length === 0 ? <Text dimColor>{t('bo.z.none')}</Text> : null}
      <Box flexGrow={1} />
      <CashMovements all={state.movements} shown={moves} width={width} locale={locale} t={t} />
    </Box>
  );
}

/** Today's float, cash in and cash out: time, kind, amount (out as minus), who, reason. */
function CashMovements(props: { all: DayCashMovement[]; shown: DayCashMovement[]; width: number; locale: Locale; t: Translate }) {
  const { all, shown, width, locale, t } = props;
  if (all.length === 0) {
    return <Text dimColor>{fit(t('bo.z.noMovement'), width)}</Text>;
  }
  const more = all.length > shown.length;
  const title = t(more ? 'bo.z.movementsLast' : 'bo.z.movements', { n: all.length, shown: shown.length });
  return (
    <Box flexDirection="column">
      <Text bold>{fit(title, width)}</Text>
      {shown.map((m) => {
        const amount = formatMoney(m.kind === 'out' ? -m.amount : m.amount, locale, { symbol: false });
        const time = localDateTime(new Date(m.createdAt)).slice(11, 16);
        return <Text key={m.id}>{fit(`${time}  ${t(`bo.z.cash.${m.kind}`).padEnd(16)} ${amount.padStart(10)}  ${fit(m.employeeName ?? '', 16)} ${m.reason}`, width)}</Text>;
      })}
    </Box>
  );
}
