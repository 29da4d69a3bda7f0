// The back office's stock screens, drawn from their state: the small menu,
// the entry line of receive/adjust/count with what was done or counted, and
// the low-stock list.
import { Box, Text } from 'ink';
import { formatQuantity } from '../../core/basics/quantity.js';
import type { Locale } from '../../core/basics/money.js';
import { InputLine } from '../components/InputLine.js';
import { fit } from '../layout.js';
import { STOCK_MODES, type StockState } from './stock-screen.js';
import { stockText, type StockTextKey } from './stock-text.js';
import { windowStart } from '../list-cursor.js';

/** The key hints of the stock screen's current view. */
export function stockHint(state: StockState | null, locale: Locale): string {
  const key: StockTextKey =
    !state || state.view === 'menu' ? 'h.menu' : state.view === 'low' ? 'h.low' : state.view === 'count' ? 'h.count' : state.view === 'adjust' ? 'h.adjust' : 'h.entry';
  return stockText(locale, key);
}

/** Right-aligned number columns, the name taking what is left. */
function row(cells: string[], widths: number[], width: number): string {
  const nameWidth = Math.max(10, width - widths.reduce((s, w) => s + w + 1, 0));
  return fit([fit(cells[0]!, nameWidth), ...cells.slice(1).map((c, i) => c.slice(0, widths[i]).padStart(widths[i]!))].join(' '), width);
}

export function StockView(props: { state: StockState; width: number; height: number; locale: Locale }) {
  const { state, width, height, locale } = props;
  const t = (key: StockTextKey, vars?: Record<string, string | number>) => stockText(locale, key, vars);
  if (state.view === 'menu') {
    return (
      <Box flexDirection="column">
        {STOCK_MODES.map((m, i) => (
          <Text key={m} inverse={i === state.menuIndex}>
            {fit(`  ${t(`mode.${m}`)}`, width)}
          </Text>
        ))}
      </Box>
    );
  }
  if (state.view === 'low') {
    const widths = [11, 11, 11, 18];
    const room = Math.max(1, height - 2);
    const start = windowStart(state.index, state.low.length, room);
    return (
      <Box flexDirection="column">
        <Text bold>{fit(t('mode.low'), width)}</Text>
        <Text dimColor>{row([t('col.article'), t('col.stock'), t('col.min'), t('col.onOrder'), t('col.supplier')], widths, width)}</Text>
        {state.low.slice(start, start + room - 1).map((r, i) => (
          <Text key={r.articleId} inverse={start + i === state.index} color={r.stockQty <= 0 ? 'red' : undefined}>
            {row(
              [r.name, formatQuantity(r.stockQty, r.unit, locale), formatQuantity(r.minStock, r.unit, locale), formatQuantity(r.onOrder, r.unit, locale), r.supplier],
              widths,
              width,
            )}
          </Text>
        ))}
        {state.low.length === 0 ? <Text dimColor>{t('low.none')}</Text> : null}
      </Box>
    );
  }
  const prompt =
    state.step === 'code'
      ? t('code')
      : `${fit(state.article?.name ?? '', 28).trimEnd()} · ${state.view === 'adjust' ? `${t('reason')} ${t(`reason.${state.reason}`)} · ` : ''}${t('quantity')}`;
  const room = Math.max(1, height - 3);
  return (
    <Box flexDirection="column">
      <Text bold>{fit(`${t(`mode.${state.view}`)}${state.view === 'adjust' ? ` (${t(`reason.${state.reason}`)})` : ''}`, width)}</Text>
      <InputLine prompt={prompt} value={state.input} width={width} />
      {state.view === 'count' ? (
        <>
          <Text dimColor>{row([t('col.article'), t('col.expected'), t('col.counted'), t('col.diff')], [11, 11, 11], width)}</Text>
          {state.countLines.slice(-room + 1).map((l) => (
            <Text key={l.articleId} color={l.difference < 0 ? 'red' : l.difference > 0 ? 'green' : undefined}>
              {row(
                [l.name, formatQuantity(l.expected, l.unit, locale), formatQuantity(l.counted, l.unit, locale), `${l.difference > 0 ? '+' : ''}${formatQuantity(l.difference, l.unit, locale)}`],
                [11, 11, 11],
                width,
              )}
            </Text>
          ))}
        </>
      ) : (
        state.done.slice(0, room).map((d, i) => (
          <Text key={i} dimColor={i > 0}>
            {fit(d.text, width)}
          </Text>
        ))
      )}
    </Box>
  );
}
