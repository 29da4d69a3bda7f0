// The back office's reports screen, drawn from its state: the list of
// reports with the period, or one report as aligned columns with a bar of
// each row's share of the best one, and the totals at the bottom.
import { Box, Text } from 'ink';
import { textBar } from '../../core/basics/text-bar.js';
import { InputLine } from '../components/InputLine.js';
import type { MessageKey, Translate } from '../i18n.js';
import { fit } from '../layout.js';
import { REPORT_KINDS, type ReportTable } from './report-table.js';
import type { ReportsState } from './reports-screen.js';
import { scrollStart } from '../list-cursor.js';

export function reportsHint(state: ReportsState | null): MessageKey {
  return state?.view === 'table' ? 'bo.h.report' : 'bo.h.reports';
}

/** Column widths fitting the cells; the widest text column gives way so the line fits. */
function layout(table: ReportTable, width: number): { line: (cells: string[]) => string; barWidth: number } {
  const all = [table.head, ...table.rows.map((r) => r.cells), ...(table.foot ? [table.foot] : [])];
  const widths = table.head.map((_, i) => Math.max(...all.map((cells) => (cells[i] ?? '').length)));
  const hasBar = table.rows.some((r) => r.value > 0);
  const used = () => widths.reduce((s, w) => s + w + 2, 0);
  const squeeze = table.left[table.left.length - 1] === table.head.length - 1 ? table.head.length - 1 : (table.left[0] ?? 0);
  const room = width - (hasBar ? 8 : 0);
  if (used() > room) widths[squeeze] = Math.max(6, widths[squeeze]! - (used() - room));
  const line = (cells: string[]) =>
    cells.map((c, i) => (table.left.includes(i) ? fit(c, widths[i]!) : c.slice(0, widths[i]).padStart(widths[i]!))).join('  ');
  return { line, barWidth: hasBar ? Math.max(5, Math.min(30, width - used())) : 0 };
}

export function ReportsView(props: { state: ReportsState; width: number; height: number; t: Translate }) {
  const { state, width, height, t } = props;
  if (state.view === 'table' && state.table) {
    const table = state.table;
    const { line, barWidth } = layout(table, width);
    const best = Math.max(1, ...table.rows.map((r) => r.value));
    const room = Math.max(1, height - (table.foot ? 5 : 3));
    const start = scrollStart(state.scroll, table.rows.length, room);
    return (
      <Box flexDirection="column">
        <Text bold>{fit(`${table.title}${table.rows.length > room ? ` (${start + 1}-${Math.min(table.rows.length, start + room)}/${table.rows.length})` : ''}`, width)}</Text>
        <Text dimColor>{fit(line(table.head), width)}</Text>
        {table.rows.slice(start, start + room).map((r, i) => (
          <Text key={start + i} color={r.value < 0 ? 'magenta' : undefined}>
            {fit(`${line(r.cells)}${barWidth ? `  ${textBar(r.value, best, barWidth)}` : ''}`, width)}
          </Text>
        ))}
        {table.rows.length === 0 ? <Text dimColor>{fit(table.empty, width)}</Text> : null}
        {table.foot ? (
          <>
            <Text dimColor>{'-'.repeat(Math.min(width, line(table.head).length))}</Text>
            <Text bold>{fit(line(table.foot), width)}</Text>
          </>
        ) : null}
      </Box>
    );
  }
  const periodLabel = t(`bo.r.p.${state.period}`);
  return (
    <Box flexDirection="column">
      {REPORT_KINDS.map((k, i) => (
        <Text key={k} inverse={i === state.kindIndex}>
          {fit(`  ${t(`bo.r.${k}`)}`, Math.min(width, 50))}
        </Text>
      ))}
      <Text> </Text>
      <Text bold>{fit(`${t('bo.r.period')} ◀ ${periodLabel} ▶`, width)}</Text>
      {state.period === 'custom' ? <InputLine prompt={t('bo.r.fromTo')} value={state.custom} width={width} /> : null}
    </Box>
  );
}
